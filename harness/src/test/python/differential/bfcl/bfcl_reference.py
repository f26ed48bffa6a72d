"""Differential reference for Harmonica's BFCL executor and checker: bfcl-eval 2026.3.23 itself (PyPI).

Commands (JSON Lines on stdout; --data is the BFCL v4 folder with the question and possible_answer files):

  calls --seed N --count K --data DIR
      A seeded generator of call-string cases over the v4 entries, each executed by bfcl-eval's own
      execute_multi_turn_func_call (fresh backend modules and instances per case):
        {"kind": "exec", "id", "entry", "model", "eval_run", "steps": [[call, ...], ...],
         "results": [[result, ...], ...]}
      Shapes: the ground truth, ground truth re-serialised from hostile FC arguments (keywords and odd characters
      as argument names, odd tool names), prompting-style text with edits (unclosed brackets, missing commas,
      unterminated strings, bad number literals, stray characters), builtins BFCL's eval evaluates (len, str,
      int, range, list, ...), method calls on a call's result, method names inside string literals, deep nesting.
      A case Python does not finish within 10 s is written with "timeout": true (never expected: the generator
      keeps every value small).

  files --seed N --data DIR --out DIR [--model NAME]
      Writes faulty BFCL result files for all entries of the four multi-turn categories in BFCL's layout, twice:
      OUT/<model>/multi_turn/BFCL_v4_multi_turn_<category>_result.json with FC-mode steps [{name: arguments}]
      (decoding faults: trailing data after the arguments JSON, arguments that are not an object or not JSON, text
      steps; dropped, reordered, duplicated and altered calls; dropped turns; hostile names), and
      OUT/<model>-prompting/... with prompting-mode text steps (Python call lists, edited and malformed); then one
      verdict per entry, computed by bfcl-eval's checker (eval_runner._evaluate_single_multi_turn_entry with an
      OpenAI handler's decode_execute, FC or prompting):
        {"kind": "verdict", "mode", "model_dir", "file", "line", "id", "valid", "error_type", "error_message"}
      A case that makes bfcl-eval raise is written with "crash": "<ExceptionType>: <message>".

  serve --data DIR
      Reads {"kind": "exec", "entry", "model", "eval_run", "steps"} per line and answers each with its "results"
      (used by the JUnit test to shrink a disagreement).

  timing --data DIR [--rounds R]
      Executes and checks the ground truth of every entry R times (default 3) with bfcl-eval's multi_turn_checker
      (as `harmonica bench bfcl` does in Java); prints {"kind": "timing", "python", "bfcl_eval"}, then
      {"kind": "timing", "round", "seconds", "entries", "valid"} per round (the first round is the cold one).

The seed makes the cases reproducible: the same seed gives the same cases and results.
"""

import argparse
import ast
import contextlib
import copy
import importlib
import io
import json
import warnings
import os
import random
import signal
import sys
import time

warnings.filterwarnings("ignore")

from bfcl_eval.eval_checker.multi_turn_eval import multi_turn_utils
from bfcl_eval.eval_checker.multi_turn_eval.multi_turn_utils import execute_multi_turn_func_call
from bfcl_eval.constants.executable_backend_config import CLASS_FILE_PATH_MAPPING

CATEGORIES = ["base", "miss_func", "miss_param", "long_context"]
MODULES = sorted(set(CLASS_FILE_PATH_MAPPING[c] for c in [
    "GorillaFileSystem", "MathAPI", "MessageAPI", "TwitterAPI", "TicketAPI", "TradingBot", "TravelAPI",
    "VehicleControlAPI"]))
LONG_CONTEXT_MODULE = "bfcl_eval.eval_checker.multi_turn_eval.func_source_code.long_context"
MODELS = ["harmonica", "openai/gpt-oss-20b", "gpt-oss-120b-FC", "ollama_qwen3:8b", "m.v1-2"]


class CaseTimeout(BaseException):
    pass


def _alarm(signum, frame):
    raise CaseTimeout()


