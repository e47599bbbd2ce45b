/* poly.c -- double description of polyhedra in floating point; see poly.h.
 *
 * The one numerical decision is the sign of an affine function at the
 * generators; everything else (which generators are adjacent, which rows are
 * facets, the incidences of new generators) follows combinatorially or by a
 * rank test on a handful of vectors, so the representation stays consistent. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geom/dd.h"
#include "geom/poly.h"
#include "geom/poly_internal.h"

/* Relative tolerance of the rank test; vectors are of unit scale. */
#define RC_RANK_TOL 1e-9

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
    free(p->rows);
    free(p->owners);
    free(p->gens);
    free(p->inc);
    free(p->lin);
    free(p->err);
    free(p->lerr);
    free(p->rerr);
    free(p);
}

rc_poly *
rc_poly_alloc(size_t n, size_t m, size_t k, size_t s)
{
    rc_poly *p = calloc(1, sizeof *p);
    size_t d = n + 1;

    if (p == NULL)
        return NULL;
    p->n = n;
    p->m = m;
    p->k = k;
    p->s = s;
    p->words = rc_dd_words(m);
    p->rows = alloc_array(m * d, sizeof(double));
    p->owners = alloc_array(m, sizeof(rc_owner));
    p->gens = alloc_array(k * d, sizeof(double));
    p->inc = alloc_array(k * p->words, sizeof(uint64_t));
    p->lin = alloc_array(s * d, sizeof(double));
    if (!p->rows || !p->owners || !p->gens || !p->inc || !p->lin) {
        rc_poly_free(p);
        return NULL;
    }
    return p;
}

