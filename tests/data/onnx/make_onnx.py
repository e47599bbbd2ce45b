#!/usr/bin/python3
"""Make the ONNX test files of relucells (run once; the outputs are committed).

    /usr/bin/python3 tests/data/onnx/make_onnx.py

Needs python3-onnx and python3-numpy; python3-torch, when installed, adds the
networks torch itself exports and cross-checks the reference evaluator
below against torch's convolutions.  Writes, beside this script:

  *.onnx          networks the reader must accept (see the list in main());
  bad/*.onnx      files it must refuse, each with the message it must give
                  (bad/expected.txt: file, then a piece of the message);
  expected.txt    for every accepted network, random rational input points
                  and the network's outputs there, computed exactly with
                  Python fractions by a direct evaluation of the graph
                  (evaluate() below), independent of relucells.

Everything is seeded, so running it again writes the same files (except the
torch exports, which depend on the torch version).
"""
import os
import sys
from fractions import Fraction

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
RNG = np.random.default_rng(20261127)

try:
    import torch
except ImportError:          # the torch networks are kept from an earlier run
    torch = None


# ---- building models ---------------------------------------------------------

def tensor(name, arr, dtype=np.float32, raw=True):
    """An initialiser: raw_data, or the typed field (float_data, ...)."""
    a = np.asarray(arr, dtype=dtype)
    if raw:
        return numpy_helper.from_array(a, name)
    t = helper.np_dtype_to_tensor_dtype(a.dtype) if hasattr(helper, "np_dtype_to_tensor_dtype") \
        else onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype]
    if a.dtype == np.float16:
        tp = TensorProto(name=name, data_type=t, dims=a.shape)
        tp.int32_data.extend(a.view(np.uint16).flatten().tolist())
        return tp
    return helper.make_tensor(name, t, a.shape, a.flatten().tolist(), raw=False)


