"""Paths from Python (net.path, net.arc, net.paths) equal the program's
(relucells path / paths --format json) on the same network and points:
the break points (t, exact t as Fractions against the JSON's "p/q", points,
flips, owning layer, values, gaps), the pieces (patterns, slopes, arc
maps), the per-layer figures and the statistics of many paths; exact and
default arithmetic agree; errors raise relucells.Error subclasses with the
library's message; limits and stops leave a partial, correct result."""

import _thread
import gc
import math
import threading
from fractions import Fraction

import numpy as np
import pytest

import relucells
from conftest import cli_json, cli_message, data, run_cli

SMALL2D = data("examples", "small2d.nnet")
SMALL3D = data("tests", "data", "small3d.nnet")
ONNX = data("tests", "data", "onnx", "torch_mlp.onnx")

MODES = {"default": ([], {}), "float": (["--float"], {"float": True}),
         "exact": (["--exact"], {"exact": True})}

# (network, x0, x1) as text: the program and Python read the same numbers.
SEGMENTS = {
    "small2d": (SMALL2D, ["-0.9", "0.1"], ["0.8", "-0.3"]),
    "small2d-long": (SMALL2D, ["-3", "-2.5"], ["2/3", "3"]),
    "small3d": (SMALL3D, ["-0.7", "0.2", "0.5"], ["0.9", "-0.6", "-0.4"]),
    "onnx": (ONNX, ["-1.5", "1.25"], ["1.75", "-1"]),
}


def num(v, exact):
    """A number of the program's JSON as Python gives it: "p/q" strings as
    Fractions (exact), null as nan."""
    if v is None:
        return math.nan
    if isinstance(v, str):
        return Fraction(v)
    return v


def same_numbers(a, b, exact=True):
    """Equal lists of numbers: Fractions exactly, doubles exactly too (the
    program writes 17 significant digits), nan equal to null."""
    a = list(np.asarray(a, dtype=object).ravel())
    b = [num(v, exact) for v in np.asarray(b, dtype=object).ravel()]
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if isinstance(x, float) and isinstance(y, float) and \
                math.isnan(x) and math.isnan(y):
            continue
        if x != y:
            return False
    return True


def check_path(p, want, exact):
    """A Path against the program's relucells-path JSON."""
    assert p.kind == want["path"]["kind"]
    assert p.arithmetic == want["arithmetic"]
    assert p.exact == want["exact"] == exact
    assert p.complete == want["complete"]
    assert p.t_end == want["path"]["t_end"]
    assert len(p) == p.num_breakpoints == want["num_breakpoints"] == \
        len(want["breakpoints"])
    assert p.num_pieces == want["num_pieces"] == len(want["pieces"])
    assert p.num_patterns == want["num_patterns"]
    assert list(p.layer_transitions) == want["layer_transitions"]
    assert list(p.layer_patterns) == want["layer_patterns"]
    assert same_numbers(p.lengths, want["trajectory_length"])
    if "trajectory_length_error" in want:
        assert same_numbers(p.length_errors, want["trajectory_length_error"])
    assert p.uncertain == want["uncertain"]
    assert p.exact_steps == want["exact_steps"]
    if "combine" in want["values"]:
        assert same_numbers(p.combination, want["values"]["combine"])
        assert p.num_values == 1
    else:
        assert p.combination is None
        assert p.num_values == want["values"]["outputs"]
    if p.kind != "arc":
        segs = want["path"]["segments"]
        assert same_numbers(p.leg_norms, [s["norm"] for s in segs])
        if exact:
            assert p.leg_norms2 == [Fraction(s["norm2"]) for s in segs]
    for b, j in zip(p.breakpoints, want["breakpoints"]):
        if exact and p.kind != "arc":
            assert isinstance(b.t, Fraction)
            assert b.t == Fraction(j["t"])
        else:
            assert isinstance(b.t, float) and b.t == j["t"]
        assert [(f.layer + 1, f.neuron + 1, f.to) for f in b.flips] == \
            [(f["layer"], f["neuron"], f["to"]) for f in j["flips"]]
        assert b.layer + 1 == j["layer"]
        assert same_numbers(b.x, j["x"])
        assert same_numbers(b.value, j["value"])
        assert same_numbers(b.gap, j["gap"])
        if exact and p.kind == "arc":
            assert b.theta_exact == j["theta_exact"]
    for c, j in zip(p.pieces, want["pieces"]):
        assert same_numbers([c.t0, c.t1], [j["t0"], j["t1"]])
        assert c.pattern == j["pattern"]
        assert "".join("1" if v else "0" for v in c.pattern_array) == \
            j["pattern"].replace("|", "")
        if p.kind == "arc":
            assert c.slope is None and c.slope_t is None
            assert same_numbers(c.map, j["map"])
        else:
            assert c.map is None
            assert same_numbers(c.slope, j["slope"])
            assert same_numbers(c.slope_t, j["slope_t"])
    # the arrays are the break points' numbers
    assert same_numbers(p.t, [j["t"] for j in want["breakpoints"]])
    assert p.points.shape == (len(p), p.num_inputs)
    assert p.values.shape == p.gaps.shape == (len(p), p.num_values)
    assert list(p.breakpoint_layers + 1) == [j["layer"] for j in want["breakpoints"]]
    if exact and p.kind != "arc":
        assert all(isinstance(v, Fraction) for v in p.points.ravel())
        assert all(isinstance(v, Fraction) for v in p.values.ravel())


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("case", sorted(SEGMENTS))
def test_segment_equals_cli(case, mode):
    net_file, x0, x1 = SEGMENTS[case]
    cli_mode, py_mode = MODES[mode]
    want = cli_json("path", "--from", ",".join(x0), "--to", ",".join(x1),
                    *cli_mode, net_file)
    p = relucells.load(net_file).path(x0, x1, **py_mode)
    check_path(p, want, mode == "exact")
    assert len(p) > 0


