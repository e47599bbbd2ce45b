"""Partitions and regions: the results of an enumeration.

A :class:`Partition` holds every region of an enumeration (the C
library's rc_partition); a :class:`Region` is one of them, or a copy handed
over by a stream (:meth:`relucells.Net.iter_regions`).  Region data come
from the library's accessors (relucells/region.h) as numpy arrays: float64
in the default and float arithmetic, ``fractions.Fraction`` objects (numpy
arrays of dtype object) when the partition is exact.

Numbering: indices are 0-based as in the C API (inputs, hidden layers,
neurons, outputs, ``partition[k]``); region ids are the library's, 1, 2,
... in the order of the enumeration (``partition[k].id == k + 1``, and the
CLI's output uses the same ids); text forms (patterns, ``str(owner)``) are
the CLI's, numbered from 1.
"""

import ctypes
import math
from ctypes import byref, c_double, c_size_t, c_void_p

from . import _lib
from ._lib import lib, np
from .errors import ArgumentError

__all__ = ["Partition", "Region", "Facets", "Facet", "Owner", "Domain"]

_ARITH_NAMES = {_lib.RC_ARITH_FILTERED: "default", _lib.RC_ARITH_FLOAT: "float",
                _lib.RC_ARITH_EXACT: "exact"}


class Owner(tuple):
    """What a facet lies on: a hidden neuron's zero set or a side of the box.

    Attributes: ``kind`` ('neuron' or 'domain'); for a neuron ``layer`` (the
    hidden layer, from 0) and ``neuron`` (from 0); for the domain ``input``
    (from 0) and ``bound`` ('lower': x_i >= lo_i, 'upper': x_i <= hi_i).
    The others are None.  ``str(owner)`` is the CLI's text, numbered from 1:
    ``neuron 1 3`` or ``domain 3`` (box facets numbered 2i-1, 2i).
    ``cut`` numbers the cut that made a neuron facet (regions adjacent
    across it carry the same one); 0 for the domain.
    """

    __slots__ = ()

    def __new__(cls, kind, layer=None, neuron=None, input=None, bound=None,
                cut=0):
        return tuple.__new__(cls, (kind, layer, neuron, input, bound, cut))

    kind = property(lambda self: self[0], doc="'neuron' or 'domain'.")
    layer = property(lambda self: self[1], doc="The hidden layer (from 0).")
    neuron = property(lambda self: self[2], doc="The neuron (from 0).")
    input = property(lambda self: self[3], doc="The input (from 0).")
    bound = property(lambda self: self[4], doc="'lower' or 'upper'.")
    cut = property(lambda self: self[5], doc="The cut that made the facet.")

    @classmethod
    def _from_c(cls, o):
        if o.kind == _lib.RC_OWNER_NEURON:
            return cls("neuron", layer=o.layer, neuron=o.index, cut=o.cut)
        return cls("domain", input=o.index,
                   bound="upper" if o.upper else "lower")

    def __str__(self):
        if self[0] == "neuron":
            return "neuron %d %d" % (self[1] + 1, self[2] + 1)
        return "domain %d" % (2 * self[3] + 1 + (self[4] == "upper"))

    def __repr__(self):
        if self[0] == "neuron":
            return "Owner('neuron', layer=%d, neuron=%d)" % (self[1], self[2])
        return "Owner('domain', input=%d, bound=%r)" % (self[3], self[4])


class Facet(tuple):
    """One facet ``a . x <= b`` of a region: ``a``, ``b``, ``owner`` (an
    :class:`Owner`) and ``vertices`` (indices into the region's vertices).
    """

    __slots__ = ()
    a = property(lambda self: self[0], doc="The normal (dim).")
    b = property(lambda self: self[1], doc="The offset.")
    owner = property(lambda self: self[2], doc="What it lies on (Owner).")
    vertices = property(lambda self: self[3], doc="Indices of its vertices.")

    def __repr__(self):
        return "<Facet %s: %s . x <= %s>" % (self[2], list(self[0]), self[1])


