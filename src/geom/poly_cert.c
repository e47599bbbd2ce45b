/* poly_cert.c -- double descriptions whose every sign is proven.
 *
 * A certified piece is a floating-point double description (poly.h) that
 * stands for an exact one: each generator g carries a bound e_g on its
 * distance (max norm) from the exact generator g*, and each row the
 * kernel gives comes with a bound e_h on its distance from the exact row.
 * With u = 2^-53 and d = n + 1, the computed value v = fl(h . g) satisfies
 *     |v - h* . g*| <= e_h (|g|_1 + d e_g) + |h|_1 e_g
 *                      + 1.01 (d + 1) u sum |h_c g_c| + d 2^-1070
 * (the last term for gradual underflow).  A value beyond twice that bound
 * has the sign of the exact one; the others are left to exact arithmetic.
 * When every sign of a cut is certain, the cut's combinatorics (which
 * generators lie on each side, which pairs are adjacent, which rows are
 * facets) is exactly the exact piece's, so it is decided combinatorially
 * (dd.h) with no tolerance, and only the new generators' positions are
 * approximate.  A new vertex on the hyperplane between vertices p and n
 * (values v_p > 0 > v_n with bounds B_p, B_n) is
 *     x = g_p + lambda (g_n - g_p),   lambda = v_p / (v_p - v_n);
 * the values being off by at most B, lambda is off by at most
 *     dl = (|v_n| B_p + v_p B_n) / ((v_p - v_n) (v_p - v_n - B_p - B_n)),
 * so x is off by at most
 *     (1 - lambda) e_p + lambda e_n + dl (|g_n - g_p| + e_p + e_n)
 * plus its rounding: the bound follows the edge's length, not the
 * coordinates' size.  A vertex and a ray give x = g_p + mu r with
 * mu = v_p / |v_r|, two rays their positive combination, normalised; cuts
 * along a line of the piece project every generator onto the hyperplane,
 * * generator onto the hyperplane, with the same kind of bound. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/by_dimension.h"
#include "geom/dd.h"
#include "geom/poly_internal.h"

#define U 0x1p-53
/* A new vertex whose bound exceeds this (relative to its coordinates)
 * is re-solved from its tight rows. */
#define RC_CERT_RESOLVE 0x1p-28
/* Most rows tight at a vertex that solve_tight looks at. */
#define RC_SOLVE_ROWS 64

rc_poly *
rc_poly_new_empty(size_t n, size_t m, size_t k, size_t s)
{
    return rc_poly_alloc(n, m, k, s);
}

void
rc_poly_normalise_ray(double *dst, const double *src, size_t d)
{
    double s = 0.0;
    size_t i;

    for (i = 1; i < d; i++)
        s += src[i] * src[i];
    s = sqrt(s);
    dst[0] = 0.0;
    for (i = 1; i < d; i++)
        dst[i] = s > 0.0 ? src[i] / s : src[i];
}

/* Error arrays with room for kcap generators (p->s lines). */
static rc_status
alloc_err(rc_poly *p, size_t kcap)
{
    if (p->cert_in_block)
        return RC_OK;       /* made with room for kcap, zeroed */
    free(p->err);
    free(p->lerr);
    free(p->rerr);
    p->err = calloc(kcap + 1, sizeof *p->err);
    p->lerr = calloc(p->s + 1, sizeof *p->lerr);
    p->rerr = calloc(p->m + 1, sizeof *p->rerr);
    return p->err && p->lerr && p->rerr ? RC_OK : RC_ERR_NOMEM;
}

/* The side q of a cut of p by row (bound row_err): p's row bounds, then
 * the new row's. */
static void
copy_row_err(rc_poly *q, const rc_poly *p, double row_err)
{
    memcpy(q->rerr, p->rerr, p->m * sizeof *q->rerr);
    q->rerr[p->m] = row_err;
}

rc_status
rc_poly_certify(rc_poly *p, double err0)
{
    size_t i;

    if (alloc_err(p, p->k) != RC_OK)
        return RC_ERR_NOMEM;
    for (i = 0; i < p->k; i++)
        p->err[i] = err0;
    for (i = 0; i < p->s; i++)
        p->lerr[i] = err0;
    for (i = 0; i < p->m; i++)
        p->rerr[i] = err0;
    return RC_OK;
}

