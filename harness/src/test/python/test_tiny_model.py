"""The tiny gpt-oss builder: deterministic output, real o200k_harmony tokenizer, gpt-oss GGUF metadata."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from conftest import HERE

gguf = pytest.importorskip("gguf")


def build(out, seed=17):
    subprocess.run([sys.executable, str(HERE / "make_tiny_gpt_oss.py"), "--out", str(out), "--seed", str(seed),
                    "--hf"], check=True, capture_output=True)
    return out


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return build(tmp_path_factory.mktemp("model"))


def test_same_seed_gives_byte_identical_files(model, tmp_path):
    again = build(tmp_path / "again")
    for rel in ["tiny-gpt-oss.gguf", "hf/model.safetensors", "hf/tokenizer.json", "hf/config.json",
                "hf/tokenizer_config.json", "build-info.json"]:
        assert digest(model / rel) == digest(again / rel), rel


def test_gguf_metadata(model):
    r = gguf.GGUFReader(str(model / "tiny-gpt-oss.gguf"))

    def field(name):
        f = r.fields[name]
        if f.types[0] == gguf.GGUFValueType.STRING:
            return bytes(f.parts[f.data[0]]).decode()
        if f.types[0] == gguf.GGUFValueType.ARRAY:
            return f
        return f.parts[f.data[0]][0]

    assert field("general.architecture") == "gpt-oss"
    assert field("tokenizer.ggml.model") == "gpt2"
    assert field("tokenizer.ggml.pre") == "gpt-4o"
    assert field("gpt-oss.expert_count") == 4 and field("gpt-oss.expert_used_count") == 2
    assert field("gpt-oss.attention.sliding_window") == 128
    assert field("gpt-oss.rope.scaling.type") == "yarn"
    tokens = field("tokenizer.ggml.tokens")
    assert len(tokens.data) == 201088
    tok = lambda i: bytes(tokens.parts[tokens.data[i]]).decode()  # noqa: E731
    assert [tok(i) for i in (199998, 199999, 200002, 200003, 200005, 200006, 200007, 200008, 200012)] == [
        "<|startoftext|>", "<|endoftext|>", "<|return|>", "<|constrain|>", "<|channel|>", "<|start|>", "<|end|>",
        "<|message|>", "<|call|>"]
    assert tok(200018) == "<|reserved_200018|>" and tok(201087) == "<|reserved_201087|>"
    assert "<|channel|>" in field("tokenizer.chat_template")
    names = {t.name for t in r.tensors}
    for n in ["token_embd.weight", "output.weight", "blk.1.attn_sinks.weight", "blk.0.ffn_gate_exps.weight",
              "blk.0.ffn_down_exps.bias", "blk.1.ffn_gate_inp.bias", "blk.0.attn_q.bias"]:
        assert n in names


def test_hf_tokenizer_matches_openai_harmony(model, monkeypatch):
    tokenizers = pytest.importorskip("tokenizers")
    h = pytest.importorskip("openai_harmony")
    monkeypatch.setenv("TIKTOKEN_ENCODINGS_BASE", str(model))
    enc = h.load_harmony_encoding(h.HarmonyEncodingName.HARMONY_GPT_OSS)
    tk = tokenizers.Tokenizer.from_file(str(model / "hf" / "tokenizer.json"))
    for text in ["hello world", "What is 2 + 2?", "  spaces\n\n\ttabs", "Ünïcödé 日本語 😀", "x**2  # c",
                 "<|start|>user<|message|>hi<|end|><|start|>assistant", "I'm they'll WE'RE", "3.14159 1234567",
                 "commentary to=functions.get_weather <|constrain|>json"]:
        assert tk.encode(text).ids == enc.encode(text, allowed_special="all"), text


def test_config_is_gpt_oss(model):
    cfg = json.loads((model / "hf" / "config.json").read_text())
    assert cfg["model_type"] == "gpt_oss" and cfg["architectures"] == ["GptOssForCausalLM"]
    assert cfg["layer_types"] == ["sliding_attention", "full_attention"]
    assert cfg["vocab_size"] == 201088 and cfg["head_dim"] == 64


def test_content_hash_changes_with_seed():
    sys.path.insert(0, str(HERE))
    import make_tiny_gpt_oss as m

    assert m.content_hash(17) != m.content_hash(18)
    assert len(m.content_hash(17)) == 16
    assert os.path.basename(str(HERE)) == "python"