@pytest.mark.parametrize("mode", sorted(MODES))
def test_segment_of_python_numbers_equals_cli(mode):
    """Floats are read by their shortest repr, Fractions exactly, as the
    program reads "0.1" and "2/3"."""
    cli_mode, py_mode = MODES[mode]
    want = cli_json("path", "--from", "-3,-2.5", "--to", "2/3,3", *cli_mode,
                    SMALL2D)
    p = relucells.load(SMALL2D).path(np.array([-3.0, -2.5]),
                                     [Fraction(2, 3), 3], **py_mode)
    check_path(p, want, mode == "exact")


@pytest.mark.parametrize("mode", sorted(MODES))
def test_polyline_equals_cli(tmp_path, mode):
    pts = [["-0.9", "0.1"], ["0.8", "-0.3"], ["0.25", "0.75"], ["-1/3", "-1"]]
    f = tmp_path / "poly.csv"
    f.write_text("".join(",".join(p) + "\n" for p in pts))
    cli_mode, py_mode = MODES[mode]
    want = cli_json("path", "--polyline", f, *cli_mode, SMALL2D)
    p = relucells.load(SMALL2D).path(points=pts, **py_mode)
    check_path(p, want, mode == "exact")
    assert p.kind == "polyline" and p.t_end == 3 and p.num_legs == 3


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("angle_cli,angle", [("pi/2", math.pi / 2),
                                             ("2pi", 2 * math.pi)],
                         ids=["quarter", "circle"])
def test_arc_equals_cli(angle_cli, angle, mode):
    cli_mode, py_mode = MODES[mode]
    want = cli_json("path", "--arc", "-0.9,0.1,0.8,-0.3," + angle_cli,
                    *cli_mode, SMALL2D)
    p = relucells.load(SMALL2D).arc(["-0.9", "0.1"], ["0.8", "-0.3"], angle,
                                    **py_mode)
    check_path(p, want, mode == "exact")
    assert p.kind == "arc" and p.t_end == angle


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("cli_values,py_values", [
    (["--output-index", "2"], {"output_index": 1}),
    (["--combine", "-1,0.5"], {"combine": [-1, "0.5"]}),
], ids=["output-index", "combine"])
def test_values_equal_cli(cli_values, py_values, mode):
    """One output, or a combination of them, as --output-index and
    --combine (small3d has two outputs)."""
    cli_mode, py_mode = MODES[mode]
    want = cli_json("path", "--from", "-0.7,0.2,0.5", "--to", "0.9,-0.6,-0.4",
                    *(cli_values + cli_mode), SMALL3D)
    p = relucells.load(SMALL3D).path(["-0.7", "0.2", "0.5"],
                                     [0.9, -0.6, "-0.4"], **py_values,
                                     **py_mode)
    check_path(p, want, mode == "exact")
    assert p.num_values == 1


