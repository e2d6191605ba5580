"""ghosttab.secrets: one scrub rule everywhere, short secrets refused, the allowed-domain check."""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import pytest
from playwright.async_api import Page
from pydantic import ValidationError

from ghosttab import FleetConfig, run_tasks
from ghosttab.errors import ErrorKind
from ghosttab.lifecycle import TaskStatus
from ghosttab.perception.models import Element, Observation
from ghosttab.runner import RunnerConfig
from ghosttab.runner.artifacts import live_frame
from ghosttab.secrets import MIN_SECRET_CHARS, SecretBook, SecretRefused, Secrets, host_allowed
from ghosttab.spec import TaskSpec
from ghosttab.taskfile import load_tasks


def test_scrub_covers_raw_url_and_form_spellings_longest_first() -> None:
    secrets = Secrets({"short": "abc", "long": "abcdef", "spaced": "p@ss word!"})
    assert secrets.scrub("abc abcdef") == "*** ***"
    assert secrets.scrub("u=p%40ss%20word%21 f=p%40ss+word%21 raw=p@ss word!") == "u=*** f=*** raw=***"


def test_repr_and_names_never_show_a_value() -> None:
    secrets = Secrets({"password": "hunter22"})
    assert "hunter22" not in repr(secrets) and secrets.names == ["password"]


def test_observation_handed_to_deciders_holds_no_secret() -> None:
    observation = Observation(
        url="https://portal.example.com/",
        title="Signed in as buyer-77",
        text="Welcome back, buyer-77",
        elements=[
            Element(index=1, ref="1", tag="input", label="Username", value="buyer-77", context="buyer-77")
        ],
    )
    masked = Secrets({"username": "buyer-77"}).mask_observation(observation)
    assert "buyer-77" not in masked.model_dump_json()
    assert masked.elements[0].value == "***" and masked.elements[0].label == "Username"


def test_trace_archive_is_scrubbed_of_raw_and_encoded_secrets(tmp_path: Path) -> None:
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.trace", '{"params": {"value": "p@ss word!"}}')
        archive.writestr("resources/post.dat", "user=bob&password=p%40ss+word%21")
    Secrets({"password": "p@ss word!"}).scrub_zip(trace)
    with zipfile.ZipFile(trace) as archive:
        blob = b"".join(archive.read(name) for name in archive.namelist())
    assert b"p@ss" not in blob and b"p%40ss" not in blob and blob.count(b"***") == 2


def test_a_two_character_secret_is_refused_at_validation_naming_the_field() -> None:
    with pytest.raises(ValidationError) as refused:
        TaskSpec(goal="Sign in", start_url="http://127.0.0.1/", secrets={"pin": "42"})  # type: ignore[arg-type]
    [problem] = refused.value.errors()
    assert problem["loc"] == ("secrets", "pin")
    assert f"at least {MIN_SECRET_CHARS} characters" in problem["msg"] and "42" not in problem["msg"]


def test_a_task_file_row_with_a_short_secret_is_a_row_error_and_the_rest_loads(tmp_path: Path) -> None:
    rows = [
        {"id": "ok", "goal": "Sign in", "start_url": "http://127.0.0.1/", "secrets": {"password": "s3cret"}},
        {"id": "short", "goal": "Sign in", "start_url": "http://127.0.0.1/", "secrets": {"pin": "42"}},
    ]
    path = tmp_path / "tasks.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    loaded = load_tasks(path)
    assert [spec.id for spec in loaded.tasks] == ["ok"]
    [error] = loaded.errors
    assert str(error).startswith("tasks.jsonl: row 2: secrets.pin: a secret needs at least 3 characters")


def test_a_short_secret_read_from_the_environment_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHOSTTAB_SECRET_PIN", "42")
    with pytest.raises(SecretRefused) as refused:
        SecretBook().secrets_for("t1", ["pin"])
    assert refused.value.error.kind == ErrorKind.INPUT
    assert "'pin'" in str(refused.value) and "42" not in str(refused.value)


async def test_a_short_environment_secret_fails_its_task_only_and_leaks_nowhere(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("GT_TEST_PIN", "7Q")
    caplog.set_level(logging.DEBUG)
    short = TaskSpec.model_validate({
        "id": "short-pin", "goal": "Open the lab", "start_url": f"{demo_url}/lab/",
        "secrets": {"pin": "env:GT_TEST_PIN"}, "success": {"text": "never shown"}, "max_steps": 2,
    })  # fmt: skip
    fine = TaskSpec.model_validate({
        "id": "fine", "goal": "Open the lab", "start_url": f"{demo_url}/lab/",
        "success": {"url_contains": "/lab"},
    })  # fmt: skip
    config = FleetConfig(
        db=str(tmp_path / "t.db"), runner=RunnerConfig(artifacts_dir=tmp_path / "artifacts", trace="always")
    )
    refused, ran = await run_tasks([short, fine], config)
    assert ran.status == TaskStatus.SUCCEEDED
    assert refused.status == TaskStatus.FAILED and refused.error is not None
    assert refused.error.kind == ErrorKind.INPUT and "'pin'" in refused.error.message
    assert "7Q" not in refused.model_dump_json() + ran.model_dump_json() + caplog.text


@pytest.mark.parametrize(
    ("url", "allowed", "expected"),
    [
        ("https://portal.example.com/login", ["example.com"], True),
        ("https://example.com/", ["example.com"], True),
        ("https://evil-example.com/", ["example.com"], False),
        ("https://example.com.evil.io/", ["example.com"], False),
        ("http://127.0.0.1:8765/x", ["127.0.0.1"], True),
        ("http://127.0.0.1:8765/x", ["127.0.0.1:9999"], False),
        ("http://127.0.0.1:8765/x", ["http://127.0.0.1:8765/portal/"], True),
        ("https://a.example.com/", ["*.example.com"], True),
        ("about:blank", ["example.com"], False),
        ("https://example.com/", [], False),
    ],
)
def test_host_allowed(url: str, allowed: list[str], expected: bool) -> None:
    assert host_allowed(url, allowed) is expected


async def test_a_live_frame_masks_a_secret_being_typed_as_well_as_a_typed_one(page: Page) -> None:
    secrets = Secrets({"password": "hunter2-secret", "username": "buyer1"})
    await page.set_content(
        "<input id=whole value='buyer1'><input id=half value='hunter2-se'><input id=other value='Eden'>"
    )
    marked = "() => [...document.querySelectorAll('[data-gt-secret]')].map(e => e.id)"
    await secrets.mask_fields(page)
    assert await page.evaluate(marked) == ["whole"]  # a step's screenshot: after the typing
    await secrets.mask_fields(page, partial=True)
    assert await page.evaluate(marked) == ["whole", "half"]  # a live frame may catch it half typed
    frame = await live_frame(page, secrets)
    assert frame is not None and frame.startswith(b"\xff\xd8")  # a JPEG
