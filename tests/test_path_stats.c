/* test_path_stats.c -- statistics of many paths, pairs, random networks
 * and points, reading points.
 *
 * By hand: the network f = relu(|x| - 1/2) along x from -1 to 1 has gaps
 * 1, 0, 1 at t = 1/4, 1/2, 3/4, owned by layers 2, 1, 2: sigma^2 = 2/3,
 * the gap deviation sigma sqrt(1 (1 - 1/3)) = 2/3, its maximum
 * sigma sqrt(3)/2, deflections 0, 1/2, 0, 1/2, 0 on the grid of quarters,
 * shares 1/3 and 2/3, jumps 0 and 1 (sqrt 3 normalised by the standard
 * deviation 1/sqrt 3 of the sizes 1, 0, 1).  Kubo et al.'s Theorem 3.1 on
 * a random one-layer He network: K is Binomial(m, 1/2).  rc_paths_run
 * gives the statistics of the paths added one by one, with 1 or 2
 * threads.  Pairs, random initialisations (moments, bounds, seeds), and
 * the points reader (headers, comments, fractions, errors with lines). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "testutil.h"

static rc_net *
twice_net(void)
{
    static const size_t sizes[4] = {1, 2, 1, 1};
    static const double W1[2] = {1, -1}, b1[2] = {0, 0};
    static const double W2[2] = {1, 1}, b2[1] = {-0.5};
    static const double W3[1] = {1}, b3[1] = {0};
    const double *W[3] = {W1, W2, W3}, *b[3] = {b1, b2, b3};

    return test_make_net(3, sizes, W, b);
}

static void
test_by_hand(void)
{
    rc_net *net = twice_net();
    double x0[1] = {-1}, x1[1] = {1}, t;
    rc_path *p = NULL;
    rc_path_stats *s = NULL;
    rc_path_stats_opts so;
    rc_error err;
    static const double defl[5] = {0, 0.5, 0, 0.5, 0};
    size_t i;

    CU_ASSERT_EQUAL_FATAL(rc_path_segment(&p, net, x0, x1, NULL, &err), RC_OK);
    rc_path_stats_opts_init(&so);
    so.grid = 4;
    so.normalise = 1;
    CU_ASSERT_EQUAL_FATAL(rc_path_stats_new(&s, net, 1, &so, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_path_stats_add(s, p, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_path_stats_num_paths(s), 1);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_k_mean(s), 3.0, 0);
    CU_ASSERT_EQUAL(rc_path_stats_num_gaps(s), 3);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_gap_sigma2(s), 2.0 / 3, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_gap_mean(s), 2.0 / 3, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_gap_deviation(s), 2.0 / 3, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_gap_deviation_max(s), 0.5 * sqrt(2.0), 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_deflection(s), 0.0, 1e-15);
    /* K = 3, k = 1: R_1 - R_0 - (1/3)(R_3 - R_0) = 1 - 2/3 */
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_deflection_node(s), 1.0 / 3, 1e-15);
    for (i = 0; i <= 4; i++) {
        CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_deflection_at(s, i, &t), defl[i], 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(t, 0.25 * (double)i, 0);
    }
    CU_ASSERT_EQUAL(rc_path_stats_layer_breakpoints(s, 0), 1);
    CU_ASSERT_EQUAL(rc_path_stats_layer_breakpoints(s, 1), 2);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_share(s, 0), 100.0 / 3, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_share(s, 1), 200.0 / 3, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_gap_sigma2(s, 0), 0.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_gap_sigma2(s, 1), 1.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_jump_scale(s), sqrt(1.0 / 3), 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_jump_mean(s, 1), sqrt(3.0), 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_jump_max(s, 1), sqrt(3.0), 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_jump_mean(s, 0), 0.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_transitions(s, 0), 2.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_transitions(s, 1), 2.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_patterns(s, 0), 2.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_patterns(s, 1), 2.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_length(s, 0), 2.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_length(s, 1), 2.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_length(s, 3), 1.0, 1e-15);
    /* a second path from 0 to 1: one break point at t = 1/2 */
    x0[0] = 0;
    rc_path_free(p);
    CU_ASSERT_EQUAL_FATAL(rc_path_segment(&p, net, x0, x1, NULL, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_path_num_breakpoints(p), 1);
    CU_ASSERT_EQUAL(rc_path_stats_add(s, p, &err), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_k_mean(s), 2.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_k_sd(s), sqrt(2.0), 1e-15);
    CU_ASSERT_EQUAL(rc_path_stats_k_min(s), 1);
    CU_ASSERT_EQUAL(rc_path_stats_k_max(s), 3);
    {
        double lo, hi;
        size_t c = 0;
        for (i = 0; i < rc_path_stats_k_bins(s); i++)
            c += rc_path_stats_k_bin(s, i, &lo, &hi);
        CU_ASSERT_EQUAL(c, 2);
        CU_ASSERT_EQUAL(rc_path_stats_k_bins(s), 3);
    }
    rc_path_free(p);
    rc_path_stats_free(s);
    rc_net_free(net);
}

