/* poly_q_volume.c -- the exact volume of an integer polytope: the sum of
 * |det| / n! over the simplices of its pulling triangulation (pulling.c),
 * each determinant by Bareiss's fraction-free elimination. */
#include <stdlib.h>

#include "base/rational.h"
#include "geom/poly_q.h"
#include "geom/pulling.h"

typedef struct qvol {
    const rc_polyq *p;
    mpz_t *m;          /* (n+1) x (n+1) scratch */
    mpz_t prev, tprod, tmp;
    mpq_t sum, t;
} qvol;

/* With homogeneous integer vertices (t_i, y_i), n! vol of the simplex is
 * |det (1, y_i / t_i)| = |det (t_i, y_i)| / prod t_i. */
static void
add_simplex(void *user, const size_t *chain)
{
    qvol *c = user;
    size_t d = c->p->n + 1, i, j, k;
    mpz_t *m = c->m;

    mpz_set_ui(c->tprod, 1);
    for (i = 0; i < d; i++) {
        const mpz_t *g = c->p->gens + chain[i] * d;
        for (j = 0; j < d; j++)
            mpz_set(m[i * d + j], g[j]);
        mpz_mul(c->tprod, c->tprod, g[0]);
    }
    mpz_set_ui(c->prev, 1);
    for (k = 0; k + 1 < d; k++) {
        if (mpz_sgn(m[k * d + k]) == 0) {
            for (i = k + 1; i < d && mpz_sgn(m[i * d + k]) == 0; i++)
                ;
            if (i == d)
                return;   /* degenerate simplex: volume 0 */
            for (j = 0; j < d; j++)
                mpz_swap(m[k * d + j], m[i * d + j]);
        }
        for (i = k + 1; i < d; i++)
            for (j = k + 1; j < d; j++) {
                mpz_mul(c->tmp, m[i * d + j], m[k * d + k]);
                mpz_submul(c->tmp, m[i * d + k], m[k * d + j]);
                mpz_divexact(m[i * d + j], c->tmp, c->prev);
            }
        mpz_set(c->prev, m[k * d + k]);
    }
    mpz_abs(mpq_numref(c->t), m[d * d - 1]);
    mpz_set(mpq_denref(c->t), c->tprod);
    mpq_canonicalize(c->t);
    mpq_add(c->sum, c->sum, c->t);
}

rc_status
rc_polyq_volume(mpq_t vol, const rc_polyq *p)
{
    size_t n = p->n, d = n + 1, g;
    qvol c;
    rc_status st;
    mpz_t fact;

    if (p->s > 0)
        return RC_ERR_ARG;
    for (g = 0; g < p->k; g++)
        if (mpz_sgn(p->gens[g * d]) == 0)
            return RC_ERR_ARG;
    c.p = p;
    c.m = rc_mpz_array_new(d * d);
    if (c.m == NULL)
        return RC_ERR_NOMEM;
    mpz_inits(c.prev, c.tprod, c.tmp, fact, NULL);
    mpq_init(c.sum);
    mpq_init(c.t);
    st = rc_pull_simplices(p->inc, p->words, p->k, p->m, n, add_simplex, &c);
    mpz_fac_ui(fact, n);
    mpq_set_z(c.t, fact);
    mpq_div(vol, c.sum, c.t);
    mpz_clears(c.prev, c.tprod, c.tmp, fact, NULL);
    mpq_clear(c.sum);
    mpq_clear(c.t);
    rc_mpz_array_free(c.m, d * d);
    return st;
}
