"""Greedy replies to kb_corpus.py's held-out examples (eval-split shops, generator wording): how often the
reply holds the expected fact, hands over when it should, and never hands over when it should answer.
A development check while training; the evaluation with independently written questions is eval_kb.py.

    /usr/bin/python3 tools/model/eval_kb_heldout.py --checkpoint tools/model/out/kb-checkpoint
"""

import argparse
import json
import os
from collections import defaultdict

import torch

from bpe import Encoder
from chat_format import encode_grounded
from eval import greedy
from export import load_checkpoint

HERE = os.path.dirname(os.path.abspath(__file__))


def is_handover(text: str) -> bool:
    low = text.lower()
    return "get a person" in low or "don't have" in low


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--heldout", default=os.path.join(HERE, "out", "kb-corpus", "heldout.jsonl"))
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--show", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model = load_checkpoint(args.checkpoint)
    model.eval()
    enc = Encoder()
    rows = [json.loads(line) for line in open(args.heldout, encoding="utf-8")][: args.limit]
    score = defaultdict(lambda: [0, 0])
    shown = 0
    for d in rows:
        turns = [(t["speaker"], t["text"]) for t in d["turns"]]
        ids, mask = encode_grounded(enc, d.get("persona"), d["passages"], turns, "")
        # encode_grounded appends the (empty) reply and <|endoftext|>: drop them to get the prompt.
        prompt = ids[: mask.index(1)]
        reply = enc.decode(greedy(model, prompt, 64)).strip()
        kind = d["kind"]
        if kind in ("answer", "followup"):
            ok = all(f in reply for f in d["facts"]) and not is_handover(reply)
        elif kind == "handover":
            ok = is_handover(reply)
        else:
            ok = not is_handover(reply) and "respectful" not in reply.lower()
        score[kind][0] += int(ok)
        score[kind][1] += 1
        if shown < args.show or (not ok and shown < args.show + 10):
            shown += 1
            print(f"[{kind}] {turns[-1][1]!r}\n  -> {reply!r} {'OK' if ok else 'WRONG'} (facts {d['facts']})")
    for kind, (ok, n) in sorted(score.items()):
        print(f"{kind:10s} {ok}/{n} = {100 * ok / n:.1f}%")


if __name__ == "__main__":
    main()
