/* refine_helpers.h -- helpers of the enumeration tests (test_refine.c,
 * test_refine_random.c), defined in tests/refine_helpers.c. */
#ifndef RC_TEST_REFINE_HELPERS_H
#define RC_TEST_REFINE_HELPERS_H

#include <stddef.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/partition.h"

#define RH_MAXN 512   /* hidden neurons handled by the helpers */

/* Copy layer ls of src into layer ld of dst (same shape). */
void rh_copy_layer(rc_net *dst, size_t ld, const rc_net *src, size_t ls);

/* The box lo..hi, or R^n when lo is NULL. */
rc_domain *rh_make_dom(size_t n, const double *lo, const double *hi);

/* rc_enumerate with the default options, asserted to succeed. */
rc_partition *rh_enumerate(const rc_net *net, const rc_domain *dom);

/* Pre-activations of every hidden neuron at raw input x, written here
 * independently of rc_net_eval (at most RH_MAXN neurons). */
void rh_forward(double *pre, const rc_net *net, const double *x);

/* Properties of a partition of a box (or a slice of one), tolerances
 * relative to the size of the box:
 *  (a) the pattern of each of samples random points is a region that
 *      contains the point;
 *  (b) each region's output map equals the network at its interior point,
 *      which is strictly inside every facet, and (c) whose pattern is the
 *      region's;
 *  (d) volumes are positive and tile the box;
 *  (e) vertices satisfy every facet and lie on at least n of them;
 * and owners: a domain facet is x_i = lo_i or hi_i, a neuron facet lies in
 * that neuron's zero set. */
void rh_check_properties(const rc_partition *part, const rc_net *net,
                         const rc_domain *dom, size_t samples,
                         unsigned long *rng);

#endif