static double
norm_inf(const double *v, size_t d)
{
    double m = 0.0;
    size_t i;

    for (i = 0; i < d; i++)
        if (fabs(v[i]) > m)
            m = fabs(v[i]);
    return m;
}

/* The value of row at g and its error bound. */
static inline RC_ALWAYS_INLINE double
value_bound(double *bound, const double *row, double row_err, double row_l1,
            const double *g, double eg, size_t d)
{
    double v = 0.0, mag = 0.0, g1 = 0.0;
    size_t c;
    int any = 0;

    for (c = 0; c < d; c++) {
        double t = row[c] * g[c];
        v += t;
        mag += fabs(t);
        g1 += fabs(g[c]);
        any |= row[c] != 0.0 && g[c] != 0.0;
    }
    /* Products of exact zeros are exact; others may underflow. */
    *bound = row_err * (g1 + (double)d * eg) + row_l1 * eg
             + 1.01 * (double)(d + 1) * U * mag
             + (any ? (double)d * 0x1p-1070 : 0.0);
    return v;
}

/* -1, 0, +1 when certain, 2 when not. */
static int
certified_sign(double v, double bound, double floor)
{
    if (v == 0.0 && bound == 0.0)
        return 0;
    if (fabs(v) > 2.0 * bound && fabs(v) > floor)
        return v > 0 ? 1 : -1;
    return 2;
}

static inline RC_ALWAYS_INLINE int
classify_cert_d(const rc_poly *p, const double *row, double row_err,
                double row_l1, double floor, rc_side *side,
                signed char *sign, double *vals, double *bounds, size_t d)
{
    size_t i;
    int pos = 0, neg = 0, line_cut = 0;

    if (!isfinite(row_err) || !isfinite(row_l1))
        return 0;
    for (i = 0; i < p->s; i++) {
        double b, v = value_bound(&b, row, row_err, row_l1, p->lin + i * d,
                                  p->lerr[i], d);
        int sg = certified_sign(v, b, floor);
        if (sg == 2)
            return 0;
        line_cut |= sg != 0;
    }
    for (i = 0; i < p->k; i++) {
        int sg;
        vals[i] = value_bound(&bounds[i], row, row_err, row_l1,
                              p->gens + i * d, p->err[i], d);
        sg = certified_sign(vals[i], bounds[i], floor);
        if (sg == 2)
            return 0;
        sign[i] = (signed char)sg;
        pos |= sg > 0;
        neg |= sg < 0;
    }
    if (line_cut || (pos && neg))
        *side = RC_SIDE_BOTH;
    else
        *side = pos ? RC_SIDE_POS : neg ? RC_SIDE_NEG : RC_SIDE_ZERO;
    return 1;
}

int
rc_poly_classify_cert(const rc_poly *p, const double *row, double row_err,
                      double row_l1, double floor, rc_side *side,
                      signed char *sign, double *vals, double *bounds)
{
    BY_DIMENSION(p->n + 1, return classify_cert_d(p, row, row_err, row_l1,
                                                  floor, side, sign, vals,
                                                  bounds, d_))
}

static inline RC_ALWAYS_INLINE int
cuts_cert_d(const rc_poly *p, const double *row, double row_err,
            double row_l1, double floor, size_t d)
{
    size_t i;
    int pos = 0, neg = 0;

    if (!isfinite(row_err) || !isfinite(row_l1))
        return 0;
    for (i = 0; i < p->s; i++) {
        double b, v = value_bound(&b, row, row_err, row_l1, p->lin + i * d,
                                  p->lerr[i], d);
        int sg = certified_sign(v, b, floor);
        if (sg == 1 || sg == -1)
            return 1;
    }
    /* An uncertain sign does not stop the search: two certain ones of
     * opposite signs decide it all the same. */
    for (i = 0; i < p->k && !(pos && neg); i++) {
        double b, v = value_bound(&b, row, row_err, row_l1, p->gens + i * d,
                                  p->err[i], d);
        int sg = certified_sign(v, b, floor);
        pos |= sg == 1;
        neg |= sg == -1;
    }
    return pos && neg;
}

int
rc_poly_cuts_cert(const rc_poly *p, const double *row, double row_err,
                  double row_l1, double floor)
{
    BY_DIMENSION(p->n + 1, return cuts_cert_d(p, row, row_err, row_l1, floor, d_))
}

