"""The real servers (llama.cpp's llama-server, vLLM CPU) serve the tiny gpt-oss model as gpt-oss.

Each server is started once per module through serve_tiny.py (the same way a Java test does: spawn, read the
'READY <url>' line, stop with SIGTERM). A server whose env is missing is skipped with the command that installs it.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HERE

import smoke_server as smoke

REPO = HERE.parents[3]
ENVS = {"llama": Path(os.environ.get("HARMONICA_LLAMA_ENV", REPO / "target" / "llama-server")),
        "vllm": Path(os.environ.get("HARMONICA_VLLM_ENV", REPO / "target" / "pyenv-vllm"))}
GREEDY_IDS = [200005, 17196, 200008, 13225, 200002]  # <|channel|>final<|message|>Hello<|return|>


@pytest.fixture(scope="module", params=["llama", "vllm"])
def server(request):
    name = request.param
    if not (ENVS[name] / ".harmonica-stamp").exists():
        pytest.skip(f"{name} env missing at {ENVS[name]}: run harness/src/test/python/setup-env.sh {name}")
    proc = subprocess.Popen([sys.executable, str(HERE / "serve_tiny.py"), "--server", name, "--watch-stdin"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("READY "):
        proc.kill()
        pytest.fail(f"{name} did not start: {line!r}")
    yield name, line.split()[1]
    proc.terminate()
    assert proc.wait(timeout=60) == 0


@pytest.fixture(scope="module")
def report(server, encodings_dir):
    name, base = server
    return smoke.run_checks(base, name, samples=6, encodings_dir=encodings_dir)


def test_no_hard_failures(report):
    assert report["hard_failures"] == []


def test_raw_completion_returns_harmony_text_and_ids(report):
    r = report["raw_greedy"]
    assert r["token_ids"] == GREEDY_IDS
    if report["server"] == "vllm":
        assert r["text"] == "<|channel|>final<|message|>Hello<|return|>"
    else:  # llama.cpp prints <|channel|>/<|message|>/<|start|>/<|constrain|>/<|end|> but not the stop token
        assert r["text"] == "<|channel|>final<|message|>Hello"


def test_server_renders_chat_exactly_like_openai_harmony(report):
    assert report["render"]["equals_harmony"], report["render"]


def test_greedy_chat_answers_hello(report):
    auto = report["chat_greedy"]["auto"]
    assert auto["status"] == 200 and auto["message"]["content"] == "Hello" and auto["finish_reason"] == "stop"


def test_sampled_generation_stops(report):
    assert report["raw_sampled"]["finish_reasons"].get("stop", 0) >= 4


def test_streams_terminate(report):
    for s in report["stream"]:
        assert s["status"] == 200
        assert s["done"] or s["error_events"]
