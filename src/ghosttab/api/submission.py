"""From a request body or an uploaded file to stored tasks: validation, limits, the address policy."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ghosttab.api.app import ServiceSettings
from ghosttab.api.errors import ApiError, ErrorCode
from ghosttab.api.models import RowProblem, SubmitResponse
from ghosttab.lifecycle import TaskStatus
from ghosttab.policy import AddressPolicy, PolicyError
from ghosttab.secrets import SecretBook
from ghosttab.spec import TaskSpec
from ghosttab.store import Store
from ghosttab.taskfile import TaskFileError, load_tasks


def parse_body(body: Any, settings: ServiceSettings) -> tuple[list[TaskSpec], str | None]:
    """One task object, or {"tasks": [...], "batch": "..."}; a bad one is a 422 naming row and field."""
    if isinstance(body, dict) and "tasks" in body:
        rows, batch = body["tasks"], body.get("batch")
        if not isinstance(rows, list) or not rows:
            raise ApiError(422, ErrorCode.INVALID, "tasks must be a non-empty list", "tasks")
        if batch is not None and not isinstance(batch, str):
            raise ApiError(422, ErrorCode.INVALID, "batch must be a string", "batch")
        prefix = "tasks."
    elif isinstance(body, dict):
        rows, batch, prefix = [body], None, ""
    else:
        raise ApiError(422, ErrorCode.INVALID, 'body must be a task object or {"tasks": [...]}')
    check_batch_size(len(rows), settings, "tasks")
    policy = settings.policy
    specs: list[TaskSpec] = []
    for index, row in enumerate(rows):
        where = f"{prefix}{index}." if prefix else ""
        try:
            spec = TaskSpec.model_validate(row)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise ApiError(422, ErrorCode.INVALID, first["msg"], f"{where}{field}".rstrip(".")) from None
        check_policy(spec, policy, f"{where}start_url")
        specs.append(spec)
    return specs, batch


def check_batch_size(count: int, settings: ServiceSettings, field: str) -> None:
    if count > settings.max_batch:
        message = f"{count} tasks over the batch limit of {settings.max_batch}"
        raise ApiError(413, ErrorCode.TOO_LARGE, message, field)


def check_policy(spec: TaskSpec, policy: AddressPolicy, field: str) -> None:
    """The service's address policy on the start URL, on its form (no DNS lookup at submission)."""
    try:
        (policy.with_domains(spec.allowed_domains) if spec.allowed_domains else policy).check_url_form(
            spec.start_url
        )
    except PolicyError as exc:
        raise ApiError(422, ErrorCode.POLICY, str(exc), field) from None
    if spec.webhook_url:
        try:
            policy.check_url_form(spec.webhook_url, navigation=False)
        except PolicyError as exc:
            where = field.replace("start_url", "webhook_url")
            raise ApiError(422, ErrorCode.POLICY, str(exc), where) from None


def parse_upload(
    name: str, content: bytes, settings: ServiceSettings
) -> tuple[list[TaskSpec], list[RowProblem]]:
    """A JSONL or CSV upload through the task-file loader: bad rows are reported, the rest go on."""
    suffix = Path(name).suffix.lower() or ".jsonl"
    if suffix not in (".jsonl", ".ndjson", ".json", ".csv"):
        raise ApiError(
            422, ErrorCode.INVALID, f"unsupported file type {suffix!r} (use .jsonl or .csv)", "file"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            loaded = load_tasks(path)
        except TaskFileError as exc:
            message = str(exc).replace(str(path), name)
            raise ApiError(422, ErrorCode.INVALID, message, "file") from None
    problems = [RowProblem(row=e.row, field=e.field, message=e.message) for e in loaded.errors]
    good: list[TaskSpec] = []
    policy = settings.policy
    for spec in loaded.tasks:
        try:
            check_policy(spec, policy, "start_url")
        except ApiError as exc:
            problems.append(RowProblem(row=0, field="start_url", message=f"{spec.id}: {exc.body.message}"))
            continue
        good.append(spec)
    check_batch_size(len(good), settings, "file")
    return good, problems


async def store_tasks(
    store: Store, secrets: SecretBook, specs: list[TaskSpec], batch: str | None, settings: ServiceSettings
) -> SubmitResponse:
    """Refuse with 429 past the queue limit; else keep the secrets in memory and store the tasks."""
    waiting = await store.count_in([TaskStatus.QUEUED, TaskStatus.PAUSED])
    if waiting + len(specs) > settings.queue_limit:
        raise ApiError(
            429, ErrorCode.QUEUE_FULL, f"queue holds {waiting} tasks; its limit is {settings.queue_limit}",
            headers={"Retry-After": str(settings.retry_after_s)},
        )  # fmt: skip
    secrets.add(specs)
    report = await store.submit(specs, batch=batch)
    return SubmitResponse(ids=[s.id for s in specs], added=report.added, existing=report.existing)