static inline RC_ALWAYS_INLINE void
cert_extent_d(rc_poly_extent *x, const rc_poly *p, size_t d)
{
    size_t g, c;

    x->a_max = x->e_max = x->g1_max = 0.0;
    for (g = 0; g < p->k; g++) {
        double g1 = 0.0;
        for (c = 0; c < d; c++)
            g1 += fabs(p->gens[g * d + c]);
        if (g1 > x->g1_max)
            x->g1_max = g1;
        if (p->err[g] > x->e_max)
            x->e_max = p->err[g];
        if (g1 + (double)d * p->err[g] > x->a_max)
            x->a_max = g1 + (double)d * p->err[g];
    }
}

void
rc_poly_cert_extent(rc_poly_extent *x, const rc_poly *p)
{
    BY_DIMENSION(p->n + 1, cert_extent_d(x, p, d_); return)
}

static inline RC_ALWAYS_INLINE rc_side
side_quick_d(const rc_poly *p, const rc_poly_extent *x, const double *row,
             double row_err, double row_l1, double floor, size_t d)
{
    size_t g, c;
    double hinf = 0.0, lo = INFINITY, hi = -INFINITY, b;

    if (p->s > 0 || p->k == 0 || !isfinite(row_err) || !isfinite(row_l1))
        return RC_SIDE_BOTH;
    for (c = 0; c < d; c++)
        if (fabs(row[c]) > hinf)
            hinf = fabs(row[c]);
    /* value_bound's bound for every generator at once: sum |h_c g_c| <=
     * |h|_inf |g|_1 (the product's rounding is inside the 1.02). */
    b = row_err * x->a_max + row_l1 * x->e_max
        + 1.02 * (double)(d + 1) * U * hinf * x->g1_max
        + (double)d * 0x1p-1070;
    b = 2.0 * b > floor ? 2.0 * b : floor;
    if (!isfinite(b))
        return RC_SIDE_BOTH;
    for (g = 0; g < p->k; g++) {
        const double *gg = p->gens + g * d;
        double v = 0.0;
        for (c = 0; c < d; c++)
            v += row[c] * gg[c];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        if (lo <= b && hi >= -b)
            return RC_SIDE_BOTH;   /* neither side for all: no need to go on */
    }
    if (lo > b)
        return RC_SIDE_POS;
    if (hi < -b)
        return RC_SIDE_NEG;
    return RC_SIDE_BOTH;
}

rc_side
rc_poly_side_quick(const rc_poly *p, const rc_poly_extent *x,
                   const double *row, double row_err, double row_l1,
                   double floor)
{
    BY_DIMENSION(p->n + 1, return side_quick_d(p, x, row, row_err, row_l1,
                                               floor, d_))
}

/* Normalise the combination c (error D before normalisation) as a vertex
 * or a ray; its error into *e.  -1 when the bound is lost. */
static int
normalise_bounded(double *c, double D, double *e, size_t d)
{
    double big;
    size_t i;

    if (c[0] > 0.0) {
        double t = c[0];
        if (!(t > 2.0 * D))
            return -1;
        for (i = 1; i < d; i++)
            c[i] /= t;
        c[0] = 1.0;
        big = norm_inf(c + 1, d - 1);
        *e = D * (1.0 + big) / (t - D) + 2.0 * U * big;
    } else {
        double s = 0.0;
        c[0] = 0.0;
        for (i = 1; i < d; i++)
            s += c[i] * c[i];
        s = sqrt(s);
        /* |c - c*|_2 <= sqrt(n) D */
        D *= sqrt((double)(d - 1));
        if (!(s > 2.0 * D))
            return -1;
        for (i = 1; i < d; i++)
            c[i] /= s;
        *e = 2.0 * D / (s - D) + 4.0 * U;
    }
    return isfinite(*e) ? 0 : -1;
}

