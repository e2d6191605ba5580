"""Dashboard pages beyond the feed: the live view, the review queue and its actions, the metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ghosttab.api import charts
from ghosttab.api import queue as queue_routes
from ghosttab.api.charts import Series
from ghosttab.api.dashboard import check_csrf, render, require_session, signed_in
from ghosttab.api.deps import store_of, task_or_404
from ghosttab.api.live import frame_response
from ghosttab.lifecycle import TaskStatus
from ghosttab.store.query_ops import TaskFilter
from ghosttab.store.review_ops import Review, ReviewVerdict
from ghosttab.store.rows import ArtifactKind
from ghosttab.store.series_ops import MetricSeries

router = APIRouter(include_in_schema=False)
WINDOWS = {"1h": 3600, "6h": 6 * 3600, "24h": 86_400, "7d": 7 * 86_400}
BUCKETS = 24


@router.get("/tasks/{task_id}/live", response_class=HTMLResponse)
async def live_page(request: Request, task_id: str) -> Response:
    if not signed_in(request):
        return RedirectResponse("/login", status_code=303)
    task = await task_or_404(request, task_id)
    steps = (await store_of(request).steps(task_id))[-12:]
    return render(request, "live.html", task=task, steps=list(reversed(steps)))


@router.get("/ui/tasks/{task_id}/live.jpg")
async def live_image(request: Request, task_id: str) -> Response:
    require_session(request)
    return await frame_response(store_of(request), await task_or_404(request, task_id))


@router.get("/review", response_class=HTMLResponse)
async def review_queue(request: Request) -> Response:
    if not signed_in(request):
        return RedirectResponse("/login", status_code=303)
    store = store_of(request)
    rows, _ = await store.page_tasks(TaskFilter(status=TaskStatus.NEEDS_REVIEW), 0, 200)
    items = []
    for row in rows:
        shots = [i for i, a in enumerate(await store.artifacts(row.id)) if a.kind is ArtifactKind.SCREENSHOT]
        items.append((row, shots[-1] if shots else None))
    return render(request, "review.html", items=items, done=request.query_params.get("done", ""))


@router.post("/ui/tasks/{task_id}/review/{verdict}")
async def review_action(
    request: Request, task_id: str, verdict: ReviewVerdict, csrf: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=2000)] = "", value: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf)
    await task_or_404(request, task_id)
    found = parse_value(value)
    if verdict is ReviewVerdict.RESOLVE and not found:
        return RedirectResponse(f"/review?done=resolving+{task_id}+needs+a+value", status_code=303)
    decision = Review(verdict=verdict, note=note.strip() or None, value=found)
    status = await store_of(request).review(task_id, decision)
    outcome = f"{task_id}+{status.value.lower()}" if status else f"{task_id}+was+not+waiting+for+review"
    return RedirectResponse(f"/review?done={outcome}", status_code=303)


def parse_value(text: str) -> dict[str, str]:
    """`name: value` (or `name=value`) per line; a lone line without a name is the `value`."""
    found: dict[str, str] = {}
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        name, sep, rest = line.partition(":") if ":" in line else line.partition("=")
        if sep and name.strip() and " " not in name.strip():
            found[name.strip()] = rest.strip()
        else:
            found["value"] = line
    return found


@router.post("/ui/tasks/{task_id}/cancel")
async def cancel(request: Request, task_id: str, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, csrf)
    await store_of(request).cancel(task_id)
    return RedirectResponse(f"/tasks/{task_id}", status_code=303)


@router.get("/stats", response_class=HTMLResponse)
async def metrics_page(request: Request, window: str = "1h") -> Response:
    if not signed_in(request):
        return RedirectResponse("/login", status_code=303)
    window_s = WINDOWS.get(window, WINDOWS["1h"])
    figures = await queue_routes.metrics(request, window_s)
    queue = await queue_routes.queue(request)
    since = datetime.now(UTC) - timedelta(seconds=window_s)
    series = await store_of(request).metric_series(since, window_s / BUCKETS)
    minutes = series.bucket_s / 60
    bucket_label = f"{minutes:g} min" if minutes < 90 else f"{minutes / 60:g} h"
    return render(request, "metrics.html", figures=figures, queue=queue, charts=chart_set(series),
                  window=window if window in WINDOWS else "1h", windows=list(WINDOWS),
                  buckets=len(series.buckets), bucket_label=bucket_label)  # fmt: skip


def chart_set(series: MetricSeries) -> dict[str, object]:
    times = [b.start for b in series.buckets]

    def one(name: str, color: str, values: list[float | None]) -> list[Series]:
        return [Series(name, color, values)]

    buckets = series.buckets
    per_status = [
        Series(
            status.value.lower().replace("_", " "),
            color,
            [float(b.by_status.get(status, 0)) for b in buckets],
        )
        for status, color in STATUS_COLORS.items()
    ]
    queue = one("waiting", "#d97706", [float(b.waiting) for b in buckets])
    queue += one("submitted", "#2563eb", [float(b.submitted) for b in buckets])
    return {
        "throughput": charts.bars(times, per_status, label="tasks finished"),
        "success": charts.lines(
            times, one("success rate", "#16a34a", [b.success_rate for b in buckets]), "%", top=1
        ),
        "cost": charts.bars(times, one("cost", "#7c3aed", [b.cost_usd for b in buckets]), "$"),
        "cache": charts.lines(
            times, one("cache hit rate", "#0891b2", [b.cache_hit_rate for b in buckets]), "%", top=1
        ),
        "queue": charts.lines(times, queue),
    }


STATUS_COLORS = {
    TaskStatus.SUCCEEDED: "#22a05a", TaskStatus.FAILED: "#dc4c4c",
    TaskStatus.NEEDS_REVIEW: "#e0a800", TaskStatus.CANCELLED: "#9aa3ad",
}  # fmt: skip
