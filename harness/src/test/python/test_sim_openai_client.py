"""A plain `openai` client drives `harmonica sim --scenarios bfcl:datasets/bfcl` with no hint field.

The simulator must recognise the conversation from its content alone and answer the ground-truth first call of
the BFCL scenario, marked `x-harmonica-simulated: 1`. Skipped when `openai` is not importable, or when neither the
JUnit wrapper (`OpenAiClientCheckTest`, which passes HARMONICA_JAVA and HARMONICA_CLASSPATH) nor a built
`harness/target/harmonica.jar` can start the simulator.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

openai = pytest.importorskip("openai", reason="the openai client is not installed in this Python")

from conftest import HERE  # noqa: E402

REPO = HERE.parents[3]
SCENARIO = "harmonica_multi_turn_base_0"
FIRST_USER = "Go into my notes folder and make a new folder called archive there."


def _sim_command() -> list[str]:
    java = os.environ.get("HARMONICA_JAVA") or shutil.which("java")
    if not java:
        pytest.skip("no java: set HARMONICA_JAVA or put java on PATH")
    classpath = os.environ.get("HARMONICA_CLASSPATH")
    if classpath:
        return [java, "-cp", classpath, "dev.harmonica.cli.Main"]
    jar = Path(os.environ.get("HARMONICA_JAR", REPO / "harness" / "target" / "harmonica.jar"))
    if not jar.exists():
        pytest.skip(f"no simulator to start: {jar} is absent (mvn -B -ntp -q package -DskipTests) and "
                    "HARMONICA_CLASSPATH is unset")
    return [java, "-jar", str(jar)]


@pytest.fixture(scope="module")
def sim_url():
    cmd = _sim_command() + ["sim", "--port", "0", "--faults", "off", "--scenarios", "bfcl:datasets/bfcl",
                            "--serve-seconds", "600"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        m = re.search(r"serving SIMULATED gpt-oss on (http://\S+) ", line)
        if m:
            url = m.group(1)
            break
    if url is None:
        proc.kill()
        pytest.fail("the simulator did not start:\n" + "".join(lines))
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    proc.stdout.close()


def _tools() -> list[dict]:
    """The scenario's tools (GorillaFileSystem) as BFCL's FC handler offers them: only the names decide recognition."""
    tools = []
    for line in (REPO / "datasets" / "bfcl" / "multi_turn_func_doc" / "gorilla_file_system.json").read_text().splitlines():
        if line.strip():
            doc = json.loads(line)
            params = dict(doc["parameters"], type="object")
            tools.append({"type": "function",
                          "function": {"name": doc["name"], "description": doc["description"], "parameters": params}})
    return tools


def _ground_truth_first_call() -> tuple[str, dict]:
    path = REPO / "datasets" / "bfcl" / "possible_answer" / "harmonica_multi_turn_base.json"
    for line in path.read_text().splitlines():
        entry = json.loads(line)
        if entry["id"] == SCENARIO:
            call = entry["ground_truth"][0][0]  # "cd(folder='notes')"
            m = re.fullmatch(r"(\w+)\((\w+)='([^']*)'\)", call)
            return m.group(1), {m.group(2): m.group(3)}
    raise AssertionError(f"{SCENARIO} not in {path}")


def test_plain_chat_request_gets_the_ground_truth_first_call(sim_url):
    client = openai.OpenAI(base_url=sim_url + "/v1", api_key="sk-sim")
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-oss-20b", messages=[{"role": "user", "content": FIRST_USER}], tools=_tools())
    assert raw.headers["x-harmonica-simulated"] == "1"
    assert raw.headers["x-harmonica-sim-scenario"] == SCENARIO
    completion = raw.parse()
    calls = completion.choices[0].message.tool_calls
    name, args = _ground_truth_first_call()
    assert len(calls) == 1
    assert calls[0].function.name == name
    assert json.loads(calls[0].function.arguments) == args
    assert completion.choices[0].finish_reason == "tool_calls"


def test_responses_request_gets_the_same_call(sim_url):
    client = openai.OpenAI(base_url=sim_url + "/v1", api_key="sk-sim")
    flat = [{"type": "function", **t["function"]} for t in _tools()]
    raw = client.responses.with_raw_response.create(
        model="gpt-oss-20b", input=[{"role": "user", "content": FIRST_USER}], tools=flat, store=False)
    assert raw.headers["x-harmonica-simulated"] == "1"
    calls = [item for item in raw.parse().output if item.type == "function_call"]
    name, args = _ground_truth_first_call()
    assert [c.name for c in calls] == [name]
    assert json.loads(calls[0].arguments) == args


def test_unknown_conversation_is_a_404_naming_why(sim_url):
    client = openai.OpenAI(base_url=sim_url + "/v1", api_key="sk-sim", max_retries=0)
    with pytest.raises(openai.NotFoundError) as err:
        client.chat.completions.create(model="gpt-oss-20b", messages=[{"role": "user", "content": "Hello?"}],
                                       tools=_tools())
    assert err.value.response.headers["x-harmonica-simulated"] == "1"
    assert "no loaded scenario starts with the user message 'Hello?'" in str(err.value)
