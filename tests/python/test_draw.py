"""Pictures: to a file through the C writer, byte for byte what the
program draws with the same options; onto matplotlib Axes, one polygon per
region from the cyclic vertices, tiling the box."""

import numpy as np
import pytest

import relucells
from conftest import acas, data, run_cli

SMALL2D = data("examples", "small2d.nnet")


@pytest.fixture(scope="module")
def part():
    return relucells.load(SMALL2D).enumerate()


@pytest.mark.parametrize("cli,py", [
    (["--boundary", "--level", "1=0"], {"boundary": True}),
    (["--color", "output", "--layers", "2", "--size", "400x300", "--title", "t",
      "--input-names", "a,b"],
     {"color": "output", "layers": 2, "size": (400, 300), "title": "t",
      "input_names": ["a", "b"]}),
    (["--strip", "--no-legend", "--view", "-0.5,0.5,-1,0"],
     {"strip": True, "legend": False, "view": (-0.5, 0.5, -1, 0)}),
], ids=["boundary", "output-layers", "strip-view"])
def test_file_equals_the_program(part, tmp_path, cli, py):
    want, got = tmp_path / "cli.svg", tmp_path / "py.svg"
    run_cli("draw", *cli, "-o", want, SMALL2D)
    assert part.draw(str(got), **py) == str(got)
    assert got.read_bytes() == want.read_bytes()
    assert got.read_text().count('class="region"') >= len(part)


def test_png_and_errors(part, tmp_path):
    png = tmp_path / "p.png"
    part.draw(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(relucells.ArgumentError) as info:
        part.draw(str(tmp_path / "p.gif"))
    assert "gif" in str(info.value) or "extension" in str(info.value)
    with pytest.raises(relucells.ArgumentError):
        part.draw(str(tmp_path / "p.svg"), color="rainbow")
    part3 = relucells.load(data("tests", "data", "small3d.nnet")).enumerate()
    with pytest.raises(relucells.ArgumentError):
        part3.draw(str(tmp_path / "p3.svg"))


def polygon_area(p):
    x, y = p[:, 0], p[:, 1]
    return 0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def test_axes(part):
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.collections import LineCollection, PolyCollection
    ax = part.draw(boundary=True, title="small2d")
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)][0]
    paths = polys.get_paths()
    assert len(paths) == len(part)
    # counter-clockwise polygons of the regions, tiling the box [-1, 1]^2
    areas = [polygon_area(p.vertices[:-1]) for p in paths]
    assert all(a > 0 for a in areas)
    assert abs(sum(areas) - 4.0) < 1e-9
    lines = [c for c in ax.collections if isinstance(c, LineCollection)][0]
    assert len(lines.get_segments()) == len(part.boundary())
    assert ax.get_title() == "small2d" and ax.get_xlim() == (-1.0, 1.0)
    # unbounded regions reach beyond the view
    ax = relucells.load(SMALL2D).enumerate(unbounded=True).draw(color="gradient")
    assert len(ax.collections[0].get_paths()) == len(
        relucells.load(SMALL2D).enumerate(unbounded=True))


def test_axes_acas_argmin():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    part = relucells.load(acas()).enumerate(fix={0: 30000, 1: 0, 4: 600})
    ax = part.draw(color="argmin", boundary=True, argmin=True,
                   output_names=["COC", "WL", "WR", "SL", "SR"])
    assert {t.get_text() for t in ax.get_legend().get_texts()} <= \
        {"COC", "WL", "WR", "SL", "SR"}
