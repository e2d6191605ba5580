"""The model tier: any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio,
OpenRouter) decides when the heuristic is unsure. Tokens and cost are counted per decision.

The prompt holds the goal, the task's data, secret *names*, a folded history and the compact
observation (already masked of secret values). The answer must be one JSON action, validated
like any other input before it is acted on.
"""

from __future__ import annotations

import json
import re

from openai import AsyncOpenAI, OpenAIError
from pydantic import BaseModel, Field, ValidationError

from ghosttab.actions import Action, ElementTarget, parse_action
from ghosttab.navigator.base import Decision, TaskMemory
from ghosttab.navigator.context import ContextWindow
from ghosttab.perception.models import Observation
from ghosttab.perception.render import render_compact
from ghosttab.result import Tier

SYSTEM_PROMPT = """You operate a web browser to reach a goal. Each turn you see the page as a list of
interactive elements, each with an index in brackets, then the page's text. Element lines:
  [4] button "Sign in"   one element (ctx="..." is the text around it; ctx=^ the line before's)
  links: [2] Home [3] About   several elements of one role, each name after its index
  list of 3, each: button "Add to cart", link "Details"   repeated items; then one line an item:
   [5][6] Blue Lamp $9   its indices in that order ([5] is its "Add to cart"), then its text
"-- offscreen --" starts elements outside the view. Answer with ONE JSON object and nothing else,
one of:
{"kind": "click", "index": N}
{"kind": "type", "index": N, "text": "..."} or {"kind": "type", "index": N, "field": "<data key>"}
  or {"kind": "type", "index": N, "secret": "<secret name>"}  (secrets are typed by name only)
{"kind": "select", "index": N, "option": "..."}
{"kind": "check", "index": N, "checked": true}
{"kind": "press", "key": "Enter"}
{"kind": "scroll", "direction": "down"}
{"kind": "navigate", "url": "..."}
{"kind": "back"}
{"kind": "wait", "seconds": 1}
{"kind": "done", "reason": "..."}
{"kind": "fail", "reason": "..."}
{"kind": "ask_human", "reason": "..."}
Add "confidence": 0..1 if you can."""

_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class ModelConfig(BaseModel):
    base_url: str = Field(description="the OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1")
    model: str = Field(description="the model's name at that endpoint")
    api_key: str = Field("not-needed", repr=False, description="the endpoint's key (local servers need none)")
    input_usd_per_mtok: float = Field(0.0, ge=0, description="price of a million prompt tokens (USD)")
    output_usd_per_mtok: float = Field(0.0, ge=0, description="price of a million answer tokens (USD)")
    timeout_s: float = Field(60.0, gt=0, description="seconds one call may take")
    max_output_tokens: int = Field(default=300, ge=16, description="tokens an answer may take")


class ModelDecider:
    tier = Tier.LLM

    def __init__(self, config: ModelConfig, client: AsyncOpenAI | None = None) -> None:
        self.config = config
        self.client = client or AsyncOpenAI(
            base_url=config.base_url, api_key=config.api_key, timeout=config.timeout_s, max_retries=1
        )
        self.windows: dict[str, ContextWindow] = {}

    def prompt(self, observation: Observation, memory: TaskMemory) -> str:
        spec = memory.spec
        window = self.windows.setdefault(spec.id, ContextWindow())
        known = len(window.entries)
        for number, past in enumerate(memory.history[known:], start=known + 1):
            window.add(number, "", past)
        lines = [
            f"DATA: {json.dumps(spec.data, ensure_ascii=False)}",
            f"SECRET NAMES: {', '.join(memory.secret_names) or 'none'}",
        ]
        return "\n".join(lines) + "\n\n" + window.render(render_compact(observation), spec.rendered_goal)

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        try:
            reply = await self.client.chat.completions.create(
                model=self.config.model,
                messages=[
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": self.prompt(observation, memory)},
                ],
                temperature=0,
                max_tokens=self.config.max_output_tokens,
            )
        except OpenAIError:
            return None
        usage = reply.usage
        tokens_in = usage.prompt_tokens if usage else 0
        tokens_out = usage.completion_tokens if usage else 0
        cost = (
            tokens_in * self.config.input_usd_per_mtok + tokens_out * self.config.output_usd_per_mtok
        ) / 1e6
        text = reply.choices[0].message.content or "" if reply.choices else ""
        action, confidence, reason = parse_answer(text, observation)
        return Decision(
            action=action,
            tier=Tier.LLM,
            confidence=confidence,
            reason=reason,
            tokens=tokens_in + tokens_out,
            cost_usd=cost,
        )


def parse_answer(text: str, observation: Observation) -> tuple[Action, float, str]:
    """The model's JSON answer as a validated Action; anything unusable becomes a low-confidence fail."""
    found = _JSON_OBJECT.search(text)
    try:
        body = json.loads(found.group(0)) if found else None
    except json.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        return parse_action({"kind": "fail", "reason": "the model gave no JSON action"}), 0.0, text[:200]
    confidence = _confidence(body.pop("confidence", 0.7))
    index = body.pop("index", None)
    if index is not None:
        element = observation.element(int(index)) if str(index).isdigit() else None
        if element is None:
            return parse_action({"kind": "fail", "reason": f"the model chose no element [{index}]"}), 0.0, ""
        body["target"] = ElementTarget(index=element.index, ref=element.ref, locator=element.locator())
    try:
        return parse_action(body), confidence, str(body.get("reason", ""))[:200]
    except ValidationError as exc:
        reason = f"the model's action was invalid: {exc.errors()[0]['msg']}"
        return parse_action({"kind": "fail", "reason": reason}), 0.0, ""


def _confidence(value: object) -> float:
    try:
        return min(1.0, max(0.0, float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.7
