"""Handing out an original file: only after its bytes are checked, and always on the record.

Who may download originals is the web policy's decision (svidok.web.policy); this records that it
happened: every download appends a custody event naming the user and the object's hash.
"""

from __future__ import annotations

import hashlib

from svidok.db import repo
from svidok.model import Document
from svidok.services.case import Case
from svidok.services.custody_log import append_event

__all__ = ["OriginalDamaged", "OriginalError", "download"]


class OriginalError(LookupError):
    """No original to hand out; message is one line."""


class OriginalDamaged(OriginalError):
    """The stored bytes no longer match their hash."""


def download(case: Case, document_id: str, user: str, role: str) -> tuple[Document, bytes]:
    """The document and its original bytes, after appending an "original_downloaded" event. For a
    document that is one part of a larger original (a message of a Telegram export) that is the
    whole original, as preserved.

    Raises OriginalError for an unknown document, a missing object, or bytes that no longer match
    their hash (then `svidok verify` names the damage; nobody gets altered evidence silently)."""
    with case.connect() as conn:
        doc = repo.get_document(conn, document_id)
    if doc is None or not case.store.exists(doc.stored_object):
        raise OriginalError(f"{document_id}: no such document")
    data = case.store.get(doc.stored_object)
    if hashlib.sha256(data).hexdigest() != doc.stored_object:
        raise OriginalDamaged(f"{document_id}: the stored original does not match its hash; "
                              "run svidok verify")
    with case.begin() as conn:
        append_event(conn, "original_downloaded", doc.stored_object,
                     {"user": user, "role": role, "document_id": doc.id}, actor=user)
    return doc, data
