"""Write onnx/model_engine.onnx: the serving engine's fused GPT-Neo decoder over a caller-owned KV cache.

    # from the model folder's own standard export (weights read from onnx/model.onnx)
    /usr/bin/python3 tools/model/engine_graph.py --model models/neodesk-support-gpt-neo
    # from a Hugging Face GPT-Neo checkpoint folder, into a folder export.py already wrote
    # (or in one go: export.py --checkpoint ... --out ... --engine)
    /usr/bin/python3 tools/model/engine_graph.py --checkpoint /path/to/gpt-neo-125M-ft --model /srv/models/my-gpt-neo
    # a GPT-Neo-125M-shaped folder with random weights, for benchmarks (export.py --random-125m writes the
    # rest of the folder; this runs it when the folder is empty)
    /usr/bin/python3 tools/model/engine_graph.py --random-125m --model .bench/gpt-neo-125m-random
    # the spec fixture that pins GroupQueryAttention's local-window rule
    /usr/bin/python3 tools/model/engine_graph.py --window-probe libs/inference/src/engine/__fixtures__/gqa-window-probe.onnx

Interface (libs/inference/src/engine/fused-batch-decoder.ts feeds it):
  inputs   input_ids [batch, seq] int64, position_ids [batch, seq] int64,
           seqlens_k [batch] int32 (each row's total length after this call - 1),
           total_sequence_length [] int32 (the largest total; read by GroupQueryAttention only),
           past_key_values.{i}.key/.value [batch, heads, capacity, head_dim] float32: the caller's cache
           buffers, rows right-padded, positions 0 .. seqlens_k - seq valid
           Rows may be left-padded to one sequence length (a prompt batch): a row whose total length
           (seqlens_k + 1) is smaller than seq has seq - total padding tokens in front, attended by nothing.
  outputs  logits [batch, vocab] of the last input position only,
           new_key_values.{i}.key/.value [batch, seq, hidden]: this call's keys/values (BSNH), which the
           caller writes into its cache at positions seqlens_k + 1 - seq .. seqlens_k,
           with --attention gqa also present.{i}.key/.value, the shape of the past;
           engine_graph_version [] int64, a constant: 2 since left-padded rows are supported (its absence
           tells the decoder to prefill prompts one at a time). --attention gqa does not write it.

Why not GroupQueryAttention's in-place cache (past_present_share_buffer, present bound to the past buffer)?
It works on the CPU, but onnxruntime-node 1.30 copies every fetched output into a fresh JavaScript array after
the run, pre-allocated ones included: binding present copies the whole cache every step (125M shape, batch 32,
max_seq 640: 1048 ms/step bound, 263 ms unfetched). Left unfetched, GroupQueryAttention builds its present
itself, copying every row's past: 101 ms of a 240 ms step at batch 32 (34 ms in place). The default
(--attention matmul) therefore computes attention with FusedMatMul (transB) straight over the past buffers
and this call's keys, with a window/causal/length bias; nothing of the cache is copied or built, and it runs
the same decode step in 127 ms against GroupQueryAttention's 163 ms (capacity 64) and 190 against 363 ms
(capacity 256). --attention gqa writes the GroupQueryAttention graph for runtimes with IO binding.

GroupQueryAttention (CPU) semantics relied on by --attention gqa: scale=1.0 is used as is (GPT-Neo does not
scale scores; 0 would mean 1/sqrt(head_dim)); a query at cache position i sees keys j with 0 <= i - j <
local_window_size, so GPT-Neo's window is local_window_size = window_size (onnxruntime 1.30; older CPU kernels
saw i - j <= local_window_size); past_present_share_buffer is detected by pointer equality of past and present.
--window-probe writes a one-node GroupQueryAttention graph with which the engine spec pins the window rule
exactly (the bundled model's logits move by only ~5e-6 when the window is one key off). Both variants pass the
same FusedBatchDecoder specs (PyTorch reference logits across the 256-token window included).
"""

import argparse
import json
import os
import subprocess
import sys
from typing import Dict, List

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from gpt_neo import GPTNeoConfig, GPTNeoForCausalLM

OPSET = 17
# 2: left-padded prompt batches (version 1 graphs had no engine_graph_version output).
ENGINE_GRAPH_VERSION = 2
ENGINE_FILE = os.path.join("onnx", "model_engine.onnx")
TWO_GB = 2 * 1024 ** 3 - 64 * 1024 ** 2

GPT_NEO_125M = dict(vocab_size=50257, max_position_embeddings=2048, hidden_size=768, num_layers=12,
                    num_heads=12, window_size=256)


