#!/usr/bin/env python3
"""How well 'relucells estimate' does against a known count: for each
configuration (extra estimate options), runs --seeds seeds from
--first-seed (1) with
--threads 1 and prints how many 95% intervals hold the true count, the
estimates' median, their spread across seeds (relative sd), the mean
relative interval width, and the mean CPU seconds of a run (user + system,
from getrusage of the children: comparable on a loaded machine).  The last
column, relative variance times seconds, is the work-normalised variance:
lower is better, and it does not depend on the number of samples.

usage: bench/estimator.py [--relucells PATH] [--net NNET] [--fix SPEC]
                          [--truth N] [--seeds N] [--first-seed S] [--jobs N]
                          [CONFIG ...]

A CONFIG is a quoted string of estimate options, e.g. "--paths 1" or
"--samples 100 --paths 16"; default: Knuth's single paths at the default
samples ("--paths 1", the estimator before partial backtracking), single
paths at about the CPU time of the default ("--paths 1 --samples 5000"),
and the default options.  Defaults: the 3D slice of ACAS Xu 1_1
(--fix 1=30000,5=600, 1,089,774 regions), 20 seeds, 2 runs at once.

    bench/estimator.py                       # the default against single paths
    bench/estimator.py --fix 1=30000,2=0,5=600 --truth 7243
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ACAS = os.path.join(HERE, "..", "..", "shared", "data", "acasxu",
                    "ACASXU_run2a_1_1_batch_2000.nnet")


def cpu_of(args, config, seed):
    """One run: its JSON and the user + system seconds of that child
    alone (its wait4 rusage)."""
    cmd = [args.relucells, "estimate", "--format", "json", "--threads", "1",
           "--seed", str(seed)] + shlex.split(config)
    if args.fix:
        cmd += ["--fix", args.fix]
    cmd.append(args.net)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit("%s: %s" % (" ".join(cmd), err.decode().strip()))
    return json.loads(out), ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--relucells", default=os.path.join(HERE, "..", "relucells"))
    ap.add_argument("--net", default=ACAS)
    ap.add_argument("--fix", default="1=30000,5=600")
    ap.add_argument("--truth", type=float, default=1089774)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("configs", nargs="*")
    args = ap.parse_args()
    configs = args.configs or ["--paths 1", "--paths 1 --samples 5000", ""]
    truth = args.truth
    print("network %s, --fix %s, true count %.0f, seeds %d..%d, --threads 1"
          % (os.path.basename(args.net), args.fix or "(none)", truth,
             args.first_seed, args.first_seed + args.seeds - 1))
    print("%-34s %7s %12s %8s %8s %8s %10s" % (
        "options", "held", "median est", "rel sd", "rel wid", "CPU s",
        "var x s"))
    for config in configs:
        with ThreadPoolExecutor(args.jobs) as ex:
            res = list(ex.map(lambda s: cpu_of(args, config, s),
                              range(args.first_seed,
                                    args.first_seed + args.seeds)))
        est = [d["regions"]["estimate"] for d, _ in res]
        held = sum(d["regions"]["low"] <= truth <= d["regions"]["high"]
                   for d, _ in res)
        width = statistics.mean((d["regions"]["high"] - d["regions"]["low"])
                                / truth for d, _ in res)
        cpu = statistics.mean(c for _, c in res)
        sd = statistics.pstdev([e / truth for e in est]) if len(est) > 1 else 0
        # The spread about the truth (not the mean): bias counts too.
        rmse2 = statistics.mean([(e / truth - 1) ** 2 for e in est])
        print("%-34s %3d/%-3d %12.0f %8.3f %8.3f %8.2f %10.4f" % (
            config or "(defaults)", held, len(res), statistics.median(est),
            sd, width, cpu, rmse2 * cpu))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
