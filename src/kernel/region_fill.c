/* region_fill.c -- the last step of completing a region: an interior
 * point and the Chebyshev ball, in either arithmetic; see region_fill.h.
 *
 * The Chebyshev LP is solved in a local frame x = c + sigma w, with c the
 * mean of the region's vertices and sigma a power of two near its extent,
 * so that its numbers are of order one whatever the scale of the region:
 * a region 1e-300 wide far from the origin has a radius as exact as one of
 * width 1.  In exact mode the rows of the local frame are computed from
 * the exact facets (each scaled by a power of two before it becomes a
 * double), the radius is informative only, and the interior point that
 * matters is rational with a certified margin. */
#include <math.h>
#include <stdlib.h>

#include "base/error_internal.h"
#include "base/tolerances.h"
#include "base/rational.h"
#include "kernel/region_fill.h"
#include "lp/lp_cdd.h"
#include "lp/lp_glpk.h"

/* The vertex mean (the origin when there is no vertex) and a power of two
 * near the vertices' spread (typical when they do not spread). */
static void
local_frame(double *c, double *sigma, const rc_region *r, double typical)
{
    size_t n = r->dim, j, g;
    double spread = 0.0;
    int e;

    for (j = 0; j < n; j++) {
        double s = 0.0;
        for (g = 0; g < r->nv; g++)
            s += r->vertices[g * n + j] / (double)r->nv;
        c[j] = r->nv ? s : 0.0;
    }
    for (g = 0; g < r->nv; g++)
        for (j = 0; j < n; j++) {
            double t = fabs(r->vertices[g * n + j] - c[j]);
            if (t > spread)
                spread = t;
        }
    if (!(spread > 0.0) || !isfinite(spread) || r->nr > 0 || r->nl > 0)
        spread = spread > typical ? spread : typical;
    frexp(spread, &e);
    *sigma = ldexp(1.0, e);
}

/* Can the local frame be used (no vertex coordinate overflowed)? */
static int
frame_ok(const double *c, double sigma, size_t n)
{
    size_t j;

    if (!(sigma > 0.0) || !isfinite(sigma))
        return 0;
    for (j = 0; j < n; j++)
        if (!isfinite(c[j]))
            return 0;
    return 1;
}

