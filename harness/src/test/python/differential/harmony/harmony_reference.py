"""Differential reference for Harmonica's harmony renderer and parsers: openai-harmony 0.0.8 (the native PyPI wheel).

Commands (output on stdout):

  generate --seed N [--render R] [--parse P] [--stream S] [--escapes E]
      A seeded generator of cases, each with the reference result computed by openai_harmony:
        {"kind": "render", "id", "conversation": {"messages": [...]}, "mode", "auto_drop_analysis",
         "expected": {"token_ids": [...]} | {"error": "..."}}
        {"kind": "parse", "id", "role", "tokens", "strict": EXPECTED, "non_strict": EXPECTED}
            EXPECTED = {"messages": [...]} | {"error": "..."}
        {"kind": "stream", "id", "role", "tokens", "strict": bool, "states": [STATE, ...]}
            one STATE per token processed (and one for EOS), as StreamableParser reports it; the run stops at the
            first error, whose state is the last one (with "error").
        {"kind": "escape", "id", "code_points": [...], "escaped": [bool, ...]}
            whether Rust's Debug (as compiled into the wheel) escapes each code point, read from harmony's own
            leftover-words error text.
  serve
      Reads one request per line ({"kind": "render"|"parse"|"stream", ...} as above without the expectations) and
      answers each with the case plus its expectations; used by the JUnit test to shrink a disagreement.
  escape-ranges
      Every non-ASCII code point Rust's Debug escapes, as hex ranges: regenerates
      harness/src/main/resources/dev/harmonica/harmony/parse/rust-debug-escaped.txt (takes about four minutes).

The generator makes conversations with system/developer content and tools (JSON Schemas with oneOf, enums, defaults,
examples, floats and integers beyond 64 bits) for rendering, and gpt-oss-like completions for parsing: well-formed
messages with header faults seen in real output, then token-level corruption (dropped, swapped and duplicated special
tokens, inserted special and reserved tokens, tokens whose bytes are not UTF-8 on their own, invalid token ids,
truncation). openai_harmony needs the o200k_base vocabulary: set TIKTOKEN_ENCODINGS_BASE to a folder holding
o200k_base.tiktoken (the JUnit test extracts it from jtokkit, byte-identical, sha256 446a95...1a2d).
"""

import argparse
import json
import random
import sys

import openai_harmony as oh
from openai_harmony import _PyStreamableParser

START, END, MESSAGE, CHANNEL, CONSTRAIN, RETURN, CALL = 200006, 200007, 200008, 200005, 200003, 200002, 200012
SPECIAL_IDS = [199998, 199999, 200000, 200001, RETURN, CONSTRAIN, 200004, CHANNEL, START, END, MESSAGE, 200009,
               200010, 200011, CALL, 200013, 200014, 200500, 201088]
CONTROL_IDS = [RETURN, CONSTRAIN, CHANNEL, START, END, MESSAGE, CALL]
ROLES = ["user", "assistant", "system", "developer", "tool"]
CHANNELS = ["analysis", "commentary", "final"]
TOOLS = ["functions.get_weather", "functions.bash", "functions.run", "browser.search", "python", "functions.x"]
CONTENT_TYPES = [" <|constrain|>json", "<|constrain|>json", " json", " code", ""]
TEXTS = ["Hello.", "The answer is 4.", "Let me check the weather.", "I must refuse", "{\"city\": \"Paris\"}",
         "{\"command\": \"ls -la\"}", "line one\nline two\n", "  leading spaces", "é東🌤 mixed", "𠜎𠜱 rare CJK",
         "🧑\u200d🚀 astronaut", "tab\there", "<|end |> look-alike", "<|eot_id|>", "{\"n\": 123456789012345678901234567890}",
         "{\"x\": 1e400, \"y\": -0.0}", "\u00a0nbsp\u2028sep", "naïve café", "ø" * 7, "\u0301combining", "", " ",
         # letters, marks and emoji newer than the JDK's Unicode 13 (Unicode 14-16)
         " \U00031350\U00031351 ext-H", "\U0001E4D0\U0001E4D1 mundari", " \U0001FAE0\U0001FAE1!", "\U00010D4A\U00010D4B",
         "x\u0c5d\U0001E290 \U00011F50\U00011F51", "12\U0001D2C5\U0001D2C0 3"]
