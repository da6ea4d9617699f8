"""Use cases. The CLI, the web app and the batch runner call only these."""
