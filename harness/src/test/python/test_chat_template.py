"""The tiny model's chat template renders exactly what openai-harmony v0.0.8 renders for the same conversation.

Runs offline: TIKTOKEN_ENCODINGS_BASE points at a directory holding o200k_base.tiktoken (make_tiny_gpt_oss.py writes
one next to the model; conftest.py finds or extracts it).
"""
from __future__ import annotations

import json

import jinja2
import pytest

from conftest import TEMPLATE_PATH

h = pytest.importorskip("openai_harmony")

DATE = "2025-06-28"

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Gets the current weather in the provided location.",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                "format": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
            },
            "required": ["location"],
        },
    },
}
NO_PARAMS = {"type": "function", "function": {"name": "get_location", "description": "Gets the location of the user."}}
KITCHEN = {
    "type": "function",
    "function": {
        "name": "kitchen",
        "description": "Line one.\nLine two.",
        "parameters": {
            "type": "object",
            "properties": {
                "count": {"type": "integer", "description": "how many", "default": 10},
                "ratio": {"type": "number"},
                "flag": {"type": "boolean", "default": False},
                "tags": {"type": "array", "items": {"type": "string"}},
                "anything": {"type": "array"},
                "maybe": {"type": ["string", "null"]},
                "nested": {"type": "object", "description": "nested obj",
                           "properties": {"b": {"type": "number"}, "c": {"type": "array"}}, "required": ["b"]},
                "choice": {"oneOf": [{"type": "string", "description": "a name"}, {"type": "number"}],
                           "description": "name or number", "default": "x"},
                "titled": {"type": "string", "title": "The Title", "examples": ["ex1", 2, "ex3"]},
                "nullable_num": {"type": "number", "nullable": True},
                "mode": {"type": "string", "enum": ["a", "b"], "default": "a"},
            },
            "required": ["count", "nested"],
        },
    },
}


def render_template(messages, tools=None, effort=None, add_generation_prompt=True):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_PATH.parent)))
    env.filters["tojson"] = lambda v: json.dumps(v, ensure_ascii=False)
    tmpl = env.get_template(TEMPLATE_PATH.name)
    kw = {"messages": messages, "add_generation_prompt": add_generation_prompt, "current_date": DATE,
          "strftime_now": lambda fmt: DATE}
    if tools is not None:
        kw["tools"] = tools
    if effort:
        kw["reasoning_effort"] = effort
    return tmpl.render(**kw)


def render_harmony(enc, msgs, tools=None, instructions=None, effort="medium"):
    sysc = (h.SystemContent.new()
            .with_reasoning_effort({"low": h.ReasoningEffort.LOW, "medium": h.ReasoningEffort.MEDIUM,
                                    "high": h.ReasoningEffort.HIGH}[effort])
            .with_conversation_start_date(DATE))
    conv = [h.Message.from_role_and_content(h.Role.SYSTEM, sysc)]
    if instructions is not None or tools:
        dev = h.DeveloperContent.new()
        if instructions is not None:
            dev = dev.with_instructions(instructions)
        if tools:
            dev = dev.with_function_tools([
                h.ToolDescription.new(t["function"]["name"], t["function"].get("description", ""),
                                      parameters=t["function"].get("parameters")) for t in tools])
        conv.append(h.Message.from_role_and_content(h.Role.DEVELOPER, dev))
    conv += msgs
    toks = enc.render_conversation_for_completion(h.Conversation.from_messages(conv), h.Role.ASSISTANT)
    return enc.decode(toks)


def user(text):
    return h.Message.from_role_and_content(h.Role.USER, text)


def asst(text, channel):
    return h.Message.from_role_and_content(h.Role.ASSISTANT, text).with_channel(channel)


def call(name, args):
    return (h.Message.from_role_and_content(h.Role.ASSISTANT, args).with_channel("commentary")
            .with_recipient("functions." + name).with_content_type("json"))


def result(name, text):
    return (h.Message.from_author_and_content(h.Author.new(h.Role.TOOL, "functions." + name), text)
            .with_channel("commentary").with_recipient("assistant"))


@pytest.fixture(scope="module")
def enc(encodings_dir, monkeypatch_module):
    monkeypatch_module.setenv("TIKTOKEN_ENCODINGS_BASE", str(encodings_dir))
    return h.load_harmony_encoding(h.HarmonyEncodingName.HARMONY_GPT_OSS)


def test_user_only(enc):
    assert render_template([{"role": "user", "content": "What is 2 + 2?"}]) == \
        render_harmony(enc, [user("What is 2 + 2?")])


def test_system_instructions_and_effort(enc):
    msgs = [{"role": "system", "content": "Always respond in riddles"}, {"role": "user", "content": "hi"}]
    assert render_template(msgs, effort="high") == \
        render_harmony(enc, [user("hi")], instructions="Always respond in riddles", effort="high")


def test_tools(enc):
    msgs = [{"role": "user", "content": "Weather in Paris?"}]
    assert render_template(msgs, tools=[NO_PARAMS, WEATHER]) == \
        render_harmony(enc, [user("Weather in Paris?")], tools=[NO_PARAMS, WEATHER])


def test_kitchen_sink_schema(enc):
    msgs = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "x"}]
    assert render_template(msgs, tools=[KITCHEN]) == \
        render_harmony(enc, [user("x")], tools=[KITCHEN], instructions="Be brief.")


def test_tool_call_round_trip(enc):
    args = '{"location": "Paris"}'
    msgs = [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": None, "reasoning_content": "Need weather.",
         "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": '{"temperature": 20}'},
    ]
    assert render_template(msgs, tools=[WEATHER]) == render_harmony(enc, [
        user("Weather in Paris?"), asst("Need weather.", "analysis"), call("get_weather", args),
        result("get_weather", '{"temperature": 20}')], tools=[WEATHER])


def test_earlier_analysis_dropped(enc):
    msgs = [
        {"role": "user", "content": "What is 2 + 2?"},
        {"role": "assistant", "content": "4", "reasoning_content": "easy"},
        {"role": "user", "content": "And 3 + 3?"},
    ]
    assert render_template(msgs) == render_harmony(enc, [
        user("What is 2 + 2?"), asst("easy", "analysis"), asst("4", "final"), user("And 3 + 3?")])
