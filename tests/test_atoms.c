/* test_atoms.c -- the atomic decomposition (rc_atoms_*).
 *
 * Known answers worked out by hand for L = 2, 3, 4 with small integer
 * weights (coefficients, atom index sets, paths counted one by one, with
 * zero weights that cut paths, and offsets), path counts of dense networks
 * (prod_{k=2}^{L-2} |S_k|) and their saturation; on random networks and
 * patterns the atoms' linear part equals the product W_L D ... D W_1
 * computed here directly, and on every region of random enumerated
 * networks (with normalisation and slices) rc_atoms_check finds the
 * identity with the region's raw output map; it fails when the map is not
 * the network's.  Exact mode is tested in test_atoms_exact.c. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/atoms.h"
#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

/* Random weights in [-2, 2], a fifth of them zero; biases in [-1, 1]. */
static rc_net *
random_net(unsigned long *s, size_t L, const size_t *sizes)
{
    rc_net *net = NULL;
    rc_error err = {RC_OK, ""};
    size_t l, i, j;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, &err), RC_OK);
    for (l = 0; l < L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j,
                                  test_urand(s) < 0.2 ? 0.0 : 4 * test_urand(s) - 2);
            rc_net_set_bias(net, l, i, 2 * test_urand(s) - 1);
        }
    return net;
}

/* W_L D_{L-1} ... D_1 W_1 by plain matrix products (m x n). */
static void
direct_linear(double *lin, const rc_net *net, const unsigned char *pattern)
{
    size_t L = rc_net_num_layers(net), n = rc_net_num_inputs(net), l, i, j, k, off = 0;
    double *cur = calloc(64 * 64, sizeof *cur), *next = calloc(64 * 64, sizeof *next);
    size_t rows = n;

    for (i = 0; i < n; i++)
        cur[i * n + i] = 1.0;
    for (l = 0; l < L; l++) {
        size_t N = rc_net_layer_size(net, l);
        const double *W = rc_net_weights(net, l);
        for (i = 0; i < N; i++)
            for (k = 0; k < n; k++) {
                double s = 0.0;
                for (j = 0; j < rows; j++)
                    s += W[i * rows + j] * cur[j * n + k];
                next[i * n + k] = (l + 1 < L && !pattern[off + i]) ? 0.0 : s;
            }
        memcpy(cur, next, N * n * sizeof *cur);
        if (l + 1 < L)
            off += N;
        rows = N;
    }
    memcpy(lin, cur, rc_net_num_outputs(net) * n * sizeof *lin);
    free(cur);
    free(next);
}

static void
assert_sets(const rc_atoms *a, const size_t *first, size_t nf,
            const size_t *last, size_t nl)
{
    size_t i;

    CU_ASSERT_EQUAL_FATAL(rc_atoms_num_first(a), nf);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_num_last(a), nl);
    for (i = 0; i < nf; i++)
        CU_ASSERT_EQUAL(rc_atoms_first(a)[i], first[i]);
    for (i = 0; i < nl; i++)
        CU_ASSERT_EQUAL(rc_atoms_last(a)[i], last[i]);
}

static void
assert_coefs(const rc_atoms *a, const double *c, const uint64_t *paths)
{
    size_t i, k = rc_atoms_num_first(a) * rc_atoms_num_last(a);

    for (i = 0; i < k; i++) {
        CU_ASSERT_DOUBLE_EQUAL(rc_atoms_coefficients(a)[i], c[i], 1e-12);
        CU_ASSERT_EQUAL(rc_atoms_path_counts(a)[i], paths[i]);
    }
    CU_ASSERT_FALSE(rc_atoms_counts_saturated(a));
}

/* ---- known answers ------------------------------------------------------- */

/* L = 2: W1 = [1 2; 0 -1; 3 0], b1 = (1, -1, 2), W2 = [1 0 2; -1 1 1],
 * b2 = (0.5, -0.5).  Pattern 101: atoms (col 1 of W2)(row 1 of W1) and
 * (col 3)(row 3), c = I; linear part [1 2; -1 -2] + [6 0; 3 0] = [7 2; 2 -2];
 * offset W2 D b1 + b2 = (1 + 4, -1 + 2) + b2 = (5.5, 0.5). */
