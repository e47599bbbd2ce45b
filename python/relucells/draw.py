"""Pictures of 2D partitions, and decision boundaries.

:func:`draw` writes a picture through the C library's writer
(rc_partition_draw: SVG, PNG or PDF by the file's extension, with every
option of ``relucells draw``) or draws onto matplotlib Axes: each region a
polygon from its vertices in boundary order (rc_region_polygon), filled
with the colour the C writer would give it (rc_draw_region_colors), and the
decision boundary from :func:`boundary`.  On Axes a region the boundary
crosses is filled with the class of its interior point (the C writer cuts
it along the boundary), and the facets are stroked in one colour.
"""

import math
import os
from ctypes import byref, c_char_p, c_double, c_uint32, c_void_p

from . import _lib
from ._lib import lib, np
from .errors import ArgumentError

__all__ = ["draw", "boundary", "Boundary"]

_COLORS = {"pattern": 0, "output": 1, "argmax": 2, "argmin": 3, "gradient": 4,
           "layer": 5, "volume": 6, "white": 7}
_ALL_OUTPUTS = _lib.NONE


class Boundary:
    """The decision boundary (where the two leading outputs tie) or a level
    set, region by region, exactly (boundary.h).

    ``pieces``: a list of point arrays, one per piece (2D: a segment, its
    two ends; 3D: a convex polygon in cyclic order), float64 or Fractions
    when the partition is exact; ``regions``: the id of the region holding
    each piece; ``classes``: (pieces x 2) the tied outputs (from 0; for a
    level set output k twice); ``segments`` (2D): the pieces as one array
    pieces x 2 x 2; ``num_tied``: regions on which two candidate outputs
    are equal everywhere (no piece); ``kind``: 'classes' or 'level'.
    """

    def __init__(self, pieces, regions, classes, dim, exact, kind, num_tied):
        self.pieces = pieces
        self.regions = regions
        self.classes = classes
        self.dim = dim
        self.exact = exact
        self.kind = kind
        self.num_tied = num_tied

    def __len__(self):
        return len(self.pieces)

    @property
    def segments(self):
        """2D: the pieces as one array, pieces x 2 ends x 2 coordinates."""
        if self.dim != 2:
            raise ArgumentError("segments: the boundary of a %dD partition is "
                                "made of polygons" % self.dim)
        return np().array(self.pieces, dtype=object if self.exact else float
                          ).reshape(len(self.pieces), 2, 2)

    def __repr__(self):
        return "<Boundary (%s): %d pieces>" % (self.kind, len(self))


def _boundary_opts(opts, argmin, level, output, keep):
    lib.rc_boundary_opts_init(byref(opts))
    if level is not None:
        opts.kind = _lib.RC_BOUNDARY_LEVEL
        opts.output = int(output)
        text = _lib.number_text(level)
        keep.append(text.encode())
        opts.level_text = keep[-1]
        opts.level = float(level) if not isinstance(level, str) else float(
            _lib.Fraction(level))
    else:
        opts.kind = _lib.RC_BOUNDARY_CLASSES
        opts.argmin = 1 if argmin else 0


def boundary(partition, argmin=False, level=None, output=0, clip=None):
    """The decision boundary of a 2D or 3D partition: where the two largest
    outputs tie (the smallest with argmin=True, as ACAS Xu's advisory), or
    with level the set where output ``output`` (from 0) equals level.
    clip: (lo, hi) of the box that cuts unbounded regions (default: all
    vertices' bounding box grown by half).  A network with one output
    (a logit) decides by its sign: its decision boundary is the level set
    0.  A :class:`Boundary`."""
    if level is None and partition.num_outputs == 1:
        level = 0
    opts = _lib.BoundaryOpts()
    keep = []
    _boundary_opts(opts, argmin, level, output, keep)
    if clip is not None:
        lo, hi = clip
        keep.append(_lib.double_array(np().broadcast_to(lo, (partition.dim,))))
        opts.clip_lo = keep[-1]
        keep.append(_lib.double_array(np().broadcast_to(hi, (partition.dim,))))
        opts.clip_hi = keep[-1]
    b = c_void_p()
    _lib.call(lib.rc_boundary_new, byref(b), partition._ptr, byref(opts))
    try:
        dim = lib.rc_boundary_dim(b)
        exact = bool(lib.rc_boundary_is_exact(b))
        pieces, regions, classes = [], [], []
        for i in range(lib.rc_boundary_num_pieces(b)):
            p = lib.rc_boundary_get_piece(b, i).contents
            if exact:
                pts = _lib.fractions(lib.rc_boundary_piece_q(b, i),
                                     p.num_points, dim)
            else:
                pts = _lib.doubles(p.points, p.num_points, dim)
            pieces.append(pts)
            regions.append(p.region + 1)
            classes.append((p.classes[0], p.classes[1]))
        return Boundary(pieces, np().array(regions, dtype=int),
                        np().array(classes, dtype=int).reshape(-1, 2), dim,
                        exact, "level" if level is not None else "classes",
                        lib.rc_boundary_num_tied(b))
    finally:
        lib.rc_boundary_free(b)


