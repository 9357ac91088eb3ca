"""Optional check: the exported ONNX computes what transformers' GPTNeoForCausalLM computes.

Needs transformers, safetensors and onnxruntime for Python, which Debian does not package; run it
from any virtualenv that has them (not part of the Debian-only pipeline):

    python verify_against_transformers.py --checkpoint tools/model/out/checkpoint --model models/neodesk-support-gpt-neo

Runs a batch of two random sequences (the second left-padded by 5) through both, with the length
capped at max_position_embeddings, and prints the largest logit difference over real tokens.
"""

import argparse
import json
import os

import numpy as np
import onnxruntime as ort
import torch
import transformers
from transformers import GPTNeoConfig, GPTNeoForCausalLM


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="HF folder: config.json + model.safetensors or pytorch_model.bin")
    ap.add_argument("--model", required=True, help="exported model folder")
    ap.add_argument("--length", type=int, default=300)
    args = ap.parse_args()

    with open(os.path.join(args.checkpoint, "config.json")) as f:
        cfg = json.load(f)
    st = os.path.join(args.checkpoint, "model.safetensors")
    if os.path.isfile(st):
        from safetensors.torch import load_file
        sd = load_file(st)
    else:
        sd = torch.load(os.path.join(args.checkpoint, "pytorch_model.bin"), map_location="cpu")
    sd = {k: v.float() for k, v in sd.items() if not k.endswith(("attn.attention.bias", "attn.attention.masked_bias"))}
    hf = GPTNeoForCausalLM(GPTNeoConfig(**{k: v for k, v in cfg.items() if k != "architectures"}))
    missing, unexpected = hf.load_state_dict(sd, strict=False)
    missing = [k for k in missing if k != "lm_head.weight"]
    if missing or unexpected:
        raise SystemExit(f"state dict mismatch: missing={missing} unexpected={unexpected}")
    hf.eval()

    torch.manual_seed(0)
    n = min(args.length, cfg["max_position_embeddings"])
    ids = torch.randint(0, cfg["vocab_size"], (2, n))
    mask = torch.ones(2, n, dtype=torch.long)
    mask[1, :5] = 0
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    pos[mask == 0] = 1
    with torch.no_grad():
        ref = hf(input_ids=ids, attention_mask=mask, position_ids=pos).logits.numpy()

    sess = ort.InferenceSession(os.path.join(args.model, "onnx", "model.onnx"))
    heads, layers = cfg["num_heads"], cfg["num_layers"]
    head_dim = cfg["hidden_size"] // heads
    feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "position_ids": pos.numpy()}
    for i in range(layers):
        for kind in ("key", "value"):
            feeds[f"past_key_values.{i}.{kind}"] = np.zeros((2, heads, 0, head_dim), np.float32)
    out = sess.run(["logits"], feeds)[0]
    diff = float(np.abs(out - ref)[mask.numpy().astype(bool)].max())
    print(f"transformers {transformers.__version__}, onnxruntime {ort.__version__}: length {n}, "
          f"max |onnx - transformers| = {diff:.2e} (largest logit {float(np.abs(ref).max()):.1f})")


if __name__ == "__main__":
    main()