/* The cut moves a line l0 of p out: project along l0 (see poly.c). */
static rc_status
split_lineality_cert(rc_poly **neg, rc_poly **pos, const rc_poly *p,
                     const double *row, double row_err, double row_l1,
                     rc_owner owner)
{
    size_t d = p->n + 1, i, j, j0 = 0, side, c;
    double lam = 0.0, blam = 0.0, b;
    rc_poly **outs[2] = {neg, pos};
    double *g = malloc(d * sizeof *g);
    rc_status st = RC_OK;

    if (g == NULL)
        return RC_ERR_NOMEM;
    for (j = 0; j < p->s; j++) {
        double v = value_bound(&b, row, row_err, row_l1, p->lin + j * d,
                               p->lerr[j], d);
        if (fabs(v) > fabs(lam)) {
            lam = v;
            blam = 2.0 * b;
            j0 = j;
        }
    }
    for (side = 0; side < 2 && st == RC_OK; side++) {
        double sign = side ? 1.0 : -1.0;
        const double *l0 = p->lin + j0 * d;
        double el0 = p->lerr[j0], nl0 = norm_inf(l0, d);
        rc_poly *q;
        size_t t = 0;

        if (outs[side] == NULL)
            continue;
        q = rc_poly_side_alloc(p, row, sign, owner, p->k + 1, p->s - 1);
        if (q == NULL || alloc_err(q, p->k + 1) != RC_OK) {
            rc_poly_free(q);
            st = RC_ERR_NOMEM;
            break;
        }
        copy_row_err(q, p, row_err);
        for (i = 0; i < p->k && st == RC_OK; i++) {
            double v = value_bound(&b, row, row_err, row_l1, p->gens + i * d,
                                   p->err[i], d);
            double f = v / lam, df, D, e = 0.0;
            df = (2.0 * b + fabs(f) * blam) / (fabs(lam) - blam);
            D = p->err[i] + df * nl0 + fabs(f) * el0
                + 2.0 * U * (norm_inf(p->gens + i * d, d) + fabs(f) * nl0);
            for (c = 0; c < d; c++)
                g[c] = p->gens[i * d + c] - f * l0[c];
            /* A vertex keeps t = 1 (lines have t = 0): no division. */
            if (g[0] > 0.0)
                e = D;
            else if (normalise_bounded(g, D, &e, d) != 0)
                st = RC_ERR_NUMERIC;
            rc_poly_side_push(q, g, p->inc + i * p->words, p->words, 1);
            q->err[q->k - 1] = e;
        }
        /* The ray: tight on every old row, since rows vanish on lines. */
        for (c = 0; c < d; c++)
            g[c] = (lam > 0 ? sign : -sign) * l0[c];
        rc_poly_side_push(q, g, p->inc, 0, 0);
        q->err[q->k - 1] = el0;
        for (i = 0; i < p->m; i++)
            rc_dd_set(q->inc + (q->k - 1) * q->words, i);
        for (j = 0; j < p->s && st == RC_OK; j++) {
            double v, f, df, D, nrm = 0.0;
            if (j == j0)
                continue;
            v = value_bound(&b, row, row_err, row_l1, p->lin + j * d,
                            p->lerr[j], d);
            f = v / lam;
            df = (2.0 * b + fabs(f) * blam) / (fabs(lam) - blam);
            D = p->lerr[j] + df * nl0 + fabs(f) * el0 + 4.0 * U;
            for (c = 0; c < d; c++) {
                q->lin[t * d + c] = p->lin[j * d + c] - f * l0[c];
                nrm += q->lin[t * d + c] * q->lin[t * d + c];
            }
            nrm = sqrt(nrm);
            D *= sqrt((double)(d - 1));
            if (!(nrm > 2.0 * D)) {
                st = RC_ERR_NUMERIC;
                break;
            }
            for (c = 0; c < d; c++)
                q->lin[t * d + c] /= nrm;
            q->lerr[t] = 2.0 * D / (nrm - D) + 4.0 * U;
            t++;
        }
        if (st == RC_OK)
            st = rc_poly_prune(q);
        if (st != RC_OK) {
            rc_poly_free(q);
            break;
        }
        *outs[side] = q;
    }
    free(g);
    if (st != RC_OK) {
        if (neg != NULL) {
            rc_poly_free(*neg);
            *neg = NULL;
        }
        if (pos != NULL) {
            rc_poly_free(*pos);
            *pos = NULL;
        }
    }
    return st;
}

/* The vertex on the rows tight at it (those of z, and row): n of them
 * chosen by pivoting, solved by Gauss-Jordan; x (d entries, x[0] = 1)
 * and a bound on its distance from the exact vertex,
 *     e <= 2 |A^-1|_inf (|r|_inf + rounding + max row bound (1 + |x|_1)),
 * valid while |A^-1| times the rows' bounds stays far below 1.  work
 * holds 2 n^2 doubles.  0, or -1 when the rows are ill-conditioned. */