class Facets:
    """The irredundant facets of a region, ``A x <= b`` row by row.

    ``a`` (facets x dim array), ``b`` (facets), ``owners`` (a tuple of
    :class:`Owner`), ``vertices`` (a tuple of index arrays into the region's
    vertices: the vertices on each facet, in cyclic order in 3D),
    ``layers`` and ``neurons`` (int arrays, -1 for a domain facet).  In
    float arithmetic each ``a`` is a unit normal; exactly, ``a`` and ``b``
    are integers (Fractions with denominator 1, not normalised), as in the
    CLI's output.  ``len(facets)``, ``facets[i]`` and iteration give
    :class:`Facet` tuples.
    """

    __slots__ = ("a", "b", "owners", "vertices")

    def __init__(self, a, b, owners, vertices):
        self.a, self.b, self.owners, self.vertices = a, b, owners, vertices

    def __len__(self):
        return len(self.owners)

    def __getitem__(self, i):
        return Facet((self.a[i], self.b[i], self.owners[i], self.vertices[i]))

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    @property
    def layers(self):
        """The hidden layer owning each facet (from 0), -1 for the domain."""
        return np().array([o.layer if o.kind == "neuron" else -1
                           for o in self.owners], dtype=int)

    @property
    def neurons(self):
        """The neuron owning each facet (from 0), -1 for the domain."""
        return np().array([o.neuron if o.kind == "neuron" else -1
                           for o in self.owners], dtype=int)

    def __repr__(self):
        return "<Facets: %d, owners %s>" % (
            len(self), ", ".join(str(o) for o in self.owners))


def _frozen(a):
    if hasattr(a, "flags"):
        a.flags.writeable = False
    return a


class _Context:
    """What reading a region needs beside the region: the network (pattern
    text), the dimensions and whether it is exact."""

    def __init__(self, net, dim, num_outputs, exact):
        self.net = net
        self.dim = dim
        self.num_outputs = num_outputs
        self.exact = exact
        self.num_neurons = lib.rc_net_num_neurons(net._ptr)
        self.pattern_buf = ctypes.create_string_buffer(
            self.num_neurons + lib.rc_net_num_hidden(net._ptr) + 1)


# ---- Reading a region from the library (region.h) ---------------------------

def _points(ctx, r, count, get, get_q, exact):
    n = ctx.dim
    if exact:
        rows = [_lib.q_texts(get_q(r, i), n) for i in range(count)]
        out = np().empty((count, n), dtype=object)
        for i, row in enumerate(rows):
            out[i, :] = row
        return out
    out = np().empty((count, n))
    for i in range(count):
        out[i] = np().ctypeslib.as_array(get(r, i), shape=(n,))
    return out


def _read_geometry(ctx, r):
    """Vertices (counter-clockwise in 2D), rays, lines, facets and the 2D
    boundary cycle, as the CLI's writer orders them."""
    n, exact = ctx.dim, ctx.exact and lib.rc_region_is_exact(r)
    nv = lib.rc_region_num_vertices(r)
    nr = lib.rc_region_num_rays(r)
    nl = lib.rc_region_num_lines(r)
    nf = lib.rc_region_num_facets(r)
    cycle = None
    order = list(range(nv))
    if n == 2 and nl == 0:
        buf = (c_size_t * (nv + nr + 1))()
        count = c_size_t()
        if lib.rc_region_polygon(buf, byref(count), r) == 0:
            raw = list(buf[:count.value])
            order = [g for g in raw if g < nv]
            new = {old: k for k, old in enumerate(order)}
            cycle = np().array([new[g] if g < nv else g for g in raw],
                               dtype=int)
    V = _points(ctx, r, nv, lib.rc_region_vertex, lib.rc_region_vertex_q,
                exact)
    V = V[order] if nv else V
    rays = _points(ctx, r, nr, lib.rc_region_ray, lib.rc_region_ray_q, exact)
    lines = _points(ctx, r, nl, lib.rc_region_line, lib.rc_region_line_q,
                    exact)
    a = np().empty((nf, n), dtype=object if exact else float)
    b = np().empty(nf, dtype=object if exact else float)
    owners, verts = [], []
    bd, owner, bq = c_double(), _lib.Owner_(), c_void_p()
    order_buf = (c_size_t * (nv + nr + 1))() if n == 3 else None
    for i in range(nf):
        p = lib.rc_region_facet(r, i, byref(bd), byref(owner))
        if exact:
            a[i, :] = _lib.q_texts(lib.rc_region_facet_q(r, i, byref(bq)), n)
            b[i] = _lib.fraction(bq.value)
        else:
            a[i] = np().ctypeslib.as_array(p, shape=(n,))
            b[i] = bd.value
        owners.append(Owner._from_c(owner))
        count = c_size_t()
        if n == 3 and lib.rc_region_facet_polygon(order_buf, byref(count), r,
                                                  i) == 0:
            fv = [g for g in order_buf[:count.value] if g < nv]
        else:
            fv = [k for k in range(nv)
                  if lib.rc_region_facet_has_generator(r, i, order[k])]
        verts.append(_frozen(np().array(fv, dtype=int)))
    return {"vertices": _frozen(V), "rays": _frozen(rays),
            "lines": _frozen(lines), "cycle": _frozen(cycle) if cycle is not None else None,
            "facets": Facets(_frozen(a), _frozen(b), tuple(owners), tuple(verts))}