static void
test_known_L2(void)
{
    static const double W1[] = {1, 2, 0, -1, 3, 0}, b1[] = {1, -1, 2};
    static const double W2[] = {1, 0, 2, -1, 1, 1}, b2[] = {0.5, -0.5};
    const double *W[] = {W1, W2}, *b[] = {b1, b2};
    size_t sizes[] = {2, 3, 2};
    const size_t idx[] = {0, 2};
    const double c[] = {1, 0, 0, 1}, lin_want[] = {7, 2, 2, -2};
    const uint64_t paths[] = {1, 0, 0, 1};
    const unsigned char pat[] = {1, 0, 1}, none[] = {0, 0, 0};
    rc_net *net = test_make_net(2, sizes, W, b);
    rc_atoms *a = NULL;
    rc_error err;
    double lin[4];
    size_t i;

    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, pat, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_atoms_num_inputs(a), 2);
    CU_ASSERT_EQUAL(rc_atoms_num_outputs(a), 2);
    assert_sets(a, idx, 2, idx, 2);
    assert_coefs(a, c, paths);
    CU_ASSERT_EQUAL(rc_atoms_out_vector(a, 0)[0], 1.0);
    CU_ASSERT_EQUAL(rc_atoms_out_vector(a, 0)[1], -1.0);
    CU_ASSERT_EQUAL(rc_atoms_out_vector(a, 1)[0], 2.0);
    CU_ASSERT_EQUAL(rc_atoms_out_vector(a, 1)[1], 1.0);
    CU_ASSERT_EQUAL(rc_atoms_in_vector(a, 1)[0], 3.0);
    CU_ASSERT_EQUAL(rc_atoms_in_vector(a, 1)[1], 0.0);
    CU_ASSERT_DOUBLE_EQUAL(rc_atoms_offset(a)[0], 5.5, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_atoms_offset(a)[1], 0.5, 1e-15);
    rc_atoms_linear_part(lin, a);
    for (i = 0; i < 4; i++)
        CU_ASSERT_DOUBLE_EQUAL(lin[i], lin_want[i], 1e-15);
    rc_atoms_free(a);
    /* No active neuron: no atoms, the map is the constant b2. */
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, none, &err), RC_OK);
    assert_sets(a, NULL, 0, NULL, 0);
    CU_ASSERT_EQUAL(rc_atoms_offset(a)[0], 0.5);
    CU_ASSERT_EQUAL(rc_atoms_offset(a)[1], -0.5);
    rc_atoms_linear_part(lin, a);
    for (i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(lin[i], 0.0);
    rc_atoms_free(a);
    rc_net_free(net);
}

/* L = 3: c_ij = w_{2,ij}.  W1 = I, b1 = 0; W2 = [2 0; -1 3; 0 0],
 * b2 = (1, 0, -1); W3 = (1 -2 4), b3 = 0.25.
 * All active: c = W2, paths = [1 0; 1 1; 0 0] (a zero weight is no path),
 * offset W3 D2 b2 + b3 = 1 - 4 + 0.25 = -2.75.
 * theta = 01|011: S_1 = {2}, S_2 = {2, 3}: c = (3, 0)^T, paths (1, 0)^T,
 * offset -4 + 0.25 = -3.75. */
static void
test_known_L3(void)
{
    static const double W1[] = {1, 0, 0, 1}, b1[] = {0, 0};
    static const double W2[] = {2, 0, -1, 3, 0, 0}, b2[] = {1, 0, -1};
    static const double W3[] = {1, -2, 4}, b3[] = {0.25};
    const double *W[] = {W1, W2, W3}, *b[] = {b1, b2, b3};
    size_t sizes[] = {2, 2, 3, 1};
    const size_t s1[] = {0, 1}, s2[] = {0, 1, 2}, t1[] = {1}, t2[] = {1, 2};
    const unsigned char all[] = {1, 1, 1, 1, 1}, pat[] = {0, 1, 0, 1, 1};
    const uint64_t paths_all[] = {1, 0, 1, 1, 0, 0}, paths_pat[] = {1, 0};
    const double c_pat[] = {3, 0};
    rc_net *net = test_make_net(3, sizes, W, b);
    rc_atoms *a = NULL;
    rc_error err;
    double lin[2];

    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, all, &err), RC_OK);
    assert_sets(a, s1, 2, s2, 3);
    assert_coefs(a, W2, paths_all);
    CU_ASSERT_DOUBLE_EQUAL(rc_atoms_offset(a)[0], -2.75, 1e-15);
    /* Linear part: W3 W2 = (1*2 + 2 - 0, 0 - 6 + 0) = (4, -6). */
    rc_atoms_linear_part(lin, a);
    CU_ASSERT_DOUBLE_EQUAL(lin[0], 4.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(lin[1], -6.0, 1e-15);
    rc_atoms_free(a);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, pat, &err), RC_OK);
    assert_sets(a, t1, 1, t2, 2);
    assert_coefs(a, c_pat, paths_pat);
    CU_ASSERT_DOUBLE_EQUAL(rc_atoms_offset(a)[0], -3.75, 1e-15);
    rc_atoms_free(a);
    rc_net_free(net);
}

