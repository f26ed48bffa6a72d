#!/usr/bin/env python3
"""Build the real published-format SWE trajectories the Java tests read (HARMONICA_SWE_FORMATS).

Everything comes from published PyPI packages, pinned in requirements.txt beside this script (CI reaches PyPI but
not GitHub):

  mini-swe-agent==2.4.6        make_mini_swe_agent_v2.py  -> mini-swe-agent-2.4.6/mini-v2_*.traj.json (4 files)
  mini-swe-agent==1.17.5       make_mini_swe_agent_v1.py  -> mini-swe-agent-1.17.5/mini-v1_*.traj.json (2 files;
                               its wheel is put first on PYTHONPATH, the 2.4.6 dependencies serve both)
  openhands-sdk==1.58.2 (+ openhands-tools==1.58.2)
                               make_openhands_sdk_events.py -> openhands-sdk-1.58.2_terminal.events.jsonl
  sweagent==0.0.1              make_sweagent_0x.py         -> sweagent-0.0.1_thought_action.traj

None of these packages ships trajectory files; each generator runs the package's own agent loop and trajectory
writer with a scripted model (see each generator's docstring for what is the package's and what is not). The script
also downloads each package's distribution with `pip download --no-deps` and writes OUT_DIR/SOURCES.md: package,
version, distribution file and its sha256, the path in the package of what produced each file (and its sha256),
and each written file's sha256.

Usage:  build_formats.py OUT_DIR
Environment:
  HARMONICA_SWE_FORMATS_ENV  the venv (default <repo>/target/pyenv-swe-formats); rebuilt when requirements.txt or
                             the interpreter changes (stamp), reused otherwise
  HARMONICA_SWE_PYTHON       a CPython 3.12+ for that venv (openhands-sdk needs 3.12); default: python3.12, python3.13
                             on PATH, then ~/.pyenv/versions/3.1[23]*/bin/python
Idempotent: when OUT_DIR/SOURCES.md carries the stamp of the current scripts and requirements, nothing is done.
The files hold run-specific values (event ids, timestamps, temporary paths): tests must not pin those.
"""
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[4]
REQUIREMENTS = HERE / "requirements.txt"
PIP_VERSION = "25.3"

class Package:
    """A pinned PyPI package, its generator (None: imported by another's), the output subfolder, the package files
    that define what the generator produces, and whether its wheel goes first on PYTHONPATH (a second version of an
    installed package)."""

    def __init__(self, name, version, script, subdir, members, on_path=False):
        self.name, self.version, self.script, self.subdir = name, version, script, subdir
        self.members, self.on_path = members, on_path


PACKAGES = [
    Package("mini-swe-agent", "2.4.6", "make_mini_swe_agent_v2.py", "mini-swe-agent-2.4.6",
            ["minisweagent/agents/default.py", "minisweagent/models/litellm_model.py",
             "minisweagent/models/litellm_textbased_model.py", "minisweagent/config/mini.yaml",
             "minisweagent/config/mini_textbased.yaml", "minisweagent/config/benchmarks/swebench_xml.yaml"]),
    Package("mini-swe-agent", "1.17.5", "make_mini_swe_agent_v1.py", "mini-swe-agent-1.17.5",
            ["minisweagent/agents/default.py", "minisweagent/models/litellm_model.py",
             "minisweagent/run/utils/save.py", "minisweagent/config/default.yaml",
             "minisweagent/config/extra/swebench_xml.yaml"], on_path=True),
    Package("openhands-sdk", "1.58.2", "make_openhands_sdk_events.py", "",
            ["openhands/sdk/agent/agent.py", "openhands/sdk/event/llm_convertible/action.py",
             "openhands/sdk/event/llm_convertible/observation.py", "openhands/sdk/testing/test_llm.py"]),
    Package("openhands-tools", "1.58.2", None, "", ["openhands/tools/terminal/definition.py"]),
    Package("sweagent", "0.0.1", "make_sweagent_0x.py", "",
            ["sweagent/agent/agents.py", "sweagent/agent/models.py", "sweagent/agent/parsing.py"]),
]


def log(msg):
    print(f"[build_formats] {msg}", file=sys.stderr, flush=True)


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stamp_of(python_version):
    h = hashlib.sha256()
    for f in sorted(HERE.glob("*.py")) + [REQUIREMENTS]:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    h.update(python_version.encode())
    return h.hexdigest()


def find_python():
    candidates = [os.environ.get("HARMONICA_SWE_PYTHON"), shutil.which("python3.12"), shutil.which("python3.13")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[23]*/bin/python")))
    for c in candidates:
        if not c:
            continue
        ok = subprocess.run([c, "-c", "import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)"],
                            capture_output=True)
        if ok.returncode == 0:
            return c
    sys.exit("build_formats: no CPython 3.12+ found (openhands-sdk 1.58.2 needs it): set HARMONICA_SWE_PYTHON")


def ensure_env(env, python):
    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, check=True).stdout.strip()
    stamp = hashlib.sha256(REQUIREMENTS.read_bytes() + version.encode()).hexdigest()
    stamp_file = env / ".harmonica-stamp"
    if stamp_file.is_file() and stamp_file.read_text().strip() == stamp:
        log(f"env up to date at {env} (Python {version})")
        return env / "bin" / "python", version
    if env.exists():
        shutil.rmtree(env)
    t = time.time()
    subprocess.run([python, "-m", "venv", str(env)], check=True)
    pip = [str(env / "bin" / "python"), "-m", "pip", "-q", "--disable-pip-version-check", "--no-input"]
    subprocess.run(pip + ["install", f"pip=={PIP_VERSION}"], check=True)
    # --no-deps: requirements.txt is the full tested closure (sweagent 0.0.1's Docker/API dependencies left out)
    subprocess.run(pip + ["install", "--progress-bar", "off", "--no-deps", "-r", str(REQUIREMENTS)], check=True)
    stamp_file.write_text(stamp + "\n")
    log(f"env built at {env} (Python {version}) in {time.time() - t:.0f} s")
    return env / "bin" / "python", version