def _read_pattern(ctx, r):
    p = lib.rc_region_pattern(r)
    lib.rc_pattern_string(ctx.pattern_buf, p, ctx.net._ptr)
    return {"pattern": ctx.pattern_buf.value.decode()}


def _read_pattern_array(ctx, r):
    raw = ctypes.string_at(lib.rc_region_pattern(r), ctx.num_neurons)
    return {"pattern_array": _frozen(np().frombuffer(raw, dtype=np().uint8)
                                     .astype(bool))}


def _read_map(ctx, r):
    m, n = ctx.num_outputs, ctx.dim
    if ctx.exact and lib.rc_region_is_exact(r):
        A = _lib.fractions(lib.rc_region_output_A_q(r), m, n)
        c = _lib.fractions(lib.rc_region_output_c_q(r), m)
    else:
        A = _lib.doubles(lib.rc_region_output_A(r), m, n)
        c = _lib.doubles(lib.rc_region_output_c(r), m)
    return {"A": _frozen(A), "c": _frozen(c)}


def _read_point(ctx, r):
    q = lib.rc_region_interior_point_q(r) if ctx.exact else None
    if q:
        point = _lib.fractions(q, ctx.dim)
        margin = _lib.fraction(lib.rc_region_interior_margin_q(r))
    else:
        point = _lib.doubles(lib.rc_region_interior_point(r), ctx.dim)
        margin = None
    return {"interior_point": _frozen(point), "interior_margin": margin,
            "chebyshev_radius": lib.rc_region_chebyshev_radius(r)}


def _read_volume(ctx, r):
    v = lib.rc_region_volume(r)
    if ctx.exact and lib.rc_region_is_bounded(r) and not math.isnan(v):
        q = lib.rc_region_volume_q(r)
        if q:
            return {"volume": _lib.fraction(q)}
    return {"volume": v}


def _read_scalars(ctx, r):
    return {"id": lib.rc_region_id(r),
            "bounded": bool(lib.rc_region_is_bounded(r))}


_READERS = {
    "id": _read_scalars, "bounded": _read_scalars,
    "pattern": _read_pattern, "pattern_array": _read_pattern_array,
    "A": _read_map, "c": _read_map,
    "interior_point": _read_point, "interior_margin": _read_point,
    "chebyshev_radius": _read_point,
    "volume": _read_volume,
    "vertices": _read_geometry, "rays": _read_geometry,
    "lines": _read_geometry, "facets": _read_geometry, "cycle": _read_geometry,
}
_ALL_READERS = (_read_scalars, _read_pattern, _read_pattern_array, _read_map,
                _read_point, _read_volume, _read_geometry)


def _attr(key, doc):
    return property(lambda self: self._get(key), doc=doc)


