"""The network along a path: every break point, exactly (relucells/path.h),
and the statistics of many paths (relucells/pathstats.h).

A path is a curve x(t) through the input space: the segment
``x(t) = x0 + t (x1 - x0)``, t in [0, 1]; a polyline through points
``p_0, ..., p_m`` (t in [0, m], segment k for t in [k, k + 1]); or Raghu et
al.'s arc ``x(theta) = cos(theta) x0 + sin(theta) x1``, theta in
[0, angle].  Along it the network is piecewise affine (piecewise
``c + a cos + b sin`` on an arc): a *break point* is a t where the
activation pattern changes (Kubo et al.'s nodes, Raghu et al.'s
transitions), a *piece* the interval between two.  Nothing of the input
space is enumerated, so a path works in any input dimension.

:meth:`relucells.Net.path` and :meth:`relucells.Net.arc` give a
:class:`Path`; :meth:`relucells.Net.paths` runs the segments (or arcs)
between pairs of samples and gives their statistics, a :class:`PathStats`:
Kubo et al.'s number of nodes K, gradient gaps and deflection, Kim & Kim's
share of break points and gradient jumps per hidden layer, Raghu et al.'s
transitions, patterns and trajectory lengths.

Numbering is 0-based (hidden layers, neurons, outputs), as in the rest of
the package; the program's text and JSON number layers and neurons from 1.
"""

import collections
import ctypes
import math
import numbers
from ctypes import POINTER, byref, c_double, c_size_t, c_void_p
from fractions import Fraction
from functools import cached_property

from . import _engine, _lib
from ._lib import lib, np
from .errors import (ArgumentError, Error, LimitError, RC_ERR_LIMIT, RC_ERR_STOPPED,
                     StoppedError, error_for)
from .partition import _finalize

__all__ = ["Path", "Breakpoint", "Piece", "Flip", "PathStats"]

_KINDS = {_lib.RC_PATH_SEGMENT: "segment", _lib.RC_PATH_POLYLINE: "polyline",
          _lib.RC_PATH_ARC: "arc"}
_ARITH_NAMES = {_lib.RC_ARITH_FILTERED: "default", _lib.RC_ARITH_EXACT: "exact",
                _lib.RC_ARITH_FLOAT: "float"}
_PATH_FORMATS = {"text": _lib.RC_PATH_TEXT, "json": _lib.RC_PATH_JSON,
                 "csv": _lib.RC_PATH_CSV}


# ---- Exact numbers into the library -------------------------------------------

class _QArray:
    """n exact rationals owned by the library (rc_q_array_new_text), read
    from numbers as :func:`relucells._lib.number_text` writes them."""

    def __init__(self, values, what):
        self.ptr = None
        values = list(values)
        self.n = len(values)
        text = " ".join(_lib.number_text(v) for v in values)
        ptr = c_void_p()
        try:
            _lib.call(lib.rc_q_array_new_text, byref(ptr), text.encode(),
                      self.n)
        except Error as e:       # say which argument, as the program does
            raise type(e)("%s: %s" % (what, e), e.status) from None
        self.ptr = ptr.value

    def free(self):
        if self.ptr is not None:
            lib.rc_q_array_free(self.ptr, self.n)
            self.ptr = None

    def __del__(self):
        self.free()


def _flat(x):
    """A point or a list of points as a flat list of numbers (str, int,
    Fraction and floats kept as they are, to be read exactly)."""
    if hasattr(x, "tolist") and not isinstance(x, str):
        x = x.tolist()
    if isinstance(x, (list, tuple)):
        out = []
        for e in x:
            out.extend(_flat(e))
        return out
    return [x]


def _point(x, n, what):
    """x as a list of n numbers, or ArgumentError."""
    if isinstance(x, str):
        values = [v for v in x.replace(",", " ").split()]
    else:
        values = _flat(x)
    if len(values) != n:
        raise ArgumentError("%s: a point of %d coordinates for a network of %d "
                            "inputs" % (what, len(values), n))
    return values


def _combination(net, output_index, combine):
    """The values of a path: (doubles, exact) coefficients c of g = c^T f,
    or (None, None) for all outputs.  output_index K is c = e_K (0-based;
    the program's --output-index K+1); combine the coefficients."""
    m = net.num_outputs
    if output_index is not None and combine is not None:
        raise ArgumentError("output_index and combine exclude each other")
    if output_index is not None:
        if isinstance(output_index, bool) or int(output_index) != output_index \
                or not 0 <= output_index < m:
            raise ArgumentError("output_index: %r is not an output (0 to %d)"
                                % (output_index, m - 1))
        values = [0] * m
        values[int(output_index)] = 1
    elif combine is not None:
        values = _flat(combine)
        if len(values) != m:
            raise ArgumentError("combine: %d coefficients for %d outputs"
                                % (len(values), m))
    else:
        return None, None
    q = _QArray(values, "combine")
    doubles = (c_double * m)(*[float(Fraction(_lib.number_text(v)))
                               for v in values])
    return doubles, q


