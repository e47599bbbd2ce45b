/* view.h -- what the engine enumerates over: a network seen through an
 * affine map from n coordinates v to its inputs, x = A v + c, over a box
 * in v or all of R^n; internal.
 *
 * A domain is one view (v the free inputs, the others held at their
 * values: a slice); a segment between two inputs is another (n = 1,
 * v = t in [0, 1]); a polyline, a plane through three points likewise.
 * Everything the kernels need is here, so the engine serves them all. */
#ifndef RC_VIEW_H
#define RC_VIEW_H

#include <gmp.h>
#include <stddef.h>

#include "model/domain_internal.h"
#include "model/net_internal.h"

typedef struct rc_view {
    const rc_net *net;
    size_t n;                 /* coordinates v */
    mpq_t *A;                 /* nin x n, row-major */
    mpq_t *c;                 /* nin */
    int bounded;
    mpq_t *lo, *hi;           /* n: the box in v (when bounded) */
    double *scale;            /* n: a typical size of v_k (conditioning) */
    size_t *input_of;         /* n: the input v_k is (regions' owners and
                                 names), or (size_t)-1 when it is none */
} rc_view;

/* The view of net on dom: v = the free inputs. */
rc_status rc_view_from_domain(rc_view *view, const rc_net *net,
                              const rc_domain *dom, rc_error *err);
/* The segment x(t) = x0 + t (x1 - x0), t in [t0, t1] (exact inputs). */
rc_status rc_view_segment(rc_view *view, const rc_net *net, const mpq_t *x0,
                          const mpq_t *x1, const mpq_t t0, const mpq_t t1,
                          rc_error *err);
void rc_view_clear(rc_view *view);

#endif
