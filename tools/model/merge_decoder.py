"""optimum's merged decoder, written from our own exports: one ONNX graph for the first step and every later one.

optimum (`optimum-cli export onnx --task text-generation-with-past`, and its `merge_decoders`) stores
decoder_model_merged.onnx as an `If` on a boolean input `use_cache_branch`: the then-branch is the decoder with
past (it reads past_key_values.*), the else-branch the decoder without (it ignores them); both read their weights
from the outer graph, where equal tensors of the two exports are stored once. transformers.js feeds
`use_cache_branch` false on the first step and true after. The worker loads such a file and derives its fused
engine graph from the with-past branch (libs/inference/src/onnx-graph/gpt-neo-weights.ts).

    from merge_decoder import export_merged
    export_merged(model, "out/onnx/decoder_model_merged.onnx", optimum_layout=True)
"""

import hashlib
import os
import tempfile
from typing import Dict, List

import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn

from export import OPSET, export_onnx, strip_wrapper_prefix
from gpt_neo import GPTNeoForCausalLM


class DecoderWithoutPast(nn.Module):
    """The first step's decoder: no past inputs, the same outputs (logits, present.{i}.key/.value)."""

    def __init__(self, model: GPTNeoForCausalLM):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids):  # type: ignore[no-untyped-def]
        logits, presents = self.model(input_ids, attention_mask, position_ids, None)
        flat: List[torch.Tensor] = []
        for k, v in presents:
            flat += [k, v]
        return (logits, *flat)


def export_without_past(model: GPTNeoForCausalLM, path: str, optimum_layout: bool) -> None:
    n = model.config.num_layers
    batch, seq = 2, 3
    ids = torch.randint(0, model.config.vocab_size, (batch, seq))
    mask = torch.ones(batch, seq, dtype=torch.int64)
    pos = torch.arange(seq).unsqueeze(0).expand(batch, seq).contiguous()
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"] + [f"present.{i}.{kind}" for i in range(n) for kind in ("key", "value")]
    axes: Dict[str, Dict[int, str]] = {name: {0: "batch_size", 1: "sequence_length"} for name in in_names}
    axes["logits"] = {0: "batch_size", 1: "sequence_length"}
    for name in out_names[1:]:
        axes[name] = {0: "batch_size", 2: "sequence_length"}
    with torch.no_grad():
        torch.onnx.export(
            DecoderWithoutPast(model), (ids, mask, pos), path, input_names=in_names, output_names=out_names,
            dynamic_axes=axes, opset_version=OPSET, do_constant_folding=optimum_layout,
        )
    m = onnx.load(path)
    strip_wrapper_prefix(m)
    onnx.save_model(m, path)


def merge(with_past: onnx.ModelProto, without_past: onnx.ModelProto) -> onnx.ModelProto:
    """One model: If(use_cache_branch, then=with_past's graph, else=without_past's graph), the weights of both in
    the outer graph, equal tensors (same type, shape and bytes) stored once under the with-past name."""
    outer: List[onnx.TensorProto] = []
    by_content: Dict[str, str] = {}
    renames: List[Dict[str, str]] = [{}, {}]
    for index, graph in enumerate((with_past.graph, without_past.graph)):
        for init in graph.initializer:
            values = numpy_helper.to_array(init)
            key = hashlib.sha256(f"{init.data_type}{list(init.dims)}".encode() + values.tobytes()).hexdigest()
            if key in by_content:
                renames[index][init.name] = by_content[key]
                continue
            name = init.name if index == 0 else f"no_past::{init.name}"
            if name != init.name:
                renames[index][init.name] = name
            copy = onnx.TensorProto()
            copy.CopyFrom(init)
            copy.name = name
            outer.append(copy)
            by_content[key] = name

    def branch(graph: onnx.GraphProto, rename: Dict[str, str], name: str) -> onnx.GraphProto:
        nodes = []
        for each in graph.node:
            copy = onnx.NodeProto()
            copy.CopyFrom(each)
            for k, value in enumerate(copy.input):
                copy.input[k] = rename.get(value, value)
            nodes.append(copy)
        return helper.make_graph(nodes, name, inputs=[], outputs=list(graph.output))

    then_branch = branch(with_past.graph, renames[0], "with_past")
    else_branch = branch(without_past.graph, renames[1], "without_past")
    use_cache = helper.make_tensor_value_info("use_cache_branch", onnx.TensorProto.BOOL, [1])
    if_node = helper.make_node(
        "If", ["use_cache_branch"], [o.name for o in with_past.graph.output], name="optimum::if",
        then_branch=then_branch, else_branch=else_branch,
    )
    graph = helper.make_graph(
        [if_node], "merged_decoder", inputs=[*with_past.graph.input, use_cache],
        outputs=list(with_past.graph.output), initializer=outer,
    )
    merged = helper.make_model(graph, opset_imports=list(with_past.opset_import), producer_name="neodesk-merge")
    merged.ir_version = with_past.ir_version
    return merged


def export_merged(model: GPTNeoForCausalLM, path: str, optimum_layout: bool = True) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with_path = os.path.join(tmp, "with_past.onnx")
        without_path = os.path.join(tmp, "without_past.onnx")
        export_onnx(model, with_path, optimum_layout)
        export_without_past(model, without_path, optimum_layout)
        merged = merge(onnx.load(with_path), onnx.load(without_path))
    onnx.save_model(merged, path)
    onnx.checker.check_model(path)