def _check_time_limit(time_limit):
    if time_limit is not None and not time_limit > 0:
        raise ArgumentError("time_limit: %r is not a positive number of "
                            "seconds" % (time_limit,))


# ---- One path -----------------------------------------------------------------

def _compute(net, kind, points, angle, exact, float_, output_index, combine,
             max_breakpoints, time_limit, keep_patterns, length_tol):
    """Run one path on a worker and wrap it; see Net.path."""
    from .net import _arith
    _check_time_limit(time_limit)
    n = net.num_inputs
    opts = _lib.PathOpts()
    lib.rc_path_opts_init(byref(opts))
    opts.arithmetic = _arith(exact, float_)
    opts.keep_patterns = 1 if keep_patterns else 0
    if max_breakpoints is not None:
        if isinstance(max_breakpoints, bool) or \
                int(max_breakpoints) != max_breakpoints or max_breakpoints < 0:
            raise ArgumentError("max_breakpoints: %r is not a count"
                                % (max_breakpoints,))
        opts.max_breakpoints = int(max_breakpoints)
    if length_tol is not None:
        opts.length_tol = float(length_tol)
    c, cq = _combination(net, output_index, combine)
    if c is not None:
        opts.combine = ctypes.cast(c, POINTER(c_double))
        opts.combine_q = cq.ptr
    if kind == _lib.RC_PATH_POLYLINE:
        rows = list(points) if not hasattr(points, "shape") else points
        if len(rows) < 2:
            raise ArgumentError("points: %d point%s; a polyline needs two"
                                % (len(rows), "" if len(rows) == 1 else "s"))
        flat = []
        for i, p in enumerate(rows):
            flat.extend(_point(p, n, "points[%d]" % i))
        arrays = [_QArray(flat, "points")]
        count = len(rows)
    else:
        arrays = [_QArray(_point(points[0], n, "x0"), "x0"),
                  _QArray(_point(points[1], n, "x1"), "x1")]
    ptr = c_void_p()
    err = lib.rc_error_new()
    if not err:
        raise MemoryError("relucells: cannot allocate an rc_error")

    def work(stop):
        opts.stop = ctypes.pointer(stop)
        if kind == _lib.RC_PATH_SEGMENT:
            return lib.rc_path_segment_q(byref(ptr), net._ptr, arrays[0].ptr,
                                         arrays[1].ptr, byref(opts), err)
        if kind == _lib.RC_PATH_POLYLINE:
            return lib.rc_path_polyline_q(byref(ptr), net._ptr, arrays[0].ptr,
                                          count, byref(opts), err)
        return lib.rc_path_arc_q(byref(ptr), net._ptr, arrays[0].ptr,
                                 arrays[1].ptr, angle, byref(opts), err)
    try:
        try:
            status, timed_out = _engine.run(work, time_limit)
        except BaseException:
            lib.rc_path_free(ptr)
            raise
        msg = _lib.message(err)
    finally:
        lib.rc_error_free(err)
        for a in arrays:
            a.free()
        if cq is not None:
            cq.free()
    if status == 0 and ptr.value:
        return Path(ptr.value, net)
    if status in (RC_ERR_LIMIT, RC_ERR_STOPPED) and ptr.value:
        partial = Path(ptr.value, net)
        if timed_out:
            raise LimitError("time limit of %g s reached: %d break points found"
                             % (time_limit, len(partial)), RC_ERR_LIMIT,
                             result=partial)
        cls = LimitError if status == RC_ERR_LIMIT else StoppedError
        raise cls(msg, status, result=partial)
    lib.rc_path_free(ptr)
    raise error_for(status, msg)


class Flip(collections.namedtuple("Flip", "layer neuron to")):
    """A neuron whose bit differs on the two sides of a break point:
    ``layer`` (hidden layer, 0-based), ``neuron`` (0-based), ``to`` (the
    bit after the break point: 1 the neuron turns on, 0 off).  ``str()`` is
    the program's "2:271-" (layer and neuron from 1)."""
    __slots__ = ()

    def __str__(self):
        return "%d:%d%s" % (self.layer + 1, self.neuron + 1,
                            "+" if self.to else "-")


