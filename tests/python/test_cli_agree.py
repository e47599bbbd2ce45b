"""The Python results equal the program's, on the test networks, in the
three arithmetics: the same regions in the same order with the same ids,
patterns, maps, facets and owners, vertices (counter-clockwise in 2D),
interior points, volumes and per-layer counts (every exact number a
Fraction equal to the program's "p/q"); the same region graph; the same
bounds and decision boundary."""

import math
from fractions import Fraction

import pytest

import relucells
from conftest import acas, cli_json, data, same, value

SMALL2D = data("examples", "small2d.nnet")

# (network, CLI domain options, Python domain arguments)
CASES = [
    (SMALL2D, [], {}),
    (SMALL2D, ["--unbounded"], {"unbounded": True}),
    (SMALL2D, ["--box", "-1/2,0.75,-2,1"], {"box": (["-1/2", -2], [0.75, 1])}),
    (data("tests", "data", "tiny.nnet"), [], {}),
    (data("tests", "data", "degenerate_lines.nnet"), ["--unbounded"],
     {"unbounded": True}),
    (data("tests", "data", "small3d.nnet"), [], {}),
    (data("tests", "data", "small3d.nnet"), ["--fix", "2=0.1"], {"fix": {1: 0.1}}),
    (data("tests", "data", "onnx", "torch_mlp.onnx"), ["--box", "-2,2"],
     {"box": (-2, 2)}),
]
MODES = [([], {}), (["--float"], {"float": True}), (["--exact"], {"exact": True})]


def check_region(r, j, exact):
    assert r.id == j["id"]
    assert r.pattern == j["pattern"]
    assert "".join("1" if b else "0" for b in r.pattern_array) == \
        j["pattern"].replace("|", "")
    assert r.bounded == j["bounded"]
    assert r.exact == exact
    assert same(r.interior_point, j["interior_point"], exact)
    if "interior_margin" in j:
        assert r.interior_margin == Fraction(j["interior_margin"])
    radius = j["chebyshev_radius_float"]
    assert r.chebyshev_radius == (math.inf if radius is None else radius)
    assert r.volume == value(j["volume"], exact)
    assert same(r.A, j["output_map"]["A"], exact)
    assert same(r.c, j["output_map"]["c"], exact)
    assert same(r.vertices, j["vertices"], exact)
    assert same(r.rays, j["rays"], exact)
    assert same(r.lines, j["lines"], exact)
    assert len(r.facets) == len(j["facets"])
    for f, jf in zip(r.facets, j["facets"]):
        o = jf["owner"]
        assert f.owner.kind == o["kind"]
        if o["kind"] == "neuron":
            assert (f.owner.layer + 1, f.owner.neuron + 1) == (o["layer"], o["neuron"])
            assert str(f.owner) == "neuron %d %d" % (o["layer"], o["neuron"])
        else:
            assert (f.owner.input + 1, f.owner.bound) == (o["input"], o["bound"])
        assert same(f.a, jf["a"], exact)
        assert f.b == value(jf["b"], exact)
        assert list(f.vertices) == jf["vertices"]
    if exact:
        for x in list(r.A.ravel()) + list(r.vertices.ravel()) + [r.volume]:
            assert isinstance(x, Fraction) or x == math.inf


@pytest.mark.parametrize("mode_cli,mode_py", MODES, ids=["default", "float", "exact"])
@pytest.mark.parametrize("net,dom_cli,dom_py", CASES,
                         ids=["small2d", "small2d-unbounded", "small2d-box",
                              "tiny", "degenerate-unbounded", "small3d",
                              "small3d-fix", "onnx-box"])
def test_enumerate_equals_cli(net, dom_cli, dom_py, mode_cli, mode_py):
    want = cli_json("enumerate", *(dom_cli + mode_cli + [net]))
    part = relucells.load(net).enumerate(**dom_py, **mode_py)
    exact = "exact" in mode_py
    assert len(part) == want["num_regions"] == len(want["regions"])
    assert list(part.layer_counts) == want["layer_counts"]
    assert part.complete and want["complete"]
    assert part.exact == exact
    assert part.arithmetic == want["arithmetic"]
    assert part.stats == want["stats"]
    for r, j in zip(part, want["regions"]):
        check_region(r, j, exact)


@pytest.mark.parametrize("mode_cli,mode_py", MODES, ids=["default", "float", "exact"])
@pytest.mark.parametrize("net,dom_cli,dom_py", [CASES[0], CASES[1], CASES[5]],
                         ids=["small2d", "small2d-unbounded", "small3d"])