class Region:
    """One linear region: a convex polyhedron of the free inputs on which
    the network is one affine map ``y = A x + c``.

    Attributes (read only; arrays are float64, or Fraction objects when the
    enumeration was exact):

    ``id``
        1, 2, ... in the order of the enumeration (the CLI's ids).
    ``pattern``
        the activation pattern as the CLI writes it, one block of 0/1 per
        hidden layer joined by '|': ``'0110|10'``.
    ``pattern_array``
        the same as a boolean array, layer after layer (length
        ``net.num_neurons``).
    ``A``, ``c``
        the output map: ``A`` (outputs x dim), ``c`` (outputs).
    ``facets``
        the irredundant facets ``a . x <= b`` (:class:`Facets`: arrays
        ``a``, ``b``, the ``owners``, the ``vertices`` on each).
    ``vertices``
        vertices x dim; counter-clockwise round the polygon in 2D.
    ``rays``, ``lines``
        extreme rays and a basis of the lineality space (unbounded regions).
    ``cycle``
        2D: the boundary as generator indices, counter-clockwise: vertices
        numbered as in ``vertices``, rays as ``len(vertices) + k`` (an
        unbounded region starts with the ray along which its boundary comes
        in and ends with the one along which it leaves); None otherwise.
    ``interior_point``
        a point inside (exactly: a rational point with certified margin
        ``interior_margin``), ``chebyshev_radius`` (float) the radius of the
        largest ball about the Chebyshev centre.
    ``volume``
        the Lebesgue measure in the free inputs (inf when unbounded).
    ``bounded``
        whether the region is bounded.
    ``exact``
        whether the values are exact Fractions.
    """

    __slots__ = ("_ctx", "_partition", "_index", "_data")

    def __init__(self, ctx, partition, index, data):
        self._ctx = ctx
        self._partition = partition
        self._index = index
        self._data = data

    @classmethod
    def _copy(cls, ctx, r):
        """A region holding all its data, read while r is valid (a stream)."""
        data = {}
        for read in _ALL_READERS:
            data.update(read(ctx, r))
        return cls(ctx, None, data["id"] - 1, data)

    def _ptr(self):
        return lib.rc_partition_region(self._partition._ptr, self._index)

    def _get(self, key):
        data = self._data
        if key not in data:
            data.update(_READERS[key](self._ctx, self._ptr()))
        return data[key]

    id = _attr("id", "1, 2, ... in the order of the enumeration.")
    pattern = _attr("pattern", "The activation pattern as text, '0110|10'.")
    pattern_array = _attr("pattern_array", "The pattern as booleans, layer "
                          "after layer.")
    bounded = _attr("bounded", "Whether the region is bounded.")
    A = _attr("A", "The output map's matrix (outputs x dim).")
    c = _attr("c", "The output map's offset (outputs).")
    facets = _attr("facets", "The irredundant facets (Facets).")
    vertices = _attr("vertices", "The vertices (counter-clockwise in 2D).")
    rays = _attr("rays", "The extreme rays.")
    lines = _attr("lines", "A basis of the lineality space.")
    cycle = _attr("cycle", "2D: the boundary as generator indices, "
                  "counter-clockwise; None otherwise.")
    interior_point = _attr("interior_point", "A point inside the region.")
    interior_margin = _attr("interior_margin", "Exact: the certified margin "
                            "of interior_point (a Fraction); else None.")
    chebyshev_radius = _attr("chebyshev_radius", "The radius of the largest "
                             "ball inside (float; inf if unbounded).")
    volume = _attr("volume", "The volume (inf when unbounded).")

    @property
    def exact(self):
        """Whether the values are exact (Fractions)."""
        return bool(self._ctx.exact)

    @property
    def index(self):
        """The position in the partition (``id - 1``)."""
        return self._index

    @property
    def partition(self):
        """The :class:`Partition` holding the region (None for a region
        handed over by a stream)."""
        return self._partition

    def output(self, x):
        """The network's output ``A x + c`` at x (free inputs), by the
        region's map (exact arithmetic when x and the map are exact)."""
        x = np().asarray(x, dtype=object if self._ctx.exact else float)
        return self.A.dot(x) + self.c

    def __eq__(self, other):
        return (isinstance(other, Region) and other._partition is not None
                and self._partition is other._partition
                and self._index == other._index)

    def __hash__(self):
        return hash((id(self._partition), self._index))

    def __repr__(self):
        return "<Region %d pattern %s%s>" % (
            self.id, self.pattern, "" if self.bounded else " unbounded")