class Breakpoint:
    """A break point of a :class:`Path`.

    ``t``
        the parameter (a Fraction on segments and polylines with
        exact=True; a float otherwise, and always on an arc);
    ``x``
        the point x(t), raw inputs (Fractions on exact segments);
    ``flips``
        the neurons that flip, a list of :class:`Flip`, by layer then neuron;
    ``layer``
        the hidden layer that owns it (the lowest among the flips, 0-based);
    ``value``
        the values there (the outputs, or g = c^T f), Fractions on exact
        segments;
    ``gap``
        the gradient gap per value (float): the derivative along the path
        per unit length of input on the right minus on the left (Kubo et
        al.'s Y_k); on an arc d/dtheta divided by |dx/dtheta|;
    ``piece``
        the index of the piece that starts here (the one before: minus 1);
    ``theta_exact``
        exact arcs only: the program's ``theta_exact`` object (quarter, u as
        "a + b*sqrt(D)", interval), else None.
    """

    __slots__ = ("index", "t", "x", "flips", "layer", "value", "gap", "piece",
                 "theta_exact")

    def __repr__(self):
        return "Breakpoint(t=%s, flips=[%s], layer=%d)" % (
            self.t, " ".join(map(str, self.flips)), self.layer)


class Piece:
    """A piece of a :class:`Path`: the interval between two break points
    (a polyline's pieces also end at its joints).

    ``t0``, ``t1``
        its ends (Fractions on exact segments and polylines);
    ``leg``
        the segment of the polyline it lies on (0 for a segment; the
        quarter turn on an arc);
    ``pattern``, ``pattern_array``
        the activation pattern as the program writes it ("0110|10") and as
        booleans (None with keep_patterns=False);
    ``slope``
        segments and polylines: the derivative of each value per unit length
        of input, (d value / dt) / |x1 - x0| (Kubo et al.'s nabla_v u),
        float; None on an arc;
    ``slope_t``
        d value / dt (Fractions with exact=True); None on an arc;
    ``map``
        arcs: per value the row (c, a, b) of value = c + a cos theta +
        b sin theta (Fractions with exact=True); None on segments.
    """

    __slots__ = ("index", "t0", "t1", "leg", "pattern", "pattern_array",
                 "slope", "slope_t", "map")

    def __repr__(self):
        return "Piece(t0=%s, t1=%s, pattern=%r)" % (self.t0, self.t1,
                                                     self.pattern)


def _vector(ptr_q, ptr_d, n):
    """n numbers: Fractions from ptr_q when it is not NULL, else doubles."""
    if ptr_q:
        return _lib.fractions(ptr_q, n)
    return _lib.doubles(ptr_d, n)


def _status(status, what, t):
    """Raise for a failing status of a call without an rc_error."""
    if status != 0:
        raise error_for(status, "%s: t = %r is not on the path" % (what, t))


def _stack(rows, width):
    """Rows (arrays) as one 2-D array (object dtype when any is)."""
    numpy = np()
    if not rows:
        return numpy.zeros((0, width))
    dtype = object if any(r.dtype == object for r in rows) else float
    return numpy.array([list(r) for r in rows], dtype=dtype).reshape(
        len(rows), width)


