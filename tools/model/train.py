"""Train Neodesk's small GPT-Neo on the generated support corpus, on CPU, with a fixed seed.

    /usr/bin/python3 tools/model/train.py

Reads tools/model/out/corpus/{train,heldout}.jsonl (run corpus.py first), writes a
Hugging Face-style checkpoint (config.json + pytorch_model.bin, HF parameter names) to
tools/model/out/checkpoint and the training figures to tools/model/out/checkpoint/training.json.
The loss covers the agent's reply tokens (and the <|endoftext|> that ends each reply), the
tokens the model generates in production; customer turns are context only.
"""

import argparse
import json
import math
import os
import random
import time
from typing import List, Tuple

import torch
import torch.nn.functional as F

from bpe import Encoder
from chat_format import encode_grounded, encode_turns
from export import load_checkpoint
from gpt_neo import GPTNeoConfig, GPTNeoForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
Example = Tuple[List[int], List[int]]


def load(path: str, enc: Encoder, max_len: int) -> List[Example]:
    out: List[Example] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            turns = [(t["speaker"], t["text"]) for t in d["turns"]]
            if "reply" in d:  # kb_corpus.py: passages in the prompt, loss on the final reply only
                ids, mask = encode_grounded(enc, d.get("persona"), d["passages"], turns, d["reply"],
                                            set(d.get("train_turns") or ()))
                if len(ids) > max_len:
                    continue  # the engine never sends a prompt that long; do not train on a cut one
            else:
                ids, mask = encode_turns(enc, turns)
            out.append((ids[:max_len], mask[:max_len]))
    return out


def batches(examples: List[Example], max_tokens: int, rng: random.Random) -> List[List[Example]]:
    # Length-sorted buckets keep padding small; the order of batches is shuffled.
    order = sorted(examples, key=lambda e: len(e[0]) + rng.random())
    out: List[List[Example]] = []
    cur: List[Example] = []
    for e in order:
        if cur and (len(cur) + 1) * max(len(e[0]), len(cur[-1][0])) > max_tokens:
            out.append(cur)
            cur = []
        cur.append(e)
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def collate(batch: List[Example]) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    # Right padding: causal attention never lets real tokens see the pads, so no mask is needed.
    n = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), n), 50256, dtype=torch.long)
    tgt_mask = torch.zeros((len(batch), n), dtype=torch.bool)
    real = torch.zeros((len(batch), n), dtype=torch.bool)
    for i, (x, m) in enumerate(batch):
        ids[i, : len(x)] = torch.tensor(x)
        tgt_mask[i, : len(m)] = torch.tensor(m, dtype=torch.bool)
        real[i, : len(x)] = True
    return ids, tgt_mask, real


def fast_hidden_states(model: GPTNeoForCausalLM, ids: torch.Tensor) -> torch.Tensor:
    """model.hidden_states(ids) for training: no cache, no padding mask (right padding needs none), each
    attention kind's causal mask built once per batch instead of per layer, and q/k/v in one product. The same
    arithmetic (checked against model.hidden_states at start-up); the module keeps Hugging Face's graph for
    export.py."""
    cfg = model.config
    b, s = ids.shape
    pos = torch.arange(s)
    h = model.transformer.wte(ids) + model.transformer.wpe(pos)[None]
    causal = pos[None, :] <= pos[:, None]
    local = causal & (pos[:, None] - pos[None, :] < cfg.window_size)
    low = torch.finfo(torch.float32).min
    masks = {"global": torch.zeros(s, s).masked_fill(~causal, low), "local": torch.zeros(s, s).masked_fill(~local, low)}
    nh, hd = cfg.num_heads, cfg.head_dim
    for block, kind in zip(model.transformer.h, cfg.attention_layers):
        att = block.attn.attention
        qkv = F.linear(block.ln_1(h), torch.cat([att.q_proj.weight, att.k_proj.weight, att.v_proj.weight]))
        q, k, v = qkv.view(b, s, 3, nh, hd).permute(2, 0, 3, 1, 4)
        # GPT-Neo does not scale the scores by 1/sqrt(head_dim).
        probs = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) + masks[kind], dim=-1)
        h = h + att.out_proj(torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(b, s, nh * hd))
        h = h + block.mlp(block.ln_2(h))
    return model.transformer.ln_f(h)


def loss_on(model: GPTNeoForCausalLM, ids: torch.Tensor, tgt_mask: torch.Tensor, negatives: int = 0) -> Tuple[torch.Tensor, int]:
    """Mean cross-entropy of the tokens selected by tgt_mask (predicted from the position before).
    The tied lm_head runs only at those positions: it is most of the compute. With `negatives` > 0 the softmax
    runs over the batch's own tokens (every token of its prompts and replies: the ones a copied answer competes
    with) plus that many vocabulary ids drawn at random (some thousands of ids instead of 50,257);
    evaluation (negatives 0) always uses the whole vocabulary."""
    h = fast_hidden_states(model, ids[:, :-1])
    sel = tgt_mask[:, 1:]
    targets = ids[:, 1:][sel]
    weight = model.transformer.wte.weight
    if negatives <= 0:
        return F.cross_entropy(torch.matmul(h[sel], weight.t()), targets), int(sel.sum())
    vocab = weight.shape[0]
    cand = torch.unique(torch.cat([ids.flatten(), torch.randint(0, vocab, (negatives,))]))
    index = torch.full((vocab,), -1, dtype=torch.long)
    index[cand] = torch.arange(len(cand))
    return F.cross_entropy(torch.matmul(h[sel], weight[cand].t()), index[targets]), int(sel.sum())