HEADER_NOISE = ["\u00a0", "\u2028", "\u000b", "\u000c", "\t", "\r\n", "\u0085", "\u3000", "\ufeff", "\u200b",
                "\"", "\\", "\u0000", "\u001b", "\u007f", "\u00ad", "\u0301", "\ufe0f", "\u200d", "\ue000",
                "\U000e0001", "\u0378"]


class Reference:
    """openai_harmony's results for one encoding."""

    def __init__(self):
        self.enc = oh.load_harmony_encoding(oh.HarmonyEncodingName.HARMONY_GPT_OSS)
        self.inner = self.enc._inner
        self._fragments = None
        self._byte_tokens = None

    def encode(self, text):
        return self.enc.encode(text, allowed_special="all")

    def fragments(self):
        """Ordinary tokens whose bytes are not valid UTF-8 on their own (split characters)."""
        if self._fragments is None:
            out = []
            for i in range(199998):
                try:
                    bytes(self.inner.decode_bytes([i])).decode("utf-8")
                except UnicodeDecodeError:
                    out.append(i)
            self._fragments = out
        return self._fragments

    def byte_tokens(self):
        """Byte value -> the token that is exactly that one byte (for arbitrary byte sequences)."""
        if self._byte_tokens is None:
            self._byte_tokens = {}
            for i in self.fragments():
                b = bytes(self.inner.decode_bytes([i]))
                if len(b) == 1:
                    self._byte_tokens[b[0]] = i
        return self._byte_tokens

    def parse(self, tokens, role, strict):
        try:
            return {"messages": json.loads(self.inner.parse_messages_from_completion_tokens(tokens, role, strict))}
        except RuntimeError as e:  # HarmonyError is a RuntimeError; render raises plain RuntimeError
            return {"error": str(e)}

    def render(self, conversation, mode, auto_drop, next_role="assistant"):
        conv = json.dumps(conversation)
        config = {"auto_drop_analysis": auto_drop}
        try:
            if mode == "completion":
                ids = self.inner.render_conversation_for_completion(conversation_json=conv, next_turn_role=next_role,
                                                                    config=config)
            elif mode == "training":
                ids = self.inner.render_conversation_for_training(conversation_json=conv, config=config)
            else:
                ids = self.inner.render_conversation(conversation_json=conv, config=config)
            return {"token_ids": list(ids)}
        except RuntimeError as e:  # HarmonyError is a RuntimeError; render raises plain RuntimeError
            return {"error": str(e)}

    def stream(self, tokens, role, strict):
        """The parser's state after every token and after EOS; stops at the first error."""
        p = _PyStreamableParser(self.inner, role, strict)
        states, seen = [], 0
        for i, t in enumerate(tokens + [None]):
            error = None
            try:
                if t is None:
                    p.process_eos()
                else:
                    p.process(t)
            except RuntimeError as e:  # HarmonyError is a RuntimeError; render raises plain RuntimeError
                error = str(e)
            state, seen = self._state(p, seen)
            if error is not None:
                state["error"] = error
            states.append(state)
            if error is not None:
                break
        return states

    @staticmethod
    def _state(p, seen):
        messages = json.loads(p.messages)
        state_json = json.loads(p.state)
        state = {"state": state_json["state"], "role": p.current_role, "channel": p.current_channel,
                 "recipient": p.current_recipient, "content_type": p.current_content_type,
                 "content": p.current_content, "content_delta": p.last_content_delta,
                 "message_count": len(messages), "new_messages": messages[seen:], "state_json": state_json}
        return state, len(messages)

    def answer(self, case):
        kind = case["kind"]
        if kind == "render":
            case["expected"] = self.render(case["conversation"], case["mode"], case["auto_drop_analysis"])
        elif kind == "parse":
            case["strict"] = self.parse(case["tokens"], case["role"], True)
            case["non_strict"] = self.parse(case["tokens"], case["role"], False)
        elif kind == "stream":
            case["states"] = self.stream(case["tokens"], case["role"], case["strict"])
        elif kind == "escape":
            case["escaped"] = debug_escaped(self, case["code_points"])
        else:
            raise ValueError("unknown kind " + repr(kind))
        return case