class Path:
    """The network along a path (:meth:`relucells.Net.path`,
    :meth:`relucells.Net.arc`): every break point, the pieces between them
    and per hidden layer the transitions, distinct patterns and trajectory
    lengths.

    The whole path: ``kind`` ("segment", "polyline", "arc"),
    ``arithmetic`` ("default", "exact", "float"), ``exact`` (exact numbers
    attached), ``complete`` (False when a limit or a stop cut the walk
    short: what is there is right), ``t_end`` (1, the number of segments,
    or the angle), ``num_inputs``, ``num_values`` (outputs, or 1 with a
    combination), ``combination`` (the c of g = c^T f, or None),
    ``leg_norms`` (|x1 - x0| per segment; ``leg_norms2`` exactly with
    exact=True), ``uncertain`` (float: decisions the error bounds could
    not prove), ``exact_steps`` (default: steps taken exactly).

    Break points: ``len(path)`` (Kubo et al.'s K), ``breakpoints`` (a list
    of :class:`Breakpoint`) and the same as arrays: ``t`` (K), ``points``
    (K x inputs), ``values`` (K x values), ``gaps`` (K x values),
    ``flips`` (a list per break point of :class:`Flip`),
    ``breakpoint_layers``.  Exact numbers are Fractions (object arrays).

    Pieces: ``pieces`` (a list of :class:`Piece`), ``num_pieces``,
    ``num_patterns`` (distinct patterns of the whole network).

    Per hidden layer (0-based): ``layer_transitions`` (neuron flips, Raghu
    et al.'s T), ``layer_patterns`` (distinct patterns of the layer);
    per depth d = 0 (input) .. L (values): ``lengths``, the trajectory
    length of the image of the path (``length_errors``: a bound on each
    one's error; nonzero on arcs only).

    ``point(t)`` and ``value(t)`` evaluate the path; ``to_text(format)``
    writes it as the program does (text, JSON of relucells-path(5), CSV).
    """

    def __init__(self, ptr, net):
        self._ptr = ptr
        self._finalizer = _finalize(self, lib.rc_path_free, ptr)
        self._net = net
        p = ptr
        self.kind = _KINDS[lib.rc_path_get_kind(p)]
        self.arithmetic = _ARITH_NAMES[lib.rc_path_arithmetic(p)]
        self.exact = bool(lib.rc_path_is_exact(p))
        self.complete = bool(lib.rc_path_complete(p))
        self.t_end = lib.rc_path_t_end(p)
        self.num_inputs = lib.rc_path_num_inputs(p)
        self.num_values = lib.rc_path_num_values(p)
        self.num_hidden = lib.rc_path_num_hidden(p)
        self.num_legs = lib.rc_path_num_legs(p)
        self.num_breakpoints = lib.rc_path_num_breakpoints(p)
        self.num_pieces = lib.rc_path_num_pieces(p)
        self.num_patterns = lib.rc_path_num_patterns(p)
        self.uncertain = lib.rc_path_num_uncertain(p)
        self.exact_steps = lib.rc_path_num_exact_steps(p)
        comb = lib.rc_path_combination(p)
        self.combination = (_lib.doubles(comb, net.num_outputs) if comb
                            else None)
        self.leg_norms = np().array([lib.rc_path_leg_norm(p, k)
                                     for k in range(self.num_legs)])
        self.leg_norms2 = None
        if self.exact and self.kind != "arc":
            self.leg_norms2 = [_lib.fraction(lib.rc_path_leg_norm2_q(p, k))
                               for k in range(self.num_legs)]
        self.layer_transitions = tuple(lib.rc_path_layer_transitions(p, l)
                                       for l in range(self.num_hidden))
        self.layer_patterns = tuple(lib.rc_path_layer_patterns(p, l)
                                    for l in range(self.num_hidden))
        lengths, errors = [], []
        e = c_double()
        for d in range(self.num_hidden + 2):
            lengths.append(lib.rc_path_length(p, d, byref(e)))
            errors.append(e.value)
        self.lengths = np().array(lengths)
        self.length_errors = np().array(errors)

    def __len__(self):
        """The number of break points (Kubo et al.'s K)."""
        return self.num_breakpoints

    def __repr__(self):
        return "<relucells.Path %s, %s: %d break points, %d pieces%s>" % (
            self.kind, self.arithmetic, self.num_breakpoints, self.num_pieces,
            "" if self.complete else ", incomplete")

    # -- evaluation
    def point(self, t):
        """The point x(t) (raw inputs, float64) of a parameter t."""
        x = (c_double * max(self.num_inputs, 1))()
        _status(lib.rc_path_point(x, self._ptr, float(t)), "point", t)
        return np().array(x[:self.num_inputs])

    def value(self, t):
        """The values (outputs, or g) at parameter t, float64 (at a break
        point from the piece that starts there: they are continuous)."""
        v = (c_double * max(self.num_values, 1))()
        _status(lib.rc_path_value(v, self._ptr, float(t)), "value", t)
        return np().array(v[:self.num_values])

    # -- break points
    @cached_property
    def breakpoints(self):
        """The break points in order of t, a list of :class:`Breakpoint`."""
        p, n, v = self._ptr, self.num_inputs, self.num_values
        out = []
        xq = _QArray([0] * n, "x") if self.exact and self.kind != "arc" else None
        theta = None
        if self.exact and self.kind == "arc":
            import json
            theta = [b.get("theta_exact") for b in
                     json.loads(self.to_text("json", points=False))["breakpoints"]]
        try:
            for k in range(self.num_breakpoints):
                b = Breakpoint()
                b.index = k
                tq = lib.rc_path_breakpoint_t_q(p, k)
                b.t = _lib.fraction(tq) if tq else lib.rc_path_breakpoint_t(p, k)
                if xq is not None:
                    _lib.call(lib.rc_path_breakpoint_point_q, xq.ptr, p, k)
                    b.x = _lib.fractions(xq.ptr, n)
                else:
                    b.x = self.point(lib.rc_path_breakpoint_t(p, k))
                b.flips = []
                for i in range(lib.rc_path_breakpoint_num_flips(p, k)):
                    f = lib.rc_path_breakpoint_flip(p, k, i)
                    b.flips.append(Flip(f.layer, f.neuron, f.to))
                b.layer = lib.rc_path_breakpoint_layer(p, k)
                b.value = _vector(lib.rc_path_breakpoint_value_q(p, k),
                                  lib.rc_path_breakpoint_value(p, k), v)
                b.gap = _lib.doubles(lib.rc_path_breakpoint_gap(p, k), v)
                b.piece = lib.rc_path_breakpoint_piece(p, k)
                b.theta_exact = theta[k] if theta is not None else None
                out.append(b)
        finally:
            if xq is not None:
                xq.free()
        return out

    @property
    def t(self):
        """The break points' parameters: float64, or Fractions (object
        array) on exact segments and polylines."""
        ts = [b.t for b in self.breakpoints]
        exact = any(isinstance(t, Fraction) for t in ts)
        return np().array(ts, dtype=object if exact else float)

    @property
    def points(self):
        """x(t) at each break point, one a row (Fractions when exact)."""
        return _stack([b.x for b in self.breakpoints], self.num_inputs)

    @property
    def values(self):
        """The values at each break point, one a row (Fractions when exact)."""
        return _stack([b.value for b in self.breakpoints], self.num_values)

    @property
    def gaps(self):
        """The gradient gap at each break point, one a row (float64)."""
        return _stack([b.gap for b in self.breakpoints], self.num_values)

    @property
    def flips(self):
        """The flips of each break point: a list of lists of :class:`Flip`."""
        return [list(b.flips) for b in self.breakpoints]

    @property
    def breakpoint_layers(self):
        """The hidden layer that owns each break point (0-based)."""
        return np().array([b.layer for b in self.breakpoints], dtype=int)

    # -- pieces
    @cached_property
    def pieces(self):
        """The pieces in order of t, a list of :class:`Piece`."""
        p, v = self._ptr, self.num_values
        net = self._net
        nn = net.num_neurons
        buf = ctypes.create_string_buffer(nn + net.num_hidden + 1)
        out = []
        for i in range(self.num_pieces):
            c = Piece()
            c.index = i
            q0, q1 = lib.rc_path_piece_t0_q(p, i), lib.rc_path_piece_t1_q(p, i)
            c.t0 = _lib.fraction(q0) if q0 else lib.rc_path_piece_t0(p, i)
            c.t1 = _lib.fraction(q1) if q1 else lib.rc_path_piece_t1(p, i)
            c.leg = lib.rc_path_piece_leg(p, i)
            pat = lib.rc_path_piece_pattern(p, i)
            if pat:
                lib.rc_pattern_string(buf, pat, net._ptr)
                c.pattern = buf.value.decode()
                c.pattern_array = np().array([bool(pat[j]) for j in range(nn)])
            else:
                c.pattern = c.pattern_array = None
            slope = lib.rc_path_piece_slope(p, i)
            c.slope = _lib.doubles(slope, v) if slope else None
            st = lib.rc_path_piece_slope_t(p, i)
            c.slope_t = (_vector(lib.rc_path_piece_slope_t_q(p, i), st, v)
                         if st else None)
            mp = lib.rc_path_piece_map(p, i)
            if mp:
                mq = lib.rc_path_piece_map_q(p, i)
                c.map = (_lib.fractions(mq, v, 3) if mq
                         else _lib.doubles(mp, v, 3))
            else:
                c.map = None
            out.append(c)
        return out

    # -- writing
    def to_text(self, format="text", points=True, patterns=True):
        """The path as the program writes it: format "text", "json"
        (relucells-path(5)) or "csv"; points and patterns: JSON's x(t) of
        the break points and each piece's pattern."""
        if format not in _PATH_FORMATS:
            raise ArgumentError("to_text: format %r is not text, json or csv"
                                % (format,))
        wo = _lib.PathWriteOpts()
        lib.rc_path_write_opts_init(byref(wo))
        wo.format = _PATH_FORMATS[format]
        name = _lib.encode(self._net.name)
        wo.net_name = name
        wo.points = 1 if points else 0
        wo.patterns = 1 if patterns else 0
        return _lib.write_to_string(
            lambda f: _lib.call(lib.rc_path_write, f, self._ptr,
                                self._net._ptr, byref(wo)))