def load_entries(data):
    entries = []
    for cat in CATEGORIES:
        q = os.path.join(data, "BFCL_v4_multi_turn_%s.json" % cat)
        a = os.path.join(data, "possible_answer", "BFCL_v4_multi_turn_%s.json" % cat)
        with open(q) as fq, open(a) as fa:
            for lq, la in zip(fq, fa):
                e = json.loads(lq)
                e["ground_truth"] = json.loads(la)["ground_truth"]
                e["category"] = cat
                entries.append(e)
    return entries


def fresh_modules():
    """Module globals as after a fresh import (the backends share mutable module state), and no instances."""
    for name in list(vars(multi_turn_utils)):
        if name.endswith("_instance"):
            del vars(multi_turn_utils)[name]
    importlib.reload(importlib.import_module(LONG_CONTEXT_MODULE))
    for m in MODULES:
        importlib.reload(importlib.import_module(m))


def execute_case(entry, model, eval_run, steps, timeout=10.0):
    fresh_modules()
    long_context = "long_context" in entry["id"] or "composite" in entry["id"]
    out = []
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        # a call may print (print() is evaluated): keep stdout for the JSON lines
        with contextlib.redirect_stdout(io.StringIO()):
            for step in steps:
                results, _ = execute_multi_turn_func_call(step, entry["initial_config"], entry["involved_classes"],
                                                          model, entry["id"], long_context=long_context,
                                                          is_evaL_run=eval_run)
                out.append(results)
    except CaseTimeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Call generator

HOSTILE_KEYS = ["pass", "class", "lambda", "None", "True", "a b", "", "1x", "x-y", "a.b", "__class__", "λ", "ｆｉｌｅ",
                "from", "yield", "await", "async", "print", "é", "_", "x\n", "a=b", "k'", "match", "case", "not",
                "is", "if", "else", "in", "or", "and", "del", "for", "with", "def", "global", "return", "raise"]
HOSTILE_NAMES = ["functions.{n}", "{n}<|channel|>commentary", "{n} json", " {n}", "{n} ", "{N}", "{n}\n", "{n}()",
                 "", "{n}.{n}", "1{n}", "{n}-x", "{n}$", "assistant.{n}", "{n}<|constrain|>json", "print", "len",
                 "exit", "kill", "quit", "remove", "run", "os.system", "__import__", "{n}\u200b", "{n}\u00e9"]
EDIT_CHARS = ['"', "'", "(", ")", "[", "]", "{", "}", ",", ":", "=", "\\", "\n", "#", "@", "$", "?", "!", "\u20ac",
              "\u200b", "\t", "1", "x", " ", ".", "*", "`", ";", "0", "_", "e", "j", "\u00a0", "\x01", "%", "-", "+",
              "<", ">", "|", "&", "^", "~", "/", "f", "b", "r", "u", "\r", "\x0c", "\u00e9", "\U0001d465"]
EXPRESSIONS = [
    "len([1, 2, 3])", "str(12)", "int('7')", "int('x')", "list(range(3))", "range(5)", "sorted([3, 1, 2])",
    "sum([1.5, 2])", "max(1, 2)", "min([])", "abs(-3)", "round(2.675, 2)", "float('1e3')", "bool('')", "repr('a')",
    "print('x')", "len(5)", "tuple([1])", "dict(a=1)", "set([1, 1])", "type(1)", "isinstance(1, int)", "str()",
    "'a' * 3", "[0] * 4", "2 ** 100", "10 / 4", "7 // 2", "-7 % 3", "1 / 0", "'a' + 1", "[1, 2][5]", "{'a': 1}['b']",
    "(1, 2) + (3,)", "not True", "1 if True else 2", "1 < 2 < 3", "None", "...", "'x'.upper()", "'a,b'.split(',')",
    "{'a': 1}.get('a')", "[1, 2].index(3)", "'abc'[1:]", "1_000", "0x1f", "0o17", "0b101", "1e5", "1.5j", ".5",
    "'\\x41\\u00e9\\n'", "r'\\d'", "b'ab'", "'a' 'b'", "f'{1+1}'", "True + True", "2 ** -1", "divmod(7, 2)",
    "hex(255)", "chr(65)", "ord('a')", "len('\U0001d465')", "str(1e16)", "str(1.0)", "str(-0.0)", "[1, [2, (3,)]]",
    "{1: 2, 'a': [None]}", "{1, 2}", "()", "[]", "{}", "(1)", "(1,)", "lambda: 1", "[x for x in range(3)]",
    "any([])", "all([])", "zip([1], [2])", "list(zip([1], [2]))", "enumerate([1])", "reversed([1])", "id", "len",
    "model_name", "test_entry_id", "involved_classes", "long_context", "func_call", "execution_results",
]


