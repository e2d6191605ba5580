from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.spec import MAX_GOAL_CHARS, MAX_VALUE_CHARS, Priority, TaskSpec
from ghosttab.taskfile import TaskFileError, TaskFileLimits, load_tasks, write_results

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


# -- bad input: every problem a clear error, never a traceback ------------------------------------

CSV_HEADER = "id,goal,start_url,success.text\n"


def _write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_a_missing_file_an_unknown_type_and_a_folder_are_file_errors(tmp_path: Path) -> None:
    with pytest.raises(TaskFileError, match="task file not found"):
        load_tasks(tmp_path / "nope.jsonl")
    with pytest.raises(TaskFileError, match=r"unsupported task file type '\.txt'"):
        load_tasks(_write(tmp_path, "tasks.txt", json.dumps(GOOD)))
    (tmp_path / "dir.jsonl").mkdir()
    with pytest.raises(TaskFileError, match="not a file"):
        load_tasks(tmp_path / "dir.jsonl")


@pytest.mark.parametrize("content", ["", "\n\n  \n", "# only a comment\n"])
def test_an_empty_jsonl_file_says_so(tmp_path: Path, content: str) -> None:
    with pytest.raises(TaskFileError, match=r"empty|holds no tasks"):
        load_tasks(_write(tmp_path, "tasks.jsonl", content))


def test_a_byte_order_mark_does_not_lose_row_1(tmp_path: Path) -> None:
    row = json.dumps({**GOOD, "id": "a"}).encode()
    jsonl = load_tasks(_write(tmp_path, "t.jsonl", b"\xef\xbb\xbf" + row))
    assert [t.id for t in jsonl.tasks] == ["a"] and not jsonl.errors
    csv_file = load_tasks(
        _write(tmp_path, "t.csv", b"\xef\xbb\xbf" + (CSV_HEADER + "a,Open,http://127.0.0.1:1/,hi\n").encode())
    )
    assert [t.id for t in csv_file.tasks] == ["a"] and not csv_file.errors


def test_invalid_utf8_and_deep_nesting_fail_their_row_only(tmp_path: Path) -> None:
    rows = [
        json.dumps({**GOOD, "id": "a"}).encode(),
        b'{"id": "b", "goal": "caf\xe9"}',
        b"[" * 100_000,
        json.dumps({**GOOD, "id": "c"}).encode(),
    ]
    loaded = load_tasks(_write(tmp_path, "t.jsonl", b"\n".join(rows)))
    assert [t.id for t in loaded.tasks] == ["a", "c"]
    by_row = {e.row: e for e in loaded.errors}
    assert by_row[2].field == "(encoding)" and "not valid UTF-8" in by_row[2].message
    assert by_row[3].field == "(json)" and by_row[3].message == "nested too deeply"


def test_invalid_utf8_in_a_csv_cell_names_row_and_column(tmp_path: Path) -> None:
    content = CSV_HEADER.encode() + b"a,Open,http://127.0.0.1:1/,hi\nb,Op\xffen,http://127.0.0.1:1/,hi\n"
    loaded = load_tasks(_write(tmp_path, "t.csv", content))
    assert [t.id for t in loaded.tasks] == ["a"]
    assert (loaded.errors[0].row, loaded.errors[0].field) == (3, "goal")


def test_a_csv_unbalanced_quote_names_its_row_and_swallows_nothing(tmp_path: Path) -> None:
    content = (
        CSV_HEADER
        + "a,Open,http://127.0.0.1:1/,hi\n"
        + 'b,"Open the page,http://127.0.0.1:1/,hi\n'
        + "c,Open,http://127.0.0.1:1/,hi\n"
        + 'd,"Open, then\nlook",http://127.0.0.1:1/,hi\n'  # a quoted newline is fine
        + "e,Open,http://127.0.0.1:1/,hi\n"
    )
    loaded = load_tasks(_write(tmp_path, "t.csv", content))
    assert [t.id for t in loaded.tasks] == ["a", "c", "d", "e"]
    assert [(e.row, e.field) for e in loaded.errors] == [(3, "(csv)")]
    assert "unbalanced quote" in loaded.errors[0].message
    assert loaded.tasks[2].goal == "Open, then\nlook"


