#!/usr/bin/env python3
"""Smoke-test a server that serves the tiny gpt-oss model and print what it really does.

    smoke_server.py --server llama|vllm [--url http://127.0.0.1:PORT] [--samples N] [--json]

Without --url it launches serve_tiny.py itself and stops it afterwards. Checks, in order:
  health       GET /health, GET /v1/models
  raw          POST /v1/completions with a token-id prompt rendered by openai-harmony
               (render_conversation_for_completion), greedy: the exact text and token ids that come back
  render       the server's own rendering of a chat request as token ids (llama.cpp: /apply-template then /tokenize
               with parse_special; vLLM: /tokenize with messages) compared with openai-harmony's ids
  chat         POST /v1/chat/completions with tools, greedy, tool_choice auto and required
  sampled      N sampled raw completions and N sampled chat requests (temperature 1): how often they stop,
               what raw harmony markup and what HTTP errors come back
  stream       streamed chat requests: events, [DONE], error events
Exit code 0 when the hard checks pass (health, raw greedy text, render equality, stream ends), 1 otherwise.
Needs openai-harmony (the test env) for the reference rendering; everything else is the standard library.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL = os.environ.get("HARMONICA_SMOKE_MODEL", "tiny-gpt-oss")
DATE = "2025-06-28"
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Gets the current weather in the provided location.",
    "parameters": {"type": "object", "properties": {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"}},
        "required": ["location"]}}}
MESSAGES = [{"role": "system", "content": "You are a weather bot."},
            {"role": "user", "content": "What is the weather in Paris?"}]


# ------------------------------------------------------------------ http
def request(base: str, method: str, path: str, body=None, timeout=120.0):
    """Returns (status, parsed JSON or text). HTTP errors are returned, not raised."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def stream(base: str, path: str, body, timeout=120.0):
    """Returns (status, list of SSE data payloads as parsed JSON or the raw string '[DONE]')."""
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json"})
    events = []
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            for line in r:
                line = line.decode().strip()
                if line.startswith("data:"):
                    payload = line[5:].strip()
                    events.append(payload if payload == "[DONE]" else json.loads(payload))
            return r.status, events
    except urllib.error.HTTPError as e:
        return e.code, [e.read().decode(errors="replace")]


# ------------------------------------------------------------------ reference rendering
def harmony_ids(encodings_dir: Path, tools=True) -> list[int]:
    os.environ.setdefault("TIKTOKEN_ENCODINGS_BASE", str(encodings_dir))
    import openai_harmony as h

    enc = h.load_harmony_encoding(h.HarmonyEncodingName.HARMONY_GPT_OSS)
    sysc = h.SystemContent.new().with_reasoning_effort(h.ReasoningEffort.MEDIUM).with_conversation_start_date(DATE)
    dev = h.DeveloperContent.new().with_instructions(MESSAGES[0]["content"])
    if tools:
        f = WEATHER["function"]
        dev = dev.with_function_tools([h.ToolDescription.new(f["name"], f["description"], parameters=f["parameters"])])
    conv = h.Conversation.from_messages([
        h.Message.from_role_and_content(h.Role.SYSTEM, sysc),
        h.Message.from_role_and_content(h.Role.DEVELOPER, dev),
        h.Message.from_role_and_content(h.Role.USER, MESSAGES[1]["content"])])
    return list(enc.render_conversation_for_completion(conv, h.Role.ASSISTANT))


def raw_extras(server: str) -> dict:
    """Request fields that make the server return the raw harmony text and the token ids."""
    if server == "vllm":
        return {"skip_special_tokens": False, "spaces_between_special_tokens": False,
                "include_stop_str_in_output": True, "return_token_ids": True}
    return {"logprobs": 1}  # llama.cpp: choices[].logprobs.content[] carries every token id, stop token included


def completion_ids(server: str, choice: dict) -> list[int] | None:
    if server == "vllm":
        return choice.get("token_ids")
    lp = choice.get("logprobs") or {}
    return [t["id"] for t in lp.get("content", [])] or None


