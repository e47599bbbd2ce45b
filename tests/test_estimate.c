/* test_estimate.c -- Knuth's estimator of the layer tree, with partial
 * backtracking (rc_estimate_compute):
 *  - exact where the tree leaves no choice: one hidden layer (every
 *    descent makes the root's children), a network built so that every
 *    node of a depth has the same number of children (the estimate is
 *    then the count, with a zero-width interval), and descents with
 *    enough paths to walk their whole subtree;
 *  - unbiased: single paths and a few paths per descent, averaged over
 *    many seeds, agree with the counts of enumeration;
 *  - the same seed gives the same counts for any number of threads, and
 *    another seed other counts; bad options are refused;
 *  - calibration: over a fixed list of random networks (2D and 3D, a few
 *    hundred to a few thousand regions, counted by rc_enumerate_each) and
 *    seeds, the true count lies in the 95% interval about 95% of the time.
 * Everything here is seeded by fixed numbers (no RC_TEST_SEED): the
 * calibration test is a statistical statement about this list. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/estimate.h"
#include "relucells/net.h"
#include "relucells/random.h"
#include "testutil.h"

/* RC_TEST_QUICK (valgrind runs): a few calibration runs, no band. */
static int
quick(void)
{
    return getenv("RC_TEST_QUICK") != NULL;
}

static rc_domain *
box(size_t n)
{
    double lo[8], hi[8];
    rc_domain *dom = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        lo[i] = -1.0;
        hi[i] = 1.0;
    }
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_box(&dom, n, lo, hi, NULL), RC_OK);
    return dom;
}

static rc_net *
random_net(size_t L, const size_t *sizes, unsigned long seed)
{
    rc_random_opts ro;
    rc_net *net = NULL;
    rc_error err;

    rc_random_opts_init(&ro);
    ro.init = RC_INIT_NORMAL;      /* biases too: the lines miss the origin */
    ro.sigma_w = 1.5;
    ro.sigma_b = 0.3;
    ro.seed = seed;
    CU_ASSERT_EQUAL_FATAL(rc_net_new_random(&net, L, sizes, &ro, &err), RC_OK);
    return net;
}

static int
count_none(void *user, const rc_region *r)
{
    return 0;
}

/* The regions after each hidden layer, by enumeration (counts[k] for
 * layer k + 1). */
static void
true_counts(size_t *counts, const rc_net *net, const rc_domain *dom)
{
    rc_enum_opts o;
    rc_enum_summary s;
    rc_error err;
    size_t k;

    rc_enum_opts_init(&o);
    o.geometry = 0;
    rc_enum_summary_init(&s);
    CU_ASSERT_EQUAL_FATAL(rc_enumerate_each(net, dom, &o, count_none, NULL, &s,
                                            &err), RC_OK);
    for (k = 0; k < s.num_hidden; k++)
        counts[k] = s.layer_counts[k];
    rc_enum_summary_clear(&s);
}

