"""Write an int8 dynamically quantized variant of an exported model for CPU inference.

    /usr/bin/python3 tools/model/quantize.py --model models/neodesk-support-gpt-neo

writes onnx/model_quantized.onnx next to onnx/model.onnx (transformers.js calls this variant
"q8"). Debian has no onnxruntime for Python, so this does what onnxruntime's
quantize_dynamic(weight_type=QInt8) does, with the onnx package only: every MatMul whose
right-hand side is a weight (an initializer, or a Transpose of one) becomes
DynamicQuantizeLinear(activations) -> MatMulInteger(uint8 x int8) -> Cast -> Mul(scales),
with symmetric per-output-column int8 weights. Embedding lookups stay float32, so the tied
lm_head gets its own int8 copy. Inputs, outputs and the KV cache are unchanged (float32).
Where onnxruntime is available, `onnxruntime.quantization.quantize_dynamic` is the other route.
"""

import argparse
import os
from typing import Dict, Optional

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def quantize(src: str, dst: str) -> int:
    m = onnx.load(src)
    g = m.graph
    inits: Dict[str, onnx.TensorProto] = {i.name: i for i in g.initializer}
    producers = {o: n for n in g.node for o in n.output}
    new_nodes = []
    new_inits = []
    done: Dict[str, str] = {}  # weight key -> quantized initializer name prefix
    count = 0

    def stored(name: str) -> Optional[np.ndarray]:
        """A 2-D weight: an initializer, or a float16 one cast to float32 (fp16_storage.py)."""
        if name in inits and len(inits[name].dims) == 2:
            return numpy_helper.to_array(inits[name]).astype(np.float32)
        p = producers.get(name)
        if p is not None and p.op_type == "Cast" and p.input[0] in inits and len(inits[p.input[0]].dims) == 2:
            return numpy_helper.to_array(inits[p.input[0]]).astype(np.float32)
        return None

    def weight_of(name: str) -> Optional[np.ndarray]:
        w = stored(name)
        if w is not None:
            return w
        p = producers.get(name)
        if p is not None and p.op_type == "Transpose":
            perm = [a.ints for a in p.attribute if a.name == "perm"]
            w = stored(p.input[0])
            if w is not None and (not perm or list(perm[0]) == [1, 0]):
                return w.T
        return None

    for n in g.node:
        w = weight_of(n.input[1]) if n.op_type == "MatMul" else None
        if w is None:
            new_nodes.append(n)
            continue
        count += 1
        key = n.input[1]
        if key not in done:
            scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0  # per output column
            q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            base = f"{key}_quantized"
            new_inits += [numpy_helper.from_array(np.ascontiguousarray(q), base),
                          numpy_helper.from_array(scale.astype(np.float32), f"{base}_scale")]
            done[key] = base
        base = done[key]
        p = f"{n.output[0]}_dq"
        new_nodes += [
            helper.make_node("DynamicQuantizeLinear", [n.input[0]], [f"{p}_a", f"{p}_a_scale", f"{p}_a_zp"]),
            helper.make_node("MatMulInteger", [f"{p}_a", base, f"{p}_a_zp"], [f"{p}_int"]),
            helper.make_node("Cast", [f"{p}_int"], [f"{p}_float"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [f"{p}_a_scale", f"{base}_scale"], [f"{p}_scale"]),
            helper.make_node("Mul", [f"{p}_float", f"{p}_scale"], [n.output[0]]),
        ]

    # Drop nodes and initializers that only fed the float MatMuls.
    needed = {o.name for o in g.output}
    kept = []
    for n in reversed(new_nodes):
        if any(o in needed for o in n.output):
            kept.append(n)
            needed.update(n.input)
    kept.reverse()
    del g.node[:]
    g.node.extend(kept)
    all_inits = [i for i in g.initializer if i.name in needed] + [i for i in new_inits if i.name in needed]
    del g.initializer[:]
    g.initializer.extend(all_inits)
    size = sum(len(i.raw_data) or numpy_helper.to_array(i).nbytes for i in all_inits)
    if size > 2 * 1024 ** 3 - 64 * 1024 ** 2:
        # Protobuf's 2 GB limit (2.7B): weights go to one side file, as optimum does.
        onnx.save_model(m, dst, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(dst) + "_data", size_threshold=1024)
    else:
        onnx.save_model(m, dst)
    onnx.checker.check_model(dst)
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="exported model folder")
    args = ap.parse_args()
    src = os.path.join(args.model, "onnx", "model.onnx")
    dst = os.path.join(args.model, "onnx", "model_quantized.onnx")
    n = quantize(src, dst)
    print(f"quantized {n} MatMuls: {os.path.getsize(src) / 1e6:.1f} MB -> {dst} {os.path.getsize(dst) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
