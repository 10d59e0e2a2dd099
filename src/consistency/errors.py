"""Errors that reach users as one clear line, never as a traceback."""

from __future__ import annotations


class ConsistencyError(Exception):
    """Base class of every error `consistency` raises on purpose."""


class UsageError(ConsistencyError):
    """The user asked for something that cannot be done (bad flag, missing path, unknown SKU).

    The CLI prints it as one line on stderr and exits 2.
    """


class EnvironmentProblem(UsageError):
    """Something the machine lacks (tesseract not installed), with the fix in the message."""


class ConfigError(UsageError):
    """A configuration file or value is wrong; the message names the file and key."""


class DocumentError(ConsistencyError):
    """A document cannot be read (corrupt, encrypted, not what its name says, too large).

    The pipeline turns it into a finding about that file and goes on with the others.
    `limit` names the configurable limit that tripped, when one did.
    """

    def __init__(self, file: str, reason: str, *, limit: str | None = None) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
        self.limit = limit
