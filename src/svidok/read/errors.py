"""The one error type the readers raise."""

from __future__ import annotations


class ReadError(Exception):
    """Bytes that cannot be turned into text; the message is a one-line reason naming the file.

    `reason` holds the reason alone, for callers that print the file name themselves.
    """

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = " ".join(reason.split())  # keep it on one line whatever the cause said
        super().__init__(f"{filename}: {self.reason}")

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        # readers run in worker processes; the error must survive pickling with both fields
        return (ReadError, (self.filename, self.reason))