def vinfo(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inits, inp, out, opset=13, ir=7, extra_inputs=(), producer="make_onnx.py"):
    g = helper.make_graph(nodes, "g", [inp] + list(extra_inputs), [out], initializer=inits)
    m = helper.make_model(g, producer_name=producer, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = ir
    return m


def save(m, name, bad=False):
    path = os.path.join(HERE, "bad" if bad else "", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(m if isinstance(m, bytes) else m.SerializeToString())
    return path


def node(op, inputs, output, name, **attrs):
    return helper.make_node(op, inputs, [output], name=name, **attrs)


def f32(shape, scale=1.0):
    """Random float32 values that are small dyadics (exact everywhere)."""
    return (RNG.integers(-16, 17, size=shape) / 16.0 * scale).astype(np.float32)


# ---- the direct evaluation, in fractions -------------------------------------

def frac_array(t):
    a = numpy_helper.to_array(t)
    if a.dtype.kind == "f":
        return np.vectorize(lambda v: Fraction(float(v)), otypes=[object])(a) if a.size else a.astype(object)
    return a


def attr(n, name, default):
    for a in n.attribute:
        if a.name == name:
            v = helper.get_attribute_value(a)
            return v.decode() if isinstance(v, bytes) else v
    return default


def conv_nd(x, W, B, strides, pads, dil, group):
    """y[m, o] = B[m] + sum_{c, k} W[m, c, k] x[c, o s - p + k dil] for x [C, H, W]."""
    C, H, Wd = x.shape
    M, Cg, kh, kw = W.shape
    Ho = (H + pads[0] + pads[2] - ((kh - 1) * dil[0] + 1)) // strides[0] + 1
    Wo = (Wd + pads[1] + pads[3] - ((kw - 1) * dil[1] + 1)) // strides[1] + 1
    y = np.empty((M, Ho, Wo), dtype=object)
    Mg = M // group
    for m in range(M):
        for i in range(Ho):
            for j in range(Wo):
                s = B[m] if B is not None else Fraction(0)
                for cc in range(Cg):
                    c = (m // Mg) * Cg + cc
                    for a in range(kh):
                        for b in range(kw):
                            r, q = i * strides[0] - pads[0] + a * dil[0], j * strides[1] - pads[1] + b * dil[1]
                            if 0 <= r < H and 0 <= q < Wd:
                                s += W[m, cc, a, b] * x[c, r, q]
                y[m, i, j] = s
    return y


def conv_transpose(x, W, B, strides, pads, dil, group, out_pad):
    C, H, Wd = x.shape
    _, Mg, kh, kw = W.shape
    M = Mg * group
    Cg = C // group
    Ho = strides[0] * (H - 1) + out_pad[0] + (kh - 1) * dil[0] + 1 - pads[0] - pads[2]
    Wo = strides[1] * (Wd - 1) + out_pad[1] + (kw - 1) * dil[1] + 1 - pads[1] - pads[3]
    y = np.empty((M, Ho, Wo), dtype=object)
    for m in range(M):
        y[m] = B[m] if B is not None else Fraction(0)
    for c in range(C):
        g = c // Cg
        for mm in range(Mg):
            m = g * Mg + mm
            for i in range(H):
                for j in range(Wd):
                    for a in range(kh):
                        for b in range(kw):
                            r, q = i * strides[0] + a * dil[0] - pads[0], j * strides[1] + b * dil[1] - pads[1]
                            if 0 <= r < Ho and 0 <= q < Wo:
                                y[m, r, q] += W[c, mm, a, b] * x[c, i, j]
    return y


def avg_pool(x, k, strides, pads, include_pad):
    C, H, Wd = x.shape
    Ho = (H + pads[0] + pads[2] - k[0]) // strides[0] + 1
    Wo = (Wd + pads[1] + pads[3] - k[1]) // strides[1] + 1
    y = np.empty((C, Ho, Wo), dtype=object)
    for c in range(C):
        for i in range(Ho):
            for j in range(Wo):
                vals = []
                for a in range(k[0]):
                    for b in range(k[1]):
                        r, q = i * strides[0] - pads[0] + a, j * strides[1] - pads[1] + b
                        if 0 <= r < H and 0 <= q < Wd:
                            vals.append(x[c, r, q])
                y[c, i, j] = sum(vals, Fraction(0)) / (k[0] * k[1] if include_pad else len(vals))
    return y


def isqrt_frac(v):
    """sqrt of a fraction when it is a rational, else None."""
    import math
    n, d = v.numerator, v.denominator
    rn, rd = math.isqrt(n), math.isqrt(d)
    return Fraction(rn, rd) if rn * rn == n and rd * rd == d else None


def evaluate(m, x):
    """The graph's output at input x (a numpy object array of fractions of
    the input's shape), operator by operator, exactly."""
    g = m.graph
    env = {t.name: frac_array(t) for t in g.initializer}
    inp = [i for i in g.input if i.name not in env][0]
    env[inp.name] = x
    for n in g.node:
        a = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "Constant":
            y = frac_array(attr(n, "value", None))
        elif op in ("Identity", "Dropout", "Cast"):
            y = a[0]
        elif op == "Relu":
            y = np.vectorize(lambda v: v if v > 0 else Fraction(0), otypes=[object])(a[0])
        elif op == "Add":
            y = a[0] + a[1]
        elif op == "Sub":
            y = a[0] - a[1]
        elif op == "Mul":
            y = a[0] * a[1]
        elif op == "Div":
            y = a[0] / a[1]
        elif op == "Neg":
            y = -a[0]
        elif op == "MatMul":
            y = np.matmul(a[0], a[1])
        elif op == "Gemm":
            A = a[0].T if attr(n, "transA", 0) else a[0]
            B = a[1].T if attr(n, "transB", 0) else a[1]
            y = Fraction(float(np.float32(attr(n, "alpha", 1.0)))) * np.matmul(A, B)
            if len(a) > 2 and a[2] is not None:
                y = y + Fraction(float(np.float32(attr(n, "beta", 1.0)))) * a[2]
        elif op == "Flatten":
            ax = attr(n, "axis", 1)
            y = a[0].reshape(int(np.prod(a[0].shape[:ax])), -1)
        elif op == "Reshape":
            shape = [int(v) for v in a[1]]
            shape = [a[0].shape[i] if v == 0 else v for i, v in enumerate(shape)]
            y = a[0].reshape(shape)
        elif op == "Transpose":
            y = np.transpose(a[0], attr(n, "perm", None))
        elif op == "Unsqueeze":
            y = a[0]
            for ax in sorted(int(v) for v in (a[1] if len(a) > 1 else attr(n, "axes", []))):
                y = np.expand_dims(y, ax)
        elif op == "Squeeze":
            y = np.squeeze(a[0], axis=tuple(int(v) for v in a[1]))
        elif op == "BatchNormalization":
            eps = Fraction(float(np.float32(attr(n, "epsilon", 1e-5))))
            scale, B, mean, var = a[1], a[2], a[3], a[4]
            f = np.array([scale[c] / isqrt_frac(var[c] + eps) for c in range(len(scale))], dtype=object)
            shp = [1, -1] + [1] * (a[0].ndim - 2)
            y = a[0] * f.reshape(shp) + (B - f * mean).reshape(shp)
        elif op == "Conv":
            W = a[1]
            y = conv_nd(a[0][0], W, a[2] if len(a) > 2 else None, attr(n, "strides", [1, 1]),
                        attr(n, "pads", [0, 0, 0, 0]), attr(n, "dilations", [1, 1]), attr(n, "group", 1))[None]
        elif op == "ConvTranspose":
            y = conv_transpose(a[0][0], a[1], a[2] if len(a) > 2 else None, attr(n, "strides", [1, 1]),
                               attr(n, "pads", [0, 0, 0, 0]), attr(n, "dilations", [1, 1]),
                               attr(n, "group", 1), attr(n, "output_padding", [0, 0]))[None]
        elif op == "AveragePool":
            y = avg_pool(a[0][0], attr(n, "kernel_shape", None), attr(n, "strides", [1, 1]),
                         attr(n, "pads", [0, 0, 0, 0]), attr(n, "count_include_pad", 0))[None]
        elif op == "GlobalAveragePool":
            X = a[0]
            y = np.empty(X.shape[:2] + (1,) * (X.ndim - 2), dtype=object)
            for c in range(X.shape[1]):
                y[0, c] = sum(X[0, c].flatten(), Fraction(0)) / X[0, c].size
        elif op == "Pad":
            pads = [int(v) for v in a[1]]
            r = a[0].ndim
            y = np.pad(a[0], [(pads[i], pads[r + i]) for i in range(r)], constant_values=Fraction(0))
            y = np.vectorize(lambda v: Fraction(v), otypes=[object])(y)
        else:
            raise ValueError("evaluate: no " + op)
        env[n.output[0]] = y
    return env[g.output[0].name]


def input_shape(m):
    g = m.graph
    names = {t.name for t in g.initializer}
    inp = [i for i in g.input if i.name not in names][0]
    return [d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else 1
            for d in inp.type.tensor_type.shape.dim]


def expectations(m, name, count=4):
    """count random rational points and the exact outputs there."""
    shape = input_shape(m)
    lines = []
    for _ in range(count):
        x = np.array([Fraction(int(k), 8) for k in RNG.integers(-12, 13, size=int(np.prod(shape)))],
                     dtype=object).reshape(shape)
        y = evaluate(m, x)
        lines.append("net %s\nx %s\ny %s\n" % (name, " ".join(str(v) for v in x.flatten()),
                                              " ".join(str(v) for v in np.asarray(y).flatten())))
    return "".join(lines)


# ---- the accepted networks -----------------------------------------------------

def old_exporter():
    """As the ACAS Xu files of VNN-COMP: opset 8, Sub of a mean image,
    Flatten, MatMul + Add, initialisers listed among the inputs.  Layer 1
    folded by hand: W = W1^T, b = b1 - W1^T mean = (-0.4375, 1.75, -0.625)."""
    mean = np.array([[[[0.5, -0.25]]]], np.float32)
    W1 = np.array([[1, -2, 0.5], [0.25, 1, -1]], np.float32)
    b1 = np.array([0, 0.5, -0.125], np.float32)
    W2 = np.array([[1], [-1], [2]], np.float32)
    b2 = np.array([0.375], np.float32)
    inits = [tensor("mean", mean), tensor("W1", W1), tensor("b1", b1), tensor("W2", W2), tensor("b2", b2)]
    nodes = [node("Sub", ["input", "mean"], "centred", "input_Sub"),
             node("Flatten", ["centred"], "flat", "Flatten_1"),
             node("MatMul", ["flat", "W1"], "mm1", "MatMul_1"),
             node("Add", ["mm1", "b1"], "a1", "Add_1"),
             node("Relu", ["a1"], "r1", "relu_1"),
             node("MatMul", ["r1", "W2"], "mm2", "MatMul_2"),
             node("Add", ["mm2", "b2"], "out", "Add_2")]
    extra = [vinfo(t.name, list(t.dims)) for t in inits]
    return model(nodes, inits, vinfo("input", [1, 1, 1, 2]), vinfo("out", [1, 1]), opset=8, ir=3,
                 extra_inputs=extra, producer="old-exporter-like")


def gemm():
    """Gemm with transB, alpha, beta; float64 and float32 in typed fields, a
    Constant node.  Layer 1: W = 0.5 B1, b = 2 C1; layer 2: W = B2^T,
    b = -C2 = -0.75."""
    B1 = np.array([[1, 2], [3, 4], [5, 6]], np.float64)
    C1 = np.array([1, -1, 0.5], np.float64)
    B2 = np.array([[1], [0.5], [-0.25]], np.float32)
    inits = [tensor("B1", B1, np.float64, raw=False), tensor("C1", C1, np.float64, raw=False),
             tensor("B2", B2, raw=False)]
    nodes = [node("Gemm", ["x", "B1", "C1"], "g1", "gemm1", transB=1, alpha=0.5, beta=2.0),
             node("Relu", ["g1"], "r1", "relu1"),
             helper.make_node("Constant", [], ["C2"], name="c2",
                              value=numpy_helper.from_array(np.array([0.75], np.float32))),
             node("Gemm", ["r1", "B2", "C2"], "y", "gemm2", beta=-1.0)]
    return model(nodes, inits, vinfo("x", ["N", 2]), vinfo("y", ["N", 1]))


def final_relu():
    """float64 MatMul + Add, ending in Relu: an identity output layer."""
    W1 = np.array([[1, -1], [0.5, 2]], np.float64)
    b1 = np.array([0.25, -0.5], np.float64)
    W2 = np.array([[1, 1], [-1, 0.5]], np.float64)
    b2 = np.array([0, 0.125], np.float64)
    inits = [tensor(n, v, np.float64) for n, v in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))]
    nodes = [node("MatMul", ["x", "W1"], "m1", "mm1"), node("Add", ["m1", "b1"], "a1", "add1"),
             node("Relu", ["a1"], "r1", "relu1"), node("MatMul", ["r1", "W2"], "m2", "mm2"),
             node("Add", ["m2", "b2"], "a2", "add2"), node("Relu", ["a2"], "y", "relu2")]
    return model(nodes, inits, vinfo("x", ["batch", 2], TensorProto.DOUBLE),
                 vinfo("y", ["batch", 2], TensorProto.DOUBLE), opset=11)


def batchnorm(eps, var):
    """Gemm, BatchNormalization, Relu, Gemm.  With epsilon 0.25 and var
    (3.75, 0) the factors scale / sqrt(var + eps) are 3/2 / 2 and 5 / 0.5,
    exact; with the default epsilon they are not."""
    W = np.array([[1, -1], [0.5, 0.25]], np.float32)
    C = np.array([0.5, -1], np.float32)
    inits = [tensor("W", W), tensor("C", C), tensor("scale", [1.5, 5]), tensor("B", [1, -1]),
             tensor("mean", [0.5, 0.25]), tensor("var", var), tensor("W2", [[1, -2]]),
             tensor("C2", [0.5])]
    kw = {} if eps is None else {"epsilon": eps}
    nodes = [node("Gemm", ["x", "W", "C"], "g", "gemm1", transB=1),
             node("BatchNormalization", ["g", "scale", "B", "mean", "var"], "bn", "bn1", **kw),
             node("Relu", ["bn"], "r", "relu1"),
             node("Gemm", ["r", "W2", "C2"], "y", "gemm2", transB=1)]
    return model(nodes, inits, vinfo("x", ["N", 2]), vinfo("y", ["N", 1]), opset=9)


def reshape():
    """Reshape, Identity, Unsqueeze, Squeeze, Transpose around two Gemms."""
    W1 = f32((3, 4))
    W2 = f32((1, 3))
    inits = [tensor("shape", np.array([-1, 4], np.int64), np.int64), tensor("W1", W1),
             tensor("b1", f32(3)), tensor("W2", W2), tensor("axes", np.array([1], np.int64), np.int64)]
    nodes = [node("Transpose", ["x"], "t", "transpose", perm=[0, 1, 3, 2]),
             node("Reshape", ["t", "shape"], "flat", "reshape"),
             node("Identity", ["flat"], "flat2", "identity"),
             node("Gemm", ["flat2", "W1", "b1"], "g", "gemm1", transB=1),
             node("Relu", ["g"], "r", "relu1"),
             node("Unsqueeze", ["r", "axes"], "u", "unsqueeze"),
             node("Squeeze", ["u", "axes"], "s", "squeeze"),
             node("Gemm", ["s", "W2"], "y", "gemm2", transB=1)]
    return model(nodes, inits, vinfo("x", ["N", 1, 2, 2]), vinfo("y", ["N", 1]))


def float16():
    """float16 weights in raw_data and in int32_data: 1/3 and 0.1 become
    0.333251953125 and 0.0999755859375."""
    W1 = np.array([[1 / 3, 0.1], [-2, 0.5]], np.float16)
    b1 = np.array([0.1, -1 / 3], np.float16)
    inits = [tensor("W1", W1, np.float16), tensor("b1", b1, np.float16, raw=False),
             tensor("W2", np.array([[1, -1]], np.float16), np.float16, raw=False)]
    nodes = [node("Gemm", ["x", "W1", "b1"], "g", "gemm1", transB=1),
             node("Relu", ["g"], "r", "relu1"), node("Gemm", ["r", "W2"], "y", "gemm2", transB=1)]
    return model(nodes, inits, vinfo("x", ["N", 2], TensorProto.FLOAT16),
                 vinfo("y", ["N", 1], TensorProto.FLOAT16))


def div():
    """Input normalisation by a Div that is not dyadic: x / (4, 3)."""
    inits = [tensor("d", [4, 3]), tensor("m", [0.5, 1]), tensor("W", [[1, 1], [2, -6]]), tensor("b", [0, 1]),
             tensor("W2", [[1, 1]])]
    nodes = [node("Sub", ["x", "m"], "c", "sub"), node("Div", ["c", "d"], "n", "div"),
             node("Gemm", ["n", "W", "b"], "g", "gemm1", transB=1),
             node("Relu", ["g"], "r", "relu1"), node("Gemm", ["r", "W2"], "y", "gemm2", transB=1)]
    return model(nodes, inits, vinfo("x", ["N", 2]), vinfo("y", ["N", 1]))


def conv_pool():
    """Conv (2 filters 3x3, pads 1) on 1x5x5, Relu, AveragePool 2x2 stride 2,
    Flatten, Gemm: 25 inputs, 50 hidden neurons, 1 output."""
    inits = [tensor("W", f32((2, 1, 3, 3))), tensor("B", f32(2)), tensor("W2", f32((1, 8))),
             tensor("b2", f32(1))]
    nodes = [node("Conv", ["x", "W", "B"], "c", "conv1", pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
             node("Relu", ["c"], "r", "relu1"),
             node("AveragePool", ["r"], "p", "pool1", kernel_shape=[2, 2], strides=[2, 2]),
             node("Flatten", ["p"], "f", "flatten"),
             node("Gemm", ["f", "W2", "b2"], "y", "fc", transB=1)]
    return model(nodes, inits, vinfo("x", [1, 1, 5, 5]), vinfo("y", [1, 1]))


def conv_more():
    """Pad, grouped strided dilated Conv, ConvTranspose with output_padding,
    AveragePool counting the padding, GlobalAveragePool, Neg."""
    inits = [tensor("pads", np.array([0, 0, 1, 0, 0, 0, 0, 1], np.int64), np.int64),
             tensor("W", f32((4, 1, 2, 2))), tensor("B", f32(4)),
             tensor("WT", f32((4, 1, 2, 2))), tensor("BT", f32(2)),
             tensor("W2", f32((1, 2))), tensor("b2", f32(1))]
    nodes = [node("Pad", ["x", "pads"], "p", "pad"),
             node("Conv", ["p", "W", "B"], "c", "conv", group=2, strides=[2, 1], dilations=[1, 2]),
             node("Relu", ["c"], "r", "relu1"),
             node("ConvTranspose", ["r", "WT", "BT"], "t", "convT", group=2, strides=[2, 2],
                  pads=[0, 1, 1, 0], output_padding=[1, 0]),
             node("AveragePool", ["t"], "a", "pool", kernel_shape=[2, 2], pads=[1, 1, 1, 1],
                  count_include_pad=1),
             node("Relu", ["a"], "r2", "relu2"),
             node("Neg", ["r2"], "ng", "neg"),
             node("GlobalAveragePool", ["ng"], "gp", "gap"),
             node("Flatten", ["gp"], "f", "flatten"),
             node("Gemm", ["f", "W2", "b2"], "y", "fc", transB=1)]
    return model(nodes, inits, vinfo("x", [1, 2, 4, 4]), vinfo("y", [1, 1]))


def opset21():
    inits = [tensor("W", [[1, -1], [2, 0.5]]), tensor("W2", [[1, 1]])]
    nodes = [node("Gemm", ["x", "W"], "g", "gemm1", transB=1), node("Relu", ["g"], "r", "relu"),
             node("Gemm", ["r", "W2"], "y", "gemm2", transB=1)]
    return model(nodes, inits, vinfo("x", ["N", 2]), vinfo("y", ["N", 1]), opset=21, ir=10)


def read_nnet(path):
    """(sizes, mins, maxs, means, ranges, [(W, b)]) of an NNet file, values
    as the nearest doubles (what float64 can hold)."""
    rows = []
    for line in open(path, encoding="utf-8-sig"):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        rows.append([v for v in (t.strip() for t in line.split(",")) if v])
    L = int(rows[0][0])
    sizes = [int(v) for v in rows[1]]
    mins, maxs, means, ranges = ([float(v) for v in rows[i]] for i in (3, 4, 5, 6))
    k, layers = 7, []
    for l in range(L):
        W = np.array([[float(v) for v in rows[k + i]] for i in range(sizes[l + 1])])
        k += sizes[l + 1]
        b = np.array([float(rows[k + i][0]) for i in range(sizes[l + 1])])
        k += sizes[l + 1]
        layers.append((W, b))
    return sizes, mins, maxs, means, ranges, layers


def from_nnet(path):
    """An NNet network as float64 ONNX: Sub(mean), Div(range), Gemm + Relu
    per layer, Mul(output range), Add(output mean)."""
    sizes, _, _, means, ranges, layers = read_nnet(path)
    n = sizes[0]
    inits = [tensor("mean", means[:n], np.float64), tensor("range", ranges[:n], np.float64),
             tensor("out_range", [ranges[n]], np.float64), tensor("out_mean", [means[n]], np.float64)]
    nodes = [node("Sub", ["x", "mean"], "c", "sub"), node("Div", ["c", "range"], "h0", "div")]
    for l, (W, b) in enumerate(layers):
        inits += [tensor("W%d" % l, W, np.float64), tensor("b%d" % l, b, np.float64)]
        nodes.append(node("Gemm", ["h%d" % l, "W%d" % l, "b%d" % l], "g%d" % l, "gemm%d" % l, transB=1))
        if l + 1 < len(layers):
            nodes.append(node("Relu", ["g%d" % l], "h%d" % (l + 1), "relu%d" % l))
    last = "g%d" % (len(layers) - 1)
    nodes += [node("Mul", [last, "out_range"], "s", "scale"), node("Add", ["s", "out_mean"], "y", "shift")]
    return model(nodes, inits, vinfo("x", ["N", n], TensorProto.DOUBLE),
                 vinfo("y", ["N", sizes[-1]], TensorProto.DOUBLE))


def torch_nets():
    """Networks as torch.onnx.export writes them (float32): an MLP with an
    input normalisation module, and a small conv net with average pooling."""
    torch.manual_seed(7)

    class MLP(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("mean", torch.tensor([0.5, -0.25]))
            self.register_buffer("std", torch.tensor([2.0, 0.5]))
            self.body = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8),
                                            torch.nn.ReLU(), torch.nn.Linear(8, 1))

        def forward(self, x):
            return self.body((x - self.mean) / self.std)

    conv = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.AvgPool2d(2),
                               torch.nn.Flatten(), torch.nn.Linear(8, 2))
    out = {}
    for name, net, shape in (("torch_mlp.onnx", MLP(), (1, 2)), ("torch_conv.onnx", conv, (1, 1, 6, 6))):
        path = os.path.join(HERE, name)
        torch.onnx.export(net.eval(), torch.zeros(*shape), path, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)
        out[name] = net
    # The evaluator agrees with torch (float64 copy of the same weights).
    for name, net, shape in (("torch_conv.onnx", conv, (1, 1, 6, 6)),):
        m = onnx.load(os.path.join(HERE, name))
        x = RNG.integers(-8, 9, size=shape) / 8.0
        want = net.double()(torch.tensor(x)).detach().numpy().flatten()
        got = [float(v) for v in np.asarray(evaluate(m, np.vectorize(Fraction, otypes=[object])(x))).flatten()]
        assert np.allclose(want, got, rtol=1e-12, atol=1e-12), (name, want, got)


