#!/usr/bin/env python3
"""Build a tiny gpt-oss model with random weights, the real gpt-oss architecture and the real o200k_harmony tokenizer.

Outputs (into --out DIR):
  tiny-gpt-oss.gguf     GGUF for llama.cpp (architecture "gpt-oss", tokenizer gpt2/BPE with merges, pre "gpt-4o",
                        chat template = gpt_oss_chat_template.jinja)
  hf/                   (with --hf) safetensors + config.json + tokenizer.json + tokenizer_config.json +
                        generation_config.json, the Hugging Face layout that vLLM/transformers load
  o200k_base.tiktoken   the rank file (for TIKTOKEN_ENCODINGS_BASE, so openai-harmony works offline)
  build-info.json       seed, shapes, content hash, timings

Architecture (gpt-oss, scaled down): 2 layers, hidden 64, 4 query heads and 2 KV heads of dimension 64 (as in gpt-oss; vLLM's CPU attention has no kernel for 16), attention
biases and per-head attention sinks, YaRN RoPE (theta 150000, factor 32, original context 4096), sliding window 128 on
even layers and full attention on odd layers, MoE with 4 experts top-2 (router with bias, softmax over the selected
experts, clamped SwiGLU with alpha 1.702 and limit 7), RMSNorm eps 1e-5, untied output layer, vocabulary 201,088.

The weights are random (numpy PCG64, fixed seed) except for a small hand-made structure that makes the model speak
"harmony-ish": dimension 0 of the residual stream is a constant (it acts as an output bias), dimensions 1..S carry a
one-hot "state" of the current token (for <|start|>, assistant, <|channel|>, analysis, comment, ary, final,
<|message|>, <|end|>, " to", "=", "functions", ".", <|constrain|>, "json", " json", " ", ordinary text) and the
output layer maps each state to a next-token distribution (a Markov chain over harmony header pieces; see
TRANSITIONS). Attention and the experts write only to the remaining random dimensions, which add context-dependent
noise to the logits of ordinary tokens. Consequences:
  * greedy decoding (temperature 0) after "<|start|>assistant" gives "<|channel|>final<|message|>X<|return|>",
    a well-formed final answer with one content token;
  * sampling at temperature 1 gives mixtures of analysis/commentary/final messages, tool-call headers
    (" to=functions.NAME"), "<|constrain|>json", duplicated channels, missing <|message|>, stray stop tokens, ...
    i.e. frequent malformed harmony, and it stops (<|return|> or <|call|>) after a few dozen tokens on average.

Deterministic: the same script and seed give byte-identical files.
"""
from __future__ import annotations

import argparse
import base64
import glob
import hashlib
import json
import math
import os
import struct
import sys
import time
import zipfile
from pathlib import Path

try:
    import numpy as np
except ImportError:  # hashing (content_hash) needs only the standard library
    np = None

