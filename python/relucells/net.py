"""Networks: reading them, building them from arrays or PyTorch, and
enumerating their regions.

A :class:`Net` is the C library's rc_net: L affine layers with ReLU
between them, computing ``y = W_L relu(... relu(W_1 x_n + b_1) ...) + b_L``
(with the NNet format's input normalisation and output scaling).  Its
numbers are exact rationals: those of an NNet file's text, an ONNX file's
floats, or the doubles given to :func:`from_arrays` (a float32 weight
converted to double is exactly the float32).
"""

import builtins
import ctypes
import math
import os
import queue
import threading
from ctypes import POINTER, byref, c_int, c_size_t, c_void_p

from . import _engine, _lib
from ._lib import lib, np
from .errors import (ArgumentError, Error, LimitError, RC_ERR_ARG,
                     RC_ERR_LIMIT, RC_ERR_STOPPED, StoppedError, error_for)
from .partition import (Domain, Partition, Region, _Context, _finalize,
                        _pattern_bytes)

__all__ = ["Net", "RegionStream", "load", "read_onnx", "from_arrays",
           "from_torch"]

_FORMATS = {"auto": _lib.RC_NET_AUTO, "nnet": _lib.RC_NET_NNET,
            "onnx": _lib.RC_NET_ONNX}


def load(path, format="auto"):
    """Read a network from an NNet or ONNX file (told apart by content, or
    ``format='nnet'``/``'onnx'``).  Raises :class:`relucells.FileError` or
    :class:`relucells.ParseError` with the library's message naming the
    file and line (or ONNX node)."""
    if format not in _FORMATS:
        raise ArgumentError("load: format %r is not auto, nnet or onnx"
                            % (format,))
    ptr = c_void_p()
    _lib.call(lib.rc_net_load, byref(ptr), _lib.encode(os.fspath(path)),
              _FORMATS[format])
    return Net(ptr.value, os.fspath(path))


def read_onnx(data, name="<memory>"):
    """Read an ONNX model from bytes (a serialized ModelProto); name is used
    in messages.  The network has no input box: give ``box`` (or
    ``unbounded``) to :meth:`Net.enumerate`."""
    data = bytes(data)
    ptr = c_void_p()
    _lib.call(lib.rc_net_read_onnx, byref(ptr), data, len(data),
              _lib.encode(name))
    return Net(ptr.value, name)


def _as_matrix(W, rows=None):
    W = np().asarray(W)
    if W.ndim == 1 and rows is None:
        W = W.reshape(1, -1)
    if W.ndim != 2:
        raise ArgumentError("a weight matrix must be 2-dimensional, not of "
                            "shape %s" % (W.shape,))
    return W


def from_arrays(layers, box=None, name="<arrays>"):
    """A network from its layers ``[(W1, b1), (W2, b2), ...]``: ``W_l`` of
    shape (outputs of layer l, inputs of layer l), ``b_l`` of length the
    outputs; ReLU between layers, none after the last.  Every number is
    taken as the double it converts to, exactly (float32 weights stay
    exact).  box: the input box ``(lo, hi)`` (numbers, or arrays over the
    inputs); default -1..1 for every input (as rc_net_new)."""
    layers = list(layers)
    if not layers:
        raise ArgumentError("from_arrays: a network needs at least one layer")
    mats, vecs = [], []
    for l, layer in enumerate(layers):
        try:
            W, b = layer
        except (TypeError, ValueError):
            raise ArgumentError("from_arrays: layer %d is not a pair (W, b)"
                                % (l + 1)) from None
        W = _as_matrix(W)
        b = np().asarray(b).reshape(-1)
        if b.shape[0] != W.shape[0]:
            raise ArgumentError("from_arrays: layer %d has %d rows but %d "
                                "biases" % (l + 1, W.shape[0], b.shape[0]))
        if mats and W.shape[1] != mats[-1].shape[0]:
            raise ArgumentError("from_arrays: layer %d takes %d inputs but "
                                "layer %d gives %d" % (l + 1, W.shape[1], l,
                                                       mats[-1].shape[0]))
        mats.append(W)
        vecs.append(b)
    sizes = [mats[0].shape[1]] + [W.shape[0] for W in mats]
    ptr = c_void_p()
    _lib.call(lib.rc_net_new, byref(ptr), len(mats),
              (c_size_t * len(sizes))(*sizes))
    net = Net(ptr.value, name)
    for l, (W, b) in enumerate(zip(mats, vecs)):
        Wd = np().asarray(W, dtype=float)
        bd = np().asarray(b, dtype=float)
        for i in range(Wd.shape[0]):
            for j in range(Wd.shape[1]):
                if lib.rc_net_set_weight(net._ptr, l, i, j, Wd[i, j]) != 0:
                    raise ArgumentError("from_arrays: layer %d, weight (%d, %d) "
                                        "is %r, not a finite number"
                                        % (l + 1, i, j, W[i, j]))
            if lib.rc_net_set_bias(net._ptr, l, i, bd[i]) != 0:
                raise ArgumentError("from_arrays: layer %d, bias %d is %r, not "
                                    "a finite number" % (l + 1, i, b[i]))
    if box is not None:
        net.set_input_box(*box)
    return net


