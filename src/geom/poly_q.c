/* poly_q.c -- exact double description in integers; see poly_q.h.
 *
 * The filter.  Rows and generators are homogeneous, so each is
 * approximated by a double vector scaled by a power of two so that its
 * largest entry lies in [1/2, 1) (rc_polyq_approx): no entry can overflow,
 * and an entry is off by at most 2^-52 of itself plus 2^-1074 (when it
 * falls into the subnormal range).  With every entry at most 1 in
 * magnitude, the dot product of two such vectors summed in double differs
 * from the true (scaled) value by at most
 *     (d + 8) 2^-52 * sum |products|  +  4 d 2^-1074,
 * the second term covering gradual underflow of entries and products.  A
 * value beyond 16 times that bound has a certain sign; anything closer,
 * including a value that underflowed to zero, is computed in integers.
 * The filter never reports a zero: zeros always come from GMP. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geom/dd.h"
#include "geom/poly_q.h"
#include "base/rational.h"

void
rc_polyq_free(rc_polyq *p)
{
    size_t d;

    if (p == NULL)
        return;
    d = p->n + 1;
    rc_mpz_array_free(p->rows, p->m * d);
    rc_mpz_array_free(p->gens, p->k * d);
    rc_mpz_array_free(p->lin, p->s * d);
    free(p->owners);
    free(p->gd);
    free(p->inc);
    free(p);
}

static rc_polyq *
polyq_alloc(size_t n, size_t m, size_t k, size_t s)
{
    rc_polyq *p = calloc(1, sizeof *p);
    size_t d = n + 1;

    if (p == NULL)
        return NULL;
    p->n = n;
    p->m = m;
    p->k = k;
    p->s = s;
    p->words = rc_dd_words(m);
    p->rows = rc_mpz_array_new(m * d);
    p->gens = rc_mpz_array_new(k * d);
    p->lin = rc_mpz_array_new(s * d);
    p->owners = calloc(m + 1, sizeof *p->owners);
    p->gd = calloc(k * d + 1, sizeof *p->gd);
    p->inc = calloc(k * p->words + 1, sizeof *p->inc);
    if (!p->rows || !p->gens || !p->lin || !p->owners || !p->gd || !p->inc) {
        rc_polyq_free(p);
        return NULL;
    }
    return p;
}

void
rc_polyq_approx(double *out, const mpz_t *v, size_t d)
{
    long e[RC_MAX_DIM + 1], emax = LONG_MIN;
    double m[RC_MAX_DIM + 1];
    size_t i;

    for (i = 0; i < d; i++) {
        m[i] = mpz_get_d_2exp(&e[i], v[i]);
        if (m[i] != 0.0 && e[i] > emax)
            emax = e[i];
    }
    for (i = 0; i < d; i++)
        out[i] = m[i] == 0.0 ? 0.0 : ldexp(m[i], (int)(e[i] - emax));
}

/* Divide v by the gcd of its entries. */
static void
make_primitive(mpz_t *v, size_t d, mpz_t g)
{
    size_t i;

    mpz_set_ui(g, 0);
    for (i = 0; i < d; i++) {
        mpz_gcd(g, g, v[i]);
        if (mpz_cmp_ui(g, 1) == 0)
            return;
    }
    if (mpz_sgn(g) == 0)
        return;
    for (i = 0; i < d; i++)
        mpz_divexact(v[i], v[i], g);
}

/* gd of generator i: the generator scaled by a power of two (see the
 * filter above); the sign of a row at it is the sign of the dot product. */
static void
approx_generator(rc_polyq *p, size_t i)
{
    size_t d = p->n + 1;

    rc_polyq_approx(p->gd + i * d, p->gens + i * d, d);
}

