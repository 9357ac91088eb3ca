"""Writes a one-node fp32 MatMul ONNX model, Y = A @ B with A, B [size, size] as inputs.

npm run bench:inference times it in onnxruntime to get this machine's compute roofline (GFLOP/s).
Usage: /usr/bin/python3 tools/model/matmul_model.py --out .bench/matmul-2048.onnx --size 2048
"""

import argparse

import onnx
from onnx import TensorProto, helper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=2048)
    args = ap.parse_args()
    n = args.size
    a = helper.make_tensor_value_info("A", TensorProto.FLOAT, [n, n])
    b = helper.make_tensor_value_info("B", TensorProto.FLOAT, [n, n])
    y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, [n, n])
    graph = helper.make_graph([helper.make_node("MatMul", ["A", "B"], ["Y"])], "matmul", [a, b], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, args.out)


if __name__ == "__main__":
    main()
