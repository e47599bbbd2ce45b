/* poly_volume.c -- the volume of a float polytope: the sum of |det| / n!
 * over the simplices of its pulling triangulation (pulling.c). */
#include <math.h>
#include <stdlib.h>

#include "geom/poly.h"
#include "geom/pulling.h"

typedef struct fvol {
    const rc_poly *p;
    double *a;          /* n x n scratch */
    double sum;
} fvol;

/* |det(v_1 - v_0, ..., v_n - v_0)| by Gaussian elimination. */
static void
add_simplex(void *user, const size_t *chain)
{
    fvol *c = user;
    const rc_poly *p = c->p;
    size_t n = p->n, d = n + 1, i, j, r, col;
    double *a = c->a, det = 1.0;
    const double *v0 = p->gens + chain[0] * d;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            a[i * n + j] = p->gens[chain[i + 1] * d + 1 + j] - v0[1 + j];
    for (col = 0; col < n; col++) {
        size_t piv = col;
        for (r = col + 1; r < n; r++)
            if (fabs(a[r * n + col]) > fabs(a[piv * n + col]))
                piv = r;
        if (a[piv * n + col] == 0.0)
            return;
        if (piv != col)
            for (j = 0; j < n; j++) {
                double t = a[col * n + j];
                a[col * n + j] = a[piv * n + j];
                a[piv * n + j] = t;
            }
        det *= a[col * n + col];
        for (r = col + 1; r < n; r++) {
            double f = a[r * n + col] / a[col * n + col];
            for (j = col; j < n; j++)
                a[r * n + j] -= f * a[col * n + j];
        }
    }
    c->sum += fabs(det);
}

rc_status
rc_poly_volume(double *vol, const rc_poly *p)
{
    fvol c;
    size_t g, i;
    double fact = 1.0;
    rc_status st;

    *vol = INFINITY;
    if (p->s > 0)
        return RC_OK;
    for (g = 0; g < p->k; g++)
        if (p->gens[g * (p->n + 1)] == 0.0)
            return RC_OK;
    c.p = p;
    c.sum = 0.0;
    c.a = malloc((p->n * p->n + 1) * sizeof *c.a);
    if (c.a == NULL)
        return RC_ERR_NOMEM;
    st = rc_pull_simplices(p->inc, p->words, p->k, p->m, p->n, add_simplex, &c);
    for (i = 2; i <= p->n; i++)
        fact *= (double)i;
    if (st == RC_OK)
        *vol = c.sum / fact;
    free(c.a);
    return st;
}