/* L = 4, one input: W1 = (1, 2)^T, b1 = (0, 1); W2 = [1 2; 0 1; 3 -1],
 * b2 = (1, 0, 0); W3 = [1 1 0; 2 0 -1], b3 = (0, -2); W4 = (1 3), b4 = 0.
 * All active: c = W3 W2 = [1 3; -1 5].  Paths j -> k -> i with non-zero
 * weights: (1,1): via k=1 only -> 1; (1,2): k=1, k=2 -> 2; (2,1): k=1,
 * k=3 -> 2; (2,2): k=1, k=3 -> 2.  Offset: a1 = (0, 1), a2 = (3, 1, -1),
 * a3 = (4, 5), b = 4 + 15 = 19.  Linear part sum c_ij w4_i w1_j =
 * 1 + 6 - 3 + 30 = 34 (= W4 W3 W2 W1).
 * theta_2 = 101: c = [1 2; -1 5], paths [1 1; 2 2]. */
static void
test_known_L4(void)
{
    static const double W1[] = {1, 2}, b1[] = {0, 1};
    static const double W2[] = {1, 2, 0, 1, 3, -1}, b2[] = {1, 0, 0};
    static const double W3[] = {1, 1, 0, 2, 0, -1}, b3[] = {0, -2};
    static const double W4[] = {1, 3}, b4[] = {0};
    const double *W[] = {W1, W2, W3, W4}, *b[] = {b1, b2, b3, b4};
    size_t sizes[] = {1, 2, 3, 2, 1};
    const size_t s[] = {0, 1};
    const unsigned char all[] = {1, 1, 1, 1, 1, 1, 1}, pat[] = {1, 1, 1, 0, 1, 1, 1};
    const double c_all[] = {1, 3, -1, 5}, c_pat[] = {1, 2, -1, 5};
    const uint64_t p_all[] = {1, 2, 2, 2}, p_pat[] = {1, 1, 2, 2};
    rc_net *net = test_make_net(4, sizes, W, b);
    rc_atoms *a = NULL;
    rc_error err;
    double lin[1];

    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, all, &err), RC_OK);
    assert_sets(a, s, 2, s, 2);
    assert_coefs(a, c_all, p_all);
    CU_ASSERT_DOUBLE_EQUAL(rc_atoms_offset(a)[0], 19.0, 1e-14);
    rc_atoms_linear_part(lin, a);
    CU_ASSERT_DOUBLE_EQUAL(lin[0], 34.0, 1e-14);
    rc_atoms_free(a);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, pat, &err), RC_OK);
    assert_coefs(a, c_pat, p_pat);
    rc_atoms_free(a);
    rc_net_free(net);
}

