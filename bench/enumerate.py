#!/usr/bin/env python3
"""Benchmark of relucells enumeration: wall time (median of RUNS runs) and
regions per second, on the ACAS Xu 2D slice of the foundation issue and on
random 2D and 3D networks; and of the pictures and boundaries of issue 14
(whole runs: enumerating, then drawing).

usage: bench/enumerate.py [--relucells PATH] [--runs N] [--acas DIR]
Run from the top of a built tree; prints one line per case."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def run(cmd, out):
    t0 = time.perf_counter()
    p = subprocess.run(cmd + ["-o", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr))
    with open(out) as f:
        counts = [l for l in f.read().splitlines() if l.startswith("regions: ")]
    return dt, int(counts[-1].split(":")[1])


def case(name, cmd, runs):
    times, regions = [], None
    out = os.path.join(tempfile.gettempdir(), "relucells-bench-%d.txt" % os.getpid())
    for _ in range(runs):
        dt, regions = run(cmd, out)
        times.append(dt)
    med = statistics.median(times)
    print("%-44s regions %8d  median %7.3f s  (min %.3f, max %.3f, %d runs)  %9.0f regions/s"
          % (name, regions, med, min(times), max(times), runs, regions / med), flush=True)
    return med


def picture(name, cmd, runs, regions):
    """A run that writes no count (draw, boundary): time it, and report the
    regions given."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr))
    med = statistics.median(times)
    print("%-44s regions %8d  median %7.3f s  (min %.3f, max %.3f, %d runs)  %9.0f regions/s"
          % (name, regions, med, min(times), max(times), runs, regions / med), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--relucells", default=os.path.join(TOP, "relucells"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--acas", default=os.path.join(TOP, "..", "shared", "data", "acasxu"))
    a = ap.parse_args()
    rc = a.relucells
    tmp = tempfile.mkdtemp()
    print("relucells benchmark: %s, %d runs per case; wall-clock medians of whole "
          "'relucells' runs (reading, enumerating, writing)" % (rc, a.runs))
    acas = os.path.join(a.acas, "ACASXU_run2a_1_1_batch_2000.nnet")
    slice_ = ["--fix", "1=30000,2=0,5=600"]
    if os.path.exists(acas):
        print("-- ACAS Xu 1_1, 2D slice --fix 1=30000,2=0,5=600 (7243 regions)")
        case("enumerate (float)", [rc, "enumerate"] + slice_ + [acas], a.runs)
        case("enumerate --exact", [rc, "enumerate", "--exact"] + slice_ + [acas], a.runs)
        case("count (float: no LP, no volume)", [rc, "count"] + slice_ + [acas], a.runs)
        case("count --exact", [rc, "count", "--exact"] + slice_ + [acas], a.runs)
        case("graph (float: count + adjacency)", [rc, "graph"] + slice_ + [acas], a.runs)
        case("graph --exact", [rc, "graph", "--exact"] + slice_ + [acas], a.runs)
        print("-- other ACAS Xu networks, same slice (about 24,000 regions)")
        for net in ("ACASXU_run2a_2_1_batch_2000.nnet", "ACASXU_run2a_5_9_batch_2000.nnet"):
            path = os.path.join(a.acas, net)
            name = "%s_%s" % tuple(net.split("_")[2:4])
            case("%s enumerate (float)" % name, [rc, "enumerate"] + slice_ + [path], a.runs)
            case("%s enumerate --exact" % name, [rc, "enumerate", "--exact"] + slice_ + [path], a.runs)
        print("-- pictures and decision boundaries (relucells draw, boundary)")
        pic = os.path.join(tmp, "slice")
        argmin = ["--color", "argmin", "--boundary"]
        picture("1_1 draw PNG, argmin + boundary", [rc, "draw"] + slice_ + argmin
                + ["-o", pic + ".png", acas], a.runs, 7243)
        picture("1_1 draw SVG, argmin + boundary", [rc, "draw"] + slice_ + argmin
                + ["-o", pic + ".svg", acas], a.runs, 7243)
        picture("1_1 draw PNG, pattern colours", [rc, "draw"] + slice_
                + ["-o", pic + ".png", acas], a.runs, 7243)
        picture("1_1 boundary --argmin", [rc, "boundary", "--argmin"] + slice_
                + ["-o", pic + ".json", acas], a.runs, 7243)
        picture("1_1 boundary --argmin --exact", [rc, "boundary", "--argmin", "--exact"]
                + slice_ + ["-o", pic + ".json", acas], a.runs, 7243)
        path = os.path.join(a.acas, "ACASXU_run2a_2_1_batch_2000.nnet")
        picture("2_1 draw PNG, argmin + boundary", [rc, "draw"] + slice_ + argmin
                + ["-o", pic + ".png", path], a.runs, 24234)
        picture("2_1 draw SVG, argmin + boundary", [rc, "draw"] + slice_ + argmin
                + ["-o", pic + ".svg", path], a.runs, 24234)
    else:
        print("ACAS Xu networks not found in %s: skipped" % a.acas)
    print("-- random networks (He initialisation), box [-1,1]^n")
    for seed, sizes in ((1, "2,32,32,32,1"), (2, "2,64,64,1"), (3, "3,16,16,16,1"), (4, "3,32,32,1")):
        path = os.path.join(tmp, "random_%s.nnet" % sizes.replace(",", "-"))
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_random_nnet.py"),
                            str(seed), sizes], stdout=f, check=True)
        name = "random %dD %s" % (int(sizes[0]), sizes)
        tf = case(name + " float", [rc, "enumerate", path], a.runs)
        te = case(name + " --exact", [rc, "enumerate", "--exact", path], a.runs)
        print("%-44s exact / float = %.1f" % ("", te / tf))


if __name__ == "__main__":
    main()
