/* lipschitz.c -- exact local Lipschitz constants and the usual bounds.
 *
 * The map is the network with effective outer layers (lipschitz.h):
 * W~_1 = W_1 diag(s) P, s = 1/range in raw coordinates and 1 otherwise,
 * P the free inputs; W~_L = rho W_L, rho = range_out (raw) or 1; W~_l = W_l
 * between.  On the region with pattern theta it is affine with Jacobian
 *     J_theta = W~_L D_{L-1} W~_{L-1} ... D_1 W~_1,
 * and the Lipschitz constant of an affine map in Euclidean norms is the
 * largest singular value of its linear part, ||J_theta||_2.  A continuous
 * piecewise-affine map on a convex domain has Lipschitz constant
 * max_theta ||J_theta||_2 over the regions with interior: a segment meets
 * finitely many regions, its slope on each piece is at most that region's
 * constant, and each constant is attained inside its region.
 *
 * The bounds (proofs in lipschitz.h):
 *     ||J|| <= sum_ij |c_ij| ||w~_{L,:i}|| ||w~_{1,j:}||
 *           <= alpha beta C^{L-2} prod_k |S_k|,
 *     ||J|| <= prod_l ||W~_l||_2 <= sigma^L,
 *     ||J|| <= sum_ok |J_ok| <= path norm <= prod_l ||W~_l||_1 <= (sum_l ||W~_l||_1)^L.
 * Singular values come from LAPACK (dgesvd through LAPACKE, opened on
 * first use: base/lapack.h), in double.
 *
 * Exact partitions: the same Jacobians in rationals from the exact weights,
 * and a certified enclosure of each norm (lipschitz.h): a Rayleigh
 * quotient below, and above a rational U with U I - J^T J semidefinite,
 * decided by exact symmetric elimination.  Floating point only proposes
 * (the top eigenvector and eigenvalue); every claim is checked in GMP. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/lapack.h"
#include "model/net_internal.h"
#include "base/rational.h"
#include "relucells/atoms.h"
#include "relucells/rational.h"
#include "relucells/lipschitz.h"

void
rc_lipschitz_opts_init(rc_lipschitz_opts *opts)
{
    opts->normalised = 0;
    opts->unit_tol = 1e-9;
    opts->cert_margin = 1e-12;
}

void
rc_lipschitz_info_init(rc_lipschitz_info *info)
{
    memset(info, 0, sizeof *info);
    info->regions = NULL;
    info->local_sq_lo = info->local_sq_hi = NULL;
    info->C = NAN;
    info->global_lo = info->global_hi = NAN;
}

void
rc_lipschitz_info_clear(rc_lipschitz_info *info)
{
    free(info->regions);
    rc_mpq_array_free(info->local_sq_lo, info->num_regions);
    rc_mpq_array_free(info->local_sq_hi, info->num_regions);
    rc_lipschitz_info_init(info);
}

rc_status
rc_lipschitz_spectral_norm(double *norm, const double *A, size_t rows,
                           size_t cols, rc_error *err)
{
    size_t i, k = rows < cols ? rows : cols;
    double *copy, *s, *superb, dummy = 0.0;
    const rc_lapack *la;
    lapack_int info;
    rc_status st;

    *norm = 0.0;
    for (i = 0; i < rows * cols; i++)
        if (!isfinite(A[i]))
            return rc_error_set(err, RC_ERR_ARG,
                                "matrix entry (%zu, %zu) is not finite",
                                i / cols + 1, i % cols + 1);
    if (k == 0)
        return RC_OK;
    if (rows > (size_t)INT32_MAX || cols > (size_t)INT32_MAX)
        return rc_error_set(err, RC_ERR_NOMEM, "matrix too large for LAPACK");
    if ((st = rc_lapack_get(&la, err)) != RC_OK)
        return st;
    copy = malloc(rows * cols * sizeof *copy);
    s = malloc(k * sizeof *s);
    superb = malloc(k * sizeof *superb);
    if (!copy || !s || !superb) {
        free(copy);
        free(s);
        free(superb);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    memcpy(copy, A, rows * cols * sizeof *copy);
    /* Singular values only: U and V^T are not referenced. */
    info = la->dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)rows,
                          (lapack_int)cols, copy, (lapack_int)cols, s, &dummy,
                          1, &dummy, 1, superb);
    if (info == 0)
        *norm = s[0];   /* singular values come in decreasing order */
    free(copy);
    free(s);
    free(superb);
    if (info != 0)
        return rc_error_set(err, RC_ERR_NUMERIC,
                            "LAPACK dgesvd failed (info %d) on a %zu x %zu matrix",
                            (int)info, rows, cols);
    return RC_OK;
}

