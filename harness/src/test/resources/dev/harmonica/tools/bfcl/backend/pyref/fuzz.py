import os, json, ast, random, sys, inspect, importlib
sys.path.insert(0, os.environ.get('BFCL_PKG_ROOT', '.'))
BASE = "bfcl_eval.eval_checker.multi_turn_eval.func_source_code."
MODS = {"GorillaFileSystem": "gorilla_file_system", "MathAPI": "math_api", "MessageAPI": "message_api",
        "TwitterAPI": "posting_api", "TicketAPI": "ticket_api", "TradingBot": "trading_bot",
        "TravelAPI": "travel_booking", "VehicleControlAPI": "vehicle_control"}
V = os.environ.get('BFCL_V4', '../shared/data/bfcl/v4') + '/'
seed = int(sys.argv[1]); n = int(sys.argv[2])
rnd = random.Random(seed)
sigs = {}
for cls, mn in MODS.items():
    c = getattr(importlib.import_module(BASE + mn), cls)
    sigs[cls] = {name: [p for p in inspect.signature(f).parameters.values() if p.name != 'self']
                 for name, f in inspect.getmembers(c, inspect.isfunction) if not name.startswith('_')}
pool = {}
entries = []
for cat in ['base', 'long_context']:
    qs = [json.loads(l) for l in open(V + f'BFCL_v4_multi_turn_{cat}.json')]
    ans = [json.loads(l) for l in open(V + f'possible_answer/BFCL_v4_multi_turn_{cat}.json')]
    for q, a in zip(qs, ans):
        entries.append((q, a, cat == 'long_context'))
        for turn in a['ground_truth']:
            for c in turn:
                node = ast.parse(c.strip(), mode='eval').body
                for k in node.keywords:
                    pool.setdefault(k.arg, []).append(ast.literal_eval(k.value))
WEIRD = [0, 1, -1, 5, 2.5, -3.7, 1.0, 0.0, True, False, None, "", "abc", "5", "3.5", " ", "..", "/", ".", "a/b",
         "Open", "Closed", "USD", "EUR", "on", "fuel", "START", "first", "economy", "2024-13-45", "2024-02-30",
         "1990-5-7", [], [1, 2], ["a", "b"], [1.5, "x"], {"a": 1}, {}, {"status": "Closed", "bogus": 1}, (1, 2),
         10**20, 1e300, -0.0, "a|b", "../x", "./", "//", "x/", ".hidden", "Ünï.txt", "\t", "a b c", 7, -7, 3.0,
         {"title": None}, {"priority": "high"}, {"status": None, "description": 5}, ["SFO", "LAX"], ("SFO",), "read_write",
         "USR002", "USR005", "NVDA", "AAPL", "Buy", "sell", "Technology", "driver", ["driver", "bogus"], "engage", "Ünïcødé ✓", "line1\nline2", 12345, 12446, "12345", 0, 100, 120, 35, 1000.0]
def value(pname):
    r = rnd.random()
    if r < 0.55 and pool.get(pname):
        return rnd.choice(pool[pname])
    return rnd.choice(WEIRD)
def fuzz_call(classes):
    cls = rnd.choice(classes)
    name = rnd.choice(sorted(sigs[cls]))
    params = sigs[cls][name]
    args = []
    kw = []
    for i, p in enumerate(params):
        if p.default is not inspect.Parameter.empty and rnd.random() < 0.4:
            continue
        if rnd.random() < 0.03:
            continue  # missing argument
        v = value(p.name)
        if rnd.random() < 0.2 and not kw:
            args.append(repr(v))
        else:
            kw.append(f"{p.name}={v!r}")
    if rnd.random() < 0.02:
        kw.append("bogus_kw=1")
    return f"{name}({', '.join(args + kw)})"
out = []
for i in range(n):
    q, a, lc = rnd.choice(entries)
    classes = q['involved_classes']
    turns = []
    for turn in a['ground_truth']:
        t = []
        for c in turn:
            while rnd.random() < 0.5:
                t.append(fuzz_call(classes))
            t.append(c)
        if rnd.random() < 0.5:
            t.append(fuzz_call(classes))
        turns.append(t)
    print(json.dumps({"id": f"fuzz_{seed}_{i}_{q['id']}", "involved_classes": classes,
                      "initial_config": q.get('initial_config', {}), "long_context": lc, "turns": turns}))
