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
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F

from bpe import EOT_ID, Encoder
from chat_format import encode_grounded, encode_turns
from export import load_checkpoint
from gpt_neo import GPTNeoConfig, GPTNeoForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
# (token ids, loss weight per token: 0 for context, more than 0 for the tokens trained on)
Example = Tuple[List[int], List[float]]


def copy_weights(ids: List[int], mask: List[int], weight: float) -> List[float]:
    """Loss weight per token: `weight` for a trained token whose id already occurs in the context before it
    (a word of the passages or of the customer's turns that the reply repeats: the values an answer must copy),
    1 for other trained tokens, 0 for context. Training then spends more of its signal on copying than on the
    reply templates, which the model learns early anyway."""
    seen = set()
    out: List[float] = []
    for t, m in zip(ids, mask):
        out.append((weight if t in seen and t != EOT_ID else 1.0) if m else 0.0)
        if not m:
            seen.add(t)
    return out


def load(path: str, enc: Encoder, max_len: int, copy_weight: float = 1.0) -> List[Example]:
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
            out.append((ids[:max_len], copy_weights(ids[:max_len], mask[:max_len], copy_weight)))
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


def repeat_drills(pool: List[int], progress: float, batch_tokens: int, rng: random.Random) -> List[Example]:
    """One batch of repeated random text: `<|endoftext|> A B A` with A a run of token ids drawn from `pool`
    (the ids the corpus uses) and B a few more, the loss on the second A after its first token. Only copying
    predicts it, so the heads that find the earlier occurrence of the current token and read the one after it
    (what copying a fact from a passage needs) form on it. The runs start short (4-12 ids) and grow with
    `progress` (0 to 1) to 8-100: at first attention is spread evenly over every earlier position, so the
    signal of the one position to copy from shrinks with the length; from scratch on 100-token runs the loss
    stayed at chance for 1,000 steps, on 4-12-token runs it fell from 7.8 to 3.9 in 400 steps (one probe each,
    6 layers, hidden 128)."""
    longest = int(12 + (100 - 12) * progress)
    out: List[Example] = []
    used = 0
    while used < batch_tokens:
        a = [rng.choice(pool) for _ in range(rng.randint(4 + int(4 * progress), longest))]
        b = [rng.choice(pool) for _ in range(rng.randint(0, 4 + int(36 * progress)))]
        ids = [EOT_ID] + a + b + a
        mask = [0] * (1 + len(a) + len(b) + 1) + [1] * (len(a) - 1)
        out.append((ids, [float(m) for m in mask]))
        used += len(ids)
    return out


def collate(batch: List[Example]) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    # Right padding: causal attention never lets real tokens see the pads, so no mask is needed.
    n = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), n), 50256, dtype=torch.long)
    real = torch.zeros((len(batch), n), dtype=torch.bool)
    weights = torch.zeros((len(batch), n))
    for i, (x, w) in enumerate(batch):
        ids[i, : len(x)] = torch.tensor(x)
        real[i, : len(x)] = True
        weights[i, : len(w)] = torch.tensor(w)
    return ids, weights > 0, real, weights


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


def loss_on(model: GPTNeoForCausalLM, ids: torch.Tensor, tgt_mask: torch.Tensor, negatives: int = 0,
            weights: Optional[torch.Tensor] = None) -> Tuple[torch.Tensor, int]:
    """Mean cross-entropy of the tokens selected by tgt_mask (predicted from the position before), weighted by
    `weights` (per token, see copy_weights) when given.
    The tied lm_head runs only at those positions: it is most of the compute. With `negatives` > 0 the softmax
    runs over the batch's own tokens (every token of its prompts and replies: the ones a copied answer competes
    with) plus that many vocabulary ids drawn at random (some thousands of ids instead of 50,257);
    evaluation (negatives 0) always uses the whole vocabulary."""
    h = fast_hidden_states(model, ids[:, :-1])
    sel = tgt_mask[:, 1:]
    targets = ids[:, 1:][sel]
    weight = model.transformer.wte.weight
    if negatives <= 0:
        logits = torch.matmul(h[sel], weight.t())
    else:
        vocab = weight.shape[0]
        cand = torch.unique(torch.cat([ids.flatten(), torch.randint(0, vocab, (negatives,))]))
        index = torch.full((vocab,), -1, dtype=torch.long)
        index[cand] = torch.arange(len(cand))
        logits, targets = torch.matmul(h[sel], weight[cand].t()), index[targets]
    if weights is None:
        return F.cross_entropy(logits, targets), int(sel.sum())
    w = weights[:, 1:][sel]
    return (F.cross_entropy(logits, targets, reduction="none") * w).sum() / w.sum(), int(sel.sum())