/* Dense weights: every count is prod_{k=2}^{L-2} |S_k|. */
static void
test_dense_counts(void)
{
    unsigned long s = test_seed() ^ 0x51;
    int trial;

    for (trial = 0; trial < 40; trial++) {
        size_t L = test_irand(&s, 2, 6), sizes[7], l, k, i, off, want = 1;
        unsigned char pat[64];
        rc_net *net = NULL;
        rc_atoms *a = NULL;
        rc_error err;

        sizes[0] = test_irand(&s, 1, 3);
        for (l = 1; l <= L; l++)
            sizes[l] = test_irand(&s, 1, 5);
        CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, &err), RC_OK);
        for (l = 0; l < L; l++)
            for (i = 0; i < sizes[l + 1]; i++)
                for (k = 0; k < sizes[l]; k++)
                    rc_net_set_weight(net, l, i, k, 1.0 + test_urand(&s));
        for (i = 0, off = 0, l = 1; l < L; l++) {
            size_t active = 0;
            for (k = 0; k < sizes[l]; k++) {
                pat[off + k] = test_urand(&s) < 0.7;
                active += pat[off + k];
            }
            if (l >= 2 && l <= L - 2)
                want *= active;
            off += sizes[l];
        }
        CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, pat, &err), RC_OK);
        for (i = 0; i < rc_atoms_num_first(a) * rc_atoms_num_last(a); i++) {
            if (L == 2) {
                size_t p = i / rc_atoms_num_first(a), q = i % rc_atoms_num_first(a);
                CU_ASSERT_EQUAL(rc_atoms_path_counts(a)[i], p == q);
            } else {
                CU_ASSERT_EQUAL(rc_atoms_path_counts(a)[i], want);
            }
        }
        rc_atoms_free(a);
        rc_net_free(net);
    }
}

/* 17 hidden layers of 32 ones: 32^15 = 2^75 paths between any two neurons
 * of the outer hidden layers; the counts saturate, the coefficient (a power
 * of two) is exact. */
static void
test_saturation(void)
{
    size_t sizes[19], l, i, k;
    unsigned char pat[17 * 32];
    rc_net *net = NULL;
    rc_atoms *a = NULL;
    rc_error err;

    sizes[0] = 1;
    for (l = 1; l <= 17; l++)
        sizes[l] = 32;
    sizes[18] = 1;
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, 18, sizes, &err), RC_OK);
    for (l = 0; l < 18; l++)
        for (i = 0; i < sizes[l + 1]; i++)
            for (k = 0; k < sizes[l]; k++)
                rc_net_set_weight(net, l, i, k, 1.0);
    memset(pat, 1, sizeof pat);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, pat, &err), RC_OK);
    CU_ASSERT_TRUE(rc_atoms_counts_saturated(a));
    CU_ASSERT_EQUAL(rc_atoms_path_counts(a)[0], UINT64_MAX);
    CU_ASSERT_EQUAL(rc_atoms_coefficients(a)[0], ldexp(1.0, 75));
    rc_atoms_free(a);
    rc_net_free(net);
}

static void
test_errors(void)
{
    size_t sizes1[] = {2, 1}, sizes2[] = {2, 2, 1};
    const unsigned char bad[] = {1, 2}, pat[] = {1, 0};
    rc_net *net = NULL;
    rc_atoms *a = (rc_atoms *)&a;
    rc_error err;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, 1, sizes1, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_atoms_new(&a, net, pat, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no atoms"));
    rc_net_free(net);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, 2, sizes2, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_atoms_new(&a, net, bad, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "pattern byte 2"));
    rc_net_free(net);
    rc_atoms_free(NULL);
}

/* ---- random networks ------------------------------------------------------ */

