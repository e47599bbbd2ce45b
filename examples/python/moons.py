#!/usr/bin/python3
"""The linear regions of a small MLP trained with PyTorch, exactly.

A notebook-style script (the cells run one after the other; paste them
into a notebook as they are): train a ReLU MLP on two moons, read it into
relucells with its float32 weights exactly, enumerate its regions in exact
arithmetic, draw the partition with the decision boundary, and print the
count after each layer beside the bounds.

    /usr/bin/python3 examples/python/moons.py [--steps N] [--out DIR]

From a build tree: PYTHONPATH=python (and RELUCELLS_LIB=.libs/librelucells.so
outside the source tree).  Needs python3-torch and python3-matplotlib.
"""

# %% Setup
import argparse
import math
import os
import time

import matplotlib
if not os.environ.get("DISPLAY"):
    matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch

import relucells

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--steps", type=int, default=800, help="training steps")
ap.add_argument("--width", type=int, default=16, help="hidden width")
ap.add_argument("--out", default=".", help="folder for the pictures")
args = ap.parse_args()
torch.manual_seed(7)
gen = torch.Generator().manual_seed(7)

# %% Data: two interleaved half circles, labels 0 and 1
n = 600
t = torch.rand(n, generator=gen) * math.pi
upper = torch.rand(n, generator=gen) < 0.5
x = torch.stack([torch.where(upper, torch.cos(t), 1 - torch.cos(t)),
                 torch.where(upper, torch.sin(t), 0.5 - torch.sin(t))], 1)
x += 0.1 * torch.randn(n, 2, generator=gen)
y = (~upper).float()

# %% Train a ReLU MLP (one logit: class 1 where it is positive)
w = args.width
model = torch.nn.Sequential(torch.nn.Linear(2, w), torch.nn.ReLU(),
                            torch.nn.Linear(w, w), torch.nn.ReLU(),
                            torch.nn.Linear(w, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(args.steps):
    opt.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x)[:, 0], y)
    loss.backward()
    opt.step()
model.eval()
with torch.no_grad():
    acc = ((model(x)[:, 0] > 0).float() == y).float().mean().item()
print("trained %d steps: loss %.4f, accuracy %.3f" % (args.steps, loss.item(), acc))

# %% Into relucells: every float32 weight exactly
net = relucells.from_torch(model)
print(net)
W1 = net.weights(exact=True)[0]
print("W1[0, 0] = %s exactly (float32 %r)" % (W1[0, 0], model[0].weight[0, 0].item()))

# %% The regions, exactly, on the data's box
lo = x.min(0).values.numpy() - 0.25
hi = x.max(0).values.numpy() + 0.25
box = ([round(float(a), 2) for a in lo], [round(float(b), 2) for b in hi])
start = time.time()
part = net.enumerate(box=box, exact=True)
print("%d regions on the box %s in %.2f s (exact); after each layer: %s"
      % (len(part), box, time.time() - start, list(part.layer_counts)))
# exact volumes: the regions' areas add up to the box's, as rationals
from fractions import Fraction
area = math.prod(Fraction(repr(b)) - Fraction(repr(a)) for a, b in zip(*box))
assert sum(r.volume for r in part) == area
print("the regions' exact areas add up to the box's: %s" % area)

# %% One region: where the first data point lies
point = x[0].numpy().astype(float)
region = part.locate(point)
print("x = %s lies in region %d, pattern %s" % (point, region.id, region.pattern))
print("  there the network is y = A x + c with A = %s, c = %s"
      % (region.A[0].astype(float), float(region.c[0])))
print("  exactly, c = %s" % region.c[0])
print("  its %d vertices (exact): %s ..." % (len(region.vertices),
                                            list(region.vertices[0])))
print("  A x + c = %.6f, the model says %.6f"
      % (float(region.output(point)[0]), model(x[:1]).item()))

# %% The decision boundary: the logit's zero set, segment by segment, exactly
boundary = part.boundary()
print("decision boundary: %d segments in %d regions"
      % (len(boundary), len(set(boundary.regions))))

# %% Draw: the regions by the logit, the boundary, the data
fig, ax = plt.subplots(figsize=(7, 5.5))
part.draw(ax, color="output", boundary=True,
          title="%d linear regions of a 2-%d-%d-1 MLP" % (len(part), w, w))
ax.scatter(x[:, 0], x[:, 1], c=np.where(y.numpy() > 0, "white", "black"),
           s=6, edgecolors="none")
png = os.path.join(args.out, "moons_regions.png")
fig.savefig(png, dpi=120)
svg = part.draw(os.path.join(args.out, "moons_regions.svg"), color="output",
                boundary=True)                    # the C writer, for the web
print("drawn:", png, svg)

# %% Per-layer counts beside the bounds
bounds = part.bounds()
print("%-6s %6s %9s %11s %11s %11s" % ("layer", "width", "regions", "serra",
                                        "montufar", "zaslavsky"))
for k in range(len(bounds.widths)):
    print("%-6d %6d %9d %11d %11d %11d" % (
        k + 1, bounds.widths[k], bounds.regions[k], bounds.serra[k],
        bounds.montufar[k], bounds.zaslavsky_product[k]))
print("first layer over all of R^2: %d regions (Zaslavsky, exact)"
      % bounds.first_layer["regions"])

# %% The region graph: which layer's neurons make the largest jumps
G = part.graph()
stats = G.graph["layer_stats"]
print("region graph: %d regions, %d adjacent pairs; mean gradient jump by layer: %s"
      % (G.number_of_nodes(), G.number_of_edges(),
         ", ".join("%d: %.3g" % (s["layer"] + 1, s["mean"]) for s in stats)))
