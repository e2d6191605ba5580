"""The model tier: any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio,
OpenRouter) decides where the tiers below are unsure. Calls, tokens, cost and time are counted per
task in its memory, against the task's limits.

The prompt holds the goal, the task's data, secret *names*, a folded history and the compact
observation (already masked of secret values). The answer is one JSON action (`answer.py`):
constrained by a JSON schema where the server has structured outputs, by JSON mode where it has
only that, and validated either way. An invalid answer is asked for once more, with what was
wrong; a second invalid answer is a zero-confidence `fail` the router escalates past or ends on.
"""

from __future__ import annotations

import json
import os
import time
from enum import Enum
from typing import Any

from openai import APIStatusError, AsyncOpenAI, OpenAIError
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict, Field

from ghosttab.actions import Fail
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.navigator.answer import Answer, answer_schema, read_answer
from ghosttab.navigator.base import Decision, TaskMemory
from ghosttab.navigator.budget import ModelLimits, ensure_call_allowed, ensure_within_cost
from ghosttab.navigator.context import ContextWindow
from ghosttab.navigator.prices import Price, price_for
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

RETRY_PROMPT = "That answer was rejected: {problem}. Answer again with ONE JSON action and nothing else."


class OutputMode(str, Enum):
    """How the answer's shape is asked for; a server that rejects one is asked the next way."""

    JSON_SCHEMA = "json_schema"  # structured outputs: the action schema itself
    # JSON mode with the schema beside it: llama.cpp's Python server turns it into a grammar
    JSON_OBJECT_SCHEMA = "json_object_schema"
    JSON_OBJECT = "json_object"  # JSON mode: some JSON object, validated after
    TEXT = "text"  # no constraint: the JSON object is looked for in the text


_NEXT_MODE = {
    OutputMode.JSON_SCHEMA: OutputMode.JSON_OBJECT_SCHEMA,
    OutputMode.JSON_OBJECT_SCHEMA: OutputMode.JSON_OBJECT,
    OutputMode.JSON_OBJECT: OutputMode.TEXT,
}


