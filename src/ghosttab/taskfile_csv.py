"""CSV task files, record by record with the line each starts on, so a bad record names its row and
a stray quote cannot swallow the rows after it."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterator
from typing import Any

from ghosttab.spec import TaskSpec

# A cell over this many characters is refused by the csv module itself (the spec's limits are lower).
CELL_LIMIT = 1_000_000
NESTED = frozenset({"data", "secrets", "success", "extract"})


class CsvProblem(Exception):
    """One record that cannot become a row: its first line, the column (or "(csv)") and why."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


Record = tuple[int, list[str]] | CsvProblem


def header_problem(header: list[str]) -> str | None:
    """Why a header cannot describe tasks (no goal or start_url column, an unknown column), or None."""
    names = [name.strip() for name in header]
    known = set(TaskSpec.model_fields)
    unknown = [n for n in names if n and n.split(".", 1)[0] not in known]
    if unknown:
        return f"unknown column {unknown[0]!r} (columns are {', '.join(sorted(known))}, data.<name>, …)"
    for needed in ("goal", "start_url"):
        if needed not in names:
            return (
                f"the header has no {needed!r} column (found: {', '.join(n for n in names if n) or 'none'})"
            )
    nested_alone = [n for n in names if n in NESTED - {"success"}]
    if nested_alone:
        return f"column {nested_alone[0]!r} needs a name after a dot ({nested_alone[0]}.<name>)"
    return None


def csv_records(text: str) -> Iterator[Record]:
    """(first line, cells) for each record after the header, or a CsvProblem. A record the csv
    module cannot read, or one spanning lines with the wrong number of cells (an unbalanced
    quote), is reported at its first line and reading starts again on the next line."""
    lines = _lines(text)
    if not lines:
        return
    header = _first_record(lines[0])
    width = len(header)
    start = 1
    while start < len(lines):
        restart = yield from _records_from(lines, start, width)
        if restart is None:
            return
        start = restart


def header_cells(text: str) -> list[str]:
    first = _lines(text)[:1]
    return _first_record(first[0]) if first else []


def _lines(text: str) -> list[str]:
    """Lines as the csv module reads them: ended by \n, \r\n or \r only."""
    return list(io.StringIO(text, newline=""))


def _first_record(line: str) -> list[str]:
    try:
        return next(csv.reader([line], strict=True), [])
    except csv.Error:
        return [cell.strip('"') for cell in line.rstrip("\r\n").split(",")]


def _records_from(lines: list[str], start: int, width: int) -> Generator[Record, None, int | None]:
    """Yield records from line `start` (0-based); return where to start again after a problem."""
    source = iter(lines[start:])
    reader = csv.reader(source, strict=True)
    first = start  # 0-based index of the line the next record starts on
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            spanned = start + reader.line_num - first > 1
            yield CsvProblem(first + 1, "(csv)", _csv_message(exc, spanned))
            return first + 1
        end = start + reader.line_num  # lines consumed so far
        spanned = end - first > 1
        if spanned and len(cells) != width:
            yield CsvProblem(first + 1, "(csv)", "unbalanced quote: this row runs into the next ones")
            return first + 1
        if not any(cell.strip() for cell in cells):
            pass  # a blank line, or only commas
        elif len(cells) != width:
            yield CsvProblem(first + 1, "(csv)", f"{len(cells)} cells, but the header has {width}")
        else:
            yield first + 1, cells
        first = end


def _csv_message(exc: csv.Error, spanned: bool) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is over {CELL_LIMIT:,} characters"
    if "unexpected end of data" in text or "EOF" in text:
        return "unbalanced quote: a quoted cell never ends"
    if spanned:
        return "unbalanced quote: this row runs into the next ones"
    if "expected after" in text:
        return 'a quote inside a cell: quote the whole cell and double the quote ("")'
    return f"not valid CSV ({text})"


def nest_columns(cells: dict[str, str]) -> dict[str, Any]:
    """`data.po_number` -> {"data": {"po_number": ...}}; empty cells are left out."""
    row: dict[str, Any] = {}
    for key, value in cells.items():
        if value == "":
            continue
        parts = key.split(".")
        node = row
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[parts[-1]] = _csv_value(parts[-1], value)
    return row


def _csv_value(name: str, value: str) -> Any:
    if name in ("download", "extracted"):
        return value.lower() in ("1", "true", "yes", "y")
    if name == "allowed_domains":
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


csv.field_size_limit(CELL_LIMIT)
