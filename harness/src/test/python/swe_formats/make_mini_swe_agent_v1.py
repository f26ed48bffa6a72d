"""Generate small, real mini-swe-agent 1.x trajectories (test fixtures for Harmonica's SWE importers).

Runs the published package PyPI ``mini-swe-agent==1.17.5`` (the last 1.x release, MIT; build_formats.py puts its
wheel first on PYTHONPATH, beside the 2.4.6 install) with its own ``DefaultAgent``, ``LocalEnvironment`` (in a fresh
temporary directory), ``LitellmModel`` and trajectory writer ``run.utils.save.save_traj``. Only the network call
(``LitellmModel._query``) is replaced by a scripted chat-completions response, so action parsing (the agent's
``action_regex``), format errors (1.x keeps the rejected reply in its history and answers it with a user message),
observation templates and the saved file (``trajectory_format: mini-swe-agent-1``) are exactly what the package
produces. The scripted commands are harmless (``printf``, ``ls``, ``cat`` inside the temporary directory).

Usage:  python make_mini_swe_agent_v1.py OUT_DIR
Writes: mini-v1_default.traj.json (config default.yaml: ```bash fences),
        mini-v1_swebench_xml.traj.json (config extra/swebench_xml.yaml: <bash_code> tags; local environment)
"""
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("MSWEA_SILENT_STARTUP", "1")
os.environ.setdefault("MSWEA_COST_TRACKING", "ignore_errors")

import litellm  # noqa: E402
import yaml  # noqa: E402
from minisweagent import __version__, package_dir  # noqa: E402
from minisweagent.agents.default import DefaultAgent  # noqa: E402
from minisweagent.environments.local import LocalEnvironment  # noqa: E402
from minisweagent.models.litellm_model import LitellmModel  # noqa: E402
from minisweagent.run.utils.save import save_traj  # noqa: E402

litellm.suppress_debug_info = True  # no "Provider List" banner for the scripted model's cost lookup

if not __version__.startswith("1."):
    sys.exit(f"make_mini_swe_agent_v1.py needs mini-swe-agent 1.x first on the path, found {__version__}")

TASK = "Create notes.txt containing the line 'hello' and show the directory listing."


def response(content, n=[0]):
    n[0] += 1
    return litellm.ModelResponse(
        id=f"chatcmpl-fixture-{n[0]}", model="fixture-model", created=1750000000,
        choices=[{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        usage={"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    )


class Scripted(LitellmModel):
    def __init__(self, replies, **kwargs):
        super().__init__(**kwargs)
        self.replies = list(replies)

    def _query(self, messages, **kwargs):
        return self.replies.pop(0)


Scripted.__name__ = LitellmModel.__name__
Scripted.__module__ = LitellmModel.__module__


def run(config_name, replies, out):
    config = yaml.safe_load((package_dir / "config" / config_name).read_text())
    agent_cfg = dict(config["agent"])
    agent_cfg["step_limit"] = 20
    agent_cfg.pop("mode", None)
    with tempfile.TemporaryDirectory() as cwd:
        env = LocalEnvironment(cwd=cwd, timeout=10)
        model = Scripted(replies, model_name="fixture-model", cost_tracking="ignore_errors", model_kwargs={})
        agent = DefaultAgent(model, env, **agent_cfg)
        exit_status, result = agent.run(TASK)
        save_traj(agent, out, exit_status=exit_status, result=result, print_path=False, instance_id=out.name.removesuffix(".traj.json"))
    print(f"{out.name}: {len(agent.messages)} messages, exit {exit_status}, mini {__version__}")


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    fence = "```bash\n{}\n```"
    run("default.yaml", [
        response("THOUGHT: create the file.\n\n" + fence.format("printf 'hello\\n' > notes.txt")),
        response("THOUGHT: two at once.\n\n" + fence.format("ls") + "\n\n" + fence.format("cat notes.txt")),
        response("THOUGHT: no block this time, just thinking."),
        response("THOUGHT: list it.\n\n" + fence.format("ls -1")),
        response("THOUGHT: done.\n\n" + fence.format("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && cat notes.txt")),
    ], out_dir / "mini-v1_default.traj.json")
    tag = "<bash_code>{}</bash_code>"
    run("extra/swebench_xml.yaml", [
        response("THOUGHT: create the file.\n\n" + tag.format("printf 'hello\\n' > notes.txt")),
        response("THOUGHT: a fence is not this config's syntax.\n\n" + fence.format("ls")),
        response("THOUGHT: check.\n\n" + tag.format("cat notes.txt")),
        response("THOUGHT: done.\n\n" + tag.format("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && cat notes.txt")),
    ], out_dir / "mini-v1_swebench_xml.traj.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
