"""The chat prompt format shared by training, eval and the Node engine.

A conversation is token ids:

    <|endoftext|>Customer: {text}<|endoftext|>Agent: {text}<|endoftext|>Customer: ...

that is, one leading <|endoftext|> (id 50256, GPT-Neo's BOS/EOS), then every turn as
"{Label}: {text}" followed by <|endoftext|>. Labels are exactly "Customer" and "Agent";
no newlines between turns. To get a reply the engine appends the ids of "Agent:" and
generates until <|endoftext|>; the generated text starts with a space, which is trimmed.
Each piece is tokenized on its own, so <|endoftext|> typed by a user is plain text,
never the special token.
"""

from typing import Iterable, List, Tuple

from bpe import EOT_ID, Encoder

CUSTOMER = "Customer"
AGENT = "Agent"
LABELS = {"customer": CUSTOMER, "agent": AGENT}


def encode_turns(enc: Encoder, turns: Iterable[Tuple[str, str]]) -> Tuple[List[int], List[int]]:
    """Return (ids, agent_mask); agent_mask marks the tokens of agent text and their <|endoftext|>,
    the positions a reply is generated at (the "Agent:" label itself is given by the prompt)."""
    ids = [EOT_ID]
    mask = [0]
    for speaker, text in turns:
        label = enc.encode(LABELS[speaker] + ":")
        body = enc.encode(" " + text.strip()) + [EOT_ID]
        ids += label + body
        is_agent = 1 if speaker == "agent" else 0
        mask += [0] * len(label) + [is_agent] * len(body)
    return ids, mask


def reply_prompt(enc: Encoder, turns: Iterable[Tuple[str, str]]) -> List[int]:
    ids, _ = encode_turns(enc, turns)
    return ids + enc.encode(AGENT + ":")


SYSTEM = "System"
ARTICLE = "Article"


def encode_grounded(enc: Encoder, persona, passages, turns, reply: str, train_turns=()) -> Tuple[List[int], List[int]]:
    """A knowledge-grounded example: `<|endoftext|>System: {persona}<|endoftext|>Article: {title}: {text}
    <|endoftext|>...Customer: ...<|endoftext|>Agent: {reply}<|endoftext|>`, best passage first, the persona
    and passages optional. The mask marks the reply's tokens and its <|endoftext|>, and those of the agent
    turns listed in `train_turns` (indices into `turns`: replies the same passages support); other earlier
    agent turns were answered from passages this prompt may not hold, so they are context, not targets."""
    ids = [EOT_ID]
    if persona:
        ids += enc.encode(SYSTEM + ":") + enc.encode(" " + persona.strip()) + [EOT_ID]
    for p in passages:
        ids += enc.encode(ARTICLE + ":") + enc.encode(" " + p["title"].strip() + ": " + p["text"].strip()) + [EOT_ID]
    mask = [0] * len(ids)
    for i, (speaker, text) in enumerate(turns):
        label = enc.encode(LABELS[speaker] + ":")
        body = enc.encode(" " + text.strip()) + [EOT_ID]
        ids += label + body
        mask += [0] * len(label) + [1 if i in train_turns else 0] * len(body)
    label = enc.encode(AGENT + ":")
    body = enc.encode(" " + reply.strip()) + [EOT_ID]
    return ids + label + body, mask + [0] * len(label) + [1] * len(body)
