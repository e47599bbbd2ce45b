"""Shared helpers of the Python package's tests: where the source tree, the
program and the test data are (tests/test_python.sh sets the environment;
run by hand from a built source tree, the defaults find them), and how to
ask the CLI for JSON to compare with."""

import json
import math
import os
import signal
import subprocess
from fractions import Fraction

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("top_builddir") or TOP
CLI = os.environ.get("RELUCELLS_CLI") or os.path.join(BUILD, "relucells")
LAYOUT = os.environ.get("RELUCELLS_LAYOUT") or os.path.join(
    BUILD, "tests", "python", "layout")

os.environ.setdefault("RELUCELLS_LIB", os.path.join(BUILD, ".libs",
                                                    "librelucells.so"))


@pytest.fixture
def ctrl_c():
    """Ctrl-C raises KeyboardInterrupt during the test, as in an interactive
    Python: a shell that starts the tests in the background has SIGINT
    ignored, and then _thread.interrupt_main() does nothing."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


def data(*parts):
    """A file of the source tree."""
    return os.path.join(TOP, *parts)


def acas(name="ACASXU_run2a_1_1_batch_2000.nnet"):
    """An ACAS Xu network beside the checkout, or skip."""
    path = os.path.join(TOP, "..", "shared", "data", "acasxu", name)
    if not os.path.exists(path):
        pytest.skip("no ACAS Xu networks beside the source tree")
    return path


def run_cli(*args, check=True):
    """Run the relucells program; its CompletedProcess (text)."""
    proc = subprocess.run([CLI] + [str(a) for a in args], capture_output=True,
                          text=True)
    if check and proc.returncode != 0:
        raise AssertionError("relucells %s exited %d: %s"
                             % (" ".join(map(str, args)), proc.returncode,
                                proc.stderr))
    return proc


def cli_json(*args):
    """The program's JSON output for args (--format json added)."""
    return json.loads(run_cli(*(list(args) + ["--format", "json"])).stdout)


def value(v, exact):
    """A number of the CLI's JSON as the binding gives it: "p/q" strings as
    Fractions, null as inf (an unbounded region's volume and radius)."""
    if v is None:
        return math.inf
    if exact and isinstance(v, str):
        return Fraction(v)
    return v


def same(a, b, exact):
    """Equal arrays, b nested lists from the CLI's JSON: Fractions exactly,
    doubles exactly too (the CLI writes 17 significant digits, which read
    back as the same double)."""
    import numpy as np

    def conv(x):
        return [conv(e) for e in x] if isinstance(x, list) else value(x, exact)
    a = np.asarray(a, dtype=object)
    b = np.asarray(conv(b), dtype=object)
    if a.size == 0 and b.size == 0:
        return True
    return a.shape == b.shape and all(x == y for x, y in
                                      zip(a.ravel(), b.ravel()))


def cli_message(*args):
    """The program's one-line error for args, without "relucells: "."""
    proc = run_cli(*args, check=False)
    assert proc.returncode != 0
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith("relucells: ")
    return line[len("relucells: "):]
