#!/usr/bin/env python3
"""BFCL's own `generate` and `evaluate` (bfcl-eval 2026.3.23) against `harmonica sim`, with no proxy in between.

bfcl-eval's OpenAI handlers read OPENAI_BASE_URL and OPENAI_API_KEY (model_handler/api_inference/openai_completion.py
and openai_response.py, `_build_client_kwargs`), and `bfcl` loads `$BFCL_PROJECT_ROOT/.env` over the environment. So
this script makes a throw-away BFCL project root whose .env points at the simulator, lists the entries to run in its
test_case_ids_to_generate.json, runs `bfcl generate --run-ids` and `bfcl evaluate --partial-eval`, and prints every
entry's verdict. With faults off every entry must be valid: the simulator answers each request with the next
ground-truth call of the user turn, then "The request is complete.".

Two of BFCL's FC handlers can be pointed at another server:
  chat       `openbmb/MiniCPM-SALA-FC` (OpenAICompletionsHandler: POST /v1/chat/completions)
  responses  `gpt-4.1-2025-04-14-FC`   (OpenAIResponsesHandler:  POST /v1/responses)
The model name is only what the request's "model" field says; the simulator answers any.

Exit status: 0 when every entry is valid, 1 otherwise, 2 on a setup problem.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[4]
MODELS = {"chat": "openbmb/MiniCPM-SALA-FC", "responses": "gpt-4.1-2025-04-14-FC"}
# one entry per category, none of them indistinguishable from an entry of another category (see the simulator's
# start-up line: 21 of the 800 v4 entries are, when all four categories are served at once)
DEFAULT_IDS = ["multi_turn_base_0", "multi_turn_base_193", "multi_turn_miss_func_46", "multi_turn_miss_param_0",
               "multi_turn_long_context_0"]


def category_of(entry_id: str) -> str:
    return entry_id.rsplit("_", 1)[0]


def sim_command() -> list[str]:
    java = os.environ.get("HARMONICA_JAVA") or shutil.which("java")
    if not java:
        raise SystemExit("setup: no java (set HARMONICA_JAVA or put java on PATH)")
    if os.environ.get("HARMONICA_CLASSPATH"):
        return [java, "-cp", os.environ["HARMONICA_CLASSPATH"], "dev.harmonica.cli.Main"]
    jar = Path(os.environ.get("HARMONICA_JAR", REPO / "harness" / "target" / "harmonica.jar"))
    if not jar.exists():
        raise SystemExit(f"setup: {jar} is absent: build it with `mvn -B -ntp -q package -DskipTests`, or pass --sim-url")
    return [java, "-jar", str(jar)]


def start_sim(scenarios: str, faults: str, ignore_stop: bool) -> tuple[subprocess.Popen, str, list[str]]:
    cmd = sim_command() + ["sim", "--port", "0", "--faults", faults, "--scenarios", scenarios, "--serve-seconds", "7200"]
    if ignore_stop:
        cmd.append("--ignore-stop")
    return launch_sim(cmd)


def launch_sim(cmd: list[str]) -> tuple[subprocess.Popen, str, list[str]]:
    """Starts a `harmonica sim` command line and waits for its base URL (the process, the URL, its output so far)."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        m = re.search(r"serving SIMULATED gpt-oss on (http://\S+) ", line)
        if m:
            return proc, m.group(1), lines
    proc.wait()
    raise SystemExit("setup: the simulator did not start:\n" + "\n".join(lines))


def check_bfcl(python: str) -> None:
    probe = subprocess.run([python, "-c", "import bfcl_eval._llm_response_generation, importlib.metadata as m;"
                            "print(m.version('bfcl-eval'))"], capture_output=True, text=True)
    if probe.returncode != 0:
        tail = (probe.stderr or probe.stdout).strip().splitlines()[-1:] or ["?"]
        hint = " (bfcl-eval 2026.3.23 imports qwen_agent, which needs `pip install soundfile`)" if "soundfile" in tail[0] else ""
        raise SystemExit(f"setup: {python} cannot import bfcl-eval's generator: {tail[0]}{hint}")
    print(f"bfcl-eval {probe.stdout.strip()} from {python}")


def bfcl(python: str, root: Path, *args: str) -> float:
    env = dict(os.environ, BFCL_PROJECT_ROOT=str(root))
    t0 = time.monotonic()
    done = subprocess.run([python, "-m", "bfcl_eval", *args], cwd=root, env=env, capture_output=True, text=True)
    took = time.monotonic() - t0
    (root / f"bfcl-{args[0]}.log").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"bfcl {' '.join(args)} failed ({done.returncode}); log: {root}/bfcl-{args[0]}.log\n"
                         + (done.stderr or done.stdout)[-2000:])
    return took