class Domain:
    """The part of input space that was partitioned: a box or all of R^n,
    with some inputs fixed (a slice).  Read-only: ``num_inputs``, ``dim``
    (free inputs), ``free_inputs`` (their indices, from 0), ``bounded``,
    ``lo`` and ``hi`` (arrays over all inputs; -inf/inf when unbounded),
    ``fixed`` ({input: value}), ``volume`` of the free part."""

    def __init__(self, ptr):
        self._ptr = ptr
        self._finalizer = _finalize(self, lib.rc_domain_free, ptr)

    @property
    def num_inputs(self):
        """The number of inputs of the network."""
        return lib.rc_domain_num_inputs(self._ptr)

    @property
    def dim(self):
        """The number of free inputs."""
        return lib.rc_domain_dim(self._ptr)

    @property
    def free_inputs(self):
        """The indices of the free inputs (from 0)."""
        return tuple(lib.rc_domain_free_input(self._ptr, k)
                     for k in range(self.dim))

    @property
    def bounded(self):
        """Whether the domain is a box."""
        return bool(lib.rc_domain_is_bounded(self._ptr))

    @property
    def lo(self):
        """The lower bounds of all inputs (-inf when unbounded)."""
        if not self.bounded:
            return np().full(self.num_inputs, -np().inf)
        return np().array([lib.rc_domain_lo(self._ptr, i)
                           for i in range(self.num_inputs)])

    @property
    def hi(self):
        """The upper bounds of all inputs (inf when unbounded)."""
        if not self.bounded:
            return np().full(self.num_inputs, np().inf)
        return np().array([lib.rc_domain_hi(self._ptr, i)
                           for i in range(self.num_inputs)])

    @property
    def fixed(self):
        """The fixed inputs: {input (from 0): value}."""
        return {i: lib.rc_domain_fixed_value(self._ptr, i)
                for i in range(self.num_inputs)
                if lib.rc_domain_is_fixed(self._ptr, i)}

    @property
    def volume(self):
        """The volume of the free part (nan when unbounded)."""
        return lib.rc_domain_volume(self._ptr)

    def __repr__(self):
        fixed = self.fixed
        return "<Domain %s of %d inputs%s>" % (
            "box" if self.bounded else "R^n", self.num_inputs,
            ", fixed " + ", ".join("x%d=%g" % (i + 1, v)
                                   for i, v in fixed.items()) if fixed else "")


def _finalize(owner, free, ptr):
    import weakref
    return weakref.finalize(owner, free, ptr)


def _pattern_bytes(net, pattern):
    """A pattern (text "0110|10", or a sequence of 0/1 or booleans) as the
    library's bytes, checked against the network."""
    n = net.num_neurons
    buf = (ctypes.c_ubyte * max(n, 1))()
    if isinstance(pattern, str):
        _lib.call(lib.rc_pattern_parse, buf, pattern.encode(), net._ptr)
        return buf
    values = list(pattern)
    if len(values) != n:
        raise ArgumentError("a pattern of %d values for a network of %d "
                            "hidden neurons" % (len(values), n))
    for i, v in enumerate(values):
        buf[i] = 1 if v else 0
    return buf


