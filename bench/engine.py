#!/usr/bin/env python3
"""The engine bars of issue 11, measured A/B in one run: wall time and peak
RSS of whole 'relucells' runs for the current program with --threads 1 and
--threads 2 and for an older commit (the baseline, built here in a temporary
folder), side by side, with the ratio current / baseline, each bar of the
issue printed next to its measurement with PASS or FAIL.

usage: bench/engine.py [--relucells PATH | --relucells-rev REV]
                       [--baseline REV | --baseline-bin PATH | --no-baseline]
                       [--runs N] [--slow-runs N] [--quick] [--skip-slow]
                       [--only NAME]... [--list] [--acas DIR] [--timeout S] [--keep]

Every run is '/usr/bin/time -o FILE -f "%e %M %U %S" relucells ...': peak
RSS is its %M (KB); the wall time is Python's clock around that process, to
the millisecond (%e has only two decimals; the clock adds the start of
/usr/bin/time itself, about a millisecond, so it errs on the slow side);
CPU time %U+%S is printed beside it, as a hint of how much the machine's
load stretched the wall time.  Medians over the runs are printed.  Every run's region count (and its
per-layer counts) must agree across the programs, the thread counts, the
runs and the arithmetic modes of one network: otherwise a MISMATCH line is
printed and the exit status is 1.  Bar FAILs do not change the exit status.

The current program is --relucells (default: the build tree's ./relucells).
When that is a libtool wrapper script (a build with shared libraries), the
real binary .libs/relucells is run with LD_LIBRARY_PATH=.libs instead, so
the wrapper's shell start is not timed; it is then a PIC shared-library
build while the baseline is linked statically (--disable-shared), which can
cost a few per cent: for a like-for-like comparison pass a --disable-shared
build, or --relucells-rev HEAD to build one here the same way as the
baseline.

The baseline (default 89a0157, the last commit before the work on issue 11
started) is exported with 'git archive' into a temporary folder, built with
'autoreconf -fi && ./configure --disable-shared -q && make -j2 relucells',
and removed at the end (--keep keeps it and says where).  It has no
--threads: that is detected from 'relucells count --help'.  Its 'count'
decides in plain double precision (its only non-exact mode), while the
current 'count' by default proves every decision (the filtered kernel);
the '-float' cases compare the current --float with the same baseline runs.

Slow cases (the 3D ACAS slice, the 4D network of a million regions) run
--slow-runs times (default 3, at most --runs), the baseline's exact run on
the 3D slice once (it took about 5 minutes and 13 GB); --skip-slow leaves
them out.  The output says how many runs each figure is the median of.
The machine's load average is printed at each case: on a shared machine,
the figures are upper bounds and the --threads 2 column suffers most."""
import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
DEFAULT_BASELINE = "89a0157"
ACAS_NET = "ACASXU_run2a_1_1_batch_2000.nnet"
SLICE2D = ["--fix", "1=30000,2=0,5=600"]
SLICE3D = ["--fix", "1=30000,5=600"]
MB = 1024.0                     # /usr/bin/time's %M is in KB; 1 MB = 1024 KB here

problems = []                   # MISMATCH and failure lines, repeated at the end
bar_lines = []                  # (case, text) of every bar, repeated at the end
explained = []                  # mismatches of float runs that said they were unsure


def loud(msg):
    print("!!! " + msg, flush=True)
    problems.append(msg)


# ---- programs ---------------------------------------------------------------

