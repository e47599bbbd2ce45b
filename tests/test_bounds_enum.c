/* test_bounds_enum.c -- the bounds against the enumeration.
 *
 * Zaslavsky's exact count of the first layer's arrangement must equal the
 * number of regions rc_enumerate finds over all of R^n, exactly, also when
 * the arrangement is degenerate (small integer weights make parallel,
 * coincident and concurrent hyperplanes and zero rows common); the deep
 * bounds must never be below an enumerated count; and a bound is attained
 * where the theory says it is. */
#include <stdlib.h>

#include "relucells.h"
#include "testutil.h"

static unsigned long rng_state;

static long
rnd(long lo, long hi)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return lo + (long)((rng_state >> 33) % (unsigned long)(hi - lo + 1));
}

/* A network with the given hidden widths, one output, integer weights in
 * [-w, w] and biases in [-b, b]. */
static rc_net *
random_net(size_t n, const size_t *widths, size_t hidden, long w, long b)
{
    size_t sizes[8], l, i, j;
    rc_net *net = NULL;

    sizes[0] = n;
    for (l = 0; l < hidden; l++)
        sizes[l + 1] = widths[l];
    sizes[hidden + 1] = 1;
    CU_ASSERT_FATAL(rc_net_new(&net, hidden + 1, sizes, NULL) == RC_OK);
    for (l = 0; l <= hidden; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, (double)rnd(-w, w));
            rc_net_set_bias(net, l, i, (double)rnd(-b, b));
        }
    return net;
}

static size_t
enumerate_count_with(const rc_net *net, const rc_domain *dom, rc_arithmetic arith,
                     size_t threads, size_t *layer_counts)
{
    rc_enum_opts opts;
    rc_partition *part = NULL;
    size_t k, count;

    rc_enum_opts_init(&opts);
    opts.arithmetic = arith;
    opts.threads = threads;
    opts.chebyshev = opts.volume = 0;
    CU_ASSERT_FATAL(rc_enumerate(&part, net, dom, &opts, NULL) == RC_OK);
    count = rc_partition_num_regions(part);
    for (k = 0; layer_counts && k < rc_partition_num_hidden(part); k++)
        layer_counts[k] = rc_partition_layer_count(part, k);
    rc_partition_free(part);
    return count;
}

static size_t
enumerate_count(const rc_net *net, const rc_domain *dom, int exact,
                size_t *layer_counts)
{
    return enumerate_count_with(net, dom, exact ? RC_ARITH_EXACT : RC_ARITH_FLOAT,
                                1, layer_counts);
}

/* Degenerate single layers: Zaslavsky's count equals the exact
 * enumeration over R^n, in 1, 2 and 3 dimensions. */