def weights_from_onnx(folder: str) -> Dict[str, np.ndarray]:
    """The standard export keeps Hugging Face's parameter names as initializers (export.py)."""
    path = os.path.join(folder, "onnx", "model.onnx")
    m = onnx.load(path)
    # float32 whether the file stores the weights as float32 or float16 (fp16_storage.py)
    w = {i.name: numpy_helper.to_array(i).astype(np.float32) for i in m.graph.initializer if i.name.startswith("transformer.")}
    # torch.onnx merges initializers with equal values (e.g. freshly initialized zero biases) under one name.
    needed = ["transformer.wte.weight", "transformer.wpe.weight", "transformer.ln_f.weight", "transformer.ln_f.bias"]
    for i in range(len([n for n in w if n.endswith(".ln_1.weight")])):
        needed += [f"transformer.h.{i}.{n}" for n in (
            "ln_1.weight", "ln_1.bias", "ln_2.weight", "ln_2.bias", "attn.attention.q_proj.weight",
            "attn.attention.k_proj.weight", "attn.attention.v_proj.weight", "attn.attention.out_proj.weight",
            "attn.attention.out_proj.bias", "mlp.c_fc.weight", "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias")]
    missing = [n for n in needed if n not in w]
    if missing:
        raise SystemExit(f"{path} has no initializer {missing[0]} ({len(missing)} missing; torch merges equal "
                         "initializers): build from the checkpoint with --checkpoint instead")
    return w


def weights_from_module(model: GPTNeoForCausalLM) -> Dict[str, np.ndarray]:
    return {k: v.detach().to(torch.float32).numpy() for k, v in model.state_dict().items()
            if k.startswith("transformer.")}


class Graph:
    """Nodes and initializers of the graph being built; each helper returns the name of its output."""

    def __init__(self) -> None:
        self.nodes: List[onnx.NodeProto] = []
        self.inits: List[onnx.TensorProto] = []

    def init(self, name: str, arr: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(arr.copy(order="C"), name))  # copy() keeps 0-d arrays 0-d
        return name

    def i64(self, name: str, value: object) -> str:
        return self.init(name, np.array(value, dtype=np.int64))

    def node(self, op: str, ins: List[str], out: str, domain: str = "", **attrs: object) -> str:
        self.nodes.append(helper.make_node(op, ins, [out], name=out, domain=domain, **attrs))
        return out

    def multi(self, op: str, ins: List[str], outs: List[str], name: str, domain: str = "", **attrs: object) -> None:
        self.nodes.append(helper.make_node(op, ins, outs, name=name, domain=domain, **attrs))