# ---- Many paths ------------------------------------------------------------------

_PAIRS = {"all": _lib.RC_PAIRS_ALL, "consecutive": _lib.RC_PAIRS_CONSECUTIVE}


def _samples(samples, n):
    """The samples as rows of n numbers (kept as given, to be read exactly)."""
    if hasattr(samples, "shape") and not isinstance(samples, str):
        if samples.ndim != 2 or samples.shape[1] != n:
            raise ArgumentError("samples: an array of shape %s for a network "
                                "of %d inputs (one sample a row)"
                                % (samples.shape, n))
        return samples.tolist()
    rows = [list(_flat(r)) for r in samples]
    for i, r in enumerate(rows):
        if len(r) != n:
            raise ArgumentError("samples[%d]: a point of %d coordinates for a "
                                "network of %d inputs" % (i, len(r), n))
    return rows


def _pairs(pairs, count, seed):
    """(ctypes array of indices, number of pairs) for pairs as Net.paths
    takes it; the library's rc_pairs_make for counts and names."""
    if isinstance(pairs, str) or isinstance(pairs, numbers.Integral) and \
            not isinstance(pairs, bool):
        if isinstance(pairs, str):
            if pairs not in _PAIRS:
                raise ArgumentError("pairs: %r is not a count, 'all' or "
                                    "'consecutive'" % (pairs,))
            kind, num = _PAIRS[pairs], 0
        else:
            if pairs < 0:
                raise ArgumentError("pairs: %r is not a count" % (pairs,))
            kind, num = _lib.RC_PAIRS_RANDOM, int(pairs)
        if isinstance(seed, bool) or int(seed) != seed or seed < 0:
            raise ArgumentError("seed: %r is not a nonnegative integer" % (seed,))
        ptr = POINTER(c_size_t)()
        npairs = c_size_t()
        _lib.call(lib.rc_pairs_make, byref(ptr), byref(npairs), kind, num,
                  count, int(seed))
        try:
            arr = (c_size_t * max(2 * npairs.value, 1))()
            ctypes.memmove(arr, ptr, 2 * npairs.value * ctypes.sizeof(c_size_t))
        finally:
            _lib._get_libc().free(ctypes.cast(ptr, c_void_p))
        return arr, npairs.value
    flat = []
    try:
        pairs = list(pairs)
    except TypeError:
        raise ArgumentError("pairs: %r is not a count, 'all', 'consecutive' "
                            "or a list of (i, j)" % (pairs,)) from None
    for k, pair in enumerate(pairs):
        try:
            i, j = pair
        except (TypeError, ValueError):
            raise ArgumentError("pairs[%d]: %r is not a pair (i, j)"
                                % (k, pair)) from None
        for v in (i, j):
            if isinstance(v, bool) or int(v) != v or not 0 <= v < count:
                raise ArgumentError("pairs[%d]: %r is not a sample (0 to %d)"
                                    % (k, v, count - 1))
        flat += [int(i), int(j)]
    return (c_size_t * max(len(flat), 1))(*flat), len(flat) // 2


