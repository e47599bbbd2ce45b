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
 * Singular values come from LAPACK (dgesvd through LAPACKE), in double. */
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "relucells/atoms.h"
#include "relucells/lipschitz.h"

void
rc_lipschitz_opts_init(rc_lipschitz_opts *opts)
{
    opts->normalised = 0;
    opts->unit_tol = 1e-9;
}

void
rc_lipschitz_info_init(rc_lipschitz_info *info)
{
    memset(info, 0, sizeof *info);
    info->regions = NULL;
    info->C = NAN;
}

void
rc_lipschitz_info_clear(rc_lipschitz_info *info)
{
    free(info->regions);
    rc_lipschitz_info_init(info);
}

rc_status
rc_lipschitz_spectral_norm(double *norm, const double *A, size_t rows,
                           size_t cols, rc_error *err)
{
    size_t i, k = rows < cols ? rows : cols;
    double *copy, *s, *superb, dummy = 0.0;
    lapack_int info;

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
    info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)rows,
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