# ---- PyTorch -------------------------------------------------------------------

def _torch_layers(module):
    """The layers of an nn.Sequential of Linear, ReLU, Flatten, Identity and
    Dropout (nested Sequentials flattened), as [(W, b), ...] in float64
    (exactly the module's numbers), or None when the module is anything
    else, or when two Linear meet without a ReLU between them (composing
    them in double would round: the ONNX reader composes exactly)."""
    import torch.nn as nn

    def flat(m):
        if isinstance(m, nn.Sequential):
            for child in m:
                yield from flat(child)
        else:
            yield m

    if not isinstance(module, nn.Sequential):
        return None
    layers, expect_linear = [], True
    for m in flat(module):
        if isinstance(m, (nn.Identity, nn.Dropout)):
            continue
        if isinstance(m, nn.Flatten):
            if layers:       # a Flatten between layers acts on 1D: identity
                continue
            continue
        if isinstance(m, nn.Linear) and expect_linear:
            W = m.weight.detach().cpu().double().numpy()
            b = (m.bias.detach().cpu().double().numpy() if m.bias is not None
                 else np().zeros(W.shape[0]))
            layers.append((W, b))
            expect_linear = False
        elif isinstance(m, nn.ReLU) and not expect_linear:
            expect_linear = True
        else:
            return None
    if not layers or expect_linear:
        return None
    return layers


def _torch_input_shape(module):
    import torch.nn as nn
    for m in module.modules():
        if isinstance(m, nn.Linear):
            return (1, m.in_features)
        if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
            break
    return None


def from_torch(module, input_shape=None, via="auto", box=None):
    """A network from a PyTorch module, exactly (its function in eval mode).

    via='direct' reads an ``nn.Sequential`` of ``Linear``, ``ReLU``,
    ``Flatten``, ``Identity`` and ``Dropout`` layer by layer (Linear and
    ReLU alternating, ending with Linear): every float32 weight is kept
    exactly.  via='onnx' exports the module with ``torch.onnx.export`` into
    memory and reads it with the ONNX reader, which folds what it accepts
    (normalisation, ``BatchNorm1d`` after ``Linear``, reshapes, small
    convolutions, consecutive Linear layers) in exact rational arithmetic
    (relucells-onnx(5)).  via='auto' (default) takes the direct path when
    it applies and ONNX otherwise.  input_shape: the shape of one input
    batch for the export (default ``(1, in_features)`` of the first
    Linear).  box: the input box (lo, hi), as for :func:`from_arrays`; an
    ONNX network has none otherwise (give ``box`` to :meth:`Net.enumerate`),
    a direct one -1..1.
    """
    if via not in ("auto", "direct", "onnx"):
        raise ArgumentError("from_torch: via=%r is not auto, direct or onnx"
                            % (via,))
    name = "<torch %s>" % type(module).__name__
    if via != "onnx":
        layers = _torch_layers(module)
        if layers is not None:
            return from_arrays(layers, box=box, name=name)
        if via == "direct":
            raise ArgumentError(
                "from_torch: via='direct' takes an nn.Sequential of Linear and "
                "ReLU alternating (Flatten, Identity, Dropout anywhere), ending "
                "with Linear; use via='onnx' for %s" % type(module).__name__)
    net = read_onnx(_torch_onnx_bytes(module, input_shape), name)
    if box is not None:
        net.set_input_box(*box)
    return net


def _torch_onnx_bytes(module, input_shape):
    import io
    import torch
    if input_shape is None:
        input_shape = _torch_input_shape(module)
        if input_shape is None:
            raise ArgumentError("from_torch: cannot tell the input's shape of "
                                "%s: give input_shape" % type(module).__name__)
    dtype = torch.float32
    for p in module.parameters():
        dtype = p.dtype
        break
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(module, torch.zeros(*input_shape, dtype=dtype), buf,
                          opset_version=13, do_constant_folding=False,
                          training=torch.onnx.TrainingMode.EVAL,
                          input_names=["x"], output_names=["y"])
    return buf.getvalue()


