"""Command line (Typer). Commands call services only."""