# ---------------------------------------------------------------------------------------------------- completions

def header_fault(rng, header):
    """One header fault of the kinds seen in real gpt-oss output (or a Unicode/escaping trap)."""
    f = rng.randrange(14)
    if f == 0:
        return header.replace("<|channel|>", "<|channel|>commentary<|channel|>", 1) if "<|channel|>" in header \
            else header + "<|channel|>commentary<|channel|>analysis"
    if f == 1:
        return header + "<|channel|>" + rng.choice(["bash", "", " ", "commentary?", "comment"])
    if f == 2:
        return header + " to=" + rng.choice(TOOLS) + " to=" + rng.choice(TOOLS)
    if f == 3:
        return header + " <|constrain|>" + rng.choice(["We should list files", "json extra", "commentary", ""])
    if f == 4:
        rest = header[header.find("<|channel|>"):] if "<|channel|>" in header else ""
        return rng.choice(["final", "user:alice", "tool", "to=functions.x", "assistantassistant", "", "functions.f"]) + rest
    if f == 5:
        return header + rng.choice(HEADER_NOISE) + rng.choice(["x", "json", "to=y", ""])
    if f == 6:
        return header.replace(" ", rng.choice(HEADER_NOISE), 1)
    if f == 7:
        return header + " " + rng.choice(["2?", "––commentary", "extra words here", "<|start|>assistant"])
    if f == 8:
        return header + "<|" + rng.choice(["end", "return", "call", "start"]) + "|>"
    if f == 9:
        return header + " to=<|constrain|>" + rng.choice(TOOLS)
    if f == 10:
        return header.replace("assistant", "assistant<|channel|>commentary", 1)
    if f == 11:
        return "\n" + header + "\n"
    if f == 12:
        return header + "<|channel|>" + rng.choice(CHANNELS) + rng.choice(HEADER_NOISE)
    return header.upper() if rng.random() < 0.3 else header + " to=" + rng.choice(TOOLS)


def message_header(rng, role_known):
    """Header text after <|start|> (or, for the first message of a role-initialised parser, the whole header)."""
    kind = rng.randrange(8)
    author = "" if role_known else "assistant"
    if kind == 0:
        h = author + "<|channel|>analysis"
    elif kind == 1:
        h = author + "<|channel|>final"
    elif kind == 2:
        h = author + "<|channel|>commentary"
    elif kind == 3:
        h = author + "<|channel|>commentary to=" + rng.choice(TOOLS) + rng.choice(CONTENT_TYPES)
    elif kind == 4:
        h = author + " to=" + rng.choice(TOOLS) + "<|channel|>commentary" + rng.choice(CONTENT_TYPES)
    elif kind == 5:
        h = author + " to=browser.search<|channel|>analysis code"
    elif kind == 6 and not role_known:
        h = rng.choice(TOOLS) + rng.choice([" to=assistant<|channel|>commentary", "<|channel|>commentary to=assistant",
                                            ""])
    elif not role_known:
        h = rng.choice(["user", "system", "developer", "user:alice", "tool"])
    else:
        h = author + "<|channel|>" + rng.choice(CHANNELS)
    return h


def completion_text(rng, role):
    parts = []
    for i in range(rng.randint(1, 5)):
        first = i == 0 and role is not None
        header = message_header(rng, first)
        if rng.random() < 0.25:
            header = header_fault(rng, header)
        body = rng.choice(TEXTS) + (rng.choice(TEXTS) if rng.random() < 0.3 else "")
        stop = rng.choice(["<|end|>", "<|end|>", "<|call|>", "<|return|>"])
        missing_message = rng.random() < 0.05
        start = "" if first else ("<|start|>" if rng.random() > 0.04 else "")
        parts.append(start + header + ("" if missing_message else "<|message|>") + body + stop)
    text = "".join(parts)
    if rng.random() < 0.1:
        text += rng.choice(["extra", "<|return|>", "\n", "<|start|>assistant"])
    if rng.random() < 0.15:
        text = text[:-len(rng.choice(["<|end|>", "<|call|>"]))] if text.endswith(("<|end|>", "<|call|>")) else text
    return text


