"""The model tier against a real local HTTP server that speaks the OpenAI chat-completions protocol."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request

from ghosttab import FleetConfig, run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.navigator.llm import ModelConfig, parse_answer
from ghosttab.perception.models import Element, Observation
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec


class FakeModel:
    """Answers like a model would: clicks the element whose line names what it was told to look for."""

    def __init__(self, wanted: str) -> None:
        self.wanted = wanted
        self.prompts: list[str] = []
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self.complete)

    async def complete(self, request: Request) -> dict[str, Any]:
        body = await request.json()
        prompt = body["messages"][-1]["content"]
        self.prompts.append(prompt)
        current = prompt.rsplit("CURRENT PAGE:", 1)[-1]
        match = re.search(rf"\[(\d+)\][^\n]*{re.escape(self.wanted)}", current)
        answer = (
            f'{{"kind": "click", "index": {match.group(1)}, "confidence": 0.9}}'
            if match
            else '{"kind": "wait"}'
        )
        return {
            "id": "cmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 20, "total_tokens": 1020},
        }


@pytest.fixture
def fake_model() -> Iterator[tuple[FakeModel, str]]:
    model = FakeModel("Claim offer")
    server = uvicorn.Server(uvicorn.Config(model.app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield model, f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(timeout=5)


async def test_model_tier_decides_where_the_heuristic_is_unsure(
    demo_url: str, tmp_path: Path, fake_model: tuple[FakeModel, str]
) -> None:
    model, url = fake_model
    spec = TaskSpec.model_validate(
        {
            "id": "gift",
            "goal": "Get the welcome gift",
            "start_url": f"{demo_url}/lab/newtab/welcome",
            "secrets": {"token": "tok-never-in-a-prompt"},
            "success": {"text": "Offer claimed"},
            "max_steps": 4,
        }
    )
    config = FleetConfig(
        db=str(tmp_path / "m.db"),
        runner=RunnerConfig(artifacts_dir=tmp_path / "art"),
        concurrency=1,
        model=ModelConfig(base_url=url, model="fake-1", input_usd_per_mtok=1.0, output_usd_per_mtok=2.0),
    )
    (result,) = await run_tasks([spec], config)
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert result.tiers.get("llm") == 1
    assert result.tokens == 1020
    assert result.cost_usd == pytest.approx((1000 * 1.0 + 20 * 2.0) / 1e6)
    assert model.prompts and "SECRET NAMES: token" in model.prompts[0]
    assert all("tok-never-in-a-prompt" not in prompt for prompt in model.prompts)


def test_model_answers_are_validated_before_anything_acts_on_them() -> None:
    page = Observation(url="https://x.org", elements=[Element(index=3, ref="3", tag="button", name="Go")])
    action, confidence, _ = parse_answer('Sure! {"kind": "click", "index": 3, "confidence": 0.8}', page)
    assert action.kind == "click" and confidence == 0.8
    assert parse_answer('{"kind": "click", "index": 99}', page)[0].kind == "fail"
    assert parse_answer("I would click the button", page)[0].kind == "fail"
    assert parse_answer('{"kind": "teleport"}', page)[0].kind == "fail"