def _names(names, count, what):
    if names is None:
        return None
    names = list(names)
    if len(names) != count:
        raise ArgumentError("%s: %d names for %d %s" % (what, len(names), count,
                                                        what.split("_")[0] + "s"))
    return (c_char_p * count)(*[str(n).encode() for n in names])


def _draw_opts(partition, color, output, layers, strip, facets, legend,
               boundary, argmin, level, view, size, input_names, output_names,
               title, keep):
    opts = _lib.DrawOpts()
    lib.rc_draw_opts_init(byref(opts))
    if color not in _COLORS:
        raise ArgumentError("color: %r is not one of %s" % (
            color, ", ".join(sorted(_COLORS))))
    opts.color = _COLORS[color]
    opts.output = _ALL_OUTPUTS if output is None else int(output)
    opts.layers = int(layers)
    opts.strip = 1 if strip else 0
    opts.facets = 1 if facets else 0
    opts.legend = 1 if legend else 0
    if size is not None:
        opts.width, opts.height = (int(v) for v in size)
    if boundary and level is None and partition.num_outputs == 1:
        level = 0                        # a logit decides by its sign
    if boundary or level is not None:
        opts.boundary = 1
        _boundary_opts(opts.boundary_opts, argmin, level,
                       0 if output is None else output, keep)
    elif argmin:
        opts.boundary_opts.argmin = 1
    if view is not None:
        keep.append(_lib.double_array(view))
        if len(view) != 4:
            raise ArgumentError("view: (xmin, xmax, ymin, ymax), not %r"
                                % (view,))
        opts.view = keep[-1]
    names = _names(input_names, partition.domain.num_inputs, "input_names")
    if names is not None:
        keep.append(names)
        opts.input_names = names
    names = _names(output_names, partition.num_outputs, "output_names")
    if names is not None:
        keep.append(names)
        opts.output_names = names
    if title is not None:
        keep.append(str(title).encode())
        opts.title = keep[-1]
    return opts


def draw(partition, target=None, color="pattern", output=0, layers=0,
         strip=False, facets=True, legend=True, boundary=False, argmin=False,
         level=None, view=None, size=None, input_names=None,
         output_names=None, title=None):
    """Draw a 2D partition (``partition.draw``).

    target: a file name (.svg, .png or .pdf: the C writer, as ``relucells
    draw -o``; returns the path), or matplotlib Axes, or None (new Axes of
    a new figure; returns the Axes).
    color: 'pattern' (default), 'output' (output ``output``, shaded),
    'argmax', 'argmin' (the class), 'gradient' (|grad| of output
    ``output``; output=None: of all), 'layer', 'volume', 'white'.
    layers: draw the partition after that many hidden layers (0: all);
    strip: panels after layer 1, 2, ... (files only).
    boundary: overlay the decision boundary (argmin=True: of the smallest
    output; one output: where it is 0), or with level the level set of
    ``output``.
    facets, legend: stroke the facets, draw the legend (files);
    view: (xmin, xmax, ymin, ymax); size: (width, height) in pixels
    (files); input_names (all the network's inputs), output_names, title.
    """
    if partition.dim != 2:
        raise ArgumentError("draw: the partition is %dD; pictures are of 2D "
                            "partitions (fix inputs to get a 2D slice)"
                            % partition.dim)
    keep = []
    opts = _draw_opts(partition, color, output, layers, strip, facets, legend,
                      boundary, argmin, level, view, size, input_names,
                      output_names, title, keep)
    if isinstance(target, (str, bytes, os.PathLike)):
        _lib.call(lib.rc_partition_draw, _lib.encode(os.fspath(target)),
                  partition._ptr, partition.domain._ptr, byref(opts))
        return target
    return _draw_axes(partition, target, opts, color, output, facets,
                      boundary, argmin, level, view, input_names, output_names,
                      title)


def _view_of(partition, view):
    if view is not None:
        return [float(v) for v in view]
    free = partition.free_inputs
    if partition.domain.bounded:
        lo, hi = partition.domain.lo, partition.domain.hi
        return [lo[free[0]], hi[free[0]], lo[free[1]], hi[free[1]]]
    pts = [np().asarray(r.vertices, dtype=float) for r in partition
           if len(r.vertices)]
    if not pts:
        return [-1.0, 1.0, -1.0, 1.0]
    pts = np().concatenate(pts)
    lo, hi = pts.min(0), pts.max(0)
    half = np().maximum((hi - lo) / 2, 0.5)
    return [lo[0] - half[0], hi[0] + half[0], lo[1] - half[1], hi[1] + half[1]]


