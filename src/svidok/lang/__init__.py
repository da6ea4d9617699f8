"""Language awareness: identification of a document's language (and of its segments)."""