# ------------------------------------------------------------------ checks
def run_checks(base: str, server: str, samples: int, encodings_dir: Path) -> dict:
    R: dict = {"server": server, "base_url": base, "hard_failures": []}

    def hard(ok: bool, what: str):
        if not ok:
            R["hard_failures"].append(what)

    st, body = request(base, "GET", "/health")
    R["health"] = {"status": st, "body": body}
    hard(st == 200, "health")
    st, body = request(base, "GET", "/v1/models")
    R["models"] = {"status": st, "ids": [m.get("id") for m in body.get("data", [])] if isinstance(body, dict) else body}

    ids = harmony_ids(encodings_dir)
    R["prompt_tokens"] = len(ids)

    # raw completion, greedy
    t = time.monotonic()
    st, body = request(base, "POST", "/v1/completions", {"model": MODEL, "prompt": ids, "max_tokens": 64,
                                                         "temperature": 0, **raw_extras(server)})
    ch = body["choices"][0] if st == 200 else {}
    R["raw_greedy"] = {"status": st, "text": ch.get("text"), "token_ids": completion_ids(server, ch),
                       "finish_reason": ch.get("finish_reason"), "stop_reason": ch.get("stop_reason"),
                       "seconds": round(time.monotonic() - t, 3)}
    hard(st == 200 and (ch.get("text") or "").startswith("<|channel|>final<|message|>Hello"), "raw greedy text")

    # the server's rendering of a chat request
    render = {}
    if server == "llama":
        st, body = request(base, "POST", "/apply-template", {"messages": MESSAGES, "tools": [WEATHER],
                                                             "chat_template_kwargs": {"current_date": DATE}})
        prompt = body.get("prompt") if st == 200 else None
        render["apply_template_status"] = st
        st, body = request(base, "POST", "/tokenize", {"content": prompt, "parse_special": True})
        server_ids = body.get("tokens") if st == 200 else None
    else:
        st, body = request(base, "POST", "/tokenize", {"model": MODEL, "messages": MESSAGES, "tools": [WEATHER],
                                                       "add_generation_prompt": True,
                                                       "chat_template_kwargs": {"current_date": DATE}})
        server_ids = body.get("tokens") if st == 200 else None
    render["tokenize_status"] = st
    render["equals_harmony"] = server_ids == ids
    if server_ids != ids and server_ids:
        k = next((i for i, (a, b) in enumerate(zip(server_ids, ids)) if a != b), min(len(ids), len(server_ids)))
        render["first_difference"] = {"index": k, "server": server_ids[k:k + 8], "harmony": ids[k:k + 8]}
    R["render"] = render
    hard(render["equals_harmony"], "server rendering == openai-harmony rendering")

    # chat with tools, greedy
    chat = {}
    for choice in ("auto", "required"):
        st, body = request(base, "POST", "/v1/chat/completions", {
            "model": MODEL, "messages": MESSAGES, "tools": [WEATHER], "tool_choice": choice, "max_tokens": 64,
            "temperature": 0, "chat_template_kwargs": {"current_date": DATE}})
        c = body["choices"][0] if st == 200 and isinstance(body, dict) and body.get("choices") else None
        chat[choice] = {"status": st, "message": c["message"] if c else body,
                        "finish_reason": c["finish_reason"] if c else None}
    R["chat_greedy"] = chat

    # sampled raw completions
    stops, lens, examples = collections.Counter(), [], []
    t = time.monotonic()
    ntok = 0
    for s in range(samples):
        st, body = request(base, "POST", "/v1/completions", {"model": MODEL, "prompt": ids, "max_tokens": 128,
                                                             "temperature": 1.0, "top_p": 1.0, "seed": s,
                                                             **raw_extras(server)})
        if st != 200:
            stops[f"http {st}"] += 1
            continue
        c = body["choices"][0]
        stops[c.get("finish_reason")] += 1
        ntok += body["usage"]["completion_tokens"]
        lens.append(body["usage"]["completion_tokens"])
        if len(examples) < 5:
            examples.append({"text": c.get("text"), "token_ids": completion_ids(server, c)})
    dt = time.monotonic() - t
    R["raw_sampled"] = {"n": samples, "finish_reasons": dict(stops),
                        "mean_completion_tokens": round(sum(lens) / max(len(lens), 1), 1),
                        "tokens_per_second_incl_http": round(ntok / dt, 1) if dt else None, "examples": examples}

    # sampled chat requests with tools
    outcomes, ex = collections.Counter(), {}
    for s in range(samples):
        st, body = request(base, "POST", "/v1/chat/completions", {
            "model": MODEL, "messages": MESSAGES, "tools": [WEATHER], "max_tokens": 128, "temperature": 1.0,
            "top_p": 1.0, "seed": s, "chat_template_kwargs": {"current_date": DATE}})
        if st != 200:
            msg = body.get("error", {}).get("message") if isinstance(body, dict) else str(body)
            key = f"HTTP {st}: {msg}"
        else:
            c = body["choices"][0]
            m = c["message"]
            content = m.get("content") or ""
            kind = ("tool_calls" if m.get("tool_calls") else
                    "raw harmony markup in content" if "<|" in content else
                    "content" if content else "no content")
            reasoning = m.get("reasoning") or m.get("reasoning_content")
            key = f"HTTP 200 finish={c['finish_reason']} {kind}{' +reasoning' if reasoning else ''}"
        outcomes[key] += 1
        ex.setdefault(key, body if st != 200 else body["choices"][0])
    R["chat_sampled"] = {"n": samples, "outcomes": dict(outcomes.most_common()), "example_per_outcome": ex}

    # streaming
    streams = []
    for s in range(min(samples, 6)):
        st, events = stream(base, "/v1/chat/completions", {
            "model": MODEL, "messages": MESSAGES, "tools": [WEATHER], "max_tokens": 128, "temperature": 1.0,
            "seed": s, "stream": True, "chat_template_kwargs": {"current_date": DATE}})
        errors = [e for e in events if isinstance(e, dict) and "error" in e]
        finish = [c.get("finish_reason") for e in events if isinstance(e, dict)
                  for c in e.get("choices", []) if c.get("finish_reason")]
        streams.append({"status": st, "events": len(events), "done": "[DONE]" in events,
                        "error_events": [e["error"] for e in errors], "finish_reasons": finish})
    R["stream"] = streams
    hard(all(x["status"] == 200 and (x["done"] or x["error_events"]) for x in streams), "streams end")
    return R


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", choices=["llama", "vllm"], required=True)
    ap.add_argument("--url", help="an already running server (default: launch serve_tiny.py)")
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--json", action="store_true", help="print the full report as JSON")
    a = ap.parse_args(argv)

    sys.path.insert(0, str(HERE))
    import make_tiny_gpt_oss as m

    tmp = Path(tempfile.mkdtemp(prefix="harmonica-enc-"))
    (tmp / "o200k_base.tiktoken").write_bytes(m.find_rank_file(None))

    proc = None
    base = a.url
    if not base:
        t = time.monotonic()
        proc = subprocess.Popen([sys.executable, str(HERE / "serve_tiny.py"), "--server", a.server],
                                stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline().strip()
        if not line.startswith("READY "):
            print(f"server did not start: {line}", file=sys.stderr)
            proc.terminate()
            return 1
        base = line.split()[1]
        print(f"[smoke] {a.server} ready at {base} in {time.monotonic() - t:.1f} s", file=sys.stderr)
    try:
        R = run_checks(base, a.server, a.samples, tmp)
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=30)
    if a.json:
        print(json.dumps(R, indent=1, ensure_ascii=False))
    else:
        print(f"server={a.server} url={base}")
        print(f"raw greedy: {R['raw_greedy']}")
        print(f"render equals openai-harmony: {R['render']}")
        for k, v in R["chat_greedy"].items():
            print(f"chat greedy tool_choice={k}: {json.dumps(v, ensure_ascii=False)[:400]}")
        rs = {k: v for k, v in R["raw_sampled"].items() if k != "examples"}
        print(f"raw sampled: {rs}")
        for e in R["raw_sampled"]["examples"][:3]:
            print(f"   e.g. {e['text']!r}")
        print(f"chat sampled outcomes: {json.dumps(R['chat_sampled']['outcomes'], ensure_ascii=False)}")
        print(f"streams: {json.dumps(R['stream'], ensure_ascii=False)[:600]}")
        print(f"hard failures: {R['hard_failures'] or 'none'}")
    return 1 if R["hard_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