/* Solve the LP on rows A w <= rhs (unit normals) and map back. */
static rc_status
solve_local(rc_region *r, const double *A, const double *rhs, const double *c,
            double sigma, double cap_w, rc_enum_stats *stats, rc_error *err)
{
    size_t n = r->dim, j;
    double *w = malloc((n + 1) * sizeof *w), radius;
    rc_status st;

    if (w == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    st = rc_lp_chebyshev(w, &radius, A, rhs, r->num_facets, n, cap_w, err);
    stats->lp_calls++;
    if (st == RC_OK) {
        for (j = 0; j < n; j++)
            r->point[j] = c[j] + sigma * w[j];
        if (!r->bounded && radius >= cap_w * (1 - RC_TOL_AT_CAP))
            r->radius = INFINITY;
        else
            r->radius = radius * sigma;
    }
    free(w);
    return st;
}

/* The mean of the vertices plus the rays: interior when the region has
 * interior (up to rounding). */
static void
generator_mean(rc_region *r)
{
    size_t n = r->dim, i, j;

    for (j = 0; j < n; j++) {
        double s = 0.0;
        for (i = 0; i < r->nv; i++)
            s += r->vertices[i * n + j] / (double)r->nv;
        for (i = 0; i < r->nr; i++)
            s += r->rays[i * n + j];
        r->point[j] = s;
    }
}

rc_status
rc_region_fill_float(rc_region *r, double typical, const rc_enum_opts *opts,
                     rc_enum_stats *stats, rc_error *err)
{
    size_t n = r->dim, m = r->num_facets, i, j;
    double *c, *A, *rhs, sigma, cap_w;
    rc_status st;

    if (!opts->chebyshev) {
        generator_mean(r);
        return RC_OK;
    }
    c = malloc((n + 1) * sizeof *c);
    A = malloc((m * n + 1) * sizeof *A);
    rhs = malloc((m + 1) * sizeof *rhs);
    if (!c || !A || !rhs) {
        free(c);
        free(A);
        free(rhs);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    local_frame(c, &sigma, r, typical);
    if (!frame_ok(c, sigma, n)) {
        free(c);
        free(A);
        free(rhs);
        r->radius = NAN;
        generator_mean(r);
        return RC_OK;
    }
    for (i = 0; i < m; i++) {
        double s = r->facet_b[i];
        for (j = 0; j < n; j++) {
            A[i * n + j] = r->facet_a[i * n + j];
            s -= r->facet_a[i * n + j] * c[j];
        }
        rhs[i] = s / sigma;
    }
    cap_w = 4.0 * (double)n * typical / sigma;
    if (r->bounded)
        cap_w *= 2.0;
    st = solve_local(r, A, rhs, c, sigma, cap_w, stats, err);
    free(c);
    free(A);
    free(rhs);
    if (st == RC_ERR_LP || st == RC_ERR_NUMERIC) {
        /* The ball is informative: a region too thin for GLPK keeps its
         * generator mean as interior point and an unknown radius. */
        r->radius = NAN;
        generator_mean(r);
        st = RC_OK;
    }
    return st;
}

/* t = min_i (b_i - a_i . x) / |a_i|_1 over the exact facets of r, whose
 * a_i and b_i are integers: with x = X / D over a common denominator the
 * work stays in integers, fractions compared by cross-multiplication. */
static void
exact_margin(mpq_t t, const rc_region *r, mpq_t *x)
{
    const rc_region_exact *e = r->exact;
    size_t n = r->dim, i, j;
    mpz_t D, num, den, bn, bd, u, v, *X = malloc((n + 1) * sizeof *X);

    mpz_inits(D, num, den, bn, bd, u, v, NULL);
    mpz_set_ui(D, 1);
    for (j = 0; j < n; j++)
        mpz_lcm(D, D, mpq_denref(x[j]));
    for (j = 0; j < n && X != NULL; j++) {
        mpz_init(X[j]);
        mpz_divexact(X[j], D, mpq_denref(x[j]));
        mpz_mul(X[j], X[j], mpq_numref(x[j]));
    }
    mpz_set_si(bn, -1);
    for (i = 0; i < r->num_facets && X != NULL; i++) {
        mpz_mul(num, mpq_numref(e->facet_b[i]), D);
        mpz_set_ui(den, 0);
        for (j = 0; j < n; j++) {
            mpz_submul(num, mpq_numref(e->facet_a[i * n + j]), X[j]);
            mpz_abs(u, mpq_numref(e->facet_a[i * n + j]));
            mpz_add(den, den, u);
        }
        mpz_mul(den, den, D);
        mpz_mul(u, num, bd);
        mpz_mul(v, bn, den);
        if (i == 0 || mpz_cmp(u, v) < 0) {
            mpz_set(bn, num);
            mpz_set(bd, den);
        }
    }
    if (r->num_facets == 0 || X == NULL) {
        mpz_set_si(bn, r->num_facets == 0 ? 1 : -1);
        mpz_set_ui(bd, 1);
    }
    mpz_set(mpq_numref(t), bn);
    mpz_set(mpq_denref(t), bd);
    mpq_canonicalize(t);
    for (j = 0; j < n && X != NULL; j++)
        mpz_clear(X[j]);
    free(X);
    mpz_clears(D, num, den, bn, bd, u, v, NULL);
}

/* The mean of the exact vertices plus the exact rays: interior whenever
 * the region has interior. */
static void
exact_generator_mean(rc_region *r)
{
    rc_region_exact *e = r->exact;
    size_t n = r->dim, j, g;
    mpq_t u;

    mpq_init(u);
    mpq_set_ui(u, r->nv ? (unsigned long)r->nv : 1, 1);
    for (j = 0; j < n; j++) {
        mpq_set_ui(e->point[j], 0, 1);
        for (g = 0; g < r->nv; g++)
            mpq_add(e->point[j], e->point[j], e->vertices[g * n + j]);
        mpq_div(e->point[j], e->point[j], u);
        for (g = 0; g < r->nr; g++)
            mpq_add(e->point[j], e->point[j], e->rays[g * n + j]);
    }
    mpq_clear(u);
}

/* The Chebyshev LP of an exact region in its local frame: each row
 * a w <= (b - a c) / sigma scaled by 2^-k (its largest entry near 1)
 * before it is rounded, then to a unit normal. */
static rc_status
exact_chebyshev(rc_region *r, double typical, rc_enum_stats *stats,
                rc_error *err)
{
    const rc_region_exact *e = r->exact;
    size_t n = r->dim, m = r->num_facets, i, j;
    double *c = malloc((n + 1) * sizeof *c), *A = malloc((m * n + 1) * sizeof *A);
    double *rhs = malloc((m + 1) * sizeof *rhs), sigma, cap_w;
    mpq_t t, s;
    rc_status st = RC_OK;

    if (!c || !A || !rhs) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    local_frame(c, &sigma, r, typical);
    if (!frame_ok(c, sigma, n)) {
        r->radius = NAN;   /* the doubles cannot hold this region */
        goto done;
    }
    mpq_init(t);
    mpq_init(s);
    for (i = 0; i < m && st == RC_OK; i++) {
        long emax = LONG_MIN, ex;
        double norm = 0.0;

        for (j = 0; j < n; j++)
            if (mpq_sgn(e->facet_a[i * n + j]) != 0) {
                mpz_get_d_2exp(&ex, mpq_numref(e->facet_a[i * n + j]));
                if (ex > emax)
                    emax = ex;
            }
        /* s = (b - a . c) / sigma, all scaled by 2^-emax */
        mpq_set(s, e->facet_b[i]);
        for (j = 0; j < n; j++) {
            mpq_set_d(t, c[j]);
            mpq_mul(t, t, e->facet_a[i * n + j]);
            mpq_sub(s, s, t);
        }
        mpq_set_d(t, sigma);
        mpq_div(s, s, t);
        if (emax == LONG_MIN) {
            st = rc_error_set(err, RC_ERR_NUMERIC, "internal error: a zero facet");
            break;
        }
        for (j = 0; j < n; j++) {
            mpq_set(t, e->facet_a[i * n + j]);
            if (emax > 0)
                mpq_div_2exp(t, t, (mp_bitcnt_t)emax);
            else
                mpq_mul_2exp(t, t, (mp_bitcnt_t)(-emax));
            A[i * n + j] = rc_q_get_d(t);
            norm += A[i * n + j] * A[i * n + j];
        }
        if (emax > 0)
            mpq_div_2exp(s, s, (mp_bitcnt_t)emax);
        else
            mpq_mul_2exp(s, s, (mp_bitcnt_t)(-emax));
        norm = sqrt(norm);
        for (j = 0; j < n; j++)
            A[i * n + j] /= norm;
        rhs[i] = rc_q_get_d(s) / norm;
        if (!isfinite(rhs[i]))
            rhs[i] = rhs[i] > 0 ? 1e300 : -1e300;
    }
    mpq_clear(t);
    mpq_clear(s);
    if (st == RC_OK) {
        cap_w = 4.0 * (double)n * typical / sigma;
        if (r->bounded)
            cap_w *= 2.0;
        /* Informative only: an LP failure leaves the radius unknown. */
        if (solve_local(r, A, rhs, c, sigma, cap_w, stats, err) != RC_OK)
            r->radius = NAN;
    }
done:
    free(c);
    free(A);
    free(rhs);
    return st;
}

rc_status
rc_region_fill_exact(rc_region *r, double typical, const rc_enum_opts *opts,
                     rc_enum_stats *stats, rc_error *err)
{
    rc_region_exact *e = r->exact;
    size_t n = r->dim, j;
    rc_status st;

    if (opts->chebyshev && opts->certify_lp) {
        st = rc_lp_cdd_margin(e->point, e->margin, (const mpq_t *)e->facet_a,
                              (const mpq_t *)e->facet_b, r->num_facets, n,
                              err);
        stats->lp_calls++;
        if (st != RC_OK)
            return st;
        if (mpq_sgn(e->margin) <= 0)
            return rc_error_set(err, RC_ERR_NUMERIC,
                                "internal error: a region has no interior");
        e->has_point = 1;
    }
    if (!opts->chebyshev)
        return RC_OK;
    if ((st = exact_chebyshev(r, typical, stats, err)) != RC_OK)
        return st;
    if (e->has_point)
        return RC_OK;
    /* The Chebyshev centre read exactly, if it is certified interior;
     * else the generator mean, which is. */
    for (j = 0; j < n && !isnan(r->radius); j++)
        mpq_set_d(e->point[j], isfinite(r->point[j]) ? r->point[j] : 0.0);
    if (!isnan(r->radius))
        exact_margin(e->margin, r, e->point);
    if (isnan(r->radius) || mpq_sgn(e->margin) <= 0) {
        exact_generator_mean(r);
        exact_margin(e->margin, r, e->point);
        for (j = 0; j < n; j++)
            r->point[j] = rc_q_get_d(e->point[j]);
    }
    if (mpq_sgn(e->margin) <= 0)
        return rc_error_set(err, RC_ERR_NUMERIC,
                            "internal error: a region has no interior point");
    e->has_point = 1;
    return RC_OK;
}