def sinusoids(positions: int, hidden: int, std: float) -> torch.Tensor:
    """Transformer sinusoids (Vaswani et al.) scaled to standard deviation `std`: a start for the learned
    position embeddings in which "the position before this one" is one linear map away for every position,
    the relation a head that copies the token after a match needs (GPT-Neo keeps learning them)."""
    pos = torch.arange(positions, dtype=torch.float32)[:, None]
    freq = torch.exp(-math.log(10000.0) * torch.arange(0, hidden, 2, dtype=torch.float32) / hidden)
    table = torch.zeros(positions, hidden)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table * (std / float(table.std()))


def check_fast_path(model: GPTNeoForCausalLM, data: List[Example]) -> float:
    """Largest difference between fast_hidden_states and the module's own hidden states on a few examples."""
    ids, _, _, _ = collate(data[:4])
    with torch.no_grad():
        reference, _ = model.hidden_states(ids)
        return float((fast_hidden_states(model, ids) - reference).abs().max())


@torch.no_grad()
def perplexity(model: GPTNeoForCausalLM, data: List[Example], agent_only: bool) -> float:
    model.eval()
    total, count = 0.0, 0
    for b in batches(data, 8192, random.Random(0)):
        ids, tgt, real, _ = collate(b)
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
    ap.add_argument("--copy-weight", type=float, default=1.0,
                    help="loss weight of reply tokens that repeat a token of the context (see copy_weights)")
    ap.add_argument("--position-init", choices=["normal", "sinusoidal"], default="normal",
                    help="initial position embeddings: Hugging Face's N(0, 0.02), or sinusoids of the same spread")
    ap.add_argument("--repeat-steps", type=int, default=0,
                    help="train the first this many steps on repeated random text (see repeat_drills), then the corpus")
    ap.add_argument("--init", help="start from this checkpoint folder's weights (its shape wins over the flags)")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    enc = Encoder()
    train = load(os.path.join(args.corpus, "train.jsonl"), enc, args.max_positions, args.copy_weight)
    # Perplexity is scored on the first --heldout-scored held-out examples (full softmax over 50,257 ids).
    heldout = load(os.path.join(args.corpus, "heldout.jsonl"), enc, args.max_positions)[: args.heldout_scored]

    if args.init:
        model = load_checkpoint(args.init)
        cfg = model.config
    else:
        cfg = GPTNeoConfig(num_layers=args.layers, hidden_size=args.hidden, num_heads=args.heads,
                           max_position_embeddings=args.max_positions, window_size=args.window)
        model = GPTNeoForCausalLM(cfg)
        if args.position_init == "sinusoidal":
            with torch.no_grad():
                model.transformer.wpe.weight.copy_(sinusoids(cfg.max_position_embeddings, cfg.hidden_size, 0.02))
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

    pool = sorted({t for ids, _ in train for t in ids if t != EOT_ID}) if args.repeat_steps else []
    drill_rng = random.Random(args.seed + 1)
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
            if step < args.repeat_steps:
                b = repeat_drills(pool, step / args.repeat_steps, args.batch_tokens, drill_rng)
            ids, tgt, _, weights = collate(b)
            loss, _ = loss_on(model, ids, tgt, args.negatives, weights if args.copy_weight != 1.0 else None)
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
        "batch_tokens": args.batch_tokens, "negatives": args.negatives, "copy_weight": args.copy_weight,
        "repeat_steps": args.repeat_steps,
        "position_init": args.position_init if not args.init else "checkpoint", "lr": args.lr, "seed": args.seed, "threads": args.threads,
        "train_minutes": round(minutes, 2), "stopped_early": stopped_early, "time_schedule": args.time_schedule,
        "train_dialogues": len(train), "heldout_dialogues": len(heldout),
        "train_tokens": sum(len(x) for x, _ in train), "train_reply_tokens": sum(sum(w > 0 for w in ws) for _, ws in train),
        "heldout_perplexity": {"untrained": untrained, "trained": trained},
    }
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(figures, f, indent=2)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
