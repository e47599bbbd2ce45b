/* path_exact.c -- the forms of a piece exactly, and exact signs and zeros
 * of their sign polynomials.
 *
 * The pre-activations of layer l on a piece are integer rows over one
 * denominator den_l: the first layer's from the leg (rc_leg_exact_forms),
 * then pre_l = (wi_l a + den_{l-1} bi_l e_0) / (q_l den_{l-1}), with a the
 * rows of pre_{l-1} of the active neurons.  A denominator is positive, so
 * a sign is the sign of the numerators.  Between two break points only
 * the neurons that flip change, and the change travels up the layers as a
 * sum of a few rank-one terms u f^T (u over a layer's neurons, f a form):
 * a flip of neuron j of layer l-1 adds +-W_l[:, j] times its form to layer
 * l, and a term u f^T of layer l-1 becomes W_l (m o u) f^T in layer l, m
 * the neurons active on both sides.  A layer then costs a product of the
 * weights with a vector of weight-sized integers (and a few rows of big
 * products), where recomposing it multiplies every weight by a big form:
 * about half the work on the networks of the benchmark.  Being exact, the
 * update is as good as recomputing.  A change of more than RC_QTERMS
 * terms, or of many bits, is recomposed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "base/rational.h"

void
rc_qforms_clear(rc_qforms *f, const rc_pnet *pn)
{
    size_t l;

    for (l = 0; l < f->L; l++) {
        if (f->pre != NULL)
            rc_mpz_array_free(f->pre[l], pn->net->sizes[l + 1] * f->d);
        if (f->approx != NULL)
            free(f->approx[l]);
    }
    free(f->pre);
    free(f->approx);
    rc_mpz_array_free(f->den, f->L);
    free(f->bits);
    for (l = 0; l < f->L; l++) {
        if (f->tu != NULL)
            rc_mpz_array_free(f->tu[l], RC_QTERMS * pn->net->sizes[l + 1]);
        if (f->tf != NULL)
            rc_mpz_array_free(f->tf[l], RC_QTERMS * 3);
    }
    free(f->tu);
    free(f->tf);
    free(f->tn);
    free(f->tok);
    rc_mpz_array_free(f->v, pn->maxw);
    rc_mpz_array_free(f->fo, 3);
    memset(f, 0, sizeof *f);
}

rc_status
rc_qforms_init(rc_qforms *f, const rc_pnet *pn, size_t d, rc_error *err)
{
    size_t l;

    memset(f, 0, sizeof *f);
    f->d = d;
    f->L = pn->L;
    f->pre = calloc(f->L, sizeof *f->pre);
    f->approx = calloc(f->L, sizeof *f->approx);
    f->den = rc_mpz_array_new(f->L);
    f->bits = calloc(pn->npat + 1, 1);
    f->tu = calloc(f->L, sizeof *f->tu);
    f->tf = calloc(f->L, sizeof *f->tf);
    f->tn = calloc(f->L, sizeof *f->tn);
    f->tok = calloc(f->L, 1);
    f->v = rc_mpz_array_new(pn->maxw);
    f->fo = rc_mpz_array_new(3);
    if (!f->pre || !f->approx || !f->den || !f->bits || !f->tu || !f->tf || !f->tn || !f->tok || !f->v || !f->fo)
        goto nomem;
    for (l = 0; l < f->L; l++) {
        size_t n = pn->net->sizes[l + 1] * d;
        f->pre[l] = rc_mpz_array_new(n);
        f->approx[l] = malloc((n + 1) * sizeof(double));
        f->tu[l] = rc_mpz_array_new(RC_QTERMS * pn->net->sizes[l + 1]);
        f->tf[l] = rc_mpz_array_new(RC_QTERMS * 3);
        if (f->pre[l] == NULL || f->approx[l] == NULL || f->tu[l] == NULL
            || f->tf[l] == NULL)
            goto nomem;
    }
    return RC_OK;
nomem:
    rc_qforms_clear(f, pn);
    return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
}

/* num / den in double, within a relative 2^-50, for numbers of any size. */
static double
ratio_d(const mpz_t num, long den_exp, double den_mant)
{
    long e;
    double m;

    if (mpz_sgn(num) == 0)
        return 0.0;
    m = mpz_get_d_2exp(&e, num);
    return ldexp(m / den_mant, (int)(e - den_exp));
}

