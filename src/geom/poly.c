/* poly.c -- double description of polyhedra in floating point; see poly.h.
 *
 * The one numerical decision is the sign of an affine function at the
 * generators; everything else (which generators are adjacent, which rows are
 * facets, the incidences of new generators) follows combinatorially (dd.h),
 * exactly as in the exact polytopes (poly_q.c), so the representation stays
 * consistent with the decisions and the two share one facet algorithm. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/by_dimension.h"
#include "geom/dd.h"
#include "geom/poly.h"
#include "geom/poly_internal.h"

static void *
alloc_array(size_t count, size_t size)
{
    return calloc(count ? count : 1, size);
}

void
rc_poly_free(rc_poly *p)
{
    if (p == NULL)
        return;
    if (!p->cert_in_block) {
        free(p->err);
        free(p->lerr);
        free(p->rerr);
    }
    free(p);
}

/* One allocation for the struct and its arrays (pieces are made and freed
 * by the million: one malloc instead of nine); with cert, the error
 * arrays too (k, s and m entries).  The rows, generators and owners are
 * left for the caller to write; the rest is zeroed. */
rc_poly *
rc_poly_alloc_block(size_t n, size_t m, size_t k, size_t s, int cert)
{
    size_t d = n + 1, words = rc_dd_words(m);
    size_t head = (sizeof(rc_poly) + 15) / 16 * 16;
    size_t doubles = (m + k + s) * d + (cert ? k + s + m : 0);
    size_t size = head + doubles * sizeof(double) + k * words * sizeof(uint64_t)
                  + m * sizeof(rc_owner);
    char *block = malloc(size), *at;
    rc_poly *p = (rc_poly *)block;

    if (block == NULL)
        return NULL;
    memset(block, 0, head);
    p->n = n;
    p->m = m;
    p->k = k;
    p->s = s;
    p->words = words;
    at = block + head;
    p->rows = (double *)at;
    p->gens = p->rows + m * d;
    p->lin = p->gens + k * d;
    at = (char *)(p->lin + s * d);
    if (cert) {
        p->err = (double *)at;
        p->lerr = p->err + k;
        p->rerr = p->lerr + s;
        at = (char *)(p->rerr + m);
        p->cert_in_block = 1;
    }
    p->inc = (uint64_t *)at;
    p->owners = (rc_owner *)(p->inc + k * words);
    /* Zero all but the rows, generators and owners, which every maker
     * writes (rc_poly_alloc zeroes those too): a side's k generators of
     * kmax, its rows copied.  Zeroing whole blocks was 5% of a small
     * network's count. */
    memset(p->lin, 0, ((char *)p->owners - (char *)p->lin));
    return p;
}

rc_poly *
rc_poly_alloc(size_t n, size_t m, size_t k, size_t s)
{
    rc_poly *p = rc_poly_alloc_block(n, m, k, s, 0);

    if (p != NULL) {
        memset(p->rows, 0, (m + k) * (n + 1) * sizeof(double));
        memset(p->owners, 0, m * sizeof(rc_owner));
    }
    return p;
}

rc_status
rc_poly_new_box(rc_poly **out, size_t n)
{
    rc_poly *p;
    size_t i, v, d = n + 1, k;

    *out = NULL;
    if (n < 1 || n > RC_MAX_DIM)
        return RC_ERR_ARG;
    k = (size_t)1 << n;
    p = rc_poly_alloc(n, 2 * n, k, 0);
    if (p == NULL)
        return RC_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        /* 1 + u_i >= 0 and 1 - u_i >= 0 */
        p->rows[(2 * i) * d] = 1.0;
        p->rows[(2 * i) * d + 1 + i] = 1.0;
        p->rows[(2 * i + 1) * d] = 1.0;
        p->rows[(2 * i + 1) * d + 1 + i] = -1.0;
        p->owners[2 * i] = (rc_owner){RC_OWNER_DOMAIN, 0, (unsigned)i, 0, 0};
        p->owners[2 * i + 1] = (rc_owner){RC_OWNER_DOMAIN, 0, (unsigned)i, 1, 0};
    }
    for (v = 0; v < k; v++) {
        double *g = p->gens + v * d;
        g[0] = 1.0;
        for (i = 0; i < n; i++) {
            int up = (int)((v >> i) & 1u);
            g[1 + i] = up ? 1.0 : -1.0;
            rc_dd_set(p->inc + v * p->words, 2 * i + (size_t)up);
        }
    }
    *out = p;
    return RC_OK;
}