class ModelConfig(BaseModel):
    """One model at one endpoint. The key is read from the environment variable `api_key_env`
    names, when the model tier starts; it is never part of the configuration."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = Field(description="the OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1")
    model: str = Field(description="the model's name at that endpoint")
    api_key_env: str | None = Field(None, description="the environment variable holding the key")
    input_usd_per_mtok: float | None = Field(
        None, ge=0, description="USD for a million prompt tokens (default: the price table's)"
    )
    output_usd_per_mtok: float | None = Field(
        None, ge=0, description="USD for a million answer tokens (default: the price table's)"
    )
    output: OutputMode = Field(OutputMode.JSON_SCHEMA, description="how the answer's shape is asked for")
    timeout_s: float = Field(60.0, gt=0, description="seconds one call may take")
    max_output_tokens: int = Field(default=300, ge=16, description="tokens an answer may take")

    def price(self, table: dict[str, Price] | None = None) -> Price:
        """This model's price: its own where given, else the table's (configured, then known)."""
        listed = price_for(self.model, table)
        return Price(
            input_usd_per_mtok=listed.input_usd_per_mtok
            if self.input_usd_per_mtok is None
            else self.input_usd_per_mtok,
            output_usd_per_mtok=listed.output_usd_per_mtok
            if self.output_usd_per_mtok is None
            else self.output_usd_per_mtok,
        )

    def api_key(self) -> str:
        """The key from the named variable; a local server needs none."""
        if self.api_key_env is None:
            return "not-needed"
        key = os.environ.get(self.api_key_env)
        if not key:
            raise GhosttabError(
                StructuredError(
                    kind=ErrorKind.INPUT,
                    source=ErrorSource.INPUT,
                    message=f"model key: the environment variable {self.api_key_env} is not set",
                )
            )
        return key


class _Reply(BaseModel):
    text: str
    tokens: int
    cost_usd: float


class ModelDecider:
    tier = Tier.LLM

    def __init__(
        self,
        config: ModelConfig,
        prices: dict[str, Price] | None = None,
        limits: ModelLimits | None = None,
        client: AsyncOpenAI | None = None,
    ) -> None:
        self.config = config
        self.unit_price = config.price(prices)
        self.limits = limits or ModelLimits()
        self.mode = config.output
        self.client = client or AsyncOpenAI(
            base_url=config.base_url, api_key=config.api_key(), timeout=config.timeout_s, max_retries=1
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
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": self.prompt(observation, memory)},
        ]
        tokens, cost, problem = 0, 0.0, ""
        for _ in range(2):  # the answer, and one retry with what was wrong with it
            try:
                reply = await self._complete(messages, memory)
            except OpenAIError as exc:
                return _unsure(f"the model server failed: {type(exc).__name__}", tokens, cost)
            tokens, cost = tokens + reply.tokens, cost + reply.cost_usd
            read = read_answer(reply.text, observation, memory)
            if isinstance(read, Answer):
                return Decision(
                    action=read.action, tier=Tier.LLM, confidence=read.confidence,
                    reason=read.reason, tokens=tokens, cost_usd=cost,
                )  # fmt: skip
            problem = read.problem
            messages.append({"role": "assistant", "content": reply.text})
            messages.append({"role": "user", "content": RETRY_PROMPT.format(problem=problem)})
        return _unsure(f"the model gave no valid action: {problem}", tokens, cost)

    async def _complete(self, messages: list[ChatCompletionMessageParam], memory: TaskMemory) -> _Reply:
        """One answer, within the task's limits; its spend is counted before anything can fail."""
        ensure_call_allowed(memory.spend, self.limits)
        started = time.monotonic()
        try:
            completion = await self._request(messages)
        except OpenAIError:
            memory.spend.add_call(Tier.LLM, 0, 0, 0.0, time.monotonic() - started)
            raise
        usage = completion.usage
        tokens_in = usage.prompt_tokens if usage else 0
        tokens_out = usage.completion_tokens if usage else 0
        cost = self.unit_price.cost(tokens_in, tokens_out)
        memory.spend.add_call(Tier.LLM, tokens_in, tokens_out, cost, time.monotonic() - started)
        ensure_within_cost(memory.spend, self.limits)
        text = (completion.choices[0].message.content or "") if completion.choices else ""
        return _Reply(text=text, tokens=tokens_in + tokens_out, cost_usd=cost)

    async def _request(self, messages: list[ChatCompletionMessageParam]) -> ChatCompletion:
        """Ask in the current output mode; a server that rejects the mode is asked the next way
        (its refusal answered nothing, so it is not counted as a call)."""
        while True:
            try:
                completion: ChatCompletion = await self.client.chat.completions.create(
                    model=self.config.model,
                    messages=messages,
                    temperature=0,
                    max_tokens=self.config.max_output_tokens,
                    **self._format(),
                )
                return completion
            except APIStatusError as exc:
                following = _NEXT_MODE.get(self.mode)
                if following is None or not _rejects_format(exc):
                    raise
                self.mode = following

    def _format(self) -> dict[str, Any]:
        if self.mode == OutputMode.JSON_SCHEMA:
            schema = {"name": "action", "schema": answer_schema(), "strict": False}
            return {"response_format": {"type": "json_schema", "json_schema": schema}}
        if self.mode == OutputMode.JSON_OBJECT_SCHEMA:
            return {"response_format": {"type": "json_object", "schema": answer_schema()}}
        if self.mode == OutputMode.JSON_OBJECT:
            return {"response_format": {"type": "json_object"}}
        return {}


def _rejects_format(error: APIStatusError) -> bool:
    """A refusal of the request's shape: a 400/422, or any error naming response_format (the
    llama.cpp Python server answers an unknown response_format type with a 500 that names it)."""
    return error.status_code in (400, 422) or "response_format" in str(error.message)


def _unsure(reason: str, tokens: int, cost: float) -> Decision:
    return Decision(
        action=Fail(reason=reason), tier=Tier.LLM, confidence=0.0, reason=reason, tokens=tokens, cost_usd=cost
    )