def _clip(poly, a, b):
    """The polygon poly cut by the half-plane a . x <= b (Sutherland-
    Hodgman)."""
    out = []
    for k in range(len(poly)):
        p, q = poly[k], poly[(k + 1) % len(poly)]
        fp, fq = a.dot(p) - b, a.dot(q) - b
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            out.append(p + (q - p) * (fp / (fp - fq)))
    return out


def _polygon(region, view):
    """The region's polygon in float, reaching far beyond the view where it
    is unbounded; None when it has no vertex cycle (a line inside)."""
    V = np().asarray(region.vertices, dtype=float)
    cycle = region.cycle
    x0, x1, y0, y1 = view
    if cycle is None:
        box = [np().array(p, dtype=float) for p in
               ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        a = np().asarray(region.facets.a, dtype=float)
        b = np().asarray(region.facets.b, dtype=float)
        for k in range(len(b)):
            box = _clip(box, a[k], b[k])
            if not box:
                return None
        return np().array(box)
    R = np().asarray(region.rays, dtype=float)
    nv = len(V)
    centre = np().array([(x0 + x1) / 2, (y0 + y1) / 2])
    far = 4 * (math.hypot(x1 - x0, y1 - y0)
               + (np().abs(V - centre).sum(1).max() if nv else 0.0))
    pts = []
    for k, g in enumerate(cycle):
        if g < nv:
            pts.append(V[g])
            continue
        ray = R[g - nv] / np().linalg.norm(R[g - nv])
        # the entering ray leads to the next vertex, the leaving one from
        # the previous
        base = V[cycle[k + 1]] if k == 0 else V[cycle[k - 1]]
        pts.append(base + far * ray)
    return np().array(pts)


def _draw_axes(partition, ax, opts, color, output, facets, boundary, argmin,
               level, view, input_names, output_names, title):
    try:
        import matplotlib.pyplot as plt
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.patches import Patch
    except ImportError:
        raise ImportError("relucells: drawing onto Axes needs matplotlib "
                          "(Debian: python3-matplotlib); give a file name to "
                          "use the C writer") from None
    if ax is None:
        _, ax = plt.subplots()
    rgb = (c_uint32 * max(len(partition), 1))()
    _lib.call(lib.rc_draw_region_colors, rgb, partition._ptr,
              partition.domain._ptr, byref(opts))
    v = _view_of(partition, view)
    polys, fills = [], []
    for k, region in enumerate(partition):
        poly = _polygon(region, v)
        if poly is None or len(poly) < 3:
            continue
        polys.append(poly)
        c = rgb[k]
        fills.append(((c >> 16 & 255) / 255, (c >> 8 & 255) / 255,
                      (c & 255) / 255))
    # without facets each polygon is edged in its own colour, so that
    # antialiasing leaves no seams between neighbours
    ax.add_collection(PolyCollection(
        polys, facecolors=fills, edgecolors="0.25" if facets else fills,
        linewidths=0.3))
    if boundary and level is None and partition.num_outputs == 1:
        level = 0
    if boundary or level is not None:
        lo = [v[0], v[2]]
        hi = [v[1], v[3]]
        bnd = partition.boundary(argmin=argmin, level=level,
                                 output=0 if output is None else output,
                                 clip=(lo, hi))
        if len(bnd):
            ax.add_collection(LineCollection(
                [np().asarray(p, dtype=float) for p in bnd.pieces],
                colors="black", linewidths=2.0))
    if color in ("argmax", "argmin"):
        # the colour of each class, as rc_draw_region_colors gave it to the
        # regions of that class (decided at their interior points)
        pick = np().argmax if color == "argmax" else np().argmin
        names = list(output_names) if output_names is not None else [
            "y%d" % (k + 1) for k in range(partition.num_outputs)]
        seen = {}
        for k, region in enumerate(partition):
            x = np().asarray(region.interior_point, dtype=float)
            y = np().asarray(region.A, dtype=float).dot(x) + np().asarray(
                region.c, dtype=float)
            seen.setdefault(int(pick(y)), rgb[k])
        ax.legend(handles=[Patch(color=((c >> 16 & 255) / 255,
                                        (c >> 8 & 255) / 255, (c & 255) / 255),
                                 label=names[cls])
                           for cls, c in sorted(seen.items())], loc="best")
    ax.set_xlim(v[0], v[1])
    ax.set_ylim(v[2], v[3])
    free = partition.free_inputs
    names = list(input_names) if input_names is not None else [
        "x%d" % (i + 1) for i in range(partition.domain.num_inputs)]
    ax.set_xlabel(names[free[0]])
    ax.set_ylabel(names[free[1]])
    ax.set_title(title if title is not None else "%d regions" % len(partition))
    return ax