static void
approx_layer(rc_qforms *f, size_t l, size_t rows)
{
    long de;
    double dm = mpz_get_d_2exp(&de, f->den[l]);
    size_t k, n = rows * f->d;

    for (k = 0; k < n; k++)
        f->approx[l][k] = ratio_d(f->pre[l][k], de, dm);
}

/* pre_l from pre_{l-1} and the bits of layer l-1, all columns. */
static void
compose_full(rc_qforms *f, const rc_pnet *pn, size_t l,
             const unsigned char *bits)
{
    size_t rows = pn->net->sizes[l + 1], in = pn->net->sizes[l], d = f->d;
    size_t i, j, c;
    const mpz_t *a = (const mpz_t *)f->pre[l - 1];

    for (i = 0; i < rows; i++) {
        mpz_t *z = f->pre[l] + i * d;
        const mpz_t *w = pn->wi[l] + i * in;
        mpz_mul(z[0], pn->bi[l][i], f->den[l - 1]);
        for (c = 1; c < d; c++)
            mpz_set_ui(z[c], 0);
        for (j = 0; j < in; j++) {
            if (!bits[j] || mpz_sgn(w[j]) == 0)
                continue;
            for (c = 0; c < d; c++)
                if (mpz_sgn(a[j * d + c]) != 0)
                    mpz_addmul(z[c], w[j], a[j * d + c]);
        }
    }
}

/* pre_l += u f^T (u: the rows of layer l, f: d entries), and keep the
 * term for the layer above when there is room (else the change of pre_l
 * is no longer known as terms: the layer above will be recomposed). */
static void
apply_term(rc_qforms *f, const rc_pnet *pn, size_t l, const mpz_t *u,
           const mpz_t *fo)
{
    size_t rows = pn->net->sizes[l + 1], d = f->d, i, c;

    for (i = 0; i < rows; i++) {
        if (mpz_sgn(u[i]) == 0)
            continue;
        for (c = 0; c < d; c++)
            if (mpz_sgn(fo[c]) != 0)
                mpz_addmul(f->pre[l][i * d + c], u[i], fo[c]);
    }
    if (l + 1 < f->L && f->tok[l]) {
        size_t t = f->tn[l];
        if (t == RC_QTERMS) {
            f->tok[l] = 0;
            return;
        }
        for (i = 0; i < rows; i++)
            mpz_set(f->tu[l][t * rows + i], u[i]);
        for (c = 0; c < d; c++)
            mpz_set(f->tf[l][t * 3 + c], fo[c]);
        f->tn[l] = t + 1;
    }
}

/* Update pre_l for the change of layer l-1: its terms (the change of
 * pre_{l-1} since pre_l was computed) and the flips of its bits, ob to nb:
 * a term u f^T becomes W_l (m o u) f^T, m the neurons active before and
 * after; a neuron turned on adds W_l[:, j] times its form, one turned off
 * takes away W_l[:, j] times its old form. */
static void
update_terms(rc_qforms *f, const rc_pnet *pn, size_t l,
             const unsigned char *ob, const unsigned char *nb)
{
    size_t in = pn->net->sizes[l], rows = pn->net->sizes[l + 1], d = f->d;
    size_t t, i, j, c, nt = f->tn[l - 1];
    const mpz_t *tu = (const mpz_t *)f->tu[l - 1], *tf = (const mpz_t *)f->tf[l - 1];
    mpz_t *u = f->v;

    for (t = 0; t < nt; t++) {
        const mpz_t *ut = tu + t * in;
        for (i = 0; i < rows; i++) {
            const mpz_t *w = pn->wi[l] + i * in;
            mpz_set_ui(u[i], 0);
            for (j = 0; j < in; j++)
                if (ob[j] && nb[j] && mpz_sgn(ut[j]) != 0 && mpz_sgn(w[j]) != 0)
                    mpz_addmul(u[i], w[j], ut[j]);
        }
        apply_term(f, pn, l, (const mpz_t *)u, tf + t * 3);
    }
    for (j = 0; j < in; j++) {
        if (ob[j] == nb[j])
            continue;
        for (c = 0; c < d; c++) {
            mpz_set(f->fo[c], f->pre[l - 1][j * d + c]);
            if (!nb[j]) {
                for (t = 0; t < nt; t++)
                    mpz_submul(f->fo[c], tu[t * in + j], tf[t * 3 + c]);
                mpz_neg(f->fo[c], f->fo[c]);
            }
        }
        for (i = 0; i < rows; i++)
            mpz_set(u[i], pn->wi[l][i * in + j]);
        apply_term(f, pn, l, (const mpz_t *)u, (const mpz_t *)f->fo);
    }
}