/* The atoms' linear part is the product of the masked weight matrices. */
static void
test_random_linear_part(void)
{
    unsigned long s = test_seed() ^ 0xa70;
    int trial;

    for (trial = 0; trial < 200; trial++) {
        size_t L = test_irand(&s, 2, 5), sizes[6], l, i, off = 0, m, n;
        unsigned char pat[64];
        double want[64], got[64], scale = 0.0;
        rc_net *net;
        rc_atoms *a = NULL;
        rc_error err;

        sizes[0] = n = test_irand(&s, 1, 4);
        for (l = 1; l <= L; l++)
            sizes[l] = test_irand(&s, 1, 6);
        m = sizes[L];
        net = random_net(&s, L, sizes);
        for (l = 1; l < L; l++)
            for (i = 0; i < sizes[l]; i++)
                pat[off++] = test_urand(&s) < 0.6;
        CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, pat, &err), RC_OK);
        direct_linear(want, net, pat);
        rc_atoms_linear_part(got, a);
        for (i = 0; i < m * n; i++)
            scale = fmax(scale, fabs(want[i]));
        for (i = 0; i < m * n; i++)
            CU_ASSERT_DOUBLE_EQUAL(got[i], want[i], 1e-12 * (1.0 + scale));
        /* The offset: the forward pass at x_n = 0 with the pattern imposed. */
        {
            double v[8] = {0}, nv[8];
            size_t j, k, o = 0, rows = 0;
            for (l = 0; l < L; l++) {
                const double *W = rc_net_weights(net, l), *b = rc_net_biases(net, l);
                for (j = 0; j < sizes[l + 1]; j++) {
                    double t = b[j];
                    for (k = 0; k < rows; k++)
                        t += W[j * rows + k] * v[k];
                    nv[j] = (l + 1 < L && !pat[o + j]) ? 0.0 : t;
                }
                memcpy(v, nv, sizes[l + 1] * sizeof *v);
                if (l + 1 < L)
                    o += sizes[l + 1];
                rows = sizes[l + 1];
            }
            for (j = 0; j < m; j++)
                CU_ASSERT_DOUBLE_EQUAL(rc_atoms_offset(a)[j], v[j], 1e-12 * (1 + fabs(v[j])));
        }
        rc_atoms_free(a);
        rc_net_free(net);
    }
}

/* A random network with random normalisation and input box. */
static rc_net *
random_normalised_net(unsigned long *s, size_t *L_out)
{
    size_t L = test_irand(s, 2, 4), sizes[5], l, i, n;
    double mean[3], range[3], lo[3], hi[3];
    rc_net *net;
    rc_error err;

    sizes[0] = n = test_irand(s, 1, 3);
    for (l = 1; l < L; l++)
        sizes[l] = test_irand(s, 2, n == 3 ? 4 : 6);
    sizes[L] = test_irand(s, 1, 3);
    net = random_net(s, L, sizes);
    for (i = 0; i < n; i++) {
        mean[i] = 4 * test_urand(s) - 2;
        range[i] = (0.5 + 3 * test_urand(s)) * (test_urand(s) < 0.2 ? -1 : 1);
        lo[i] = mean[i] - 2 * test_urand(s) - 0.5;
        hi[i] = mean[i] + 2 * test_urand(s) + 0.5;
    }
    CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(net, mean, range, 10 * test_urand(s) - 5,
                                                   0.5 + 4 * test_urand(s), &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_net_set_input_bounds(net, lo, hi, &err), RC_OK);
    *L_out = L;
    return net;
}

/* The identity on every region of random enumerated networks. */
static void
test_identity_random(void)
{
    unsigned long s = test_seed() ^ 0x1de;
    size_t checked = 0;
    int trial;

    for (trial = 0; trial < 30; trial++) {
        size_t L, R, r;
        rc_net *net = random_normalised_net(&s, &L);
        rc_domain *dom = NULL;
        rc_partition *part = NULL;
        rc_enum_opts opts;
        rc_error err;

        rc_enum_opts_init(&opts);
        opts.volume = 0;
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
        if (rc_net_num_inputs(net) > 1 && trial % 3 == 0) {
            double v = 0.5 * (rc_net_input_min(net)[0] + rc_net_input_max(net)[0]);
            CU_ASSERT_EQUAL_FATAL(rc_domain_fix(dom, 0, v, &err), RC_OK);
        }
        CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, &opts, &err), RC_OK);
        R = rc_partition_num_regions(part);
        CU_ASSERT(R >= 1);
        for (r = 0; r < R; r++) {
            const rc_region *reg = rc_partition_region(part, r);
            rc_atoms *a = NULL;
            double ld = -1, od = -1;
            CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, rc_region_pattern(reg), &err), RC_OK);
            CU_ASSERT_EQUAL(rc_atoms_check(&ld, &od, a, net, dom, reg,
                                           RC_ATOMS_CHECK_TOL, &err), RC_OK);
            CU_ASSERT(ld >= 0 && ld < 1e-12);
            CU_ASSERT(od >= 0 && od < 1e-12);
            if (!(ld < 1e-12 && od < 1e-12))
                printf("\ntrial %d region %zu: %s (lin %g, off %g)\n", trial, r,
                       err.msg, ld, od);
            checked++;
            rc_atoms_free(a);
        }
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    CU_ASSERT(checked >= 60);
}

