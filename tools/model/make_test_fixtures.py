"""Write the small ONNX fixtures the model-loader spec uses to check its errors.

    /usr/bin/python3 tools/model/make_test_fixtures.py

wrong-input-names.onnx: an old-style export (inputs past.{i}.key, no position_ids) with as many
present.* outputs as the bundled model has layers, so only the input names are wrong.
"""

import json
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "libs", "inference", "src", "model", "__fixtures__")


def wrong_input_names(num_layers: int, heads: int, head_dim: int, vocab: int) -> onnx.ModelProto:
    kv = ["batch", heads, "past", head_dim]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "total"])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", vocab])]
    nodes = [helper.make_node("Cast", ["input_ids"], ["ids_float"], to=TensorProto.FLOAT),
             helper.make_node("Unsqueeze", ["ids_float", "axis"], ["logits"])]
    inits = [helper.make_tensor("axis", TensorProto.INT64, [1], [2])]
    for i in range(num_layers):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past.{i}.{kind}", TensorProto.FLOAT, kv))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kind}", TensorProto.FLOAT, kv))
            nodes.append(helper.make_node("Identity", [f"past.{i}.{kind}"], [f"present.{i}.{kind}"]))
    graph = helper.make_graph(nodes, "wrong_input_names", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="neodesk-fixtures")
    onnx.checker.check_model(model)
    return model


def main() -> None:
    with open(os.path.join(ROOT, "models", "neodesk-support-gpt-neo", "config.json")) as f:
        cfg = json.load(f)
    os.makedirs(OUT, exist_ok=True)
    model = wrong_input_names(cfg["num_layers"], cfg["num_heads"], cfg["hidden_size"] // cfg["num_heads"], cfg["vocab_size"])
    onnx.save_model(model, os.path.join(OUT, "wrong-input-names.onnx"))
    print(f"wrote {OUT}/wrong-input-names.onnx")


if __name__ == "__main__":
    main()
