"""The package's API: errors as exceptions carrying the library's message
(the program's, word for word), networks from arrays, points and patterns,
analyses against the program, and documentation."""

import glob
import inspect
import os
import pydoc
from fractions import Fraction

import numpy as np
import pytest

import relucells
from conftest import cli_json, cli_message, data, run_cli

SMALL2D = data("examples", "small2d.nnet")
ONNX = data("tests", "data", "onnx", "torch_mlp.onnx")


@pytest.fixture(scope="module")
def small2d():
    return relucells.load(SMALL2D)


@pytest.fixture(scope="module")
def part(small2d):
    return small2d.enumerate()


# ---- Errors ------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(glob.glob(data("tests", "data", "bad", "*.nnet")))
                         + sorted(glob.glob(data("tests", "data", "onnx", "bad", "*.onnx"))),
                         ids=os.path.basename)
def test_bad_files_raise_the_library_message(path):
    with pytest.raises(relucells.Error) as info:
        relucells.load(path)
    assert str(info.value) == cli_message("info", path)
    assert info.value.status < 0
    assert isinstance(info.value, (relucells.ParseError, relucells.ArgumentError,
                                   relucells.OutOfMemoryError, relucells.FileError))


def test_missing_file_is_a_file_error(tmp_path):
    path = str(tmp_path / "none.nnet")
    with pytest.raises(relucells.FileError) as info:
        relucells.load(path)
    assert isinstance(info.value, OSError)
    assert str(info.value) == cli_message("info", path)


def test_domain_errors_carry_the_library_message(small2d):
    with pytest.raises(relucells.ArgumentError) as info:
        relucells.load(ONNX).enumerate()
    assert str(info.value) == cli_message("count", ONNX)
    with pytest.raises(relucells.ArgumentError) as info:
        small2d.enumerate(box="1,2,3")
    assert str(info.value) == cli_message("count", "--box", "1,2,3", SMALL2D)
    with pytest.raises(relucells.ArgumentError) as info:
        small2d.enumerate(fix={0: 5})
    assert str(info.value) == cli_message("count", "--fix", "1=5", SMALL2D)
    with pytest.raises(ValueError):          # ArgumentError is a ValueError
        small2d.enumerate(exact=True, float=True)


def test_box_forms(small2d):
    want = [r.pattern for r in small2d.enumerate(box="-0.5,0.5,-1,1")]
    for box in [(np.array([-0.5, -1.0]), np.array([0.5, 1.0])),
                ([Fraction(-1, 2), -1], [0.5, "1"]),
                (np.array([-0.5, -1.0]), [0.5, 1])]:
        assert [r.pattern for r in small2d.enumerate(box=box)] == want
    assert small2d.enumerate(box=(-0.5, 0.5)).domain.lo.tolist() == [-0.5, -0.5]
    with pytest.raises(relucells.ArgumentError):
        small2d.enumerate(box=([0, 0], [1]))
    with pytest.raises(relucells.ArgumentError):
        small2d.enumerate(box=[(0, 1), (0, 1), (0, 1)])


def test_limits(small2d):
    with pytest.raises(relucells.LimitError) as info:
        small2d.enumerate(max_regions=20)
    assert str(info.value) == cli_message("count", "--max-regions", "20", SMALL2D)
    partial = info.value.partition
    assert not partial.complete and len(partial) <= 20
    full = small2d.enumerate()
    # the regions found are complete and correct: each is a region of the
    # full partition (with 100, past the hidden layers' counts 14 and 76,
    # some are finished before the limit bites)
    with pytest.raises(relucells.LimitError) as info:
        small2d.enumerate(max_regions=100)
    partial = info.value.partition
    assert not partial.complete and 0 < len(partial) <= 100
    for r in partial:
        assert full.find(r.pattern).volume == r.volume
    # any thread count gives the same regions in the same order
    for threads in (1, 2, 3):
        again = small2d.enumerate(threads=threads)
        assert [r.pattern for r in again] == [r.pattern for r in full]
        assert [r.volume for r in again] == [r.volume for r in full]
    for bad in (-1, 257, 1.5):
        with pytest.raises(relucells.ArgumentError):
            small2d.enumerate(threads=bad)
    with pytest.raises(relucells.ArgumentError):
        small2d.enumerate(time_limit=0)