class Partition:
    """All the regions of an enumeration (:meth:`relucells.Net.enumerate`).

    A sequence: ``len(partition)``, ``partition[k]`` (the region with id
    k + 1), iteration in the order of the enumeration.  Also:
    ``layer_counts`` (regions after each hidden layer), ``complete``,
    ``exact``, ``arithmetic``, ``stats`` (the decisions made), ``dim``,
    ``free_inputs``, ``domain``, ``net``; :meth:`find` by pattern,
    :meth:`locate` by point; :meth:`graph`, :meth:`draw`, :meth:`boundary`,
    :meth:`bounds`, :meth:`atoms`, :meth:`lipschitz`, :meth:`to_json`.
    """

    def __init__(self, ptr, net, domain, arithmetic):
        self._ptr = ptr
        self._finalizer = _finalize(self, lib.rc_partition_free, ptr)
        self.net = net
        self.domain = domain
        self.arithmetic = _ARITH_NAMES[arithmetic]
        self._arith = arithmetic
        self._ctx = _Context(net, lib.rc_partition_dim(ptr),
                             lib.rc_partition_num_outputs(ptr),
                             bool(lib.rc_partition_is_exact(ptr)))

    def __len__(self):
        return lib.rc_partition_num_regions(self._ptr)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        n = len(self)
        k = int(k)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("region index %d out of range (%d regions)"
                             % (k, n))
        return Region(self._ctx, self, k, {})

    def __iter__(self):
        return (self[k] for k in range(len(self)))

    def __repr__(self):
        return "<Partition: %d regions (%s)%s, layers %s>" % (
            len(self), self.arithmetic, "" if self.complete else " partial",
            list(self.layer_counts))

    @property
    def layer_counts(self):
        """The number of regions after each hidden layer, a tuple (the last
        is ``len(partition)`` unless the network has no hidden layer)."""
        return tuple(lib.rc_partition_layer_count(self._ptr, k)
                     for k in range(lib.rc_partition_num_hidden(self._ptr)))

    @property
    def complete(self):
        """False when a limit or a stop cut the enumeration short."""
        return bool(lib.rc_partition_is_complete(self._ptr))

    @property
    def exact(self):
        """Whether the regions carry exact data (Fractions)."""
        return self._ctx.exact

    @property
    def stats(self):
        """The decisions the enumeration made (rc_enum_stats): a dict."""
        s = lib.rc_partition_stats(self._ptr).contents
        return {name: getattr(s, name) for name, _ in _lib.EnumStats._fields_}

    @property
    def dim(self):
        """The number of free inputs (the dimension of the regions)."""
        return self._ctx.dim

    @property
    def free_inputs(self):
        """The indices (from 0) of the inputs the regions are drawn in."""
        return tuple(lib.rc_partition_free_input(self._ptr, k)
                     for k in range(self.dim))

    @property
    def num_outputs(self):
        """The number of outputs of the network."""
        return self._ctx.num_outputs

    @property
    def patterns(self):
        """A boolean array regions x hidden neurons: every pattern."""
        n = self._ctx.num_neurons
        out = np().empty((len(self), n), dtype=bool)
        for k in range(len(self)):
            r = lib.rc_partition_region(self._ptr, k)
            raw = ctypes.string_at(lib.rc_region_pattern(r), n)
            out[k] = np().frombuffer(raw, dtype=np().uint8)
        return out

    @property
    def volumes(self):
        """The volume of every region, float64 (inf when unbounded)."""
        return np().array([lib.rc_region_volume(
            lib.rc_partition_region(self._ptr, k)) for k in range(len(self))])

    def find(self, pattern):
        """The region of an activation pattern (text "0110|10", with or
        without bars, or a sequence of booleans), or None."""
        k = lib.rc_partition_find(self._ptr, _pattern_bytes(self.net, pattern))
        return None if k == _lib.NONE else self[k]

    def locate(self, x, tol=1e-9):
        """The region whose closure holds the point x (raw coordinates of
        the free inputs), or None: one holding x in its interior if there is
        one, else one holding it on its boundary within tol (relative to the
        size of the terms).  Read from the facets, so it does not depend on
        how rounding falls on a neuron that is zero at x.  Linear in the
        number of regions."""
        x = [float(v) for v in (x if hasattr(x, "__len__") else [x])]
        if len(x) != self.dim:
            raise ArgumentError("locate: a point of %d coordinates in a "
                                "partition of dimension %d" % (len(x), self.dim))
        k = lib.rc_partition_locate(self._ptr, _lib.double_array(x), tol)
        return None if k == _lib.NONE else self[k]

    def graph(self):
        """The region graph as a networkx.Graph (see relucells.graph)."""
        from .graph import region_graph
        return region_graph(self)

    def draw(self, target=None, **options):
        """Draw a 2D partition to a file or onto matplotlib Axes (see
        relucells.draw.draw for the options)."""
        from .draw import draw
        return draw(self, target, **options)

    def boundary(self, argmin=False, level=None, output=0, clip=None):
        """The decision boundary or a level set, exactly (see
        relucells.draw.boundary)."""
        from .draw import boundary
        return boundary(self, argmin=argmin, level=level, output=output,
                        clip=clip)

    def bounds(self):
        """The counts per layer beside the published bounds (see
        relucells.analysis.Bounds)."""
        from .analysis import bounds
        return bounds(self)

    def atoms(self):
        """The atomic decomposition of every region's map, each checked
        against the region (see relucells.analysis.Atoms)."""
        from .analysis import partition_atoms
        return partition_atoms(self)

    def lipschitz(self, normalised=False):
        """Local and global Lipschitz constants and the bounds (see
        relucells.analysis.Lipschitz)."""
        from .analysis import lipschitz
        return lipschitz(self, normalised=normalised)

    def to_json(self, graph=False):
        """The partition as the CLI's JSON (relucells-json(5), the output
        of ``relucells enumerate --format json``), with the region graph as
        its "adjacency" when graph is true."""
        opts = _lib.WriteOpts()
        lib.rc_write_opts_init(byref(opts))
        opts.format = _lib.RC_FORMAT_JSON
        opts.net_name = _lib.encode(self.net.name)
        g = c_void_p()
        if graph:
            _lib.call(lib.rc_graph_build, byref(g), self._ptr)
        try:
            return _lib.write_to_string(lambda f: _lib.call(
                lib.rc_partition_write, f, self._ptr, self.net._ptr,
                self.domain._ptr, g, byref(opts)))
        finally:
            lib.rc_graph_free(g)
