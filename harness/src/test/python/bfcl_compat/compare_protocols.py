#!/usr/bin/env python3
"""BFCL's own generate + evaluate and `harmonica run --bfcl-compat`, against the same `harmonica sim`: same verdicts?

Starts one simulator (`harmonica sim --scenarios SETS --faults F`), then
  1. BFCL: `bfcl generate` (openbmb/MiniCPM-SALA-FC: bfcl-eval's OpenAI chat FC handler) and `bfcl evaluate
     --partial-eval` in a throw-away BFCL project root whose .env points at the simulator (no proxy);
  2. Harmonica: `harmonica run --bfcl-compat --endpoint SIM --bfcl-results ROOT2` (its own checker's verdicts in the
     journal, its result files and data_multi_turn.csv in ROOT2);
  3. BFCL's evaluate again, on Harmonica's result files;
and compares per entry: BFCL's verdict on its own run, Harmonica's verdict, BFCL's verdict on Harmonica's files, and
whether both runs recorded the same model answers; then data_multi_turn.csv byte for byte (Harmonica's against BFCL's
evaluate of Harmonica's files, and against BFCL's evaluate of its own run).

A verdict is "valid" or the error_type of a failing entry. Exit 0 when everything agrees, 1 otherwise, 2 on a setup
problem. Figures: docs/bfcl-compat.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_bfcl_against_sim as base  # noqa: E402

MODEL = base.MODELS["chat"]
CATEGORIES = ["multi_turn_base", "multi_turn_miss_func", "multi_turn_miss_param", "multi_turn_long_context"]


def entry_ids(data_dir: Path, categories: list[str], limit: int) -> list[str]:
    ids = []
    for c in categories:
        with open(data_dir / f"BFCL_v4_{c}.json") as f:
            cat = [json.loads(line)["id"] for line in f if line.strip()]
        ids += cat[:limit] if limit else cat
    return ids


def results(root: Path) -> dict[str, object]:
    out = {}
    for f in (root / "result" / MODEL.replace("/", "_") / "multi_turn").glob("*_result.json"):
        for line in f.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                out[r["id"]] = r["result"]
    return out


def evaluate(python: str, root: Path, score_dir: str) -> float:
    env = dict(os.environ, BFCL_PROJECT_ROOT=str(root), OPENAI_API_KEY=os.environ.get("OPENAI_API_KEY", "sk-unused"))
    t0 = time.monotonic()
    done = subprocess.run([python, "-m", "bfcl_eval", "evaluate", "--model", MODEL, "--test-category", "multi_turn",
                           "--partial-eval", "--score-dir", score_dir], cwd=root, env=env, capture_output=True, text=True)
    (root / f"evaluate-{score_dir}.log").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"bfcl evaluate failed ({done.returncode}) in {root}:\n{(done.stderr or done.stdout)[-2000:]}")
    return time.monotonic() - t0


def score_verdicts(root: Path, score_dir: str, ids: list[str]) -> dict[str, str]:
    failing = {}
    for f in (root / score_dir / MODEL.replace("/", "_") / "multi_turn").glob("*_score.json"):
        for line in f.read_text().splitlines()[1:]:
            if line.strip():
                row = json.loads(line)
                failing[row["id"]] = row.get("error", {}).get("error_type") or "invalid"
    present = set(results(root))
    return {i: failing.get(i, "valid" if i in present else "absent") for i in ids}


def harmonica_run(sim_url: str, scenarios: list[str], limit: int, out: Path, root2: Path, concurrency: int) -> float:
    cmd = base.sim_command() + ["run", "--bfcl-compat", "--endpoint", sim_url + "/v1", "--out", str(out), "--quiet",
                                "--no-report", "--bfcl-results", str(root2), "--concurrency", str(concurrency)]
    for s in scenarios:
        cmd += ["--scenarios", s]
    if limit:
        cmd += ["--limit", str(limit)]
    t0 = time.monotonic()
    done = subprocess.run(cmd, cwd=base.REPO, capture_output=True, text=True)
    took = time.monotonic() - t0
    (out.parent / "harmonica-run.log").write_text(done.stdout + done.stderr)
    if done.returncode not in (0, 3):
        raise SystemExit(f"harmonica run failed ({done.returncode}):\n{(done.stderr or done.stdout)[-2000:]}")
    return took


def journal_verdicts(run_dir: Path, ids: list[str]) -> dict[str, str]:
    v = {}
    for line in (run_dir / "journal.jsonl").read_text().splitlines():
        r = json.loads(line)
        if r.get("type") == "scenario" and "bfcl" in r:
            v[r["scenario_id"]] = "valid" if r["bfcl"]["valid"] else r["bfcl"].get("error_type") or "invalid"
    return {i: v.get(i, "absent") for i in ids}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data/bfcl/v4", help="BFCL v4 data, relative to the repository root")
    ap.add_argument("--categories", nargs="+", default=CATEGORIES)
    ap.add_argument("--limit", type=int, default=0, help="the first N entries of each category (0: all)")
    ap.add_argument("--faults", default="off", help="the simulator's --faults (off, default, ...)")
    ap.add_argument("--seed", type=int, default=0, help="the simulator's --seed")
    ap.add_argument("--python", default=sys.executable, help="the Python with bfcl-eval")
    ap.add_argument("--threads", type=int, default=2, help="bfcl generate --num-threads and harmonica --concurrency")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()

    base.check_bfcl(a.python)
    data = (base.REPO / a.data).resolve()
    short = [c.removeprefix("multi_turn_") for c in a.categories]
    scenarios = [f"bfcl:{a.data}:{c}" for c in short]  # one set per category: --limit counts per set
    ids = entry_ids(data, a.categories, a.limit)
    work = Path(tempfile.mkdtemp(prefix="bfcl-compat-"))
    proc, url, lines = start_sim_sets(scenarios, a.faults, a.seed)
    print("\n".join(lines))
    try:
        root = work / "bfcl"
        root.mkdir()
        (root / ".env").write_text(f"OPENAI_BASE_URL={url}/v1\nOPENAI_API_KEY=sk-harmonica-sim\n")
        by_cat: dict[str, list[str]] = {}
        for i in ids:
            by_cat.setdefault(base.category_of(i), []).append(i)
        (root / "test_case_ids_to_generate.json").write_text(json.dumps(by_cat))
        t_gen = base.bfcl(a.python, root, "generate", "--model", MODEL, "--num-threads", str(a.threads), "--run-ids")
        t_eval = evaluate(a.python, root, "score")
        urllib.request.urlopen(urllib.request.Request(url + "/harmonica/reset", method="POST"), timeout=30).read()
        root2 = work / "harmonica"
        t_run = harmonica_run(url, scenarios, a.limit, work / "run", root2, a.threads)
        t_eval2 = evaluate(a.python, root2, "score-bfcl")
        bfcl_own = score_verdicts(root, "score", ids)
        harmonica = journal_verdicts(work / "run", ids)
        bfcl_on_ours = score_verdicts(root2, "score-bfcl", ids)
        ra, rb = results(root), results(root2)
        same_answers = sum(1 for i in ids if i in ra and i in rb and ra[i] == rb[i])
        agree = sum(1 for i in ids if bfcl_own[i] == harmonica[i] == bfcl_on_ours[i])
        csv_ours = (root2 / "score" / "data_multi_turn.csv").read_bytes()
        csv_bfcl_ours = (root2 / "score-bfcl" / "data_multi_turn.csv").read_bytes()
        csv_bfcl_own = (root / "score" / "data_multi_turn.csv").read_bytes()
        kinds: dict[str, int] = {}
        for i in ids:
            kinds[bfcl_own[i]] = kinds.get(bfcl_own[i], 0) + 1
        print(f"\nfaults {a.faults}, seed {a.seed}, {len(ids)} entries ({', '.join(short)}"
              f"{'' if not a.limit else f', first {a.limit} each'})")
        print(f"  BFCL generate {t_gen:.0f} s + evaluate {t_eval:.0f} s; harmonica run --bfcl-compat {t_run:.0f} s;"
              f" BFCL evaluate of Harmonica's files {t_eval2:.0f} s")
        print(f"  BFCL's verdicts: {dict(sorted(kinds.items(), key=lambda kv: -kv[1]))}")
        print(f"  per-entry verdicts equal (BFCL run = Harmonica = BFCL on Harmonica's files): {agree}/{len(ids)}")
        print(f"  identical recorded model answers: {same_answers}/{len(ids)}")
        print(f"  data_multi_turn.csv: Harmonica's == BFCL evaluate of Harmonica's files: {csv_ours == csv_bfcl_ours};"
              f" == BFCL's own run: {csv_ours == csv_bfcl_own}")
        print("  " + csv_ours.decode().replace("\n", "\n  "))
        bad = [i for i in ids if not bfcl_own[i] == harmonica[i] == bfcl_on_ours[i]]
        for i in bad[:20]:
            print(f"  DISAGREE {i}: BFCL {bfcl_own[i]}, Harmonica {harmonica[i]}, BFCL on Harmonica's files {bfcl_on_ours[i]}")
        ok = not bad and csv_ours == csv_bfcl_ours == csv_bfcl_own
        return 0 if ok else 1
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
        if a.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def start_sim_sets(sets: list[str], faults: str, seed: int):
    """Like run_bfcl_against_sim.start_sim, with several --scenarios and a seed."""
    cmd = base.sim_command() + ["sim", "--port", "0", "--faults", faults, "--seed", str(seed), "--serve-seconds", "7200"]
    for s in sets:
        cmd += ["--scenarios", s]
    return base.launch_sim(cmd)

if __name__ == "__main__":
    sys.exit(main())