def call_to_fc(call, methods):
    """A ground-truth call string as (name, {argument: value}); positional arguments bound by parameter name."""
    node = ast.parse(call, mode="eval").body
    name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
    args = {}
    params = methods.get(name, [])
    for i, a in enumerate(node.args):
        args[params[i] if i < len(params) else "arg%d" % i] = ast.literal_eval(a)
    for k in node.keywords:
        args[k.arg] = ast.literal_eval(k.value)
    return name, args


def fc_call_string(name, args):
    """bfcl_eval.model_handler.utils.convert_to_function_call for one call."""
    return f"{name}({','.join([f'{k}={repr(v)}' for k, v in args.items()])})"


def method_params(entry):
    import inspect
    out = {}
    for cls in entry["involved_classes"]:
        module = importlib.import_module(CLASS_FILE_PATH_MAPPING[cls])
        for mname, m in inspect.getmembers(getattr(module, cls), predicate=inspect.isfunction):
            if not mname.startswith("_"):
                out[mname] = [p for p in inspect.signature(m).parameters if p != "self"]
    return out


def edit(rng, s):
    kind = rng.randrange(7)
    if not s:
        return rng.choice(EDIT_CHARS)
    i = rng.randrange(len(s) + 1)
    if kind == 0:
        return s[:i] + rng.choice(EDIT_CHARS) + s[i:]
    if kind == 1 and i < len(s):
        return s[:i] + s[i + 1:]
    if kind == 2:
        return s[:i]
    if kind == 3:
        return s.replace(",", " ", 1) if "," in s else s.replace("=", " ", 1)
    if kind == 4 and i < len(s):
        return s[:i] + rng.choice(EDIT_CHARS) + s[i + 1:]
    if kind == 5:
        j = rng.randrange(len(s) + 1)
        a, b = min(i, j), max(i, j)
        return s[:b] + s[a:b] + s[b:]
    return s.rstrip(")") if s.endswith(")") else s + ")"


