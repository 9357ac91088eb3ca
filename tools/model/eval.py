"""Score greedy replies to the held-out customer openings by intent.

    /usr/bin/python3 tools/model/eval.py --model models/neodesk-support-gpt-neo

For every held-out dialogue the model gets the customer's opening in the chat format
(chat_format.py) and replies greedily until <|endoftext|>. A reply counts as correct when it
contains the marker of the dialogue's intent and no other intent's marker (corpus.INTENT_MARKERS).
--model reads the weights from the exported onnx/model.onnx (the file the worker ships), so the
score is the score of that file; --checkpoint reads a Hugging Face checkpoint folder instead.
"""

import argparse
import json
import os
from collections import defaultdict
from typing import List

import onnx
import torch
from onnx import numpy_helper

from bpe import EOT_ID, Encoder
from chat_format import reply_prompt
from corpus import classify_reply
from export import load_checkpoint
from gpt_neo import GPTNeoConfig, GPTNeoForCausalLM, load_state_dict_checked

HERE = os.path.dirname(os.path.abspath(__file__))


def load_model_folder(folder: str) -> GPTNeoForCausalLM:
    with open(os.path.join(folder, "config.json")) as f:
        cfg = GPTNeoConfig.from_hf_dict(json.load(f))
    m = onnx.load(os.path.join(folder, "onnx", "model.onnx"))
    # float32 whether the file stores the weights as float32 or float16 (fp16_storage.py)
    sd = {i.name: torch.from_numpy(numpy_helper.to_array(i).astype("float32")) for i in m.graph.initializer
          if i.name.startswith("transformer.")}
    model = GPTNeoForCausalLM(cfg)
    load_state_dict_checked(model, sd)
    model.eval()
    return model


@torch.no_grad()
def greedy(model: GPTNeoForCausalLM, prompt: List[int], max_new: int) -> List[int]:
    out: List[int] = []
    x = torch.tensor([prompt])
    past = None
    pos = 0
    for _ in range(max_new):
        n = x.shape[1]
        logits, past = model(x, None, torch.arange(pos, pos + n).unsqueeze(0), past)
        pos += n
        nxt = int(logits[0, -1].argmax())
        if nxt == EOT_ID or pos >= model.config.max_position_embeddings:
            break
        out.append(nxt)
        x = torch.tensor([[nxt]])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", help="exported model folder (weights read from onnx/model.onnx)")
    src.add_argument("--checkpoint", help="Hugging Face checkpoint folder")
    ap.add_argument("--heldout", default=os.path.join(HERE, "out", "corpus", "heldout.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--max-new-tokens", type=int, default=64)
    ap.add_argument("--show", type=int, default=8, help="print this many example replies")
    ap.add_argument("--out", default=os.path.join(HERE, "out", "eval.json"))
    args = ap.parse_args()

    torch.set_num_threads(2)
    model = load_model_folder(args.model) if args.model else load_checkpoint(args.checkpoint)
    enc = Encoder()
    with open(args.heldout, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    if args.limit:
        rows = rows[: args.limit]
    per_intent = defaultdict(lambda: [0, 0])
    examples = []
    for i, d in enumerate(rows):
        opening = d["turns"][0]["text"]
        reply = enc.decode(greedy(model, reply_prompt(enc, [("customer", opening)]), args.max_new_tokens)).strip()
        ok = classify_reply(reply) == d["intent"]
        per_intent[d["intent"]][0] += int(ok)
        per_intent[d["intent"]][1] += 1
        if i < args.show or (not ok and len(examples) < 40):
            examples.append({"intent": d["intent"], "customer": opening, "reply": reply, "correct": ok})
        if i < args.show:
            print(f"[{d['intent']}] {opening!r}\n  -> {reply!r} {'OK' if ok else 'WRONG'}")
    correct = sum(c for c, _ in per_intent.values())
    total = sum(n for _, n in per_intent.values())
    for intent, (c, n) in sorted(per_intent.items()):
        print(f"{intent:22s} {c:4d}/{n:<4d} {100 * c / n:5.1f}%")
    score = correct / total
    print(f"intent accuracy: {correct}/{total} = {100 * score:.1f}%")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"accuracy": score, "correct": correct, "total": total,
                   "perIntent": {k: v[0] / v[1] for k, v in per_intent.items()}, "examples": examples}, f, indent=2)


if __name__ == "__main__":
    main()