static inline RC_ALWAYS_INLINE int
solve_tight_d(double *x, double *e, const rc_poly *p, const uint64_t *z,
              const double *row, double row_err, double *work, size_t d)
{
    size_t n = d - 1, i, k, cnt = 0, c;
    double *M = work, rmax = 0.0, inv = 0.0, res = 0.0, x1 = 1.0;
    const double *rows[RC_SOLVE_ROWS];
    double errs[RC_SOLVE_ROWS];

    for (i = 0; i < p->m && cnt < RC_SOLVE_ROWS - 1; i++)
        if (rc_dd_bit(z, i)) {
            rows[cnt] = p->rows + i * d;
            errs[cnt++] = p->rerr[i];
        }
    rows[cnt] = row;
    errs[cnt++] = row_err;
    if (cnt < n || cnt > RC_SOLVE_ROWS - 1)
        return -1;
    /* Pick n rows: elimination with row pivoting on copies of all. */
    {
        double A[RC_SOLVE_ROWS][RC_MAX_DIM + 1];
        size_t pick[RC_MAX_DIM + 1];
        unsigned char used[RC_SOLVE_ROWS] = {0};
        for (i = 0; i < cnt && cnt > n; i++)
            for (c = 0; c < n; c++)
                A[i][c] = rows[i][1 + c];
        /* A simple vertex (n tight rows, the generic case) has nothing to
         * choose: Gauss-Jordan below pivots by itself. */
        for (c = 0; c < n && cnt == n; c++)
            pick[c] = c;
        for (c = 0; c < n && cnt > n; c++) {
            size_t best = cnt;
            for (i = 0; i < cnt; i++)
                if (!used[i] && (best == cnt || fabs(A[i][c]) > fabs(A[best][c])))
                    best = i;
            if (best == cnt || A[best][c] == 0.0)
                return -1;
            used[best] = 1;
            pick[c] = best;
            for (i = 0; i < cnt; i++)
                if (!used[i]) {
                    double f = A[i][c] / A[best][c];
                    for (k = c; k < n; k++)
                        A[i][k] -= f * A[best][k];
                }
        }
        /* M = [A | I] for the picked rows, then Gauss-Jordan. */
        for (i = 0; i < n; i++) {
            for (c = 0; c < n; c++) {
                M[i * 2 * n + c] = rows[pick[i]][1 + c];
                M[i * 2 * n + n + c] = i == c ? 1.0 : 0.0;
            }
            if (errs[pick[i]] > rmax)
                rmax = errs[pick[i]];
        }
        for (c = 0; c < n; c++) {
            size_t piv = c;
            for (i = c + 1; i < n; i++)
                if (fabs(M[i * 2 * n + c]) > fabs(M[piv * 2 * n + c]))
                    piv = i;
            if (M[piv * 2 * n + c] == 0.0)
                return -1;
            if (piv != c) {
                for (k = 0; k < 2 * n; k++) {
                    double t = M[c * 2 * n + k];
                    M[c * 2 * n + k] = M[piv * 2 * n + k];
                    M[piv * 2 * n + k] = t;
                }
            }
            /* Row c is zero left of column c (eliminated): the row
             * operations start there. */
            {
                double f = 1.0 / M[c * 2 * n + c];
                for (k = c; k < 2 * n; k++)
                    M[c * 2 * n + k] *= f;
            }
            for (i = 0; i < n; i++)
                if (i != c && M[i * 2 * n + c] != 0.0) {
                    double f = M[i * 2 * n + c];
                    for (k = c; k < 2 * n; k++)
                        M[i * 2 * n + k] -= f * M[c * 2 * n + k];
                }
        }
        /* M's right half is the inverse of A as it was built (the row
         * swaps are part of it): x = -A^-1 b. */
        x[0] = 1.0;
        for (i = 0; i < n; i++) {
            double s = 0.0, rs = 0.0;
            for (k = 0; k < n; k++) {
                s -= M[i * 2 * n + n + k] * rows[pick[k]][0];
                rs += fabs(M[i * 2 * n + n + k]);
            }
            x[1 + i] = s;
            if (rs > inv)
                inv = rs;
        }
    }
    for (c = 1; c < d; c++)
        x1 += fabs(x[c]);
    if (!isfinite(inv) || inv * (rmax + 0x1p-50) * (double)n * x1 > 0.1)
        return -1;
    for (i = 0; i < cnt; i++) {
        double s = 0.0, mag = 0.0;
        for (c = 0; c < d; c++) {
            s += rows[i][c] * x[c];
            mag += fabs(rows[i][c] * x[c]);
        }
        s = fabs(s) + 1.01 * (double)(d + 1) * U * mag;
        if (s > res)
            res = s;
    }
    *e = 2.0 * inv * (res + rmax * x1) + 4.0 * U * x1;
    return isfinite(*e) ? 0 : -1;
}