void
rc_qforms_sync(rc_qforms *f, const rc_pnet *pn, const rc_leg *leg,
               const unsigned char *bits, size_t upto, int reset)
{
    size_t l, k;

    if (reset || f->valid == 0) {
        size_t n = pn->net->sizes[1] * f->d;
        for (k = 0; k < n; k++)
            mpz_set(f->pre[0][k], leg->z1q[k]);
        mpz_set(f->den[0], leg->den1);
        for (l = 1; l < f->L; l++)
            mpz_mul(f->den[l], f->den[l - 1], pn->q[l]);
        approx_layer(f, 0, pn->net->sizes[1]);
        f->valid = 1;
        memset(f->tok, 0, f->L);
    }
    for (l = 1; l <= upto && l < f->L; l++) {
        size_t in = pn->net->sizes[l], off = pn->offset[l - 1], diff = 0;
        const unsigned char *nb = bits + off;
        unsigned char *ob = f->bits + off;
        /* pre_l is known up to the recorded change of pre_{l-1} */
        int known = l < f->valid && f->tok[l - 1];

        if (known) {
            for (k = 0; k < in; k++)
                diff += nb[k] != ob[k];
            if (diff == 0 && f->tn[l - 1] == 0)
                continue;
        }
        if (known && diff * 8 <= in && f->tn[l - 1] + diff <= RC_QTERMS) {
            update_terms(f, pn, l, ob, nb);
        } else {
            compose_full(f, pn, l, nb);
            f->tok[l] = 0;
        }
        /* pre_l now follows pre_{l-1} as it is */
        f->tn[l - 1] = 0;
        f->tok[l - 1] = 1;
        memcpy(ob, nb, in);
        approx_layer(f, l, pn->net->sizes[l + 1]);
        if (f->valid < l + 1)
            f->valid = l + 1;
    }
}

void
rc_qpoly(mpz_t p[3], const mpz_t *r, int arc)
{
    if (!arc) {
        mpz_set(p[0], r[0]);
        mpz_set(p[1], r[1]);
        mpz_set_ui(p[2], 0);
        return;
    }
    mpz_add(p[0], r[0], r[1]);
    mpz_mul_2exp(p[1], r[2], 1);
    mpz_sub(p[2], r[0], r[1]);
}

int
rc_qpoly_sign_at(const mpz_t p[3], const rc_qnum *x)
{
    if (rc_qnum_is_rational(x) && mpz_sgn(p[2]) == 0) {
        /* p0 + p1 n / m: the sign of p0 m + p1 n */
        mpz_t t;
        int s;
        mpz_init(t);
        mpz_mul(t, p[0], mpq_denref(x->a));
        mpz_addmul(t, p[1], mpq_numref(x->a));
        s = mpz_sgn(t);
        mpz_clear(t);
        return s;
    }
    return rc_qnum_poly_sign(p[0], p[1], p[2], x);
}

int
rc_qpoly_sign_after(const mpz_t p[3], const rc_qnum *x)
{
    int s = rc_qpoly_sign_at(p, x);
    mpz_t d[3];

    if (s != 0)
        return s;
    /* the derivative p1 + 2 p2 x, then 2 p2 */
    mpz_init_set(d[0], p[1]);
    mpz_init(d[1]);
    mpz_mul_2exp(d[1], p[2], 1);
    mpz_init(d[2]);
    s = rc_qpoly_sign_at((const mpz_t *)d, x);
    mpz_clear(d[0]);
    mpz_clear(d[1]);
    mpz_clear(d[2]);
    return s != 0 ? s : mpz_sgn(p[2]);
}

int
rc_qpoly_next_root(rc_qnum *root, const mpz_t p[3], const rc_qnum *x,
                   const mpq_t end)
{
    rc_qnum r[2];
    int n, k, found = 0;

    rc_qnum_init(&r[0]);
    rc_qnum_init(&r[1]);
    n = rc_qnum_roots(r, p[0], p[1], p[2]);
    for (k = 0; k < n && !found; k++)
        if (rc_qnum_cmp(&r[k], x) > 0 && rc_qnum_cmp_q(&r[k], end) < 0) {
            rc_qnum_set(root, &r[k]);
            found = 1;
        }
    rc_qnum_clear(&r[0]);
    rc_qnum_clear(&r[1]);
    return found;
}