def download(py, name, version, into):
    subprocess.run([str(py), "-m", "pip", "-q", "--disable-pip-version-check", "download", "--no-deps",
                    "--only-binary", ":all:", "-d", str(into), f"{name}=={version}"], check=True)
    prefix = name.replace("-", "_") + "-" + version + "-"
    found = [p for p in into.iterdir() if p.name.startswith(prefix) and p.suffix == ".whl"]
    if len(found) != 1:
        sys.exit(f"build_formats: expected one wheel {prefix}*.whl in {into}, found {[p.name for p in found]}")
    return found[0]


def member_sha(wheel, member):
    with zipfile.ZipFile(wheel) as z:
        return hashlib.sha256(z.read(member)).hexdigest()


def generate(py, script, out, home, path_first=None):
    env = dict(os.environ, HOME=str(home), MSWEA_GLOBAL_CONFIG_DIR=str(home / "mswea"), MSWEA_SILENT_STARTUP="1",
               LITELLM_LOCAL_MODEL_COST_MAP="True", OPENHANDS_SUPPRESS_BANNER="1", PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    if path_first:
        env["PYTHONPATH"] = str(path_first)
    t = time.time()
    done = subprocess.run([str(py), str(HERE / script), str(out)], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        sys.exit(f"build_formats: {script} failed (exit {done.returncode})")
    for line in done.stdout.splitlines():
        if line.startswith(("mini-v1_", "mini-v2_", "openhands-sdk-", "sweagent-")):  # each generator's summary lines
            log(line)
    log(f"{script}: {time.time() - t:.1f} s")


def sources_md(stamp, rows, outputs):
    lines = [
        "# Provenance of the files in this folder",
        "",
        "Written by `harness/src/test/python/swe_formats/build_formats.py` (Harmonica), which runs each published",
        "package's own agent loop and trajectory writer with a scripted model; no file here was copied from a",
        "repository. The packages are MIT-licensed. Run-specific values (ids, timestamps, temporary paths) differ",
        "between builds.",
        "",
        f"stamp: {stamp}",
        "",
        "| package | version | distribution (PyPI) | sha256 | generator | package files that produce the output (sha256) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, version, wheel, digest, script, members in rows:
        used = "<br>".join(f"`{m}` ({d[:16]}…)" for m, d in members)
        lines.append(f"| `{name}` | {version} | `{wheel}` | `{digest}` | {f'`{script}`' if script else '(imported by the above)'} | {used} |")
    lines += ["", "| file | sha256 | bytes |", "| --- | --- | ---: |"]
    for rel, digest, size in outputs:
        lines.append(f"| `{rel}` | `{digest}` | {size:,} |")
    lines += ["", "Not obtainable from a published package (see docs/swe.md): SWE-agent 1.x trajectories (SWE-agent 1.x",
              "is not on PyPI; `sweagent` 0.0.1 is the April 2024 0.x code), and the OpenHands repositories' own test",
              "fixtures (not in the wheels or sdists)."]
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.exit(__doc__)
    out = Path(argv[0]).resolve()
    python = find_python()
    env = Path(os.environ.get("HARMONICA_SWE_FORMATS_ENV") or REPO / "target" / "pyenv-swe-formats")
    py, version = ensure_env(env, python)
    stamp = stamp_of(version)
    if (out / "SOURCES.md").is_file() and f"stamp: {stamp}" in (out / "SOURCES.md").read_text():
        log(f"{out} is up to date (stamp {stamp[:12]}), nothing to do")
        return
    t = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "dist").mkdir()
        (tmp / "home").mkdir()
        build = tmp / "out"
        rows = []
        for p in PACKAGES:
            wheel = download(py, p.name, p.version, tmp / "dist")
            rows.append((p.name, p.version, wheel.name, sha256(wheel), p.script,
                         [(m, member_sha(wheel, m)) for m in p.members]))
            path_first = None
            if p.on_path:
                path_first = tmp / "path" / f"{p.name}-{p.version}"
                with zipfile.ZipFile(wheel) as z:
                    z.extractall(path_first)
            if p.script:
                generate(py, p.script, build / p.subdir, tmp / "home", path_first)
        outputs = [(str(p.relative_to(build)), sha256(p), p.stat().st_size) for p in sorted(build.rglob("*")) if p.is_file()]
        (build / "SOURCES.md").write_text(sources_md(stamp, rows, outputs))
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(build, out)
    log(f"{len(outputs)} files written to {out} in {time.time() - t:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
