"""The region graph as a networkx.Graph.

Two regions are adjacent when their closures share a facet; each shared
facet lies on the zero set of the neuron whose cut made it, and across it
the network's Jacobian jumps by the gradient difference (Kim & Kim,
Prop. 1).  The library builds the graph (rc_graph_build) from the cut
numbers on the facets, without comparing all pairs; this module hands it
to networkx with the attributes of ``relucells graph --format json``.
"""

from ctypes import byref, c_void_p

from . import _lib
from ._lib import lib, np
from .partition import Owner

__all__ = ["region_graph"]


def _stats(s, **extra):
    d = dict(extra)
    d.update(facets=s.count, mean=s.mean, median=s.median, max=s.max)
    return d


def region_graph(partition):
    """The region graph of a partition (``partition.graph()``).

    Nodes are region ids (1, 2, ...: ``partition[id - 1]``), with the
    attributes ``region`` (the :class:`relucells.Region`), ``pattern``,
    ``interior_point``, ``volume`` and ``gradient_norm`` (the Frobenius
    norm of the region's Jacobian A, float).  Edges carry

    ``owner``
        the :class:`relucells.Owner` of the shared facet: the neuron whose
        cut made it (``layer`` and ``neuron`` from 0; ``str(owner)`` is the
        CLI's ``neuron 2 5``);
    ``layer``, ``neuron``
        the same, from 0;
    ``active``
        the id of the endpoint on the side where that neuron is active;
    ``flips``
        the (layer, neuron) pairs, from 0, whose activation differs;
    ``grad_diff``
        A_active - A_other (outputs x dim; Fractions when exact);
    ``grad_diff_norm``
        its Frobenius norm (float); exactly, also ``grad_diff_norm2``, its
        square as a Fraction;
    ``facets``
        {id: index of the shared facet in that region's ``facets``}.

    Graph attributes: ``connected``, ``unmatched_facets`` (neuron facets
    with no region across: 0 unless float arithmetic failed),
    ``layer_stats`` and ``neuron_stats`` (per hidden layer and neuron: the
    count, mean, median and max of the jump norms across the facets they
    own), ``arithmetic``.
    """
    import networkx

    g = c_void_p()
    _lib.call(lib.rc_graph_build, byref(g), partition._ptr)
    try:
        return _to_networkx(networkx, partition, g.value)
    finally:
        lib.rc_graph_free(g)


def _to_networkx(networkx, partition, g):
    part = partition._ptr
    exact = partition.exact
    m, n = partition.num_outputs, partition.dim
    G = networkx.Graph()
    hidden = [lib.rc_partition_hidden_size(part, k)
              for k in range(lib.rc_partition_num_hidden(part))]
    ls = lib.rc_graph_layer_stats(g)
    ns = lib.rc_graph_neuron_stats(g)
    neuron_stats, k = [], 0
    for layer, width in enumerate(hidden):
        for neuron in range(width):
            neuron_stats.append(_stats(ns[k], layer=layer, neuron=neuron))
            k += 1
    G.graph.update(
        arithmetic=partition.arithmetic,
        connected=bool(lib.rc_graph_is_connected(g)),
        unmatched_facets=lib.rc_graph_unmatched(g),
        layer_stats=[_stats(ls[l], layer=l) for l in range(len(hidden))],
        neuron_stats=neuron_stats)
    for region in partition:
        r = lib.rc_partition_region(part, region.index)
        A = _lib.doubles(lib.rc_region_output_A(r), m, n)
        G.add_node(region.id, region=region, pattern=region.pattern,
                   interior_point=region.interior_point, volume=region.volume,
                   gradient_norm=float(np().sqrt((A * A).sum())))
    for i in range(lib.rc_graph_num_edges(g)):
        e = lib.rc_graph_edge(g, i).contents
        a, b = e.a + 1, e.b + 1
        owner = Owner._from_c(e.owner)
        flips = tuple((e.neurons[2 * k], e.neurons[2 * k + 1])
                      for k in range(e.num_neurons))
        attrs = dict(owner=owner, layer=owner.layer, neuron=owner.neuron,
                     active=a, flips=flips, grad_diff_norm=e.norm,
                     facets={a: e.facet_a, b: e.facet_b})
        if exact:
            attrs["grad_diff"] = _lib.fractions(
                lib.rc_graph_edge_grad_diff_q(g, i), m, n)
            attrs["grad_diff_norm2"] = _lib.fraction(
                lib.rc_graph_edge_norm2_q(g, i))
        else:
            attrs["grad_diff"] = _lib.doubles(e.grad_diff, m, n)
        G.add_edge(a, b, **attrs)
    return G
