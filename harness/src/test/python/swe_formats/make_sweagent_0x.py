"""Generate a real SWE-agent 0.x trajectory (test fixture for Harmonica's `sweagent` importer).

Runs the published package PyPI ``sweagent==0.0.1`` (SWE-agent as released in April 2024, MIT): its own ``Agent``
with its ``ReplayModel`` (the package's model for replaying recorded model outputs), ``ThoughtActionParser`` (last
fenced block = the action; a reply without one is a format error the agent asks again about, off the record), the
run loop and ``Agent.save_trajectory``, so ``history``, ``trajectory`` and ``info`` are what the package writes.

What is not the package's: SWE-agent 0.x runs its actions in a Docker container (``SWEEnv``); here a small stand-in
environment runs them with bash in a fresh temporary directory and answers ``state`` the way the package's default
``state`` command does. The modules only the Docker environment and the hosted-API models import (docker, gymnasium,
GitPython, swebench, ghapi, together, anthropic, the ``config`` package) are not installed and are replaced by empty
placeholders before the package is imported; none of them is called. The agent's prompt templates are our own short
ones (the package ships no config files). The scripted commands are harmless (``ls``, ``printf``, ``cat`` in the
temporary directory).

Usage:  python make_sweagent_0x.py OUT_DIR
Writes: sweagent-0.0.1_thought_action.traj
"""
import json
import subprocess
import sys
import tempfile
import types
from pathlib import Path

STUBBED = ["config", "docker", "gymnasium", "git", "swebench", "ghapi", "ghapi.all", "together", "anthropic", "datasets"]


class _Placeholder(types.ModuleType):
    """An imported-but-unused module: any attribute is a fresh empty class."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = type(name, (), {})
        setattr(self, name, value)
        return value


for _name in STUBBED:
    sys.modules.setdefault(_name, _Placeholder(_name))

from sweagent import __version__  # noqa: E402  (sweagent/__init__.py of the package)
from sweagent.agent.agents import Agent, AgentArguments, AgentConfig  # noqa: E402
from sweagent.agent.models import ModelArguments  # noqa: E402

INSTANCE_ID = "sweagent-0.0.1_thought_action"
ISSUE = "Create notes.txt containing the line 'hello' and show the directory listing."

# our own templates, in the shape SWE-agent 0.x configs use (fields of AgentConfig)
CONFIG = dict(
    system_template="You are an autonomous programmer working in a command line. Reply with one discussion and one "
                    "command in a fenced block.",
    instance_template="We're currently solving the following issue:\nISSUE:\n{issue}\nINSTRUCTIONS: one command per "
                      "reply; run `submit` when done.\n(Current directory: {working_dir})\nbash-$",
    next_step_template="{observation}\n(Current directory: {working_dir})\nbash-$",
    next_step_no_output_template="Your command ran successfully and did not produce any output.\n"
                                 "(Current directory: {working_dir})\nbash-$",
    parse_function="ThoughtActionParser",
)

# the model outputs, in order; the third has no fenced block: a format error, asked again off the record
REPLIES = [
    "Let me look at the directory first.\n\n```\nls -a\n```",
    "Now I create the file.\n\n```\nprintf 'hello\\n' > notes.txt\n```",
    "The file should be there now, I think.",
    "Let me check its content.\n\n```\ncat notes.txt\n```",
    "The file is right, so I submit.\n\n```\nsubmit\n```",
]


class LocalStandIn:
    """Stands in for SWEEnv: bash in a temporary directory; `submit` ends the episode as SWEEnv does."""
    name = "local-stand-in"
    returncode = 0

    def __init__(self, cwd):
        self.cwd = cwd
        self.record = {"instance_id": INSTANCE_ID, "problem_statement": ISSUE}
        self.container_obj = types.SimpleNamespace(id="local-stand-in")

    def communicate(self, command):
        if command == "state":
            return json.dumps({"working_dir": "."})
        return self._run(command)

    def get_available_actions(self):
        return []

    def add_commands(self, command_files):
        assert not command_files, "this configuration declares no command files"

    def step(self, action):
        if action.strip() == "submit":
            diff = self._run("ls -1")
            return diff, 0, True, {"exit_status": "submitted", "submission": diff}
        return self._run(action), 0, False, {}

    def _run(self, command):
        done = subprocess.run(["bash", "-c", command], cwd=self.cwd, capture_output=True, text=True, timeout=10)
        self.returncode = done.returncode
        return done.stdout + done.stderr


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        replay = Path(tmp) / "replay.jsonl"
        replay.write_text(json.dumps({INSTANCE_ID: REPLIES}) + "\n")
        work = Path(tmp) / "repo"
        work.mkdir()
        args = AgentArguments(model=ModelArguments(model_name="replay", replay_path=str(replay)),
                              config=AgentConfig(**CONFIG))
        agent = Agent("primary", args)
        agent.run(setup_args={"issue": ISSUE}, env=LocalStandIn(str(work)), traj_dir=out_dir)
    out = out_dir / (INSTANCE_ID + ".traj")
    data = json.loads(out.read_text())
    print(f"{out.name}: {len(data['history'])} history messages, {len(data['trajectory'])} steps, "
          f"exit {data['info'].get('exit_status')}, sweagent {__version__}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