def test_a_csv_row_with_the_wrong_number_of_cells_is_named(tmp_path: Path) -> None:
    content = CSV_HEADER + "a,Open,http://127.0.0.1:1/,hi,extra\nb,Open,http://127.0.0.1:1/,hi\n"
    loaded = load_tasks(_write(tmp_path, "t.csv", content))
    assert [t.id for t in loaded.tasks] == ["b"]
    assert loaded.errors[0].row == 2 and "5 cells, but the header has 4" in loaded.errors[0].message


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("foo,bar,baz\n", "unknown column 'foo'"),
        ("id,goal\n", "no 'start_url' column"),
        ("id,goal,start_url,data\n", "needs a name after a dot"),
    ],
)
def test_a_csv_with_a_garbage_header_is_a_file_error(tmp_path: Path, header: str, message: str) -> None:
    with pytest.raises(TaskFileError, match=message):
        load_tasks(_write(tmp_path, "t.csv", header + "1,2,3\n"))


def test_a_csv_with_only_a_header_holds_no_tasks(tmp_path: Path) -> None:
    with pytest.raises(TaskFileError, match="holds no tasks"):
        load_tasks(_write(tmp_path, "t.csv", CSV_HEADER))


def test_limits_on_goal_values_rows_and_file_size(tmp_path: Path) -> None:
    rows: list[object] = [
        {**GOOD, "id": "ok"},
        {**GOOD, "id": "long-goal", "goal": "x" * (MAX_GOAL_CHARS + 1)},
        {**GOOD, "id": "big-value", "data": {"note": "y" * (MAX_VALUE_CHARS + 1)}},
        {**GOOD, "id": "ok2"},
    ]
    loaded = load_tasks(_jsonl(tmp_path, rows))
    assert [t.id for t in loaded.tasks] == ["ok", "ok2"]
    assert [(e.row, e.field) for e in loaded.errors] == [(2, "goal"), (3, "data.note")]
    assert "at most 4000 characters" in loaded.errors[0].message

    five = _jsonl(tmp_path, [{**GOOD, "id": f"t{i}"} for i in range(5)])
    many = load_tasks(five, TaskFileLimits(max_rows=3))
    assert len(many.tasks) == 3
    assert many.errors[0].row == 4 and "more than 3 rows" in many.errors[0].message

    big = _write(tmp_path, "big.jsonl", json.dumps(GOOD) + "\n" + " " * 2 * 1024 * 1024)
    with pytest.raises(TaskFileError, match="over the 1 MB limit"):
        load_tasks(big, TaskFileLimits(max_file_mb=1))


def test_a_2mb_csv_cell_is_refused_without_losing_the_other_rows(tmp_path: Path) -> None:
    content = CSV_HEADER + "a,Open,http://127.0.0.1:1/," + "z" * 2_000_000 + "\nb,Open,http://127.0.0.1:1/,hi\n"
    loaded = load_tasks(_write(tmp_path, "t.csv", content))
    assert [t.id for t in loaded.tasks] == ["b"]
    assert loaded.errors[0].row == 2


# -- property tests: no input raises anything but the loader's own error --------------------------

JSONL_PIECES = st.sampled_from(
    ['{"goal": "x", "start_url": "http://127.0.0.1:1/"}', "{", "}", "[", "]", '"', ",", ":", "\n",
     '"goal"', '"data"', '{"a": 1}', "null", "1e999", "\ufeff", "\\u0000", "\\ud800", " ", "#"]
)  # fmt: skip
CSV_PIECES = st.sampled_from(
    ["id", "goal", "start_url", "data.x", "secrets.p", "success.text", "extract.n.pattern", ",", '"',
     "\n", "\r", "\r\n", "http://127.0.0.1:1/", "Open {x}", "(", "\x00", "\ufeff", " ", "true"]
)  # fmt: skip


def _loads_or_refuses(path: Path) -> None:
    try:
        loaded = load_tasks(path)
    except TaskFileError as refused:
        assert str(refused)
        return
    assert loaded.tasks or loaded.errors
    for error in loaded.errors:
        assert error.row >= 1 and error.field and error.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=400), st.lists(JSONL_PIECES, max_size=40).map("".join)))
def test_any_jsonl_input_loads_or_is_refused_cleanly(tmp_path: Path, content: bytes | str) -> None:
    _loads_or_refuses(_write(tmp_path, "p.jsonl", content))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.lists(CSV_PIECES, max_size=40).map("".join),
        st.lists(CSV_PIECES, max_size=30).map(lambda p: "id,goal,start_url,data.x\n" + "".join(p)),
    )
)
def test_any_csv_input_loads_or_is_refused_cleanly(tmp_path: Path, content: bytes | str) -> None:
    _loads_or_refuses(_write(tmp_path, "p.csv", content))