/* The effective network: matrices eff[l] of rows[l] x cols[l]. */
typedef struct eff_net {
    size_t L, d, m, maxw;
    size_t *rows, *cols;
    double **W;
} eff_net;

static void
eff_clear(eff_net *e)
{
    size_t l;

    for (l = 0; e->W != NULL && l < e->L; l++)
        free(e->W[l]);
    free(e->W);
    free(e->rows);
    free(e->cols);
}

static rc_status
eff_build(eff_net *e, const rc_net *net, const rc_partition *part,
          int normalised, rc_error *err)
{
    size_t L = rc_net_num_layers(net), l, i, k;
    const double *range = rc_net_input_range(net);
    double rho = normalised ? 1.0 : rc_net_output_range(net);

    memset(e, 0, sizeof *e);
    e->L = L;
    e->d = rc_partition_dim(part);
    e->m = rc_net_num_outputs(net);
    e->rows = calloc(L, sizeof *e->rows);
    e->cols = calloc(L, sizeof *e->cols);
    e->W = calloc(L, sizeof *e->W);
    if (!e->rows || !e->cols || !e->W)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    e->maxw = e->d;
    for (l = 0; l < L; l++) {
        size_t N = rc_net_layer_size(net, l), n_in = l ? rc_net_layer_size(net, l - 1)
                                                          : rc_net_num_inputs(net);
        const double *W = rc_net_weights(net, l);

        e->rows[l] = N;
        e->cols[l] = l ? n_in : e->d;
        if (N > e->maxw)
            e->maxw = N;
        e->W[l] = malloc((N * e->cols[l] + 1) * sizeof **e->W);
        if (e->W[l] == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        for (i = 0; i < N; i++)
            for (k = 0; k < e->cols[l]; k++) {
                double w;
                if (l == 0) {
                    size_t f = rc_partition_free_input(part, k);
                    w = W[i * n_in + f] * (normalised ? 1.0 : 1.0 / range[f]);
                } else {
                    w = W[i * n_in + k];
                }
                if (l + 1 == L)
                    w *= rho;
                if (!isfinite(w))
                    return rc_error_set(err, RC_ERR_NUMERIC,
                                        "weight %zu %zu of layer %zu is not "
                                        "finite once scaled", i + 1, k + 1, l + 1);
                e->W[l][i * e->cols[l] + k] = w;
            }
    }
    return RC_OK;
}

/* The figures that do not depend on the region. */
static rc_status
global_bounds(rc_lipschitz_info *info, double *colnorm, double *rownorm,
              const eff_net *e, double unit_tol, rc_error *err)
{
    size_t L = e->L, l, i, k;
    double *v = calloc(e->maxw + 1, sizeof *v), *nv = calloc(e->maxw + 1, sizeof *nv);
    double l1 = 0.0, *W;
    rc_status st = RC_OK;

    if (!v || !nv) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    info->spectral_product = 1.0;
    info->sigma = 0.0;
    for (l = 0; l < L; l++) {
        double s;
        if ((st = rc_lipschitz_spectral_norm(&s, e->W[l], e->rows[l], e->cols[l],
                                             err)) != RC_OK)
            goto done;
        info->spectral_product *= s;
        info->sigma = fmax(info->sigma, s);
        for (i = 0; i < e->rows[l] * e->cols[l]; i++)
            l1 += fabs(e->W[l][i]);
    }
    info->sigma_power = pow(info->sigma, (double)L);
    info->l1_power = pow(l1, (double)L);
    /* Path norm: v_0 = 1, v_l = |W~_l| v_{l-1}, sum of v_L. */
    for (k = 0; k < e->d; k++)
        v[k] = 1.0;
    for (l = 0; l < L; l++) {
        W = e->W[l];
        for (i = 0; i < e->rows[l]; i++) {
            double s = 0.0;
            for (k = 0; k < e->cols[l]; k++)
                s += fabs(W[i * e->cols[l] + k]) * v[k];
            nv[i] = s;
        }
        memcpy(v, nv, e->rows[l] * sizeof *v);
    }
    info->path_norm = 0.0;
    for (i = 0; i < e->m; i++)
        info->path_norm += v[i];
    /* C over the middle layers. */
    info->C = L > 2 ? 0.0 : NAN;
    for (l = 1; l + 1 < L; l++)
        for (i = 0; i < e->rows[l] * e->cols[l]; i++)
            info->C = fmax(info->C, fabs(e->W[l][i]));
    /* Column norms of W~_L, row norms of W~_1. */
    W = e->W[L - 1];
    info->alpha = 0.0;
    info->unit_columns = 1;
    for (k = 0; k < e->cols[L - 1]; k++) {
        double s = 0.0;
        for (i = 0; i < e->m; i++)
            s += W[i * e->cols[L - 1] + k] * W[i * e->cols[L - 1] + k];
        colnorm[k] = sqrt(s);
        info->alpha = fmax(info->alpha, colnorm[k]);
        info->unit_columns &= fabs(colnorm[k] - 1.0) <= unit_tol;
    }
    W = e->W[0];
    info->beta = 0.0;
    info->unit_rows = 1;
    for (i = 0; i < e->rows[0]; i++) {
        double s = 0.0;
        for (k = 0; k < e->d; k++)
            s += W[i * e->d + k] * W[i * e->d + k];
        rownorm[i] = sqrt(s);
        info->beta = fmax(info->beta, rownorm[i]);
        info->unit_rows &= fabs(rownorm[i] - 1.0) <= unit_tol;
    }
done:
    free(v);
    free(nv);
    return st;
}

/* J = W~_L D_{L-1} ... D_1 W~_1 (m x d) for pattern, using buffers a, b of
 * maxw x d. */
static void
jacobian(double *J, const eff_net *e, const unsigned char *pattern,
         double *a, double *b)
{
    size_t L = e->L, d = e->d, l, i, j, k, off = 0;

    if (L == 1) {
        memcpy(J, e->W[0], e->m * d * sizeof *J);
        return;
    }
    for (i = 0; i < e->rows[0]; i++)
        for (k = 0; k < d; k++)
            a[i * d + k] = pattern[i] ? e->W[0][i * d + k] : 0.0;
    off = e->rows[0];
    for (l = 1; l < L; l++) {
        size_t rows = e->rows[l], cols = e->cols[l];
        const double *W = e->W[l];
        double *out = l + 1 == L ? J : b;
        for (i = 0; i < rows; i++) {
            int active = l + 1 == L || pattern[off + i];
            for (k = 0; k < d; k++)
                out[i * d + k] = 0.0;
            if (!active)
                continue;
            for (j = 0; j < cols; j++) {
                double w = W[i * cols + j];
                if (w == 0.0)
                    continue;
                for (k = 0; k < d; k++)
                    out[i * d + k] += w * a[j * d + k];
            }
        }
        if (l + 1 < L) {
            double *t = a;
            a = b;
            b = t;
            off += rows;
        }
    }
}

/* ---- exact mode ---------------------------------------------------------- */

/* x^2 compared with q, exactly. */
static int
cmp_square(double x, const mpq_t q, mpq_t t)
{
    if (!isfinite(x))
        return 1;   /* beyond any rational */
    mpq_set_d(t, x);
    mpq_mul(t, t, t);
    return mpq_cmp(t, q);
}

/* The largest double whose square is <= q (up = 0), or the smallest whose
 * square is >= q (up = 1); q >= 0.  The start, sqrt of the 2-exponent forms
 * of q, is within a few units in the last place; far from it (results
 * below the normal range) the steps double so the loops stay short. */
static double
sqrt_outward(const mpq_t q, int up)
{
    long en, ed;
    double nm, dm, x;
    mpq_t t;
    int i;

    if (mpq_sgn(q) <= 0)
        return 0.0;
    nm = mpz_get_d_2exp(&en, mpq_numref(q));
    dm = mpz_get_d_2exp(&ed, mpq_denref(q));
    if ((en - ed) % 2 != 0) {
        nm *= 2.0;
        en--;
    }
    if ((en - ed) / 2 > DBL_MAX_EXP)
        return up ? INFINITY : DBL_MAX;
    x = ldexp(sqrt(nm / dm), (int)((en - ed) / 2));
    mpq_init(t);
    if (up) {
        for (i = 0; cmp_square(x, q, t) < 0; i++)
            x = i < 8 ? nextafter(x, INFINITY) : 2.0 * x + DBL_TRUE_MIN;
        for (i = 0; i < 64 && x > 0.0 && cmp_square(nextafter(x, 0.0), q, t) >= 0; i++)
            x = nextafter(x, 0.0);
    } else {
        for (i = 0; cmp_square(x, q, t) > 0; i++)
            x = i < 8 ? nextafter(x, 0.0) : 0.5 * x;
        for (i = 0; i < 64 && x < DBL_MAX && cmp_square(nextafter(x, INFINITY), q, t) <= 0; i++)
            x = nextafter(x, INFINITY);
    }
    mpq_clear(t);
    return x;
}

/* Is the symmetric k x k matrix M positive semidefinite?  Symmetric
 * elimination with diagonal pivots in rationals (LDL^T): a negative pivot
 * refutes it; a zero pivot is fine only with the rest of its row zero (else
 * a 2 x 2 principal minor (0 b; b c) is negative); a positive pivot leaves
 * a Schur complement that is semidefinite iff M is.  M is overwritten. */
static int
is_psd_q(mpq_t *M, size_t k)
{
    size_t p, i, j;
    mpq_t l, t;
    int ok = 1;

    mpq_init(l);
    mpq_init(t);
    for (p = 0; p < k && ok; p++) {
        int s = mpq_sgn(M[p * k + p]);
        if (s < 0) {
            ok = 0;
        } else if (s == 0) {
            for (j = p + 1; j < k; j++)
                if (mpq_sgn(M[p * k + j]) != 0)
                    ok = 0;
        } else {
            for (i = p + 1; i < k; i++) {
                if (mpq_sgn(M[i * k + p]) == 0)
                    continue;
                mpq_div(l, M[i * k + p], M[p * k + p]);
                for (j = p + 1; j < k; j++) {
                    mpq_mul(t, l, M[p * k + j]);
                    mpq_sub(M[i * k + j], M[i * k + j], t);
                }
            }
        }
    }
    mpq_clear(l);
    mpq_clear(t);
    return ok;
}

/* Is U I - G semidefinite?  (M: k x k work space.) */
static int
bounds_top_eigenvalue(const mpq_t U, const mpq_t *G, mpq_t *M, size_t k)
{
    size_t i;

    for (i = 0; i < k * k; i++)
        mpq_neg(M[i], G[i]);
    for (i = 0; i < k; i++)
        mpq_add(M[i * k + i], M[i * k + i], U);
    return is_psd_q(M, k);
}

/* lo2 <= lambda_max(G) <= hi2 for the semidefinite Gram matrix G (k x k,
 * k >= 2): see the top of lipschitz.h. */
static rc_status
certify_gram(mpq_t lo2, mpq_t hi2, const mpq_t *G, size_t k, double margin,
             rc_error *err)
{
    double *Gd = malloc(k * k * sizeof *Gd), *w = malloc(k * sizeof *w), lam, delta;
    mpq_t *M = rc_mpq_array_new(k * k), *v = rc_mpq_array_new(k), num, den, t, U;
    rc_status st = RC_OK;
    const rc_lapack *la;
    lapack_int info;
    size_t i, j;
    int done = 0;

    mpq_init(num);
    mpq_init(den);
    mpq_init(t);
    mpq_init(U);
    if (!Gd || !w || !M || !v) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((st = rc_lapack_get(&la, err)) != RC_OK)
        goto out;
    for (i = 0; i < k * k; i++)
        Gd[i] = rc_q_get_d(G[i]);
    info = la->dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)k, Gd,
                         (lapack_int)k, w);
    if (info != 0) {
        st = rc_error_set(err, RC_ERR_NUMERIC, "LAPACK dsyev failed (info %d) "
                          "on a %zu x %zu Gram matrix", (int)info, k, k);
        goto out;
    }
    /* Eigenvalues ascend; the last column holds the top eigenvector. */
    lam = w[k - 1] > 0.0 ? w[k - 1] : 0.0;
    for (i = 0; i < k; i++)
        mpq_set_d(v[i], isfinite(Gd[i * k + k - 1]) ? Gd[i * k + k - 1] : 0.0);
    for (i = 0; i < k; i++) {
        mpq_mul(t, v[i], v[i]);
        mpq_add(den, den, t);
        for (j = 0; j < k; j++) {
            mpq_mul(t, v[i], G[i * k + j]);
            mpq_mul(t, t, v[j]);
            mpq_add(num, num, t);
        }
    }
    if (mpq_sgn(den) > 0)
        mpq_div(lo2, num, den);
    else
        mpq_set_ui(lo2, 0, 1);
    /* Candidates: lo2 itself (then the value is exact), then above the
     * float eigenvalue by growing margins, and at last the trace. */
    if (bounds_top_eigenvalue(lo2, G, M, k)) {
        mpq_set(hi2, lo2);
        done = 1;
    }
    for (delta = margin; !done && delta < 1.0; delta *= 32.0) {
        double u = lam * (1.0 + delta);
        if (!isfinite(u))
            break;
        mpq_set_d(U, u);
        if (mpq_cmp(U, lo2) >= 0 && bounds_top_eigenvalue(U, G, M, k)) {
            mpq_set(hi2, U);
            done = 1;
        }
    }
    if (!done) {
        mpq_set_ui(hi2, 0, 1);
        for (i = 0; i < k; i++)
            mpq_add(hi2, hi2, G[i * k + i]);
    }
