/* relucells/partition.h -- enumerating the linear regions of a network.
 *
 * rc_enumerate refines the domain layer by layer (Heinecke & Hwang,
 * Prop. 3): Theta_k, the regions after hidden layer k, is obtained by
 * splitting every region of Theta_{k-1} by the N_k hyperplanes of layer k,
 * whose affine functions are fixed on that region.  A piece is a region only
 * if it has interior.  The result is a partition of the domain into convex
 * polyhedra, one per configuration theta that has interior. */
#ifndef RELUCELLS_PARTITION_H
#define RELUCELLS_PARTITION_H

#include <stddef.h>
#include <stdio.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/region.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_partition rc_partition;

/* Options of the enumeration; rc_enum_opts_init sets every default. */
typedef struct rc_enum_opts {
    /* A generator within eps of a hyperplane lies on it (internal units:
     * a box domain is scaled to [-1,1]^n). Default 1e-9. */
    double eps;
    /* A cut whose depth (smaller of the largest values of h on either side)
     * is below lp_margin is re-decided by the Chebyshev LP of both pieces
     * and counted as uncertain. Default 1e-7. */
    double lp_margin;
    /* Stop with RC_ERR_LIMIT once a layer has more regions. 0: no limit. */
    size_t max_regions;
    /* Compute per region the Chebyshev ball (GLPK) and the volume. */
    int chebyshev;
    int volume;
    /* Exact rational arithmetic (GMP, cddlib) instead of double: every
     * decision exact, every number of the result a rational. Default 0. */
    int exact;
    /* Exact mode: solve each region's interior-margin LP exactly with
     * cddlib (the optimal margin, see exact.h), instead of certifying the
     * margin of a good rational point.  Slower.  Default 0. */
    int certify_lp;
} rc_enum_opts;

void rc_enum_opts_init(rc_enum_opts *opts);

/* Counters of the decisions an enumeration made. */
typedef struct rc_enum_stats {
    size_t classifications;   /* (piece, hyperplane) sign tests */
    size_t cuts;              /* hyperplanes that cut a piece */
    size_t uncertain;         /* cuts whose depth was below lp_margin */
    size_t lp_decisions;      /* of those, how many the LP reversed */
    size_t lp_calls;          /* LPs solved (GLPK, or cddlib when exact) */
    size_t exact_signs;       /* exact mode: signs the filter left to GMP */
} rc_enum_stats;

/* Enumerate the regions of net on dom.  On success *part is a new partition
 * owned by the caller (rc_partition_free).  On RC_ERR_LIMIT, *part is NULL. */
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
