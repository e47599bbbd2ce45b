"""relucells: the exact linear regions of ReLU networks, from Python.

A ReLU network is piecewise affine: its input space splits into convex
polyhedra (regions), one per activation pattern, and on each the network is
one affine map.  This package is a thin binding (ctypes) of the C library
librelucells, which computes every region exactly; results come back as
numpy arrays, ``fractions.Fraction`` when exact, and networkx graphs.

Networks
    ``load(path)``                  NNet or ONNX file (told apart by content)
    ``read_onnx(data)``             ONNX model from bytes
    ``from_arrays([(W1, b1), ...])`` weights and biases (ReLU between layers)
    ``from_torch(module)``          a PyTorch model, float32 weights exactly
    A :class:`Net` has its sizes, ``weights()``, ``biases()``,
    ``input_box``, ``net(x)`` (evaluation) and ``save(path)``.

Regions
    ``net.enumerate(box=None, fix=None, unbounded=False, exact=False,
    float=False, threads=None, max_regions=None, time_limit=None)``
        returns a :class:`Partition`: ``len()``, ``layer_counts``, iteration
        over :class:`Region` objects (``id``, ``pattern``, ``pattern_array``,
        ``A``, ``c``, ``facets``, ``vertices``, ``volume``,
        ``interior_point``, ``bounded``), ``locate(x)``, ``find(pattern)``.
    ``net.iter_regions(...)``
        the same regions streamed, without holding them.

Analyses
    ``partition.graph()``           region graph (networkx.Graph): shared
                                    facets, owning neuron, gradient jumps
    ``partition.draw(path or ax)``  picture of a 2D partition (SVG, PNG, PDF,
                                    or matplotlib Axes)
    ``partition.boundary()``        the decision boundary, exactly
    ``net.bounds()``, ``partition.bounds()``   counts beside the bounds
    ``net.atoms(pattern)``, ``partition.atoms()``   atomic decompositions
    ``net.lipschitz()``, ``partition.lipschitz()``  Lipschitz constants

Paths (any input dimension; nothing of the input space is enumerated)
    ``net.path(x0, x1, exact=False, float=False, output_index=None,
    combine=None, max_breakpoints=None, time_limit=None)``
        every break point along the segment x0 -> x1 (``points=[...]``: a
        polyline): a :class:`Path` with ``breakpoints`` (t, x, flips,
        layer, value, gap), ``pieces`` (pattern, slope), the arrays ``t``,
        ``points``, ``values``, ``gaps``, and per hidden layer
        ``layer_transitions``, ``layer_patterns``, ``lengths``.
    ``net.arc(x0, x1, angle=2*pi, ...)``   Raghu et al.'s arc
    ``net.paths(samples, pairs=1000, seed=1, threads=None, ...)``
        the statistics of many segments (a :class:`PathStats`): Kubo et
        al.'s K and gradient gaps, Kim & Kim's per-layer shares and jumps,
        Raghu et al.'s transitions and lengths.

Errors raise :class:`Error` subclasses carrying the library's one-line
message (``ParseError``: "net.nnet:12: expected 50 weights, found 49").

Numbering: indices are 0-based, as in the C API (inputs, hidden layers,
neurons, outputs, ``partition[k]``); region ids, pattern text and
``str(owner)`` are the command line's (``partition[k].id == k + 1``, layers
and neurons from 1 in text).

The C library is found through ``$RELUCELLS_LIB`` (the path of
librelucells.so), the source tree the package sits in
(``PYTHONPATH=python`` in a build tree), or where ``make install`` put it.
Only the arrays need numpy; ``from_torch`` needs torch, ``graph`` networkx
and drawing onto Axes matplotlib.

Example::

    import relucells
    net = relucells.load("examples/small2d.nnet")
    part = net.enumerate(exact=True)
    print(len(part), part.layer_counts)
    r = part.locate([0.1, 0.2])
    print(r.pattern, r.A, r.c)
    G = part.graph()
"""

from ._lib import LIB_PATH
from .errors import (ArgumentError, Error, FileError, LimitError, LPError,
                     NumericError, OutOfMemoryError, ParseError, StoppedError)
from .net import (Net, RegionStream, from_arrays, from_torch, load,
                  read_onnx)
from .partition import Domain, Facet, Facets, Owner, Partition, Region
from .path import Breakpoint, Flip, Path, PathStats, Piece

__version__ = "0.1.0"

__all__ = [
    "load", "read_onnx", "from_arrays", "from_torch",
    "Net", "Partition", "Region", "RegionStream", "Facets", "Facet", "Owner",
    "Domain", "Path", "Breakpoint", "Piece", "Flip", "PathStats",
    "Error", "FileError", "ParseError", "OutOfMemoryError", "ArgumentError",
    "LPError", "LimitError", "NumericError", "StoppedError",
    "LIB_PATH",
]