def corrupt_tokens(rng, ref, tokens):
    """Token-level corruption: 0-3 operations."""
    tokens = list(tokens)
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
        if not tokens:
            break
        op = rng.randrange(10)
        specials = [i for i, t in enumerate(tokens) if t in SPECIAL_IDS]
        if op == 0 and specials:
            del tokens[rng.choice(specials)]
        elif op == 1 and len(tokens) > 1:
            i = rng.choice(specials) if specials else rng.randrange(len(tokens))
            j = i + 1 if i + 1 < len(tokens) else i - 1
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op == 2 and specials:
            i = rng.choice(specials)
            tokens.insert(i, tokens[i])
        elif op == 3:
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(SPECIAL_IDS))
        elif op in (4, 5):
            # bytes that are not UTF-8 on their own, in a header (after a start or at the beginning) or in content
            anchors = [i + 1 for i, t in enumerate(tokens) if t in (START, MESSAGE)] + [0]
            at = rng.choice(anchors)
            for k in range(rng.randint(1, 3)):
                tokens.insert(at + k, rng.choice(ref.fragments()))
        elif op == 6:
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice([201089, 250000, 1 << 30]))
        elif op == 8:
            # single bytes where decoders disagree: encoded surrogates, overlongs, out-of-range leads, cut sequences
            at = rng.randrange(len(tokens) + 1)
            seq = rng.choice([[0xED, 0xA0], [0xED, 0xBF, 0x80], [0xE0, 0x80], [0xC0, 0xAF], [0xF4, 0x90], [0xF5],
                              [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x80], [0xC2]])
            byte_tokens = ref.byte_tokens()
            tokens[at:at] = [byte_tokens[b] for b in seq if b in byte_tokens]
        elif op == 7:
            del tokens[rng.randrange(len(tokens) + 1):]
        else:
            tokens.insert(rng.randrange(len(tokens) + 1), rng.randrange(199998))
    return tokens


def completion_case(rng, ref, n):
    role = "assistant" if rng.random() < 0.7 else None
    if rng.random() < 0.08:
        tokens = [rng.choice(CONTROL_IDS + [rng.randrange(199998)] + ref.fragments()[:50])
                  for _ in range(rng.randint(0, 12))]
    else:
        tokens = corrupt_tokens(rng, ref, ref.encode(completion_text(rng, role)))
    return {"id": "p%d" % n, "role": role, "tokens": tokens}


# ---------------------------------------------------------------------------------------------------- conversations

NUMBERS = [0, 1, -1, 10, 1.0, 0.5, -0.0, 1e21, 1.5e-7, 3.14159, 18446744073709551615, 18446744073709551616,
           -9223372036854775808, -9223372036854775809, 123456789012345678901234567890, 2 ** 53 + 1]


def schema(rng, depth=0):
    t = rng.randrange(9 if depth < 2 else 6)
    s = {}
    if t == 0:
        s = {"type": "string"}
        if rng.random() < 0.4:
            s["enum"] = rng.sample(["celsius", "fahrenheit", "a\"b", "x y", "东"], rng.randint(1, 3))
    elif t == 1:
        s = {"type": rng.choice(["number", "integer"])}
    elif t == 2:
        s = {"type": "boolean"}
    elif t == 3:
        s = {"type": ["string", "null"] if rng.random() < 0.5 else ["number", "string", "integer"]}
    elif t == 4:
        s = {"type": rng.choice(["null", "weird"])} if rng.random() < 0.5 else {"anyOf": [{"type": "string"}]}
    elif t == 5:
        s = {"type": "array"}
        if rng.random() < 0.7:
            s["items"] = schema(rng, depth + 1)
    elif t == 6:
        s = {"oneOf": [schema(rng, depth + 1) for _ in range(rng.randint(1, 3))]}
    else:
        s = object_schema(rng, depth + 1)
    if rng.random() < 0.4:
        s["description"] = rng.choice(["The city", "multi\nline", "default thing", "数字"])
    if rng.random() < 0.35:
        s["default"] = rng.choice(NUMBERS + ["str", True, None, [1, 2], {"a": 1}])
    if rng.random() < 0.15:
        s["nullable"] = True
    if rng.random() < 0.1:
        s["examples"] = rng.choice([["a", "b"], [1, "x"], []])
    if rng.random() < 0.1:
        s["title"] = "Title"
    return s


