/* atoms.c -- the atomic decomposition of a ReLU network on a region.
 *
 * With D_k = diag(theta_k) and S_k = spt theta_k, the map on the region is
 *     M(x) = W_L D_{L-1} W_{L-1} ... W_2 D_1 W_1 x + b_theta.
 * Writing W_L D_{L-1} = sum_{i in S_{L-1}} w_{L,:i} e_i^T and D_1 W_1 =
 * sum_{j in S_1} e_j w_{1,j:} gives the atoms w_{L,:i} (x) w_{1,j:} with
 * coefficient c_ij = e_i^T D_{L-1} W_{L-1} ... W_2 D_1 e_j, the sum over
 * active paths from j to i of the products of their weights.
 *
 * Dynamic programming over layers.  Let G_l be the |S_l| x |S_1| matrix of
 * path sums from the active neurons of layer 1 to those of layer l:
 *     G_1 = I,   G_l = W_l[S_l, S_{l-1}] G_{l-1},   c = G_{L-1}.
 * The same recursion on the 0/1 matrix [W_l != 0] counts the paths along
 * non-zero weights (N_l), and on |W_l| gives the absolute path sums (the
 * scale of the rounding error of c, used by the check).  The cost is
 * sum_l |S_l| |S_{l-1}| |S_1| operations, against prod_l |S_l| paths.
 *
 * The offset follows the forward recursion of the network at x = 0:
 *     a_1 = D_1 b_1,  a_l = D_l (W_l a_{l-1} + b_l),  b_theta = W_L a_{L-1} + b_L,
 * which expands to sum_j W_L D_{L-1} ... W_{j+1} D_j b_j + b_L.
 *
 * Exact mode (rc_atoms_new_q) runs both recursions again in GMP rationals
 * from the network's exact weights; the check then compares with mpq_equal:
 * sums of products of rationals are exact, so the identity must hold to
 * the last bit, and any difference is a wrong coefficient or map. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/domain_internal.h"
#include "base/error_internal.h"
#include "model/net_internal.h"
#include "base/rational.h"
#include "relucells/atoms.h"
#include "relucells/rational.h"

struct rc_atoms {
    size_t n, m;                 /* inputs, outputs */
    size_t pattern_length;
    unsigned char *pattern;
    size_t nf, nl;               /* |S_1|, |S_{L-1}| */
    size_t *first, *last;
    double *coef;                /* nl x nf */
    double *coef_abs;            /* nl x nf: sums of |path products| */
    uint64_t *paths;             /* nl x nf */
    int saturated;
    double *out_vec;             /* nl x m: columns of W_L, one per row */
    double *in_vec;              /* nf x n: rows of W_1 */
    double *offset, *offset_abs; /* m each */
    /* Exact mode (rc_atoms_new_q), else NULL; same layouts as above. */
    mpq_t *coef_q, *out_vec_q, *in_vec_q, *offset_q;
};

void
rc_atoms_free(rc_atoms *a)
{
    if (a == NULL)
        return;
    free(a->pattern);
    free(a->first);
    free(a->last);
    free(a->coef);
    free(a->coef_abs);
    free(a->paths);
    free(a->out_vec);
    free(a->in_vec);
    free(a->offset);
    free(a->offset_abs);
    rc_mpq_array_free(a->coef_q, a->nl * a->nf);
    rc_mpq_array_free(a->out_vec_q, a->nl * a->m);
    rc_mpq_array_free(a->in_vec_q, a->nf * a->n);
    rc_mpq_array_free(a->offset_q, a->m);
    free(a);
}

static uint64_t
sat_add(uint64_t x, uint64_t y, int *sat)
{
    if (x > UINT64_MAX - y) {
        *sat = 1;
        return UINT64_MAX;
    }
    return x + y;
}

/* Indices of the active neurons among width pattern bytes. */
static size_t
support(size_t *idx, const unsigned char *bits, size_t width)
{
    size_t j, k = 0;

    for (j = 0; j < width; j++)
        if (bits[j])
            idx[k++] = j;
    return k;
}

/* The recursion G_l = W_l[S_l, S_{l-1}] G_{l-1} from G_1 = I (nf x nf),
 * over the hidden layers 2..L-1, in three arithmetics at once: the weights
 * (coefficients), their absolute values (coef_abs) and the 0/1 pattern of
 * non-zero weights in saturating integers (paths).  Stores G_{L-1}
 * (nl x nf) in a. */
