/* relucells/partition.h -- all the regions of an enumeration, in memory.
 *
 * The partition of the domain into convex polyhedra, one per
 * configuration theta that has interior (see enumerate.h), with an index
 * by pattern and a point locator.  Region i (0-based here) has id i + 1. */
#ifndef RELUCELLS_PARTITION_H
#define RELUCELLS_PARTITION_H

#include <stddef.h>
#include <stdio.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/net.h"
#include "relucells/region.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_partition rc_partition;

/* Enumerate the regions of net on dom and keep them all (a sink of
 * rc_enumerate_each).  On success *part is a new partition owned by the
 * caller (rc_partition_free).  On RC_ERR_LIMIT or RC_ERR_STOPPED *part is
 * the partial partition (rc_partition_is_complete says 0): its regions
 * are complete and correct.  On other errors *part is NULL. */
rc_status rc_enumerate(rc_partition **part, const rc_net *net,
                       const rc_domain *dom, const rc_enum_opts *opts,
                       rc_error *err);
void rc_partition_free(rc_partition *part);

size_t rc_partition_num_regions(const rc_partition *part);
const rc_region *rc_partition_region(const rc_partition *part, size_t i);
/* Dimension of the regions and the inputs they are drawn in. */
size_t rc_partition_dim(const rc_partition *part);
size_t rc_partition_free_input(const rc_partition *part, size_t k);
size_t rc_partition_num_outputs(const rc_partition *part);
size_t rc_partition_num_hidden(const rc_partition *part);
size_t rc_partition_hidden_size(const rc_partition *part, size_t k);
/* |Theta_k|: regions after hidden layer k (0-based). */
size_t rc_partition_layer_count(const rc_partition *part, size_t k);
size_t rc_partition_pattern_length(const rc_partition *part);
const rc_enum_stats *rc_partition_stats(const rc_partition *part);
/* 0 when a limit or a stop cut the enumeration short. */
int rc_partition_is_complete(const rc_partition *part);
/* Do the regions carry exact data (exact arithmetic)? */
int rc_partition_is_exact(const rc_partition *part);

/* The pattern of r as text: one block of 0/1 per hidden layer joined by
 * '|', e.g. "0110|10".  buf needs pattern length + hidden layers bytes. */
void rc_partition_pattern_string(char *buf, const rc_partition *part,
                                 const rc_region *r);
/* Index of the region whose pattern is the given byte string, or
 * (size_t)-1 when there is none. */
size_t rc_partition_find(const rc_partition *part,
                         const unsigned char *pattern);

/* Index of a region whose closure contains the point x (raw coordinates
 * of the free inputs), found from the facets, not from the network: a
 * region that holds x in its interior if there is one, else one that
 * holds it on its boundary (within tol, relative to the size of the
 * terms), else (size_t)-1.  Unlike the pattern of rc_net_eval, this does
 * not depend on how rounding falls on a neuron that is zero at x.
 * Linear in the number of regions. */
size_t rc_partition_locate(const rc_partition *part, const double *x,
                           double tol);

#ifdef __cplusplus
}
#endif
#endif