def attention_biases(g: Graph, window_size: int) -> Dict[str, str]:
    """Per attention kind, the additive bias [batch, 1, seq, capacity + seq] over the keys (the past buffer's
    capacity positions, then this call's seq tokens): 0 where GPT-Neo lets the query see the key, -inf elsewhere.
    Past position j is visible to a query at position q when j < the row's past length and, for local layers,
    q - j < window_size; this call's token t to its token s when t <= s (and s - t < window_size)."""
    ax0, ax1 = g.i64("m_axis0", [0]), g.i64("m_axis1", [1])
    zero, one = g.i64("m_zero", 0), g.i64("m_one", 1)
    capacity = g.node("Gather", [g.node("Shape", ["past_key_values.0.key"], "m_past_shape"), g.i64("m_two", 2)],
                      "m_capacity")
    ids_shape = g.node("Shape", ["input_ids"], "m_ids_shape")
    batch, seq = g.node("Gather", [ids_shape, zero], "m_batch"), g.node("Gather", [ids_shape, one], "m_seq")
    key_pos = g.node("Range", [zero, capacity, one], "m_key_pos")                                   # [C]
    new_pos = g.node("Range", [zero, seq, one], "m_new_pos")                                        # [S]
    total = g.node("Add", [g.node("Cast", ["seqlens_k"], "m_seqlens", to=TensorProto.INT64), one], "m_total")
    past_len = g.node("Unsqueeze", [g.node("Sub", [total, seq], "m_past_len"), g.i64("m_axes12", [1, 2])],
                      "m_past_len_b11")                                                             # [B,1,1]
    in_past = g.node("Less", [key_pos, past_len], "m_in_past")                                      # [B,1,C]
    past_dist = g.node("Sub", [g.node("Unsqueeze", ["position_ids", g.i64("m_axis2", [2])], "m_q_pos"), key_pos],
                       "m_past_dist")                                                               # [B,S,C]
    new_dist = g.node("Sub", [g.node("Unsqueeze", [new_pos, ax1], "m_new_q"), new_pos], "m_new_dist")  # [S,S]
    # A row whose total is shorter than the call is left-padded: its past length is negative and the tokens
    # before position 0 are padding, which no query sees except the padding token itself (so that its
    # softmax row stays finite: a NaN there would reach real tokens through the next layer's keys).
    real_key = g.node("GreaterOrEqual", [g.node("Add", [past_len, new_pos], "m_new_key_pos"), zero],
                      "m_real_new_key")                                                            # [B,1,S]
    itself = g.node("Equal", [new_dist, zero], "m_itself")                                          # [S,S]
    causal = g.node("And", [g.node("GreaterOrEqual", [new_dist, zero], "m_causal_only"), real_key], "m_causal")
    b1, s1, c1 = (g.node("Unsqueeze", [x, ax0], f"{x}_1d") for x in (batch, seq, capacity))
    bsc, bss = g.node("Concat", [b1, s1, c1], "m_bsc", axis=0), g.node("Concat", [b1, s1, s1], "m_bss", axis=0)
    visible, masked = g.init("m_visible", np.array(0, dtype=np.float32)), g.init("m_masked", np.array(-np.inf, dtype=np.float32))
    window = g.i64("m_window", window_size)
    biases = {}
    for kind in ("global", "local"):
        past_ok, new_ok = in_past, causal
        if kind == "local":
            past_ok = g.node("And", [past_ok, g.node("Less", [past_dist, window], "m_past_in_window")], "m_local_past")
            new_ok = g.node("And", [new_ok, g.node("Less", [new_dist, window], "m_new_in_window")], "m_local_new")
        new_ok = g.node("Or", [new_ok, itself], f"m_{kind}_new_or_itself")
        past_bias = g.node("Where", [g.node("Expand", [past_ok, bsc], f"m_{kind}_past_ok"), visible, masked],
                           f"m_{kind}_past_bias")                                                   # [B,S,C]
        new_bias = g.node("Where", [g.node("Expand", [new_ok, bss], f"m_{kind}_new_ok"), visible, masked],
                          f"m_{kind}_new_bias")                                                     # [B,S,S]
        biases[kind] = g.node("Unsqueeze", [g.node("Concat", [past_bias, new_bias], f"m_{kind}_bias3", axis=-1), ax1],
                              f"m_{kind}_bias")                                                     # [B,1,S,C+S]
    # Where a softmax row splits into its past and new parts: [capacity, seq], the same for every layer.
    biases["split"] = g.node("Concat", [c1, s1], "m_prob_split", axis=0)
    return biases


def matmul_attention(g: Graph, i: int, heads: int, d: int, q: str, k: str, v: str, bias: str, split: str) -> str:
    """Unscaled softmax attention over the past buffer, read where it lies (nothing is copied or built),
    and this call's keys/values; returns [batch, seq, hidden]."""
    bsnd = g.i64(f"l{i}_bsnd", [0, 0, heads, d])
    heads_first = lambda x, name: g.node("Transpose", [g.node("Reshape", [x, bsnd], name + "_bsnd")], name,
                                         perm=[0, 2, 1, 3])
    qh, kh, vh = heads_first(q, f"l{i}_qh"), heads_first(k, f"l{i}_kh"), heads_first(v, f"l{i}_vh")
    past_k, past_v = f"past_key_values.{i}.key", f"past_key_values.{i}.value"
    # FusedMatMul transposes K inside the GEMM, so the buffer is never copied.
    past_scores = g.node("FusedMatMul", [qh, past_k], f"l{i}_past_scores", domain="com.microsoft", transB=1)
    new_scores = g.node("FusedMatMul", [qh, kh], f"l{i}_new_scores", domain="com.microsoft", transB=1)
    scores = g.node("Add", [g.node("Concat", [past_scores, new_scores], f"l{i}_scores", axis=-1), bias],
                    f"l{i}_masked_scores")
    probs = g.node("Softmax", [scores], f"l{i}_probs", axis=-1)
    g.multi("Split", [probs, split], [f"l{i}_past_probs", f"l{i}_new_probs"], f"l{i}_split_probs", axis=-1)
    out = g.node("Add", [g.node("MatMul", [f"l{i}_past_probs", past_v], f"l{i}_past_out"),
                         g.node("MatMul", [f"l{i}_new_probs", vh], f"l{i}_new_out")], f"l{i}_out_heads")
    return g.node("Reshape", [g.node("Transpose", [out], f"l{i}_out_bsnd", perm=[0, 2, 1, 3]),
                              g.i64(f"l{i}_bsh", [0, 0, heads * d])], f"l{i}_attn")