/* Kim & Kim's Table 3 by hand: g = relu(|x| - 1/2) - 1/4 along x from -1
 * to 1 is zero at t = 1/8 and 7/8; within 0.2 of them are the break
 * points 1/4 and 3/4 (one layer-2 flip each); within 0.4 also 1/2 (two
 * layer-1 flips). */
static void
test_near_zero(void)
{
    static const size_t sizes[4] = {1, 2, 1, 1};
    static const double W1[2] = {1, -1}, b1[2] = {0, 0};
    static const double W2[2] = {1, 1}, b2[1] = {-0.5};
    static const double W3[1] = {1}, b3[1] = {-0.25};
    const double *W[3] = {W1, W2, W3}, *b[3] = {b1, b2, b3};
    rc_net *net = test_make_net(3, sizes, W, b);
    double x0[1] = {-1}, x1[1] = {1}, v, hs[2] = {0.2, 0.4};
    rc_path *p = NULL;
    rc_error err;
    int k;

    CU_ASSERT_EQUAL_FATAL(rc_path_segment(&p, net, x0, x1, NULL, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_path_value(&v, p, 0.125), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(v, 0.0, 1e-15);
    CU_ASSERT_EQUAL(rc_path_value(&v, p, 0.0), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(v, 0.25, 1e-15);
    for (k = 0; k < 2; k++) {
        rc_path_stats *s = NULL;
        rc_path_stats_opts so;
        rc_path_stats_opts_init(&so);
        so.near_zero = hs[k];
        CU_ASSERT_EQUAL_FATAL(rc_path_stats_new(&s, net, 1, &so, &err), RC_OK);
        CU_ASSERT_EQUAL(rc_path_stats_add(s, p, &err), RC_OK);
        CU_ASSERT_EQUAL(rc_path_stats_num_zeros(s), 2);
        CU_ASSERT_EQUAL(rc_path_stats_layer_near_zero(s, 1), 2);
        CU_ASSERT_EQUAL(rc_path_stats_layer_near_zero(s, 0), k == 0 ? 0 : 2);
        CU_ASSERT_DOUBLE_EQUAL(rc_path_stats_layer_near_zero_share(s, 1), k == 0 ? 100.0 : 50.0, 1e-12);
        rc_path_stats_free(s);
    }
    rc_path_free(p);
    rc_net_free(net);
}

/* Kubo et al., Theorem 3.1, K ~ Binomial(m, 1/2) for W ~ N(0, 2/d) and
 * standard normal X0, X1.  Given the two points, neuron i flips when
 * w_i . X0 and w_i . X1 differ in sign, which for a Gaussian row has
 * probability theta / pi, theta the angle between X0 and X1, independently
 * of the other rows: so K given theta is Binomial(m, theta / pi), and
 * theta concentrates at pi/2 as d grows (the theorem's limit; at d = 100
 * the spread of theta already adds a third to the variance).  A fresh
 * network and pair per trial: the standardised residuals
 * (K - m p) / sqrt(m p (1 - p)), p = theta / pi, have mean 0 and variance
 * 1; 300 trials give both within 0.06 and 0.08 (one standard error), the
 * test allows five. */
static void
test_kubo_theorem_31(void)
{
    size_t sizes[3] = {100, 100, 1}, trials = 300, k, j;
    double x[200], sum = 0, zsum = 0, zsum2 = 0, zm, zv;
    rc_path_opts o;
    rc_error err;

    rc_path_opts_init(&o);
    o.arithmetic = RC_ARITH_FLOAT;
    o.keep_patterns = 0;
    for (k = 0; k < trials; k++) {
        rc_random_opts ro;
        rc_net *net = NULL;
        rc_path *p = NULL;
        double K, dot = 0, n0 = 0, n1 = 0, pr, z;
        rc_random_opts_init(&ro);
        ro.seed = test_seed() * 1000 + k;
        CU_ASSERT_EQUAL_FATAL(rc_net_new_random(&net, 2, sizes, &ro, &err), RC_OK);
        rc_random_points(x, 2, 100, 0, ro.seed ^ 0xabcdef);
        CU_ASSERT_EQUAL_FATAL(rc_path_segment(&p, net, x, x + 100, &o, &err), RC_OK);
        K = (double)rc_path_num_breakpoints(p);
        CU_ASSERT_EQUAL(rc_path_layer_transitions(p, 0), (size_t)K);
        for (j = 0; j < 100; j++) {
            dot += x[j] * x[100 + j];
            n0 += x[j] * x[j];
            n1 += x[100 + j] * x[100 + j];
        }
        pr = acos(dot / sqrt(n0 * n1)) / 3.14159265358979323846;
        z = (K - 100 * pr) / sqrt(100 * pr * (1 - pr));
        sum += K;
        zsum += z;
        zsum2 += z * z;
        rc_path_free(p);
        rc_net_free(net);
    }
    zm = zsum / (double)trials;
    zv = (zsum2 - (double)trials * zm * zm) / (double)(trials - 1);
    printf("\nTheorem 3.1: K mean %.3f (50); residuals mean %.3f (0), variance %.3f (1)\n",
           sum / (double)trials, zm, zv);
    CU_ASSERT(fabs(sum / (double)trials - 50.0) < 2.0);
    CU_ASSERT(fabs(zm) < 0.3);
    CU_ASSERT(fabs(zv - 1.0) < 0.4);
}

/* The runner gives the statistics of the paths added one by one, with 1
 * or 2 threads, in every arithmetic. */
static void
test_run_matches(void)
{
    size_t sizes[4] = {5, 14, 14, 3}, n = 12, *pairs = NULL, npairs = 0, k, d;
    rc_random_opts ro;
    rc_net *net = NULL;
    double *x = malloc(n * 5 * sizeof *x);
    rc_error err;
    rc_arithmetic modes[3] = {RC_ARITH_FLOAT, RC_ARITH_FILTERED, RC_ARITH_EXACT};
    int m;

    rc_random_opts_init(&ro);
    ro.init = RC_INIT_NORMAL;
    ro.sigma_w = 1.5;
    ro.sigma_b = 0.3;
    ro.seed = test_seed() ^ 9;
    CU_ASSERT_EQUAL_FATAL(rc_net_new_random(&net, 3, sizes, &ro, &err), RC_OK);
    rc_random_points(x, n, 5, 0, ro.seed);
    CU_ASSERT_EQUAL_FATAL(rc_pairs_make(&pairs, &npairs, RC_PAIRS_RANDOM, 15, n, 5, &err), RC_OK);
    for (m = 0; m < 3; m++) {
        rc_path_stats *one = NULL, *t1 = NULL, *t2 = NULL;
        rc_paths_opts po;
        rc_path_opts o;
        rc_path_stats_opts so;
        rc_path_stats_opts_init(&so);
        so.grid = 3;
        rc_paths_opts_init(&po);
        po.path.arithmetic = modes[m];
        rc_path_opts_init(&o);
        o.arithmetic = modes[m];
        CU_ASSERT_EQUAL_FATAL(rc_path_stats_new(&one, net, 3, &so, &err), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_path_stats_new(&t1, net, 3, &so, &err), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_path_stats_new(&t2, net, 3, &so, &err), RC_OK);
        for (k = 0; k < npairs; k++) {
            rc_path *p = NULL;
            CU_ASSERT_EQUAL(rc_path_segment(&p, net, x + 5 * pairs[2 * k],
                                            x + 5 * pairs[2 * k + 1], &o, &err), RC_OK);
            rc_path_stats_add(one, p, &err);
            rc_path_free(p);
        }
        po.threads = 1;
        CU_ASSERT_EQUAL(rc_paths_run(t1, net, x, NULL, n, pairs, npairs, &po, &err), RC_OK);
        po.threads = 2;
        CU_ASSERT_EQUAL(rc_paths_run(t2, net, x, NULL, n, pairs, npairs, &po, &err), RC_OK);
        CU_ASSERT(rc_path_stats_k_mean(one) > 3);
        CU_ASSERT_EQUAL(rc_path_stats_k_mean(one), rc_path_stats_k_mean(t1));
        CU_ASSERT_EQUAL(rc_path_stats_k_mean(one), rc_path_stats_k_mean(t2));
        CU_ASSERT_EQUAL(rc_path_stats_gap_sigma2(one), rc_path_stats_gap_sigma2(t2));
        CU_ASSERT_EQUAL(rc_path_stats_deflection(one), rc_path_stats_deflection(t2));
        for (d = 0; d < 4; d++)
            CU_ASSERT_EQUAL(rc_path_stats_length(one, d), rc_path_stats_length(t2, d));
        for (d = 0; d < 2; d++)
            CU_ASSERT_EQUAL(rc_path_stats_layer_jump_mean(one, d), rc_path_stats_layer_jump_mean(t1, d));
        rc_path_stats_free(one);
        rc_path_stats_free(t1);
        rc_path_stats_free(t2);
    }
    free(x);
    free(pairs);
    rc_net_free(net);
}

static void
test_pairs(void)
{
    size_t *a = NULL, *b = NULL, na, nb, i;
    rc_error err;

    CU_ASSERT_EQUAL(rc_pairs_make(&a, &na, RC_PAIRS_ALL, 0, 5, 0, &err), RC_OK);
    CU_ASSERT_EQUAL(na, 10);
    for (i = 0; i < na; i++)
        CU_ASSERT(a[2 * i] < a[2 * i + 1] && a[2 * i + 1] < 5);
    free(a);
    CU_ASSERT_EQUAL(rc_pairs_make(&a, &na, RC_PAIRS_RANDOM, 1000, 7, 42, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_pairs_make(&b, &nb, RC_PAIRS_RANDOM, 1000, 7, 42, &err), RC_OK);
    CU_ASSERT(na == 1000 && nb == 1000 && memcmp(a, b, 2000 * sizeof *a) == 0);
    for (i = 0; i < na; i++)
        CU_ASSERT(a[2 * i] != a[2 * i + 1] && a[2 * i] < 7 && a[2 * i + 1] < 7);
    free(b);
    CU_ASSERT_EQUAL(rc_pairs_make(&b, &nb, RC_PAIRS_RANDOM, 1000, 7, 43, &err), RC_OK);
    CU_ASSERT(memcmp(a, b, 2000 * sizeof *a) != 0);
    free(a);
    free(b);
    CU_ASSERT_EQUAL(rc_pairs_make(&a, &na, RC_PAIRS_CONSECUTIVE, 0, 1, 0, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(a);
}

/* A sample that is not a finite number is refused, in every arithmetic
 * (it used to reach mpq_set_d, which aborts the process). */
static void
test_run_refuses_infinite_samples(void)
{
    rc_net *net = twice_net();
    const double x[4] = {-1, 1, INFINITY, NAN};
    const size_t pairs[2] = {0, 2};
    rc_arithmetic modes[3] = {RC_ARITH_FLOAT, RC_ARITH_FILTERED, RC_ARITH_EXACT};
    rc_paths_opts po;
    rc_path_stats *stats = NULL;
    rc_path_stats_opts so;
    rc_error err;
    int m;

    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    rc_path_stats_opts_init(&so);
    for (m = 0; m < 3; m++) {
        rc_paths_opts_init(&po);
        po.path.arithmetic = modes[m];
        po.threads = 1;
        CU_ASSERT_EQUAL_FATAL(rc_path_stats_new(&stats, net, 1, &so, &err), RC_OK);
        CU_ASSERT_EQUAL(rc_paths_run(stats, net, x, NULL, 4, pairs, 1, &po, &err),
                        RC_ERR_ARG);
        CU_ASSERT_STRING_EQUAL(err.msg, "sample 3: coordinate 1 is not a finite number");
        CU_ASSERT_EQUAL(rc_path_stats_num_paths(stats), 0);
        rc_path_stats_free(stats);
    }
    rc_net_free(net);
}

/* Moments and bounds of the initialisations; the same seed, the same
 * network. */
static void
test_random_init(void)
{
    size_t sizes[3] = {200, 300, 1}, i, j, n;
    rc_random_opts ro;
    rc_net *a = NULL, *b = NULL;
    rc_error err;
    rc_init inits[4] = {RC_INIT_HE_NORMAL, RC_INIT_HE_UNIFORM, RC_INIT_NORMAL,
                        RC_INIT_TRUNCATED_NORMAL};
    /* expected variance of the weights, bound (0: none) */
    double var[4] = {2.0 / 200, 2.0 / 200, 4.0 / 200, 0.0},
           bound[4] = {0, sqrt(6.0 / 200), 0, 2.0};
    int k;

    for (k = 0; k < 4; k++) {
        double s = 0, s2 = 0, big = 0, bs = 0;
        rc_random_opts_init(&ro);
        ro.init = inits[k];
        ro.sigma_w = 2.0;
        ro.sigma_b = 0.5;
        ro.seed = 1234;
        CU_ASSERT_EQUAL_FATAL(rc_net_new_random(&a, 2, sizes, &ro, &err), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_net_new_random(&b, 2, sizes, &ro, &err), RC_OK);
        n = 200 * 300;
        for (i = 0; i < n; i++) {
            double w = rc_net_weights(a, 0)[i];
            s += w;
            s2 += w * w;
            if (fabs(w) > big)
                big = fabs(w);
        }
        CU_ASSERT(memcmp(rc_net_weights(a, 0), rc_net_weights(b, 0), n * sizeof(double)) == 0);
        CU_ASSERT(fabs(s / (double)n) < 0.01 * sqrt(s2 / (double)n));
        if (var[k] > 0) {
            CU_ASSERT(fabs(s2 / (double)n / var[k] - 1) < 0.03);
        }
        if (bound[k] > 0) {
            CU_ASSERT(big <= bound[k] && big > 0.95 * bound[k]);
        }
        if (inits[k] == RC_INIT_TRUNCATED_NORMAL) {
            /* Var of N(0,1) truncated on [-1, 1]: 1 - 2 phi(1) / (2 Phi(1) - 1) */
            double v = 1 - 2 * 0.24197072451914337 / 0.6826894921370859;
            CU_ASSERT(fabs(s2 / (double)n / (4 * v) - 1) < 0.03);
        }
        for (j = 0; j < 300; j++)
            bs += fabs(rc_net_biases(a, 0)[j]);
        if (inits[k] == RC_INIT_HE_NORMAL || inits[k] == RC_INIT_HE_UNIFORM) {
            CU_ASSERT_EQUAL(bs, 0.0);
        } else {
            CU_ASSERT(bs > 0);
        }
        rc_net_free(a);
        rc_net_free(b);
    }
    rc_random_opts_init(&ro);
    ro.sigma_w = -1;
    CU_ASSERT_EQUAL(rc_net_new_random(&a, 2, sizes, &ro, &err), RC_ERR_ARG);
}

static void
test_points_read(void)
{
    const char *text = "x,y,z\n# comment\n1, 2, 3\n\n0.1 1/3 -2e-1\n";
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    double *d = NULL;
    mpq_t *q = NULL;
    size_t n = 0, i;
    rc_error err;
    mpq_t third;

    CU_ASSERT_EQUAL_FATAL(rc_points_read(&d, &q, &n, f, "p.csv", 3, 0, &err), RC_OK);
    fclose(f);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT(d[0] == 1 && d[2] == 3 && d[3] == 0.1 && d[5] == -0.2);
    CU_ASSERT_DOUBLE_EQUAL(d[4], 1.0 / 3, 1e-16);
    mpq_init(third);
    mpq_set_ui(third, 1, 3);
    CU_ASSERT(mpq_equal(q[4], third));
    mpq_set_str(third, "1/10", 10);
    CU_ASSERT(mpq_equal(q[3], third));
    mpq_clear(third);
    for (i = 0; i < 6; i++)
        mpq_clear(q[i]);
    free(q);
    free(d);
    text = "1,2\n3,4,5\n";
    f = fmemopen((void *)text, strlen(text), "r");
    CU_ASSERT_EQUAL(rc_points_read(&d, NULL, &n, f, "p.csv", 2, 0, &err), RC_ERR_PARSE);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(err.msg, "p.csv:2: 3 numbers, expected 2");
    text = "1\n2\n3\n";
    f = fmemopen((void *)text, strlen(text), "r");
    CU_ASSERT_EQUAL(rc_points_read(&d, NULL, &n, f, "x0", 3, 1, &err), RC_OK);
    fclose(f);
    CU_ASSERT(n == 1 && d[2] == 3);
    free(d);
    text = "1\n2\nfoo\n";
    f = fmemopen((void *)text, strlen(text), "r");
    CU_ASSERT_EQUAL(rc_points_read(&d, NULL, &n, f, "x0", 3, 1, &err), RC_ERR_PARSE);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(err.msg, "x0:3: 'foo' is not a number");
}

int
main(void)
{
    static const test_case tests[] = {
        {"statistics by hand", test_by_hand},
        {"Kim & Kim Table 3 by hand", test_near_zero},
        {"Kubo et al. Theorem 3.1", test_kubo_theorem_31},
        {"runner = paths one by one, any threads", test_run_matches},
        {"pairs", test_pairs},
        {"runner refuses samples that are not finite", test_run_refuses_infinite_samples},
        {"random initialisations", test_random_init},
        {"reading points", test_points_read},
    };

    return test_run_suite("path_stats", tests, sizeof tests / sizeof *tests);
}
