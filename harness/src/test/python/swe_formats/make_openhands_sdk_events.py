"""Generate a real OpenHands V1 SDK event log (test fixture for Harmonica's `openhands-v1` importer).

Runs the published packages PyPI ``openhands-sdk==1.58.2`` and ``openhands-tools==1.58.2`` (MIT): the SDK's own
``Agent`` and local ``Conversation`` with its event persistence, the real ``TerminalTool`` (subprocess backend, in a
fresh temporary directory) and the SDK's built-in ``finish`` tool. The model is the SDK's own scripted LLM for tests,
``openhands.sdk.testing.TestLLM``, so every event (``SystemPromptEvent``, the user ``MessageEvent``, ``ActionEvent``s,
``ObservationEvent``s, the ``AgentErrorEvent`` for a call of an unknown tool) is built and serialised by the SDK. The
output is the conversation's persisted event files (``events/event-NNNNN-*.json``), in order, one JSON object per
line. The scripted commands are harmless (``printf``, ``ls``, ``cat`` in the temporary directory).

Usage:  python make_openhands_sdk_events.py OUT_DIR
Writes: openhands-sdk-1.58.2_terminal.events.jsonl
"""
import json
import os
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

os.environ.setdefault("OPENHANDS_SUPPRESS_BANNER", "1")
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from openhands.sdk import Agent, Conversation, Tool  # noqa: E402
from openhands.sdk.llm import Message, MessageToolCall, TextContent  # noqa: E402
from openhands.sdk.testing import TestLLM  # noqa: E402
from openhands.tools.terminal import TerminalTool  # noqa: E402

TASK = "Create notes.txt containing the line 'hello' and show the directory listing."
NAME = "openhands-sdk-1.58.2_terminal.events.jsonl"


def call(call_id, name, args):
    return MessageToolCall(id=call_id, name=name, arguments=json.dumps(args), origin="completion")


def reply(text, calls, reasoning=None):
    return Message(role="assistant", content=[TextContent(text=text)], tool_calls=calls, reasoning_content=reasoning)


REPLIES = [
    reply("I will create the file.",
          [call("call_1", "terminal", {"command": "printf 'hello\\n' > notes.txt", "summary": "create notes.txt"})],
          reasoning="The task asks for one file with one line."),
    # two calls in one response: one step, two actions sharing llm_response_id
    reply("", [call("call_2", "terminal", {"command": "ls", "summary": "list the directory"}),
               call("call_3", "terminal", {"command": "cat notes.txt", "summary": "show the file"})]),
    # a tool the agent does not have: the SDK answers with an AgentErrorEvent
    reply("", [call("call_4", "editor", {"command": "view", "path": "notes.txt"})]),
    reply("Done.", [call("call_5", "finish", {"message": "notes.txt holds 'hello'."})]),
]


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    llm = TestLLM.from_messages(list(REPLIES))
    agent = Agent(llm=llm, tools=[Tool(name=TerminalTool.name, params={"terminal_type": "subprocess"})])
    with tempfile.TemporaryDirectory() as work, tempfile.TemporaryDirectory() as store:
        conversation = Conversation(agent=agent, workspace=work, persistence_dir=store, visualizer=None)
        conversation.send_message(TASK)
        conversation.run()
        conversation.close()
        files = sorted(Path(store).glob("*/events/event-*.json"))
        lines = [json.dumps(json.loads(f.read_text()), ensure_ascii=False) for f in files]
    out = out_dir / NAME
    out.write_text("\n".join(lines) + "\n")
    kinds = [json.loads(line)["kind"] for line in lines]
    print(f"{NAME}: {len(lines)} events ({', '.join(sorted(set(kinds)))}), openhands-sdk {version('openhands-sdk')}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