static void
test_first_layer_degenerate(void)
{
    size_t trial, n, N;

    rng_state = test_seed();
    for (trial = 0; trial < 60; trial++) {
        rc_arrangement_info info;
        rc_domain *dom = NULL;
        rc_net *net;
        size_t count;

        n = 1 + trial % 3;
        N = 2 + (size_t)rnd(0, n == 3 ? 4 : 6);
        net = random_net(n, &N, 1, 2, 2);
        CU_ASSERT_FATAL(rc_domain_new_unbounded(&dom, n, NULL, NULL) == RC_OK);
        rc_arrangement_info_init(&info);
        CU_ASSERT_FATAL(rc_arrangement_of_first_layer(&info, net, dom, NULL,
                                                      NULL) == RC_OK);
        count = enumerate_count(net, dom, 1, NULL);
        CU_ASSERT(mpz_cmp_ui(info.regions, (unsigned long)count) == 0);
        if (mpz_cmp_ui(info.regions, (unsigned long)count) != 0)
            gmp_printf("trial %zu (n=%zu, N=%zu): Zaslavsky %Zd, enumerated %zu\n",
                       trial, n, N, info.regions, count);
        rc_arrangement_info_clear(&info);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

/* Wide degenerate single layers, 12 to 40 lines in the plane and 10 to 18
 * planes in space (parallel, coincident and concurrent ones common): a
 * piece is cut by its first hyperplane only after those that miss it are
 * dropped, on one thread and on two (the root is then cut in parallel).
 * Exact and default arithmetic must both find Zaslavsky's count. */
static void
test_first_layer_wide(void)
{
    size_t trial, n, N;

    rng_state = test_seed() + 2;
    for (trial = 0; trial < 24; trial++) {
        rc_arrangement_info info;
        rc_domain *dom = NULL;
        rc_net *net;
        size_t exact, dflt;

        n = 2 + trial % 2;
        N = n == 2 ? 12 + (size_t)rnd(0, 28) : 10 + (size_t)rnd(0, 8);
        net = random_net(n, &N, 1, 3, 4);
        CU_ASSERT_FATAL(rc_domain_new_unbounded(&dom, n, NULL, NULL) == RC_OK);
        rc_arrangement_info_init(&info);
        CU_ASSERT_FATAL(rc_arrangement_of_first_layer(&info, net, dom, NULL,
                                                      NULL) == RC_OK);
        exact = enumerate_count_with(net, dom, RC_ARITH_EXACT, 1 + trial % 2, NULL);
        dflt = enumerate_count_with(net, dom, RC_ARITH_FILTERED, 2 - trial % 2, NULL);
        CU_ASSERT(mpz_cmp_ui(info.regions, (unsigned long)exact) == 0);
        CU_ASSERT(mpz_cmp_ui(info.regions, (unsigned long)dflt) == 0);
        if (mpz_cmp_ui(info.regions, (unsigned long)exact) != 0
            || mpz_cmp_ui(info.regions, (unsigned long)dflt) != 0)
            gmp_printf("trial %zu (n=%zu, N=%zu): Zaslavsky %Zd, exact %zu, default %zu\n",
                       trial, n, N, info.regions, exact, dflt);
        rc_arrangement_info_clear(&info);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

/* Deep random networks over R^n and over a box: every layer's count is at
 * most the Serra bound, which is at most Montufar's, at most the product
 * of Zaslavsky maxima. */
static void
test_deep_counts_below_bounds(void)
{
    size_t trial;

    rng_state = test_seed() + 1;
    for (trial = 0; trial < 24; trial++) {
        size_t n = 1 + trial % 3, hidden = 2 + trial % 2, widths[3], k;
        size_t counts[3];
        mpz_t zb[3], mb[3], sb[3];
        rc_domain *dom = NULL;
        rc_net *net;
        double lo[3] = {-3, -3, -3}, hi[3] = {3, 3, 3};

        for (k = 0; k < hidden; k++) {
            widths[k] = 2 + (size_t)rnd(0, n == 3 ? 2 : 4);
            mpz_inits(zb[k], mb[k], sb[k], NULL);
        }
        net = random_net(n, widths, hidden, 3, 3);
        CU_ASSERT_FATAL(rc_bound_table(zb, mb, sb, n, widths, hidden, NULL) == RC_OK);
        if (trial % 2) {
            CU_ASSERT_FATAL(rc_domain_new_unbounded(&dom, n, NULL, NULL) == RC_OK);
        } else {
            CU_ASSERT_FATAL(rc_domain_new_box(&dom, n, lo, hi, NULL) == RC_OK);
        }
        enumerate_count(net, dom, 1, counts);
        for (k = 0; k < hidden; k++) {
            CU_ASSERT(mpz_cmp_ui(sb[k], (unsigned long)counts[k]) >= 0);
            CU_ASSERT(mpz_cmp(sb[k], mb[k]) <= 0);
            CU_ASSERT(mpz_cmp(mb[k], zb[k]) <= 0);
            mpz_clears(zb[k], mb[k], sb[k], NULL);
        }
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

/* Attained: N distinct points on the line make N + 1 intervals, the Serra
 * (and every) bound for one layer and n = 1; N lines in general position
 * in the plane make 1 + N + C(N,2) regions, the Zaslavsky maximum. */
static void
test_bounds_attained(void)
{
    size_t sizes1[3] = {1, 5, 1}, sizes2[3] = {2, 6, 1}, i, count;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    mpz_t s;

    mpz_init(s);
    CU_ASSERT_FATAL(rc_net_new(&net, 2, sizes1, NULL) == RC_OK);
    for (i = 0; i < 5; i++) {
        rc_net_set_weight(net, 0, i, 0, i % 2 ? 1.0 : -1.0);
        rc_net_set_bias(net, 0, i, (double)i);
    }
    CU_ASSERT_FATAL(rc_domain_new_unbounded(&dom, 1, NULL, NULL) == RC_OK);
    count = enumerate_count(net, dom, 1, NULL);
    CU_ASSERT_FATAL(rc_bound_serra(s, 1, sizes1 + 1, 1, NULL) == RC_OK);
    CU_ASSERT(count == 6);
    CU_ASSERT(mpz_cmp_ui(s, 6) == 0);
    rc_domain_free(dom);
    rc_net_free(net);

    /* Lines y = i x + i^2: slopes distinct, no three concurrent. */
    CU_ASSERT_FATAL(rc_net_new(&net, 2, sizes2, NULL) == RC_OK);
    for (i = 0; i < 6; i++) {
        rc_net_set_weight(net, 0, i, 0, (double)i);
        rc_net_set_weight(net, 0, i, 1, -1.0);
        rc_net_set_bias(net, 0, i, (double)(i * i));
    }
    CU_ASSERT_FATAL(rc_domain_new_unbounded(&dom, 2, NULL, NULL) == RC_OK);
    count = enumerate_count(net, dom, 1, NULL);
    rc_bound_zaslavsky_product(s, 2, sizes2 + 1, 1);
    CU_ASSERT(count == 22);
    CU_ASSERT(mpz_cmp_ui(s, 22) == 0);
    CU_ASSERT(enumerate_count(net, dom, 0, NULL) == 22);
    rc_domain_free(dom);
    rc_net_free(net);
    mpz_clear(s);
}

int
main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    test_seed();
    s = CU_add_suite("bounds against the enumeration", NULL, NULL);
    if (s == NULL
        || !CU_add_test(s, "degenerate first layers: Zaslavsky = enumeration",
                        test_first_layer_degenerate)
        || !CU_add_test(s, "wide degenerate first layers: Zaslavsky = enumeration",
                        test_first_layer_wide)
        || !CU_add_test(s, "deep counts below the bounds",
                        test_deep_counts_below_bounds)
        || !CU_add_test(s, "bounds attained", test_bounds_attained)) {
        CU_cleanup_registry();
        return 1;
    }
    return test_run_all();
}
