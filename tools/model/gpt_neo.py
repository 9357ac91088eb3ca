"""GPT-Neo as transformers' GPTNeoForCausalLM computes it, in plain PyTorch.

Parameter names equal Hugging Face's state dict names, so a real EleutherAI
checkpoint loads into this module unchanged and our own checkpoints load into
transformers unchanged. Dropout is omitted: it is identity at inference and we
train without it (the config says 0.0).
"""

import math
from dataclasses import dataclass, field, asdict
from typing import List, Optional, Tuple

import torch
from torch import nn

KV = Tuple[torch.Tensor, torch.Tensor]


@dataclass
class GPTNeoConfig:
    vocab_size: int = 50257
    max_position_embeddings: int = 512
    hidden_size: int = 64
    num_layers: int = 6
    num_heads: int = 4
    window_size: int = 256
    intermediate_size: Optional[int] = None
    layer_norm_epsilon: float = 1e-5
    activation_function: str = "gelu_new"
    bos_token_id: int = 50256
    eos_token_id: int = 50256
    attention_layers: List[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.attention_layers:
            self.attention_layers = ["global" if i % 2 == 0 else "local" for i in range(self.num_layers)]
        if len(self.attention_layers) != self.num_layers:
            raise ValueError("attention_layers must have num_layers entries")

    @property
    def inner_size(self) -> int:
        return self.intermediate_size or 4 * self.hidden_size

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_heads

    @staticmethod
    def from_hf_dict(d: dict) -> "GPTNeoConfig":
        if d.get("model_type") != "gpt_neo":
            raise ValueError(f"model_type is {d.get('model_type')!r}, expected 'gpt_neo'")
        act = d.get("activation_function", "gelu_new")
        if act != "gelu_new":
            raise ValueError(f"activation_function {act!r} is not supported (gelu_new only)")
        layers = d.get("attention_layers") or expand_attention_types(d["attention_types"])
        return GPTNeoConfig(
            vocab_size=d["vocab_size"],
            max_position_embeddings=d["max_position_embeddings"],
            hidden_size=d["hidden_size"],
            num_layers=d["num_layers"],
            num_heads=d["num_heads"],
            window_size=d.get("window_size", 256),
            intermediate_size=d.get("intermediate_size"),
            layer_norm_epsilon=d.get("layer_norm_epsilon", 1e-5),
            bos_token_id=d.get("bos_token_id", 50256),
            eos_token_id=d.get("eos_token_id", 50256),
            attention_layers=list(layers),
        )

    def to_hf_dict(self) -> dict:
        # Field names and defaults as transformers' GPTNeoConfig writes them.
        pattern = self.attention_layers[:2] if self.num_layers >= 2 else self.attention_layers
        repeats = self.num_layers // len(pattern)
        if pattern * repeats != self.attention_layers:
            raise ValueError("attention_layers is not a repeated pattern")
        return {
            "_name_or_path": "neodesk-support-gpt-neo",
            "activation_function": self.activation_function,
            "architectures": ["GPTNeoForCausalLM"],
            "attention_dropout": 0.0,
            "attention_layers": self.attention_layers,
            "attention_types": [[pattern, repeats]],
            "bos_token_id": self.bos_token_id,
            "classifier_dropout": 0.1,
            "embed_dropout": 0.0,
            "eos_token_id": self.eos_token_id,
            "gradient_checkpointing": False,
            "hidden_size": self.hidden_size,
            "initializer_range": 0.02,
            "intermediate_size": self.intermediate_size,
            "layer_norm_epsilon": self.layer_norm_epsilon,
            "max_position_embeddings": self.max_position_embeddings,
            "model_type": "gpt_neo",
            "num_heads": self.num_heads,
            "num_layers": self.num_layers,
            "resid_dropout": 0.0,
            "summary_activation": None,
            "summary_first_dropout": 0.1,
            "summary_proj_to_labels": True,
            "summary_type": "cls_index",
            "summary_use_proj": True,
            "torch_dtype": "float32",
            "transformers_version": "4.40.0",
            "use_cache": True,
            "vocab_size": self.vocab_size,
            "window_size": self.window_size,
        }


def expand_attention_types(attention_types: list) -> List[str]:
    out: List[str] = []
    for pattern, repeats in attention_types:
        for _ in range(repeats):
            out.extend(pattern)
    return out


def gelu_new(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class SelfAttention(nn.Module):
    def __init__(self, cfg: GPTNeoConfig, attention_type: str):
        super().__init__()
        self.num_heads = cfg.num_heads
        self.head_dim = cfg.head_dim
        self.is_local = attention_type == "local"
        self.window_size = cfg.window_size
        self.k_proj = nn.Linear(cfg.hidden_size, cfg.hidden_size, bias=False)
        self.v_proj = nn.Linear(cfg.hidden_size, cfg.hidden_size, bias=False)
        self.q_proj = nn.Linear(cfg.hidden_size, cfg.hidden_size, bias=False)
        self.out_proj = nn.Linear(cfg.hidden_size, cfg.hidden_size, bias=True)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        b, s, _ = x.shape
        return x.view(b, s, self.num_heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(self, h: torch.Tensor, additive_mask: torch.Tensor, past: Optional[KV]) -> Tuple[torch.Tensor, KV]:
        q = self._split(self.q_proj(h))
        k = self._split(self.k_proj(h))
        v = self._split(self.v_proj(h))
        if past is not None:
            k = torch.cat([past[0], k], dim=-2)
            v = torch.cat([past[1], v], dim=-2)
        present = (k, v)

        q_len = q.shape[-2]
        k_len = k.shape[-2]
        # Same as HF's bias[:, :, k_len - q_len:k_len, :k_len]: causal on absolute
        # (cache) positions, and for local layers only the last window_size keys.
        q_pos = torch.arange(q_len, device=h.device).unsqueeze(1) + (k_len - q_len)
        k_pos = torch.arange(k_len, device=h.device).unsqueeze(0)
        allowed = k_pos <= q_pos
        if self.is_local:
            allowed = allowed & (q_pos - k_pos < self.window_size)

        # GPT-Neo does not scale by 1/sqrt(head_dim) and computes scores in float32.
        scores = torch.matmul(q.to(torch.float32), k.to(torch.float32).transpose(-1, -2))
        min_value = torch.finfo(torch.float32).min
        scores = torch.where(allowed, scores, torch.tensor(min_value, dtype=scores.dtype, device=h.device))
        scores = scores + additive_mask
        probs = torch.softmax(scores, dim=-1).to(v.dtype)
        out = torch.matmul(probs, v)
        b = out.shape[0]
        out = out.permute(0, 2, 1, 3).reshape(b, q_len, self.num_heads * self.head_dim)
        return self.out_proj(out), present


class AttentionWrapper(nn.Module):
    # HF nests the attention as attn.attention.*; keep that for state-dict names.
    def __init__(self, cfg: GPTNeoConfig, attention_type: str):
        super().__init__()
        self.attention = SelfAttention(cfg, attention_type)


class MLP(nn.Module):
    def __init__(self, cfg: GPTNeoConfig):
        super().__init__()
        self.c_fc = nn.Linear(cfg.hidden_size, cfg.inner_size)
        self.c_proj = nn.Linear(cfg.inner_size, cfg.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.c_proj(gelu_new(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, cfg: GPTNeoConfig, attention_type: str):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_epsilon)
        self.attn = AttentionWrapper(cfg, attention_type)
        self.ln_2 = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_epsilon)
        self.mlp = MLP(cfg)

    def forward(self, h: torch.Tensor, additive_mask: torch.Tensor, past: Optional[KV]) -> Tuple[torch.Tensor, KV]:
        a, present = self.attn.attention(self.ln_1(h), additive_mask, past)
        h = h + a
        h = h + self.mlp(self.ln_2(h))
        return h, present


class Transformer(nn.Module):
    def __init__(self, cfg: GPTNeoConfig):
        super().__init__()
        self.wte = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.wpe = nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        self.h = nn.ModuleList([Block(cfg, t) for t in cfg.attention_layers])
        self.ln_f = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_epsilon)


class GPTNeoForCausalLM(nn.Module):
    def __init__(self, cfg: GPTNeoConfig):
        super().__init__()
        self.config = cfg
        self.transformer = Transformer(cfg)
        self.lm_head = nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # tied, as in HF
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(m: nn.Module) -> None:
        # HF's GPTNeoPreTrainedModel._init_weights
        if isinstance(m, nn.Linear):
            m.weight.data.normal_(mean=0.0, std=0.02)
            if m.bias is not None:
                m.bias.data.zero_()
        elif isinstance(m, nn.Embedding):
            m.weight.data.normal_(mean=0.0, std=0.02)
        elif isinstance(m, nn.LayerNorm):
            m.bias.data.zero_()
            m.weight.data.fill_(1.0)

    def hidden_states(
        self,
        input_ids: torch.Tensor,
        attention_mask: Optional[torch.Tensor] = None,
        position_ids: Optional[torch.Tensor] = None,
        past: Optional[List[KV]] = None,
    ) -> Tuple[torch.Tensor, List[KV]]:
        b, s = input_ids.shape
        past_len = past[0][0].shape[-2] if past else 0
        if position_ids is None:
            position_ids = torch.arange(past_len, past_len + s, device=input_ids.device).unsqueeze(0).expand(b, s)
        if attention_mask is None:
            attention_mask = torch.ones(b, past_len + s, dtype=torch.int64, device=input_ids.device)
        # HF: (1 - mask) * finfo.min, broadcast over heads and query positions.
        additive = (1.0 - attention_mask.to(torch.float32))[:, None, None, :] * torch.finfo(torch.float32).min
        h = self.transformer.wte(input_ids) + self.transformer.wpe(position_ids)
        presents: List[KV] = []
        for i, block in enumerate(self.transformer.h):
            h, present = block(h, additive, past[i] if past else None)
            presents.append(present)
        return self.transformer.ln_f(h), presents

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: Optional[torch.Tensor] = None,
        position_ids: Optional[torch.Tensor] = None,
        past: Optional[List[KV]] = None,
    ) -> Tuple[torch.Tensor, List[KV]]:
        h, presents = self.hidden_states(input_ids, attention_mask, position_ids, past)
        # matmul with the embedding itself so the export keeps a single copy of it.
        logits = torch.matmul(h, self.transformer.wte.weight.t())
        return logits, presents


def config_dict_for_save(cfg: GPTNeoConfig) -> dict:
    return asdict(cfg)


def load_state_dict_checked(model: GPTNeoForCausalLM, sd: dict) -> None:
    """Load an HF-named state dict; tolerate the buffers HF stores, fail on anything else."""
    sd = dict(sd)
    for k in list(sd):
        if k.endswith(".attn.attention.bias") or k.endswith(".attn.attention.masked_bias"):
            del sd[k]
    if "lm_head.weight" not in sd:
        sd["lm_head.weight"] = sd["transformer.wte.weight"]
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if missing or unexpected:
        raise ValueError(f"state dict mismatch: missing={missing} unexpected={unexpected}")