rc_status
rc_poly_new_space(rc_poly **out, size_t n)
{
    rc_poly *p;
    size_t i, d = n + 1;

    *out = NULL;
    if (n < 1)
        return RC_ERR_ARG;
    p = rc_poly_alloc(n, 1, 1, n);
    if (p == NULL)
        return RC_ERR_NOMEM;
    p->rows[0] = 1.0;   /* t >= 0 */
    p->owners[0] = (rc_owner){(rc_owner_kind)RC_OWNER_INFINITY, 0, 0, 0, 0};
    p->gens[0] = 1.0;   /* the origin, not tight on t >= 0 */
    for (i = 0; i < n; i++)
        p->lin[i * d + 1 + i] = 1.0;
    *out = p;
    return RC_OK;
}

double
rc_poly_dot(const double *a, const double *b, size_t d)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < d; i++)
        s += a[i] * b[i];
    return s;
}

rc_side
rc_poly_classify(const rc_poly *p, const double *row, double eps,
                 double *vals, double *margin)
{
    size_t i, d = p->n + 1;
    double hi = 0.0, lo = 0.0;

    for (i = 0; i < p->s; i++)
        if (fabs(rc_poly_dot(row, p->lin + i * d, d)) > eps) {
            /* h is not constant along a line of P: it cuts P deeply. */
            for (i = 0; i < p->k; i++)
                vals[i] = rc_poly_dot(row, p->gens + i * d, d);
            *margin = INFINITY;
            return RC_SIDE_BOTH;
        }
    for (i = 0; i < p->k; i++) {
        double v = rc_poly_dot(row, p->gens + i * d, d);
        vals[i] = v;
        if (v > hi)
            hi = v;
        if (v < lo)
            lo = v;
    }
    *margin = hi < -lo ? hi : -lo;
    if (hi > eps && lo < -eps)
        return RC_SIDE_BOTH;
    if (hi > eps)
        return RC_SIDE_POS;
    if (lo < -eps)
        return RC_SIDE_NEG;
    return RC_SIDE_ZERO;
}

/* Drop the rows of p that are not facets and renumber the incidences.
 * By incidence alone (dd.h), as the exact kernel does: the incidences
 * follow from the signs decided at each cut, so the facets follow from
 * those decisions, with no second tolerance (a rank test with its own
 * threshold can disagree with the signs and lose a facet). */
rc_status
rc_poly_prune(rc_poly *q)
{
    size_t kept;
    unsigned char *keep = malloc(q->m + 1);
    rc_status st;

    if (keep == NULL)
        return RC_ERR_NOMEM;
    st = rc_dd_facets(&kept, keep, q->inc, q->words, q->k, q->m,
                      q->n + 1 - q->s == 1);
    if (st == RC_OK)
        st = rc_poly_keep_rows(q, keep, kept);
    free(keep);
    return st;
}

rc_status
rc_poly_keep_rows(rc_poly *q, const unsigned char *keep, size_t kept)
{
    size_t d = q->n + 1, i, t;

    if (kept == q->m)
        return RC_OK;
    /* In place: the incidences shrink, the block stays. */
    if (rc_dd_renumber(q->inc, q->inc, q->words, q->k, q->m, keep) != RC_OK)
        return RC_ERR_NOMEM;
    for (i = 0, t = 0; i < q->m; i++) {
        if (!keep[i])
            continue;
        if (t != i) {
            memmove(q->rows + t * d, q->rows + i * d, d * sizeof(double));
            q->owners[t] = q->owners[i];
            if (q->rerr != NULL)
                q->rerr[t] = q->rerr[i];
        }
        t++;
    }
    q->words = rc_dd_words(kept);
    q->m = kept;
    return RC_OK;
}

void
rc_poly_normalise_generator(double *g, size_t d)
{
    size_t i;

    if (g[0] > 0.0) {
        double t = g[0];
        for (i = 1; i < d; i++)
            g[i] /= t;
        g[0] = 1.0;
    } else {
        double s = 0.0;
        g[0] = 0.0;
        for (i = 1; i < d; i++)
            s += g[i] * g[i];
        s = sqrt(s);
        if (s > 0.0)
            for (i = 1; i < d; i++)
                g[i] /= s;
    }
}

/* Start a side: old rows plus the oriented new row, room for kmax
 * generators and s lineality vectors. */
rc_poly *
rc_poly_side_alloc(const rc_poly *p, const double *row, double sign, rc_owner owner,
           size_t kmax, size_t s)
{
    size_t d = p->n + 1, i;
    rc_poly *q = rc_poly_alloc_block(p->n, p->m + 1, kmax, s, p->err != NULL);

    if (q == NULL)
        return NULL;
    memcpy(q->rows, p->rows, p->m * d * sizeof(double));
    memcpy(q->owners, p->owners, p->m * sizeof(rc_owner));
    for (i = 0; i < d; i++)
        q->rows[p->m * d + i] = sign * row[i];
    q->owners[p->m] = owner;
    q->k = 0;
    return q;
}

