/* relucells/exact.h -- the exact results of an enumeration in exact mode.
 *
 * With rc_enum_opts.exact set, every decision of the enumeration is exact
 * (GMP integers and rationals, cddlib's exact LP) and each region also holds
 * its data as rationals.  The arrays below are laid out like their double
 * counterparts in region.h (vectors of rc_partition_dim entries); they live
 * as long as the partition.  In float mode they are NULL. */
#ifndef RELUCELLS_EXACT_H
#define RELUCELLS_EXACT_H

#include <gmp.h>
#include <stddef.h>

#include "relucells/partition.h"
#include "relucells/region.h"

#ifdef __cplusplus
extern "C" {
#endif

int rc_partition_is_exact(const rc_partition *part);

/* Facet i: a . x <= *b with integer a and b (not normalised). */
mpq_srcptr rc_region_facet_q(const rc_region *r, size_t i, mpq_srcptr *b);
mpq_srcptr rc_region_vertex_q(const rc_region *r, size_t i);
mpq_srcptr rc_region_ray_q(const rc_region *r, size_t i);
mpq_srcptr rc_region_line_q(const rc_region *r, size_t i);
/* y = A x + c, A row-major (outputs x dim). */
mpq_srcptr rc_region_output_A_q(const rc_region *r);
mpq_srcptr rc_region_output_c_q(const rc_region *r);
/* Volume of a bounded region; NULL when unbounded or not computed. */
mpq_srcptr rc_region_volume_q(const rc_region *r);
/* A rational interior point x and its margin
 *     t(x) = min_i (b_i - a_i . x) / |a_i|_1 > 0:
 * the box of half-width t about x lies in the region, a certificate that it
 * has interior.  x is the better of the Chebyshev centre (GLPK, read as an
 * exact binary fraction) and the mean of the vertices plus the rays; with
 * rc_enum_opts.certify_lp it is the optimum of
 *     max t  s.t.  a_i . x + |a_i|_1 t <= b_i,  t <= 1
 * solved exactly by cddlib.  NULL when not computed. */
mpq_srcptr rc_region_interior_point_q(const rc_region *r);
mpq_srcptr rc_region_interior_margin_q(const rc_region *r);

/* Set q to the exact value of the text s[0..len): a decimal
 * [+-]digits[.digits][(e|E)[+-]digits] ("0.1" is 1/10) or a fraction
 * [+-]digits/digits.  Returns 0, or -1 when s is neither. */
int rc_q_set_text(mpq_t q, const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
