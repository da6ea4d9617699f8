"""Cross-source linking: mentions from many documents become incidents.

Pure functions on model objects (no database, no spaCy). See `linker.link_mentions`.
"""

from svidok.link.linker import incident_id, link_mentions, mention_id

__all__ = ["incident_id", "link_mentions", "mention_id"]