def gqa_attention(g: Graph, i: int, heads: int, window_size: int, kind: str, q: str, k: str, v: str) -> str:
    """com.microsoft.GroupQueryAttention; its present outputs become graph outputs (see the module doc)."""
    g.multi("GroupQueryAttention",
            [q, k, v, f"past_key_values.{i}.key", f"past_key_values.{i}.value", "seqlens_k", "total_sequence_length"],
            [f"l{i}_attn", f"present.{i}.key", f"present.{i}.value"], f"l{i}_gqa", domain="com.microsoft",
            num_heads=heads, kv_num_heads=heads, scale=1.0, do_rotary=0,
            local_window_size=local_window_size(window_size) if kind == "local" else -1)
    return f"l{i}_attn"


def local_window_size(window_size: int) -> int:
    # onnxruntime's CPU kernel (1.30, measured with gqa_window_probe): a query at cache position i sees keys j
    # with 0 <= i - j < local_window_size, exactly GPT-Neo's local window. (Older kernels saw one key more.)
    return window_size


def build_engine_graph(cfg: GPTNeoConfig, w: Dict[str, np.ndarray], attention: str = "matmul") -> onnx.ModelProto:
    H, heads, d = cfg.hidden_size, cfg.num_heads, cfg.head_dim
    if attention == "gqa" and d % 8 != 0:
        raise ValueError(f"GroupQueryAttention needs head_dim % 8 == 0, got {d}")
    g = Graph()
    init, node = g.init, g.node

    kv_shape = ["batch_size", heads, "max_sequence_length", d]
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
        helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
        helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, ["batch_size"]),
        helper.make_tensor_value_info("total_sequence_length", TensorProto.INT32, []),
    ]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", cfg.vocab_size])]
    biases = attention_biases(g, cfg.window_size) if attention == "matmul" else {}
    if attention == "matmul":
        g.node("Identity", [g.i64("engine_graph_version_value", ENGINE_GRAPH_VERSION)], "engine_graph_version")
        outputs.append(helper.make_tensor_value_info("engine_graph_version", TensorProto.INT64, []))

    wte = init("transformer.wte.weight", w["transformer.wte.weight"])
    wpe = init("transformer.wpe.weight", w["transformer.wpe.weight"])
    h = node("Add", [node("Gather", [wte, "input_ids"], "tok_emb"), node("Gather", [wpe, "position_ids"], "pos_emb")],
             "h_embed")

    eps = cfg.layer_norm_epsilon

    def ln_params(prefix: str) -> List[str]:
        return [init(prefix + ".weight", w[prefix + ".weight"]), init(prefix + ".bias", w[prefix + ".bias"])]

    def skip_ln(delta: str, residual: str, ln: str, bias: str, name: str) -> List[str]:
        """SkipLayerNormalization: LN(residual + delta + bias) and the new residual stream, in one pass."""
        g.multi("SkipLayerNormalization", [delta, residual, *ln_params(ln), init(bias, w[bias])],
                [f"{name}_x", "", "", f"{name}_h"], name, domain="com.microsoft", epsilon=eps)
        return [f"{name}_x", f"{name}_h"]

    layers = cfg.attention_layers
    x = node("LayerNormalization", [h, *ln_params("transformer.h.0.ln_1")], "l0_ln_1", axis=-1, epsilon=eps)
    for i, kind in enumerate(layers):
        p = f"transformer.h.{i}."
        inputs += [helper.make_tensor_value_info(f"past_key_values.{i}.{k}", TensorProto.FLOAT, kv_shape)
                   for k in ("key", "value")]
        # One [H, 3H] matmul, split into q | k | v; k and v are also graph outputs (see the module doc).
        a = p + "attn.attention."
        qkv_w = np.concatenate([w[a + "q_proj.weight"].T, w[a + "k_proj.weight"].T, w[a + "v_proj.weight"].T], axis=1)
        qkv = node("MatMul", [x, init(f"{a}qkv_proj.weight_t", qkv_w)], f"l{i}_qkv")
        q, k, v = f"l{i}_q", f"new_key_values.{i}.key", f"new_key_values.{i}.value"
        g.multi("Split", [qkv, g.i64(f"l{i}_qkv_split", [H, H, H])], [q, k, v], f"l{i}_split_qkv", axis=-1)
        outputs += [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch_size", "sequence_length", H])
                    for n in (k, v)]
        if attention == "matmul":
            attn = matmul_attention(g, i, heads, d, q, k, v, biases[kind], biases["split"])
        else:
            attn = gqa_attention(g, i, heads, cfg.window_size, kind, q, k, v)
            outputs += [helper.make_tensor_value_info(f"present.{i}.{k}", TensorProto.FLOAT, kv_shape)
                        for k in ("key", "value")]
        o = node("MatMul", [attn, init(a + "out_proj.weight_t", w[a + "out_proj.weight"].T)], f"l{i}_out")
        # h + out_proj(attn) + its bias, and ln_2 of that.
        x, h = skip_ln(o, h, p + "ln_2", a + "out_proj.bias", f"l{i}_ln_2")
        m = p + "mlp."
        f = node("MatMul", [x, init(m + "c_fc.weight_t", w[m + "c_fc.weight"].T)], f"l{i}_fc")
        # FastGelu with bias is gelu_new: 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))), x = input + bias.
        f = node("FastGelu", [f, init(m + "c_fc.bias", w[m + "c_fc.bias"])], f"l{i}_gelu", domain="com.microsoft")
        f = node("MatMul", [f, init(m + "c_proj.weight_t", w[m + "c_proj.weight"].T)], f"l{i}_proj")
        if i + 1 < len(layers):
            # h + c_proj(f) + its bias, and the next layer's ln_1 of that.
            x, h = skip_ln(f, h, f"transformer.h.{i + 1}.ln_1", m + "c_proj.bias", f"l{i + 1}_ln_1")
        else:
            # Only the last position's logits are needed; ln_f is per position, so select first.
            last = init("last_position", np.array([-1], dtype=np.int64))
            f_last = node("Gather", [f, last], "proj_last", axis=1)
            h_last = node("Gather", [h, last], "h_last", axis=1)
            x, _ = skip_ln(f_last, h_last, "transformer.ln_f", m + "c_proj.bias", "ln_f")
            x = node("Squeeze", [x, g.i64("squeeze_axis1", [1])], "ln_f_2d")

    # Tied lm_head: the same wte initializer, transposed by Gemm rather than stored twice.
    node("Gemm", [x, wte], "logits", transB=1)

    graph = helper.make_graph(g.nodes, "gpt_neo_engine", inputs, outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET),
                                                    helper.make_opsetid("com.microsoft", 1)],
                              producer_name="neodesk-engine-graph")
    model.ir_version = 8
    return model


