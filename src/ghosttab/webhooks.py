"""Webhooks: a finished task's result POSTed to its `webhook_url`, signed, retried with back-off,
every attempt stored. Follows the store's event log, so it sees what any worker finished."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Any

import httpx

from ghosttab.lifecycle import TaskStatus
from ghosttab.store import Store
from ghosttab.store.database import utc_now
from ghosttab.store.event_ops import DeliveryRow, EventType

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Ghosttab-Signature"


def sign(secret: str, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256 over the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookSender:
    def __init__(
        self, store: Store, secret: str, attempts: int = 5, first_backoff_s: float = 0.5, poll_s: float = 0.2
    ) -> None:
        self.store = store
        self.secret = secret
        self.attempts = attempts
        self.first_backoff_s = first_backoff_s
        self.poll_s = poll_s
        self._sending: set[asyncio.Task[bool]] = set()

    async def run(self) -> None:
        """Until cancelled: deliver the results of tasks that finish from now on."""
        after = await self.store.last_event_id()
        async with httpx.AsyncClient(timeout=10) as http:
            while True:
                events = await self.store.events_since(after, 500)
                for event in events:
                    after = event.id
                    status = event.payload.get("status")
                    if event.type is EventType.TASK_STATUS and status and TaskStatus(status).is_final:
                        self._spawn(http, event.task_id or "")
                if not events:
                    await asyncio.sleep(self.poll_s)

    def _spawn(self, http: httpx.AsyncClient, task_id: str) -> None:
        task = asyncio.create_task(self.deliver(http, task_id))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def deliver(self, http: httpx.AsyncClient, task_id: str) -> bool:
        row = await self.store.get_task(task_id)
        url = row.spec.get("webhook_url") if row is not None else None
        if row is None or not url or row.result is None:
            return False
        body = json.dumps(
            {"task_id": task_id, "status": row.status.value, "result": row.result.model_dump(mode="json"),
             "metadata": row.spec.get("metadata") or {}, "chain_id": row.spec.get("chain_id")},
            separators=(",", ":"),
        ).encode()  # fmt: skip
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)}
        for attempt in range(1, self.attempts + 1):
            delivered, code, error = await self._post(
                http, url, body, {**headers, "X-Ghosttab-Attempt": str(attempt)}
            )
            record = DeliveryRow(task_id=task_id, url=url, attempt=attempt, status_code=code, error=error,
                                 delivered=delivered, at=utc_now())  # fmt: skip
            await self.store.record_delivery(record)
            if delivered:
                return True
            await asyncio.sleep(self.first_backoff_s * 2 ** (attempt - 1))
        log.warning("webhook for task %s not delivered after %d attempts", task_id, self.attempts)
        return False

    async def _post(
        self, http: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, Any]
    ) -> tuple[bool, int | None, str | None]:
        try:
            response = await http.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return False, None, f"{type(exc).__name__}: {exc}"[:500]
        ok = 200 <= response.status_code < 300
        return ok, response.status_code, None if ok else f"HTTP {response.status_code}"
