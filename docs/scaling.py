#!/usr/bin/env python3
"""Predict how relucells-mpi scales, from the task costs of one real run.

Reads a checkpoint file written by 'relucells count --checkpoint FILE'
(or relucells-mpi): its plan line gives the number of tasks and the
seconds the first levels of the layer tree took (every rank makes them),
each task line the seconds that task took on one thread.  Then it
simulates relucells-mpi's scheduler on P ranks of one thread each:

  - every rank first makes the top levels (top_seconds);
  - an idle rank sends a request to rank 0, which answers requests one at
    a time, in the order they arrive (service seconds each), with the next
    task in index order; a message takes latency/2 seconds each way;
  - the rank runs the task (its recorded seconds) and asks again.

and prints, per P, the predicted wall-clock time, the speed-up over one
rank, the efficiency, and the idle fraction: the share of the ranks' time
after the top levels spent waiting (for an answer, or with no task left).

Given instead the node costs of docs/node_costs.py (the seconds of every
node of the plan's level), it also hands out the last tasks node by node
as relucells-mpi count does: once fewer than --split-below tasks are left
to hand out (default twice the ranks, as relucells-mpi with one thread a
rank; 0: never), each node of the rest is a unit of its own.
It also prints the bounds that limit the speed-up: the top levels on every
rank, the largest task, and the number of tasks (a rank without a task
idles).

Python 3 standard library only.  Usage:

    docs/scaling.py [--latency S] [--service S] [--largest-first] [--markdown]
                    [--split-below N] CHECKPOINT|NODE-COSTS [P ...]
"""
import gzip
import argparse
import heapq
import sys


def read_checkpoint(path):
    """(top_seconds, [per task in index order: [node seconds]]) of a
    checkpoint (one number a task: its whole cost) or of a node-costs
    file."""
    top = None
    num_tasks = None
    costs = {}
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            words = line.split()
            if not line.endswith("\n"):
                break                       # a torn last line
            if words[:2] == ["plan", "tasks"]:
                num_tasks = int(words[2])
                top = float(words[words.index("top_seconds") + 1])
            elif words[:1] == ["task"]:
                costs[int(words[1])] = [float(words[-1])]
            elif words[:1] == ["node"]:
                costs.setdefault(int(words[1]), []).append(float(words[3]))
    if num_tasks is None:
        sys.exit(f"{path}: no plan line: not a finished relucells checkpoint")
    if len(costs) != num_tasks:
        sys.exit(f"{path}: {len(costs)} of {num_tasks} tasks recorded: "
                 "finish the run first")
    return top, [costs[i] for i in range(num_tasks)]


def units(tasks, split_below):
    """The costs of the units relucells-mpi hands out, in order: whole
    tasks, then, once fewer than split_below are left, single nodes."""
    out = []
    for i, nodes in enumerate(tasks):
        if len(tasks) - (i + 1) < split_below:
            out.extend(nodes)
        else:
            out.append(sum(nodes))
    return out


def simulate(top, costs, ranks, latency, service):
    """(makespan, idle fraction) of the dynamic scheduler on ranks ranks."""
    idle = [(top, r) for r in range(ranks)]     # (when idle, rank)
    heapq.heapify(idle)
    server_free = 0.0
    busy = 0.0
    end = top
    for cost in costs:
        when, rank = heapq.heappop(idle)
        # Requests reach rank 0 in the order the ranks fall idle.
        served = max(when + latency / 2, server_free) + service
        server_free = served
        start = served + latency / 2
        finish = start + cost
        busy += cost
        end = max(end, finish)
        heapq.heappush(idle, (finish, rank))
    span = end - top
    idle_fraction = 1.0 - busy / (ranks * span) if span > 0 else 0.0
    return end, idle_fraction


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("ranks", nargs="*", type=int,
                    default=[1, 2, 8, 64, 512, 4096])
    ap.add_argument("--latency", type=float, default=20e-6,
                    help="seconds of a request and its answer (default 20e-6)")
    ap.add_argument("--service", type=float, default=5e-6,
                    help="seconds rank 0 spends on a request (default 5e-6)")
    ap.add_argument("--largest-first", action="store_true",
                    help="hand the tasks out by decreasing cost (known in "
                    "advance: what a perfect cost estimate would allow) "
                    "instead of in index order, as relucells-mpi does")
    ap.add_argument("--markdown", action="store_true",
                    help="a Markdown table (docs/scaling.md)")
    ap.add_argument("--split-below", type=int, default=None,
                    help="with node costs: hand out single nodes once fewer "
                    "than N tasks are left (default 2 x ranks; 0: never)")
    args = ap.parse_args()
    top, tasks = read_checkpoint(args.checkpoint)
    has_nodes = any(len(t) > 1 for t in tasks)
    if args.split_below is not None and not has_nodes:
        sys.exit("--split-below needs node costs (docs/node_costs.py)")
    costs = [sum(t) for t in tasks]
    if args.largest_first:
        costs = sorted(costs, reverse=True)
    total = sum(costs)
    serial = top + total
    biggest = max(costs)
    print(f"tasks {len(costs)}, top levels {top:.3f} s, tasks {total:.3f} s "
          f"(largest {biggest:.3f} s, mean {total / len(costs) * 1e3:.3f} ms), "
          f"one rank {serial:.3f} s")
    print(f"speed-up bound: (top + tasks) / (top + largest task) = "
          f"{serial / (top + biggest):.1f}; top levels alone: "
          f"{serial / top:.1f}")
    if has_nodes:
        print(f"nodes {sum(len(t) for t in tasks)}, largest "
              f"{max(max(t) for t in tasks):.3f} s")
    rows = []
    for p in args.ranks:
        run = costs
        if has_nodes and not args.largest_first:
            split = 2 * p if args.split_below is None else args.split_below
            run = units(tasks, split)
        end, idle = simulate(top, run, p, args.latency, args.service)
        bound = top + max(max(run), total / p)
        rows.append((p, end, serial / end, serial / end / p, idle,
                     serial / bound))
    if args.markdown:
        print()
        print("| ranks | predicted time (s) | speed-up | efficiency "
              "| idle fraction | bound on the speed-up |")
        print("|---:|---:|---:|---:|---:|---:|")
        for p, end, sp, eff, idle, bound in rows:
            print(f"| {p} | {end:.3f} | {sp:.1f} | {eff:.2f} | {idle:.3f} "
                  f"| {bound:.1f} |")
    else:
        print(f"{'ranks':>6} {'time/s':>10} {'speed-up':>9} {'effic.':>7} "
              f"{'idle':>6} {'bound':>7}")
        for p, end, sp, eff, idle, bound in rows:
            print(f"{p:>6} {end:>10.3f} {sp:>9.1f} {eff:>7.2f} {idle:>6.3f} "
                  f"{bound:>7.1f}")


if __name__ == "__main__":
    main()