class Program:
    """One relucells binary and what its 'count' understands."""

    def __init__(self, label, path, env=None):
        self.label, self.path, self.env = label, path, env
        p = subprocess.run([path, "count", "--help"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, env=env)
        self.help = p.stdout
        self.threads = "--threads" in self.help
        self.float_opt = "--float" in self.help
        self.time_limit = "--time-limit" in self.help
        self.progress = "--progress" in self.help


def libtool_real(path):
    """The binary behind a libtool wrapper script and the environment to run
    it, or (path, None) when path is a binary already."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if not head.startswith(b"#!") or b"libtool" not in head:
        return path, None
    d, name = os.path.split(os.path.abspath(path))
    libs = os.path.join(d, ".libs")
    for cand in ("lt-" + name, name):
        real = os.path.join(libs, cand)
        if os.path.isfile(real) and os.access(real, os.X_OK):
            env = dict(os.environ)
            env["LD_LIBRARY_PATH"] = libs + (":" + env["LD_LIBRARY_PATH"]
                                             if env.get("LD_LIBRARY_PATH") else "")
            return real, env
    sys.exit("%s is a libtool wrapper and %s holds no built program: run make" % (path, libs))


def build_rev(rev, where):
    """Export rev with git archive into where/src and build its program there
    (static library, so no wrapper script).  Returns the program's path."""
    src = os.path.join(where, "src")
    os.makedirs(src)
    full = subprocess.run(["git", "-C", TOP, "rev-parse", "--verify", rev + "^{commit}"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if full.returncode != 0:
        sys.exit("unknown revision %s: %s" % (rev, full.stderr.strip()))
    print("building %s (%s) in %s ..." % (rev, full.stdout.strip()[:12], src), flush=True)
    t0 = time.perf_counter()
    arch = subprocess.Popen(["git", "-C", TOP, "archive", "--format=tar", full.stdout.strip()],
                            stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", src], stdin=arch.stdout, check=True)
    arch.stdout.close()
    if arch.wait() != 0:
        sys.exit("git archive %s failed" % rev)
    log = os.path.join(where, "build.log")
    with open(log, "w") as f:
        p = subprocess.run("autoreconf -fi && ./configure --disable-shared -q && make -j2 relucells",
                           shell=True, cwd=src, stdout=f, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        with open(log) as f:
            tail = f.read().splitlines()[-20:]
        sys.exit("building %s failed (log %s):\n%s" % (rev, log, "\n".join(tail)))
    print("built %s in %.0f s" % (rev, time.perf_counter() - t0), flush=True)
    return os.path.join(src, "relucells")


# ---- one run ------------------------------------------------------------------

PROGRESS_RE = re.compile(r"^(\d+) regions\s+layer")


class Run:
    pass


def run_once(prog, args, tmp, timeout, watch_progress=False):
    """One run of prog with args under /usr/bin/time.  With watch_progress,
    stderr is read as it comes and each progress line is stamped with the
    run's clock (run.progress: (seconds since start, regions))."""
    tfile = os.path.join(tmp, "time.txt")
    cmd = ["/usr/bin/time", "-o", tfile, "-f", "%e %M %U %S", prog.path] + args
    r = Run()
    r.progress = []
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=prog.env, start_new_session=True)
    out, err_chunks = [], []

    def read_out():
        out.append(p.stdout.read())

    def read_err():
        for line in p.stderr:
            if watch_progress:
                m = PROGRESS_RE.match(line)
                if m:
                    r.progress.append((time.perf_counter() - t0, int(m.group(1))))
            err_chunks.append(line)

    readers = [threading.Thread(target=read_out), threading.Thread(target=read_err)]
    for th in readers:
        th.start()
    r.timed_out = False

    def expire():
        r.timed_out = True
        os.killpg(p.pid, signal.SIGKILL)    # our own process group: time and relucells
    # p.wait(timeout) polls with sleeps of up to 50 ms, which would round
    # short runs up by as much: a plain wait, and a timer for the timeout.
    killer = threading.Timer(timeout, expire)
    killer.start()
    p.wait()
    r.wall = time.perf_counter() - t0
    killer.cancel()
    for th in readers:
        th.join()
    r.stdout, r.stderr = "".join(out), "".join(err_chunks)
    r.status = p.returncode
    r.rss_kb = r.cpu = None
    try:
        with open(tfile) as f:
            last = f.read().strip().splitlines()[-1].split()
        r.time_e, r.rss_kb = float(last[0]), int(last[1])
        r.cpu = float(last[2]) + float(last[3])
    except (OSError, IndexError, ValueError):
        pass
    # /usr/bin/time exits with the program's status; it says so in its file
    # when the program was killed by a signal.
    r.regions, r.layers, r.stopped, r.kind, r.uncertain = parse_summary(r.stdout)
    return r


def parse_summary(text):
    """Region count, per-layer counts, the stop line, and how the decisions
    were made: kind 'proven' (default or exact arithmetic) or 'float', with
    the float run's uncertain decisions (None if not said)."""
    regions, layers, stopped, kind, uncertain = None, [], None, None, None
    for line in text.splitlines():
        m = re.match(r"^layer (\d+): (\d+) regions$", line)
        if m:
            layers.append(int(m.group(2)))
        elif line.startswith("regions: "):
            regions = int(line.split(":")[1])
        elif line.startswith("stopped: "):
            stopped = line[len("stopped: "):]
        elif line.startswith("arithmetic: default") or line.startswith("arithmetic: exact"):
            kind = "proven"
        elif line.startswith("arithmetic: float"):
            kind = "float"
            m = re.match(r"arithmetic: float, (\d+) uncertain", line)
            uncertain = int(m.group(1)) if m else 0
        elif line.startswith("uncertain decisions: "):      # before issue 10: float
            kind = "float"
            uncertain = int(line.split(":")[1].split()[0])
    return regions, layers, stopped, kind, uncertain


def json_summary(path):
    """num_regions, layer_counts and complete from the end of a streamed JSON
    file (written after the regions array), without reading it whole."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(4096).decode("utf-8", "replace")
        f.seek(max(0, size - 65536))
        tail = f.read().decode("utf-8", "replace")
    arith = re.search(r'"arithmetic"\s*:\s*"(\w+)"', head)
    kind = None if not arith else "float" if arith.group(1) == "float" else "proven"
    m = re.search(r'"num_regions"\s*:\s*(\d+)', tail)
    lc = re.search(r'"layer_counts"\s*:\s*\[([\d,\s]*)\]', tail)
    comp = re.search(r'"complete"\s*:\s*(true|false)', tail)
    ok_end = tail.rstrip().endswith("}")
    return (int(m.group(1)) if m else None,
            [int(x) for x in lc.group(1).replace(" ", "").split(",") if x] if lc else [],
            comp.group(1) == "true" if comp else None, ok_end, size, kind)


# ---- columns and cases ----------------------------------------------------------

class Column:
    """A program and the options it is run with: current --threads 1, current
    --threads 2, or the baseline."""

    def __init__(self, key, title, prog, extra, baseline=False):
        self.key, self.title, self.prog, self.extra, self.baseline = key, title, prog, extra, baseline


def arith_args(prog, mode):
    """Options for an arithmetic mode: 'default' (the program's own default),
    'float' or 'exact'."""
    if mode == "exact":
        return ["--exact"]
    if mode == "float" and prog.float_opt:
        return ["--float"]
    return []                   # the baseline has no --float: its default is float


def fmt_s(x):
    return "%.3f s" % x if x < 100 else "%.1f s" % x


def median(xs):
    return statistics.median(xs) if xs else None


class Result:
    def __init__(self, col):
        self.col, self.runs = col, []
        self.wall = self.rss = self.cpu = None
        self.regions = None
        self.skipped = None
        self.failed = False     # a run timed out or exited with an unexpected status

    def finish(self):
        good = [r for r in self.runs if r.rss_kb is not None]
        self.wall = median([r.wall for r in self.runs]) if self.runs else None
        self.rss = median([r.rss_kb for r in good]) / MB if good else None
        self.cpu = median([r.cpu for r in good]) if good else None


class Bench:
    def __init__(self, a, columns, tmp):
        self.a, self.columns, self.tmp = a, columns, tmp
        self.known = {}         # network key -> [(regions, layers, kind, uncertain, where)]

    def runs_for(self, slow, col, base_runs=None):
        n = min(self.a.runs, self.a.slow_runs) if slow else self.a.runs
        if col.baseline and base_runs is not None:
            n = min(n, base_runs)
        return max(1, n)

    def check_count(self, key, r, where):
        """Compare run r with the first proven and the first float result
        of the same network.  A float run that reported uncertain decisions
        may legitimately be off (float mode says its count may be wrong):
        such a disagreement is printed as loudly, but marked explained and
        does not make the exit status 1; any other disagreement does."""
        if r.regions is None:
            loud("MISMATCH: %s printed no region count" % where)
            return
        seen = self.known.setdefault(key, [])
        for kind in ("proven", "float"):
            ref = next((e for e in seen if e[2] == kind), None)
            if ref is None:
                continue
            r0, l0, k0, u0, w0 = ref
            if r.regions == r0 and (not r.layers or not l0 or r.layers == l0):
                continue
            what = ("%d regions" % r.regions if r.regions != r0
                    else "per-layer counts %s" % r.layers)
            what0 = "%d regions" % r0 if r.regions != r0 else "per-layer counts %s" % l0

            def desc(k, u):
                return k + ("" if k != "float" else ", %s uncertain decisions"
                            % ("?" if u is None else u))
            msg = "MISMATCH: %s (%s): %s, but %s (%s): %s" % (
                where, desc(r.kind, r.uncertain), what, w0, desc(k0, u0), what0)
            if (r.kind == "float" and r.uncertain) or (k0 == "float" and u0):
                msg += "  [explained: a float run with uncertain decisions; its count may be wrong]"
                print("!!! " + msg, flush=True)
                explained.append(msg)
            else:
                loud(msg)
            break
        if not any(e[0] == r.regions and e[2] == r.kind for e in seen):
            seen.append((r.regions, r.layers, r.kind, r.uncertain, where))

    def header(self, name, text, slow, notes=()):
        load = os.getloadavg()
        print("\n== %s: %s%s   [load %.1f %.1f %.1f]" % (
            name, text, "  (slow case)" if slow else "", *load), flush=True)
        for n in notes:
            print("   " + n)

    def table(self, results, expect_status=(0,)):
        base = next((r for r in results if r.col.baseline and r.runs), None)
        print("   %-28s %4s %9s  %-27s %9s %11s   %s" % (
            "program", "runs", "regions", "wall: median (min-max)", "CPU", "peak RSS",
            "current/baseline"))
        for res in results:
            if res.skipped:
                print("   %-28s %s" % (res.col.title, res.skipped))
                continue
            ws = [r.wall for r in res.runs]
            span = "%s (%.3f-%.3f)" % (fmt_s(res.wall), min(ws), max(ws)) if len(ws) > 1 \
                else fmt_s(res.wall)
            ratio = ""
            if base is not None and res is not base and base.wall and res.rss and not base.failed:
                ratio = "time %.2fx  RSS %.2fx" % (res.wall / base.wall,
                                                   res.rss / base.rss if base.rss else float("nan"))
            if res.failed:
                ratio = "FAILED (see above)"
            print("   %-28s %4d %9s  %-27s %9s %8s MB   %s" % (
                res.col.title, len(res.runs),
                "-" if res.regions is None else res.regions, span,
                "?" if res.cpu is None else fmt_s(res.cpu),
                "?" if res.rss is None else "%.1f" % res.rss, ratio), flush=True)

    def run_column(self, col, args, runs, key, label, expect=(0,), watch_progress=False,
                   json_file=None):
        res = Result(col)
        for i in range(runs):
            r = run_once(col.prog, args, self.tmp, self.a.timeout, watch_progress)
            where = "%s, %s, run %d" % (label, col.title, i + 1)
            if json_file is not None and os.path.exists(json_file):
                n, layers, complete, ok_end, size, kind = json_summary(json_file)
                r.regions, r.layers, r.json_size, r.kind = n, layers, size, kind
                if not ok_end or complete is not True:
                    loud("%s: the JSON file does not end with a complete summary" % where)
                os.unlink(json_file)
            if r.timed_out:
                loud("FAILED: %s: killed after the --timeout of %.0f s" % (where, self.a.timeout))
            elif r.status not in expect:
                loud("FAILED: %s: exit status %s (expected %s)\n%s" % (
                    where, r.status, "/".join(map(str, expect)), r.stderr.strip()[-2000:]))
            res.runs.append(r)
            if key is not None and not r.timed_out and r.status == 0:
                self.check_count(key, r, where)
            if r.timed_out or r.status not in expect:
                res.failed = True
                break
        res.regions = res.runs[-1].regions if res.runs else None
        res.finish()
        return res

    def bar(self, name, text, ok, res=None):
        if res is not None and res.failed:
            text, ok = text + " (a run failed)", False
        mark = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        line = "bar %-52s %s" % (text, mark)
        print("   " + line, flush=True)
        bar_lines.append((name, line))

    # -- a case of one network and one command, over every column -----------------

    def compare(self, name, text, net, key, cmd, mode, slow=False, capped=False,
                base_runs=None, notes=()):
        """One command on one network over every column.  slow: a slow case
        (--slow-runs runs, left out by --skip-slow); capped: --slow-runs runs
        but kept by --skip-slow; base_runs: at most that many baseline runs."""
        self.header(name, text, slow, notes)
        out = []
        for col in self.columns:
            if mode == "float" and not col.baseline and not col.prog.float_opt:
                r = Result(col)
                r.skipped = "no --float"
                out.append(r)
                continue
            args = [cmd] + arith_args(col.prog, mode) + col.extra + net
            n = self.runs_for(slow or capped, col, base_runs)
            out.append(self.run_column(col, args, n, key, name))
        self.table(out)
        return {r.col.key: r for r in out}


# ---- the cases ----------------------------------------------------------------

def ratio_bars(b, name, res, limit):
    base = res.get("base")
    for k in ("t1", "t2", "cur"):
        r = res.get(k)
        if r is None or r.wall is None:
            continue
        if base is None or base.wall is None or base.failed:
            b.bar(name, "%s: time <= %.2fx baseline (%s)" % (
                r.col.key, limit, "baseline failed" if base and base.failed else "no baseline"),
                None, r)
            continue
        q = r.wall / base.wall
        b.bar(name, "%s: time %.3fx baseline, bar <= %.2fx" % (r.col.key, q, limit),
              q <= limit, r)


def rss_bars(b, name, res, limit_mb):
    for k in ("t1", "t2", "cur"):
        r = res.get(k)
        if r is None or r.rss is None:
            continue
        b.bar(name, "%s: peak RSS %.0f MB, bar <= %.0f MB" % (k, r.rss, limit_mb),
              r.rss <= limit_mb, r)


def time_bars(b, name, res, limit_s):
    for k in ("t1", "t2", "cur"):
        r = res.get(k)
        if r is None or r.wall is None:
            continue
        b.bar(name, "%s: whole-process time %.3f s, bar <= %.3f s" % (k, r.wall, limit_s),
              r.wall <= limit_s, r)


def random_net(b, seed, sizes):
    path = os.path.join(b.tmp, "random_%d_%s.nnet" % (seed, sizes.replace(",", "-")))
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_random_nnet.py"),
                            str(seed), sizes], stdout=f, check=True)
    return path


# Each case: (name, quick, slow, function).  The name is what --only matches.
CASES = []


def case(name, quick=False, slow=False):
    def reg(f):
        CASES.append((name, quick, slow, f))
        return f
    return reg


def acas(b):
    path = os.path.join(b.a.acas, ACAS_NET)
    if not os.path.exists(path):
        print("\n(ACAS Xu network %s not found: its cases are skipped)" % path)
        return None
    return path


@case("acas2d-count", quick=True)
def c_acas2d_count(b, name):
    p = acas(b)
    if p:
        b.compare(name, "ACAS Xu 1_1 2D slice %s, count (current: default arithmetic, "
                  "every decision proven; baseline: float, its default)" % SLICE2D[1],
                  SLICE2D + [p], "acas2d", "count", "default")


@case("acas2d-count-float", quick=True)
def c_acas2d_float(b, name):
    p = acas(b)
    if p:
        b.compare(name, "ACAS Xu 1_1 2D slice, count --float (baseline: count, float)",
                  SLICE2D + [p], "acas2d", "count", "float")


@case("acas2d-exact", quick=True)
def c_acas2d_exact(b, name):
    p = acas(b)
    if p:
        b.compare(name, "ACAS Xu 1_1 2D slice, count --exact", SLICE2D + [p],
                  "acas2d", "count", "exact")


@case("acas3d-count", slow=True)
def c_acas3d_count(b, name):
    p = acas(b)
    if p:
        res = b.compare(name, "ACAS Xu 1_1 3D slice %s, count (current: default "
                        "arithmetic; baseline: float, its default)" % SLICE3D[1],
                        SLICE3D + [p], "acas3d", "count", "default", slow=True)
        ratio_bars(b, name, res, 0.4)
        rss_bars(b, name, res, 256)


@case("acas3d-count-float", slow=True)
def c_acas3d_float(b, name):
    p = acas(b)
    if p:
        res = b.compare(name, "ACAS Xu 1_1 3D slice, count --float (like for like with "
                        "the baseline's float count)", SLICE3D + [p], "acas3d", "count",
                        "float", slow=True)
        ratio_bars(b, name, res, 0.4)
        rss_bars(b, name, res, 256)


@case("acas3d-exact", slow=True)
def c_acas3d_exact(b, name):
    p = acas(b)
    if p:
        res = b.compare(name, "ACAS Xu 1_1 3D slice, count --exact", SLICE3D + [p],
                        "acas3d", "count", "exact", slow=True, base_runs=1,
                        notes=["the baseline runs once (about 5 minutes and 13 GB when "
                               "measured for the issue)"])
        ratio_bars(b, name, res, 0.5)
        rss_bars(b, name, res, 1024)


@case("w400-count")
def c_w400(b, name):
    net = random_net(b, 7, "2,400,400,400,1")
    res = b.compare(name, "random 2-400-400-400-1 (gen_random_nnet.py seed 7), count "
                    "(current: default arithmetic; baseline: float, its default)",
                    [net], "w400", "count", "default", capped=True,
                    notes=["long (minutes a run): --slow-runs runs, but kept by --skip-slow"])
    ratio_bars(b, name, res, 0.15)


# The 4D network of about a million regions: 4-38-38-1, seed 1, 1,037,310
# regions (current program, default arithmetic), chosen by trying, seed 1:
# 4-24-24-1 (169,255 regions), 4-32-32-1 (427,964), 4-44-44-1 (2,221,325;
# 74 s of CPU) and 4-38-38-1 (33 s of CPU with --threads 2).
R4D_SIZES, R4D_SEED = "4,38,38,1", 1


@case("r4d-1m", slow=True)
def c_r4d(b, name):
    net = random_net(b, R4D_SEED, R4D_SIZES)
    b.compare(name, "random %s (seed %d, about a million regions), count"
              % (R4D_SIZES.replace(",", "-"), R4D_SEED), [net], "r4d", "count", "default",
              slow=True)


@case("r3d-small", quick=True)
def c_r3d_small(b, name):
    net = random_net(b, 1, "3,16,16,16,1")
    res = b.compare(name, "random 3-16-16-16-1 (seed 1), count, whole process",
                    [net], "r3d-small", "count", "default")
    time_bars(b, name, res, 0.075)


@case("r4d-small", quick=True)
def c_r4d_small(b, name):
    net = random_net(b, 1, "4,16,16,1")
    res = b.compare(name, "random 4-16-16-1 (seed 1), count, whole process",
                    [net], "r4d-small", "count", "default")
    time_bars(b, name, res, 0.15)


@case("per-region-width", quick=True)
def c_width(b, name):
    n64 = random_net(b, 1, "2,64,64,1")
    n256 = random_net(b, 1, "2,256,256,1")
    r64 = b.compare(name + "/64", "random 2-64-64-1 (seed 1), count", [n64],
                    "w64", "count", "default")
    r256 = b.compare(name + "/256", "random 2-256-256-1 (seed 1), count", [n256],
                     "w256", "count", "default")
    print("   time per region (whole process / regions; the small network's time is "
          "mostly start-up and suffers most from load, so a loaded machine lowers the ratio):")
    for k in ("t1", "t2", "cur", "base"):
        a, c = r64.get(k), r256.get(k)
        if a is None or c is None or not a.regions or not c.regions or a.wall is None:
            continue
        pa, pc = a.wall / a.regions * 1e6, c.wall / c.regions * 1e6
        q = pc / pa
        cpu = ""
        if a.cpu and c.cpu:
            cpu = "; CPU time per region ratio %.2f" % ((c.cpu / c.regions) / (a.cpu / a.regions))
        if k == "base":
            print("   %-4s %7.1f us (w=64)  %7.1f us (w=256)  ratio %.2f (for comparison)%s"
                  % (k, pa, pc, q, cpu))
        else:
            print("   %-4s %7.1f us (w=64)  %7.1f us (w=256)%s" % (k, pa, pc, cpu))
            b.bar(name, "%s: time per region w=256 / w=64 = %.2f, bar <= 1.5" % (k, q),
                  q <= 1.5, a if a.failed else c)


def crossing_time(progress, limit):
    """When the run passed limit regions, from its progress lines (seconds
    since start, regions): interpolated between the lines around it, or
    extrapolated from the last rate when the run stopped before the next
    line; 0 when no line showed regions (the whole run then counts as
    overshoot: the limit was passed by pieces that no line showed)."""
    pts = [(0.0, 0)] + progress
    for (t0, r0), (t1, r1) in zip(pts, pts[1:]):
        if r1 >= limit:
            return t0 + (t1 - t0) * (limit - r0) / max(1, r1 - r0), "interpolated"
    if len(pts) >= 2:
        (t0, r0), (t1, r1) = pts[-2], pts[-1]
        rate = (r1 - r0) / (t1 - t0) if t1 > t0 and r1 > r0 else None
        if rate:
            return t1 + (limit - r1) / rate, "extrapolated"
    return 0.0, ("no progress line" if not progress else
                 "no progress line showed a region: counted from the start")


@case("w400-max-regions", quick=True)
def c_maxreg(b, name):
    net = random_net(b, 7, "2,400,400,400,1")
    limit = 50000
    b.header(name, "random 2-400-400-400-1, count --max-regions %d (exit 3 expected; the "
             "baseline gives up with exit 1)" % limit, False,
             ["overshoot: end of the process minus the moment the count passed %d, "
              "from the --progress lines (one a second, stamped as they arrive)" % limit])
    out = []
    for col in b.columns:
        args = ["count", "--max-regions", str(limit)] + col.extra + [net]
        if col.baseline:
            res = b.run_column(col, args, 1, None, name, expect=(1, 3))
        else:
            if col.prog.progress:
                args = args[:1] + ["--progress"] + args[1:]
            res = b.run_column(col, args, b.a.runs, None, name, expect=(3,),
                               watch_progress=col.prog.progress)
        out.append(res)
    b.table(out)
    for res in out:
        if res.col.baseline or not res.runs:
            continue
        if res.failed or res.rss is None:
            b.bar(name, "%s: --max-regions %d" % (res.col.key, limit), False, res)
            continue
        overs = []
        for r in res.runs:
            t, how = crossing_time(r.progress, limit)
            overs.append((r.wall - min(t, r.wall), how, r.stopped))
        over = median([o[0] for o in overs])
        print("   %s: \"stopped: %s\"; overshoot median %.2f s (%s)" % (
            res.col.key, overs[-1][2], over, ", ".join(sorted(set(o[1] for o in overs)))))
        b.bar(name, "%s: stops %.2f s after passing %d, bar <= 1 s" % (res.col.key, over, limit),
              over <= 1.0, res)
        b.bar(name, "%s: peak RSS %.0f MB, bar < 300 MB" % (res.col.key, res.rss),
              res.rss < 300, res)


@case("w400-time-limit", quick=True)
def c_timelimit(b, name):
    net = random_net(b, 7, "2,400,400,400,1")
    b.header(name, "random 2-400-400-400-1, count --time-limit 2 (exit 3 expected)", False)
    out = []
    for col in b.columns:
        if not col.prog.time_limit:
            r = Result(col)
            r.skipped = "no --time-limit in this program"
            out.append(r)
            continue
        out.append(b.run_column(col, ["count", "--time-limit", "2"] + col.extra + [net],
                                b.a.runs, None, name, expect=(3,)))
    b.table(out)
    for res in out:
        if res.skipped or not res.runs:
            continue
        if res.failed:
            b.bar(name, "%s: --time-limit 2" % res.col.key, False, res)
            continue
        worst = max(r.wall for r in res.runs)
        st = sorted(set(r.status for r in res.runs))
        b.bar(name, "%s: returns in %.2f s (slowest run), bar <= 3 s" % (res.col.key, worst),
              worst <= 3.0, res)
        b.bar(name, "%s: exit status %s, expected 3" % (res.col.key, "/".join(map(str, st))),
              st == [3])


def json_case(b, name, slice_, key, text, slow, bar_mb):
    p = acas(b)
    if not p:
        return
    b.header(name, text, slow, ["current only: the baseline's JSON has another layout (with "
                                "the adjacency at its end) and it keeps every region before "
                                "writing"])
    out = []
    jf = os.path.join(b.tmp, "regions.json")
    for col in b.columns:
        if col.baseline:
            continue
        args = ["enumerate", "--format", "json", "-o", jf] + col.extra + slice_ + [p]
        res = b.run_column(col, args, b.runs_for(slow, col), key, name, json_file=jf)
        out.append(res)
    b.table(out)
    sizes = [r.json_size for res in out for r in res.runs if hasattr(r, "json_size")]
    if sizes:
        print("   JSON file: %.1f MB" % (max(sizes) / 1e6))
    if bar_mb:
        rss_bars(b, name, {r.col.key: r for r in out if not r.skipped}, bar_mb)


@case("acas2d-json", quick=True)
def c_json2d(b, name):
    json_case(b, name, SLICE2D, "acas2d", "ACAS Xu 1_1 2D slice, enumerate --format json "
              "-o FILE (no bar: the quick stand-in for acas3d-json)", False, None)


@case("acas3d-json", slow=True)
def c_json3d(b, name):
    json_case(b, name, SLICE3D, "acas3d", "ACAS Xu 1_1 3D slice, enumerate --format json "
              "-o FILE (streamed)", True, 300)


# ---- main -------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relucells", default=os.path.join(TOP, "relucells"),
                    help="the current program (default: the build tree's; a libtool "
                    "wrapper is replaced by .libs/relucells with LD_LIBRARY_PATH)")
    ap.add_argument("--relucells-rev", metavar="REV",
                    help="build REV here like the baseline and use it as the current program")
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, metavar="REV",
                    help="commit to build and compare with (default %(default)s)")
    ap.add_argument("--baseline-bin", metavar="PATH", help="an already built baseline program")
    ap.add_argument("--no-baseline", action="store_true", help="measure the current program only")
    ap.add_argument("--runs", type=int, default=5, help="runs per case (default %(default)s)")
    ap.add_argument("--slow-runs", type=int, default=3,
                    help="runs of slow cases, at most --runs (default %(default)s)")
    ap.add_argument("--quick", action="store_true", help="the short subset")
    ap.add_argument("--skip-slow", action="store_true", help="leave out the slow cases")
    ap.add_argument("--only", action="append", metavar="NAME",
                    help="cases whose name contains NAME (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--acas", default=os.path.join(TOP, "..", "shared", "data", "acasxu"))
    ap.add_argument("--timeout", type=float, default=1800,
                    help="kill a run after this many seconds (default %(default)s)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    if a.runs < 1 or a.slow_runs < 1:
        ap.error("--runs and --slow-runs must be at least 1")

    chosen = []
    for name, quick, slow, f in CASES:
        if a.only and not any(o in name for o in a.only):
            continue
        if a.quick and not quick and not a.only:
            continue
        if a.skip_slow and slow:
            continue
        chosen.append((name, quick, slow, f))
    if a.list:
        for name, quick, slow, _ in CASES:
            print("%-20s %s%s" % (name, "quick " if quick else "", "slow" if slow else ""))
        return 0
    if not chosen:
        sys.exit("no case selected (try --list)")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("/usr/bin/time is needed (Debian: apt-get install time)")

    tmp = tempfile.mkdtemp(prefix="relucells-engine-")
    try:
        if a.relucells_rev:
            cur_path, cur_env = build_rev(a.relucells_rev, os.path.join(tmp, "current")), None
            cur_note = "built from %s with --disable-shared" % a.relucells_rev
        else:
            if not os.path.exists(a.relucells):
                sys.exit("%s not found: build the tree first, or pass --relucells "
                         "or --relucells-rev" % a.relucells)
            cur_path, cur_env = libtool_real(a.relucells)
            cur_note = ("the libtool wrapper's binary, run with LD_LIBRARY_PATH=%s (shared "
                        "library build)" % os.path.dirname(cur_path)) if cur_env else "as given"
        cur = Program("current", cur_path, cur_env)
        base, base_note = None, None
        if a.baseline_bin:
            bp, benv = libtool_real(a.baseline_bin)
            base, base_note = Program("baseline", bp, benv), "given by --baseline-bin"
        elif not a.no_baseline:
            bp = build_rev(a.baseline, os.path.join(tmp, "baseline"))
            base, base_note = Program("baseline", bp), "%s, built with --disable-shared" % a.baseline

        columns = []
        if cur.threads:
            columns.append(Column("t1", "current --threads 1", cur, ["--threads", "1"]))
            columns.append(Column("t2", "current --threads 2", cur, ["--threads", "2"]))
        else:
            columns.append(Column("cur", "current", cur, []))
        if base is not None:
            extra = []
            if base.threads:        # a baseline with threads runs on one, like the old engine
                extra = ["--threads", "1"]
            title = "baseline %s" % (a.baseline if not a.baseline_bin else "(given)")
            columns.append(Column("base", title + (" --threads 1" if extra else ""),
                                  base, extra, baseline=True))

        print("relucells engine benchmark (issue 11), %s" % datetime.datetime.now().isoformat(
            timespec="seconds"))
        print("machine: %s, %d cores, load average %.1f %.1f %.1f at start" % (
            platform.node(), os.cpu_count() or 0, *os.getloadavg()))
        print("current:  %s (%s)" % (cur.path, cur_note))
        if base is not None:
            print("baseline: %s (%s)%s" % (base.path, base_note,
                                          "" if base.threads else "; it has no --threads"))
        print("runs: %d per case, %d for slow cases; medians; wall = the clock around "
              "/usr/bin/time, CPU = its %%U+%%S (all threads), RSS = its %%M; 1 MB = 1024 KB"
              % (a.runs, min(a.runs, a.slow_runs)))
        print("bars are judged on the wall time; the CPU time shows how much of a slow wall "
              "time is the machine's load (a --threads 1 run on an idle core has CPU ~ wall)")
        b = Bench(a, columns, tmp)
        for name, quick, slow, f in chosen:
            f(b, name)

        print("\n== summary   [load %.1f %.1f %.1f at the end]" % os.getloadavg())
        for name, line in bar_lines:
            print("%-20s %s" % (name, line))
        fails = sum(1 for _, l in bar_lines if l.endswith("FAIL"))
        print("%d bars, %d PASS, %d FAIL" % (len(bar_lines), sum(1 for _, l in bar_lines
                                                                 if l.endswith("PASS")), fails))
        if explained:
            print("\n%d explained mismatch(es) (a float run that reported uncertain decisions):"
                  % len(explained))
            for p in explained:
                print("!!! " + p)
        if problems:
            print("\n%d problem(s):" % len(problems))
            for p in problems:
                print("!!! " + p.splitlines()[0])
            return 1
        print("region counts: %s" % ("all runs agree (counts and per-layer counts)"
                                     if not explained else "proven runs agree; see above"))
        return 0
    finally:
        if a.keep:
            print("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
