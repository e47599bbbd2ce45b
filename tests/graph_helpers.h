/* graph_helpers.h -- helpers of the region-graph tests (test_graph.c,
 * test_graph_export.c), defined in tests/graph_helpers.c. */
#ifndef RC_TEST_GRAPH_HELPERS_H
#define RC_TEST_GRAPH_HELPERS_H

#include <stddef.h>

#include "relucells/domain.h"
#include "relucells/graph.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"

#define GH_MAXP 320   /* hidden neurons (ACAS Xu: 300) */
#define GH_MAXL 8     /* hidden layers */

/* A network on n inputs with hidden widths w[0..L) (L <= GH_MAXL) and m
 * outputs.  p holds, hidden layer after layer and neuron after neuron, the
 * weights then the bias; every output sums the last hidden layer. */
rc_net *gh_make_net(size_t n, size_t L, const size_t *w, size_t m,
                    const double *p);


/* rc_enumerate in exact (exact != 0) or float arithmetic, and
 * rc_graph_build, both asserted to succeed. */
rc_partition *gh_run(const rc_net *net, const rc_domain *dom, int exact);
rc_graph *gh_build(const rc_partition *part);

/* Free them all (any may be NULL). */
void gh_release(rc_graph *g, rc_partition *part, rc_net *net, rc_domain *dom);

/* qsort order of size_t values. */
int gh_size_cmp(const void *x, const void *y);

/* Euclidean norm of a[0..n). */
double gh_vnorm(const double *a, size_t n);

/* Do facet f of r and facet f2 of r2 lie on one hyperplane with opposite
 * orientations?  Exact partitions: (a2, b2) = lambda (a, b) with lambda < 0,
 * in rationals.  Float: unit normals and offsets agree to 1e-9. */
int gh_opposite(const rc_partition *part, const rc_region *r, size_t f,
                const rc_region *r2, size_t f2);

/* Everything a graph must satisfy (test_graph.c's opening comment lists
 * the invariants); generic: the network is in general position, so an
 * edge's patterns differ in its owner alone up to the owner's layer. */
void gh_check_graph(const rc_graph *g, int generic);

#endif