HERE = Path(__file__).resolve().parent
TEMPLATE_PATH = HERE / "gpt_oss_chat_template.jinja"
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
O200K_PATTERN = (
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

# ---------------------------------------------------------------- architecture
N_VOCAB = 201088
N_EMBD = 64
N_LAYER = 2
N_HEAD = 4
N_HEAD_KV = 2
HEAD_DIM = 64
N_EXPERT = 4
N_EXPERT_USED = 2
N_FF_EXP = 64
SLIDING_WINDOW = 128
ROPE_THETA = 150000.0
YARN_FACTOR = 32.0
YARN_ORIG_CTX = 4096
CONTEXT_LENGTH = 131072
RMS_EPS = 1e-5
SWIGLU_LIMIT = 7.0

# ---------------------------------------------------------------- special tokens (openai/harmony o200k_harmony)
SPECIAL = {
    199998: "<|startoftext|>",
    199999: "<|endoftext|>",
    200002: "<|return|>",
    200003: "<|constrain|>",
    200005: "<|channel|>",
    200006: "<|start|>",
    200007: "<|end|>",
    200008: "<|message|>",
    200012: "<|call|>",
}
FIRST_SPECIAL = 199998

T_START, T_END, T_MESSAGE, T_CHANNEL, T_CONSTRAIN, T_RETURN, T_CALL = 200006, 200007, 200008, 200005, 200003, 200002, 200012
T_EOT = 199999


def special_token_text(i: int) -> str:
    return SPECIAL.get(i, f"<|reserved_{i}|>")


# ---------------------------------------------------------------- tokenizer
def find_rank_file(explicit: str | None) -> bytes:
    """The o200k_base rank file: --ranks FILE, $O200K_BASE_FILE, or the copy inside jtokkit's jar in ~/.m2."""
    candidates = []
    if explicit:
        candidates.append(explicit)
    if os.environ.get("O200K_BASE_FILE"):
        candidates.append(os.environ["O200K_BASE_FILE"])
    m2 = os.environ.get("MAVEN_REPO", os.path.expanduser("~/.m2/repository"))
    candidates += sorted(glob.glob(os.path.join(m2, "com/knuddels/jtokkit/*/jtokkit-*.jar")), reverse=True)
    for c in candidates:
        if not os.path.exists(c):
            continue
        if c.endswith(".jar"):
            with zipfile.ZipFile(c) as z:
                try:
                    data = z.read("com/knuddels/jtokkit/o200k_base.tiktoken")
                except KeyError:
                    continue
        else:
            data = Path(c).read_bytes()
        if hashlib.sha256(data).hexdigest() == O200K_SHA256:
            return data
        print(f"warning: {c}: o200k_base data has the wrong sha256, skipped", file=sys.stderr)
    raise SystemExit(
        "o200k_base.tiktoken not found: pass --ranks FILE, set O200K_BASE_FILE, or fetch the jtokkit jar into ~/.m2 "
        "(mvn -q dependency:get -Dartifact=com.knuddels:jtokkit:1.1.0)")


def load_ranks(data: bytes) -> list[bytes]:
    by_rank: list[bytes] = []
    for line in data.splitlines():
        if not line:
            continue
        tok, rank = line.split()
        assert int(rank) == len(by_rank), "ranks must be dense"
        by_rank.append(base64.b64decode(tok))
    assert len(by_rank) == FIRST_SPECIAL, len(by_rank)
    return by_rank


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte -> printable unicode map (used by byte-level BPE vocabularies)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def derive_merges(by_rank: list[bytes]) -> list[tuple[bytes, bytes]]:
    """Recover the BPE merge list from tiktoken ranks: token of rank r is the merge of the two parts that BPE with
    ranks < r leaves for its bytes. Merges are returned in rank order."""
    ranks = {t: i for i, t in enumerate(by_rank)}
    merges = []
    for r, tok in enumerate(by_rank):
        if len(tok) < 2:
            continue
        parts = [tok[i:i + 1] for i in range(len(tok))]
        while True:
            best_i, best_r = -1, r
            for i in range(len(parts) - 1):
                pr = ranks.get(parts[i] + parts[i + 1])
                if pr is not None and pr < best_r:
                    best_i, best_r = i, pr
            if best_i < 0:
                break
            parts[best_i:best_i + 2] = [parts[best_i] + parts[best_i + 1]]
        if len(parts) == 2:
            merges.append((parts[0], parts[1]))
    return merges


def build_tokenizer(by_rank: list[bytes]):
    b2u = bytes_to_unicode()
    enc = lambda b: "".join(b2u[x] for x in b)  # noqa: E731
    tokens = [enc(t) for t in by_rank] + [special_token_text(i) for i in range(FIRST_SPECIAL, N_VOCAB)]
    types = [1] * FIRST_SPECIAL + [3] * (N_VOCAB - FIRST_SPECIAL)  # 1 = normal, 3 = control
    merges = [enc(a) + " " + enc(b) for a, b in derive_merges(by_rank)]
    return tokens, types, merges


# ---------------------------------------------------------------- the "harmony-ish" output structure
def design(by_rank: list[bytes]):
    """Returns (state_of_token: dict id->state index, states, logit tables) for the Markov-chain output layer."""
    rank = {t: i for i, t in enumerate(by_rank)}
    tid = lambda s: rank[s.encode()]  # noqa: E731  (single-token strings only)
    keys = {
        "start": T_START, "assistant": tid("assistant"), "channel": T_CHANNEL, "analysis": tid("analysis"),
        "comment": tid("comment"), "ary": tid("ary"), "final": tid("final"), "message": T_MESSAGE, "end": T_END,
        "to": tid(" to"), "eq": tid("="), "functions": tid("functions"), "dot": tid("."), "constrain": T_CONSTRAIN,
        "json": tid("json"), "sjson": tid(" json"), "space": tid(" "), "return": T_RETURN, "call": T_CALL,
        "lbrace": tid("{"), "user": tid("user"), "hello": tid("Hello"),
    }
    states = ["start", "assistant", "channel", "analysis", "comment", "ary", "final", "message", "end", "to", "eq",
              "functions", "dot", "constrain", "json", "sjson", "space", "stop", "lbrace", "text"]
    # next-token probabilities per state; "TEXT" = the rest of the mass goes to ordinary tokens
    transitions = {
        "start":     {"assistant": 0.86, "channel": 0.04, "user": 0.02, "TEXT": 0.08},
        "assistant": {"channel": 0.74, "to": 0.12, "message": 0.05, "TEXT": 0.09},
        "channel":   {"final": 0.36, "analysis": 0.30, "comment": 0.22, "channel": 0.02, "TEXT": 0.10},
        "analysis":  {"message": 0.84, "channel": 0.05, "to": 0.03, "TEXT": 0.08},
        "comment":   {"ary": 0.95, "TEXT": 0.05},
        "ary":       {"message": 0.42, "to": 0.26, "sjson": 0.10, "space": 0.09, "constrain": 0.03, "TEXT": 0.10},
        "final":     {"message": 0.84, "channel": 0.04, "TEXT": 0.12},
        "message":   {"hello": 0.10, "lbrace": 0.06, "end": 0.02, "return": 0.01, "TEXT": 0.81},
        "end":       {"start": 0.90, "TEXT": 0.10},
        "to":        {"eq": 0.88, "TEXT": 0.12},
        "eq":        {"functions": 0.82, "TEXT": 0.18},
        "functions": {"dot": 0.86, "TEXT": 0.14},
        "dot":       {"channel": 0.20, "sjson": 0.08, "message": 0.08, "TEXT": 0.64},
        "constrain": {"json": 0.82, "TEXT": 0.18},
        "json":      {"message": 0.82, "channel": 0.03, "TEXT": 0.15},
        "sjson":     {"message": 0.82, "channel": 0.03, "TEXT": 0.15},
        "space":     {"constrain": 0.70, "TEXT": 0.30},
        "stop":      {"start": 0.90, "TEXT": 0.10},
        "lbrace":    {"TEXT": 0.97, "end": 0.03},
        "text":      {"return": 0.05, "end": 0.04, "call": 0.03, "channel": 0.012, "start": 0.008,
                      "message": 0.008, "to": 0.01, "TEXT": 0.842},
    }
    state_of = {keys[k]: states.index(k) for k in states if k in keys}
    state_of[T_RETURN] = states.index("stop")
    state_of[T_CALL] = states.index("stop")
    state_of[T_EOT] = states.index("stop")
    # readable ordinary tokens get a boost inside TEXT
    words = ("the a an of to and in is it that for on with as was be at by this are or from I you he she we they "
             "not but have has had will would can could should may weather city temperature today tomorrow sunny "
             "rain cloudy cold warm hot degrees Celsius Fahrenheit user asks wants get call function tool result "
             "answer question check need let me think about reply final analysis search find file open read write "
             "list name value number string true false null location unit date time price stock order book flight "
             "hotel email message send query id type data error ok yes no please thanks hello world Paris London "
             "Tokyo Berlin New York San Francisco").split()
    boosted = set()
    for w in words:
        for form in (w, " " + w):
            if form.encode() in rank:
                boosted.add(rank[form.encode()])
    for p in '{ } " : , ": ", "} {" [ ] 0 1 2 3 4 5 6 7 8 9 10 . ? !'.split(" "):
        if p.encode() in rank:
            boosted.add(rank[p.encode()])
    return keys, states, transitions, state_of, sorted(boosted)


# ---------------------------------------------------------------- weights
def make_weights(seed: int, by_rank: list[bytes]):
    rng = np.random.Generator(np.random.PCG64(seed))
    keys, states, transitions, state_of, boosted = design(by_rank)
    S = len(states)
    BIAS_DIM = 0
    state_dim = lambda s: 1 + s  # noqa: E731
    free = np.arange(1 + S, N_EMBD)  # dimensions written by attention / experts
    nf = len(free)
    RES = 1.0          # value of the bias and state dimensions in the residual stream
    FREE_EMB = 0.05    # std of the embedding in the free dimensions
    NOISE = 1.6        # target std of the context-dependent logit noise of ordinary tokens
    BOOST = 7.0        # extra logit of readable words
    NEG = -40.0        # logit of tokens that a state never emits

    f32 = np.float32
    w = {}
    # embeddings: bias dim, one-hot state, small random free part
    emb = np.zeros((N_VOCAB, N_EMBD), dtype=f32)
    emb[:, BIAS_DIM] = RES
    text_state = states.index("text")
    emb[:, state_dim(text_state)] = RES
    for t, s in state_of.items():
        emb[t, state_dim(text_state)] = 0.0
        emb[t, state_dim(s)] = RES
    emb[:, free] = rng.standard_normal((N_VOCAB, nf), dtype=f32) * FREE_EMB
    w["token_embd"] = emb

    # expected scale of the normalised reserved dimensions (RMSNorm of a vector with two entries RES and small rest)
    rms = math.sqrt((2 * RES * RES + nf * FREE_EMB * FREE_EMB * 2.0) / N_EMBD)
    c = RES / rms

    # output layer: logits = c*W[:,0] + c*W[:,state] + W[:,free] . h_free
    out = np.zeros((N_VOCAB, N_EMBD), dtype=f32)
    h_free_norm = math.sqrt(nf * (FREE_EMB * 2.0 / rms) ** 2)
    out[:FIRST_SPECIAL, free] = rng.standard_normal((FIRST_SPECIAL, nf), dtype=f32) * (NOISE / h_free_norm)
    base = np.zeros(N_VOCAB, dtype=np.float64)
    base[FIRST_SPECIAL:] = NEG
    base[boosted] = BOOST
    controlled = set(keys.values())
    for t in controlled:
        base[t] = NEG
        out[t, free] = 0.0
    ordinary = np.ones(N_VOCAB, dtype=bool)
    ordinary[FIRST_SPECIAL:] = False
    ordinary[list(controlled)] = False
    # log partition of the ordinary ("TEXT") part, with the lognormal noise correction
    log_z_text = float(np.log(np.exp(base[ordinary]).sum()) + NOISE * NOISE / 2)
    out[:, BIAS_DIM] = base / c
    for s_name, dist in transitions.items():
        s = states.index(s_name)
        p_text = dist["TEXT"]
        for k, p in dist.items():
            if k == "TEXT":
                continue
            t = keys[k]
            target = math.log(p / p_text) + log_z_text
            out[t, state_dim(s)] = (target - NEG) / c
    w["output"] = out
    w["output_norm"] = np.ones(N_EMBD, dtype=f32)

    def rnd(*shape, std):
        return rng.standard_normal(shape, dtype=f32) * f32(std)

    layers = []
    for il in range(N_LAYER):
        L = {}
        L["attn_norm"] = np.ones(N_EMBD, dtype=f32)
        L["post_attention_norm"] = np.ones(N_EMBD, dtype=f32)
        L["q"] = rnd(N_HEAD * HEAD_DIM, N_EMBD, std=0.5)
        L["q_b"] = rnd(N_HEAD * HEAD_DIM, std=0.1)
        L["k"] = rnd(N_HEAD_KV * HEAD_DIM, N_EMBD, std=0.5)
        L["k_b"] = rnd(N_HEAD_KV * HEAD_DIM, std=0.1)
        L["v"] = rnd(N_HEAD_KV * HEAD_DIM, N_EMBD, std=0.5)
        L["v_b"] = rnd(N_HEAD_KV * HEAD_DIM, std=0.1)
        o = np.zeros((N_EMBD, N_HEAD * HEAD_DIM), dtype=f32)
        o[free, :] = rnd(nf, N_HEAD * HEAD_DIM, std=0.00075)
        L["o"] = o
        ob = np.zeros(N_EMBD, dtype=f32)
        L["o_b"] = ob
        L["sinks"] = rnd(N_HEAD, std=1.0)
        L["router"] = rnd(N_EXPERT, N_EMBD, std=0.5)
        L["router_b"] = rnd(N_EXPERT, std=0.5)
        # experts, HF layout: gate_up_proj [E, D, 2F] (gate = even columns, up = odd), down_proj [E, F, D]
        L["gate"] = rnd(N_EXPERT, N_FF_EXP, N_EMBD, std=0.3)    # [E, F, D]  (ggml/llama.cpp orientation)
        L["gate_b"] = rnd(N_EXPERT, N_FF_EXP, std=0.1)
        L["up"] = rnd(N_EXPERT, N_FF_EXP, N_EMBD, std=0.3)
        L["up_b"] = rnd(N_EXPERT, N_FF_EXP, std=0.1)
        down = np.zeros((N_EXPERT, N_EMBD, N_FF_EXP), dtype=f32)  # [E, D, F]
        down[:, free, :] = rnd(N_EXPERT, nf, N_FF_EXP, std=0.0006)
        L["down"] = down
        L["down_b"] = np.zeros((N_EXPERT, N_EMBD), dtype=f32)
        layers.append(L)
    return w, layers


# ---------------------------------------------------------------- writers
def write_gguf(path: Path, w, layers, tokens, types, merges, template: str, name: str):
    import gguf

    tmp = path.with_suffix(".tmp")
    wr = gguf.GGUFWriter(str(tmp), "gpt-oss")
    wr.add_name(name)
    wr.add_type("model")
    wr.add_block_count(N_LAYER)
    wr.add_context_length(CONTEXT_LENGTH)
    wr.add_embedding_length(N_EMBD)
    wr.add_feed_forward_length(N_FF_EXP)
    wr.add_head_count(N_HEAD)
    wr.add_head_count_kv(N_HEAD_KV)
    wr.add_key_length(HEAD_DIM)
    wr.add_value_length(HEAD_DIM)
    wr.add_rope_freq_base(ROPE_THETA)
    wr.add_layer_norm_rms_eps(RMS_EPS)
    wr.add_expert_count(N_EXPERT)
    wr.add_expert_used_count(N_EXPERT_USED)
    wr.add_expert_feed_forward_length(N_FF_EXP)
    wr.add_sliding_window(SLIDING_WINDOW)
    wr.add_rope_scaling_type(gguf.RopeScalingType.YARN)
    wr.add_rope_scaling_factor(YARN_FACTOR)
    wr.add_rope_scaling_orig_ctx_len(YARN_ORIG_CTX)
    wr.add_rope_scaling_yarn_beta_fast(32.0)
    wr.add_rope_scaling_yarn_beta_slow(1.0)
    wr.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    wr.add_tokenizer_model("gpt2")
    wr.add_tokenizer_pre("gpt-4o")
    wr.add_token_list(tokens)
    wr.add_token_types(types)
    wr.add_token_merges(merges)
    wr.add_bos_token_id(199998)
    wr.add_eos_token_id(T_RETURN)
    wr.add_pad_token_id(T_EOT)
    wr.add_add_bos_token(False)
    wr.add_chat_template(template)

    f16 = np.float16
    wr.add_tensor("token_embd.weight", w["token_embd"].astype(f16))
    wr.add_tensor("output_norm.weight", w["output_norm"])
    wr.add_tensor("output.weight", w["output"].astype(f16))
    for il, L in enumerate(layers):
        p = f"blk.{il}."
        wr.add_tensor(p + "attn_norm.weight", L["attn_norm"])
        wr.add_tensor(p + "post_attention_norm.weight", L["post_attention_norm"])
        wr.add_tensor(p + "attn_q.weight", L["q"])
        wr.add_tensor(p + "attn_q.bias", L["q_b"])
        wr.add_tensor(p + "attn_k.weight", L["k"])
        wr.add_tensor(p + "attn_k.bias", L["k_b"])
        wr.add_tensor(p + "attn_v.weight", L["v"])
        wr.add_tensor(p + "attn_v.bias", L["v_b"])
        wr.add_tensor(p + "attn_output.weight", L["o"])
        wr.add_tensor(p + "attn_output.bias", L["o_b"])
        wr.add_tensor(p + "attn_sinks.weight", L["sinks"])
        wr.add_tensor(p + "ffn_gate_inp.weight", L["router"])
        wr.add_tensor(p + "ffn_gate_inp.bias", L["router_b"])
        wr.add_tensor(p + "ffn_gate_exps.weight", L["gate"])
        wr.add_tensor(p + "ffn_gate_exps.bias", L["gate_b"])
        wr.add_tensor(p + "ffn_up_exps.weight", L["up"])
        wr.add_tensor(p + "ffn_up_exps.bias", L["up_b"])
        wr.add_tensor(p + "ffn_down_exps.weight", L["down"])
        wr.add_tensor(p + "ffn_down_exps.bias", L["down_b"])
    wr.write_header_to_file()
    wr.write_kv_data_to_file()
    wr.write_tensors_to_file()
    wr.close()
    os.replace(tmp, path)


def write_hf(out: Path, w, layers, by_rank, merges_u, template: str):
    """Hugging Face layout (GptOssForCausalLM, unquantised bf16) for vLLM / transformers."""
    out.mkdir(parents=True, exist_ok=True)

    def bf16(a):  # numpy has no bfloat16: round-to-nearest-even into uint16 storage
        a = np.ascontiguousarray(a, dtype=np.float32)
        u = a.view(np.uint32)
        r = ((u >> 16) & 1) + 0x7FFF
        return ((u + r) >> 16).astype(np.uint16)

    t = {}
    t["model.embed_tokens.weight"] = w["token_embd"]
    t["model.norm.weight"] = w["output_norm"]
    t["lm_head.weight"] = w["output"]
    for il, L in enumerate(layers):
        p = f"model.layers.{il}."
        t[p + "input_layernorm.weight"] = L["attn_norm"]
        t[p + "post_attention_layernorm.weight"] = L["post_attention_norm"]
        for a, b in (("q", "q_proj"), ("k", "k_proj"), ("v", "v_proj"), ("o", "o_proj")):
            t[p + f"self_attn.{b}.weight"] = L[a]
            t[p + f"self_attn.{b}.bias"] = L[a + "_b"]
        t[p + "self_attn.sinks"] = L["sinks"]
        t[p + "mlp.router.weight"] = L["router"]
        t[p + "mlp.router.bias"] = L["router_b"]
        E, F, D = L["gate"].shape
        gu = np.empty((E, D, 2 * F), dtype=np.float32)
        gu[:, :, 0::2] = L["gate"].transpose(0, 2, 1)
        gu[:, :, 1::2] = L["up"].transpose(0, 2, 1)
        gub = np.empty((E, 2 * F), dtype=np.float32)
        gub[:, 0::2] = L["gate_b"]
        gub[:, 1::2] = L["up_b"]
        t[p + "mlp.experts.gate_up_proj"] = gu
        t[p + "mlp.experts.gate_up_proj_bias"] = gub
        t[p + "mlp.experts.down_proj"] = L["down"].transpose(0, 2, 1)  # [E, F, D]
        t[p + "mlp.experts.down_proj_bias"] = L["down_b"]
    # safetensors.numpy cannot write BF16 directly: write the raw file ourselves
    header, blobs, off = {}, [], 0
    for k in sorted(t):
        b = bf16(t[k]).tobytes()
        header[k] = {"dtype": "BF16", "shape": list(t[k].shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header["__metadata__"] = {"format": "pt"}
    hj = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    hj += b" " * ((8 - len(hj) % 8) % 8)
    with open(out / "model.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for b in blobs:
            f.write(b)

    config = {
        "architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss", "attention_bias": True,
        "attention_dropout": 0.0, "eos_token_id": T_RETURN, "pad_token_id": T_EOT, "head_dim": HEAD_DIM,
        "hidden_act": "silu", "hidden_size": N_EMBD, "initializer_range": 0.02, "intermediate_size": N_FF_EXP,
        "max_position_embeddings": CONTEXT_LENGTH, "num_attention_heads": N_HEAD, "num_hidden_layers": N_LAYER,
        "num_key_value_heads": N_HEAD_KV, "num_local_experts": N_EXPERT, "experts_per_token": N_EXPERT_USED,
        "num_experts_per_tok": N_EXPERT_USED, "output_router_logits": False, "rms_norm_eps": RMS_EPS,
        "rope_theta": ROPE_THETA, "rope_scaling": {"beta_fast": 32.0, "beta_slow": 1.0, "factor": YARN_FACTOR,
                                                   "original_max_position_embeddings": YARN_ORIG_CTX,
                                                   "rope_type": "yarn", "truncate": False},
        "sliding_window": SLIDING_WINDOW, "swiglu_limit": SWIGLU_LIMIT, "tie_word_embeddings": False,
        "layer_types": ["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(N_LAYER)],
        "initial_context_length": YARN_ORIG_CTX, "router_aux_loss_coef": 0.9, "use_cache": True,
        "vocab_size": N_VOCAB, "torch_dtype": "bfloat16",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    (out / "generation_config.json").write_text(json.dumps(
        {"bos_token_id": 199998, "do_sample": True, "eos_token_id": [T_RETURN, T_EOT, T_CALL], "pad_token_id": T_EOT},
        indent=2, sort_keys=True) + "\n")
    b2u = bytes_to_unicode()
    vocab = {"".join(b2u[x] for x in tok): i for i, tok in enumerate(by_rank)}
    added = [{"id": i, "content": special_token_text(i), "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i in range(FIRST_SPECIAL, N_VOCAB)]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": O200K_PATTERN}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True,
                  "vocab": vocab, "merges": [m.split(" ") for m in merges_u]},
    }
    (out / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False, separators=(",", ":")) + "\n")
    (out / "tokenizer_config.json").write_text(json.dumps({
        "added_tokens_decoder": {str(a["id"]): {k: v for k, v in a.items() if k != "id"} for a in added},
        "bos_token": "<|startoftext|>", "eos_token": "<|return|>", "pad_token": "<|endoftext|>",
        "model_max_length": CONTEXT_LENGTH, "tokenizer_class": "PreTrainedTokenizerFast",
        "clean_up_tokenization_spaces": False, "chat_template": template,
        "model_input_names": ["input_ids", "attention_mask"]}, indent=1, sort_keys=True) + "\n")
    (out / "special_tokens_map.json").write_text(json.dumps(
        {"bos_token": "<|startoftext|>", "eos_token": "<|return|>", "pad_token": "<|endoftext|>"}, indent=1) + "\n")


def content_hash(seed: int) -> str:
    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    h.update(TEMPLATE_PATH.read_bytes())
    h.update(str(seed).encode())
    return h.hexdigest()[:16]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--ranks", help="o200k_base.tiktoken file (default: from the jtokkit jar in ~/.m2)")
    ap.add_argument("--hf", action="store_true", help="also write the Hugging Face layout into OUT/hf")
    ap.add_argument("--no-gguf", action="store_true", help="skip the GGUF file")
    ap.add_argument("--print-hash", action="store_true", help="print the content hash (script+template+seed) and exit")
    a = ap.parse_args(argv)
    if a.print_hash:
        print(content_hash(a.seed))
        return 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    timings = {}
    t0 = time.monotonic()
    data = find_rank_file(a.ranks)
    (out / "o200k_base.tiktoken").write_bytes(data)
    by_rank = load_ranks(data)
    tokens, types, merges = build_tokenizer(by_rank)
    timings["tokenizer_s"] = round(time.monotonic() - t0, 2)
    t1 = time.monotonic()
    w, layers = make_weights(a.seed, by_rank)
    timings["weights_s"] = round(time.monotonic() - t1, 2)
    template = TEMPLATE_PATH.read_text()
    name = f"harmonica-tiny-gpt-oss-seed{a.seed}"
    t2 = time.monotonic()
    if not a.no_gguf:
        write_gguf(out / "tiny-gpt-oss.gguf", w, layers, tokens, types, merges, template, name)
    timings["gguf_s"] = round(time.monotonic() - t2, 2)
    if a.hf:
        t3 = time.monotonic()
        write_hf(out / "hf", w, layers, by_rank, merges, template)
        timings["hf_s"] = round(time.monotonic() - t3, 2)
    timings["total_s"] = round(time.monotonic() - t0, 2)
    info = {"name": name, "seed": a.seed, "content_hash": content_hash(a.seed), "n_vocab": N_VOCAB,
            "n_merges": len(merges), "n_embd": N_EMBD, "n_layer": N_LAYER, "n_head": N_HEAD, "n_head_kv": N_HEAD_KV,
            "head_dim": HEAD_DIM, "n_expert": N_EXPERT, "n_expert_used": N_EXPERT_USED, "n_ff_exp": N_FF_EXP,
            "sliding_window": SLIDING_WINDOW}
    if not a.no_gguf:
        info["gguf_sha256"] = hashlib.sha256((out / "tiny-gpt-oss.gguf").read_bytes()).hexdigest()
    (out / "build-info.json").write_text(json.dumps(info, indent=2) + "\n")
    print(json.dumps(dict(info, timings=timings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
