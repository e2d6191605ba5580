"""Reading task files (JSONL, CSV) into TaskSpecs with per-row errors, and writing result files."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError
from ghosttab.result import TaskResult
from ghosttab.spec import TaskSpec


class TaskFileError(GhosttabError):
    """A task file that cannot be read at all (missing, of an unknown type); bad rows are RowErrors."""

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


def load_tasks(path: str | Path) -> TaskFile:
    """Read every row; bad rows become RowErrors and the good ones still load."""
    source = Path(path)
    if not source.exists():
        raise TaskFileError(f"task file not found: {source}")
    suffix = source.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        rows = _jsonl_rows(source)
    elif suffix == ".csv":
        rows = _csv_rows(source)
    else:
        raise TaskFileError(f"unsupported task file type {suffix!r} (use .jsonl or .csv)")
    return parse_rows(rows, source.name)


def parse_rows(rows: Iterable[tuple[int, dict[str, Any] | RowError]], source: str) -> TaskFile:
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
    return RowError(source=source, row=row, field=field, message=message)


def _jsonl_rows(path: Path) -> Iterable[tuple[int, dict[str, Any] | RowError]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, RowError(source=path.name, row=number, field="(json)", message=exc.msg)
                continue
            if not isinstance(value, dict):
                yield (
                    number,
                    RowError(source=path.name, row=number, field="(row)", message="not a JSON object"),
                )
                continue
            yield number, value


def _csv_rows(path: Path) -> Iterable[tuple[int, dict[str, Any] | RowError]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        # Row 1 is the header line, so the first task is on line 2, as a spreadsheet shows it.
        for number, raw in enumerate(reader, start=2):
            cells = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
            if not any(cells.values()):
                continue
            yield number, _nest_columns(cells)


def _nest_columns(cells: dict[str, str]) -> dict[str, Any]:
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
