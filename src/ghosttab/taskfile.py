"""Reading task files (JSONL, CSV) into TaskSpecs with per-row errors, and writing result files."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, first_line
from ghosttab.result import TaskResult
from ghosttab.spec import TaskSpec
from ghosttab.taskfile_csv import CsvProblem, csv_records, header_cells, header_problem, nest_columns


class TaskFileError(GhosttabError):
    """A task file that cannot be read at all (missing, of an unknown type, too large, empty, a CSV
    without a usable header); bad rows are RowErrors."""

    kind = ErrorKind.INPUT
    source = ErrorSource.INPUT


class RowError(BaseModel):
    """A row that could not become a task: its number (1-based, as an editor shows it) and why."""

    source: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: row {self.row}: {self.field}: {self.message}"


class TaskFile(BaseModel):
    tasks: list[TaskSpec]
    errors: list[RowError]


class TaskFileLimits(BaseModel):
    """How big a task file may be (`GHOSTTAB_TASKFILE__MAX_FILE_MB`, `GHOSTTAB_TASKFILE__MAX_ROWS`);
    the limits of one task (goal length, value sizes) are the spec's own (`ghosttab.spec`)."""

    max_file_mb: float = Field(64.0, gt=0, description="a larger task file is refused whole")
    max_rows: int = Field(100_000, ge=1, description="rows after this many are refused, each file")


SUFFIXES_JSONL = (".jsonl", ".ndjson", ".json")
_BOM = b"\xef\xbb\xbf"
Row = tuple[int, dict[str, Any] | RowError]


def load_tasks(path: str | Path, limits: TaskFileLimits | None = None) -> TaskFile:
    """Read every row; bad rows become RowErrors and the good ones still load. A file that cannot
    be read at all (missing, of an unknown type, too large, empty, a CSV without a usable header)
    is a TaskFileError; nothing else escapes, whatever the file holds."""
    limits = limits or TaskFileLimits()
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in (*SUFFIXES_JSONL, ".csv"):
        raise TaskFileError(
            f"{source}: unsupported task file type {suffix or '(none)'!r} (use .jsonl or .csv)"
        )
    raw = _read(source, limits)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    if not raw.strip():
        raise TaskFileError(f"{source}: the task file is empty")
    rows = _csv_rows(raw, source.name) if suffix == ".csv" else _jsonl_rows(raw, source.name)
    loaded = parse_rows(_limited(rows, source.name, limits.max_rows), source.name)
    if not loaded.tasks and not loaded.errors:
        raise TaskFileError(f"{source}: the task file holds no tasks (only blank or comment lines)")
    return loaded


def _read(source: Path, limits: TaskFileLimits) -> bytes:
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise TaskFileError(f"{source}: not a file")
        if size > limits.max_file_mb * 1024 * 1024:
            raise TaskFileError(
                f"{source}: the file is {size / 1024 / 1024:.1f} MB, over the {limits.max_file_mb:g} MB "
                "limit (GHOSTTAB_TASKFILE__MAX_FILE_MB)"
            )
        return source.read_bytes()
    except FileNotFoundError:
        raise TaskFileError(f"task file not found: {source}") from None
    except OSError as exc:
        raise TaskFileError(f"{source}: cannot be read ({exc.strerror or exc})") from None


def _limited(rows: Iterable[Row], source: str, max_rows: int) -> Iterator[Row]:
    for count, (number, row) in enumerate(rows, start=1):
        if count > max_rows:
            limit = f"more than {max_rows:,} rows (GHOSTTAB_TASKFILE__MAX_ROWS)"
            message = f"{limit}: this row and the rest are left out"
            yield number, RowError(source=source, row=number, field="(file)", message=message)
            return
        yield number, row


