"""Write the tiny GPT-Neo the engine-graph derivation spec runs on (libs/inference/src/onnx-graph/__fixtures__).

    /usr/bin/python3 tools/model/make_layout_fixture.py

A random GPT-Neo (seed 0) small enough to keep in git: vocabulary 512, hidden 32, 4 layers alternating global
and local attention with a window of 8 (so a short probe crosses it), 4 heads. Written twice:
  tiny-gpt-neo-optimum/  config.json, onnx/model.onnx as optimum's exporter stores it (export.py
                         --optimum-layout: constants folded, Linear weights under generated names), and
                         onnx/reference_engine.onnx, the fused graph engine_graph.py builds from the same weights
  tiny-gpt-neo-standard/ config.json, onnx/model.onnx as export.py stores it (Hugging Face names, no folding)
  tiny-gpt-neo-merged/   config.json, onnx/decoder_model_merged.onnx: optimum's merged decoder (an If on
                         use_cache_branch over the folded decoders with and without past, merge_decoder.py)
  tiny-gpt-neo-checkpoint/ config.json, model.safetensors: the checkpoint as Hugging Face's save_pretrained
                         writes it (no ONNX file; the tied lm_head.weight left out)
The spec derives the fused graph from each model.onnx in TypeScript and compares it with the reference graph
and with the standard export, step by step.
"""

import json
import os

import torch

from engine_graph import build_engine_graph, save, weights_from_module
from export import export_onnx, write_safetensors
from merge_decoder import export_merged
from gpt_neo import GPTNeoConfig, GPTNeoForCausalLM

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "libs", "inference", "src", "onnx-graph", "__fixtures__")
TINY = dict(vocab_size=512, max_position_embeddings=128, hidden_size=32, num_layers=4, num_heads=4, window_size=8,
            bos_token_id=511, eos_token_id=511)


def main() -> None:
    torch.manual_seed(0)
    model = GPTNeoForCausalLM(GPTNeoConfig(**TINY)).eval()
    with torch.no_grad():
        # Hugging Face's initialisation leaves the biases and layer norms at 0 and 1: move them so that a
        # derivation that mixed them up would show. Its matrices (std 0.02) are scaled up tenfold: at that size
        # the biases would dominate and greedy decoding would repeat one token whatever the prompt, which makes
        # a comparison of greedy tokens (derived-vs-transformers-js.spec.ts) vacuous.
        for name, p in model.named_parameters():
            if p.dim() == 1:
                p.add_(torch.randn_like(p) * 0.1)
            else:
                p.mul_(10)
    for layout, folded in (("tiny-gpt-neo-optimum", True), ("tiny-gpt-neo-standard", False),
                           ("tiny-gpt-neo-merged", True), ("tiny-gpt-neo-checkpoint", False)):
        folder = os.path.join(OUT, layout)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(model.config.to_hf_dict() | {"_name_or_path": layout, "use_cache": True}, f, indent=2)
            f.write("\n")
        if layout == "tiny-gpt-neo-checkpoint":
            state = {k: v for k, v in model.state_dict().items() if k != "lm_head.weight"}
            write_safetensors(os.path.join(folder, "model.safetensors"), state)
            print(f"wrote {folder}")
            continue
        os.makedirs(os.path.join(folder, "onnx"), exist_ok=True)
        if layout == "tiny-gpt-neo-merged":
            export_merged(model, os.path.join(folder, "onnx", "decoder_model_merged.onnx"), optimum_layout=True)
            print(f"wrote {folder}")
            continue
        export_onnx(model, os.path.join(folder, "onnx", "model.onnx"), optimum_layout=folded)
        if folded:
            save(build_engine_graph(model.config, weights_from_module(model)),
                 os.path.join(folder, "onnx", "reference_engine.onnx"))
        print(f"wrote {folder}")


if __name__ == "__main__":
    main()