# ---- Domains and options ---------------------------------------------------------

def _box_text(box):
    """The box as the library's text "LO,HI" or "L1,H1,...,Ln,Hn": box is
    (lo, hi), each a number or a sequence over the inputs (or the free
    inputs), or the CLI's text as it is."""
    if isinstance(box, str):
        return box
    try:
        lo, hi = box
    except (TypeError, ValueError):
        raise ArgumentError("box: %r is not (lo, hi)" % (box,)) from None

    def values(v):
        if isinstance(v, str):
            return None
        if hasattr(v, "tolist"):
            v = v.tolist()
        if isinstance(v, (list, tuple)):
            return list(v)
        return None
    los, his = values(lo), values(hi)
    if los is None and his is None:
        return "%s,%s" % (_lib.number_text(lo), _lib.number_text(hi))
    n = len(los) if los is not None else len(his)
    los = los if los is not None else [lo] * n
    his = his if his is not None else [hi] * n
    if len(los) != len(his):
        raise ArgumentError("box: %d lower and %d upper bounds"
                            % (len(los), len(his)))
    for v in los + his:
        if isinstance(v, (list, tuple)):
            raise ArgumentError("box: (lo, hi) with lo and hi numbers or "
                                "vectors over the inputs, not %r" % (box,))
    return ",".join("%s,%s" % (_lib.number_text(a), _lib.number_text(b))
                    for a, b in zip(los, his))


def _fix_text(fix):
    """fix as the library's text "I=V,..." (inputs from 1): a dict
    {input from 0: value} or the CLI's text as it is."""
    if isinstance(fix, str):
        return fix
    items = fix.items() if hasattr(fix, "items") else fix
    parts = []
    for i, v in items:
        i = int(i)
        if i < 0:
            raise ArgumentError("fix: input %d: inputs are numbered from 0" % i)
        parts.append("%d=%s" % (i + 1, _lib.number_text(v)))
    return ",".join(parts)


def _arith(exact, float_):
    if exact and float_:
        raise ArgumentError("exact and float exclude each other")
    return (_lib.RC_ARITH_EXACT if exact else
            _lib.RC_ARITH_FLOAT if float_ else _lib.RC_ARITH_FILTERED)


def _check_run(threads, time_limit, max_regions):
    if threads is not None and (int(threads) != threads or not 0 <= threads <= 256):
        raise ArgumentError("threads: %r is not a thread count (1 to 256, "
                            "or 0 for every core)" % (threads,))
    if time_limit is not None and not time_limit > 0:
        raise ArgumentError("time_limit: %r is not a positive number of "
                            "seconds" % (time_limit,))
    if max_regions is not None and (int(max_regions) != max_regions
                                    or max_regions < 0):
        raise ArgumentError("max_regions: %r is not a count" % (max_regions,))


_RUN_DOC = """
        Domain (default: the network's input box; an ONNX network has none):
          box        (lo, hi): lo and hi numbers (every input) or vectors
                     over the inputs (or the free inputs), e.g.
                     (x.min(0), x.max(0)); or the CLI's text "L1,H1,...";
          fix        {input: value} with inputs numbered from 0, or the
                     CLI's text "1=30000,2=0" (numbered from 1): a slice;
          unbounded  all of R^n (regions may be unbounded);
          vnnlib     a VNN-LIB file whose input box is the domain.
        Numbers are read exactly: ints, Fractions, floats by their shortest
        repr (0.1 is 1/10, as on the command line), or text "p/q".
        Arithmetic (default: every decision exact at about the cost of
        floating point):
          exact      exact rationals throughout; every number of the result
                     a fractions.Fraction;
          float      plain double precision: fastest; close calls may be
                     decided wrongly (counted in stats['uncertain']).
        Run:
          max_regions  stop once more than this many regions exist after a
                     layer (LimitError);
          time_limit stop after this many seconds (LimitError), within a
                     small fraction of a second;
          threads    worker threads (None or 0: one per core); the regions,
                     their order and ids are the same for any number.
        Ctrl-C (KeyboardInterrupt) stops the enumeration cleanly.
"""