rc_status
rc_poly_new_box(rc_poly **out, size_t n)
{
    rc_poly *p;
    size_t i, v, d = n + 1, k;

    *out = NULL;
    if (n < 1 || n > 20)
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

/* Rank of the count vectors of length d in a (destroyed), with pivot
 * tolerance relative to the largest entry. */
static size_t
rank_of(double *a, size_t count, size_t d)
{
    size_t r = 0, c, i, j;
    double big = 0.0;

    for (i = 0; i < count * d; i++)
        if (fabs(a[i]) > big)
            big = fabs(a[i]);
    if (big == 0.0)
        return 0;
    for (c = 0; c < d && r < count; c++) {
        size_t piv = r;
        for (i = r + 1; i < count; i++)
            if (fabs(a[i * d + c]) > fabs(a[piv * d + c]))
                piv = i;
        if (fabs(a[piv * d + c]) <= RC_RANK_TOL * big)
            continue;
        if (piv != r)
            for (j = 0; j < d; j++) {
                double t = a[r * d + j];
                a[r * d + j] = a[piv * d + j];
                a[piv * d + j] = t;
            }
        for (i = r + 1; i < count; i++) {
            double f = a[i * d + c] / a[r * d + c];
            if (f != 0.0)
                for (j = c; j < d; j++)
                    a[i * d + j] -= f * a[r * d + j];
        }
        r++;
    }
    return r;
}

/* Drop the rows of p that are not facets (their tight generators and the
 * lineality span less than a hyperplane of R^(n+1)) and renumber the
 * incidences.  work holds (k + s) * (n+1) doubles. */
static rc_status
poly_prune(rc_poly *p)
{
    size_t d = p->n + 1, i, g, kept = 0, nw;
    size_t *keep;
    double *work;
    uint64_t *inc;

    keep = alloc_array(p->m, sizeof *keep);
    work = alloc_array((p->k + p->s) * d, sizeof(double));
    if (keep == NULL || work == NULL) {
        free(keep);
        free(work);
        return RC_ERR_NOMEM;
    }
    for (i = 0; i < p->m; i++) {
        size_t count = 0;
        for (g = 0; g < p->k; g++)
            if (rc_dd_bit(p->inc + g * p->words, i))
                memcpy(work + (count++) * d, p->gens + g * d, d * sizeof(double));
        if (count + p->s + 1 < d)
            continue;   /* too few to span a facet */
        memcpy(work + count * d, p->lin, p->s * d * sizeof(double));
        if (rank_of(work, count + p->s, d) == d - 1)
            keep[kept++] = i;
    }
    free(work);
    if (kept == p->m) {
        free(keep);
        return RC_OK;
    }
    nw = rc_dd_words(kept);
    inc = alloc_array(p->k * nw, sizeof(uint64_t));
    if (inc == NULL) {
        free(keep);
        return RC_ERR_NOMEM;
    }
    for (g = 0; g < p->k; g++)
        for (i = 0; i < kept; i++)
            if (rc_dd_bit(p->inc + g * p->words, keep[i]))
                rc_dd_set(inc + g * nw, i);
    for (i = 0; i < kept; i++) {
        memmove(p->rows + i * d, p->rows + keep[i] * d, d * sizeof(double));
        p->owners[i] = p->owners[keep[i]];
    }
    free(p->inc);
    free(keep);
    p->inc = inc;
    p->words = nw;
    p->m = kept;
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
    rc_poly *q = rc_poly_alloc(p->n, p->m + 1, kmax, s);

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
        if (poly_prune(q) != RC_OK) {
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
    size_t d = p->n + 1, i, j, a, b, np = 0, nn = 0, nz = 0, nnew = 0;
    size_t need = p->n >= p->s + 1 ? p->n - p->s - 1 : 0;
    size_t *ip = NULL, *in = NULL;
    double *newg = NULL;
    uint64_t *newinc = NULL, *z = NULL;
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
    z = alloc_array(p->words, sizeof *z);
    if (!ip || !in || !z)
        goto done;
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
    if (!newg || !newinc)
        goto done;

    /* New generators: one per adjacent pair across the hyperplane. */
    for (a = 0; a < np; a++)
        for (b = 0; b < nn; b++) {
            size_t gp = ip[a], gn = in[b];
            double *g;

            if (!rc_dd_adjacent(p->inc, p->words, p->k, gp, gn, need, z))
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
        if (poly_prune(s) != RC_OK)
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
    free(in);
    free(z);
    free(newg);
    free(newinc);
    return st;
}

/* ---- volume by pulling triangulation ---------------------------------- */

typedef struct vol_ctx {
    const rc_poly *p;
    size_t gw;          /* words of a generator bitset */
    size_t *chain;      /* apexes chosen so far, n + 1 */
    double *work;       /* scratch for determinants and ranks */
    double sum;         /* sum of |det| over simplices */
} vol_ctx;

/* Affine dimension of the vertex set S (bitset over generators). */
static size_t
affine_dim(vol_ctx *c, const uint64_t *set)
{
    const rc_poly *p = c->p;
    size_t d = p->n + 1, g, first = p->k, count = 0, j;

    for (g = 0; g < p->k; g++) {
        if (!rc_dd_bit(set, g))
            continue;
        if (first == p->k) {
            first = g;
            continue;
        }
        for (j = 1; j < d; j++)
            c->work[count * p->n + j - 1] = p->gens[g * d + j] - p->gens[first * d + j];
        count++;
    }
    if (first == p->k)
        return 0;
    return rank_of(c->work, count, p->n);
}

static double
simplex_det(vol_ctx *c)
{
    const rc_poly *p = c->p;
    size_t n = p->n, d = n + 1, i, j, r, col;
    double *a = c->work, det = 1.0;
    const double *v0 = p->gens + c->chain[0] * d;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            a[i * n + j] = p->gens[c->chain[i + 1] * d + 1 + j] - v0[1 + j];
    for (col = 0; col < n; col++) {
        size_t piv = col;
        for (r = col + 1; r < n; r++)
            if (fabs(a[r * n + col]) > fabs(a[piv * n + col]))
                piv = r;
        if (a[piv * n + col] == 0.0)
            return 0.0;
        if (piv != col) {
            for (j = 0; j < n; j++) {
                double t = a[col * n + j];
                a[col * n + j] = a[piv * n + j];
                a[piv * n + j] = t;
            }
            det = -det;
        }
        det *= a[col * n + col];
        for (r = col + 1; r < n; r++) {
            double f = a[r * n + col] / a[col * n + col];
            for (j = col; j < n; j++)
                a[r * n + j] -= f * a[col * n + j];
        }
    }
    return fabs(det);
}

/* Triangulate the face with vertex set S of dimension f, whose apexes
 * above it are chain[n - f + 1 .. n] ... stored from index depth. */
static rc_status
pull(vol_ctx *c, const uint64_t *set, size_t f, size_t depth)
{
    const rc_poly *p = c->p;
    size_t g, apex = p->k, i, nsub = 0;
    uint64_t *subs, *cur;
    rc_status st = RC_OK;

    for (g = 0; g < p->k; g++)
        if (rc_dd_bit(set, g)) {
            apex = g;
            break;
        }
    c->chain[depth] = apex;
    if (f == 0) {
        c->sum += simplex_det(c);
        return RC_OK;
    }
    /* Facets of the face: its intersections with the rows of P that have
     * dimension f - 1 and miss the apex, without repeats. */
    subs = alloc_array(p->m * c->gw, sizeof(uint64_t));
    if (subs == NULL)
        return RC_ERR_NOMEM;
    for (i = 0; i < p->m && st == RC_OK; i++) {
        size_t k2;
        int dup = 0;

        cur = subs + nsub * c->gw;
        memset(cur, 0, c->gw * sizeof(uint64_t));
        for (g = 0; g < p->k; g++)
            if (rc_dd_bit(set, g) && rc_dd_bit(p->inc + g * p->words, i))
                rc_dd_set(cur, g);
        if (rc_dd_bit(cur, apex))
            continue;
        for (k2 = 0; k2 < nsub && !dup; k2++)
            dup = memcmp(subs + k2 * c->gw, cur, c->gw * sizeof(uint64_t)) == 0;
        if (dup || (int)rc_dd_count(cur, c->gw) < (int)f)
            continue;
        if (affine_dim(c, cur) != f - 1)
            continue;
        nsub++;
        st = pull(c, cur, f - 1, depth + 1);
    }
    free(subs);
    return st;
}

rc_status
rc_poly_volume(double *vol, const rc_poly *p)
{
    vol_ctx c;
    uint64_t *all;
    size_t g, fact = 1, i;
    rc_status st;

    *vol = INFINITY;
    if (p->s > 0)
        return RC_OK;
    for (g = 0; g < p->k; g++)
        if (p->gens[g * (p->n + 1)] == 0.0)
            return RC_OK;
    c.p = p;
    c.gw = rc_dd_words(p->k);
    c.sum = 0.0;
    c.chain = alloc_array(p->n + 1, sizeof(size_t));
    c.work = alloc_array((p->k + 1) * (p->n + 1), sizeof(double));
    all = alloc_array(c.gw, sizeof(uint64_t));
    if (!c.chain || !c.work || !all) {
        st = RC_ERR_NOMEM;
        goto done;
    }
    for (g = 0; g < p->k; g++)
        rc_dd_set(all, g);
    st = pull(&c, all, p->n, 0);
    for (i = 2; i <= p->n; i++)
        fact *= i;
    if (st == RC_OK)
        *vol = c.sum / (double)fact;
done:
    free(c.chain);
    free(c.work);
    free(all);
    return st;
}