/* Append generator g with incidence inc (p->words words, widened to q's). */
void
rc_poly_side_push(rc_poly *q, const double *g, const uint64_t *inc, size_t words,
          int tight_on_new)
{
    size_t d = q->n + 1;

    memcpy(q->gens + q->k * d, g, d * sizeof(double));
    memcpy(q->inc + q->k * q->words, inc, words * sizeof(uint64_t));
    if (tight_on_new)
        rc_dd_set(q->inc + q->k * q->words, q->m - 1);
    q->k++;
}

/* The cut moves a line of P out: project everything along lineality
 * vector j0 onto the hyperplane and add +-l_j0 as a ray. */
static rc_status
split_lineality(rc_poly **neg, rc_poly **pos, const rc_poly *p,
                const double *row, rc_owner owner)
{
    size_t d = p->n + 1, i, j, j0 = 0, side;
    double lam = 0.0;
    rc_poly **outs[2] = {neg, pos};

    for (j = 0; j < p->s; j++) {
        double v = rc_poly_dot(row, p->lin + j * d, d);
        if (fabs(v) > fabs(lam)) {
            lam = v;
            j0 = j;
        }
    }
    for (side = 0; side < 2; side++) {
        double sign = side ? 1.0 : -1.0;
        const double *l0 = p->lin + j0 * d;
        rc_poly *q;
        double *g;
        size_t t = 0;

        if (outs[side] == NULL)
            continue;
        q = rc_poly_side_alloc(p, row, sign, owner, p->k + 1, p->s - 1);
        if (q == NULL)
            return RC_ERR_NOMEM;
        g = malloc(d * sizeof(double));
        if (g == NULL) {
            rc_poly_free(q);
            return RC_ERR_NOMEM;
        }
        for (i = 0; i < p->k; i++) {
            double f = rc_poly_dot(row, p->gens + i * d, d) / lam;
            for (j = 0; j < d; j++)
                g[j] = p->gens[i * d + j] - f * l0[j];
            rc_poly_normalise_generator(g, d);
            rc_poly_side_push(q, g, p->inc + i * p->words, p->words, 1);
        }
        /* The ray: tight on every old row, since rows vanish on lines. */
        for (j = 0; j < d; j++)
            g[j] = (lam > 0 ? sign : -sign) * l0[j];
        rc_poly_normalise_generator(g, d);
        rc_poly_side_push(q, g, p->inc, 0, 0);
        for (i = 0; i < p->m; i++)
            rc_dd_set(q->inc + (q->k - 1) * q->words, i);
        for (j = 0; j < p->s; j++) {
            double f, nrm;
            size_t c;
            if (j == j0)
                continue;
            f = rc_poly_dot(row, p->lin + j * d, d) / lam;
            for (c = 0; c < d; c++)
                q->lin[t * d + c] = p->lin[j * d + c] - f * l0[c];
            nrm = sqrt(rc_poly_dot(q->lin + t * d, q->lin + t * d, d));
            for (c = 0; c < d; c++)
                q->lin[t * d + c] /= nrm;
            t++;
        }
        free(g);
        if (rc_poly_prune(q) != RC_OK) {
            rc_poly_free(q);
            return RC_ERR_NOMEM;
        }
        *outs[side] = q;
    }
    return RC_OK;
}