_PATH_DOC = """
        Points are raw inputs (before an NNet normalisation; the input box
        plays no part), sequences or arrays of numbers read exactly: ints,
        Fractions, floats by their shortest repr (0.1 is 1/10, as on the
        command line), or text "p/q".
        Values (default: every output):
          output_index  one output K (0-based; the program's
                     --output-index K+1);
          combine    coefficients c, one per output: the value g = c^T f
                     (e.g. a logit difference), read exactly.
        Arithmetic (default: every decision exact, in double precision with
        proven bounds and exactly where they cannot decide):
          exact      every t, point, value and slope exact: Fractions;
          float      plain double precision (undecided calls counted in
                     ``uncertain``).
        Run:
          max_breakpoints  stop after this many break points (LimitError);
          time_limit stop after this many seconds (LimitError);
          keep_patterns  keep each piece's activation pattern (default).
        A limit or Ctrl-C leaves the break points found so far: the
        LimitError or StoppedError carries that path in ``result``.
"""


class Net:
    """A feed-forward ReLU network (the C library's rc_net).

    Made by :func:`load`, :func:`read_onnx`, :func:`from_arrays` or
    :func:`from_torch`.  Sizes: ``num_inputs``, ``num_outputs``,
    ``num_layers`` (affine layers L), ``num_hidden`` (L - 1),
    ``layer_sizes`` (inputs, then each layer's width), ``num_neurons``
    (hidden neurons: the length of a pattern), ``num_params``.  Numbers:
    :meth:`weights`, :meth:`biases` (float64, or exact Fractions),
    ``input_box``, ``normalisation``, ``source_info``.  Calling the
    network evaluates it (``net(x)``).  Regions: :meth:`enumerate`,
    :meth:`iter_regions`; analyses :meth:`bounds`, :meth:`atoms`,
    :meth:`lipschitz`; paths :meth:`path`, :meth:`arc`, :meth:`paths`;
    :meth:`save` writes NNet or ONNX.
    """

    def __init__(self, ptr, name):
        if not ptr:
            raise Error("no network")
        self._ptr = ptr
        self._finalizer = _finalize(self, lib.rc_net_free, ptr)
        self.name = name

    # -- shape
    @property
    def num_inputs(self):
        """The number of inputs."""
        return lib.rc_net_num_inputs(self._ptr)

    @property
    def num_outputs(self):
        """The number of outputs."""
        return lib.rc_net_num_outputs(self._ptr)

    @property
    def num_layers(self):
        """The number of affine layers L (hidden layers and the output)."""
        return lib.rc_net_num_layers(self._ptr)

    @property
    def num_hidden(self):
        """The number of hidden layers (L - 1)."""
        return lib.rc_net_num_hidden(self._ptr)

    @property
    def layer_sizes(self):
        """(inputs, width of layer 1, ..., outputs)."""
        return (self.num_inputs,) + tuple(
            lib.rc_net_layer_size(self._ptr, l) for l in range(self.num_layers))

    @property
    def num_neurons(self):
        """Hidden neurons: the length of an activation pattern."""
        return lib.rc_net_num_neurons(self._ptr)

    @property
    def num_params(self):
        """The number of weights and biases."""
        return lib.rc_net_num_params(self._ptr)

    def __repr__(self):
        return "<relucells.Net %s from %s>" % (
            "-".join(str(s) for s in self.layer_sizes), self.name)

    # -- numbers
    def _shape(self, l):
        rows = lib.rc_net_layer_size(self._ptr, l)
        cols = self.num_inputs if l == 0 else lib.rc_net_layer_size(self._ptr, l - 1)
        return rows, cols

    def weights(self, exact=False):
        """The weight matrices W_1 .. W_L (rows: the layer's neurons), as
        float64 arrays, or Fraction arrays with exact=True (the exact
        values the network holds)."""
        out = []
        for l in range(self.num_layers):
            rows, cols = self._shape(l)
            out.append(_lib.fractions(lib.rc_net_weights_q(self._ptr, l), rows, cols)
                       if exact else
                       _lib.doubles(lib.rc_net_weights(self._ptr, l), rows, cols))
        return out

    def biases(self, exact=False):
        """The bias vectors b_1 .. b_L, float64 or (exact=True) Fractions."""
        out = []
        for l in range(self.num_layers):
            rows, _ = self._shape(l)
            out.append(_lib.fractions(lib.rc_net_biases_q(self._ptr, l), rows)
                       if exact else
                       _lib.doubles(lib.rc_net_biases(self._ptr, l), rows))
        return out

    @property
    def input_box(self):
        """The input box (lo, hi) as float64 arrays, or None (ONNX)."""
        if not lib.rc_net_has_input_bounds(self._ptr):
            return None
        n = self.num_inputs
        return (_lib.doubles(lib.rc_net_input_min(self._ptr), n),
                _lib.doubles(lib.rc_net_input_max(self._ptr), n))

    def set_input_box(self, lo, hi):
        """Give the network an input box: lo and hi numbers (every input)
        or arrays over the inputs."""
        n = self.num_inputs
        lo = np().broadcast_to(np().asarray(lo, dtype=float), (n,))
        hi = np().broadcast_to(np().asarray(hi, dtype=float), (n,))
        _lib.call(lib.rc_net_set_input_bounds, self._ptr,
                  _lib.double_array(lo), _lib.double_array(hi))

    @property
    def normalisation(self):
        """The NNet normalisation: (input mean, input range, output mean,
        output range); y = M((x - mean) / range) * out_range + out_mean."""
        n = self.num_inputs
        return (_lib.doubles(lib.rc_net_input_mean(self._ptr), n),
                _lib.doubles(lib.rc_net_input_range(self._ptr), n),
                lib.rc_net_output_mean(self._ptr),
                lib.rc_net_output_range(self._ptr))

    @property
    def source_info(self):
        """Where the network came from (ONNX: opset, producer, operators
        folded), a few lines, or None."""
        s = lib.rc_net_source_info(self._ptr)
        return s.decode() if s is not None else None

    def __call__(self, x):
        """The network's output at raw input x (one point, or a batch: an
        array of points, one a row); float64."""
        out, _ = self._eval(x, False)
        return out

    def activation_pattern(self, x):
        """The activation pattern at raw input x as text ("0110|10"; a
        pre-activation > 0 is 1, in double precision; a neuron that is zero
        at x can fall either way: Partition.locate decides from facets)."""
        _, pats = self._eval(x, True)
        return pats

    def _eval(self, x, want_pattern):
        X = np().asarray(x, dtype=float)
        single = X.ndim == 1
        X = np().atleast_2d(X)
        if X.shape[1] != self.num_inputs:
            raise ArgumentError("a point of %d coordinates for a network of %d "
                                "inputs" % (X.shape[1], self.num_inputs))
        m, nn = self.num_outputs, self.num_neurons
        Y = np().empty((X.shape[0], m))
        y = (ctypes.c_double * m)()
        pat = (ctypes.c_ubyte * max(nn, 1))()
        buf = ctypes.create_string_buffer(nn + self.num_hidden + 1)
        pats = []
        for k, row in enumerate(X):
            if lib.rc_net_eval(self._ptr, y, pat if want_pattern else None,
                               _lib.double_array(row)) != 0:
                raise MemoryError("relucells: out of memory")
            Y[k] = y[:m]
            if want_pattern:
                lib.rc_pattern_string(buf, pat, self._ptr)
                pats.append(buf.value.decode())
        if single:
            return Y[0], (pats[0] if want_pattern else None)
        return Y, pats

    def save(self, path, format=None):
        """Write the network as NNet (exact decimals: a lossless round trip)
        or ONNX (float64), chosen by format ('nnet', 'onnx') or the path's
        extension.  Returns the number of values rounded (ONNX; 0 for NNet)."""
        path = os.fspath(path)
        if format is None:
            format = "onnx" if path.lower().endswith(".onnx") else "nnet"
        if format == "nnet":
            _lib.call(lib.rc_net_write_nnet, self._ptr, _lib.encode(path))
            return 0
        if format == "onnx":
            rounded = c_size_t()
            _lib.call(lib.rc_net_write_onnx, self._ptr, _lib.encode(path),
                      byref(rounded))
            return rounded.value
        raise ArgumentError("save: format %r is not nnet or onnx" % (format,))

    # -- regions
    def domain(self, box=None, fix=None, unbounded=False, vnnlib=None):
        """The domain of an enumeration (see :meth:`enumerate`)."""
        spec = _lib.DomainSpec()
        lib.rc_domain_spec_init(byref(spec))
        keep = []                   # the texts live until the call returns
        if box is not None:
            keep.append(_box_text(box).encode())
            spec.box = keep[-1]
        if fix is not None:
            keep.append(_fix_text(fix).encode())
            spec.fix = keep[-1]
        if vnnlib is not None:
            keep.append(_lib.encode(os.fspath(vnnlib)))
            spec.vnnlib = keep[-1]
        spec.unbounded = 1 if unbounded else 0
        keep.append(_lib.encode(self.name))
        spec.net_name = keep[-1]
        ptr = c_void_p()
        _lib.call(lib.rc_domain_from_spec, byref(ptr), self._ptr, byref(spec))
        return Domain(ptr.value)

    def _opts(self, exact, float_, max_regions, certify, volume, chebyshev,
              threads=None, time_limit=None):
        opts = _lib.EnumOpts()
        lib.rc_enum_opts_init(byref(opts))
        opts.arithmetic = _arith(exact, float_)
        opts.threads = 0 if threads is None else int(threads)
        if time_limit is not None:
            opts.time_limit = float(time_limit)
        if max_regions:
            opts.max_regions = int(max_regions)
        if certify:
            if not exact:
                raise ArgumentError("certify certifies exact regions: add "
                                    "exact=True")
            opts.certify_lp = 1
        opts.volume = 1 if volume else 0
        opts.chebyshev = 1 if chebyshev else 0
        return opts

    def enumerate(self, box=None, fix=None, unbounded=False, exact=False,
                  float=False, threads=None, max_regions=None,
                  time_limit=None, vnnlib=None, certify=False, volume=True,
                  chebyshev=True):
        """Enumerate every linear region and keep them: a :class:`Partition`.
        %s
        Also: certify (with exact) solves each region's interior-margin LP
        exactly (the optimal margin); volume and chebyshev (default True)
        compute each region's volume and Chebyshev ball.

        On a limit, :class:`relucells.LimitError` is raised with the partial
        partition (complete and correct regions) in its ``partition``.
        """
        _check_run(threads, time_limit, max_regions)
        dom = self.domain(box, fix, unbounded, vnnlib)
        opts = self._opts(exact, float, max_regions, certify, volume, chebyshev,
                          threads, time_limit)
        part = c_void_p()
        err = lib.rc_error_new()
        if not err:
            raise MemoryError("relucells: cannot allocate an rc_error")

        def work(stop):
            opts.stop = ctypes.pointer(stop)
            return lib.rc_enumerate(byref(part), self._ptr, dom._ptr,
                                    byref(opts), err)
        try:
            try:
                status, timed_out = _engine.run(work, time_limit)
            except BaseException:
                lib.rc_partition_free(part)
                raise
            msg = _lib.message(err)
        finally:
            lib.rc_error_free(err)
        if status == 0:
            return Partition(part.value, self, dom, opts.arithmetic)
        if status in (RC_ERR_LIMIT, RC_ERR_STOPPED) and part.value:
            partial = Partition(part.value, self, dom, opts.arithmetic)
            if timed_out:
                raise LimitError("time limit of %g s reached: %d regions "
                                 "finished" % (time_limit, len(partial)),
                                 RC_ERR_LIMIT, partial)
            cls = LimitError if status == RC_ERR_LIMIT else StoppedError
            raise cls(msg, status, partial)
        lib.rc_partition_free(part)
        raise error_for(status, msg)

    enumerate.__doc__ = enumerate.__doc__ % _RUN_DOC

    def iter_regions(self, box=None, fix=None, unbounded=False, exact=False,
                     float=False, threads=None, max_regions=None,
                     time_limit=None, vnnlib=None, certify=False, volume=True,
                     chebyshev=True, buffer=64):
        """Enumerate the regions one at a time, without holding them: a
        :class:`RegionStream` of :class:`Region` objects (each a copy of
        its data), in the order of :meth:`enumerate` with the same ids.
        The enumeration runs in a worker thread ahead of the reader by at
        most ``buffer`` regions; leaving the loop early (break, close(), or
        dropping the stream) stops it.  Same arguments as :meth:`enumerate`:
        %s
        A limit raises :class:`relucells.LimitError` after the last region
        found; the stream's ``layer_counts``, ``complete`` and ``stats`` are
        set once it is exhausted.
        """
        _check_run(threads, time_limit, max_regions)
        dom = self.domain(box, fix, unbounded, vnnlib)
        opts = self._opts(exact, float, max_regions, certify, volume, chebyshev,
                          threads, time_limit)
        return RegionStream(self, dom, opts, time_limit, buffer)

    iter_regions.__doc__ = iter_regions.__doc__ % _RUN_DOC

    def bounds(self, **enumerate_args):
        """Enumerate (same arguments as :meth:`enumerate`) and put the count
        after each layer beside the published bounds: a
        :class:`relucells.analysis.Bounds`."""
        return self.enumerate(**enumerate_args).bounds()

    def lipschitz(self, normalised=False, **enumerate_args):
        """Enumerate (same arguments as :meth:`enumerate`) and compute the
        local and global Lipschitz constants beside the bounds: a
        :class:`relucells.analysis.Lipschitz`."""
        return self.enumerate(**enumerate_args).lipschitz(normalised=normalised)

    # -- paths
    def path(self, x0=None, x1=None, points=None, exact=False, float=False,
             output_index=None, combine=None, max_breakpoints=None,
             time_limit=None, keep_patterns=True):
        """Every break point of the network along the segment
        ``x0 + t (x1 - x0)``, t in [0, 1] (or, with ``points=[p0, p1, ...]``
        instead of x0 and x1, along the polyline through them, t in [0, m]
        for m segments): a :class:`relucells.path.Path`.
        %s"""
        from .path import _compute
        if points is not None:
            if x0 is not None or x1 is not None:
                raise ArgumentError("path: give x0 and x1, or points, not both")
            return _compute(self, _lib.RC_PATH_POLYLINE, points, 0.0, exact,
                            float, output_index, combine, max_breakpoints,
                            time_limit, keep_patterns, None)
        if x0 is None or x1 is None:
            raise ArgumentError("path: give x0 and x1 (a segment), or points "
                                "(a polyline)")
        return _compute(self, _lib.RC_PATH_SEGMENT, (x0, x1), 0.0, exact,
                        float, output_index, combine, max_breakpoints,
                        time_limit, keep_patterns, None)

    def arc(self, x0, x1, angle=2 * math.pi, exact=False, float=False,
            output_index=None, combine=None, max_breakpoints=None,
            time_limit=None, keep_patterns=True, length_tol=None):
        """Every break point of the network along Raghu et al.'s arc
        ``cos(theta) x0 + sin(theta) x1``, theta in [0, angle] (0 < angle
        <= 2 pi; pi/2 joins x0 and x1, 2 pi is the whole circle, or ellipse):
        a :class:`relucells.path.Path` whose t is theta.  Break points are
        decided exactly (zeros of quadratics in tan(phi/2)); theta itself
        is a float, and with exact=True each break point's
        ``theta_exact`` gives it exactly.  length_tol: the relative accuracy
        of the trajectory lengths' quadrature (default 1e-12).
        %s"""
        from .path import _compute
        try:
            angle = builtins.float(angle)
        except (TypeError, ValueError):
            raise ArgumentError("arc: angle %r is not a number" % (angle,)) \
                from None
        return _compute(self, _lib.RC_PATH_ARC, (x0, x1), angle, exact, float,
                        output_index, combine, max_breakpoints, time_limit,
                        keep_patterns, length_tol)

    path.__doc__ = path.__doc__ % _PATH_DOC
    arc.__doc__ = arc.__doc__ % _PATH_DOC

    def paths(self, samples, pairs=1000, seed=1, threads=None, normalise=False,
              output_index=None, combine=None, exact=False, float=False,
              arc=None, grid=None, bins=None, near_zero=None, time_limit=None,
              progress=None):
        """The statistics of the segments between pairs of samples, as
        ``relucells paths``: a :class:`relucells.path.PathStats` with Kubo
        et al.'s K, gradient gaps (sigma^2), gap deviation and deflection,
        Kim & Kim's share of break points and gradient jumps per hidden
        layer, Raghu et al.'s transitions, patterns and trajectory lengths.

          samples    the points, one a row (an array of shape (N, inputs)
                     or a list of points); numbers read as in :meth:`path`
          pairs      N random pairs of different samples (default 1000,
                     drawn from seed alone: the program's --pairs N --seed S
                     gives the same), 'all' (every i < j), 'consecutive'
                     ((0, 1), (1, 2), ...), or a list of (i, j) (0-based)
          threads    paths computed in parallel (None or 0: every core);
                     the result does not depend on it
          normalise  Kim & Kim's jumps divided by their standard deviation
          arc        an angle: Raghu et al.'s arcs cos(theta) X0 +
                     sin(theta) X1, theta in [0, arc], instead of segments
                     (no deflection then)
          grid       the deflection also at t = 0, 1/grid, ..., 1
          bins       bins of the histogram of K (default 20)
          near_zero  h: Kim & Kim's Table 3, the flips within h (in t) of a
                     zero of the value (one value: output_index or combine)
          progress   a function progress(done, total, breakpoints), called
                     now and then from the worker thread
        output_index, combine, exact, float, time_limit: as in :meth:`path`
        (the samples are read exactly only with exact=True, as the program
        does; otherwise as the nearest doubles).  A time limit or Ctrl-C
        keeps the paths finished: :class:`relucells.LimitError` or
        :class:`relucells.StoppedError` with the statistics in ``result``.
        """
        from .path import _compute_stats
        return _compute_stats(self, samples, pairs, seed, threads, normalise,
                              output_index, combine, exact, float, arc, grid,
                              bins, near_zero, time_limit, progress)

    def atoms(self, pattern, exact=False):
        """The atomic decomposition of the network's map for an activation
        pattern (text "0110|10" or a boolean sequence): a
        :class:`relucells.analysis.Atoms`, in Fractions with exact=True."""
        from .analysis import Atoms
        return Atoms._new(self, _pattern_bytes(self, pattern), exact)