def test_time_limit_stops_with_a_partial_result():
    # 3 inputs, 2 x 60 neurons: 43,359 regions, 0.8 s of work on this
    # machine in 2026 (it was seconds once): the limit is well below that
    rng = np.random.default_rng(5)
    net = relucells.from_arrays([(rng.standard_normal((60, 3)), rng.standard_normal(60)),
                                 (rng.standard_normal((60, 60)), rng.standard_normal(60)),
                                 (rng.standard_normal((1, 60)), rng.standard_normal(1))])
    with pytest.raises(relucells.LimitError) as info:
        net.enumerate(time_limit=0.05)
    assert "time limit" in str(info.value)
    assert not info.value.partition.complete


# ---- Networks ---------------------------------------------------------------------

def test_net_properties(small2d):
    assert small2d.layer_sizes == (2, 8, 8, 6, 1)
    assert (small2d.num_inputs, small2d.num_outputs) == (2, 1)
    assert (small2d.num_layers, small2d.num_hidden, small2d.num_neurons) == (4, 3, 22)
    assert small2d.num_params == sum(w.size + b.size for w, b in
                                     zip(small2d.weights(), small2d.biases()))
    lo, hi = small2d.input_box
    assert list(lo) == [-1, -1] and list(hi) == [1, 1]
    assert relucells.load(ONNX).input_box is None
    assert "onnx" in relucells.load(ONNX).source_info.lower()
    # NNet weights are read exactly from their decimals
    W = small2d.weights(exact=True)[0]
    assert all(isinstance(w, Fraction) for w in W.ravel())
    assert np.array_equal(W.astype(float), small2d.weights()[0])


def test_from_arrays_is_the_same_network(small2d):
    net = relucells.from_arrays(list(zip(small2d.weights(), small2d.biases())),
                                box=small2d.input_box)
    a, b = net.enumerate(), small2d.enumerate()
    assert [r.pattern for r in a] == [r.pattern for r in b]
    assert a.layer_counts == b.layer_counts
    x = np.array([[0.1, 0.2], [-0.7, 0.3]])
    assert np.array_equal(net(x), small2d(x))


def test_from_arrays_takes_float32_exactly():
    W = np.array([[0.1, -0.3], [0.7, 0.2]], dtype=np.float32)
    net = relucells.from_arrays([(W, np.float32([0.1, 0.0])),
                                 (np.float32([[1, -1]]), [0])])
    Wq = net.weights(exact=True)[0]
    assert Wq[0, 0] == Fraction(float(np.float32(0.1))) != Fraction(1, 10)
    assert all(Wq[i, j] == Fraction(float(W[i, j])) for i in range(2) for j in range(2))
    with pytest.raises(relucells.ArgumentError):
        relucells.from_arrays([(np.ones((2, 2)), [0, 0]), (np.ones((1, 3)), [0])])
    with pytest.raises(relucells.ArgumentError):
        relucells.from_arrays([(np.array([[np.nan, 1.0]]), [0])])


def test_save_round_trip(small2d, tmp_path):
    path = str(tmp_path / "copy.nnet")
    assert small2d.save(path) == 0
    back = relucells.load(path)
    for a, b in zip(back.weights(exact=True), small2d.weights(exact=True)):
        assert (a == b).all()
    onnx = str(tmp_path / "copy.onnx")
    small2d.save(onnx)
    assert relucells.load(onnx).layer_sizes == small2d.layer_sizes


def test_read_onnx_from_memory():
    with open(ONNX, "rb") as f:
        net = relucells.read_onnx(f.read(), "mlp")
    a = net.enumerate(box=(-2, 2))
    b = relucells.load(ONNX).enumerate(box="-2,2")
    assert [r.pattern for r in a] == [r.pattern for r in b]
    with pytest.raises(relucells.ParseError) as info:
        relucells.read_onnx(b"\x08\x07garbage", "junk")
    assert str(info.value).startswith("junk")


# ---- Points and patterns ------------------------------------------------------------

