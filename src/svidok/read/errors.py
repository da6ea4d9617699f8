"""The one error type the readers raise."""

from __future__ import annotations


class ReadError(Exception):
    """Bytes that cannot be turned into text; the message is a one-line reason naming the file."""

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = " ".join(reason.split())  # keep it on one line whatever the cause said
        super().__init__(f"{filename}: {self.reason}")