static int
solve_tight(double *x, double *e, const rc_poly *p, const uint64_t *z,
            const double *row, double row_err, double *work)
{
    BY_DIMENSION(p->n + 1, return solve_tight_d(x, e, p, z, row, row_err,
                                                work, d_))
}

/* The generator on the hyperplane between generators gp (value > 0) and
 * gn (value < 0) of an edge of p, and its error bound (see the top). */
static int
new_generator(double *x, double *e, const rc_poly *p, size_t gp, size_t gn,
              const double *vals, const double *bounds, const double *row,
              double row_err, const uint64_t *z, double *work)
{
    size_t d = p->n + 1, c;
    const double *Gp = p->gens + gp * d, *Gn = p->gens + gn * d;
    double vp = vals[gp], vn = vals[gn];
    double bp = 2.0 * bounds[gp], bn = 2.0 * bounds[gn];
    double ep = p->err[gp], en = p->err[gn], span = 0.0, big = 0.0;
    int vp_vertex = Gp[0] > 0.0, vn_vertex = Gn[0] > 0.0;

    for (c = 1; c < d; c++) {
        if (fabs(Gn[c] - Gp[c]) > span)
            span = fabs(Gn[c] - Gp[c]);
        if (fabs(Gp[c]) > big)
            big = fabs(Gp[c]);
        if (fabs(Gn[c]) > big)
            big = fabs(Gn[c]);
    }
    if (vp_vertex && vn_vertex) {
        double gap = vp - vn, lam = vp / gap, dl;
        if (!(gap > 2.0 * (bp + bn)))
            return -1;
        dl = (fabs(vn) * bp + vp * bn) / (gap * (gap - bp - bn));
        x[0] = 1.0;
        for (c = 1; c < d; c++)
            x[c] = Gp[c] + lam * (Gn[c] - Gp[c]);
        *e = (1.0 - lam) * ep + lam * en + dl * (span + ep + en)
             + 4.0 * U * big;
    } else if (vp_vertex || vn_vertex) {
        /* x = vertex + mu ray, mu = |v_vertex| / |v_ray| */
        const double *V = vp_vertex ? Gp : Gn, *R = vp_vertex ? Gn : Gp;
        double vv = fabs(vp_vertex ? vp : vn), vr = fabs(vp_vertex ? vn : vp);
        double bv = vp_vertex ? bp : bn, br = vp_vertex ? bn : bp;
        double ev = vp_vertex ? ep : en, er = vp_vertex ? en : ep, mu, dmu;
        double rmax = 0.0, xmax = 0.0;
        if (!(vr > 2.0 * br))
            return -1;
        mu = vv / vr;
        dmu = (bv + mu * br) / (vr - br);
        x[0] = 1.0;
        for (c = 1; c < d; c++) {
            x[c] = V[c] + mu * R[c];
            if (fabs(R[c]) > rmax)
                rmax = fabs(R[c]);
            if (fabs(x[c]) > xmax)
                xmax = fabs(x[c]);
        }
        *e = ev + dmu * (rmax + er) + mu * er + 4.0 * U * xmax;
    } else {
        /* Two rays: their positive combination, normalised. */
        double gap = vp - vn, lam = vp / gap, dl, D, nrm = 0.0;
        if (!(gap > 2.0 * (bp + bn)))
            return -1;
        dl = (fabs(vn) * bp + vp * bn) / (gap * (gap - bp - bn));
        x[0] = 0.0;
        for (c = 1; c < d; c++) {
            x[c] = Gp[c] + lam * (Gn[c] - Gp[c]);
            nrm += x[c] * x[c];
        }
        nrm = sqrt(nrm);
        D = ((1.0 - lam) * ep + lam * en + dl * (span + ep + en) + 4.0 * U)
            * sqrt((double)(d - 1));
        if (!(nrm > 2.0 * D))
            return -1;
        for (c = 1; c < d; c++)
            x[c] /= nrm;
        *e = 2.0 * D / (nrm - D) + 4.0 * U;
    }
    if (x[0] > 0.0 && p->s == 0 && *e > RC_CERT_RESOLVE * (big + 1.0)) {
        /* A vertex of a pointed piece is fixed by its tight rows: solving
         * them bounds its error without the parents' (no compounding).
         * Worth it only once the edge's bound has grown: most vertices
         * are a few cuts deep, and their bounds are a few ulps. */
        double e2;
        if (solve_tight(work, &e2, p, z, row, row_err, work + d) == 0
            && e2 < *e) {
            memcpy(x, work, d * sizeof *x);
            *e = e2;
        }
    }
    return isfinite(*e) ? 0 : -1;
}

