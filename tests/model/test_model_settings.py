"""Model settings (flags, variables, ghosttab.toml), prices, the answer schema and the router's rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ghosttab import FleetConfig
from ghosttab.actions import Click, TypeText
from ghosttab.cli.main import app
from ghosttab.errors import GhosttabError
from ghosttab.navigator.answer import Answer, Rejection, answer_schema, read_answer
from ghosttab.navigator.base import Decision, PastStep, TaskMemory
from ghosttab.navigator.llm import ModelDecider
from ghosttab.navigator.prices import price_for
from ghosttab.navigator.router import Router
from ghosttab.perception.models import Element, Observation
from ghosttab.result import Tier
from ghosttab.spec import TaskSpec

TOML = """
model = "local"
[models.local]
base_url = "http://127.0.0.1:9/v1"
model = "gemma-3-270m"
[models.hosted]
base_url = "https://models.example/v1"
model = "gpt-4o-mini"
api_key_env = "GT_TEST_KEY"
[prices."gemma-3-270m"]
input_usd_per_mtok = 0.5
output_usd_per_mtok = 1.5
[router]
tiers = ["heuristic", "llm"]
min_confidence = 0.6
[router.limits]
max_calls = 7
max_cost_usd = 0.02
"""


@pytest.fixture
def toml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ghosttab.toml"
    path.write_text(TOML)
    monkeypatch.setenv("GHOSTTAB_CONFIG", str(path))
    return path


def test_the_config_file_gives_profiles_prices_tiers_and_limits(toml_file: Path) -> None:
    config = FleetConfig()
    assert config.model is not None and config.model.model == "gemma-3-270m"
    assert config.model.base_url == "http://127.0.0.1:9/v1"
    assert config.model.price(config.prices).input_usd_per_mtok == 0.5
    assert config.router.tiers == [Tier.HEURISTIC, Tier.LLM] and config.router.min_confidence == 0.6
    assert (config.router.limits.max_calls, config.router.limits.max_cost_usd) == (7, 0.02)


def test_flags_and_variables_pick_a_profile_over_the_file(
    toml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GHOSTTAB_MODEL__MODEL", "hosted")
    config = FleetConfig()
    assert config.model is not None and config.model.model == "gpt-4o-mini"
    assert config.model.api_key_env == "GT_TEST_KEY"
    flagged = FleetConfig(model={"model": "other-model", "base_url": "http://127.0.0.1:7/v1"})
    assert flagged.model is not None and flagged.model.model == "other-model"


def test_the_key_comes_from_the_named_variable_and_is_never_in_the_settings(
    toml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GHOSTTAB_MODEL__MODEL", "hosted")
    config = FleetConfig()
    assert config.model is not None
    with pytest.raises(GhosttabError, match="GT_TEST_KEY is not set"):
        ModelDecider(config.model)
    monkeypatch.setenv("GT_TEST_KEY", "sk-secret-value-123")
    decider = ModelDecider(config.model)
    assert decider.client.api_key == "sk-secret-value-123"
    assert "sk-secret-value-123" not in config.model_dump_json()


def test_the_cli_reports_a_missing_key_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GT_ABSENT_KEY", raising=False)
    tasks = tmp_path / "t.jsonl"
    tasks.write_text(json.dumps({"id": "a", "goal": "Go", "start_url": "http://127.0.0.1:9/"}) + "\n")
    outcome = CliRunner().invoke(
        app,
        ["run", str(tasks), "--db", str(tmp_path / "c.db"), "--model", "m1",
         "--model-url", "http://127.0.0.1:9/v1", "--model-key-env", "GT_ABSENT_KEY"],
    )  # fmt: skip
    assert outcome.exit_code == 2
    assert "GT_ABSENT_KEY is not set" in outcome.output


def test_prices_come_from_the_table_unless_configured() -> None:
    assert price_for("gpt-4o-mini").input_usd_per_mtok == 0.15
    assert price_for("openai/gpt-4o-mini-2024-07-18").output_usd_per_mtok == 0.6
    assert price_for("my-local-model").cost(10_000, 10_000) == 0.0


PAGE = Observation(url="https://x.org", elements=[Element(index=3, ref="3", tag="button", name="Go")])
MEMORY = TaskMemory(
    spec=TaskSpec(id="t", goal="Go", start_url="https://x.org", data={"city": "Oslo"}),
    secret_names=["password"],
)


def test_answers_are_validated_against_the_action_schema() -> None:
    read = read_answer('```json\n{"kind": "click", "index": 3, "confidence": 0.8}\n```', PAGE, MEMORY)
    assert isinstance(read, Answer) and isinstance(read.action, Click) and read.confidence == 0.8
    typed = read_answer('{"kind": "type", "index": 3, "secret": "password"}', PAGE, MEMORY)
    assert isinstance(typed, Answer) and isinstance(typed.action, TypeText)
    for text, problem in [
        ('{"kind": "click", "index": 99}', "no element"),
        ("I would click the button", "not one JSON object"),
        ('{"kind": "teleport"}', "invalid"),
        ('{"kind": "click"}', "index"),
        ('{"kind": "type", "index": 3, "secret": "pin"}', "not a secret name"),
        ('{"kind": "type", "index": 3, "field": "town"}', "not a data key"),
        ('{"kind": "click", "index": 3, "confidence": 7}', "confidence"),
    ]:
        rejected = read_answer(text, PAGE, MEMORY)
        assert isinstance(rejected, Rejection) and problem in rejected.problem, (text, rejected)


def test_the_answer_schema_names_every_action_by_index() -> None:
    variants = answer_schema()["anyOf"]
    kinds = {variant["properties"]["kind"]["const"] for variant in variants}
    assert {"click", "type", "select", "navigate", "done", "fail"} <= kinds
    click = next(v for v in variants if v["properties"]["kind"]["const"] == "click")
    assert "index" in click["required"] and "target" not in click["properties"]
    assert "$ref" not in json.dumps(variants)


class Fixed:
    """A decider that always offers the same action (the protocol, implemented in the smallest way)."""

    def __init__(self, tier: Tier, confidence: float) -> None:
        self.tier, self.confidence, self.asked = tier, confidence, 0

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        self.asked += 1
        action = Click.model_validate({"target": {"index": 3}})
        return Decision(action=action, tier=self.tier, confidence=self.confidence)


async def test_the_router_escalates_when_unsure_or_after_two_failures_here() -> None:
    sure, model = Fixed(Tier.HEURISTIC, 0.9), Fixed(Tier.LLM, 0.8)
    router = Router([sure, model], min_confidence=0.5)
    memory = MEMORY.model_copy(deep=True)
    assert (await router.decide(PAGE, memory)).tier == Tier.HEURISTIC
    failed = PastStep(url=PAGE.url, page_hash="h", action=Click.model_validate({"target": {}}), ok=False,
                      tier=Tier.HEURISTIC)  # fmt: skip
    memory.history.append(failed)
    assert (await router.decide(PAGE, memory)).tier == Tier.HEURISTIC  # one failure: try again
    memory.history.append(failed)
    assert (await router.decide(PAGE, memory)).tier == Tier.LLM  # two: the next tier decides
    unsure = Router([Fixed(Tier.HEURISTIC, 0.2), model], min_confidence=0.5)
    assert (await unsure.decide(PAGE, MEMORY.model_copy(deep=True))).tier == Tier.LLM
    assert memory.spend.of(Tier.LLM).decisions == 1