rc_status
rc_poly_split(rc_poly **neg, rc_poly **pos, const rc_poly *p,
              const double *row, rc_owner owner, const double *vals,
              double eps)
{
    size_t d = p->n + 1, i, j, a, np = 0, nn = 0, nz = 0, nnew = 0;
    size_t need = p->n >= p->s + 1 ? p->n - p->s - 1 : 0;
    size_t *ip = NULL, *in = NULL, *cand = NULL, ncand, gw = rc_dd_words(p->k);
    double *newg = NULL;
    uint64_t *newinc = NULL, *z = NULL, *sets = NULL;
    unsigned char *keep = NULL;
    rc_poly *q[2] = {NULL, NULL};
    rc_status st = RC_ERR_NOMEM;
    size_t side;

    if (neg != NULL)
        *neg = NULL;
    if (pos != NULL)
        *pos = NULL;
    for (i = 0; i < p->s; i++)
        if (fabs(rc_poly_dot(row, p->lin + i * d, d)) > eps)
            return split_lineality(neg, pos, p, row, owner);

    ip = alloc_array(p->k, sizeof *ip);
    in = alloc_array(p->k, sizeof *in);
    z = alloc_array(p->words + gw, sizeof *z);
    sets = alloc_array(p->m * gw, sizeof *sets);
    keep = alloc_array(p->m + 1, 1);
    if (!ip || !in || !z || !sets || !keep)
        goto done;
    rc_dd_transpose(sets, p->inc, p->words, p->k, p->m);
    for (i = 0; i < p->k; i++) {
        if (vals[i] > eps)
            ip[np++] = i;
        else if (vals[i] < -eps)
            in[nn++] = i;
        else
            nz++;
    }
    newg = alloc_array(np * nn * d, sizeof(double));
    newinc = alloc_array(np * nn * p->words, sizeof(uint64_t));
    cand = alloc_array(np * nn, sizeof *cand);
    if (!newg || !newinc || !cand)
        goto done;

    /* New generators: one per adjacent pair across the hyperplane. */
    ncand = rc_dd_candidates(cand, p->inc, p->words, ip, np, in, nn, need);
    for (a = 0; a < ncand; a++) {
        size_t gp = ip[cand[a] / nn], gn = in[cand[a] % nn];
        double *g;

        if (!rc_dd_adjacent_sets(sets, gw, p->inc, p->words, p->k, gp,
                                 gn, need, z, z + p->words))
            continue;
        g = newg + nnew * d;
        for (j = 0; j < d; j++)
            g[j] = vals[gp] * p->gens[gn * d + j]
                   - vals[gn] * p->gens[gp * d + j];
        if (p->gens[gp * d] > 0.0 || p->gens[gn * d] > 0.0) {
            if (g[0] <= 0.0)
                g[0] = 1e-300;   /* a vertex, whatever rounding says */
        } else {
            g[0] = 0.0;
        }
        rc_poly_normalise_generator(g, d);
        memcpy(newinc + nnew * p->words, z, p->words * sizeof(uint64_t));
        nnew++;
    }

    for (side = 0; side < 2; side++) {
        double sign = side ? 1.0 : -1.0;
        rc_poly *s;

        if ((side ? pos : neg) == NULL)
            continue;
        s = rc_poly_side_alloc(p, row, sign, owner, (side ? np : nn) + nz + nnew, p->s);
        if (s == NULL)
            goto done;
        q[side] = s;
        for (i = 0; i < p->k; i++) {
            int keep = side ? vals[i] > eps : vals[i] < -eps;
            int zero = fabs(vals[i]) <= eps;
            if (keep || zero)
                rc_poly_side_push(s, p->gens + i * d, p->inc + i * p->words, p->words,
                          zero);
        }
        for (i = 0; i < nnew; i++)
            rc_poly_side_push(s, newg + i * d, newinc + i * p->words, p->words, 1);
        memcpy(s->lin, p->lin, p->s * d * sizeof(double));
        if ((np > 0 && nn > 0
             ? rc_poly_keep_rows(s, keep, rc_dd_cut_facets(keep, z, p->inc,
                                 p->words, side ? ip : in, side ? np : nn,
                                 p->m))
             : rc_poly_prune(s)) != RC_OK)
            goto done;
    }
    if (neg != NULL)
        *neg = q[0];
    if (pos != NULL)
        *pos = q[1];
    q[0] = q[1] = NULL;
    st = RC_OK;
done:
    rc_poly_free(q[0]);
    rc_poly_free(q[1]);
    free(ip);
    free(cand);
    free(in);
    free(z);
    free(sets);
    free(keep);
    free(newg);
    free(newinc);
    return st;
}

static inline RC_ALWAYS_INLINE int
ball_d(double *centre, double *radius, const rc_poly *p, size_t d)
{
    size_t g, c;
    double r2 = 0.0, w;

    if (p->s > 0 || p->k == 0)
        return 0;
    /* Any centre will do (the radius is measured from it): the mean of
     * the vertices, with a product for a division. */
    w = 1.0 / (double)p->k;
    for (c = 1; c < d; c++)
        centre[c] = 0.0;
    centre[0] = 1.0;
    for (g = 0; g < p->k; g++) {
        if (!(p->gens[g * d] > 0.0))
            return 0;   /* a ray */
        for (c = 1; c < d; c++)
            centre[c] += p->gens[g * d + c] * w;
    }
    for (g = 0; g < p->k; g++) {
        double s = 0.0;
        for (c = 1; c < d; c++) {
            double t = p->gens[g * d + c] - centre[c];
            s += t * t;
        }
        if (s > r2)
            r2 = s;
    }
    *radius = sqrt(r2) * (1.0 + 0x1p-40);
    return 1;
}

int
rc_poly_ball(double *centre, double *radius, const rc_poly *p)
{
    BY_DIMENSION(p->n + 1, return ball_d(centre, radius, p, d_))
}