/* paths 0: the default. */
static void
estimate_paths(rc_estimate *est, const rc_net *net, const rc_domain *dom,
               size_t samples, unsigned long seed, int threads, size_t paths)
{
    rc_enum_opts o;
    rc_estimate_opts eo;
    rc_error err = {RC_OK, ""};
    rc_status st;

    rc_enum_opts_init(&o);
    o.geometry = 0;
    o.threads = threads;
    rc_estimate_opts_init(&eo);
    eo.samples = samples;
    eo.seed = seed;
    if (paths > 0)
        eo.paths = paths;
    st = rc_estimate_compute(est, net, dom, &o, &eo, &err);
    if (st != RC_OK)
        printf("rc_estimate_compute: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
}

static void
estimate(rc_estimate *est, const rc_net *net, const rc_domain *dom,
         size_t samples, unsigned long seed, int threads)
{
    estimate_paths(est, net, dom, samples, seed, threads, 0);
}

/* One hidden layer: every descent makes the root's children, which are
 * all the regions. */
static void
test_one_layer(void)
{
    static const size_t sizes[] = {2, 12, 1};
    rc_domain *dom = box(2);
    rc_estimate est;
    size_t counts[1];
    unsigned long s;

    rc_estimate_init(&est);
    for (s = 1; s <= 5; s++) {
        rc_net *net = random_net(2, sizes, s);
        true_counts(counts, net, dom);
        estimate(&est, net, dom, 2 + s, s, 1);
        CU_ASSERT_EQUAL(est.num_hidden, 1);
        CU_ASSERT_EQUAL(est.samples, 2 + s);
        CU_ASSERT_EQUAL(est.layers[0].estimate, (double)counts[0]);
        CU_ASSERT_EQUAL(est.layers[0].low, (double)counts[0]);
        CU_ASSERT_EQUAL(est.layers[0].high, (double)counts[0]);
        CU_ASSERT_EQUAL(est.regions.estimate, (double)counts[0]);
        CU_ASSERT_EQUAL(est.max_children, counts[0]);
        /* Every descent makes the same estimate, weighted by its share of
         * the m root's children the N descents take (m / N or one more):
         * the largest share is ceil(m / N) / m, 1 / N when N divides m. */
        {
            size_t N = 2 + s, m = counts[0] < N * est.paths ? counts[0]
                                                              : N * est.paths;
            double share = N < counts[0] ? (double)((m + N - 1) / N) / (double)m
                                         : 1.0 / (double)N;
            CU_ASSERT(fabs(est.largest_share - share) < 1e-12);
        }
        CU_ASSERT(est.seconds.estimate > 0.0);
        CU_ASSERT(est.seconds.low <= est.seconds.estimate);
        CU_ASSERT(est.seconds.estimate <= est.seconds.high);
        rc_net_free(net);
    }
    rc_estimate_clear(&est);
    rc_domain_free(dom);
}

/* Every node of a depth has as many children: on [-1,1]^2 layer 1 is
 * x2 + 2 (positive on the box: no cut) and x1 (cut at x1 = 0: 2 pieces);
 * layer 2 is h1 - 2 = x2 and h1 - 2.5 = x2 - 1/2 on both pieces (each cut
 * in 3), and layer 3 is relu(x2) - 1/4 (it cuts the pieces with
 * 0 < x2 < 1/2 at x2 = 1/4 and misses the others) -- not the same
 * branching, 8 regions.  Layers 1 and 2 have branching 2, then 3
 * everywhere: 2 and 6 regions, exactly, with zero-width intervals. */
static void
test_same_branching(void)
{
    static const size_t sizes[] = {2, 2, 2, 1, 1};
    static const double W1[] = {0, 1, 1, 0}, b1[] = {2, 0};
    static const double W2[] = {1, 0, 1, 0}, b2[] = {-2, -2.5};
    static const double W3[] = {1, 0}, b3[] = {-0.25};
    static const double W4[] = {1}, b4[] = {0};
    const double *W[] = {W1, W2, W3, W4}, *b[] = {b1, b2, b3, b4};
    rc_net *net = test_make_net(4, sizes, W, b);
    rc_domain *dom = box(2);
    rc_estimate est;
    size_t counts[3];
    unsigned long s;

    true_counts(counts, net, dom);
    CU_ASSERT_EQUAL(counts[0], 2);
    CU_ASSERT_EQUAL(counts[1], 6);
    CU_ASSERT_EQUAL(counts[2], 8);
    rc_estimate_init(&est);
    for (s = 1; s <= 5; s++) {
        estimate(&est, net, dom, 50, s, 1);
        CU_ASSERT_EQUAL(est.layers[0].estimate, 2.0);
        CU_ASSERT_EQUAL(est.layers[0].high, 2.0);
        CU_ASSERT_EQUAL(est.layers[1].estimate, 6.0);
        CU_ASSERT_EQUAL(est.layers[1].low, 6.0);
        CU_ASSERT_EQUAL(est.layers[1].high, 6.0);
        /* Layer 3: a descent counts 6 (a missed piece) or 12 (the cut
         * one), so the estimate lies in [6, 12]. */
        CU_ASSERT(est.layers[2].estimate >= 6.0 && est.layers[2].estimate <= 12.0);
        CU_ASSERT_EQUAL(est.max_children, 3);
    }
    rc_estimate_clear(&est);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* The same seed: the same counts for 1, 2 and 3 threads, with single
 * paths and with several; another seed: other counts. */
static void
test_threads_and_seeds(void)
{
    static const size_t sizes[] = {3, 8, 8, 8, 1};
    static const size_t paths[] = {1, 4, 0};
    rc_net *net = random_net(4, sizes, 11);
    rc_domain *dom = box(3);
    rc_estimate a, b;
    size_t l, p;
    int t;

    rc_estimate_init(&a);
    rc_estimate_init(&b);
    for (p = 0; p < 3; p++) {
        estimate_paths(&a, net, dom, 200, 5, 1, paths[p]);
        for (t = 2; t <= 3; t++) {
            estimate_paths(&b, net, dom, 200, 5, t, paths[p]);
            for (l = 0; l < 3; l++) {
                CU_ASSERT_EQUAL(a.layers[l].estimate, b.layers[l].estimate);
                CU_ASSERT_EQUAL(a.layers[l].low, b.layers[l].low);
                CU_ASSERT_EQUAL(a.layers[l].high, b.layers[l].high);
            }
            CU_ASSERT_EQUAL(a.max_children, b.max_children);
        }
    }
    /* Single paths: the descents differ from seed to seed. */
    estimate_paths(&a, net, dom, 200, 5, 1, 1);
    estimate_paths(&b, net, dom, 200, 6, 1, 1);
    CU_ASSERT(a.regions.estimate != b.regions.estimate);
    CU_ASSERT(a.regions.low >= 1.0 && a.regions.low <= a.regions.estimate);
    CU_ASSERT(a.regions.high >= a.regions.estimate);
    CU_ASSERT(a.largest_share > 0.0 && a.largest_share <= 1.0);
    rc_estimate_clear(&a);
    rc_estimate_clear(&b);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Paths enough for every descent to walk its whole subtree, and two
 * descents per child of the root (strata): every layer is the count, with
 * a zero-width interval. */
static void
test_whole_subtrees(void)
{
    static const size_t sizes[] = {2, 10, 10, 10, 1};
    rc_domain *dom = box(2);
    rc_estimate est;
    size_t counts[3], l;
    unsigned long s;

    rc_estimate_init(&est);
    for (s = 1; s <= 3; s++) {
        rc_net *net = random_net(4, sizes, 40 + s);
        true_counts(counts, net, dom);
        estimate_paths(&est, net, dom, 2 * counts[0], s, 0,
                       RC_ESTIMATE_MAX_PATHS);
        for (l = 0; l < 3; l++) {
            CU_ASSERT_EQUAL(est.layers[l].estimate, (double)counts[l]);
            CU_ASSERT_EQUAL(est.layers[l].low, (double)counts[l]);
            CU_ASSERT_EQUAL(est.layers[l].high, (double)counts[l]);
        }
        rc_net_free(net);
    }
    rc_estimate_clear(&est);
    rc_domain_free(dom);
}

/* Unbiased: for single paths (Knuth) and a few paths per descent, the
 * mean estimate over SEEDS_MEAN seeds of a small number of descents (so
 * that each run is far from exact) lies within 4 standard errors of the
 * count on every network and layer, the standard error being the spread
 * of the runs over sqrt(SEEDS_MEAN) (about 2.5% of the count here).  A
 * wrong weight (n instead of n / m, children drawn with replacement but
 * weighted as without) moves the mean by far more; the largest deviation
 * seen, in standard errors, is printed. */
enum { SEEDS_MEAN = 60 };

static void
test_unbiased(void)
{
    static const size_t sizes[] = {2, 12, 12, 12, 1};
    static const size_t paths[] = {1, 3, 8};
    rc_domain *dom = box(2);
    rc_estimate est;
    size_t counts[3], i, l, p, seeds = quick() ? 10 : SEEDS_MEAN;
    double worst = 0.0, worst_rel = 0.0;

    rc_estimate_init(&est);
    for (i = 1; i <= 3; i++) {
        rc_net *net = random_net(4, sizes, 70 + i);
        true_counts(counts, net, dom);
        for (p = 0; p < 3; p++) {
            double sum[3] = {0}, sq[3] = {0};
            unsigned long s;
            for (s = 1; s <= seeds; s++) {
                /* Fewer descents than children of the root: the first
                 * child is drawn too, not a stratum. */
                estimate_paths(&est, net, dom, counts[0] / 2, 1000 + s, 0,
                               paths[p]);
                /* Layer 1 stays exact, whatever the descents' shares. */
                CU_ASSERT_EQUAL(est.layers[0].estimate, (double)counts[0]);
                CU_ASSERT_EQUAL(est.layers[0].high, (double)counts[0]);
                for (l = 0; l < 3; l++) {
                    sum[l] += est.layers[l].estimate;
                    sq[l] += est.layers[l].estimate * est.layers[l].estimate;
                }
            }
            for (l = 1; l < 3; l++) {
                double mean = sum[l] / (double)seeds;
                double var = (sq[l] - (double)seeds * mean * mean)
                             / (double)(seeds - 1);
                double se = sqrt(var > 0.0 ? var : 0.0) / sqrt((double)seeds);
                double dev = fabs(mean - (double)counts[l]);
                CU_ASSERT(dev <= 4.0 * se + 1e-9 * (double)counts[l]);
                if (se > 0.0 && dev / se > worst)
                    worst = dev / se;
                if (dev / (double)counts[l] > worst_rel)
                    worst_rel = dev / (double)counts[l];
            }
        }
        rc_net_free(net);
    }
    printf("\n  unbiased: largest deviation of a mean of %zu runs from the "
           "count: %.2f standard errors, %.2f%%\n", seeds, worst,
           100.0 * worst_rel);
    rc_estimate_clear(&est);
    rc_domain_free(dom);
}

static void
test_bad_options(void)
{
    static const size_t sizes[] = {2, 4, 1};
    rc_net *net = random_net(2, sizes, 1);
    rc_domain *dom = box(2), *dom3 = box(3);
    rc_estimate est;
    rc_estimate_opts eo;
    rc_enum_opts o;
    rc_error err;

    rc_estimate_init(&est);
    rc_estimate_opts_init(&eo);
    CU_ASSERT_EQUAL(eo.samples, 1000);
    CU_ASSERT_EQUAL(eo.seed, 1);
    CU_ASSERT(eo.paths >= 1 && eo.paths <= RC_ESTIMATE_MAX_PATHS);
    eo.paths = 0;
    eo.samples = 10;
    CU_ASSERT_EQUAL(rc_estimate_compute(&est, net, dom, NULL, &eo, &err), RC_ERR_ARG);
    eo.paths = RC_ESTIMATE_MAX_PATHS + 1;
    CU_ASSERT_EQUAL(rc_estimate_compute(&est, net, dom, NULL, &eo, &err), RC_ERR_ARG);
    eo.paths = 1;
    eo.samples = 1;
    CU_ASSERT_EQUAL(rc_estimate_compute(&est, net, dom, NULL, &eo, &err), RC_ERR_ARG);
    CU_ASSERT_EQUAL(est.layers, NULL);
    eo.samples = 10;
    CU_ASSERT_EQUAL(rc_estimate_compute(&est, net, dom3, NULL, &eo, &err), RC_ERR_ARG);
    rc_enum_opts_init(&o);
    o.threads = -1;
    CU_ASSERT_EQUAL(rc_estimate_compute(&est, net, dom, &o, &eo, &err), RC_ERR_ARG);
    o.threads = 1;
    o.eps = 0.0;
    CU_ASSERT_EQUAL(rc_estimate_compute(&est, net, dom, &o, &eo, &err), RC_ERR_ARG);
    /* Defaults (NULL options) work. */
    CU_ASSERT_EQUAL(rc_estimate_compute(&est, net, dom, NULL, NULL, &err), RC_OK);
    CU_ASSERT_EQUAL(est.samples, 1000);
    rc_estimate_clear(&est);
    rc_estimate_clear(&est);   /* twice: a no-op */
    rc_domain_free(dom);
    rc_domain_free(dom3);
    rc_net_free(net);
}

/* Calibration.  The networks: 2D 2-16-16-16-1 and 2-24-24-1, 3D
 * 3-8-8-8-1 and 3-12-12-1 (W ~ N(0, 1.5^2 / fan-in), b ~ N(0, 0.3^2),
 * seeds fixed), NETS of each, 500 to 2500 regions; estimates with SAMPLES
 * descents and seeds 1..SEEDS: RUNS = 4 NETS SEEDS = 384 runs.  With 300
 * samples two ways of computing the interval are used: the root has 50 to
 * 250 children, so some networks give every child two descents or more
 * (strata) and others not (draws without replacement).  With SAMPLES_FEW
 * = 20, fewer than the root's children, the third: each descent takes
 * several of them, all are taken, and the interval is the ratio
 * estimator's.
 *
 * The band: were the interval exact, the runs whose interval holds the
 * true count would be binomial(RUNS, 0.95): 95% +- 1.1% (one sd).  Two
 * things move it: the normal interval is only asymptotic, and Knuth's
 * estimator is skewed (most descents undercount, a few bushy ones
 * overcount a lot), so its sample sd is often too small and coverage
 * falls short (the classic estimator gave 85 to 92% in our first runs);
 * and the draws without replacement make the interval a little wide,
 * which raises it.  Measured on this list with single paths: 94.0% (and
 * 96.4% with 200 samples, 97.1% with 1000), mean relative width 0.23;
 * with the default 16 paths per descent 93.5%, width 0.125 (much of these
 * small trees is walked whole); with 20 samples 97.1%, width 0.147 (the
 * plain spread of the descents, which counts the differences between the
 * root's children they took, gave 99.7%, width 0.39).  The layers between
 * the first and the last are counted alike, but for the zero-width
 * intervals that are right (a layer whose every node was seen), which no
 * band applies to.  We require 88% to 99%: a biased estimator
 * or a wrong variance (a missing 1 / N, strata weighted wrongly) moves it
 * far out of that band, binomial noise (5 sd wide) does not.  And the mean
 * relative width below 0.5 (see above): an interval made wide enough
 * never to fail would pass the coverage alone. */
enum { NETS = 16, SEEDS = 6, SAMPLES = 300, SAMPLES_FEW = 20 };

/* Runs of one number of samples: intervals holding the count (regions;
 * the layers after the first but the zero-width intervals that are
 * right), those, widths and errors. */
typedef struct tally {
    size_t runs, covered, layer_runs, layer_covered, exact;
    double width, error;
} tally;

static void
tally_run(tally *t, const rc_estimate *est, const size_t *counts, size_t L)
{
    double truth = (double)counts[L - 2];
    size_t k;

    t->runs++;
    t->covered += est->regions.low <= truth && truth <= est->regions.high;
    t->width += (est->regions.high - est->regions.low) / truth;
    t->error += fabs(est->regions.estimate - truth) / truth;
    for (k = 1; k + 1 < L; k++) {
        double c = (double)counts[k];
        /* A zero-width interval that is right: every node of the layer
         * was seen (it is not held against the upper bound). */
        if (est->layers[k].low == est->layers[k].high
            && fabs(est->layers[k].estimate - c) <= 1e-9 * c) {
            t->exact++;
            continue;
        }
        t->layer_runs++;
        t->layer_covered += est->layers[k].low <= c && c <= est->layers[k].high;
    }
}

static void
tally_check(const tally *t, size_t samples)
{
    printf("\n  %zu runs of %zu samples: the interval held the count in %zu "
           "(%.1f%%); every layer after the first and before the last: %zu "
           "of %zu (%.1f%%), and %zu exact; mean relative width %.3f, mean "
           "relative error %.3f", t->runs, samples, t->covered,
           100.0 * (double)t->covered / (double)t->runs, t->layer_covered,
           t->layer_runs, 100.0 * (double)t->layer_covered
                          / (double)(t->layer_runs ? t->layer_runs : 1),
           t->exact, t->width / (double)t->runs,
           t->error / (double)t->runs);
    if (quick())
        return;
    CU_ASSERT((double)t->covered >= 0.88 * (double)t->runs);
    CU_ASSERT((double)t->covered <= 0.99 * (double)t->runs);
    CU_ASSERT((double)t->layer_covered >= 0.88 * (double)t->layer_runs);
    CU_ASSERT((double)t->layer_covered <= 0.99 * (double)t->layer_runs);
    CU_ASSERT(t->width / (double)t->runs < 0.5);
}

/* SAMPLES descents (more than the root's children: rounds, strata) and
 * SAMPLES_FEW (fewer: every child of the root taken, the paths given out
 * by children, the ratio estimator's variance). */
static void
test_calibration(void)
{
    static const size_t s2a[] = {2, 16, 16, 16, 1}, s2b[] = {2, 24, 24, 1};
    static const size_t s3a[] = {3, 8, 8, 8, 1}, s3b[] = {3, 12, 12, 1};
    static const struct { size_t L, n; const size_t *sizes; } shapes[] = {
        {4, 2, s2a}, {3, 2, s2b}, {4, 3, s3a}, {3, 3, s3b}};
    static const size_t samples[2] = {SAMPLES, SAMPLES_FEW};
    rc_domain *dom2 = box(2), *dom3 = box(3);
    rc_estimate est;
    tally t[2] = {{0}};
    size_t i, j, c, smallest = (size_t)-1, largest = 0, fewest = (size_t)-1;
    size_t nets = quick() ? 1 : NETS, seeds = quick() ? 2 : SEEDS;

    rc_estimate_init(&est);
    for (i = 0; i < 4; i++) {
        for (j = 1; j <= nets; j++) {
            size_t L = shapes[i].L, counts[8];
            rc_net *net = random_net(L, shapes[i].sizes, 100 * i + j);
            rc_domain *dom = shapes[i].n == 2 ? dom2 : dom3;
            unsigned long s;
            true_counts(counts, net, dom);
            if (counts[L - 2] < smallest)
                smallest = counts[L - 2];
            if (counts[L - 2] > largest)
                largest = counts[L - 2];
            if (counts[0] < fewest)
                fewest = counts[0];
            for (s = 1; s <= seeds; s++)
                for (c = 0; c < 2; c++) {
                    estimate(&est, net, dom, samples[c], s, 0);
                    tally_run(&t[c], &est, counts, L);
                }
            rc_net_free(net);
        }
    }
    printf("\n  calibration: %zu networks of %zu to %zu regions, %zu or more "
           "pieces after layer 1", 4 * nets, smallest, largest, fewest);
    CU_ASSERT(smallest >= 300 && largest <= 5000);
    /* SAMPLES_FEW is fewer than the root's children. */
    CU_ASSERT(fewest > SAMPLES_FEW);
    for (c = 0; c < 2; c++)
        tally_check(&t[c], samples[c]);
    printf("\n");
    rc_estimate_clear(&est);
    rc_domain_free(dom2);
    rc_domain_free(dom3);
}

int
main(void)
{
    static const test_case tests[] = {
        { "one hidden layer: exact", test_one_layer },
        { "the same branching at every node: exact", test_same_branching },
        { "threads and seeds", test_threads_and_seeds },
        { "paths enough for whole subtrees: exact", test_whole_subtrees },
        { "unbiased, with one path or several", test_unbiased },
        { "bad options", test_bad_options },
        { "calibration of the 95% interval", test_calibration },
    };

    return test_run_suite("estimate", tests, sizeof tests / sizeof tests[0]);
}