out:
    free(Gd);
    free(w);
    rc_mpq_array_free(M, k * k);
    rc_mpq_array_free(v, k);
    mpq_clear(num);
    mpq_clear(den);
    mpq_clear(t);
    mpq_clear(U);
    return st;
}

rc_status
rc_lipschitz_spectral_norm_q(mpq_t lo2, mpq_t hi2, double *lo, double *hi,
                             const mpq_t *A, size_t rows, size_t cols,
                             double margin, rc_error *err)
{
    size_t k = rows < cols ? rows : cols, i, j, c;
    mpq_t *G = NULL, t;
    rc_status st = RC_OK;

    if (!(margin > 0.0) || !isfinite(margin))
        return rc_error_set(err, RC_ERR_ARG, "certification margin %g is not "
                            "a positive number", margin);
    mpq_init(t);
    mpq_set_ui(lo2, 0, 1);
    if (k <= 1) {
        /* A vector: ||A||_2^2 = sum of squares, exactly. */
        for (i = 0; i < rows * cols; i++) {
            mpq_mul(t, A[i], A[i]);
            mpq_add(lo2, lo2, t);
        }
        mpq_set(hi2, lo2);
    } else {
        if ((G = rc_mpq_array_new(k * k)) == NULL) {
            st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            goto out;
        }
        /* G = A A^T when rows <= cols, else A^T A. */
        for (i = 0; i < k; i++)
            for (j = i; j < k; j++) {
                for (c = 0; c < (rows <= cols ? cols : rows); c++) {
                    if (rows <= cols)
                        mpq_mul(t, A[i * cols + c], A[j * cols + c]);
                    else
                        mpq_mul(t, A[c * cols + i], A[c * cols + j]);
                    mpq_add(G[i * k + j], G[i * k + j], t);
                }
                mpq_set(G[j * k + i], G[i * k + j]);
            }
        if ((st = certify_gram(lo2, hi2, (const mpq_t *)G, k, margin, err)) != RC_OK)
            goto out;
    }
    if (lo)
        *lo = sqrt_outward(lo2, 0);
    if (hi)
        *hi = sqrt_outward(hi2, 1);
out:
    rc_mpq_array_free(G, k * k);
    mpq_clear(t);
    return st;
}

