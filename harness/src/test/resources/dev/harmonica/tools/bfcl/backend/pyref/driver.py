import os, sys, json, ast, importlib, copy
sys.path.insert(0, os.environ.get('BFCL_PKG_ROOT', '.'))
from bfcl_eval.eval_checker.multi_turn_eval.func_source_code import gorilla_file_system as gfs
MODS = {"GorillaFileSystem": "gorilla_file_system", "MathAPI": "math_api", "MessageAPI": "message_api",
        "TwitterAPI": "posting_api", "TicketAPI": "ticket_api", "TradingBot": "trading_bot",
        "TravelAPI": "travel_booking", "VehicleControlAPI": "vehicle_control"}
BASE = "bfcl_eval.eval_checker.multi_turn_eval.func_source_code."

def enc(v):
    if isinstance(v, gfs.Directory):
        return {"type": "directory", "name": v.name, "contents": {str(k): enc(x) for k, x in v.contents.items()}}
    if isinstance(v, gfs.File):
        return {"type": "file", "name": v.name, "content": enc(v.content)}
    if isinstance(v, dict):
        return {(k if isinstance(k, str) else json.dumps(k) if isinstance(k,(int,float,bool)) or k is None else repr(k)): enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, set):
        try: items = sorted(v)
        except TypeError: items = sorted(v, key=repr)
        return {"__set__": [enc(x) for x in items]}
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    return {"__repr__": repr(v)}

def stringify(r):
    if isinstance(r, str): return r
    if isinstance(r, dict):
        try: return json.dumps(r)
        except Exception: return str(r)
    return str(r)

def make(entry, lc):
    # fresh module globals per entry (BFCL shares them across a whole process)
    importlib.reload(importlib.import_module(BASE + "long_context"))
    for mn in MODS.values():
        importlib.reload(importlib.import_module(BASE + mn))
    global gfs
    gfs = importlib.import_module(BASE + "gorilla_file_system")
    insts = {}
    for cls in entry["involved_classes"]:
        m = importlib.import_module(BASE + MODS[cls])
        inst = getattr(m, cls)()
        if cls != "MathAPI":
            inst._load_scenario(copy.deepcopy(entry.get("initial_config", {}).get(cls, {})), long_context=lc)
        insts[cls] = inst
    return insts

import signal
class Timeout(Exception):
    pass
def _alarm(*a):
    raise Timeout()
signal.signal(signal.SIGALRM, _alarm)

def call(insts, c):
    signal.alarm(2)
    try:
        return call0(insts, c)
    except Timeout:
        return "TIMEOUT"
    finally:
        signal.alarm(0)

def call0(insts, c):
    try:
        node = ast.parse(c.strip(), mode="eval").body
        name = node.func.id
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
        for inst in insts.values():
            if hasattr(inst, name) and not name.startswith("_"):
                return stringify(getattr(inst, name)(*args, **kwargs))
        return "Error during execution: name '%s' is not defined" % name
    except Timeout:
        raise
    except Exception as e:
        return "Error during execution: " + str(e)

def state(insts):
    return {cls: {k: enc(v) for k, v in vars(i).items() if not k.startswith("_")} for cls, i in insts.items()}

if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "gt":
        qfile, afile, lc = sys.argv[2], sys.argv[3], sys.argv[4] == "1"
        qs = [json.loads(l) for l in open(qfile) if l.strip()]
        ans = [json.loads(l) for l in open(afile) if l.strip()]
        for q, a in zip(qs, ans):
            insts = make(q, lc)
            turns = []
            for calls in a["ground_truth"]:
                res = [call(insts, c) for c in calls]
                turns.append({"calls": calls, "results": res, "state_after": state(insts)})
            print(json.dumps({"id": q["id"], "turns": turns}))
    elif mode == "calls":
        # stdin: JSON lines {"id", "involved_classes", "initial_config", "long_context", "turns": [[call,...],...]}
        for l in sys.stdin:
            if not l.strip(): continue
            q = json.loads(l)
            insts = make(q, q.get("long_context", False))
            turns = []
            for calls in q["turns"]:
                res = [call(insts, c) for c in calls]
                turns.append({"calls": calls, "results": res, "state_after": state(insts)})
            print(json.dumps({"id": q["id"], "turns": turns}))
