/* boundary_internal.h -- shared by boundary.c (float, the object and its
 * writers) and boundary_exact.c (rationals); not installed. */
#ifndef RC_BOUNDARY_INTERNAL_H
#define RC_BOUNDARY_INTERNAL_H

#include <gmp.h>

#include "relucells/boundary.h"

struct rc_boundary {
    size_t dim, num_outputs;
    int exact;
    size_t *inputs;            /* the free inputs, 0-based */
    rc_boundary_kind kind;
    int argmin;
    size_t output;
    double level;
    mpq_t level_q;             /* exact mode */
    size_t num, cap;
    rc_boundary_piece *pieces;
    mpq_t **points_q;          /* exact mode: per piece, NULL otherwise */
    size_t tied;
    double clip_lo[3], clip_hi[3];
};

/* Append a piece of n points (copied); q (exact mode) is taken over, an
 * array of n * dim rationals.  Non-zero when out of memory. */
int rc_boundary_push(rc_boundary *b, size_t region, unsigned i, unsigned j,
                     const double *points, size_t n, mpq_t *q);

/* The pieces of region ri of part, in rationals, for the candidate pairs
 * p (in the order i < j, or the one level set) with maybe[p] set. */
rc_status rc_boundary_region_exact(rc_boundary *b, const rc_partition *part,
                                   size_t ri, const unsigned char *keep,
                                   const unsigned char *maybe, rc_error *err);

/* The byte of the pattern of r for the owner of facet f: 1 when r lies on
 * the active side of the facet's neuron (and for domain facets), that is,
 * when r is the region that reports a piece lying along the facet. */
unsigned char rc_boundary_keeps_facet(const rc_partition *part,
                                      const rc_region *r, size_t f);

#endif