def test_text_output_equals_cli():
    """to_text writes what the program writes."""
    net = relucells.load(SMALL2D)
    p = net.path(["-0.9", "0.1"], ["0.8", "-0.3"], exact=True)
    for fmt in ("text", "json", "csv"):
        want = run_cli("path", "--from", "-0.9,0.1", "--to", "0.8,-0.3",
                       "--exact", "--format", fmt, SMALL2D).stdout
        assert p.to_text(fmt) == want


@pytest.mark.parametrize("case", sorted(SEGMENTS))
def test_exact_and_default_agree(case):
    """The default arithmetic decides exactly: the same break points and
    flips as exact arithmetic, its doubles the nearest (or next) to the
    exact numbers; float agrees on these generic paths."""
    net_file, x0, x1 = SEGMENTS[case]
    net = relucells.load(net_file)
    e = net.path(x0, x1, exact=True)
    for mode in ({}, {"float": True}):
        d = net.path(x0, x1, **mode)
        assert len(d) == len(e) and d.num_pieces == e.num_pieces
        assert d.flips == e.flips
        assert [c.pattern for c in d.pieces] == [c.pattern for c in e.pieces]
        assert d.layer_transitions == e.layer_transitions
        assert d.layer_patterns == e.layer_patterns
        for td, te in zip(d.t, e.t):
            assert abs(td - float(te)) <= 1e-12
        vd, ve = d.values.astype(float), e.values.astype(float)
        assert np.allclose(vd, ve, rtol=1e-9, atol=1e-12)
        assert np.allclose(d.lengths, e.lengths, rtol=1e-12)
    # the break points lie where the exact network changes its pattern
    for b in e.breakpoints:
        assert b.t == e.pieces[b.piece].t0 == e.pieces[b.piece - 1].t1


def test_point_value_and_break_points():
    net = relucells.load(SMALL2D)
    p = net.path([-0.9, 0.1], [0.8, -0.3])
    x0, x1 = np.array([-0.9, 0.1]), np.array([0.8, -0.3])
    assert np.allclose(p.point(0.5), (x0 + x1) / 2)
    assert np.allclose(p.value(0.25), net(p.point(0.25)))
    assert np.allclose(p.values, [net(x) for x in p.points])
    # Kubo's slope is d value / dt over |x1 - x0|
    for c in p.pieces:
        assert np.allclose(c.slope, c.slope_t / p.leg_norms[0])
    assert p.leg_norms[0] == pytest.approx(np.linalg.norm(x1 - x0))
    with pytest.raises(relucells.ArgumentError):
        p.point(2.0)


def test_keep_patterns_false():
    p = relucells.load(SMALL2D).path([-0.9, 0.1], [0.8, -0.3],
                                     keep_patterns=False)
    assert all(c.pattern is None and c.pattern_array is None for c in p.pieces)
    assert len(p) == 19


def test_max_breakpoints_keeps_a_partial_path():
    """A limit raises LimitError with the break points found, as the
    program writes them with --max-breakpoints (exit 3)."""
    net = relucells.load(SMALL2D)
    with pytest.raises(relucells.LimitError) as info:
        net.path(["-0.9", "0.1"], ["0.8", "-0.3"], max_breakpoints=3,
                 exact=True)
    p = info.value.result
    assert isinstance(p, relucells.Path)
    assert len(p) == 3 and not p.complete
    proc = run_cli("path", "--from", "-0.9,0.1", "--to", "0.8,-0.3",
                   "--exact", "--max-breakpoints", "3", "--format", "json",
                   SMALL2D, check=False)
    assert proc.returncode == 3
    assert str(info.value) in proc.stderr
    import json
    check_path(p, json.loads(proc.stdout), True)


# ---- Many paths ---------------------------------------------------------------

def samples_text(seed=3, count=12, dim=2):
    rng = np.random.default_rng(seed)
    return [[repr(float(v)) for v in row]
            for row in rng.normal(size=(count, dim))]


def write_samples(tmp_path, rows):
    f = tmp_path / "samples.csv"
    f.write_text("".join(",".join(r) + "\n" for r in rows))
    return f