def _compute_stats(net, samples, pairs, seed, threads, normalise, output_index,
                   combine, exact, float_, arc, grid, bins, near_zero,
                   time_limit, progress):
    """Run rc_paths_run on a worker and wrap the statistics; see Net.paths."""
    from .net import _arith, _check_run
    _check_run(threads, time_limit, None)
    n = net.num_inputs
    rows = _samples(samples, n)
    count = len(rows)
    pair_arr, npairs = _pairs(pairs, count, seed)
    so = _lib.PathStatsOpts()
    lib.rc_path_stats_opts_init(byref(so))
    for name, v in (("grid", grid), ("bins", bins)):
        if v is not None:
            if isinstance(v, bool) or int(v) != v or v < 0:
                raise ArgumentError("%s: %r is not a count" % (name, v))
            setattr(so, name, int(v))
    so.normalise = 1 if normalise else 0
    c, cq = _combination(net, output_index, combine)
    if near_zero is not None:
        if not 0 < near_zero < 1:
            raise ArgumentError("near_zero: %r is not in (0, 1)" % (near_zero,))
        if c is None and net.num_outputs > 1:
            raise ArgumentError("near_zero needs one value: output_index or "
                                "combine")
        so.near_zero = float(near_zero)
    po = _lib.PathsOpts()
    lib.rc_paths_opts_init(byref(po))
    po.path.arithmetic = _arith(exact, float_)
    if c is not None:
        po.path.combine = ctypes.cast(c, POINTER(c_double))
        po.path.combine_q = cq.ptr
    if arc is not None:
        if not 0 < arc <= 2 * math.pi + 1e-9:
            raise ArgumentError("arc: %r is not an angle in (0, 2pi]" % (arc,))
        po.arc = float(arc)
    po.threads = 0 if threads is None else int(threads)
    if progress is not None:
        def report(user, done, total, bps):
            try:
                progress(done, total, bps)
            except Exception:           # a failing callback must not unwind C
                pass
        po.progress = _lib.PATHS_PROGRESS_FN(report)
    flat = [v for r in rows for v in r]
    exact_samples = po.path.arithmetic == _lib.RC_ARITH_EXACT
    if not exact_samples and getattr(getattr(samples, "dtype", None), "kind",
                                     "") == "f":
        # a float array: its doubles are the samples (no text round trip)
        keep = np().ascontiguousarray(samples, dtype=np().float64)
        doubles = keep.ctypes.data_as(POINTER(c_double))
    else:
        # a Python float is its own nearest double; other numbers and text
        # go through their exact value, as the program reads its file
        doubles = (c_double * max(len(flat), 1))(
            *[v if type(v) is float and math.isfinite(v)
              else float(Fraction(_lib.number_text(v))) for v in flat])
    sq = _QArray(flat, "samples") if exact_samples else None
    stats = c_void_p()
    try:
        _lib.call(lib.rc_path_stats_new, byref(stats), net._ptr,
                  1 if c is not None else net.num_outputs, byref(so))
        err = lib.rc_error_new()
        if not err:
            raise MemoryError("relucells: cannot allocate an rc_error")

        def work(stop):
            po.path.stop = ctypes.pointer(stop)
            return lib.rc_paths_run(stats, net._ptr, doubles,
                                    sq.ptr if sq is not None else None, count,
                                    pair_arr, npairs, byref(po), err)
        try:
            status, timed_out = _engine.run(work, time_limit)
            msg = _lib.message(err)
        finally:
            lib.rc_error_free(err)
    except BaseException:
        lib.rc_path_stats_free(stats)
        raise
    finally:
        if sq is not None:
            sq.free()
        if cq is not None:
            cq.free()
    result = PathStats(stats.value, net, npairs, status == 0, bool(normalise))
    if status == 0:
        return result
    if status == RC_ERR_STOPPED:
        if timed_out:
            raise LimitError("time limit of %g s reached: %d of %d paths "
                             "finished" % (time_limit, result.num_paths, npairs),
                             RC_ERR_LIMIT, result=result)
        raise StoppedError(msg, status, result=result)
    raise error_for(status, msg)


