"""PyTorch models in: from_torch reads the float32 weights exactly, and
its direct path equals the ONNX path (torch.onnx.export read by the
library) and the program on the exported file."""

import os
import warnings
from fractions import Fraction

import numpy as np
import pytest

import relucells
from conftest import cli_json

torch = pytest.importorskip("torch")
nn = torch.nn


def mlp(seed=3, width=8):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Flatten(), nn.Linear(2, width), nn.ReLU(),
                         nn.Identity(), nn.Linear(width, width), nn.ReLU(),
                         nn.Dropout(0.1), nn.Linear(width, 2))


def export(model, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model.eval(), torch.zeros(1, 2), path, opset_version=13)


def exact_weights(net):
    return [W for W in net.weights(exact=True)] + [b for b in net.biases(exact=True)]


def test_direct_path_is_exact_and_equals_onnx(tmp_path):
    model = mlp()
    direct = relucells.from_torch(model, via="direct")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        onnx = relucells.from_torch(model, via="onnx")
    assert relucells.from_torch(model).layer_sizes == direct.layer_sizes == (2, 8, 8, 2)
    # every float32 weight exactly, and the same rationals on both paths
    W1 = model[1].weight.detach().numpy()
    assert W1.dtype == np.float32
    assert all(direct.weights(exact=True)[0][i, j] == Fraction(float(W1[i, j]))
               for i in range(8) for j in range(2))
    for a, b in zip(exact_weights(direct), exact_weights(onnx)):
        assert a.shape == b.shape and (a == b).all()
    pa = direct.enumerate(box=(-2, 2), exact=True)
    pb = onnx.enumerate(box=(-2, 2), exact=True)
    assert [r.pattern for r in pa] == [r.pattern for r in pb]
    assert all((ra.A == rb.A).all() for ra, rb in zip(pa, pb))
    # and the program on the exported file
    path = str(tmp_path / "mlp.onnx")
    export(model, path)
    want = cli_json("enumerate", "--box", "-2,2", "--exact", path)
    assert [r.pattern for r in pa] == [j["pattern"] for j in want["regions"]]
    assert [str(r.volume) for r in pa] == [j["volume"] for j in want["regions"]]
    # the network computes what the module computes
    x = torch.rand(16, 2) * 4 - 2
    with torch.no_grad():
        y = model.eval()(x).double().numpy()
    assert np.allclose(direct(x.double().numpy()), y, atol=1e-5)


def test_batchnorm_and_modules_go_through_onnx():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1))
    model.train()
    model(torch.randn(64, 2))                 # running statistics
    model.eval()
    with pytest.raises(relucells.ArgumentError):
        relucells.from_torch(model, via="direct")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net = relucells.from_torch(model)
    assert net.layer_sizes == (2, 6, 1)
    x = torch.rand(32, 2) * 2 - 1
    with torch.no_grad():
        y = model(x).double().numpy()
    assert np.allclose(net(x.double().numpy()), y, atol=1e-5)
    assert "BatchNormalization" in net.source_info

    class Normalised(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = mlp(seed=4)

        def forward(self, x):
            return self.body((x - 0.5) / 2)
    m = Normalised().eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net = relucells.from_torch(m)
    with torch.no_grad():
        y = m(x).double().numpy()
    assert np.allclose(net(x.double().numpy()), y, atol=1e-5)
    assert len(net.enumerate(box=(-1, 1))) > 1


def test_from_torch_errors():
    with pytest.raises(relucells.ArgumentError):
        relucells.from_torch(mlp(), via="keras")

    class NoLinear(nn.Module):
        def forward(self, x):
            return torch.relu(x)
    with pytest.raises(relucells.ArgumentError) as info:
        relucells.from_torch(NoLinear())
    assert "input_shape" in str(info.value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(relucells.ParseError) as info:
            relucells.from_torch(nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(),
                                               nn.Linear(3, 1)))
    assert "Sigmoid" in str(info.value) and "not piecewise linear" in str(info.value)


def test_example_runs(tmp_path):
    pytest.importorskip("matplotlib")
    import subprocess
    import sys
    from conftest import data
    env = dict(os.environ, MPLBACKEND="Agg")
    env.pop("DISPLAY", None)
    proc = subprocess.run([sys.executable, data("examples", "python", "moons.py"),
                           "--steps", "150", "--width", "8", "--out", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "the regions' exact areas add up to the box's" in proc.stdout
    assert (tmp_path / "moons_regions.png").exists()
    assert (tmp_path / "moons_regions.svg").exists()