def check_stats(s, want):
    """A PathStats against the program's relucells-paths JSON."""
    assert s.num_paths == want["paths"]
    assert s.num_values == want["values"]
    assert (s.exact_steps, s.uncertain) == (want["exact_steps"],
                                            want["uncertain"])
    k = s.k
    assert [k["mean"], k["sd"], k["min"], k["max"]] == \
        [want["k"]["mean"], want["k"]["sd"], want["k"]["min"], want["k"]["max"]]
    assert k["histogram"] == want["k"]["histogram"]
    for key, v in s.kubo.items():
        if key == "deflection_grid":
            assert v == want["kubo"][key]
        else:
            assert same_numbers([v] if not isinstance(v, list) else v,
                                [want["kubo"][key]]
                                if not isinstance(v, list) else want["kubo"][key]), key
    kim = s.kim
    assert kim["normalised"] == want["kim"]["normalised"]
    assert kim["scale"] == want["kim"]["scale"]
    for a, b in zip(kim["layers"], want["kim"]["layers"]):
        assert a["layer"] + 1 == b["layer"]
        for key in ("width", "breakpoints", "share", "jump_mean", "jump_max"):
            assert same_numbers([a[key]], [b[key]]), key
    assert len(kim["layers"]) == len(want["kim"]["layers"]) == s.num_hidden
    if True:
        assert kim["near_zero"]["zeros"] == want["kim"]["near_zero"]["zeros"]
        for a, b in zip(kim["near_zero"]["layers"],
                        want["kim"]["near_zero"]["layers"]):
            assert (a["layer"] + 1, a["flips"]) == (b["layer"], b["flips"])
            assert same_numbers([a["share"]], [b["share"]])
    for key in ("transitions", "patterns", "trajectory_length"):
        assert same_numbers(s.raghu[key], want["raghu"][key]), key