def object_schema(rng, depth):
    props = {}
    for k in range(rng.randint(0, 4)):
        props[rng.choice(["location", "format", "n", "items", "q"]) + str(k)] = schema(rng, depth)
    s = {"type": "object", "properties": props}
    if props and rng.random() < 0.6:
        s["required"] = rng.sample(list(props), rng.randint(1, len(props)))
    return s


def tools(rng):
    out = []
    for k in range(rng.randint(1, 4)):
        params = None if rng.random() < 0.2 else object_schema(rng, 0)
        out.append(oh.ToolDescription.new(rng.choice(["get_weather", "bash", "lookup", "kitchen_sink"]) + str(k),
                                          rng.choice(["Gets the weather.", "", "Line 1\nLine 2", "Runs a command."]),
                                          parameters=params))
    return out


def system_message(rng):
    s = oh.SystemContent.new()
    if rng.random() < 0.5:
        s = s.with_reasoning_effort(rng.choice(list(oh.ReasoningEffort)))
    if rng.random() < 0.5:
        s = s.with_conversation_start_date("2025-06-28")
    if rng.random() < 0.2:
        s = s.with_knowledge_cutoff("2023-01")
    if rng.random() < 0.2:
        s = s.with_model_identity(rng.choice(["You are a bot.", "", "Multi\nline"]))
    if rng.random() < 0.2:
        s = s.with_browser_tool()
    if rng.random() < 0.2:
        s = s.with_python_tool()
    if rng.random() < 0.15:
        s = s.with_required_channels(rng.choice([[], ["analysis", "final"], CHANNELS]))
    return oh.Message.from_role_and_content(oh.Role.SYSTEM, s)


def developer_message(rng):
    d = oh.DeveloperContent.new()
    if rng.random() < 0.7:
        d = d.with_instructions(rng.choice(["Always respond in riddles", "", "Use tools.\nBe brief."]))
    if rng.random() < 0.8:
        d = d.with_function_tools(tools(rng))
    return oh.Message.from_role_and_content(oh.Role.DEVELOPER, d)


def message(role, text, name=None, recipient=None, channel=None, content_type=None):
    """A message in harmony's serde JSON (absent fields omitted)."""
    m = {"role": role}
    for key, value in (("name", name), ("recipient", recipient), ("channel", channel), ("content_type", content_type)):
        if value is not None:
            m[key] = value
    m["content"] = [{"type": "text", "text": text}] if isinstance(text, str) else text
    return m


def chat_message(rng):
    k = rng.randrange(9)
    text = rng.choice(TEXTS)
    if k <= 1:
        return message("user", text, name="alice" if rng.random() < 0.1 else None)
    if k == 2:
        return message("assistant", text, channel="analysis")
    if k == 3:
        return message("assistant", text, channel="final")
    if k == 4:
        ct = rng.choice(["<|constrain|>json", "json", "<|constrain|>", "<|constrain|> json", None])
        return message("assistant", "{\"a\": 1}", recipient=rng.choice(TOOLS + ["all"]), channel="commentary",
                       content_type=ct)
    if k == 5:
        tool = rng.random() < 0.7
        return message("tool", text, name=rng.choice(TOOLS + [None]), recipient="assistant" if tool else None,
                       channel="commentary" if tool else None)
    if k == 6:
        return message("assistant", text, channel=rng.choice(CHANNELS + [None]))
    if k == 7 and rng.random() < 0.2:
        return message("user", [oh.SystemContent.new().to_dict()])
    return message(rng.choice(["user", "assistant"]), text)