void
rc_poly_scratch_clear(rc_poly_scratch *s)
{
    free(s->buf);
    s->buf = NULL;
    s->cap = 0;
}

/* At least bytes bytes of s (or of own, freed by the caller, when s is
 * NULL), 8-byte aligned. */
static void *
scratch_get(rc_poly_scratch *s, void **own, size_t bytes)
{
    if (s == NULL)
        return *own = malloc(bytes);
    if (bytes > s->cap) {
        size_t cap = bytes > 2 * s->cap ? bytes : 2 * s->cap;
        void *b = malloc(cap);
        if (b == NULL)
            return NULL;
        free(s->buf);
        s->buf = b;
        s->cap = cap;
    }
    return s->buf;
}

static rc_status
split_cert(rc_poly **neg, rc_poly **pos, const rc_poly *p,
           const double *row, double row_err, double row_l1,
           rc_owner owner, const signed char *sign,
           const double *vals, const double *bounds,
           rc_poly_scratch *scratch, int gens_only)
{
    size_t d = p->n + 1, i, a, np = 0, nn = 0, nz = 0, nnew = 0, side;
    size_t need = p->n >= p->s + 1 ? p->n - p->s - 1 : 0;
    size_t *ip = NULL, *in = NULL, *cand = NULL, ncand;
    size_t gw = rc_dd_words(p->k), pairs, w8;
    double *newg = NULL, *newe = NULL, *work = NULL;
    uint64_t *newinc = NULL, *z = NULL, *sets = NULL, *block;
    unsigned char *keep = NULL;
    void *own = NULL;
    rc_poly *q[2] = {NULL, NULL};
    rc_status st = RC_ERR_NOMEM;

    if (neg != NULL)
        *neg = NULL;
    if (pos != NULL)
        *pos = NULL;
    for (i = 0; i < p->s; i++) {
        double bd, v = value_bound(&bd, row, row_err, row_l1, p->lin + i * d,
                                   p->lerr[i], d);
        if (v != 0.0)
            return split_lineality_cert(neg, pos, p, row, row_err, row_l1,
                                        owner);
    }
    for (i = 0; i < p->k; i++) {
        np += sign[i] > 0;
        nn += sign[i] < 0;
    }
    pairs = np * nn;
    /* One block, in 8-byte words: ip, in, z (and rc_dd_adjacent_sets'
     * scratch), sets, work, newg, newe, newinc, cand, keep. */
    w8 = 2 * (p->k + 1) + (p->words + gw) + (p->m * gw + 1)
         + (3 * d * d + 8) + (pairs * d + 1) + (pairs + 1)
         + (pairs * p->words + 1) + (pairs + 1) + (p->m + 1 + 7) / 8;
    if ((block = scratch_get(scratch, &own, w8 * sizeof *block)) == NULL)
        goto done;
    ip = (size_t *)block;
    in = (size_t *)(block + (p->k + 1));
    z = block + 2 * (p->k + 1);
    sets = z + p->words + gw;
    work = (double *)(sets + p->m * gw + 1);
    newg = (double *)((uint64_t *)work + 3 * d * d + 8);
    newe = (double *)((uint64_t *)newg + pairs * d + 1);
    newinc = (uint64_t *)newe + pairs + 1;
    cand = (size_t *)(newinc + pairs * p->words + 1);
    keep = (unsigned char *)(cand + pairs + 1);
    np = nn = 0;
    for (i = 0; i < p->k; i++) {
        if (sign[i] > 0)
            ip[np++] = i;
        else if (sign[i] < 0)
            in[nn++] = i;
        else
            nz++;
    }
    rc_dd_transpose(sets, p->inc, p->words, p->k, p->m);
    ncand = rc_dd_candidates(cand, p->inc, p->words, ip, np, in, nn, need);
    for (a = 0; a < ncand; a++) {
        size_t gp = ip[cand[a] / nn], gn = in[cand[a] % nn];
        double *g;

        if (!rc_dd_adjacent_sets(sets, gw, p->inc, p->words, p->k, gp,
                                 gn, need, z, z + p->words))
            continue;
        g = newg + nnew * d;
        if (new_generator(g, &newe[nnew], p, gp, gn, vals, bounds, row,
                          row_err, z, work) != 0) {
            st = RC_ERR_NUMERIC;
            goto done;
        }
        memcpy(newinc + nnew * p->words, z, p->words * sizeof *z);
        nnew++;
    }
    for (side = 0; side < 2; side++) {
        int sg = side ? 1 : -1;
        rc_poly *s;

        if ((side ? pos : neg) == NULL)
            continue;
        s = rc_poly_side_alloc(p, row, (double)sg, owner,
                               (side ? np : nn) + nz + nnew, p->s);
        if (s == NULL || alloc_err(s, (side ? np : nn) + nz + nnew) != RC_OK) {
            rc_poly_free(s);
            st = RC_ERR_NOMEM;
            goto done;
        }
        copy_row_err(s, p, row_err);
        q[side] = s;
        if (gens_only) {
            /* every facet of p and the cut, unpruned; no incidences */
            for (i = 0; i < p->k; i++)
                if (sign[i] == sg || sign[i] == 0) {
                    memcpy(s->gens + s->k * d, p->gens + i * d, d * sizeof(double));
                    s->err[s->k++] = p->err[i];
                }
            memcpy(s->gens + s->k * d, newg, nnew * d * sizeof(double));
            memcpy(s->err + s->k, newe, nnew * sizeof(double));
            s->k += nnew;
            s->words = 0;
            memcpy(s->lin, p->lin, p->s * d * sizeof(double));
            memcpy(s->lerr, p->lerr, p->s * sizeof(double));
            continue;
        }
        for (i = 0; i < p->k; i++)
            if (sign[i] == sg || sign[i] == 0) {
                rc_poly_side_push(s, p->gens + i * d, p->inc + i * p->words,
                                  p->words, sign[i] == 0);
                s->err[s->k - 1] = p->err[i];
            }
        for (i = 0; i < nnew; i++) {
            rc_poly_side_push(s, newg + i * d, newinc + i * p->words,
                              p->words, 1);
            s->err[s->k - 1] = newe[i];
        }
        memcpy(s->lin, p->lin, p->s * d * sizeof(double));
        memcpy(s->lerr, p->lerr, p->s * sizeof(double));
        if (np > 0 && nn > 0)
            st = rc_poly_keep_rows(s, keep, rc_dd_cut_facets(keep, z, p->inc,
                                   p->words, side ? ip : in, side ? np : nn,
                                   p->m));
        else
            st = rc_poly_prune(s);
        if (st != RC_OK)
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
    free(own);
    return st;
}

rc_status
rc_poly_split_cert(rc_poly **neg, rc_poly **pos, const rc_poly *p,
                   const double *row, double row_err, double row_l1,
                   rc_owner owner, const signed char *sign,
                   const double *vals, const double *bounds,
                   rc_poly_scratch *scratch)
{
    return split_cert(neg, pos, p, row, row_err, row_l1, owner, sign, vals,
                      bounds, scratch, 0);
}

rc_status
rc_poly_split_cert_gens(rc_poly **neg, rc_poly **pos, const rc_poly *p,
                        const double *row, double row_err, double row_l1,
                        rc_owner owner, const signed char *sign,
                        const double *vals, const double *bounds,
                        rc_poly_scratch *scratch)
{
    return split_cert(neg, pos, p, row, row_err, row_l1, owner, sign, vals,
                      bounds, scratch, 1);
}