def test_graph_equals_cli(net, dom_cli, dom_py, mode_cli, mode_py):
    pytest.importorskip("networkx")
    want = cli_json("graph", *(dom_cli + mode_cli + [net]))
    exact = "exact" in mode_py
    G = relucells.load(net).enumerate(**dom_py, **mode_py).graph()
    assert G.number_of_nodes() == want["num_nodes"]
    assert G.number_of_edges() == want["num_edges"]
    assert G.graph["connected"] == want["connected"]
    assert G.graph["unmatched_facets"] == want["unmatched_facets"]
    for s, w in zip(G.graph["layer_stats"], want["layer_stats"]):
        assert s["layer"] + 1 == w["layer"]
        assert (s["facets"], s["mean"], s["median"], s["max"]) == \
            (w["facets"], w["mean"], w["median"], w["max"])
    for node in want["nodes"]:
        attrs = G.nodes[node["id"]]
        assert attrs["pattern"] == node["pattern"]
        assert attrs["gradient_norm"] == node["gradient_norm"]
    for e in want["edges"]:
        attrs = G.edges[e["a"], e["b"]]
        assert attrs["active"] == e["a"]
        assert (attrs["layer"] + 1, attrs["neuron"] + 1) == \
            (e["owner"]["layer"], e["owner"]["neuron"])
        assert [(l + 1, n + 1) for l, n in attrs["flips"]] == \
            [(f["layer"], f["neuron"]) for f in e["flips"]]
        assert same(attrs["grad_diff"], e["grad_diff"], exact)
        assert attrs["grad_diff_norm"] == e["grad_diff_norm"]
        if exact:
            assert attrs["grad_diff_norm2"] == Fraction(e["grad_diff_norm2"])
        fa = attrs["facets"][e["a"]]
        region = G.nodes[e["a"]]["region"]
        assert same(region.facets.a[fa], e["facet"]["a"], exact)


def test_bounds_equal_cli():
    want = cli_json("bounds", "--unbounded", SMALL2D)
    b = relucells.load(SMALL2D).bounds(unbounded=True)
    assert b.failures == want["failures"] == 0
    assert b.dimension == want["dimension"] and not b.bounded
    for k, layer in enumerate(want["layers"]):
        assert b.widths[k] == layer["width"]
        assert b.regions[k] == layer["regions"]
        assert b.zaslavsky_product[k] == int(layer["zaslavsky_product"])
        assert b.montufar[k] == int(layer["montufar"])
        assert b.serra[k] == int(layer["serra"])
        assert b.tightest[k] == layer["tightest"]
    fl = want["first_layer_arrangement"]
    assert b.first_layer["regions"] == int(fl["regions"]) == b.regions[0]
    assert b.first_layer["characteristic_polynomial"] == \
        [int(c) for c in fl["characteristic_polynomial"]]
    assert str(b).startswith("input dimension n = 2")


@pytest.mark.parametrize("exact", [False, True])
def test_boundary_equals_cli(exact):
    want = cli_json("boundary", "--level", "1=0", *(["--exact"] if exact else []),
                    SMALL2D)
    b = relucells.load(SMALL2D).enumerate(exact=exact).boundary()
    assert len(b) == len(want["segments"])
    for (p, q), region, seg in zip(b.segments, b.regions, want["segments"]):
        assert region == seg["region"]
        assert same([p, q], [seg["from"], seg["to"]], exact)


def test_acas_slice_counts_and_patterns():
    net = acas()
    want = cli_json("enumerate", "--fix", "1=30000,2=0,5=600", net)
    part = relucells.load(net).enumerate(fix={0: 30000, 1: 0, 4: 600})
    assert list(part.layer_counts) == want["layer_counts"]
    assert [r.pattern for r in part] == [j["pattern"] for j in want["regions"]]


def test_vnnlib_slice_equals_cli():
    onnx = acas("../onnx/ACASXU_run2a_1_2_batch_2000.onnx")
    prop = acas("../onnx/prop_2.vnnlib")
    want = cli_json("enumerate", "--vnnlib", prop, "--fix", "3=0,4=0.475,5=-0.475", onnx)
    part = relucells.load(onnx).enumerate(vnnlib=prop, fix={2: 0, 3: 0.475, 4: -0.475})
    assert list(part.layer_counts) == want["layer_counts"]
    assert [r.pattern for r in part] == [j["pattern"] for j in want["regions"]]
