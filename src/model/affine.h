/* affine.h -- the network composed with an affine input map; internal.
 *
 * Every computation of relucells looks at the network through a map from
 * its own coordinates v (n of them) to the network's raw inputs,
 *     x = A v + c:
 * a slice (the free inputs, the others held at their values), the unit
 * frame in which a box is [-1,1]^n (the float kernels' coordinates), a
 * segment or a polyline (paths).  The affine network folds that map and
 * the input normalisation of the NNet format into the first layer, and the
 * output scaling into the last, so that
 *     f(v) = W_L rho(... rho(W_1 v + b_1) ...) + b_L
 * is the network's raw output at x = A v + c.  The exact arrays hold the
 * exact values (from the file's text); the double arrays hold their
 * nearest doubles (or, when built without exact arrays, values computed in
 * double).  Layers strictly between the first and the last are the net's
 * own arrays, not copies.  Built once; read by the kernels, atoms,
 * Lipschitz constants, bounds and paths. */
#ifndef RC_AFFINE_H
#define RC_AFFINE_H

#include <gmp.h>
#include <stddef.h>

#include "model/net_internal.h"
#include "model/view.h"

typedef struct rc_affine {
    size_t n;            /* coordinates v */
    size_t num_layers;   /* L */
    size_t *sizes;       /* sizes[0] = n, sizes[l] = net's for l >= 1 */
    double **W, **b;     /* W[l]: sizes[l+1] x sizes[l], row-major */
    mpq_t **Wq, **bq;    /* exact, or NULL (built without) */
    unsigned char *owned;/* owned[l]: W[l], b[l] (and exact) are ours */
} rc_affine;

/* Which coordinates the affine network of a view uses. */
typedef enum rc_frame {
    RC_FRAME_RAW = 0,    /* the view's coordinates v themselves */
    RC_FRAME_UNIT = 1    /* u with x_free = centre + scale * u: a box is
                            about [-1,1]^n (see rc_affine_frame) */
} rc_frame;

/* The affine network of net at x = A v + c, A (nin x n, row-major) and c
 * exact.  exact: also keep the exact arrays. */
rc_status rc_affine_new(rc_affine **aff, const rc_net *net, size_t n,
                        const mpq_t *A, const mpq_t *c, int exact,
                        rc_error *err);
/* The affine network of a view (view.h) in the given frame. */
rc_status rc_affine_new_view(rc_affine **aff, const rc_view *view,
                             rc_frame frame, int exact, rc_error *err);
void rc_affine_free(rc_affine *aff);

/* The unit frame of a view: v_k = centre[k] + scale[k] u_k, doubles
 * rounded from the exact box's centre and half-width (so a box too thin
 * for its bounds to differ as doubles still has a frame), and for R^n the
 * origin and the conditioning scale.  The frame is exact as written: the
 * box in u is the exact image of the exact box (rc_affine_unit_box).
 * Returns 0, or -1 when a half-width is zero or not finite in double. */
int rc_affine_frame(double *centre, double *scale, const rc_view *view);
/* The exact bounds of the view's box in the unit frame. */
void rc_affine_unit_box(mpq_t *lo, mpq_t *hi, const rc_view *view,
                        const double *centre, const double *scale);

#endif
