/* path_exact.c -- the forms of a piece exactly, and exact signs and zeros
 * of their sign polynomials.
 *
 * The pre-activations of layer l on a piece are integer rows over one
 * denominator den_l: the first layer's from the leg (rc_leg_exact_forms),
 * then pre_l = (wi_l a + den_{l-1} bi_l e_0) / (q_l den_{l-1}), with a the
 * rows of pre_{l-1} of the active neurons.  A denominator is positive, so
 * a sign is the sign of the numerators.  Between two break points only
 * the neurons that flip change, so a layer whose input layer kept its
 * forms and changed few bits is updated by those columns alone (a rank-k
 * update: exact, so as good as recomputing). */
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
    free(f->ver);
    free(f->based);
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
    f->ver = calloc(f->L, sizeof *f->ver);
    f->based = calloc(f->L, sizeof *f->based);
    if (!f->pre || !f->approx || !f->den || !f->bits || !f->ver || !f->based)
        goto nomem;
    for (l = 0; l < f->L; l++) {
        size_t n = pn->net->sizes[l + 1] * d;
        f->pre[l] = rc_mpz_array_new(n);
        f->approx[l] = malloc((n + 1) * sizeof(double));
        if (f->pre[l] == NULL || f->approx[l] == NULL)
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

/* Add (on) or subtract (off) column j of W_l times row j of pre_{l-1}. */
static void
compose_column(rc_qforms *f, const rc_pnet *pn, size_t l, size_t j, int on)
{
    size_t rows = pn->net->sizes[l + 1], in = pn->net->sizes[l], d = f->d;
    size_t i, c;
    const mpz_t *a = (const mpz_t *)f->pre[l - 1] + j * d;

    for (i = 0; i < rows; i++) {
        const mpz_t *w = &pn->wi[l][i * in + j];
        mpz_t *z = f->pre[l] + i * d;
        if (mpz_sgn(*w) == 0)
            continue;
        for (c = 0; c < d; c++) {
            if (mpz_sgn(a[c]) == 0)
                continue;
            if (on)
                mpz_addmul(z[c], *w, a[c]);
            else
                mpz_submul(z[c], *w, a[c]);
        }
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
        f->ver[0]++;
        f->valid = 1;
    }
    for (l = 1; l <= upto && l < f->L; l++) {
        size_t in = pn->net->sizes[l], off = pn->offset[l - 1], diff = 0;
        const unsigned char *nb = bits + off;
        unsigned char *ob = f->bits + off;
        int fresh = l < f->valid && f->based[l] == f->ver[l - 1];

        if (fresh) {
            for (k = 0; k < in; k++)
                diff += nb[k] != ob[k];
            if (diff == 0)
                continue;
        }
        if (fresh && diff * 8 <= in) {
            for (k = 0; k < in; k++)
                if (nb[k] != ob[k])
                    compose_column(f, pn, l, k, nb[k]);
        } else {
            compose_full(f, pn, l, nb);
        }
        memcpy(ob, nb, in);
        approx_layer(f, l, pn->net->sizes[l + 1]);
        f->ver[l]++;
        f->based[l] = f->ver[l - 1];
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
