from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.spec import Priority, TaskSpec
from ghosttab.taskfile import load_tasks, write_results

GOOD = {"goal": "Open the page", "start_url": "http://127.0.0.1:1/", "success": {"text": "hello"}}


def _jsonl(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "tasks.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_bad_rows_are_reported_by_row_and_field_and_good_rows_load(tmp_path: Path) -> None:
    rows: list[object] = [
        {**GOOD, "id": "a"},
        {**GOOD, "id": "b", "start_url": "not a url"},
        "{broken json",
        {**GOOD, "id": "c", "max_steps": 0},
        {**GOOD, "id": "d", "goal": "Find {po_number}"},
        {**GOOD, "id": "e", "priority": "high"},
    ]
    loaded = load_tasks(_jsonl(tmp_path, rows))
    assert [t.id for t in loaded.tasks] == ["a", "e"]
    assert loaded.tasks[1].priority == Priority.HIGH
    by_row = {e.row: e for e in loaded.errors}
    assert sorted(by_row) == [2, 3, 4, 5]
    assert by_row[2].field == "start_url"
    assert by_row[3].field == "(json)"
    assert by_row[4].field == "max_steps"
    assert "po_number" in by_row[5].message
    assert "row 2: start_url" in str(by_row[2])


def test_duplicate_ids_are_rejected_after_the_first(tmp_path: Path) -> None:
    loaded = load_tasks(_jsonl(tmp_path, [{**GOOD, "id": "x"}, {**GOOD, "id": "x"}]))
    assert len(loaded.tasks) == 1
    assert loaded.errors[0].row == 2 and loaded.errors[0].field == "id"


def test_csv_columns_nest_into_data_secrets_and_success(tmp_path: Path) -> None:
    path = tmp_path / "tasks.csv"
    path.write_text(
        "id,goal,start_url,data.po_number,secrets.password,success.download,max_steps\n"
        "po-1,Download {po_number},http://127.0.0.1:1/portal/,PO-1,pw123,true,12\n"
        "po-2,Download {po_number},http://127.0.0.1:1/portal/,,pw123,true,12\n"
    )
    loaded = load_tasks(path)
    spec = loaded.tasks[0]
    assert spec.data == {"po_number": "PO-1"}
    assert spec.secret_values() == {"password": "pw123"}
    assert spec.success.download is True and spec.max_steps == 12
    assert spec.rendered_goal == "Download PO-1"
    assert loaded.errors[0].row == 3


def test_generated_id_and_secret_never_in_public_dict() -> None:
    spec = TaskSpec.model_validate({**GOOD, "secrets": {"password": "hunter2"}})
    assert spec.id.startswith("task-")
    body = json.dumps(spec.public_dict())
    assert "hunter2" not in body and "password" in body
    assert "hunter2" not in repr(spec)


def test_extracted_success_needs_extract_fields() -> None:
    with pytest.raises(ValueError, match="extract"):
        TaskSpec.model_validate({**GOOD, "success": {"extracted": True}})


def test_results_written_as_jsonl_and_csv(tmp_path: Path) -> None:
    results = [
        TaskResult(id="a", status=TaskStatus.SUCCEEDED, steps=3, extracted={"n": "ABC-123456"}),
        TaskResult(id="b", status=TaskStatus.FAILED, files=["x.pdf"]),
    ]
    lines = write_results(results, tmp_path / "r.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["extracted"] == {"n": "ABC-123456"}
    assert set(json.loads(lines[1])) >= {"id", "status", "steps", "seconds", "extracted", "files", "error"}
    csv_text = write_results(results, tmp_path / "r.csv").read_text()
    assert "extracted.n" in csv_text.splitlines()[0] and "ABC-123456" in csv_text