PROBE_WINDOW = 4
PROBE_HEAD_DIM = 8


def build_window_probe() -> onnx.ModelProto:
    """One GroupQueryAttention node configured as a local layer with window PROBE_WINDOW (one head of
    PROBE_HEAD_DIM, packed QKV, shared past/present buffers), for pinning the window rule in a spec."""
    d = PROBE_HEAD_DIM
    kv = [1, 1, "max_sequence_length", d]
    gqa = helper.make_node(
        "GroupQueryAttention", ["query", "", "", "past_key", "past_value", "seqlens_k", "total_sequence_length"],
        ["output", "present_key", "present_value"], name="gqa", domain="com.microsoft",
        num_heads=1, kv_num_heads=1, scale=1.0, do_rotary=0, local_window_size=local_window_size(PROBE_WINDOW))
    graph = helper.make_graph(
        [gqa], "gqa_window_probe",
        [helper.make_tensor_value_info("query", TensorProto.FLOAT, [1, "sequence_length", 3 * d]),
         helper.make_tensor_value_info("past_key", TensorProto.FLOAT, kv),
         helper.make_tensor_value_info("past_value", TensorProto.FLOAT, kv),
         helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, [1]),
         helper.make_tensor_value_info("total_sequence_length", TensorProto.INT32, [])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, "sequence_length", d]),
         helper.make_tensor_value_info("present_key", TensorProto.FLOAT, kv),
         helper.make_tensor_value_info("present_value", TensorProto.FLOAT, kv)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET),
                                                    helper.make_opsetid("com.microsoft", 1)],
                              producer_name="neodesk-engine-graph")
    model.ir_version = 8
    return model