def parse_rows(rows: Iterable[Row], source: str) -> TaskFile:
    tasks: list[TaskSpec] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for row_number, row in rows:
        if isinstance(row, RowError):
            errors.append(row)
            continue
        try:
            spec = TaskSpec.model_validate(row)
        except ValidationError as exc:
            errors.append(_row_error(source, row_number, exc))
            continue
        except (ValueError, TypeError, RecursionError) as exc:  # a validator's own surprise
            errors.append(RowError(source=source, row=row_number, field="(row)", message=first_line(exc)))
            continue
        if spec.id in seen:
            errors.append(
                RowError(source=source, row=row_number, field="id", message=f"duplicate id {spec.id!r}")
            )
            continue
        seen.add(spec.id)
        tasks.append(spec)
    return TaskFile(tasks=tasks, errors=errors)


def _row_error(source: str, row: int, exc: ValidationError) -> RowError:
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "(row)"
    message = first["msg"].removeprefix("Value error, ")
    extra = len(exc.errors()) - 1
    if extra:
        message += f" (and {extra} more problem{'s' if extra > 1 else ''})"
    return RowError(source=source, row=row, field=field, message=message[:500])


def _jsonl_rows(raw: bytes, source: str) -> Iterator[Row]:
    for number, line_bytes in enumerate(raw.split(b"\n"), start=1):
        try:
            line = line_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"not valid UTF-8 (byte 0x{line_bytes[exc.start]:02x} at column {exc.start + 1})"
            yield number, RowError(source=source, row=number, field="(encoding)", message=message)
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, _json_object(line, source, number)


def _json_object(line: str, source: str, number: int) -> dict[str, Any] | RowError:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return RowError(source=source, row=number, field="(json)", message=f"{exc.msg} (column {exc.colno})")
    except RecursionError:
        return RowError(source=source, row=number, field="(json)", message="nested too deeply")
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return RowError(source=source, row=number, field="(json)", message=first_line(exc))
    if not isinstance(value, dict):
        return RowError(source=source, row=number, field="(row)", message="not a JSON object")
    return value


def _csv_rows(raw: bytes, source: str) -> Iterator[Row]:
    # Undecodable bytes survive as lone surrogates, so only the rows holding them are refused.
    text = raw.decode("utf-8", errors="surrogateescape")
    header = [cell.strip() for cell in header_cells(text)]
    problem = _decoding_problem(header) or header_problem(header)
    if problem:
        raise TaskFileError(f"{source}: row 1 (header): {problem}")
    for record in csv_records(text):
        if isinstance(record, CsvProblem):
            yield (
                record.line,
                RowError(source=source, row=record.line, field=record.field, message=record.message),
            )
            continue
        number, values = record
        cells = {key: value.strip() for key, value in zip(header, values, strict=True) if key}
        if not any(cells.values()):
            continue
        bad = next((key for key, value in cells.items() if _decoding_problem([value])), None)
        if bad is not None:
            yield number, RowError(source=source, row=number, field=bad, message="not valid UTF-8")
            continue
        yield number, nest_columns(cells)


def _decoding_problem(cells: list[str]) -> str | None:
    for cell in cells:
        if any("\udc80" <= char <= "\udcff" for char in cell):
            return "not valid UTF-8"
    return None


def write_results(results: list[TaskResult], path: str | Path) -> Path:
    """Write results.jsonl or results.csv, chosen by the file's suffix."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = [result.summary_line() for result in results]
    if target.suffix.lower() == ".csv":
        _write_csv(lines, target)
    else:
        with target.open("w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return target


def _write_csv(lines: list[dict[str, Any]], target: Path) -> None:
    extracted_keys = sorted({key for line in lines for key in line["extracted"]})
    columns = [
        "id",
        "status",
        "steps",
        "seconds",
        "error",
        "files",
        "final_url",
        "attempts",
        "tokens",
        "cost_usd",
    ]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns + [f"extracted.{key}" for key in extracted_keys])
        for line in lines:
            row = [line[col] if col != "files" else ";".join(line["files"]) for col in columns]
            writer.writerow(row + [line["extracted"].get(key, "") for key in extracted_keys])
