#!/usr/bin/env python3
"""Record what every node of the engine's plan costs, for docs/scaling.py.

relucells-mpi hands out tasks (runs of up to 16 sibling nodes) and, near the
end, single nodes (--split-below).  A checkpoint records the seconds of
whole tasks only; this script records those of every node, by running the
count through the library (the Python package, on one thread) with every
task handed out node by node in plan order (rc_enum_opts.next_part), and
writes

    # relucells node costs 1
    plan tasks <N> top_seconds <S>
    node <task> <k> <seconds> <regions>
    ...

A node's seconds include what a node run alone costs more than within its
task (a full composition instead of an update, and the compositions of the
task's earlier nodes replayed) and the Python callback of each region
(about a microsecond).  Usage:

    PYTHONPATH=python docs/node_costs.py [--fix I=V,...] [--box ...] NET OUT
"""
import argparse
import ctypes
import sys
import time
from ctypes import (CFUNCTYPE, POINTER, Structure, byref, c_double, c_size_t,
                    c_void_p)

import relucells
from relucells import _lib


class TaskResult(Structure):
    """rc_task_result (enumerate.h)."""
    _fields_ = [("index", c_size_t), ("num_tasks", c_size_t),
                ("regions", c_size_t), ("num_hidden", c_size_t),
                ("layer_counts", POINTER(c_size_t)), ("stats", _lib.EnumStats),
                ("seconds", c_double), ("first", c_size_t), ("count", c_size_t),
                ("nodes", c_size_t)]


NEXT_PART = CFUNCTYPE(c_size_t, c_void_p, c_size_t, POINTER(c_size_t),
                      POINTER(c_size_t), POINTER(c_size_t))
TASK_DONE = CFUNCTYPE(None, c_void_p, POINTER(TaskResult))
NO_TASK = ctypes.c_size_t(-1).value


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("net")
    ap.add_argument("out")
    ap.add_argument("--fix", help="I=V,... with inputs numbered from 1")
    ap.add_argument("--box")
    args = ap.parse_args()
    net = relucells.load(args.net)
    dom = net.domain(box=args.box, fix=args.fix)
    opts = _lib.EnumOpts()
    _lib.lib.rc_enum_opts_init(byref(opts))
    opts.threads = 1
    opts.geometry = 0
    start = time.perf_counter()
    state = {"top": None, "task": 0, "node": 0, "costs": []}

    def next_part(user, num_tasks, nodes, first, count):
        if state["top"] is None:
            state["top"] = time.perf_counter() - start
        while state["task"] < num_tasks and state["node"] >= nodes[state["task"]]:
            state["task"] += 1
            state["node"] = 0
        if state["task"] >= num_tasks:
            state["num_tasks"] = num_tasks
            return NO_TASK
        first[0] = state["node"]
        count[0] = 1
        state["node"] += 1
        return state["task"]

    def task_done(user, r):
        r = r.contents
        state["costs"].append((r.index, r.first, r.seconds, r.regions))

    def region(user, r):
        return 0

    keep = (NEXT_PART(next_part), TASK_DONE(task_done),
            _lib.REGION_FN(region))
    opts.next_part = ctypes.cast(keep[0], c_void_p)
    opts.task_done = ctypes.cast(keep[1], c_void_p)
    summary = _lib.EnumSummary()
    err = _lib.lib.rc_error_new()
    st = _lib.lib.rc_enumerate_each(net._ptr, dom._ptr, byref(opts), keep[2],
                                    None, byref(summary), err)
    if st != 0:
        sys.exit("relucells: %s" % _lib.message(err))
    total = time.perf_counter() - start
    with open(args.out, "w") as f:
        f.write("# relucells node costs 1\n")
        f.write("plan tasks %d top_seconds %.6f\n" % (summary.num_tasks,
                                                       state["top"]))
        for t, k, s, n in state["costs"]:
            f.write("node %d %d %.6f %d\n" % (t, k, s, n))
    print("%d nodes in %d tasks, %d regions, top levels %.3f s, nodes %.3f s, "
          "whole run %.3f s" % (len(state["costs"]), summary.num_tasks,
                                summary.num_regions, state["top"],
                                sum(c[2] for c in state["costs"]), total))


if __name__ == "__main__":
    main()
