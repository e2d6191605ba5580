"""A real HTTP server on 127.0.0.1 that speaks OpenAI chat-completions and answers from a script."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

# An answer from the prompt's current page: the text the server sends back as the model's message.
Answerer = Callable[[str], str]


def click_named(wanted: str, confidence: float = 0.9) -> Answerer:
    """Click the element of the current page whose line names `wanted`."""

    def answer(prompt: str) -> str:
        current = prompt.rsplit("CURRENT PAGE:", 1)[-1]
        match = re.search(rf"\[(\d+)\][^\n]*{re.escape(wanted)}", current)
        if match is None:
            return '{"kind": "wait", "seconds": 0.1}'
        return json.dumps({"kind": "click", "index": int(match.group(1)), "confidence": confidence})

    return answer


def fixed(text: str) -> Answerer:
    return lambda _prompt: text


class ScriptedModel:
    """Answers the n-th call with the n-th answerer (the last one repeats); records every request."""

    def __init__(self) -> None:
        self.script: list[Answerer] = [fixed('{"kind": "fail", "reason": "no script"}')]
        self.usage = (1000, 20)
        self.reject_json_schema = False
        self.rejection_status = 400
        self.reject_schema_beside_json_mode = False
        self.requests: list[dict[str, Any]] = []  # every body received, rejected ones too
        self.answered: list[dict[str, Any]] = []
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self.complete)

    @property
    def prompts(self) -> list[str]:
        return [message["content"] for body in self.requests for message in body["messages"]]

    async def complete(self, request: Request) -> Any:
        body = await request.json()
        self.requests.append(body)
        shape = (body.get("response_format") or {}).get("type")
        beside = shape == "json_object" and "schema" in body["response_format"]
        if (self.reject_json_schema and shape == "json_schema") or (
            self.reject_schema_beside_json_mode and beside
        ):
            error = {"message": "response_format json_schema is not supported", "type": "invalid_request"}
            return JSONResponse({"error": error}, status_code=self.rejection_status)
        answerer = self.script[min(len(self.answered), len(self.script) - 1)]
        self.answered.append(body)
        content = answerer(body["messages"][-1]["content"] if body["messages"] else "")
        prompt_tokens, completion_tokens = self.usage
        return {
            "id": f"cmpl-{len(self.answered)}",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


@contextmanager
def serving(model: ScriptedModel) -> Iterator[str]:
    """The server running on a free port; yields its /v1 base URL."""
    server = uvicorn.Server(uvicorn.Config(model.app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