def check_fast_path(model: GPTNeoForCausalLM, data: List[Example]) -> float:
    """Largest difference between fast_hidden_states and the module's own hidden states on a few examples."""
    ids, _, _ = collate(data[:4])
    with torch.no_grad():
        reference, _ = model.hidden_states(ids)
        return float((fast_hidden_states(model, ids) - reference).abs().max())


@torch.no_grad()
def perplexity(model: GPTNeoForCausalLM, data: List[Example], agent_only: bool) -> float:
    model.eval()
    total, count = 0.0, 0
    for b in batches(data, 8192, random.Random(0)):
        ids, tgt, real = collate(b)
        loss, n = loss_on(model, ids, tgt if agent_only else real)
        total += float(loss) * n
        count += n
    model.train()
    return math.exp(total / count)


def save(model: GPTNeoForCausalLM, cfg: GPTNeoConfig, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg.to_hf_dict(), f, indent=2)
    # HF checkpoints store the tied lm_head too; keep that so this folder is a normal HF checkpoint.
    torch.save({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(out, "pytorch_model.bin"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=os.path.join(HERE, "out", "corpus"))
    ap.add_argument("--out", default=os.path.join(HERE, "out", "checkpoint"))
    ap.add_argument("--layers", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--max-positions", type=int, default=512)
    ap.add_argument("--window", type=int, default=256)
    ap.add_argument("--epochs", type=float, default=7.0)
    ap.add_argument("--batch-tokens", type=int, default=3072)
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-minutes", type=float, default=25.0, help="safety stop; the schedule assumes it is not hit")
    ap.add_argument("--time-schedule", action="store_true",
                    help="decay the learning rate by elapsed time too (see lr_at); the run then depends on the machine's speed")
    ap.add_argument("--save-every", type=float, default=0.0, help="also write the checkpoint every this many minutes")
    ap.add_argument("--heldout-scored", type=int, default=400, help="held-out examples the perplexity figures use")
    ap.add_argument("--negatives", type=int, default=2048,
                    help="random vocabulary ids added to each batch's own tokens in the training softmax (0: full softmax)")
    ap.add_argument("--init", help="start from this checkpoint folder's weights (its shape wins over the flags)")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    enc = Encoder()
    train = load(os.path.join(args.corpus, "train.jsonl"), enc, args.max_positions)
    # Perplexity is scored on the first --heldout-scored held-out examples (full softmax over 50,257 ids).
    heldout = load(os.path.join(args.corpus, "heldout.jsonl"), enc, args.max_positions)[: args.heldout_scored]

    if args.init:
        model = load_checkpoint(args.init)
        cfg = model.config
    else:
        cfg = GPTNeoConfig(num_layers=args.layers, hidden_size=args.hidden, num_heads=args.heads,
                           max_position_embeddings=args.max_positions, window_size=args.window)
        model = GPTNeoForCausalLM(cfg)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"params {n_params:,}; train {len(train)} dialogues, heldout {len(heldout)}", flush=True)
    diff = check_fast_path(model, heldout)
    if diff > 1e-4:
        raise SystemExit(f"the training forward differs from the module's by {diff}")
    untrained = {"agent": perplexity(model, heldout, True), "all": perplexity(model, heldout, False)}
    print(f"untrained heldout perplexity: agent replies {untrained['agent']:.1f}, all tokens {untrained['all']:.1f}", flush=True)

    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98))
    steps_per_epoch = len(batches(train, args.batch_tokens, random.Random(0)))
    total_steps = int(steps_per_epoch * args.epochs)
    warmup = max(1, total_steps // 30)

    def lr_at(step: int) -> float:
        if step < warmup:
            return args.lr * (step + 1) / warmup
        # Cosine decay over the planned steps, or over --max-minutes when the machine is slower than planned
        # (shared cores): whichever is further along, so a time-capped run still ends at the low rate.
        done = (step - warmup) / max(1, total_steps - warmup)
        if args.time_schedule:
            done = max(done, (time.time() - start) / (args.max_minutes * 60))
        return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, done))))

    start = time.time()
    last_save = start
    step = 0
    stopped_early = False
    model.train()
    while step < total_steps and not stopped_early:
        for b in batches(train, args.batch_tokens, rng):
            if step >= total_steps:
                break
            if time.time() - start > args.max_minutes * 60:
                stopped_early = True
                break
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            ids, tgt, _ = collate(b)
            loss, _ = loss_on(model, ids, tgt, args.negatives)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            if step % 50 == 0 or step == 1:
                el = time.time() - start
                print(f"step {step}/{total_steps} loss {float(loss):.3f} lr {lr_at(step):.2e} {el / 60:.1f} min", flush=True)
            if args.save_every and time.time() - last_save > args.save_every * 60:
                save(model, cfg, args.out)
                last_save = time.time()
                print(f"saved {args.out} at step {step}", flush=True)
    minutes = (time.time() - start) / 60
    trained = {"agent": perplexity(model, heldout, True), "all": perplexity(model, heldout, False)}
    print(f"trained heldout perplexity: agent replies {trained['agent']:.2f}, all tokens {trained['all']:.1f}", flush=True)

    save(model, cfg, args.out)
    figures = {
        "params": n_params, "steps": step, "planned_steps": total_steps, "epochs": step / steps_per_epoch,
        "batch_tokens": args.batch_tokens, "negatives": args.negatives, "lr": args.lr, "seed": args.seed, "threads": args.threads,
        "train_minutes": round(minutes, 2), "stopped_early": stopped_early, "time_schedule": args.time_schedule,
        "train_dialogues": len(train), "heldout_dialogues": len(heldout),
        "train_tokens": sum(len(x) for x, _ in train), "train_reply_tokens": sum(sum(m) for _, m in train),
        "heldout_perplexity": {"untrained": untrained, "trained": trained},
    }
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(figures, f, indent=2)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
