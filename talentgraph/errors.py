"""The exceptions talentgraph raises, rooted at :class:`TalentGraphError`.

Each message says what went wrong and what to do next; the CLI prints it as one line
(no traceback unless ``--debug``) and exits with code 1.
"""

from __future__ import annotations

__all__ = [
    "BackendUnavailable",
    "InputError",
    "OrgNotFound",
    "PersonNotFound",
    "QueryError",
    "QueryNotFound",
    "TalentGraphError",
]


class TalentGraphError(Exception):
    """Base class of every error talentgraph raises on purpose."""


class InputError(TalentGraphError):
    """A file that cannot be read as a whole: wrong encoding, empty, missing columns.

    ``file``, ``line`` and ``column`` locate the problem when they are known.
    """

    def __init__(
        self,
        reason: str,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.location() + reason)

    def location(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file) + (f":{self.line}" if self.line is not None else ""))
        if self.column is not None:
            parts.append(self.column)
        return ": ".join(parts) + ": " if parts else ""


class QueryNotFound(TalentGraphError):
    """A query name that is not in the catalog."""


class QueryError(TalentGraphError):
    """A query parameter with a bad value, or a query that failed to run."""


class OrgNotFound(TalentGraphError):
    """An org name that neither the registry nor the loaded moves know."""


class PersonNotFound(TalentGraphError):
    """A person name that the loaded moves do not know."""


class BackendUnavailable(TalentGraphError):
    """The Neo4j server is down, unreachable, or refused the credentials."""
