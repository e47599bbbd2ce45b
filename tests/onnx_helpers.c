/* onnx_helpers.c -- helpers of the ONNX and VNN-LIB test programs: paths,
 * an exact forward pass written independently of the library, partitions
 * compared region by region, and dense sampling of a 2-D slice. */
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "onnx_helpers.h"
#include "testutil.h"

/* tests/data/onnx/name (a second buffer, so two paths can be in use). */
const char *
onnx_path(const char *name)
{
    static char buf[2][4096];
    static int k;
    const char *top = getenv("top_srcdir");

    k = 1 - k;
    snprintf(buf[k], sizeof buf[k], "%s/tests/data/onnx/%s", top ? top : ".", name);
    return buf[k];
}

/* ../shared/data/name beside the checkout. */
const char *
shared_path(const char *name)
{
    static char buf[4096];
    const char *top = getenv("top_srcdir");

    snprintf(buf, sizeof buf, "%s/../shared/data/%s", top ? top : ".", name);
    return buf;
}

int
file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");

    if (f != NULL)
        fclose(f);
    return f != NULL;
}

rc_net *
load_ok(const char *path)
{
    rc_net *net = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st = rc_net_load(&net, path, RC_NET_AUTO, &err);

    if (st != RC_OK)
        printf("\n  %s: %s\n", path, err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    return net;
}

/* q = the rational written s. */
void
q_of(mpq_t q, const char *s)
{
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(q, s, strlen(s)), 0);
}

/* Is the exact weight (l, i, j) the rational written s? */
int
weight_is(const rc_net *net, size_t l, size_t i, size_t j, const char *s)
{
    mpq_t q;
    int eq;

    mpq_init(q);
    q_of(q, s);
    eq = mpq_equal(rc_net_weights_q(net, l) + i * (l ? rc_net_layer_size(net, l - 1)
                                                   : rc_net_num_inputs(net)) + j, q);
    if (!eq)
        gmp_printf("\n  weight (%zu,%zu,%zu) is %Qd, expected %s\n", l, i, j,
                   rc_net_weights_q(net, l) + i * (l ? rc_net_layer_size(net, l - 1)
                                                   : rc_net_num_inputs(net)) + j, s);
    mpq_clear(q);
    return eq;
}

int
bias_is(const rc_net *net, size_t l, size_t i, const char *s)
{
    mpq_t q;
    int eq;

    mpq_init(q);
    q_of(q, s);
    eq = mpq_equal(rc_net_biases_q(net, l) + i, q);
    if (!eq)
        gmp_printf("\n  bias (%zu,%zu) is %Qd, expected %s\n", l, i,
                   rc_net_biases_q(net, l) + i, s);
    mpq_clear(q);
    return eq;
}

/* y = the network at x, exactly, from its exact weights, with the NNet
 * normalisation and output scaling as their exact doubles (x and y of
 * num_inputs and num_outputs entries). */
void
exact_forward(mpq_t *y, const rc_net *net, const mpq_t *x)
{
    size_t L = rc_net_num_layers(net), in = rc_net_num_inputs(net), l, i, j, w = in;
    mpq_t *cur, *nxt, t, s;

    for (l = 0; l < L; l++)
        if (rc_net_layer_size(net, l) > w)
            w = rc_net_layer_size(net, l);
    cur = malloc(w * sizeof *cur);
    nxt = malloc(w * sizeof *nxt);
    CU_ASSERT_FATAL(cur != NULL && nxt != NULL);
    for (i = 0; i < w; i++) {
        mpq_init(cur[i]);
        mpq_init(nxt[i]);
    }
    mpq_init(t);
    mpq_init(s);
    for (i = 0; i < in; i++) {
        mpq_set_d(t, rc_net_input_mean(net)[i]);
        mpq_sub(cur[i], x[i], t);
        mpq_set_d(t, rc_net_input_range(net)[i]);
        mpq_div(cur[i], cur[i], t);
    }
    for (l = 0; l < L; l++) {
        size_t out = rc_net_layer_size(net, l);
        mpq_srcptr W = rc_net_weights_q(net, l), b = rc_net_biases_q(net, l);

        for (i = 0; i < out; i++) {
            mpq_set(s, b + i);
            for (j = 0; j < in; j++) {
                mpq_mul(t, W + i * in + j, cur[j]);
                mpq_add(s, s, t);
            }
            if (l + 1 < L && mpq_sgn(s) < 0)
                mpq_set_ui(s, 0, 1);
            mpq_set(nxt[i], s);
        }
        for (i = 0; i < out; i++)
            mpq_swap(cur[i], nxt[i]);
        in = out;
    }
    for (i = 0; i < in; i++) {
        mpq_set_d(t, rc_net_output_range(net));
        mpq_mul(y[i], cur[i], t);
        mpq_set_d(t, rc_net_output_mean(net));
        mpq_add(y[i], y[i], t);
    }
    for (i = 0; i < w; i++) {
        mpq_clear(cur[i]);
        mpq_clear(nxt[i]);
    }
    free(cur);
    free(nxt);
    mpq_clear(t);
    mpq_clear(s);
}

rc_partition *
enumerate_ok(const rc_net *net, const rc_domain *dom, int exact)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_enum_opts opts;
    rc_status st;

    rc_enum_opts_init(&opts);
    opts.arithmetic = exact ? RC_ARITH_EXACT : RC_ARITH_FLOAT;
    st = rc_enumerate(&part, net, dom, &opts, &err);
    if (st != RC_OK)
        printf("\n  rc_enumerate (%s): %s\n", exact ? "exact" : "float", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    return part;
}

