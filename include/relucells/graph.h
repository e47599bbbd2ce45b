/* relucells/graph.h -- the region graph: which regions share a facet.
 *
 * Two regions are adjacent when their closures share a piece of dimension
 * n-1.  Each shared facet lies on the zero set of the neuron (l, j) whose
 * cut made it (Kim & Kim, Prop. 1); across it the network's Jacobian jumps
 * by the gradient difference.  The graph is built without comparing all
 * pairs of regions: the two sides of every cut carry the cut's number on
 * their facets (rc_owner.cut), so candidates meet in one bucket, and
 * geometry (a relative-interior point of one facet inside the other) is
 * consulted only when a cut's facet was split on either side. */
#ifndef RELUCELLS_GRAPH_H
#define RELUCELLS_GRAPH_H

#include <gmp.h>
#include <stddef.h>
#include <stdio.h>

#include "relucells/partition.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_graph rc_graph;

/* One pair of adjacent regions. */
typedef struct rc_edge {
    size_t a, b;              /* regions: a on the side where the facet's
                                 neuron is active, b where it is not */
    size_t facet_a, facet_b;  /* the shared facet's index in each region */
    rc_owner owner;           /* the neuron whose cut made the facet */
    size_t num_neurons;       /* neurons whose activation differs: */
    const unsigned *neurons;  /* (layer, index) pairs, 0-based */
    const double *grad_diff;  /* A_a - A_b, outputs x dim */
    double norm;              /* its Frobenius (for one output: Euclidean) norm */
} rc_edge;

/* Per-layer or per-neuron summary of the gradient differences across the
 * facets owned by its neurons. */
typedef struct rc_jump_stats {
    size_t count;             /* shared facets */
    double mean, median, max; /* of the norms; 0 when count is 0 */
} rc_jump_stats;

/* Build the graph of part; *graph is owned by the caller and refers to
 * part, which must outlive it. */
rc_status rc_graph_build(rc_graph **graph, const rc_partition *part,
                         rc_error *err);
void rc_graph_free(rc_graph *graph);

size_t rc_graph_num_edges(const rc_graph *graph);
const rc_partition *rc_graph_partition(const rc_graph *graph);
const rc_edge *rc_graph_edge(const rc_graph *graph, size_t i);
/* Neuron facets that found no region on their other side: 0 unless the
 * partition is numerically broken (float mode on a near-degenerate net). */
size_t rc_graph_unmatched(const rc_graph *graph);

/* Exact mode: the gradient difference as rationals and its squared norm;
 * NULL in float mode. */
mpq_srcptr rc_graph_edge_grad_diff_q(const rc_graph *graph, size_t i);
mpq_srcptr rc_graph_edge_norm2_q(const rc_graph *graph, size_t i);

/* Statistics per hidden layer (num_hidden entries) and per hidden neuron
 * (pattern_length entries, layer after layer). */
const rc_jump_stats *rc_graph_layer_stats(const rc_graph *graph);
const rc_jump_stats *rc_graph_neuron_stats(const rc_graph *graph);

/* Is the graph connected? (It is for any box domain.) */
int rc_graph_is_connected(const rc_graph *graph);

/* Writers of the graph: io.h. */

#ifdef __cplusplus
}
#endif
#endif