def verdicts(root: Path, model: str, ids: list[str]) -> dict[str, str]:
    """Every entry's verdict from BFCL's score files: "valid", or the error_type of a failing entry."""
    folder = root / "score" / model.replace("/", "_") / "multi_turn"
    failing = {}
    for f in folder.glob("*_score.json"):
        for line in f.read_text().splitlines()[1:]:
            if line.strip():
                row = json.loads(line)
                failing[row["id"]] = row.get("error", {}).get("error_type") or row.get("error_type") or "invalid"
    scored = set()
    for f in (root / "result" / model.replace("/", "_") / "multi_turn").glob("*_result.json"):
        for line in f.read_text().splitlines():
            if line.strip():
                scored.add(json.loads(line)["id"])
    return {i: failing.get(i, "valid" if i in scored else "not generated") for i in ids}


def requests_made(root: Path, model: str) -> int:
    """Model requests BFCL made: one per recorded step (the result file's per-turn step lists)."""
    n = 0
    for f in (root / "result" / model.replace("/", "_") / "multi_turn").glob("*_result.json"):
        for line in f.read_text().splitlines():
            if line.strip():
                result = json.loads(line)["result"]
                n += sum(len(turn) for turn in result) if isinstance(result, list) else 0
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ids", nargs="+", default=DEFAULT_IDS, help="BFCL entry ids (default: %(default)s)")
    ap.add_argument("--category", help="run every entry of one multi-turn category instead (e.g. multi_turn_base)")
    ap.add_argument("--api", choices=["chat", "responses", "both"], default="both")
    ap.add_argument("--scenarios", default="bfcl:../shared/data/bfcl/v4",
                    help="what the started simulator serves, relative to the repository root (default: %(default)s)")
    ap.add_argument("--faults", default="off", help="the simulator's --faults (default: off)")
    ap.add_argument("--ignore-stop", action="store_true",
                    help="start the simulator with --ignore-stop: all of a turn's calls in one answer (BFCL runs at most"
                         " 21 steps per turn; 2 long_context entries have 34 calls in one turn)")
    ap.add_argument("--sim-url", help="use a running simulator (http://HOST:PORT) instead of starting one")
    ap.add_argument("--python", default=sys.executable, help="the Python with bfcl-eval (default: this one)")
    ap.add_argument("--threads", type=int, default=1, help="bfcl generate --num-threads (default: 1)")
    ap.add_argument("--keep", action="store_true", help="keep the BFCL project root (results, scores, logs)")
    a = ap.parse_args()

    check_bfcl(a.python)
    proc = None
    url = a.sim_url
    if url is None:
        t0 = time.monotonic()
        proc, url, lines = start_sim(a.scenarios, a.faults, a.ignore_stop)
        print("\n".join(lines))
        print(f"simulator up in {time.monotonic() - t0:.1f} s")
    root = Path(tempfile.mkdtemp(prefix="bfcl-vs-sim-"))
    failed = 0
    try:
        (root / ".env").write_text(f"OPENAI_BASE_URL={url}/v1\nOPENAI_API_KEY=sk-harmonica-sim\n")
        ids = None if a.category else list(a.ids)
        if not a.category:
            by_cat: dict[str, list[str]] = {}
            for i in a.ids:
                by_cat.setdefault(category_of(i), []).append(i)
            (root / "test_case_ids_to_generate.json").write_text(json.dumps(by_cat))
        for api in (["chat", "responses"] if a.api == "both" else [a.api]):
            model = MODELS[api]
            gen = ["generate", "--model", model, "--num-threads", str(a.threads)]
            gen += ["--test-category", a.category] if a.category else ["--run-ids"]
            t_gen = bfcl(a.python, root, *gen)
            t_eval = bfcl(a.python, root, "evaluate", "--model", model, "--test-category",
                          a.category or "multi_turn", "--partial-eval")
            if ids is None:
                ids = sorted({json.loads(l)["id"] for f in (root / "result" / model.replace("/", "_") / "multi_turn")
                              .glob("*_result.json") for l in f.read_text().splitlines() if l.strip()},
                             key=lambda s: (category_of(s), int(s.rsplit("_", 1)[1])))
            v = verdicts(root, model, ids)
            bad = {i: x for i, x in v.items() if x != "valid"}
            failed += len(bad)
            print(f"\n{api} ({model}): generate {t_gen:.1f} s, evaluate {t_eval:.1f} s, "
                  f"{requests_made(root, model)} model requests, {len(v) - len(bad)}/{len(v)} valid")
            for i, x in v.items():
                if len(v) <= 20 or x != "valid":
                    print(f"  {i:32} {x}")
    finally:
        if proc is not None:
            proc.terminate()
            tail = proc.communicate(timeout=30)[0].strip().splitlines()
            if tail:
                print(tail[-1])
        if a.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