/* The check fails when the map is not the network's: last layer doubled
 * (linear part), output bias moved (offset), another region's pattern. */
static void
test_check_detects(void)
{
    unsigned long s = test_seed() ^ 0xde7;
    size_t sizes[] = {2, 4, 3, 2}, R, r, i, k, lin_fail = 0, nonzero = 0;
    rc_net *net = random_net(&s, 3, sizes), *twice = random_net(&s, 3, sizes);
    rc_net *moved = random_net(&s, 3, sizes);
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err;
    size_t l, j;

    /* twice and moved are copies of net with one change each. */
    for (l = 0; l < 3; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++) {
                double w = rc_net_weights(net, l)[i * sizes[l] + j];
                rc_net_set_weight(twice, l, i, j, l == 2 ? 2 * w : w);
                rc_net_set_weight(moved, l, i, j, w);
            }
            rc_net_set_bias(twice, l, i, rc_net_biases(net, l)[i]);
            rc_net_set_bias(moved, l, i, rc_net_biases(net, l)[i] + (l == 2));
        }
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, NULL, &err), RC_OK);
    R = rc_partition_num_regions(part);
    CU_ASSERT_FATAL(R >= 2);
    for (r = 0; r < R; r++) {
        const rc_region *reg = rc_partition_region(part, r);
        const rc_region *other = rc_partition_region(part, (r + 1) % R);
        rc_atoms *a = NULL;
        double ld, od;
        int nz = 0;

        for (k = 0; k < 2 * 2; k++)
            nz |= rc_region_output_A(reg)[k] != 0.0;
        nonzero += nz;
        CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, twice, rc_region_pattern(reg), &err), RC_OK);
        /* Doubling W_L doubles the linear part; where it is zero the offset,
         * W_L a_{L-1} + b_L, may still catch it. */
        if (rc_atoms_check(&ld, &od, a, twice, dom, reg, RC_ATOMS_CHECK_TOL, &err)
            == RC_ERR_NUMERIC) {
            CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "disagree"));
        }
        if (nz) {
            lin_fail += ld > 1e-3;
            CU_ASSERT(ld > 1e-3);
        } else {
            CU_ASSERT(ld == 0.0);
        }
        rc_atoms_free(a);
        CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, moved, rc_region_pattern(reg), &err), RC_OK);
        CU_ASSERT_EQUAL(rc_atoms_check(&ld, &od, a, moved, dom, reg,
                                       RC_ATOMS_CHECK_TOL, &err), RC_ERR_NUMERIC);
        CU_ASSERT(ld < 1e-12);
        CU_ASSERT(od > 1e-3);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "offset of y"));
        rc_atoms_free(a);
        CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, rc_region_pattern(other), &err), RC_OK);
        CU_ASSERT_EQUAL(rc_atoms_check(NULL, NULL, a, net, dom, reg,
                                       RC_ATOMS_CHECK_TOL, &err), RC_ERR_ARG);
        rc_atoms_free(a);
    }
    CU_ASSERT(lin_fail == nonzero);
    CU_ASSERT(nonzero >= 1);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    rc_net_free(twice);
    rc_net_free(moved);
}

int
main(void)
{
    CU_pSuite known, random;

    test_seed();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    known = CU_add_suite("atoms: known answers", NULL, NULL);
    random = CU_add_suite("atoms: random networks", NULL, NULL);
    if (!known || !random
        || !CU_add_test(known, "L = 2: c = I, offset", test_known_L2)
        || !CU_add_test(known, "L = 3: c = W2, zero weights cut paths", test_known_L3)
        || !CU_add_test(known, "L = 4: c = W3 W2, paths by hand", test_known_L4)
        || !CU_add_test(known, "dense weights: counts = prod |S_k|", test_dense_counts)
        || !CU_add_test(known, "counts saturate at 2^64 - 1", test_saturation)
        || !CU_add_test(known, "errors", test_errors)
        || !CU_add_test(random, "linear part and offset = masked products",
                        test_random_linear_part)
        || !CU_add_test(random, "identity with every region's output map",
                        test_identity_random)
        || !CU_add_test(random, "the check catches wrong maps", test_check_detects)) {
        CU_cleanup_registry();
        return 1;
    }
    return test_run_all();
}
