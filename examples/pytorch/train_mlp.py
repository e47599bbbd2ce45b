#!/usr/bin/python3
"""From PyTorch to relucells: train a small ReLU MLP on a 2-D data set,
export it with torch.onnx.export, and count its linear regions.

    /usr/bin/python3 examples/pytorch/train_mlp.py [--steps N] [--out FILE]

Needs python3-torch and python3-onnx (Debian).  The network reads raw
inputs: the normalisation of the data is part of the model, so it is in the
ONNX graph (a Sub and a Div) and relucells folds it into the first layer.
ONNX files carry no input box: relucells is told the data's box with --box.
"""
import argparse
import math
import os
import subprocess
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def two_moons(n, noise, gen):
    """Two interleaved half circles, labels 0 and 1."""
    t = torch.rand(n, generator=gen) * math.pi
    upper = torch.rand(n, generator=gen) < 0.5
    x = torch.where(upper, torch.cos(t), 1 - torch.cos(t))
    y = torch.where(upper, torch.sin(t), 0.5 - torch.sin(t))
    pts = torch.stack([x, y], 1) + noise * torch.randn(n, 2, generator=gen)
    return pts, (~upper).float()


class MLP(torch.nn.Module):
    def __init__(self, mean, std, width=16):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)
        self.body = torch.nn.Sequential(
            torch.nn.Linear(2, width), torch.nn.ReLU(),
            torch.nn.Linear(width, width), torch.nn.ReLU(),
            torch.nn.Linear(width, 1))

    def forward(self, x):
        return self.body((x - self.mean) / self.std)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--out", default="moons_mlp.onnx")
    ap.add_argument("--relucells", default=os.path.join(HERE, "..", "..", "relucells"))
    ap.add_argument("--no-run", action="store_true", help="only train and export")
    args = ap.parse_args()

    gen = torch.Generator().manual_seed(12)
    torch.manual_seed(12)
    x, y = two_moons(1000, 0.1, gen)
    net = MLP(x.mean(0), x.std(0))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for step in range(args.steps):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x)[:, 0], y)
        loss.backward()
        opt.step()
    acc = ((net(x)[:, 0] > 0).float() == y).float().mean().item()
    print("trained: loss %.4f, accuracy %.3f" % (loss.item(), acc))

    net.eval()
    torch.onnx.export(net, torch.zeros(1, 2), args.out, input_names=["x"], output_names=["logit"],
                      dynamic_axes={"x": {0: "batch"}, "logit": {0: "batch"}}, opset_version=13)
    print("exported:", args.out)
    if args.no_run:
        return 0
    lo, hi = x.min(0).values, x.max(0).values
    box = "%g,%g,%g,%g" % (lo[0], hi[0], lo[1], hi[1])
    cmd = [args.relucells, "count", "--box", box, args.out]
    print("$", " ".join(cmd), flush=True)
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