static rc_status
path_sums(rc_atoms *a, const rc_net *net, size_t maxw, rc_error *err)
{
    size_t L = rc_net_num_layers(net), nf = a->nf, l, off, prev_n;
    size_t *prev = NULL, *cur = NULL;
    double *g = NULL, *gabs = NULL, *ng = NULL, *ngabs = NULL;
    uint64_t *cnt = NULL, *ncnt = NULL;
    rc_status st = RC_OK;
    size_t p, q, r;

    prev = malloc(maxw * sizeof *prev);
    cur = malloc(maxw * sizeof *cur);
    g = calloc(maxw * nf + 1, sizeof *g);
    gabs = calloc(maxw * nf + 1, sizeof *gabs);
    cnt = calloc(maxw * nf + 1, sizeof *cnt);
    ng = calloc(maxw * nf + 1, sizeof *ng);
    ngabs = calloc(maxw * nf + 1, sizeof *ngabs);
    ncnt = calloc(maxw * nf + 1, sizeof *ncnt);
    if (!prev || !cur || !g || !gabs || !cnt || !ng || !ngabs || !ncnt) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    memcpy(prev, a->first, nf * sizeof *prev);
    prev_n = nf;
    for (q = 0; q < nf; q++) {
        g[q * nf + q] = gabs[q * nf + q] = 1.0;
        cnt[q * nf + q] = 1;
    }
    off = rc_net_layer_size(net, 0);   /* pattern offset of hidden layer 2 */
    for (l = 1; l + 1 < L; l++) {
        size_t width = rc_net_layer_size(net, l), cols = rc_net_layer_size(net, l - 1);
        const double *W = rc_net_weights(net, l);
        size_t cur_n = support(cur, a->pattern + off, width);

        for (p = 0; p < cur_n; p++) {
            const double *row = W + cur[p] * cols;
            for (q = 0; q < nf; q++) {
                double s = 0.0, sa = 0.0;
                uint64_t c = 0;
                for (r = 0; r < prev_n; r++) {
                    double w = row[prev[r]];
                    s += w * g[r * nf + q];
                    sa += fabs(w) * gabs[r * nf + q];
                    if (w != 0.0)
                        c = sat_add(c, cnt[r * nf + q], &a->saturated);
                }
                ng[p * nf + q] = s;
                ngabs[p * nf + q] = sa;
                ncnt[p * nf + q] = c;
            }
        }
        { double *t = g; g = ng; ng = t; }
        { double *t = gabs; gabs = ngabs; ngabs = t; }
        { uint64_t *t = cnt; cnt = ncnt; ncnt = t; }
        { size_t *t = prev; prev = cur; cur = t; }
        prev_n = cur_n;
        off += width;
    }
    /* prev now lists S_{L-1}, which rc_atoms_new computed as a->last. */
    memcpy(a->coef, g, a->nl * nf * sizeof *g);
    memcpy(a->coef_abs, gabs, a->nl * nf * sizeof *gabs);
    memcpy(a->paths, cnt, a->nl * nf * sizeof *cnt);
done:
    free(prev);
    free(cur);
    free(g);
    free(gabs);
    free(cnt);
    free(ng);
    free(ngabs);
    free(ncnt);
    return st;
}

/* b_theta and its absolute counterpart by the forward recursion. */
static rc_status
offsets(rc_atoms *a, const rc_net *net, size_t maxw, rc_error *err)
{
    size_t L = rc_net_num_layers(net), l, i, j, off = 0;
    double *v = calloc(maxw + 1, sizeof *v), *va = calloc(maxw + 1, sizeof *va);
    double *nv = calloc(maxw + 1, sizeof *nv), *nva = calloc(maxw + 1, sizeof *nva);
    rc_status st = RC_OK;

    if (!v || !va || !nv || !nva) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* v holds the post-activations of layer l-1 at x = 0 (none for l = 0). */
    for (l = 0; l < L; l++) {
        size_t rows = rc_net_layer_size(net, l);
        size_t cols = l ? rc_net_layer_size(net, l - 1) : 0;
        const double *W = rc_net_weights(net, l), *b = rc_net_biases(net, l);

        for (i = 0; i < rows; i++) {
            double s = b[i], sa = fabs(b[i]);
            if (l + 1 < L && !a->pattern[off + i]) {
                nv[i] = nva[i] = 0.0;
                continue;
            }
            for (j = 0; j < cols; j++) {
                s += W[i * cols + j] * v[j];
                sa += fabs(W[i * cols + j]) * va[j];
            }
            nv[i] = s;
            nva[i] = sa;
        }
        { double *t = v; v = nv; nv = t; }
        { double *t = va; va = nva; nva = t; }
        if (l + 1 < L)
            off += rows;
    }
    memcpy(a->offset, v, a->m * sizeof *v);
    memcpy(a->offset_abs, va, a->m * sizeof *va);
done:
    free(v);
    free(va);
    free(nv);
    free(nva);
    return st;
}

