#!/usr/bin/env python3
"""Benchmark of relucells paths (issue 13): break points per second along a
segment between two random standard normal points of a 784-1200-600-300-10
He-normal network (made by 'relucells random'), float and default
arithmetic; the time of --exact on the same path; and 'relucells paths' on
1,000 pairs of a 784-256-256-10 network.

Break points per second are those of the path alone (the library call:
first-layer forms and the walk), as 'relucells path --time' measures it,
reading the network and writing the output excluded; whole runs are shown
too.
The networks are written as ONNX (float64: the same numbers as the NNet
file of their exact decimal expansions, which takes seconds to read).

usage: bench/path.py [--relucells PATH] [--runs N] [--exact-runs N]
Run from the top of a built tree; prints one line per case (medians)."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def timed(cmd, ok=(0,)):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if p.returncode not in ok:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr))
    return dt, p.stdout, p.stderr


def path_time(stderr):
    for line in stderr.splitlines():
        if line.startswith("relucells: time: path "):
            return float(line.split()[3])
    sys.exit("no time line in:\n" + stderr)


def breakpoints(text):
    for line in text.splitlines():
        if line.startswith("breakpoints: "):
            return int(line.split()[1])
    sys.exit("no 'breakpoints:' line in the output")


def median_runs(cmd, runs, ok=(0,)):
    times, walks, out = [], [], None
    for _ in range(runs):
        dt, out, err = timed(cmd, ok)
        times.append(dt)
        if "--time" in cmd:
            walks.append(path_time(err))
    walk = statistics.median(walks) if walks else None
    return statistics.median(times), min(times), max(times), out, walk


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--relucells", default=os.path.join(TOP, "relucells"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--exact-runs", type=int, default=3)
    a = ap.parse_args()
    rc = a.relucells
    tmp = tempfile.mkdtemp()
    big = os.path.join(tmp, "he.onnx")
    pts = os.path.join(tmp, "pts.csv")
    timed([rc, "random", "--widths", "784,1200,600,300,10", "--init", "he-normal",
           "--seed", "1", "-o", big])
    timed([rc, "random", "--points", "2", "--dim", "784", "--seed", "2", "-o", pts])
    with open(pts) as f:
        lines = f.read().splitlines()
    for i, name in enumerate(("x0", "x1")):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(lines[i] + "\n")
    seg = ["--from", "@" + os.path.join(tmp, "x0"), "--to", "@" + os.path.join(tmp, "x1")]
    print("relucells path benchmark: %s, medians of %d runs (exact: %d)"
          % (rc, a.runs, a.exact_runs))
    print("-- 784-1200-600-300-10 He-normal (seed 1), segment between two N(0, I) points (seed 2)")
    for label, flag, runs in (("float", ["--float"], a.runs), ("default", [], a.runs),
                              ("--exact", ["--exact"], a.exact_runs)):
        full, lo, hi, out, walk = median_runs([rc, "path", "--time"] + flag + seg + [big], runs)
        k = breakpoints(out)
        print("path %-8s break points %5d  path %6.3f s  %7.0f break points/s   "
              "whole run %6.3f s (min %.3f, max %.3f)"
              % (label, k, walk, k / walk, full, lo, hi), flush=True)
    mid = os.path.join(tmp, "m.onnx")
    samples = os.path.join(tmp, "samples.csv")
    timed([rc, "random", "--widths", "784,256,256,10", "--seed", "3", "-o", mid])
    timed([rc, "random", "--points", "2000", "--dim", "784", "--seed", "4", "-o", samples])
    print("-- 784-256-256-10 He-normal (seed 3), 1000 random pairs of 2000 N(0, I) samples")
    for label, flag in (("float", ["--float"]), ("default", []), ("default, 1 thread", ["--threads", "1"])):
        full, lo, hi, out, _ = median_runs([rc, "paths", "--samples", samples, "--pairs", "1000",
                                         "--seed", "5"] + flag + [mid], max(1, a.runs // 2 + 1))
        kmean = [l for l in out.splitlines() if l.startswith("break points K:")][0]
        print("paths %-18s %6.3f s (min %.3f, max %.3f)  %s" % (label, full, lo, hi, kmean),
              flush=True)


if __name__ == "__main__":
    main()