def check_conv_against_torch():
    """The reference conv, transposed conv and pooling against torch."""
    if torch is None:
        return
    F = torch.nn.functional
    x = RNG.integers(-8, 9, size=(2, 5, 6)) / 8.0
    W = RNG.integers(-8, 9, size=(4, 1, 2, 3)) / 8.0
    B = RNG.integers(-8, 9, size=4) / 8.0
    fx = np.vectorize(Fraction, otypes=[object])
    got = conv_nd(fx(x), fx(W), fx(B), [2, 1], [1, 0, 0, 2], [1, 2], 2)
    want = F.conv2d(torch.tensor(x)[None], torch.tensor(W), torch.tensor(B), stride=(2, 1),
                    padding=0, dilation=(1, 2), groups=2)
    # torch pads symmetrically: compare on a symmetric case too
    got0 = conv_nd(fx(x), fx(W), fx(B), [2, 1], [0, 0, 0, 0], [1, 2], 2)
    assert np.allclose(np.array(got0, dtype=float), want.numpy()[0])
    got1 = conv_nd(fx(x), fx(W), fx(B), [1, 1], [1, 1, 1, 1], [1, 1], 2)
    want1 = F.conv2d(torch.tensor(x)[None], torch.tensor(W), torch.tensor(B), padding=1, groups=2)
    assert np.allclose(np.array(got1, dtype=float), want1.numpy()[0])
    WT = RNG.integers(-8, 9, size=(2, 2, 2, 3)) / 8.0
    gotT = conv_transpose(fx(x), fx(WT), None, [2, 2], [1, 1, 1, 1], [1, 1], 1, [1, 0])
    wantT = F.conv_transpose2d(torch.tensor(x)[None], torch.tensor(WT), stride=2, padding=1,
                               output_padding=(1, 0))
    assert np.allclose(np.array(gotT, dtype=float), wantT.numpy()[0])
    gotP = avg_pool(fx(x), [2, 2], [1, 2], [1, 1, 1, 1], 1)
    wantP = F.avg_pool2d(torch.tensor(x)[None], 2, stride=(1, 2), padding=1, count_include_pad=True)
    assert np.allclose(np.array(gotP, dtype=float), wantP.numpy()[0])
    gotQ = avg_pool(fx(x), [3, 3], [2, 2], [1, 1, 1, 1], 0)
    wantQ = F.avg_pool2d(torch.tensor(x)[None], 3, stride=2, padding=1, count_include_pad=False)
    assert np.allclose(np.array(gotQ, dtype=float), wantQ.numpy()[0])
    del got, want