def render_case(rng, n):
    msgs = []
    if rng.random() < 0.8:
        msgs.append(system_message(rng).to_dict())
    if rng.random() < 0.7:
        msgs.append(developer_message(rng).to_dict())
    msgs += [chat_message(rng) for _ in range(rng.randint(0, 7))]
    return {"id": "r%d" % n, "conversation": {"messages": msgs},
            "mode": rng.choice(["completion", "completion", "conversation", "training"]),
            "auto_drop_analysis": rng.random() < 0.6}


# ---------------------------------------------------------------------------------------------------- Debug escaping

ESCAPE_PREFIX = 'unexpected tokens remaining in message header: Some("'


def debug_escaped(ref, code_points):
    """For each code point (non-ASCII, not a surrogate): whether Rust's Debug, as compiled into the wheel, escapes it.
    Read from harmony's own leftover-words error: one word x{c}x per code point."""
    out = []
    for k in range(0, len(code_points), 3000):
        chunk = code_points[k:k + 3000]
        text = " ".join("x" + chr(c) + "x" for c in chunk) + " a b"
        error = ref.parse(ref.enc.encode(text) + [MESSAGE], "assistant", True)["error"]
        words = error[len(ESCAPE_PREFIX):-2].split(" ")
        if not error.startswith(ESCAPE_PREFIX) or len(words) != len(chunk):
            raise ValueError("unexpected reference error: " + error[:200])
        out += [w[1:-1].startswith("\\u{") for w in words]
    return out


def escape_ranges(ref):
    """Every escaped non-ASCII code point as inclusive hex ranges (the table RustText reads; takes minutes)."""
    cps = [c for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    ranges = []
    for c, esc in zip(cps, debug_escaped(ref, cps)):
        if not esc:
            continue
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return ranges


def escape_case(rng, n, count):
    cps = []
    while len(cps) < count:
        c = rng.randrange(0x80, 0x30000) if rng.random() < 0.7 else rng.randrange(0x80, 0x110000)
        if not 0xD800 <= c <= 0xDFFF:
            cps.append(c)
    return {"id": "e%d" % n, "kind": "escape", "code_points": cps}


# ---------------------------------------------------------------------------------------------------- main

def generate(ref, seed, counts, out):
    renders, parses, streams, escapes = counts
    rng = random.Random(seed)
    for n in range(renders):
        case = render_case(rng, n)
        case["kind"] = "render"
        out.write(json.dumps(ref.answer(case)) + "\n")
    for n in range(parses):
        case = completion_case(rng, ref, n)
        case["kind"] = "parse"
        out.write(json.dumps(ref.answer(case)) + "\n")
    for n in range(streams):
        case = completion_case(rng, ref, n)
        case["id"] = "s%d" % n
        case["kind"] = "stream"
        case["strict"] = n % 2 == 0
        out.write(json.dumps(ref.answer(case)) + "\n")
    for n in range(0, escapes, 3000):
        out.write(json.dumps(ref.answer(escape_case(rng, n, min(3000, escapes - n)))) + "\n")


def serve(ref, inp, out):
    for line in inp:
        if line.strip():
            out.write(json.dumps(ref.answer(json.loads(line))) + "\n")
            out.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["generate", "serve", "escape-ranges"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--render", type=int, default=1500)
    ap.add_argument("--parse", type=int, default=6000)
    ap.add_argument("--stream", type=int, default=4000)
    ap.add_argument("--escapes", type=int, default=15000)
    a = ap.parse_args()
    sys.stdout.reconfigure(encoding="utf-8")
    ref = Reference()
    if a.command == "generate":
        generate(ref, a.seed, (a.render, a.parse, a.stream, a.escapes), sys.stdout)
    elif a.command == "escape-ranges":
        for lo, hi in escape_ranges(ref):
            print("%x %x" % (lo, hi))
    else:
        serve(ref, sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