rc_status
rc_polyq_new_box(rc_polyq **out, size_t n, const mpq_t *lo, const mpq_t *hi)
{
    rc_polyq *p;
    size_t i, v, d = n + 1, k = (size_t)1 << n;
    mpz_t t, g;

    *out = NULL;
    if (n < 1 || n > RC_MAX_DIM)
        return RC_ERR_ARG;
    p = polyq_alloc(n, 2 * n, k, 0);
    if (p == NULL)
        return RC_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        /* x_i >= lo = a/b: -a + b x_i >= 0;  x_i <= hi = c/e: c - e x_i >= 0 */
        mpz_neg(p->rows[(2 * i) * d], mpq_numref(lo[i]));
        mpz_set(p->rows[(2 * i) * d + 1 + i], mpq_denref(lo[i]));
        mpz_set(p->rows[(2 * i + 1) * d], mpq_numref(hi[i]));
        mpz_neg(p->rows[(2 * i + 1) * d + 1 + i], mpq_denref(hi[i]));
        p->owners[2 * i] = (rc_owner){RC_OWNER_DOMAIN, 0, (unsigned)i, 0, 0};
        p->owners[2 * i + 1] = (rc_owner){RC_OWNER_DOMAIN, 0, (unsigned)i, 1, 0};
    }
    mpz_init(t);
    mpz_init(g);
    for (v = 0; v < k; v++) {
        mpz_t *gen = p->gens + v * d;
        mpz_set_ui(t, 1);
        for (i = 0; i < n; i++)
            mpz_lcm(t, t, mpq_denref(((v >> i) & 1u) ? hi[i] : lo[i]));
        mpz_set(gen[0], t);
        for (i = 0; i < n; i++) {
            int up = (int)((v >> i) & 1u);
            const __mpq_struct *x = up ? hi[i] : lo[i];
            mpz_divexact(gen[1 + i], t, mpq_denref(x));
            mpz_mul(gen[1 + i], gen[1 + i], mpq_numref(x));
            rc_dd_set(p->inc + v * p->words, 2 * i + (size_t)up);
        }
        make_primitive(gen, d, g);
        approx_generator(p, v);
    }
    mpz_clear(t);
    mpz_clear(g);
    *out = p;
    return RC_OK;
}

rc_status
rc_polyq_new_space(rc_polyq **out, size_t n)
{
    rc_polyq *p;
    size_t i, d = n + 1;

    *out = NULL;
    if (n < 1)
        return RC_ERR_ARG;
    p = polyq_alloc(n, 1, 1, n);
    if (p == NULL)
        return RC_ERR_NOMEM;
    mpz_set_ui(p->rows[0], 1);   /* t >= 0 */
    p->owners[0] = (rc_owner){(rc_owner_kind)RC_OWNER_INFINITY, 0, 0, 0, 0};
    mpz_set_ui(p->gens[0], 1);
    approx_generator(p, 0);
    for (i = 0; i < n; i++)
        mpz_set_ui(p->lin[i * d + 1 + i], 1);
    *out = p;
    return RC_OK;
}

static void
zdot(mpz_t out, const mpz_t *a, const mpz_t *b, size_t d)
{
    size_t i;

    mpz_set_ui(out, 0);
    for (i = 0; i < d; i++)
        mpz_addmul(out, a[i], b[i]);
}

/* Exact sign of row . g, filtered. */
static int
filtered_sign(const mpz_t *row, const double *rowd, const mpz_t *g,
              const double *gd, size_t d, size_t *exact_evals, mpz_t tmp)
{
    double v = 0.0, mag = 0.0, bound;
    size_t i;

    for (i = 0; i < d; i++) {
        double t = rowd[i] * gd[i];
        v += t;
        mag += fabs(t);
    }
    bound = 16.0 * ((double)(d + 8) * 0x1p-52 * mag + (double)(4 * d) * 0x1p-1074);
    if (fabs(v) > bound)
        return v > 0 ? 1 : -1;
    ++*exact_evals;
    zdot(tmp, row, g, d);
    return mpz_sgn(tmp);
}