class PathStats:
    """The statistics of many paths (:meth:`relucells.Net.paths`).

    ``num_paths`` (finished), ``num_pairs`` (asked), ``complete``,
    ``num_values``, ``num_hidden``, ``exact_steps`` and ``uncertain``
    (paths that needed exact steps, or had unproven decisions in float).

    The number of break points K per path: ``k_mean``, ``k_sd``,
    ``k_min``, ``k_max``, ``k_histogram`` (a list of (lo, hi, count), bins
    [lo, hi)).

    Kubo et al.: ``num_gaps``, ``gap_mean``, ``sigma2`` (E[Y^2] of the
    gradient gaps), ``gap_deviation`` (sigma sqrt(k (1 - k/K)) at k =
    floor(K/2), mean over paths), ``gap_deviation_max`` (sigma sqrt(K)/2
    at the mean K), ``deflection`` (root mean square of D(1/2), eq. 8),
    ``deflection_node`` (the same at the middle node), ``deflection_grid``
    (a list of (t, deflection) with grid=N), ``layer_sigma2`` (E[Y^2] per
    hidden layer over the break points it owns).  NaN where a measure does
    not exist (the deflection on arcs, or with no paths).

    Kim & Kim, per hidden layer (arrays, 0-based): ``layer_breakpoints``
    (owned), ``layer_share`` (their percentage of all), ``jump_mean`` and
    ``jump_max`` (size ||Y||_2 of the gradient jumps, divided by
    ``jump_scale`` when ``normalised``); with near_zero=h,
    ``near_zero_flips`` and ``near_zero_share`` per layer and
    ``num_zeros`` (their Table 3).

    Raghu et al.: ``transitions`` and ``patterns`` per hidden layer, per
    path; ``lengths``: the mean trajectory length at each depth (0 the
    input .. L the values).

    The dicts ``k``, ``kubo``, ``kim`` and ``raghu`` hold the same as the
    program's JSON (relucells-path(5)), with layers from 0;
    ``to_text(format)`` writes what the program writes.
    """

    def __init__(self, ptr, net, num_pairs, complete, normalised):
        self._ptr = ptr
        self._finalizer = _finalize(self, lib.rc_path_stats_free, ptr)
        self._net = net
        s = ptr
        numpy = np()
        self.num_pairs = num_pairs
        self.complete = complete
        self.num_paths = lib.rc_path_stats_num_paths(s)
        self.num_hidden = H = lib.rc_path_stats_num_hidden(s)
        self.num_values = lib.rc_path_stats_num_values(s)
        self.exact_steps = lib.rc_path_stats_exact_steps(s)
        self.uncertain = lib.rc_path_stats_uncertain(s)
        self.k_mean = lib.rc_path_stats_k_mean(s)
        self.k_sd = lib.rc_path_stats_k_sd(s)
        self.k_min = lib.rc_path_stats_k_min(s)
        self.k_max = lib.rc_path_stats_k_max(s)
        lo, hi = c_double(), c_double()
        self.k_histogram = []
        for i in range(lib.rc_path_stats_k_bins(s)):
            cnt = lib.rc_path_stats_k_bin(s, i, byref(lo), byref(hi))
            self.k_histogram.append((lo.value, hi.value, cnt))
        self.num_gaps = lib.rc_path_stats_num_gaps(s)
        self.gap_mean = lib.rc_path_stats_gap_mean(s)
        self.sigma2 = lib.rc_path_stats_gap_sigma2(s)
        self.gap_deviation = lib.rc_path_stats_gap_deviation(s)
        self.gap_deviation_max = lib.rc_path_stats_gap_deviation_max(s)
        self.deflection = lib.rc_path_stats_deflection(s)
        self.deflection_node = lib.rc_path_stats_deflection_node(s)
        t = c_double()
        self.deflection_grid = []
        if lib.rc_path_stats_grid(s) > 0:
            for i in range(lib.rc_path_stats_grid(s) + 1):
                d = lib.rc_path_stats_deflection_at(s, i, byref(t))
                self.deflection_grid.append((t.value, d))

        def per_layer(fn, dtype=float):
            return numpy.array([fn(s, l) for l in range(H)], dtype=dtype)
        self.layer_sigma2 = per_layer(lib.rc_path_stats_layer_gap_sigma2)
        self.layer_breakpoints = per_layer(lib.rc_path_stats_layer_breakpoints,
                                           int)
        self.layer_share = per_layer(lib.rc_path_stats_layer_share)
        self.jump_mean = per_layer(lib.rc_path_stats_layer_jump_mean)
        self.jump_max = per_layer(lib.rc_path_stats_layer_jump_max)
        self.jump_scale = lib.rc_path_stats_jump_scale(s)
        self.normalised = normalised
        self.num_zeros = lib.rc_path_stats_num_zeros(s)
        self.near_zero_flips = per_layer(lib.rc_path_stats_layer_near_zero, int)
        self.near_zero_share = per_layer(
            lib.rc_path_stats_layer_near_zero_share)
        self.transitions = per_layer(lib.rc_path_stats_layer_transitions)
        self.patterns = per_layer(lib.rc_path_stats_layer_patterns)
        self.lengths = numpy.array([lib.rc_path_stats_length(s, d)
                                    for d in range(H + 2)])
        self.widths = tuple(net.layer_sizes[1:1 + H])

    def __repr__(self):
        return ("<relucells.PathStats: %d paths, K mean %.6g, sigma^2 %.6g%s>"
                % (self.num_paths, self.k_mean, self.sigma2,
                   "" if self.complete else ", incomplete"))

    @property
    def k(self):
        """K per path as the program's JSON "k": mean, sd, min, max,
        histogram (a list of dicts lo, hi, count)."""
        return {"mean": self.k_mean, "sd": self.k_sd, "min": self.k_min,
                "max": self.k_max,
                "histogram": [{"lo": a, "hi": b, "count": c}
                              for a, b, c in self.k_histogram]}

    @property
    def kubo(self):
        """Kubo et al.'s measures as the program's JSON "kubo"."""
        return {"gaps": self.num_gaps, "gap_mean": self.gap_mean,
                "sigma2": self.sigma2, "gap_deviation": self.gap_deviation,
                "gap_deviation_max": self.gap_deviation_max,
                "deflection": self.deflection,
                "deflection_node": self.deflection_node,
                "deflection_grid": [{"t": t, "deflection": d}
                                    for t, d in self.deflection_grid],
                "layer_sigma2": list(self.layer_sigma2)}

    @property
    def kim(self):
        """Kim & Kim's measures as the program's JSON "kim" (layers from 0)."""
        out = {"normalised": self.normalised, "scale": self.jump_scale,
               "layers": [{"layer": l, "width": self.widths[l],
                           "breakpoints": int(self.layer_breakpoints[l]),
                           "share": self.layer_share[l],
                           "jump_mean": self.jump_mean[l],
                           "jump_max": self.jump_max[l]}
                          for l in range(self.num_hidden)],
               "near_zero": {
                   "zeros": self.num_zeros,
                   "layers": [{"layer": l, "flips": int(self.near_zero_flips[l]),
                               "share": self.near_zero_share[l]}
                              for l in range(self.num_hidden)]}}
        return out

    @property
    def raghu(self):
        """Raghu et al.'s measures as the program's JSON "raghu"."""
        return {"transitions": list(self.transitions),
                "patterns": list(self.patterns),
                "trajectory_length": list(self.lengths)}

    def to_text(self, format="text"):
        """The statistics as the program writes them: "text" or "json"."""
        fmts = {"text": _lib.RC_FORMAT_TEXT, "json": _lib.RC_FORMAT_JSON}
        if format not in fmts:
            raise ArgumentError("to_text: format %r is not text or json"
                                % (format,))
        name = _lib.encode(self._net.name)
        return _lib.write_to_string(
            lambda f: _lib.call(lib.rc_path_stats_write, f, self._ptr,
                                self._net._ptr, fmts[format], name))
