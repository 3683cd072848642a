#!/usr/bin/env python3
"""PyTorch eager twin of layerlab's vit-cifar10 / lm-shakespeare models, for a throughput comparison.

Same architecture (pre-LayerNorm blocks, exact GELU, a fused qkv projection, the class token or causal
attention), same sizes, batch, optimizer (AdamW with clipping) and thread count as layerlab's preset; random
inputs of the preset's shape. Prints one line: examples (images) or tokens per second of training steps.

    python3 transformer_throughput.py vit --threads 1 --steps 30
    python3 transformer_throughput.py lm --threads 2 --steps 30

Run with Debian's own python3 (its python3-torch), not a pyenv shim: /usr/bin/python3.
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, dim, heads, causal):
        super().__init__()
        self.heads, self.causal = heads, causal
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(x).view(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        s = (q / math.sqrt(d // h)) @ k.transpose(-2, -1)
        if self.causal:
            mask = torch.arange(t)[None, :] > torch.arange(t)[:, None]
            s = s.masked_fill(mask, float("-inf"))
        y = s.softmax(-1) @ v
        return self.proj(y.transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp, causal, eps):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim, eps=eps)
        self.attn = Attention(dim, heads, causal)
        self.ln2 = nn.LayerNorm(dim, eps=eps)
        self.fc1 = nn.Linear(dim, mlp)
        self.fc2 = nn.Linear(mlp, dim)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class ViT(nn.Module):
    def __init__(self, image=32, patch=4, channels=3, dim=64, depth=4, heads=4, mlp=128, classes=10):
        super().__init__()
        self.patch = nn.Conv2d(channels, dim, patch, stride=patch)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, (image // patch) ** 2 + 1, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, mlp, False, 1e-6) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        return self.head(self.norm(self.blocks(x))[:, 0])


class LM(nn.Module):
    def __init__(self, vocab=65, context=64, dim=128, depth=4, heads=4, mlp=512):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Embedding(context, dim)
        self.blocks = nn.Sequential(*[Block(dim, heads, mlp, True, 1e-5) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)

    def forward(self, x):
        h = self.tok(x) + self.pos(torch.arange(x.shape[1]))
        return self.head(self.norm(self.blocks(h)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", choices=["vit", "lm"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--batch", type=int, default=None)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.model == "vit":
        batch = a.batch or 128
        net = ViT()
        x = torch.randn(batch, 3, 32, 32)
        y = torch.randint(0, 10, (batch,))
        per_step, unit = batch, "images/s"
        loss_of = lambda out: F.cross_entropy(out, y, label_smoothing=0.1)
    else:
        batch = a.batch or 64
        net = LM()
        x = torch.randint(0, 65, (batch, 64))
        y = torch.randint(0, 65, (batch, 64))
        per_step, unit = batch * 64, "tokens/s"
        loss_of = lambda out: F.cross_entropy(out.reshape(-1, 65), y.reshape(-1))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0.05)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_of(net(x))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    dt = time.perf_counter() - t0
    print(f"pytorch {torch.__version__} {a.model} threads={a.threads} batch={batch}: "
          f"{per_step * a.steps / dt:.1f} {unit} ({dt / a.steps * 1000:.1f} ms/step)")


if __name__ == "__main__":
    main()