/* Mismatches between two partitions: a pattern of one missing from the
 * other, or (both exact) a region whose exact map differs, or (float) one
 * whose map differs by more than tol. */
size_t
partition_diff(const rc_partition *a, const rc_partition *b, double tol)
{
    size_t i, k, bad = 0, m = rc_partition_num_outputs(a), d = rc_partition_dim(a);
    int exact = rc_partition_is_exact(a) && rc_partition_is_exact(b);

    if (rc_partition_num_regions(a) != rc_partition_num_regions(b)
        || rc_partition_pattern_length(a) != rc_partition_pattern_length(b)) {
        printf("\n  %zu regions against %zu\n", rc_partition_num_regions(a),
               rc_partition_num_regions(b));
        return (size_t)-1;
    }
    for (i = 0; i < rc_partition_num_regions(a); i++) {
        const rc_region *r = rc_partition_region(a, i), *s;
        size_t j = rc_partition_find(b, rc_region_pattern(r));

        if (j == (size_t)-1) {
            bad++;
            continue;
        }
        s = rc_partition_region(b, j);
        for (k = 0; k < m * d; k++)
            if (exact ? !mpq_equal(rc_region_output_A_q(r) + k, rc_region_output_A_q(s) + k)
                      : fabs(rc_region_output_A(r)[k] - rc_region_output_A(s)[k]) > tol)
                bad++;
        for (k = 0; k < m; k++)
            if (exact ? !mpq_equal(rc_region_output_c_q(r) + k, rc_region_output_c_q(s) + k)
                      : fabs(rc_region_output_c(r)[k] - rc_region_output_c(s)[k]) > tol)
                bad++;
    }
    return bad;
}

/* The pattern of net at x in doubles; returns the smallest |pre-activation|
 * of a hidden neuron (how close x is to a zero set). */
static double
pattern_at(unsigned char *pat, const rc_net *net, const double *x)
{
    size_t L = rc_net_num_layers(net), in = rc_net_num_inputs(net), l, i, j, w = in, o = 0;
    double *cur, *nxt, best = INFINITY;

    for (l = 0; l < L; l++)
        if (rc_net_layer_size(net, l) > w)
            w = rc_net_layer_size(net, l);
    cur = malloc(2 * w * sizeof *cur);
    CU_ASSERT_FATAL(cur != NULL);
    nxt = cur + w;
    for (i = 0; i < in; i++)
        cur[i] = (x[i] - rc_net_input_mean(net)[i]) / rc_net_input_range(net)[i];
    for (l = 0; l + 1 < L; l++) {
        size_t out = rc_net_layer_size(net, l);
        const double *W = rc_net_weights(net, l), *b = rc_net_biases(net, l);

        for (i = 0; i < out; i++) {
            double s = b[i];
            for (j = 0; j < in; j++)
                s += W[i * in + j] * cur[j];
            if (fabs(s) < best)
                best = fabs(s);
            pat[o++] = s > 0;
            nxt[i] = s > 0 ? s : 0;
        }
        memcpy(cur, nxt, out * sizeof *cur);
        in = out;
    }
    free(cur);
    return best;
}

/* Dense sampling of a 2-D slice of net on dom (g x g points of the box of
 * the two free inputs, others at their fixed values): the number of points
 * whose pattern the partition lacks (but for points within 1e-9 of a
 * neuron's zero set, where rounding decides the pattern), plus the regions whose
 * Chebyshev ball is wider than the grid's cells yet hold no sample. */
size_t
dense_sampling_misses(const rc_net *net, const rc_domain *dom,
                      const rc_partition *part, size_t g)
{
    size_t n = rc_net_num_inputs(net), N = rc_net_num_neurons(net);
    size_t f0 = rc_domain_free_input(dom, 0), f1 = rc_domain_free_input(dom, 1);
    size_t i, j, k, miss = 0, R = rc_partition_num_regions(part);
    double *x = malloc(n * sizeof *x);
    double h0 = (rc_domain_hi(dom, f0) - rc_domain_lo(dom, f0)) / (double)(g - 1);
    double h1 = (rc_domain_hi(dom, f1) - rc_domain_lo(dom, f1)) / (double)(g - 1);
    unsigned char *pat = malloc(N + 1), *hit = calloc(R + 1, 1);

    CU_ASSERT_FATAL(x && pat && hit && rc_domain_dim(dom) == 2);
    for (k = 0; k < n; k++)
        x[k] = rc_domain_is_fixed(dom, k) ? rc_domain_fixed_value(dom, k) : 0.0;
    for (i = 0; i < g; i++)
        for (j = 0; j < g; j++) {
            size_t r;
            int near;

            x[f0] = rc_domain_lo(dom, f0) + (double)i * h0;
            x[f1] = rc_domain_lo(dom, f1) + (double)j * h1;
            /* Near a zero set the sampled pattern is rounding's: a miss
             * there is no miss.  (A neuron that is 0 on a whole region is
             * inactive there, as in the pattern.) */
            near = pattern_at(pat, net, x) < 1e-9;
            r = rc_partition_find(part, pat);
            if (r != (size_t)-1)
                hit[r] = 1;
            else
                miss += !near;
        }
    for (k = 0; k < R; k++)
        if (!hit[k] && rc_region_chebyshev_radius(rc_partition_region(part, k))
                       > sqrt(h0 * h0 + h1 * h1))
            miss++;
    free(x);
    free(pat);
    free(hit);
    return miss;
}