PAIRS = {
    "random": (["--pairs", "20", "--seed", "3"], {"pairs": 20, "seed": 3}),
    "all": (["--pairs", "all"], {"pairs": "all"}),
    "consecutive": (["--pairs", "consecutive"], {"pairs": "consecutive"}),
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("pairs", sorted(PAIRS))
def test_paths_equal_cli(tmp_path, pairs, mode):
    rows = samples_text()
    f = write_samples(tmp_path, rows)
    cli_mode, py_mode = MODES[mode]
    cli_pairs, py_pairs = PAIRS[pairs]
    want = cli_json("paths", "--samples", f, *(cli_pairs + cli_mode), SMALL2D)
    s = relucells.load(SMALL2D).paths(rows, **py_pairs, **py_mode)
    check_stats(s, want)
    assert s.complete and s.num_paths == s.num_pairs > 0


@pytest.mark.parametrize("cli_opts,py_opts", [
    (["--grid", "4", "--bins", "5", "--normalise"],
     {"grid": 4, "bins": 5, "normalise": True}),
    (["--output-index", "1", "--near-zero", "0.01"],
     {"output_index": 0, "near_zero": 0.01}),
    (["--arc", "pi/2"], {"arc": math.pi / 2}),
    (["--threads", "1"], {"threads": 1}),
], ids=["grid-bins-normalise", "near-zero", "arc", "one-thread"])
def test_paths_options_equal_cli(tmp_path, cli_opts, py_opts):
    rows = samples_text(seed=5, count=10)
    f = write_samples(tmp_path, rows)
    want = cli_json("paths", "--samples", f, "--pairs", "30", *cli_opts,
                    SMALL2D)
    s = relucells.load(SMALL2D).paths(np.array(rows, dtype=float), pairs=30,
                                      **py_opts)
    check_stats(s, want)


def test_paths_combine_and_text_equal_cli(tmp_path):
    rows = samples_text(seed=7, count=8, dim=3)
    f = write_samples(tmp_path, rows)
    args = ["paths", "--samples", f, "--pairs", "all", "--combine", "1,-1"]
    s = relucells.load(SMALL3D).paths(rows, pairs="all", combine=[1, -1])
    check_stats(s, cli_json(*args, SMALL3D))
    assert s.num_values == 1
    assert s.to_text("json") == \
        run_cli(*(args + ["--format", "json", SMALL3D])).stdout
    s = relucells.load(SMALL3D).paths(rows, pairs="all")
    check_stats(s, cli_json(*args[:-2], SMALL3D))
    assert s.num_values == 2


def test_paths_explicit_pairs_are_paths():
    """pairs as a list of (i, j): the statistics of exactly those segments."""
    rows = samples_text(count=4)
    net = relucells.load(SMALL2D)
    s = net.paths(rows, pairs=[(0, 1), (2, 3), (1, 2)], exact=True)
    ks = [len(net.path(rows[i], rows[j], exact=True))
          for i, j in [(0, 1), (2, 3), (1, 2)]]
    assert s.num_paths == 3
    assert s.k_mean == pytest.approx(sum(ks) / 3)
    assert (s.k_min, s.k_max) == (min(ks), max(ks))


def test_paths_time_limit_keeps_finished_paths():
    rng = np.random.default_rng(1)
    layers = [(rng.normal(size=(48, 16)) / 4, rng.normal(size=48) / 4),
              (rng.normal(size=(48, 48)) / 7, rng.normal(size=48) / 4),
              (rng.normal(size=(48, 48)) / 7, rng.normal(size=48) / 4),
              (rng.normal(size=(1, 48)), [0.0])]
    net = relucells.from_arrays(layers)
    samples = rng.normal(size=(60, 16)) * 3
    with pytest.raises(relucells.LimitError) as info:
        net.paths(samples, pairs="all", exact=True, threads=1, time_limit=0.3)
    s = info.value.result
    assert isinstance(s, relucells.PathStats)
    assert not s.complete and s.num_paths < s.num_pairs == 60 * 59 // 2
    assert "time limit" in str(info.value)


# ---- Errors -----------------------------------------------------------------

def test_wrong_dimension():
    net = relucells.load(SMALL2D)
    with pytest.raises(relucells.ArgumentError, match="x1: a point of 3 "
                       "coordinates for a network of 2 inputs"):
        net.path([0, 0], [1, 1, 1])
    with pytest.raises(relucells.ArgumentError, match="points\\[1\\]"):
        net.path(points=[[0, 0], [1]])
    with pytest.raises(relucells.ArgumentError):
        net.arc([0], [1, 1])
    with pytest.raises(relucells.ArgumentError, match="samples"):
        net.paths(np.zeros((5, 3)))
    with pytest.raises(relucells.ArgumentError, match="samples\\[2\\]"):
        net.paths([[0, 0], [1, 1], [2]])


def test_bad_pairs_have_the_library_message(tmp_path):
    """rc_pairs_make's refusals, with the message the program prints after
    "--pairs: "."""
    net = relucells.load(SMALL2D)
    one = write_samples(tmp_path, [["0.5", "0.5"]])
    for pairs_cli, pairs_py in (("5", 5), ("all", "all"),
                                ("consecutive", "consecutive")):
        want = cli_message("paths", "--samples", one, "--pairs", pairs_cli,
                           SMALL2D)
        assert want.startswith("--pairs: ")
        with pytest.raises(relucells.Error) as info:
            net.paths([["0.5", "0.5"]], pairs=pairs_py)
        assert str(info.value) == want[len("--pairs: "):]
    for bad in ("some", -1, [(0, 5)], [(0,)], 2.5):
        with pytest.raises(relucells.ArgumentError):
            net.paths([[0, 0], [1, 1]], pairs=bad)


def test_library_refusals():
    net = relucells.load(SMALL2D)
    with pytest.raises(relucells.Error) as info:
        net.path(points=[[0, 0], [0, 0], [1, 1]])
    assert isinstance(info.value, relucells.ArgumentError)
    assert str(info.value) == "points 1 and 2 of the polyline are the same"
    with pytest.raises(relucells.ArgumentError) as info:
        net.arc([1, 0], [0, 1], angle=7)
    assert str(info.value) == cli_message("path", "--arc", "1,0,0,1,7", SMALL2D)
    with pytest.raises(relucells.ArgumentError):
        net.arc([1, 0], [0, 1], angle=0)
    with pytest.raises(relucells.ParseError) as info:
        net.path(["1", "x"], [0, 0])
    assert str(info.value) == "x0: " + cli_message(
        "path", "--from", "1,x", "--to", "0,0", SMALL2D)[len("--from: "):]
    with pytest.raises(relucells.ParseError, match="combine: '1/0' is not"):
        net.path([1, 0], [0, 0], combine=["1/0"])
    with pytest.raises(relucells.ArgumentError):
        net.path([math.nan, 0], [0, 0])
    for samples in ([[0.0, math.nan], [1.0, 1.0]], np.array([[0, math.inf], [1, 1]])):
        with pytest.raises(relucells.ArgumentError, match="not a finite number"):
            net.paths(samples, pairs="all")
    with pytest.raises(relucells.ArgumentError, match="exclude"):
        net.path([0, 0], [1, 1], exact=True, float=True)
    with pytest.raises(relucells.ArgumentError, match="exclude"):
        net.path([0, 0], [1, 1], output_index=0, combine=[1])
    with pytest.raises(relucells.ArgumentError, match="not an output"):
        net.path([0, 0], [1, 1], output_index=1)
    with pytest.raises(relucells.ArgumentError,
                       match="combine: 2 coefficients for 1 outputs"):
        net.path([0, 0], [1, 1], combine=[1, 2])
    with pytest.raises(relucells.ArgumentError):
        net.path([0, 0])
    with pytest.raises(relucells.ArgumentError):
        net.path(points=[[0, 0]])
    with pytest.raises(relucells.ArgumentError, match="near_zero needs one"):
        relucells.load(SMALL3D).paths([[0, 0, 0], [1, 1, 1]], near_zero=0.01)


def test_many_paths_do_not_leak_or_crash():
    """Paths are freed when collected; the worker is reused."""
    net = relucells.load(SMALL2D)
    for i in range(200):
        p = net.path([-1, i / 100], [1, -i / 200], exact=(i % 2 == 0))
        assert p.breakpoints is p.breakpoints and len(p.pieces) == len(p) + 1
    del p
    gc.collect()


def test_docstrings():
    """help(relucells) documents the paths."""
    from relucells import path as mod
    assert "net.path" in relucells.__doc__ and "net.paths" in relucells.__doc__
    for obj in (mod, relucells.Path, relucells.PathStats, relucells.Breakpoint,
                relucells.Piece, relucells.Flip, relucells.Net.path,
                relucells.Net.arc, relucells.Net.paths):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    for cls in (relucells.Path, relucells.PathStats):
        for name in dir(cls):
            if not name.startswith("_"):
                assert getattr(cls, name).__doc__, name


# ---- Stopping a long path ----------------------------------------------------

@pytest.fixture(scope="module")
def long_path():
    """A network and a segment that take exact arithmetic about a second or
    more (hundreds of break points, 200-digit rationals)."""
    rng = np.random.default_rng(1)

    def layer(a, b):
        return rng.normal(size=(b, a)) / np.sqrt(a), rng.normal(size=b) / 4
    net = relucells.from_arrays([layer(32, 200), layer(200, 200),
                                 layer(200, 200), layer(200, 1)])
    x0 = rng.normal(size=32) * 10
    return net, x0, -x0


def test_path_time_limit_keeps_break_points(long_path):
    net, x0, x1 = long_path
    with pytest.raises(relucells.LimitError) as info:
        net.path(x0, x1, exact=True, time_limit=0.05)
    p = info.value.result
    assert "time limit" in str(info.value)
    assert isinstance(p, relucells.Path) and not p.complete
    ts = list(p.t)
    assert ts == sorted(ts) and all(0 < t < 1 for t in ts)
    # what was found is right: the start of the complete walk
    full = net.path(x0, x1)
    assert full.complete and len(full) > len(p)
    assert p.flips == full.flips[:len(p)]


def test_interrupt_stops_a_path(long_path, ctrl_c):
    net, x0, x1 = long_path
    timer = threading.Timer(0.05, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            net.path(x0, x1, exact=True)
    finally:
        timer.cancel()
    # the worker is free again
    assert len(relucells.load(SMALL2D).path([-0.9, 0.1], [0.8, -0.3])) == 19


def test_paths_progress_is_called():
    calls = []
    rows = samples_text(count=6)
    s = relucells.load(SMALL2D).paths(
        rows, pairs="all", progress=lambda *a: calls.append(a))
    assert calls and calls[-1][0] == calls[-1][1] == s.num_paths == 15
    assert calls[-1][2] == round(s.k_mean * s.num_paths)