rc_status
rc_atoms_new(rc_atoms **out, const rc_net *net, const unsigned char *pattern,
             rc_error *err)
{
    size_t L = rc_net_num_layers(net), n = rc_net_num_inputs(net);
    size_t m = rc_net_num_outputs(net), len = rc_net_num_neurons(net);
    size_t maxw = 0, l, p, q, N1, NL, last_off;
    const double *W1, *WL;
    rc_atoms *a;
    rc_status st;

    *out = NULL;
    if (L < 2)
        return rc_error_set(err, RC_ERR_ARG,
                            "a network without hidden layers has no atoms");
    for (l = 0; l < L; l++)
        if (rc_net_layer_size(net, l) > maxw)
            maxw = rc_net_layer_size(net, l);
    for (l = 0; l < len; l++)
        if (pattern[l] > 1)
            return rc_error_set(err, RC_ERR_ARG,
                                "pattern byte %zu is %u, not 0 or 1", l + 1,
                                (unsigned)pattern[l]);
    a = calloc(1, sizeof *a);
    if (a == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    a->n = n;
    a->m = m;
    a->pattern_length = len;
    N1 = rc_net_layer_size(net, 0);
    NL = rc_net_layer_size(net, L - 2);
    last_off = len - NL;
    a->pattern = malloc(len);
    a->first = malloc(N1 * sizeof *a->first);
    a->last = malloc(NL * sizeof *a->last);
    a->offset = malloc(m * sizeof *a->offset);
    a->offset_abs = malloc(m * sizeof *a->offset_abs);
    if (!a->pattern || !a->first || !a->last || !a->offset || !a->offset_abs) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    memcpy(a->pattern, pattern, len);
    a->nf = support(a->first, pattern, N1);
    a->nl = support(a->last, pattern + last_off, NL);
    /* + 1: a valid pointer even when a support is empty. */
    a->coef = malloc((a->nl * a->nf + 1) * sizeof *a->coef);
    a->coef_abs = malloc((a->nl * a->nf + 1) * sizeof *a->coef_abs);
    a->paths = malloc((a->nl * a->nf + 1) * sizeof *a->paths);
    a->out_vec = malloc((a->nl * m + 1) * sizeof *a->out_vec);
    a->in_vec = malloc((a->nf * n + 1) * sizeof *a->in_vec);
    if (!a->coef || !a->coef_abs || !a->paths || !a->out_vec || !a->in_vec) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    W1 = rc_net_weights(net, 0);
    WL = rc_net_weights(net, L - 1);
    for (q = 0; q < a->nf; q++)
        memcpy(a->in_vec + q * n, W1 + a->first[q] * n, n * sizeof *W1);
    for (p = 0; p < a->nl; p++)
        for (l = 0; l < m; l++)
            a->out_vec[p * m + l] = WL[l * NL + a->last[p]];
    if ((st = path_sums(a, net, maxw, err)) != RC_OK
        || (st = offsets(a, net, maxw, err)) != RC_OK)
        goto fail;
    *out = a;
    return RC_OK;
fail:
    rc_atoms_free(a);
    return st;
}

size_t rc_atoms_num_inputs(const rc_atoms *a) { return a->n; }
size_t rc_atoms_num_outputs(const rc_atoms *a) { return a->m; }
size_t rc_atoms_num_first(const rc_atoms *a) { return a->nf; }
const size_t *rc_atoms_first(const rc_atoms *a) { return a->first; }
size_t rc_atoms_num_last(const rc_atoms *a) { return a->nl; }
const size_t *rc_atoms_last(const rc_atoms *a) { return a->last; }
const double *rc_atoms_coefficients(const rc_atoms *a) { return a->coef; }
const uint64_t *rc_atoms_path_counts(const rc_atoms *a) { return a->paths; }
int rc_atoms_counts_saturated(const rc_atoms *a) { return a->saturated; }
const double *rc_atoms_offset(const rc_atoms *a) { return a->offset; }

const double *
rc_atoms_out_vector(const rc_atoms *a, size_t p)
{
    return a->out_vec + p * a->m;
}

const double *
rc_atoms_in_vector(const rc_atoms *a, size_t q)
{
    return a->in_vec + q * a->n;
}

/* lin = sum_pq coef[p,q] u_p v_q^T; with absolute values when abs_terms,
 * which bounds the rounding error of every way of computing lin. */
static void
outer_sum(double *lin, const rc_atoms *a, const double *coef, int abs_terms)
{
    size_t o, k, p, q, n = a->n, m = a->m;

    memset(lin, 0, m * n * sizeof *lin);
    for (p = 0; p < a->nl; p++)
        for (q = 0; q < a->nf; q++) {
            double c = coef[p * a->nf + q];
            const double *u = a->out_vec + p * m, *v = a->in_vec + q * n;
            if (c == 0.0)
                continue;
            for (o = 0; o < m; o++)
                for (k = 0; k < n; k++)
                    lin[o * n + k] += abs_terms ? c * fabs(u[o]) * fabs(v[k])
                                                : c * u[o] * v[k];
        }
}

void
rc_atoms_linear_part(double *lin, const rc_atoms *a)
{
    outer_sum(lin, a, a->coef, 0);
}

/* |x - y| relative to scale; 0/0 is 0, x/0 and NaN infinite. */
static double
rel_dev(double x, double y, double scale)
{
    double d = fabs(x - y);

    if (d == 0.0)
        return 0.0;
    if (isnan(d))
        return INFINITY;
    return scale > 0.0 ? d / scale : INFINITY;
}

rc_status
rc_atoms_check(double *lin_dev, double *off_dev, const rc_atoms *a,
               const rc_net *net, const rc_domain *dom, const rc_region *r,
               double tol, rc_error *err)
{
    size_t n = a->n, m = a->m, d, o, i, k;
    size_t lin_o = 0, lin_k = 0, off_o = 0;   /* where the worst deviations are */
    const double *mean = rc_net_input_mean(net), *range = rc_net_input_range(net);
    const double *A = rc_region_output_A(r), *c = rc_region_output_c(r);
    double rho = rc_net_output_range(net), mu = rc_net_output_mean(net);
    double *lin = NULL, *lin_abs = NULL, ld = 0.0, od = 0.0;
    int bounded = rc_domain_is_bounded(dom);
    rc_status st = RC_OK;

    if (lin_dev)
        *lin_dev = NAN;
    if (off_dev)
        *off_dev = NAN;
    if (rc_net_num_inputs(net) != n || rc_net_num_outputs(net) != m
        || rc_domain_num_inputs(dom) != n
        || rc_net_num_neurons(net) != a->pattern_length)
        return rc_error_set(err, RC_ERR_ARG,
                            "atoms, network and domain have different sizes");
    if (memcmp(rc_region_pattern(r), a->pattern, a->pattern_length) != 0)
        return rc_error_set(err, RC_ERR_ARG,
                            "the region's pattern is not the atoms' pattern");
    d = rc_domain_dim(dom);
    lin = malloc((m * n + 1) * sizeof *lin);
    lin_abs = malloc((m * n + 1) * sizeof *lin_abs);
    if (lin == NULL || lin_abs == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    outer_sum(lin, a, a->coef, 0);
    outer_sum(lin_abs, a, a->coef_abs, 1);
    for (o = 0; o < m; o++) {
        double off = a->offset[o], off_abs = a->offset_abs[o], dev;

        for (i = 0; i < n; i++) {
            double xbar = rc_domain_is_fixed(dom, i) ? rc_domain_fixed_value(dom, i) : 0.0;
            off += lin[o * n + i] * (xbar - mean[i]) / range[i];
            off_abs += lin_abs[o * n + i] * fabs(xbar - mean[i]) / fabs(range[i]);
        }
        off = rho * off + mu;
        off_abs = fabs(rho) * off_abs + fabs(mu);
        for (k = 0; k < d; k++) {
            size_t f = rc_domain_free_input(dom, k);
            double s = rho / range[f];

            dev = rel_dev(s * lin[o * n + f], A[o * d + k],
                          fabs(s) * lin_abs[o * n + f]);
            if (dev > ld) {
                ld = dev;
                lin_o = o;
                lin_k = f;
            }
            /* The enumeration evaluates the map about the box centre. */
            if (bounded)
                off_abs += fabs(A[o * d + k]) * fmax(fabs(rc_domain_lo(dom, f)),
                                                     fabs(rc_domain_hi(dom, f)));
        }
        dev = rel_dev(off, c[o], off_abs);
        if (dev > od) {
            od = dev;
            off_o = o;
        }
    }
    if (lin_dev)
        *lin_dev = ld;
    if (off_dev)
        *off_dev = od;
    if (!(ld <= tol))
        st = rc_error_set(err, RC_ERR_NUMERIC,
                          "atoms disagree with the output map: dy%zu/dx%zu: "
                          "relative deviation %.3g > %.3g", lin_o + 1,
                          lin_k + 1, ld, tol);
    else if (!(od <= tol))
        st = rc_error_set(err, RC_ERR_NUMERIC,
                          "atoms disagree with the output map: offset of y%zu: "
                          "relative deviation %.3g > %.3g", off_o + 1, od, tol);
done:
    free(lin);
    free(lin_abs);
    return st;
}

/* ---- exact mode ---------------------------------------------------------- */

/* The recursion G_l = W_l[S_l, S_{l-1}] G_{l-1} of path_sums in rationals:
 * stores G_{L-1} in a->coef_q. */
static rc_status
path_sums_q(rc_atoms *a, const rc_net *net, size_t maxw, rc_error *err)
{
    size_t L = net->num_layers, nf = a->nf, l, off, prev_n, p, q, r;
    size_t *prev = malloc((maxw + 1) * sizeof *prev), *cur = malloc((maxw + 1) * sizeof *cur);
    mpq_t *g = rc_mpq_array_new(maxw * nf), *ng = rc_mpq_array_new(maxw * nf), t;
    rc_status st = RC_OK;

    mpq_init(t);
    if (!prev || !cur || !g || !ng) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    memcpy(prev, a->first, nf * sizeof *prev);
    prev_n = nf;
    for (q = 0; q < nf; q++)
        mpq_set_ui(g[q * nf + q], 1, 1);
    off = net->sizes[1];
    for (l = 1; l + 1 < L; l++) {
        size_t width = net->sizes[l + 1], cols = net->sizes[l];
        mpq_t *W = net->weights_q[l];
        size_t cur_n = support(cur, a->pattern + off, width);

        for (p = 0; p < cur_n; p++) {
            mpq_t *row = W + cur[p] * cols;
            for (q = 0; q < nf; q++) {
                mpq_set_ui(ng[p * nf + q], 0, 1);
                for (r = 0; r < prev_n; r++) {
                    if (mpq_sgn(row[prev[r]]) == 0 || mpq_sgn(g[r * nf + q]) == 0)
                        continue;
                    mpq_mul(t, row[prev[r]], g[r * nf + q]);
                    mpq_add(ng[p * nf + q], ng[p * nf + q], t);
                }
            }
        }
        for (p = 0; p < cur_n * nf; p++)
            mpq_swap(g[p], ng[p]);
        { size_t *tmp = prev; prev = cur; cur = tmp; }
        prev_n = cur_n;
        off += width;
    }
    for (p = 0; p < a->nl * nf; p++)
        mpq_set(a->coef_q[p], g[p]);
done:
    mpq_clear(t);
    free(prev);
    free(cur);
    rc_mpq_array_free(g, maxw * nf);
    rc_mpq_array_free(ng, maxw * nf);
    return st;
}

/* b_theta by the forward recursion of offsets, in rationals. */
static rc_status
offsets_q(rc_atoms *a, const rc_net *net, size_t maxw, rc_error *err)
{
    size_t L = net->num_layers, l, i, j, off = 0;
    mpq_t *v = rc_mpq_array_new(maxw), *nv = rc_mpq_array_new(maxw), t;

    if (!v || !nv) {
        rc_mpq_array_free(v, maxw);
        rc_mpq_array_free(nv, maxw);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    mpq_init(t);
    for (l = 0; l < L; l++) {
        size_t rows = net->sizes[l + 1], cols = l ? net->sizes[l] : 0;
        mpq_t *W = net->weights_q[l], *b = net->biases_q[l];

        for (i = 0; i < rows; i++) {
            if (l + 1 < L && !a->pattern[off + i]) {
                mpq_set_ui(nv[i], 0, 1);
                continue;
            }
            mpq_set(nv[i], b[i]);
            for (j = 0; j < cols; j++) {
                mpq_mul(t, W[i * cols + j], v[j]);
                mpq_add(nv[i], nv[i], t);
            }
        }
        for (i = 0; i < rows; i++)
            mpq_swap(v[i], nv[i]);
        if (l + 1 < L)
            off += rows;
    }
    for (i = 0; i < a->m; i++)
        mpq_set(a->offset_q[i], v[i]);
    mpq_clear(t);
    rc_mpq_array_free(v, maxw);
    rc_mpq_array_free(nv, maxw);
    return RC_OK;
}

rc_status
rc_atoms_new_q(rc_atoms **out, const rc_net *net, const unsigned char *pattern,
               rc_error *err)
{
    size_t L = net->num_layers, n = net->sizes[0], m = net->sizes[L];
    size_t NL, maxw = 0, l, p, q;
    rc_atoms *a;
    rc_status st;

    if ((st = rc_atoms_new(out, net, pattern, err)) != RC_OK)
        return st;
    a = *out;
    *out = NULL;
    for (l = 0; l <= L; l++)
        if (net->sizes[l] > maxw)
            maxw = net->sizes[l];
    NL = net->sizes[L - 1];
    a->coef_q = rc_mpq_array_new(a->nl * a->nf);
    a->out_vec_q = rc_mpq_array_new(a->nl * m);
    a->in_vec_q = rc_mpq_array_new(a->nf * n);
    a->offset_q = rc_mpq_array_new(m);
    if (!a->coef_q || !a->out_vec_q || !a->in_vec_q || !a->offset_q) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto fail;
    }
    for (q = 0; q < a->nf; q++)
        for (l = 0; l < n; l++)
            mpq_set(a->in_vec_q[q * n + l], net->weights_q[0][a->first[q] * n + l]);
    for (p = 0; p < a->nl; p++)
        for (l = 0; l < m; l++)
            mpq_set(a->out_vec_q[p * m + l], net->weights_q[L - 1][l * NL + a->last[p]]);
    if ((st = path_sums_q(a, net, maxw, err)) != RC_OK
        || (st = offsets_q(a, net, maxw, err)) != RC_OK)
        goto fail;
    *out = a;
    return RC_OK;
fail:
    rc_atoms_free(a);
    return st;
}

int rc_atoms_is_exact(const rc_atoms *a) { return a->coef_q != NULL; }

mpq_srcptr
rc_atoms_coefficients_q(const rc_atoms *a)
{
    return a->coef_q ? a->coef_q[0] : NULL;
}

mpq_srcptr
rc_atoms_out_vector_q(const rc_atoms *a, size_t p)
{
    return a->out_vec_q ? a->out_vec_q[p * a->m] : NULL;
}

mpq_srcptr
rc_atoms_in_vector_q(const rc_atoms *a, size_t q)
{
    return a->in_vec_q ? a->in_vec_q[q * a->n] : NULL;
}

mpq_srcptr
rc_atoms_offset_q(const rc_atoms *a)
{
    return a->offset_q ? a->offset_q[0] : NULL;
}

rc_status
rc_atoms_linear_part_q(mpq_t *lin, const rc_atoms *a, rc_error *err)
{
    size_t o, k, p, q, n = a->n, m = a->m;
    mpq_t cu, t;

    if (a->coef_q == NULL)
        return rc_error_set(err, RC_ERR_ARG,
                            "the atoms were not computed in exact mode");
    for (o = 0; o < m * n; o++)
        mpq_set_ui(lin[o], 0, 1);
    mpq_init(cu);
    mpq_init(t);
    for (p = 0; p < a->nl; p++)
        for (q = 0; q < a->nf; q++) {
            mpq_srcptr c = a->coef_q[p * a->nf + q];
            if (mpq_sgn(c) == 0)
                continue;
            for (o = 0; o < m; o++) {
                if (mpq_sgn(a->out_vec_q[p * m + o]) == 0)
                    continue;
                mpq_mul(cu, c, a->out_vec_q[p * m + o]);
                for (k = 0; k < n; k++) {
                    mpq_mul(t, cu, a->in_vec_q[q * n + k]);
                    mpq_add(lin[o * n + k], lin[o * n + k], t);
                }
            }
        }
    mpq_clear(cu);
    mpq_clear(t);
    return RC_OK;
}

rc_status
rc_atoms_check_q(int *lin_ok, int *off_ok, const rc_atoms *a,
                 const rc_net *net, const rc_domain *dom, const rc_region *r,
                 rc_error *err)
{
    size_t n = a->n, m = a->m, d, o, i, k;
    size_t lin_o = 0, lin_k = 0, off_o = 0;   /* the first unequal entries */
    mpq_srcptr A = rc_region_output_A_q(r), c = rc_region_output_c_q(r);
    mpq_t *lin = NULL, off, t;
    int lok = 1, ook = 1;
    rc_status st = RC_OK;

    if (lin_ok)
        *lin_ok = -1;
    if (off_ok)
        *off_ok = -1;
    if (a->coef_q == NULL)
        return rc_error_set(err, RC_ERR_ARG,
                            "the atoms were not computed in exact mode");
    if (A == NULL || c == NULL)
        return rc_error_set(err, RC_ERR_ARG, "the region has no exact output "
                            "map (it is not from an exact partition)");
    if (net->sizes[0] != n || net->sizes[net->num_layers] != m
        || dom->num_inputs != n || rc_net_num_neurons(net) != a->pattern_length)
        return rc_error_set(err, RC_ERR_ARG,
                            "atoms, network and domain have different sizes");
    if (memcmp(rc_region_pattern(r), a->pattern, a->pattern_length) != 0)
        return rc_error_set(err, RC_ERR_ARG,
                            "the region's pattern is not the atoms' pattern");
    d = rc_domain_dim(dom);
    if ((lin = rc_mpq_array_new(m * n)) == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    rc_atoms_linear_part_q(lin, a, err);
    mpq_init(off);
    mpq_init(t);
    for (o = 0; o < m; o++) {
        mpq_set(off, a->offset_q[o]);
        for (i = 0; i < n; i++) {
            if (mpq_sgn(lin[o * n + i]) == 0)
                continue;
            if (dom->fixed[i])
                mpq_sub(t, dom->value_q[i], net->in_mean_q[i]);
            else
                mpq_neg(t, net->in_mean_q[i]);
            mpq_div(t, t, net->in_range_q[i]);
            mpq_mul(t, t, lin[o * n + i]);
            mpq_add(off, off, t);
        }
        mpq_mul(off, off, net->out_range_q);
        mpq_add(off, off, net->out_mean_q);
        if (ook && !mpq_equal(off, c + o)) {
            ook = 0;
            off_o = o;
        }
        for (k = 0; k < d; k++) {
            size_t f = rc_domain_free_input(dom, k);
            mpq_mul(t, lin[o * n + f], net->out_range_q);
            mpq_div(t, t, net->in_range_q[f]);
            if (lok && !mpq_equal(t, A + o * d + k)) {
                lok = 0;
                lin_o = o;
                lin_k = f;
            }
        }
    }
    if (lin_ok)
        *lin_ok = lok;
    if (off_ok)
        *off_ok = ook;
    if (!lok)
        st = rc_error_set(err, RC_ERR_NUMERIC, "atoms disagree with the exact "
                          "output map: dy%zu/dx%zu differs", lin_o + 1, lin_k + 1);
    else if (!ook)
        st = rc_error_set(err, RC_ERR_NUMERIC, "atoms disagree with the exact "
                          "output map: offset of y%zu differs", off_o + 1);
    mpq_clear(off);
    mpq_clear(t);
    rc_mpq_array_free(lin, m * n);
    return st;
}