/* The effective network of eff_build in rationals, from the exact weights. */
typedef struct eff_net_q {
    size_t L, d, m, maxw;
    size_t *rows, *cols;
    mpq_t **W;
} eff_net_q;

static void
eff_q_clear(eff_net_q *e)
{
    size_t l;

    for (l = 0; e->W != NULL && l < e->L; l++)
        rc_mpq_array_free(e->W[l], e->rows[l] * e->cols[l]);
    free(e->W);
    free(e->rows);
    free(e->cols);
}

static rc_status
eff_q_build(eff_net_q *e, const rc_net *net, const rc_partition *part,
            int normalised, rc_error *err)
{
    size_t L = net->num_layers, l, i, k;

    memset(e, 0, sizeof *e);
    e->L = L;
    e->d = rc_partition_dim(part);
    e->m = net->sizes[L];
    e->rows = calloc(L, sizeof *e->rows);
    e->cols = calloc(L, sizeof *e->cols);
    e->W = calloc(L, sizeof *e->W);
    if (!e->rows || !e->cols || !e->W)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    e->maxw = e->d;
    for (l = 0; l < L; l++) {
        size_t N = net->sizes[l + 1], n_in = net->sizes[l];
        mpq_t *W = net->weights_q[l];

        e->cols[l] = l ? n_in : e->d;
        if (N > e->maxw)
            e->maxw = N;
        if ((e->W[l] = rc_mpq_array_new(N * e->cols[l])) == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        e->rows[l] = N;   /* set with W[l], for eff_q_clear */
        for (i = 0; i < N; i++)
            for (k = 0; k < e->cols[l]; k++) {
                mpq_ptr w = e->W[l][i * e->cols[l] + k];
                if (l == 0) {
                    size_t f = rc_partition_free_input(part, k);
                    mpq_set(w, W[i * n_in + f]);
                    if (!normalised)
                        mpq_div(w, w, net->in_range_q[f]);
                } else {
                    mpq_set(w, W[i * n_in + k]);
                }
                if (l + 1 == L && !normalised)
                    mpq_mul(w, w, net->out_range_q);
            }
    }
    return RC_OK;
}

/* J = W~_L D_{L-1} ... D_1 W~_1 (m x d) exactly, with buffers a, b of
 * maxw x d rationals. */
static void
jacobian_q(mpq_t *J, const eff_net_q *e, const unsigned char *pattern,
           mpq_t *a, mpq_t *b, mpq_t t)
{
    size_t L = e->L, d = e->d, l, i, j, k, off;

    if (L == 1) {
        for (i = 0; i < e->m * d; i++)
            mpq_set(J[i], e->W[0][i]);
        return;
    }
    for (i = 0; i < e->rows[0]; i++)
        for (k = 0; k < d; k++) {
            if (pattern[i])
                mpq_set(a[i * d + k], e->W[0][i * d + k]);
            else
                mpq_set_ui(a[i * d + k], 0, 1);
        }
    off = e->rows[0];
    for (l = 1; l < L; l++) {
        size_t rows = e->rows[l], cols = e->cols[l];
        mpq_t *W = e->W[l], *out = l + 1 == L ? J : b;
        for (i = 0; i < rows; i++) {
            int active = l + 1 == L || pattern[off + i];
            for (k = 0; k < d; k++)
                mpq_set_ui(out[i * d + k], 0, 1);
            if (!active)
                continue;
            for (j = 0; j < cols; j++) {
                if (mpq_sgn(W[i * cols + j]) == 0)
                    continue;
                for (k = 0; k < d; k++) {
                    mpq_mul(t, W[i * cols + j], a[j * d + k]);
                    mpq_add(out[i * d + k], out[i * d + k], t);
                }
            }
        }
        if (l + 1 < L) {
            mpq_t *tmp = a;
            a = b;
            b = tmp;
            off += rows;
        }
    }
}

/* The certified figures of every region of an exact partition. */
static rc_status
certify_regions(rc_lipschitz_info *info, const rc_net *net,
                const rc_partition *part, const rc_lipschitz_opts *opts,
                rc_error *err)
{
    eff_net_q e;
    size_t R = info->num_regions, r, best = 0;
    mpq_t *J = NULL, *a = NULL, *b = NULL, t;
    rc_status st;

    mpq_init(t);
    if ((st = eff_q_build(&e, net, part, info->normalised, err)) != RC_OK)
        goto done;
    J = rc_mpq_array_new(e.m * e.d);
    a = rc_mpq_array_new(e.maxw * e.d);
    b = rc_mpq_array_new(e.maxw * e.d);
    info->local_sq_lo = rc_mpq_array_new(R);
    info->local_sq_hi = rc_mpq_array_new(R);
    if (!J || !a || !b || !info->local_sq_lo || !info->local_sq_hi) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    info->exact = 1;
    info->global_lo = info->global_hi = 0.0;
    info->global_exact = R > 0;
    for (r = 0; r < R; r++) {
        rc_lipschitz_region *g = &info->regions[r];
        jacobian_q(J, &e, rc_region_pattern(rc_partition_region(part, r)), a, b, t);
        if ((st = rc_lipschitz_spectral_norm_q(info->local_sq_lo[r],
                                               info->local_sq_hi[r], &g->local_lo,
                                               &g->local_hi, (const mpq_t *)J,
                                               e.m, e.d, opts->cert_margin,
                                               err)) != RC_OK)
            goto done;
        info->global_lo = fmax(info->global_lo, g->local_lo);
        info->global_hi = fmax(info->global_hi, g->local_hi);
        if (r == 0 || mpq_cmp(info->local_sq_lo[r], info->local_sq_lo[best]) > 0)
            best = r;
    }
    /* Exactly known when the best lower bound is an exact value that no
     * other region's upper bound exceeds. */
    for (r = 0; r < R && info->global_exact; r++)
        if (mpq_cmp(info->local_sq_hi[r], info->local_sq_lo[best]) > 0)
            info->global_exact = 0;
    info->argmax = best;
    st = RC_OK;
done:
    mpq_clear(t);
    eff_q_clear(&e);
    rc_mpq_array_free(J, e.m * e.d);
    rc_mpq_array_free(a, e.maxw * e.d);
    rc_mpq_array_free(b, e.maxw * e.d);
    return st;
}

rc_status
rc_lipschitz_compute(rc_lipschitz_info *info, const rc_net *net,
                     const rc_partition *part, const rc_lipschitz_opts *opts,
                     rc_error *err)
{
    rc_lipschitz_opts defaults;
    eff_net e = {0, 0, 0, 0, NULL, NULL, NULL};
    size_t L = rc_net_num_layers(net), R, r, l, k, p, q;
    double *colnorm = NULL, *rownorm = NULL, *J = NULL, *a = NULL, *b = NULL;
    rc_atoms *atoms = NULL;
    rc_status st;

    if (opts == NULL) {
        rc_lipschitz_opts_init(&defaults);
        opts = &defaults;
    }
    rc_lipschitz_info_clear(info);
    info->normalised = opts->normalised != 0;
    if (rc_partition_pattern_length(part) != rc_net_num_neurons(net)
        || rc_partition_num_outputs(part) != rc_net_num_outputs(net)
        || rc_partition_num_hidden(part) != L - 1
        || rc_partition_dim(part) > rc_net_num_inputs(net))
        return rc_error_set(err, RC_ERR_ARG,
                            "the partition was not computed on this network");
    for (k = 0; k < rc_partition_dim(part); k++)
        if (rc_partition_free_input(part, k) >= rc_net_num_inputs(net))
            return rc_error_set(err, RC_ERR_ARG,
                                "the partition was not computed on this network");
    if ((st = eff_build(&e, net, part, info->normalised, err)) != RC_OK)
        goto fail;
    R = rc_partition_num_regions(part);
    colnorm = malloc((e.cols[L - 1] + 1) * sizeof *colnorm);
    rownorm = malloc((e.rows[0] + 1) * sizeof *rownorm);
    J = malloc((e.m * e.d + 1) * sizeof *J);
    a = malloc((e.maxw * e.d + 1) * sizeof *a);
    b = malloc((e.maxw * e.d + 1) * sizeof *b);
    info->regions = calloc(R + 1, sizeof *info->regions);
    if (!colnorm || !rownorm || !J || !a || !b || !info->regions) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if ((st = global_bounds(info, colnorm, rownorm, &e, opts->unit_tol, err)) != RC_OK)
        goto fail;
    info->num_regions = R;
    info->max_atom_sum = info->max_atom_bound = L > 1 ? 0.0 : NAN;
    for (r = 0; r < R; r++) {
        const unsigned char *pat = rc_region_pattern(rc_partition_region(part, r));
        rc_lipschitz_region *g = &info->regions[r];

        jacobian(J, &e, pat, a, b);
        if ((st = rc_lipschitz_spectral_norm(&g->local, J, e.m, e.d, err)) != RC_OK)
            goto fail;
        if (g->local > info->global || r == 0) {
            info->global = g->local;
            info->argmax = r;
        }
        g->atom_sum = g->atom_bound = NAN;
        g->local_lo = g->local_hi = NAN;
        if (L < 2)
            continue;
        if ((st = rc_atoms_new(&atoms, net, pat, err)) != RC_OK)
            goto fail;
        {
            size_t nf = rc_atoms_num_first(atoms), nl = rc_atoms_num_last(atoms);
            const size_t *first = rc_atoms_first(atoms), *last = rc_atoms_last(atoms);
            const double *c = rc_atoms_coefficients(atoms);
            double s = 0.0, prod = 1.0;
            size_t off = 0;

            for (p = 0; p < nl; p++)
                for (q = 0; q < nf; q++)
                    s += fabs(c[p * nf + q]) * colnorm[last[p]] * rownorm[first[q]];
            g->atom_sum = s;
            for (l = 0; l + 1 < L; l++) {
                size_t N = rc_net_layer_size(net, l), cnt = 0;
                for (k = 0; k < N; k++)
                    cnt += pat[off + k];
                prod *= (double)cnt;
                off += N;
            }
            g->atom_bound = info->alpha * info->beta
                            * (L > 2 ? pow(info->C, (double)(L - 2)) : 1.0) * prod;
        }
        rc_atoms_free(atoms);
        atoms = NULL;
        info->max_atom_sum = fmax(info->max_atom_sum, g->atom_sum);
        info->max_atom_bound = fmax(info->max_atom_bound, g->atom_bound);
    }
    if (rc_partition_is_exact(part)
        && (st = certify_regions(info, net, part, opts, err)) != RC_OK)
        goto fail;
    st = RC_OK;
    goto done;
fail:
    rc_lipschitz_info_clear(info);
done:
    rc_atoms_free(atoms);
    eff_clear(&e);
    free(colnorm);
    free(rownorm);
    free(J);
    free(a);
    free(b);
    return st;
}
