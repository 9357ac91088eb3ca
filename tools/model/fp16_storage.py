"""Store a graph's float32 weights as float16 in the file, cast back to float32 when the session loads.

    /usr/bin/python3 tools/model/fp16_storage.py --model models/neodesk-support-gpt-neo

The model folder holds two graphs with the same weights (onnx/model.onnx and onnx/model_engine.onnx); in
float16 both fit the repository's 40 MB budget for a model four times the old one's size. Only weights that
are exactly representable in float16 are converted (export.py --fp16-weights rounds the checkpoint first,
so the reference logits are those of the rounded weights): the arithmetic stays float32, onnxruntime folds
each Cast into a float32 constant when it creates the session, and the logits equal the float32 file's.
A weight that would change when rounded is left as it is, so this never alters a model.
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MIN_ELEMENTS = 1024
SUFFIX = "_float32"


def convert(path: str) -> int:
    m = onnx.load(path)
    g = m.graph
    casts = []
    renamed = {}
    for init in g.initializer:
        if init.data_type != TensorProto.FLOAT:
            continue
        arr = numpy_helper.to_array(init)
        if arr.size < MIN_ELEMENTS:
            continue
        half = arr.astype(np.float16)
        if not np.array_equal(half.astype(np.float32), arr):
            continue
        init.CopyFrom(numpy_helper.from_array(half, init.name))
        renamed[init.name] = init.name + SUFFIX
        casts.append(helper.make_node("Cast", [init.name], [init.name + SUFFIX], to=TensorProto.FLOAT,
                                      name="fp16_storage/" + init.name))
    if not casts:
        return 0

    def rename(graph: onnx.GraphProto) -> None:
        for node in graph.node:
            for i, name in enumerate(node.input):
                if name in renamed:
                    node.input[i] = renamed[name]
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.GRAPH:
                    rename(attr.g)
                for sub in attr.graphs:
                    rename(sub)
        for out in graph.output:
            if out.name in renamed:
                raise SystemExit(f"{path}: initializer {out.name} is a graph output; not converted")

    rename(g)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.save_model(m, path)
    onnx.checker.check_model(path)
    return len(casts)


def read_weights(model: onnx.ModelProto, prefix: str = "transformer.") -> dict:
    """Initializers by name as float32 arrays, whether stored as float32 or float16 (this module's form)."""
    return {i.name: numpy_helper.to_array(i).astype(np.float32) for i in model.graph.initializer
            if i.name.startswith(prefix)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model folder: converts onnx/model.onnx and onnx/model_engine.onnx")
    args = ap.parse_args()
    for name in ("model.onnx", "model_engine.onnx"):
        path = os.path.join(args.model, "onnx", name)
        if os.path.isfile(path):
            n = convert(path)
            print(f"{path}: {n} weights stored as float16 ({os.path.getsize(path) / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