class _End:
    """The last item of a stream: how the enumeration ended, and its
    summary (copied: the C summary is cleared by the worker)."""

    def __init__(self, status, message, summary):
        self.status = status
        self.message = message
        self.num_regions = summary.num_regions
        self.layer_counts = tuple(summary.layer_counts[k]
                                  for k in range(summary.num_hidden)) \
            if summary.layer_counts else ()
        self.complete = bool(summary.complete)
        self.stats = {name: getattr(summary.stats, name)
                      for name, _ in _lib.EnumStats._fields_}


class _Producer:
    """The enumeration side of a stream, run by a worker: it holds no
    reference to the RegionStream, so a stream nobody reads can be
    collected, and its finalizer then cancels the producer."""

    def __init__(self, net, dom, opts, buffer):
        self.net, self.dom, self.opts = net, dom, opts
        self.ctx = _Context(net, lib.rc_domain_dim(dom._ptr), net.num_outputs,
                            opts.arithmetic == _lib.RC_ARITH_EXACT)
        self.queue = queue.Queue(max(1, int(buffer)))
        self.cancelled = threading.Event()
        self.error = None
        self.callback = _lib.REGION_FN(self._on_region)
        self.job = None

    def _put(self, item):
        while not self.cancelled.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def _on_region(self, user, r):
        try:
            if self.cancelled.is_set():
                return 1
            return 0 if self._put(Region._copy(self.ctx, r)) else 1
        except BaseException as e:          # stop, and raise it to the reader
            self.error = e
            return 1

    def work(self, stop):
        self.opts.stop = ctypes.pointer(stop)
        summary = _lib.EnumSummary()
        lib.rc_enum_summary_init(byref(summary))
        err = lib.rc_error_new()
        try:
            status = lib.rc_enumerate_each(self.net._ptr, self.dom._ptr,
                                           byref(self.opts), self.callback,
                                           None, byref(summary), err)
            end = _End(status, _lib.message(err), summary)
        finally:
            lib.rc_error_free(err)
            lib.rc_enum_summary_clear(byref(summary))
        self._put(end)

    def cancel(self):
        """Stop the enumeration and drop what is queued.  Called by the
        reader, or by the garbage collector in any thread: in the worker
        itself it must not wait for the worker."""
        self.cancelled.set()
        job = self.job
        if job is not None:
            job.request_stop()
            if job.thread is not threading.current_thread():
                job.done.wait()
        try:
            while True:
                self.queue.get_nowait()
        except queue.Empty:
            pass


