/* float_frame.h -- what the two floating-point kernels (float, filtered)
 * share: the network in the unit frame u (x_free = centre + scale * u, a
 * box about [-1,1]^n) and the conversion of a final piece into a region in
 * raw coordinates; internal to kernel/. */
#ifndef RC_FLOAT_FRAME_H
#define RC_FLOAT_FRAME_H

#include "geom/poly.h"
#include "model/affine.h"
#include "result/partition_internal.h"

typedef struct rc_float_frame {
    rc_affine *aff;          /* owned: the network over u */
    size_t n, maxw;
    double *centre, *scale;  /* n each */
    size_t *free_inputs;     /* coordinate k is input free_inputs[k]
                                (or (size_t)-1: none, see view.h) */
    double typical;          /* mean half-width, raw units */
    int bounded;
    double *lo_u, *hi_u;     /* the box in u, rounded from the exact one */
    double box_err;          /* bound on that rounding */
} rc_float_frame;

/* exact: also keep the affine network's exact arrays. */
rc_status rc_float_frame_init(rc_float_frame *f, const rc_view *view,
                              int exact, rc_error *err);
void rc_float_frame_clear(rc_float_frame *f);


/* Scale row r (d entries) into z so that its linear part has unit norm
 * (a row with no linear part to speak of: its largest entry becomes 1);
 * norms are taken after dividing by the largest entry, so nothing over-
 * or underflows.  Returns that largest entry (0 for a zero row, not
 * finite for a row that overflowed); *mult receives the factor z / r (up
 * to two roundings per entry; 0 when there is none). */
double rc_float_unit_row(double *z, const double *r, size_t d, double *mult);

/* The piece of the domain in u, uncertified. */
rc_status rc_float_root(rc_poly **p, const rc_float_frame *f);

/* Complete r from a final piece p (in u) and its output map y (outputs x
 * (n+1), in u): facets, generators and incidences in raw coordinates, the
 * output map, the volume, and the interior point and Chebyshev ball as
 * opts asks. */
rc_status rc_float_region(rc_region *r, const rc_poly *p, const double *y,
                          const rc_float_frame *f, const rc_enum_opts *opts,
                          rc_enum_stats *stats, rc_error *err);

#endif