def save(model: onnx.ModelProto, path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if model.ByteSize() > TWO_GB:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(path) + "_data", size_threshold=1024)
    else:
        onnx.save_model(model, path)
    onnx.checker.check_model(path)
    m = onnx.load(path, load_external_data=False)
    vocab_sized = [i.name for i in m.graph.initializer if i.dims and i.dims[0] == model.graph.output[0].type.tensor_type.shape.dim[1].dim_value]
    if len(vocab_sized) != 1:
        raise AssertionError(f"expected one copy of the token embedding, found {vocab_sized}")


def write_engine_graph(model: GPTNeoForCausalLM, folder: str) -> str:
    """export.py --engine: the fused graph from the module export.py just exported."""
    path = os.path.join(folder, ENGINE_FILE)
    save(build_engine_graph(model.config, weights_from_module(model)), path)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)", file=sys.stderr)
    return path


def read_config(folder: str) -> GPTNeoConfig:
    with open(os.path.join(folder, "config.json")) as f:
        return GPTNeoConfig.from_hf_dict(json.load(f))


RANDOM_125M_NAME = "gpt-neo-125m-random"


def random_125m_model() -> GPTNeoForCausalLM:
    """GPT-Neo-125M's shape with Hugging Face's initialisation, seed 0: the same weights on every call."""
    torch.manual_seed(0)
    return GPTNeoForCausalLM(GPTNeoConfig(**GPT_NEO_125M)).eval()


def write_random_125m_checkpoint(folder: str) -> str:
    """export.py --random-125m: the random model as a Hugging Face checkpoint folder."""
    model = random_125m_model()
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(model.config.to_hf_dict() | {"_name_or_path": RANDOM_125M_NAME}, f, indent=2)
    torch.save(model.state_dict(), os.path.join(folder, "pytorch_model.bin"))
    return folder


def random_125m_for(folder: str) -> GPTNeoForCausalLM:
    """The random model of `folder`, exporting the folder first (export.py --random-125m) if it is not there."""
    cfg_path = os.path.join(folder, "config.json")
    exported = os.path.isfile(os.path.join(folder, "onnx", "model.onnx")) and os.path.isfile(cfg_path)
    if exported:
        with open(cfg_path) as f:
            if json.load(f).get("_name_or_path") != RANDOM_125M_NAME:
                raise SystemExit(f"{folder} holds another model; --random-125m needs an empty folder or its own")
    else:
        export = os.path.join(os.path.dirname(os.path.abspath(__file__)), "export.py")
        subprocess.run([sys.executable, export, "--random-125m", "--out", folder], check=True)
    model = random_125m_model()
    # Guards against a torch whose initialisation differs from the one that wrote model.onnx.
    m = onnx.load(os.path.join(folder, "onnx", "model.onnx"))
    wte = next(numpy_helper.to_array(i) for i in m.graph.initializer if i.name == "transformer.wte.weight")
    if not np.array_equal(wte, model.transformer.wte.weight.detach().numpy()):
        raise SystemExit(f"{folder}/onnx/model.onnx was not written from this random model; delete the folder")
    return model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="model folder: reads config.json, writes onnx/model_engine.onnx")
    ap.add_argument("--window-probe", metavar="PATH",
                    help=f"write only the GroupQueryAttention window probe (window {PROBE_WINDOW}) to PATH")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--checkpoint", help="HF GPT-Neo folder (config.json + model.safetensors or pytorch_model.bin)")
    src.add_argument("--random-125m", action="store_true",
                     help="random GPT-Neo-125M weights (seed 0); runs export.py --random-125m first if the folder is empty")
    ap.add_argument("--attention", choices=["matmul", "gqa"], default="matmul",
                    help="matmul (default): attention over the cache read in place; gqa: GroupQueryAttention "
                         "with present outputs, for runtimes that can bind them (see the module doc)")
    ap.add_argument("--out", help="file inside --model (default onnx/model_engine.onnx)")
    args = ap.parse_args()

    if args.window_probe:
        onnx.save_model(build_window_probe(), args.window_probe)
        onnx.checker.check_model(args.window_probe)
        print(f"wrote {args.window_probe}", file=sys.stderr)
        return
    if not args.model:
        ap.error("--model is required")
    if args.random_125m:
        model = random_125m_for(args.model)
        cfg, weights = model.config, weights_from_module(model)
    elif args.checkpoint:
        from export import load_checkpoint

        model = load_checkpoint(args.checkpoint)
        cfg, weights = model.config, weights_from_module(model)
    else:
        cfg, weights = read_config(args.model), weights_from_onnx(args.model)
    path = os.path.join(args.model, args.out or ENGINE_FILE)
    save(build_engine_graph(cfg, weights, args.attention), path)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