def _cancel(producer):
    producer.cancel()


class RegionStream:
    """Regions as the enumeration finds them (:meth:`Net.iter_regions`).

    An iterator of :class:`Region`; also a context manager (leaving the
    ``with`` block stops the enumeration).  Once exhausted: ``layer_counts``
    (a tuple), ``complete`` and ``stats``; None before.  ``close()`` stops
    the enumeration early.
    """

    def __init__(self, net, dom, opts, time_limit, buffer):
        self._producer = p = _Producer(net, dom, opts, buffer)
        self._time_limit = time_limit
        self._timer = None
        self._done = False
        self.layer_counts = None
        self.complete = None
        self.stats = None
        p.job = _engine.submit(p.work)
        self._finalizer = _finalize(self, _cancel, p)
        if time_limit is not None:
            self._timed_out = threading.Event()

            def expire(job=p.job, flag=self._timed_out):
                flag.set()
                job.request_stop()
            self._timer = threading.Timer(time_limit, expire)
            self._timer.daemon = True
            self._timer.start()

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        p = self._producer
        try:
            item = p.queue.get()
        except BaseException:
            self.close()
            raise
        if isinstance(item, Region):
            return item
        self._finish(item)
        raise StopIteration

    def _finish(self, end):
        p = self._producer
        self._done = True
        p.job.done.wait()
        if self._timer is not None:
            self._timer.cancel()
        self.layer_counts = end.layer_counts
        self.complete = end.complete
        self.stats = end.stats
        self._finalizer()
        if p.error is not None:
            raise p.error
        if end.status == 0:
            return
        if end.status == RC_ERR_STOPPED and self._timer is not None \
                and self._timed_out.is_set():
            raise LimitError("time limit of %g s reached: %d regions handed "
                             "over" % (self._time_limit, end.num_regions),
                             RC_ERR_LIMIT)
        raise error_for(end.status, end.message)

    def close(self):
        """Stop the enumeration; the regions not yet read are dropped."""
        self._done = True
        if self._timer is not None:
            self._timer.cancel()
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
