/* picture_helpers.h -- networks, domains and partitions shared by the tests
 * of the region order, the boundary, the pictures and the meshes (defined
 * in tests/picture_helpers.c). */
#ifndef RC_PICTURE_HELPERS_H
#define RC_PICTURE_HELPERS_H

#include <stddef.h>

#include "relucells.h"
#include "testutil.h"

#define PH_MAXL 6    /* most hidden layers of ph_random_net */

/* Is RC_TEST_QUICK set (valgrind runs: smaller cases)? */
int ph_quick(void);

/* A network on n inputs with hidden widths w[0..L) and m outputs.  kind 0:
 * weights and biases uniform in [-1, 1] (generic); kind 1: weights in
 * {-1, 0, 1} and biases in {-1, 0, 1} (degenerate: parallel, duplicate,
 * concurrent hyperplanes and zero rows).  Outputs random too. */
rc_net *ph_random_net(size_t n, size_t L, const size_t *w, size_t m, int kind,
                      unsigned long *rng);


/* Enumerate with interior points and volumes. */
rc_partition *ph_enumerate(const rc_net *net, const rc_domain *dom, int exact);

/* The network of tests/data/NAME on its own box, optionally sliced:
 * fix[i] is the value of input i, or NAN when free. */
rc_partition *ph_enumerate_file(rc_net **net, rc_domain **dom, const char *path,
                                const double *fix, int exact);

/* Is generator g of r on a facet other than skip that also holds h? */
int ph_share_facet(const rc_region *r, size_t g, size_t h, size_t skip);

/* The path of a file of the source tree (VPATH builds; a static buffer). */
const char *ph_src_path(const char *name);

#endif