def test_locate_and_find(small2d, part):
    for r in part:
        x = np.asarray(r.interior_point, dtype=float)
        assert part.locate(x) == r
        assert part.find(r.pattern) == r
        assert part.find(r.pattern.replace("|", "")) == r
        assert part.find(r.pattern_array) == r
        assert small2d.activation_pattern(x) == r.pattern
        assert np.allclose(small2d(x), r.output(x))
    assert part.locate([3.0, 0.0]) is None
    assert part.find("0" * small2d.num_neurons) is None
    with pytest.raises(relucells.ArgumentError) as info:
        part.find("0101")
    assert "pattern" in str(info.value)
    assert part[-1].id == len(part) and part[0].id == 1
    assert [r.id for r in part[2:5]] == [3, 4, 5]
    assert part.patterns.shape == (len(part), small2d.num_neurons)
    assert abs(part.volumes.sum() - 4.0) < 1e-9


def test_exact_volumes_sum_to_the_box(small2d):
    part = small2d.enumerate(exact=True)
    assert sum(r.volume for r in part) == 4
    for r in part:
        assert r.interior_margin > 0
        a, b = r.facets.a, r.facets.b
        assert all(a[i].dot(r.interior_point) < b[i] for i in range(len(b)))


def test_slice_and_domain():
    path = data("tests", "data", "small3d.nnet")
    net = relucells.load(path)
    part = net.enumerate(fix={2: Fraction(1, 10)})
    assert part.dim == 2 and part.free_inputs == (0, 1)
    assert part.domain.fixed == {2: 0.1} and part.domain.dim == 2
    want = cli_json("enumerate", "--fix", "3=1/10", path)
    assert list(part.layer_counts) == want["layer_counts"]
    assert [r.pattern for r in part] == [r["pattern"] for r in want["regions"]]


def test_to_json_is_the_program_output(part):
    import json
    assert json.loads(part.to_json()) == cli_json("enumerate", SMALL2D)


# ---- Analyses -----------------------------------------------------------------------

def test_atoms_equal_cli(small2d, part):
    want = cli_json("atoms", SMALL2D)["regions"]
    got = part.atoms()
    assert len(got) == len(want)
    for a, w in zip(got, want):
        assert a.region.pattern == w["pattern"]
        assert list(a.first + 1) == w["first"] and list(a.last + 1) == w["last"]
        assert np.array_equal(a.coefficients,
                              np.array(w["coefficients"]).reshape(a.coefficients.shape))
        assert a.checked["ok"] == w["check"]["passed"]
    exact = small2d.atoms(part[4].pattern, exact=True)
    approx = small2d.atoms(part[4].pattern)
    assert np.allclose(exact.linear_part.astype(float), approx.linear_part)
    assert small2d.enumerate(exact=True).atoms()[4].checked["lin_ok"] == 1


def test_lipschitz_equals_cli(part):
    want = cli_json("lipschitz", SMALL2D)
    L = part.lipschitz()
    assert L.global_constant == want["global"]["lipschitz"]
    assert L.argmax == want["global"]["region"]
    assert list(L.local) == [r["local"] for r in want["regions"]]
    for name, b in want["global"]["bounds"].items():
        assert L.bounds[name] == b["value"]


def test_lipschitz_exact_encloses(small2d):
    L = small2d.enumerate(exact=True).lipschitz()
    # a certified enclosure of the exact value; the float figure lies
    # within rounding of it
    assert L.exact and L.global_lo <= L.global_hi
    assert abs(L.global_constant - L.global_lo) <= 1e-12 * L.global_constant
    assert all(lo <= hi for lo, hi in zip(L.local_sq_lo, L.local_sq_hi))


# ---- Documentation ------------------------------------------------------------------

def test_help_is_a_reference():
    text = pydoc.render_doc(relucells, renderer=pydoc.plaintext)
    for word in ("load", "from_torch", "from_arrays", "enumerate", "iter_regions",
                 "graph", "locate", "RELUCELLS_LIB", "Fraction"):
        assert word in text


def test_everything_public_has_a_docstring():
    missing = []
    import importlib
    modules = [relucells] + [importlib.import_module("relucells." + m) for m in (
        "net", "partition", "graph", "analysis", "draw", "errors")]
    for module in modules:
        if not inspect.getdoc(module):
            missing.append(module.__name__)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if not inspect.getdoc(obj):
                missing.append(name)
            if not inspect.isclass(obj):
                continue
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if (inspect.isfunction(member) or isinstance(member, property)) \
                        and not member.__doc__:
                    missing.append(name + "." + attr)
    assert not missing, missing
