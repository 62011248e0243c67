"""What an import reports back."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportProblem:
    """One problem, printed as `FILE:LINE:COLUMN: message` (FILE is `name.csv` or
    `book.xlsx[sheet]`, LINE the spreadsheet row with the header as row 1, COLUMN the header as
    written). A summary line (`... and N more`) has no line."""
    file: str
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class TableCounts:
    rows_added: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0


@dataclass
class FileReport:
    """What one file (or sheet) held and what became of its rows."""
    label: str
    table: str
    rows: int
    rows_added: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0


@dataclass
class LoadResult:
    ok: bool
    errors: list[ImportProblem] = field(default_factory=list)
    stored: dict[str, TableCounts] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    batch_id: int | None = None
    files: list[FileReport] = field(default_factory=list)
    message: str = ""

    def __bool__(self) -> bool:
        return self.ok


class ImportFailed(Exception):
    """Raised by callers that want an exception instead of a LoadResult with errors."""