# ---- the refused files -------------------------------------------------------------

def mlp_with(mid_nodes, mid_out, extra_inits=(), opset=13):
    """Gemm 'gemm1', then mid_nodes on 'g', then Gemm 'gemm2' on mid_out."""
    inits = [tensor("W", [[1, -1], [2, 0.5]]), tensor("W2", [[1, 1]])] + list(extra_inits)
    nodes = [node("Gemm", ["x", "W"], "g", "gemm1", transB=1)] + mid_nodes + \
            [node("Gemm", [mid_out, "W2"], "y", "gemm2", transB=1)]
    return model(nodes, inits, vinfo("x", ["N", 2]), vinfo("y", ["N", 1]), opset=opset)


def bad_files():
    good = gemm().SerializeToString()
    out = []

    def bad(name, m, msg):
        save(m, name, bad=True)
        out.append("%s\t%s\n" % (name, msg))

    bad("sigmoid.onnx", mlp_with([node("Sigmoid", ["g"], "s", "Sigmoid_3")], "s"),
        "node 1 'Sigmoid_3': operator Sigmoid is not piecewise linear")
    bad("tanh.onnx", mlp_with([node("Tanh", ["g"], "s", "tanh")], "s"),
        "node 1 'tanh': operator Tanh is not piecewise linear")
    bad("softmax.onnx", mlp_with([node("Relu", ["g"], "r", "relu"), node("Softmax", ["r"], "s", "sm")], "s"),
        "node 2 'sm': operator Softmax is not piecewise linear")
    bad("leakyrelu.onnx", mlp_with([node("LeakyRelu", ["g"], "s", "lrelu")], "s"),
        "node 1 'lrelu': operator LeakyRelu is not supported (piecewise linear")
    inits = [tensor("W", f32((2, 1, 3, 3)))]
    bad("maxpool.onnx", model([node("Conv", ["x", "W"], "c", "conv"), node("Relu", ["c"], "r", "relu"),
                               node("MaxPool", ["r"], "y", "pool", kernel_shape=[2, 2])], inits,
                              vinfo("x", [1, 1, 6, 6]), vinfo("y", [1, 2, 2, 2])),
        "node 2 'pool': operator MaxPool is not supported (piecewise linear")
    bad("residual.onnx", mlp_with([node("Relu", ["g"], "r", "relu1"),
                                   node("Gemm", ["r", "W"], "g2", "gemm_mid", transB=1),
                                   node("Add", ["g2", "r"], "s", "residual_add")], "s"),
        "node 3 'residual_add': tensor 'r' is used twice")
    bad("branch.onnx", mlp_with([node("Relu", ["g"], "r", "relu1"), node("Relu", ["g"], "r2", "relu2")], "r"),
        "node 2 'relu2': tensor 'g' is used twice")
    bad("add_self.onnx", mlp_with([node("Add", ["g", "g"], "s", "double")], "s"),
        "node 1 'double': tensor 'g' is used twice")
    bad("truncated.onnx", good[:len(good) * 3 // 5], "not a valid ONNX model")
    bad("garbage.onnx", bytes([8]) + bytes(RNG.integers(0, 256, size=300, dtype=np.uint8)),
        "not a valid ONNX model")
    m = mlp_with([], "g")
    t = m.graph.initializer[0]
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    e = t.external_data.add()
    e.key, e.value = "location", "weights.bin"
    bad("external.onnx", m, "node 0 'gemm1': initialiser 'W' has its data in an external file")
    m = mlp_with([], "g")
    m.graph.input.append(vinfo("z", ["N", 2]))
    bad("two_inputs.onnx", m, "the graph has several inputs")
    m = mlp_with([], "g")
    m.graph.input[0].type.tensor_type.shape.dim[1].dim_param = "features"
    bad("dynamic.onnx", m, "graph input 'x': dimension 1 is 'features': only the batch dimension")
    m = mlp_with([], "g")
    m.graph.input[0].type.tensor_type.shape.dim[0].dim_value = 2
    bad("batch2.onnx", m, "graph input 'x' has a batch of 2")
    bad("opset6.onnx", mlp_with([], "g", opset=6), "operator set 6 is not supported (7 to 21 are)")
    bad("opset22.onnx", mlp_with([], "g", opset=22), "operator set 22 is not supported (7 to 21 are)")
    m = mlp_with([helper.make_node("Foo", ["g"], ["s"], name="foo", domain="com.example")], "s")
    m.opset_import.append(helper.make_opsetid("com.example", 1))
    bad("custom_domain.onnx", m, "node 1 'foo': operator Foo of domain 'com.example' is not supported")
    bad("shape.onnx", mlp_with([node("Shape", ["g"], "s", "shape"), node("Reshape", ["g", "s"], "r", "reshape")],
                               "r"), "node 1 'shape': operator Shape is not supported")
    bad("div_by_input.onnx", mlp_with([node("Div", ["one", "g"], "s", "recip")], "s", [tensor("one", [1.0])]),
        "node 1 'recip': Div: dividing by the network's activation is not linear")
    m = mlp_with([], "g")
    m.graph.input[0].type.tensor_type.elem_type = TensorProto.INT64
    bad("int_input.onnx", m, "graph input 'x' is not a tensor of floating-point numbers")
    m = mlp_with([], "g")
    m.graph.output.append(vinfo("g", ["N", 2]))
    bad("two_outputs.onnx", m, "the graph has 2 outputs")
    bad("undefined.onnx", mlp_with([node("Relu", ["nope"], "s", "relu")], "s"),
        "node 1 'relu': input 'nope' is not defined")
    m = mlp_with([], "g")
    m.graph.initializer[0].CopyFrom(tensor("W", [[1, float("nan")], [2, 0.5]]))
    bad("nan.onnx", m, "node 0 'gemm1': initialiser 'W': value 1 is not finite")
    m = mlp_with([], "g")
    m.graph.initializer[0].raw_data = m.graph.initializer[0].raw_data[:12]
    bad("short_data.onnx", m, "node 0 'gemm1': initialiser 'W': shape [2x2] needs 4 values, the file holds 3")
    bad("big_conv.onnx", model([node("Conv", ["x", "W"], "y", "conv")], [tensor("W", f32((16, 1, 3, 3)))],
                               vinfo("x", [1, 1, 64, 64]), vinfo("y", [1, 16, 62, 62])),
        "node 0 'conv': Conv: as a dense matrix it would have 61504 x 4096 entries, more than the limit")
    bad("constant_only.onnx", mlp_with([node("Mul", ["W2", "W2"], "W3", "square")], "g"),
        "node 1 'square': operator Mul on constants only is not supported")
    m = model([node("Gemm", ["x", "W"], "g", "gemm1", transB=1), node("Relu", ["g"], "r", "relu")],
              [tensor("W", [[1, -1], [2, 0.5]])], vinfo("x", ["N", 2]), vinfo("g", ["N", 2]))
    bad("output_not_last.onnx", m, "graph output 'g' is not the end of the chain")
    bad("empty.onnx", b"", "empty file")
    # A graph nested in node attributes, 300 levels deep: valid protobuf that
    # a recursive unpacker would descend into.
    inner = b""
    for _ in range(300):
        g = b"\x0a" + varint(len(attr_bytes(inner))) + attr_bytes(inner)     # GraphProto.node
        inner = g
    model_bytes = b"\x08\x07" + b"\x3a" + varint(len(inner)) + inner
    bad("deep.onnx", model_bytes, "not a valid ONNX model (messages nested more than 64 deep)")
    with open(os.path.join(HERE, "bad", "expected.txt"), "w") as f:
        f.write("# file<TAB>a piece of the one-line message relucells must give\n")
        f.writelines(out)


def varint(n):
    b = bytearray()
    while True:
        byte = n & 0x7f
        n >>= 7
        if n:
            b.append(byte | 0x80)
        else:
            b.append(byte)
            return bytes(b)


def attr_bytes(graph):
    """A NodeProto whose attribute 'g' holds the given GraphProto bytes."""
    a = b"\x0a\x01g" + b"\x32" + varint(len(graph)) + graph          # AttributeProto name, g
    return b"\x22\x04Loop" + b"\x2a" + varint(len(a)) + a               # NodeProto op_type, attribute


def main():
    nets = {
        "old_exporter.onnx": old_exporter(),
        "gemm.onnx": gemm(),
        "final_relu.onnx": final_relu(),
        "batchnorm.onnx": batchnorm(0.25, [3.75, 0.0]),
        "batchnorm_rounded.onnx": batchnorm(None, [1.0, 2.0]),
        "reshape.onnx": reshape(),
        "float16.onnx": float16(),
        "div.onnx": div(),
        "conv_pool.onnx": conv_pool(),
        "conv_more.onnx": conv_more(),
        "opset21.onnx": opset21(),
        "rt_tiny.onnx": from_nnet(os.path.join(TOP, "tests", "data", "tiny.nnet")),
        "rt_degenerate_lines.onnx": from_nnet(os.path.join(TOP, "tests", "data", "degenerate_lines.nnet")),
        "rt_small2d.onnx": from_nnet(os.path.join(TOP, "examples", "small2d.nnet")),
    }
    check_conv_against_torch()
    if torch is not None:
        torch_nets()
    for name, m in nets.items():
        save(m, name)
    for name in ("torch_mlp.onnx", "torch_conv.onnx"):
        if os.path.exists(os.path.join(HERE, name)):
            nets[name] = onnx.load(os.path.join(HERE, name))
    with open(os.path.join(HERE, "expected.txt"), "w") as f:
        f.write("# Exact outputs of each network at random points, by make_onnx.py's\n"
                "# direct evaluation of the graph in fractions (net, x, y lines).\n")
        for name, m in sorted(nets.items()):
            if name != "batchnorm_rounded.onnx":       # its factors are irrational
                f.write(expectations(m, name))
    bad_files()
    print("wrote %d networks and the refused files in %s" % (len(nets), HERE))


if __name__ == "__main__":
    sys.exit(main())