rc_side
rc_polyq_classify(const rc_polyq *p, const mpz_t *row, const double *rowd,
                  signed char *sign, size_t *exact_evals)
{
    size_t d = p->n + 1, i;
    int pos = 0, neg = 0;
    mpz_t tmp;

    mpz_init(tmp);
    for (i = 0; i < p->s; i++) {
        zdot(tmp, row, p->lin + i * d, d);
        if (mpz_sgn(tmp) != 0) {
            mpz_clear(tmp);
            return RC_SIDE_BOTH;
        }
    }
    {
        /* Every value at once: each generator's approximation has entries
         * below 1, so sum |rowd_c gd_c| <= d |rowd|_inf, and one bound
         * (filtered_sign's with that sum) serves all; most rows miss most
         * pieces, and then it decides with a dot product per generator. */
        double hinf = 0.0, lo = INFINITY, hi = -INFINITY, bound;
        size_t c;
        for (c = 0; c < d; c++)
            if (fabs(rowd[c]) > hinf)
                hinf = fabs(rowd[c]);
        bound = 16.0 * ((double)(d + 8) * 0x1p-52 * 1.01 * (double)d * hinf
                        + (double)(4 * d) * 0x1p-1074);
        for (i = 0; i < p->k; i++) {
            const double *g = p->gd + i * d;
            double v = 0.0;
            for (c = 0; c < d; c++)
                v += rowd[c] * g[c];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        if (p->k > 0 && (lo > bound || hi < -bound)) {
            memset(sign, lo > bound ? 1 : -1, p->k);
            mpz_clear(tmp);
            return lo > bound ? RC_SIDE_POS : RC_SIDE_NEG;
        }
    }
    for (i = 0; i < p->k; i++) {
        sign[i] = (signed char)filtered_sign(row, rowd, p->gens + i * d,
                                             p->gd + i * d, d, exact_evals, tmp);
        pos |= sign[i] > 0;
        neg |= sign[i] < 0;
    }
    mpz_clear(tmp);
    if (pos && neg)
        return RC_SIDE_BOTH;
    return pos ? RC_SIDE_POS : neg ? RC_SIDE_NEG : RC_SIDE_ZERO;
}

/* A side: old rows plus the new one (times sgn), room for kmax generators. */
static rc_polyq *
side_alloc(const rc_polyq *p, const mpz_t *row, int sgn, rc_owner owner,
           size_t kmax, size_t s)
{
    size_t d = p->n + 1, i;
    rc_polyq *q = polyq_alloc(p->n, p->m + 1, kmax, s);
    mpz_t g;

    if (q == NULL)
        return NULL;
    for (i = 0; i < p->m * d; i++)
        mpz_set(q->rows[i], p->rows[i]);
    memcpy(q->owners, p->owners, p->m * sizeof *p->owners);
    for (i = 0; i < d; i++) {
        mpz_set(q->rows[p->m * d + i], row[i]);
        if (sgn < 0)
            mpz_neg(q->rows[p->m * d + i], q->rows[p->m * d + i]);
    }
    mpz_init(g);
    make_primitive(q->rows + p->m * d, d, g);
    mpz_clear(g);
    q->owners[p->m] = owner;
    q->k = 0;
    return q;
}

static void
side_push(rc_polyq *q, const mpz_t *g, const uint64_t *inc, size_t words,
          int tight_on_new)
{
    size_t d = q->n + 1, i;

    for (i = 0; i < d; i++)
        mpz_set(q->gens[q->k * d + i], g[i]);
    memcpy(q->inc + q->k * q->words, inc, words * sizeof *inc);
    if (tight_on_new)
        rc_dd_set(q->inc + q->k * q->words, q->m - 1);
    approx_generator(q, q->k);
    q->k++;
}

/* Keep the rows flagged in keep (kept of them), renumbering the
 * incidences. */
static rc_status
keep_rows(rc_polyq *q, const unsigned char *keep, size_t kept)
{
    size_t d = q->n + 1, i, t;
    uint64_t *inc;

    if (kept == q->m)
        return RC_OK;
    inc = calloc(q->k * rc_dd_words(kept) + 1, sizeof *inc);
    if (inc == NULL)
        return RC_ERR_NOMEM;
    if (rc_dd_renumber(inc, q->inc, q->words, q->k, q->m, keep) != RC_OK) {
        free(inc);
        return RC_ERR_NOMEM;
    }
    for (i = 0, t = 0; i < q->m; i++) {
        size_t c;
        if (!keep[i])
            continue;
        if (t != i) {
            for (c = 0; c < d; c++)
                mpz_swap(q->rows[t * d + c], q->rows[i * d + c]);
            q->owners[t] = q->owners[i];
        }
        t++;
    }
    for (i = kept * d; i < q->m * d; i++)
        mpz_clear(q->rows[i]);
    free(q->inc);
    q->inc = inc;
    q->words = rc_dd_words(kept);
    q->m = kept;
    return RC_OK;
}

/* Keep only the facets (combinatorially: exact incidences). */
static rc_status
prune(rc_polyq *q)
{
    size_t kept;
    unsigned char *keep = malloc(q->m + 1);
    rc_status st;

    if (keep == NULL)
        return RC_ERR_NOMEM;
    st = rc_dd_facets(&kept, keep, q->inc, q->words, q->k, q->m,
                      q->n + 1 - q->s == 1);
    if (st == RC_OK)
        st = keep_rows(q, keep, kept);
    free(keep);
    return st;
}

/* The cut moves a line of p out (see poly.c's split_lineality). */
static rc_status
split_lineality(rc_polyq **neg, rc_polyq **pos, const rc_polyq *p,
                const mpz_t *row, rc_owner owner)
{
    size_t d = p->n + 1, i, j, c, j0 = p->s, side;
    rc_polyq **outs[2] = {neg, pos};
    mpz_t lam, v, g, *tmp;
    rc_status st = RC_OK;

    mpz_init(lam);
    mpz_init(v);
    mpz_init(g);
    tmp = rc_mpz_array_new(d);
    for (j = 0; j < p->s && j0 == p->s; j++) {
        zdot(lam, row, p->lin + j * d, d);
        if (mpz_sgn(lam) != 0)
            j0 = j;
    }
    for (side = 0; side < 2 && st == RC_OK && tmp != NULL; side++) {
        int sgn = side ? 1 : -1;
        const mpz_t *l0 = p->lin + j0 * d;
        rc_polyq *q;
        size_t t = 0;

        if (outs[side] == NULL)
            continue;
        q = side_alloc(p, row, sgn, owner, p->k + 1, p->s - 1);
        if (q == NULL) {
            st = RC_ERR_NOMEM;
            break;
        }
        /* g' = |lam| g - sgn(lam) (row . g) l0 lies on the hyperplane. */
        for (i = 0; i < p->k; i++) {
            zdot(v, row, p->gens + i * d, d);
            for (c = 0; c < d; c++) {
                mpz_mul(tmp[c], p->gens[i * d + c], lam);
                mpz_submul(tmp[c], v, l0[c]);
                if (mpz_sgn(lam) < 0)
                    mpz_neg(tmp[c], tmp[c]);
            }
            make_primitive(tmp, d, g);
            side_push(q, (const mpz_t *)tmp, p->inc + i * p->words, p->words, 1);
        }
        /* The ray +-l0 on the side's half, tight on every old row. */
        for (c = 0; c < d; c++) {
            mpz_set(tmp[c], l0[c]);
            if (sgn * mpz_sgn(lam) < 0)
                mpz_neg(tmp[c], tmp[c]);
        }
        side_push(q, (const mpz_t *)tmp, p->inc, 0, 0);
        for (i = 0; i < p->m; i++)
            rc_dd_set(q->inc + (q->k - 1) * q->words, i);
        for (j = 0; j < p->s; j++) {
            if (j == j0)
                continue;
            zdot(v, row, p->lin + j * d, d);
            for (c = 0; c < d; c++) {
                mpz_mul(q->lin[t * d + c], p->lin[j * d + c], lam);
                mpz_submul(q->lin[t * d + c], v, l0[c]);
            }
            make_primitive(q->lin + t * d, d, g);
            t++;
        }
        if ((st = prune(q)) != RC_OK) {
            rc_polyq_free(q);
            break;
        }
        *outs[side] = q;
    }
    if (tmp == NULL)
        st = RC_ERR_NOMEM;
    rc_mpz_array_free(tmp, d);
    mpz_clear(lam);
    mpz_clear(v);
    mpz_clear(g);
    return st;
}

rc_status
rc_polyq_split(rc_polyq **neg, rc_polyq **pos, const rc_polyq *p,
               const mpz_t *row, rc_owner owner, const signed char *sign)
{
    size_t d = p->n + 1, i, a, b, c, np = 0, nn = 0, nz = 0, nnew = 0, side;
    size_t need = p->n >= p->s + 1 ? p->n - p->s - 1 : 0;
    size_t *ip = NULL, *in = NULL;
    size_t gw = rc_dd_words(p->k);
    mpz_t *vals = NULL, *newg = NULL, g, tmp;
    uint64_t *newinc = NULL, *z = NULL, *sets = NULL;
    unsigned char *keep = NULL;
    rc_polyq *q[2] = {NULL, NULL};
    rc_status st = RC_ERR_NOMEM;

    if (neg != NULL)
        *neg = NULL;
    if (pos != NULL)
        *pos = NULL;
    mpz_init(tmp);
    for (i = 0; i < p->s; i++) {
        zdot(tmp, row, p->lin + i * d, d);
        if (mpz_sgn(tmp) != 0) {
            mpz_clear(tmp);
            return split_lineality(neg, pos, p, row, owner);
        }
    }
    mpz_init(g);
    ip = malloc((p->k + 1) * sizeof *ip);
    in = malloc((p->k + 1) * sizeof *in);
    z = calloc(p->words + gw, sizeof *z);
    sets = malloc((p->m * gw + 1) * sizeof *sets);
    keep = malloc(p->m + 1);
    vals = rc_mpz_array_new(p->k);
    if (!ip || !in || !z || !sets || !keep || !vals)
        goto done;
    rc_dd_transpose(sets, p->inc, p->words, p->k, p->m);
    for (i = 0; i < p->k; i++) {
        if (sign[i] > 0)
            ip[np++] = i;
        else if (sign[i] < 0)
            in[nn++] = i;
        else
            nz++;
        if (sign[i] != 0)
            zdot(vals[i], row, p->gens + i * d, d);
    }
    newg = rc_mpz_array_new(np * nn * d);
    newinc = calloc(np * nn * p->words + 1, sizeof *newinc);
    if (!newg || !newinc)
        goto done;
    for (a = 0; a < np; a++)
        for (b = 0; b < nn; b++) {
            size_t gp = ip[a], gn = in[b];
            mpz_t *ng = newg + nnew * d;
            if (!rc_dd_share_at_least(p->inc, p->words, gp, gn, need)
                || !rc_dd_adjacent_sets(sets, gw, p->inc, p->words, p->k, gp,
                                     gn, need, z, z + p->words))
                continue;
            /* vals[gp] g_n - vals[gn] g_p: positive combination on h = 0 */
            for (c = 0; c < d; c++) {
                mpz_mul(ng[c], vals[gp], p->gens[gn * d + c]);
                mpz_submul(ng[c], vals[gn], p->gens[gp * d + c]);
            }
            make_primitive(ng, d, g);
            memcpy(newinc + nnew * p->words, z, p->words * sizeof *z);
            nnew++;
        }
    for (side = 0; side < 2; side++) {
        int sgn = side ? 1 : -1;
        rc_polyq *s;

        if ((side ? pos : neg) == NULL)
            continue;
        s = side_alloc(p, row, sgn, owner, (side ? np : nn) + nz + nnew, p->s);
        if (s == NULL)
            goto done;
        q[side] = s;
        for (i = 0; i < p->k; i++)
            if (sign[i] == sgn || sign[i] == 0)
                side_push(s, p->gens + i * d, p->inc + i * p->words, p->words,
                          sign[i] == 0);
        for (i = 0; i < nnew; i++)
            side_push(s, (const mpz_t *)(newg + i * d), newinc + i * p->words,
                      p->words, 1);
        for (i = 0; i < p->s * d; i++)
            mpz_set(s->lin[i], p->lin[i]);
        if ((np > 0 && nn > 0
             ? keep_rows(s, keep, rc_dd_cut_facets(keep, z, p->inc, p->words,
                                                   side ? ip : in,
                                                   side ? np : nn, p->m))
             : prune(s)) != RC_OK)
            goto done;
    }
    if (neg != NULL)
        *neg = q[0];
    if (pos != NULL)
        *pos = q[1];
    q[0] = q[1] = NULL;
    st = RC_OK;
done:
    rc_polyq_free(q[0]);
    rc_polyq_free(q[1]);
    rc_mpz_array_free(vals, p->k);
    rc_mpz_array_free(newg, np * nn * d);
    free(newinc);
    free(ip);
    free(in);
    free(z);
    free(sets);
    free(keep);
    mpz_clear(g);
    mpz_clear(tmp);
    return st;
}

