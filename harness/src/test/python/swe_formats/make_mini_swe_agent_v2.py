"""Generate small, real mini-swe-agent v2 trajectories (test fixtures for Harmonica's SWE importers).

Runs the published package (PyPI ``mini-swe-agent==2.4.6``, MIT) with its own agent, model and environment classes:
``DefaultAgent`` + ``LocalEnvironment`` (in a fresh temporary directory) + the real model classes
(``LitellmModel`` for tool calling, ``LitellmTextbasedModel`` for text actions). Only the network call
(``_query``) is replaced by a scripted chat-completions response, so action parsing, format errors, observation
templates and the saved ``.traj.json`` are exactly what the package produces. The scripted commands are harmless
(``echo``, ``printf``, ``ls``, ``cat`` inside the temporary directory).

Usage:  python make_mini_swe_agent_v2.py OUT_DIR
Writes: mini-v2_text_mswea.traj.json, mini-v2_text_bash-regex.traj.json, mini-v2_toolcall_parallel.traj.json,
        mini-v2_swebench_xml.traj.json  (configs: mini_textbased.yaml, mini_textbased.yaml with a ```bash
        action_regex, mini.yaml, benchmarks/swebench_xml.yaml)
"""
import json
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
from minisweagent.models.litellm_textbased_model import LitellmTextbasedModel  # noqa: E402

litellm.suppress_debug_info = True  # no "Provider List" banner for the scripted model's cost lookup

TASK = "Create notes.txt containing the line 'hello' and show the directory listing."


def response(content, tool_calls=None, n=[0]):
    n[0] += 1
    message = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = [
            {"id": cid, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
            for cid, name, args in tool_calls
        ]
    return litellm.ModelResponse(
        id=f"chatcmpl-fixture-{n[0]}", model="fixture-model", created=1750000000,
        choices=[{"index": 0, "finish_reason": "tool_calls" if tool_calls else "stop", "message": message}],
        usage={"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    )


def scripted(cls, replies):
    class Scripted(cls):
        def _query(self, messages, **kwargs):
            return replies.pop(0)

    Scripted.__name__ = cls.__name__
    Scripted.__module__ = cls.__module__
    return Scripted


def run(config_name, model_cls, replies, out, model_overrides=None):
    config = yaml.safe_load((package_dir / "config" / config_name).read_text())
    model_cfg = {k: v for k, v in config.get("model", {}).items() if k not in ("model_class",)}
    model_cfg.update({"model_name": "fixture-model", "cost_tracking": "ignore_errors", "model_kwargs": {}})
    model_cfg.update(model_overrides or {})
    agent_cfg = dict(config["agent"])
    agent_cfg.update({"mode": "yolo"} if "mode" in agent_cfg else {})
    agent_cfg.pop("mode", None)
    agent_cfg["step_limit"] = 20
    with tempfile.TemporaryDirectory() as cwd:
        env = LocalEnvironment(cwd=cwd, timeout=10)
        model = scripted(model_cls, list(replies))(**model_cfg)
        agent = DefaultAgent(model, env, **agent_cfg)
        agent.run(TASK)
        data = agent.save(None)
    data["instance_id"] = out.name.split(".")[0]
    out.write_text(json.dumps(data, indent=2) + "\n")
    print(f"{out.name}: {len(data['messages'])} messages, exit {data['info']['exit_status']}, mini {__version__}")


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    fence = "```mswea_bash_command\n{}\n```"
    run("mini_textbased.yaml", LitellmTextbasedModel, [
        response("THOUGHT: create the file.\n\n" + fence.format("printf 'hello\\n' > notes.txt")),
        response("THOUGHT: two at once.\n\n" + fence.format("ls") + "\n\n" + fence.format("cat notes.txt")),
        response("THOUGHT: no block this time, just thinking."),
        response("THOUGHT: list it.\n\n" + fence.format("ls -1")),
        response("THOUGHT: done.\n\n" + fence.format("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && cat notes.txt")),
    ], out_dir / "mini-v2_text_mswea.traj.json")
    bash = "```bash\n{}\n```"
    run("mini_textbased.yaml", LitellmTextbasedModel, [
        response("THOUGHT: create the file.\n\n" + bash.format("echo hello > notes.txt")),
        response("THOUGHT: wrong fence.\n\n" + fence.format("ls")),
        response("THOUGHT: done.\n\n" + bash.format("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && ls")),
    ], out_dir / "mini-v2_text_bash-regex.traj.json",
        model_overrides={"action_regex": r"```bash\s*\n(.*?)\n```"})
    run("mini.yaml", LitellmModel, [
        response("I will create the file and look around at the same time.", [
            ("call_p1", "bash", {"command": "printf 'hello\\n' > notes.txt"}),
            ("call_p2", "bash", {"command": "pwd >/dev/null && echo ok"}),
            ("call_p3", "bash", {"command": "ls"}),
        ]),
        response("Let me think without acting."),
        response(None, [("call_s1", "bash", {"command": "cat notes.txt"})]),
        response("Done.", [("call_e1", "bash", {"command": "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && cat notes.txt"})]),
    ], out_dir / "mini-v2_toolcall_parallel.traj.json")
    tag = "<mswea_bash_command>{}</mswea_bash_command>"
    run("benchmarks/swebench_xml.yaml", LitellmTextbasedModel, [
        response("THOUGHT: create the file.\n\n" + tag.format("printf 'hello\\n' > notes.txt")),
        response("THOUGHT: unclosed tag.\n\n<mswea_bash_command>ls"),
        response("THOUGHT: check.\n\n" + tag.format("cat notes.txt")),
        response("THOUGHT: done.\n\n" + tag.format("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && cat notes.txt")),
    ], out_dir / "mini-v2_swebench_xml.traj.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