def hostile_value(rng, depth=0):
    r = rng.randrange(12)
    if r == 0 and depth < 3:
        return [hostile_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if r == 1 and depth < 3:
        return {rng.choice(["a", "b", "ls()", "k"]): hostile_value(rng, depth + 1) for _ in range(rng.randrange(3))}
    return rng.choice([0, 1, -1, 2 ** 70, 1.5, -0.0, 1e300, float("inf"), float("nan"), True, False, None, "",
                       "x", "it's", 'say "hi"', "back\\slash", "new\nline", "tab\t", "\u00e9\U0001d465",
                       "\x00", "\ud800", "ls()", "cd (folder='x')", "{'a': 1}", "1e5"])


def gen_steps(rng, entry, methods):
    gt = [c for turn in entry["ground_truth"] for c in turn]
    shape = rng.randrange(10)
    if shape == 0 or not gt:
        return [list(t) for t in entry["ground_truth"]], "ground_truth"
    calls = []
    for _ in range(rng.randrange(1, 4)):
        base = rng.choice(gt)
        try:
            name, args = call_to_fc(base, methods)
        except Exception:
            calls.append(base)
            continue
        if shape == 1:
            keys = list(args) or ["x"]
            k = rng.choice(keys)
            args = {(rng.choice(HOSTILE_KEYS) if kk == k else kk): v for kk, v in args.items()} or {rng.choice(HOSTILE_KEYS): 1}
            calls.append(fc_call_string(name, args))
        elif shape == 2:
            calls.append(fc_call_string(rng.choice(HOSTILE_NAMES).format(n=name, N=name.upper()), args))
        elif shape == 3:
            if args:
                k = rng.choice(list(args))
                args[k] = hostile_value(rng)
            calls.append(fc_call_string(name, args))
        elif shape in (4, 5, 6):
            s = rng.choice([base, fc_call_string(name, args)])
            for _ in range(rng.randrange(1, 4)):
                s = edit(rng, s)
            calls.append(s)
        elif shape == 7:
            e = rng.choice(EXPRESSIONS)
            k = rng.choice(list(args)) if args else "x"
            calls.append(rng.choice([e, "%s(%s=%s)" % (name, k, e), "%s(%s)" % (e, ""), "%s.%s" % (base, rng.choice(
                ["get('a')", "upper()", "keys()", "items()", "split()", "strip()", "x", "__class__", "count('a')"]))]))
        elif shape == 8:
            depth = rng.choice([3, 50, 150, 199, 200, 201, 300])
            opener = rng.choice(["(", "[", "-", "not ", "+", "~"])
            closer = {"(": ")", "[": "]"}.get(opener, "")
            calls.append("%s(%s=%s1%s)" % (name, rng.choice(list(args) or ["x"]), opener * depth, closer * depth))
        else:
            pos = rng.randrange(len(base) + 1)
            calls.append(base[:pos] + rng.choice(["ls()", "cd(folder='x')", "echo(content='ls()')", "'", '"""',
                                                  "#", "\\\n", "\n"]) + base[pos:])
    steps = [calls[i:i + 2] for i in range(0, len(calls), 2)]
    return steps, "shape%d" % shape


def cmd_calls(args):
    entries = load_entries(args.data)
    rng = random.Random(args.seed)
    params_cache = {}
    signal.signal(signal.SIGALRM, _alarm)
    for i in range(args.count):
        entry = rng.choice(entries)
        key = tuple(entry["involved_classes"])
        if key not in params_cache:
            params_cache[key] = method_params(entry)
        steps, shape = gen_steps(rng, entry, params_cache[key])
        model = rng.choice(MODELS)
        eval_run = rng.random() < 0.7
        results = execute_case(entry, model, eval_run, steps)
        case = {"kind": "exec", "id": "c%d" % i, "shape": shape, "entry": entry["id"], "model": model,
                "eval_run": eval_run, "steps": steps}
        if results is None:
            case["timeout"] = True
        else:
            case["results"] = results
        print(json.dumps(case), flush=True)


def cmd_serve(args):
    entries = {e["id"]: e for e in load_entries(args.data)}
    signal.signal(signal.SIGALRM, _alarm)
    for line in sys.stdin:
        req = json.loads(line)
        results = execute_case(entries[req["entry"]], req["model"], req["eval_run"], req["steps"])
        req["results"] = results
        if results is None:
            req["timeout"] = True
        print(json.dumps(req), flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Faulty result files and bfcl-eval's verdicts

class Handler:
    """What _evaluate_single_multi_turn_entry needs of a handler: an OpenAI handler's decode_execute (FC or not)."""

    def __init__(self, is_fc_model):
        self.is_fc_model = is_fc_model

    def decode_execute(self, result, has_tool_call_tag):
        from bfcl_eval.model_handler.api_inference.openai_completion import OpenAICompletionsHandler
        return OpenAICompletionsHandler.decode_execute(self, result, has_tool_call_tag)


PROMPT_FAULTS = ["", "I will do that.", "[]", "[ls()]", "ls(a=True)", "```\n[ls()]\n```", "[ls(a=True), pwd()]",
                 "['ls()']", "[cd(folder=1+1)]", "[cd(folder=-1)]", "[cd(folder=[1, 2])]", "[cd(folder={'a': 1})]",
                 "[cd(folder=x)]", "[cd(folder=f(x=1))]", "[cd(folder=f(1))]", "[cd('docs')]", "[a.b.cd(folder='x')]",
                 "[cd(folder=(1, 2))]", "[cd(folder=...)]", "[cd(folder=None)]", "[cd(folder=a[0])]",
                 "[cd(folder='x') ls()]", "[cd(folder='x'", "cd(folder='x'))", "'[ls()]'", "[print('x')]",
                 "[cd(folder=not x)]", "[cd(folder=1 if x else 2)]", "[cd(folder=-x)]", "[cd(folder=2**3)]",
                 "[cd(folder='a' + 'b')]", "[cd(folder=lambda: 1)]", "[cd(folder={1, 2})]", "[cd(folder=b'x')]"]


def prompting_step(rng, calls, methods):
    """A prompting model's text for some ground-truth calls (BFCL's decoder parses it as a Python list of calls)."""
    texts = []
    for c in calls:
        try:
            name, args = call_to_fc(c, methods)
        except Exception:
            continue
        texts.append("%s(%s)" % (name, ", ".join("%s=%r" % (k, v) for k, v in args.items())))
    text = "[" + ", ".join(texts) + "]"
    fault = rng.randrange(8)
    if fault == 0:
        return rng.choice(PROMPT_FAULTS)
    if fault == 1 and text:
        return edit(rng, text)
    if fault == 2:
        return rng.choice(["", "`", "\n", " "]) + text.strip("[]") + rng.choice(["", "`", "\n"])
    return text


def fc_step(rng, calls, methods, prompting=False):
    if prompting:
        return prompting_step(rng, calls, methods)
    step = []
    for c in calls:
        try:
            name, args = call_to_fc(c, methods)
        except Exception:
            continue
        arguments = json.dumps(args)
        fault = rng.randrange(30)
        if fault == 0:
            arguments += rng.choice(["}", " x", "{}", "]", "\n\n1", " ", "\t", "\n"])
        elif fault == 1:
            arguments = rng.choice(["[1]", '"x"', "1", "null", "", "{'a': 1}", "{\"a\": 1,}", "{\"a\" 1}", "NaN",
                                    "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": 01}", "{\"a\": \"\\x\"}",
                                    "{\"a\": \"\u0001\"}", "\ufeff{}", "{\"a\": 1e400}", "{\"a\": -0}"])
        elif fault == 2:
            name = rng.choice(HOSTILE_NAMES).format(n=name, N=name.upper())
        elif fault == 3 and args:
            k = rng.choice(list(args))
            args = {(rng.choice(HOSTILE_KEYS) if kk == k else kk): v for kk, v in args.items()}
            arguments = json.dumps(args)
        elif fault == 4 and args:
            k = rng.choice(list(args))
            args[k] = hostile_value(rng)
            arguments = json.dumps(args)
        elif fault == 5:
            step.append({name: args})  # arguments as an object, not a string
            continue
        step.append({name: arguments})
    return step


def faulty_result(rng, entry, methods, prompting=False):
    gt = entry["ground_truth"]
    mode = rng.randrange(12)
    if mode == 0:
        return rng.choice(["not a list", {"a": 1}, None, 3])
    turns = []
    for t, calls in enumerate(gt):
        calls = list(calls)
        if mode == 1 and calls and rng.random() < 0.3:
            calls.pop(rng.randrange(len(calls)))
        if mode == 2 and len(calls) > 1 and rng.random() < 0.3:
            rng.shuffle(calls)
        if mode == 3 and calls and rng.random() < 0.3:
            calls.append(rng.choice(calls))
        steps = []
        for i in range(0, len(calls), rng.choice([1, 2, 3])):
            steps.append(fc_step(rng, calls[i:i + 3], methods, prompting) if mode >= 4
                         else fc_step(random.Random(0), calls[i:i + 3], methods, prompting))
        if mode == 5 and rng.random() < 0.2:
            steps.insert(rng.randrange(len(steps) + 1), rng.choice(["I will list the files.", "", "[]", "ls()"]))
        if mode == 6 and rng.random() < 0.15:
            steps = []
        if mode == 7 and rng.random() < 0.1:
            steps = rng.choice([[[]], [""], "text", {"x": 1}])
        turns.append(steps)
    if mode == 8 and turns:
        turns.pop(rng.randrange(len(turns)))
    if mode == 9:
        turns.append([])
    return turns


def cmd_files(args):
    from bfcl_eval.eval_checker.eval_runner import _evaluate_single_multi_turn_entry
    entries = load_entries(args.data)
    rng = random.Random(args.seed)
    params_cache = {}
    for mode in ("fc", "prompting"):
        model_dir = args.model.replace("/", "_") + ("" if mode == "fc" else "-prompting")
        out_dir = os.path.join(args.out, model_dir, "multi_turn")
        os.makedirs(out_dir, exist_ok=True)
        handler = Handler(mode == "fc")
        for cat in CATEGORIES:
            path = os.path.join(out_dir, "BFCL_v4_multi_turn_%s_result.json" % cat)
            rows = []
            for entry in (e for e in entries if e["category"] == cat):
                key = tuple(entry["involved_classes"])
                if key not in params_cache:
                    params_cache[key] = method_params(entry)
                rows.append({"id": entry["id"], "result": faulty_result(rng, entry, params_cache[key],
                                                                        mode == "prompting")})
            with open(path, "w") as f:
                for r in rows:
                    f.write(json.dumps(r) + "\n")
            for line_no, r in enumerate(rows, 1):
                entry = next(e for e in entries if e["id"] == r["id"])
                prompt = {k: v for k, v in entry.items() if k not in ("ground_truth", "category")}
                fresh_modules()
                verdict = {"kind": "verdict", "mode": mode, "model_dir": model_dir,
                           "file": os.path.relpath(path, args.out), "line": line_no, "id": r["id"]}
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        res = _evaluate_single_multi_turn_entry(handler, r["id"], copy.deepcopy(r["result"]),
                                                                entry["ground_truth"], prompt, model_dir,
                                                                "multi_turn_" + cat)
                    verdict["valid"] = res["valid"]
                    if not res["valid"]:
                        verdict["error_type"] = res["error"]["error_type"]
                        verdict["error_message"] = res["error"]["error_message"]
                except Exception as e:
                    verdict["crash"] = "%s: %s" % (type(e).__name__, e)
                print(json.dumps(verdict), flush=True)


def cmd_timing(args):
    import importlib.metadata
    from bfcl_eval.eval_checker.multi_turn_eval.multi_turn_checker import multi_turn_checker
    entries = load_entries(args.data)
    print(json.dumps({"kind": "timing", "python": sys.version.split()[0],
                      "bfcl_eval": importlib.metadata.version("bfcl-eval")}), flush=True)
    for r in range(args.rounds):
        fresh_modules()
        start = time.perf_counter()
        ok = 0
        for e in entries:
            prompt = {k: v for k, v in e.items() if k not in ("ground_truth", "category")}
            decoded = [[turn] if turn else [] for turn in e["ground_truth"]]
            res = multi_turn_checker(decoded, e["ground_truth"], prompt, "multi_turn_" + e["category"], "timing_r%d" % r)
            ok += bool(res["valid"])
        print(json.dumps({"kind": "timing", "round": r, "seconds": time.perf_counter() - start, "entries": len(entries),
                          "valid": ok}), flush=True)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("calls")
    c.add_argument("--seed", type=int, required=True)
    c.add_argument("--count", type=int, default=1000)
    c.add_argument("--data", required=True)
    f = sub.add_parser("files")
    f.add_argument("--seed", type=int, required=True)
    f.add_argument("--data", required=True)
    f.add_argument("--out", required=True)
    f.add_argument("--model", default="harmonica")
    s = sub.add_parser("serve")
    s.add_argument("--data", required=True)
    t = sub.add_parser("timing")
    t.add_argument("--data", required=True)
    t.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    {"calls": cmd_calls, "files": cmd_files, "serve": cmd_serve, "timing": cmd_timing}[args.cmd](args)


if __name__ == "__main__":
    main()
