"""The model tier end to end: the real runner, Chromium and demo site, against a scripted server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghosttab import FleetConfig, run_tasks
from ghosttab.errors import ErrorKind
from ghosttab.lifecycle import TaskStatus
from ghosttab.navigator.budget import ModelLimits
from ghosttab.navigator.llm import ModelConfig
from ghosttab.navigator.router import RouterSettings
from ghosttab.result import TaskResult, Tier
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec
from ghosttab.store import Store

from .scripted import ScriptedModel, click_named, fixed

SECRET = "tok-never-in-a-prompt"
PRICE_IN, PRICE_OUT = 1.0, 2.0  # USD per million tokens
CALL_COST = (1000 * PRICE_IN + 20 * PRICE_OUT) / 1e6


def gift_task(demo_url: str) -> TaskSpec:
    """A page where the heuristic is unsure: the model has to pick the offer to claim."""
    return TaskSpec.model_validate(
        {
            "id": "gift",
            "goal": "Get the welcome gift",
            "start_url": f"{demo_url}/lab/newtab/welcome",
            "secrets": {"token": SECRET},
            "success": {"text": "Offer claimed"},
            "max_steps": 4,
        }
    )


def fleet(tmp_path: Path, url: str, limits: ModelLimits | None = None) -> FleetConfig:
    return FleetConfig(
        db=str(tmp_path / "m.db"),
        runner=RunnerConfig(artifacts_dir=tmp_path / "art"),
        concurrency=1,
        model=ModelConfig(
            base_url=url, model="scripted-1", input_usd_per_mtok=PRICE_IN, output_usd_per_mtok=PRICE_OUT
        ),
        router=RouterSettings(limits=limits or ModelLimits()),
    )


def assert_no_secret_sent(model: ScriptedModel) -> None:
    assert model.requests
    assert all(SECRET not in json.dumps(body) for body in model.requests)


async def run_one(spec: TaskSpec, config: FleetConfig) -> TaskResult:
    (result,) = await run_tasks([spec], config)
    return result


async def test_an_unsure_heuristic_escalates_and_each_step_records_its_tokens_and_cost(
    demo_url: str, tmp_path: Path, scripted: tuple[ScriptedModel, str]
) -> None:
    model, url = scripted
    model.script = [click_named("Claim offer")]
    config = fleet(tmp_path, url)
    result = await run_one(gift_task(demo_url), config)
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert result.tiers.get("llm") == 1
    assert result.tokens == 1020 and result.cost_usd == pytest.approx(CALL_COST)
    llm = result.spend[Tier.LLM]
    assert (llm.calls, llm.decisions, llm.tokens_in, llm.tokens_out) == (1, 1, 1000, 20)
    assert llm.cost_usd == pytest.approx(CALL_COST)
    with Store.open(config.db) as store:
        steps = await store.steps("gift")
    by_model = [step for step in steps if step.tier == Tier.LLM]
    assert len(by_model) == 1 and by_model[0].tokens == 1020
    assert by_model[0].cost_usd == pytest.approx(CALL_COST)
    assert all(step.tokens == 0 for step in steps if step.tier != Tier.LLM)
    assert "SECRET NAMES: token" in model.prompts[1]
    assert_no_secret_sent(model)
    # The server has structured outputs: the answer was constrained to the action schema.
    assert model.requests[0]["response_format"]["type"] == "json_schema"


async def test_an_invalid_answer_is_retried_once_with_what_was_wrong(
    demo_url: str, tmp_path: Path, scripted: tuple[ScriptedModel, str]
) -> None:
    model, url = scripted
    model.script = [fixed('{"kind": "click", "index": 9999}'), click_named("Claim offer")]
    result = await run_one(gift_task(demo_url), fleet(tmp_path, url))
    assert result.status == TaskStatus.SUCCEEDED, result.error
    retry = model.answered[1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": '{"kind": "click", "index": 9999}'}
    assert "rejected" in retry[-1]["content"] and "9999" in retry[-1]["content"]
    calls = result.spend[Tier.LLM].calls
    assert calls == len(model.answered) >= 2 and result.tokens == calls * 1020
    assert_no_secret_sent(model)


async def test_two_invalid_answers_end_in_a_failure_not_an_action(
    demo_url: str, tmp_path: Path, scripted: tuple[ScriptedModel, str]
) -> None:
    model, url = scripted
    model.script = [fixed("I would click the gift, I think.")]
    spec = gift_task(demo_url).model_copy(update={"max_steps": 1})
    result = await run_one(spec, fleet(tmp_path, url))
    assert result.status == TaskStatus.FAILED
    assert len(model.answered) >= 2  # one answer and its one retry per step the model was asked
    assert result.spend[Tier.LLM].calls == len(model.answered)


async def test_the_cost_limit_ends_the_task_with_a_budget_error(
    demo_url: str, tmp_path: Path, scripted: tuple[ScriptedModel, str]
) -> None:
    model, url = scripted
    model.script = [click_named("Claim offer")]
    limits = ModelLimits(max_cost_usd=CALL_COST / 2)
    result = await run_one(gift_task(demo_url), fleet(tmp_path, url, limits))
    assert result.status == TaskStatus.FAILED
    assert result.error is not None and result.error.kind == ErrorKind.BUDGET
    assert len(model.answered) == 1  # the call that passed the limit, and no other
    assert result.cost_usd == pytest.approx(CALL_COST)  # what it spent is still counted


async def test_the_call_limit_ends_the_task_with_a_budget_error(
    demo_url: str, tmp_path: Path, scripted: tuple[ScriptedModel, str]
) -> None:
    model, url = scripted
    model.script = [fixed('{"kind": "teleport"}'), click_named("Claim offer")]
    result = await run_one(gift_task(demo_url), fleet(tmp_path, url, ModelLimits(max_calls=1)))
    assert result.status == TaskStatus.FAILED
    assert result.error is not None and result.error.kind == ErrorKind.BUDGET
    assert "1 model calls" in result.error.message
    assert len(model.answered) == 1  # the retry would have been a second call


@pytest.mark.parametrize("status", [400, 500])  # llama.cpp's Python server answers with a 500
async def test_a_server_without_json_schema_is_asked_in_json_mode(
    demo_url: str, tmp_path: Path, scripted: tuple[ScriptedModel, str], status: int
) -> None:
    model, url = scripted
    model.reject_json_schema = True
    model.rejection_status = status
    model.script = [click_named("Claim offer")]
    result = await run_one(gift_task(demo_url), fleet(tmp_path, url))
    assert result.status == TaskStatus.SUCCEEDED, result.error
    shapes = [body["response_format"]["type"] for body in model.requests]
    assert shapes[-1] == "json_object" and set(shapes[:-1]) == {"json_schema"}  # 500s are retried once
    assert "anyOf" in model.requests[-1]["response_format"]["schema"]  # the schema, beside JSON mode
    assert result.spend[Tier.LLM].calls == 1  # the refusal answered nothing and costs nothing
    assert_no_secret_sent(model)


async def test_a_server_with_bare_json_mode_only_still_gets_validated_answers(
    demo_url: str, tmp_path: Path, scripted: tuple[ScriptedModel, str]
) -> None:
    model, url = scripted
    model.reject_json_schema = model.reject_schema_beside_json_mode = True
    model.script = [click_named("Claim offer")]
    result = await run_one(gift_task(demo_url), fleet(tmp_path, url))
    assert result.status == TaskStatus.SUCCEEDED, result.error
    formats = [body["response_format"] for body in model.requests]
    assert [f["type"] for f in formats] == ["json_schema", "json_object", "json_object"]
    assert "schema" in formats[1] and "schema" not in formats[2]
    assert_no_secret_sent(model)
