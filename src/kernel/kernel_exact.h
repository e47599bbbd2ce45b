/* kernel_exact.h -- the exact kernel's context, shared with the filtered
 * kernel (which asks it the questions its float bounds cannot answer);
 * internal to kernel/. */
#ifndef RC_KERNEL_EXACT_H
#define RC_KERNEL_EXACT_H

#include <gmp.h>

#include "geom/poly_q.h"
#include "model/affine.h"

/* The network as integer matrices over one denominator per layer:
 * W_l = Wi_l / Q_l, b_l = bi_l / Q_l (from the affine network).  The
 * post-activations after layer l on a piece are integer rows N over
 * D_l = Q_0 ... Q_{l-1} (D_0 = 1: layer 0 is the coordinates), and the
 * pre-activations of layer l are (Wi_l N + D_l bi_l e_0) / (Q_l D_l),
 * whose integer numerator is the row of the neuron's hyperplane. */
typedef struct rc_exact_net {
    rc_affine *aff;          /* exact arrays needed */
    int owns_aff;
    size_t n, L, maxw;
    mpz_t **wi, **bi;
    mpz_t *q;                /* Q_l, l < L */
    mpz_t *den;              /* D_l, l <= L */
    int bounded;
    mpq_t *lo, *hi;          /* the box in the affine's coordinates */
} rc_exact_net;

/* Build over a view in the given frame. */
rc_status rc_exact_net_new(rc_exact_net **en, const rc_view *view,
                           rc_frame frame, rc_error *err);
/* The same on an affine network built in that frame with its exact
 * arrays; aff is borrowed and must outlive en. */
rc_status rc_exact_net_new_from(rc_exact_net **en, rc_affine *aff,
                                const rc_view *view, rc_frame frame,
                                rc_error *err);
void rc_exact_net_free(rc_exact_net *en);

/* The domain as an exact piece. */
rc_status rc_exact_net_root(rc_polyq **p, const rc_exact_net *en);

/* out (N_{l+1} x d) = numerators of layer l's pre-activations from the
 * integer post-activations a (N_l x d) of layer l-1. */
void rc_exact_net_compose(mpz_t *out, const rc_exact_net *en, size_t l,
                          const mpz_t *a);
/* The same with the rows j of a where mask[j] is 0 taken as zero. */
void rc_exact_net_compose_masked(mpz_t *out, const rc_exact_net *en, size_t l,
                                 const mpz_t *a, const unsigned char *mask);

#endif
