/* test_engine.c -- the engine's promises beyond the regions themselves:
 * the ordered sink, threads, limits, stops and progress.
 *
 * The regions a run hands over are written into a byte string per region
 * (id, pattern, facets with their owners, vertices, rays, interior point,
 * radius, volume, output map, and the exact numbers when there are any),
 * so that two runs can be compared bitwise with memcmp:
 *  - rc_enumerate_each hands over exactly the regions rc_enumerate keeps,
 *    in the same order, numbered 1..N;
 *  - threads 1, 2, 3 and 0 (all cores) give the same bytes, layer counts
 *    and decision counters, in each arithmetic, on networks big enough to
 *    make many tasks (the engine cuts tasks at the first level of the
 *    layer tree with 1024 nodes, in runs of 32 siblings);
 *  - a run cut short by max_regions, the time limit, the callback or the
 *    stop flag hands over regions of the full run, in its order, numbered
 *    1..k, with the same bytes (ids aside), each one's interior point
 *    evaluating to its pattern, and says why it stopped;
 *  - progress reports are monotone and end with one marked finished;
 *  - bad options are refused before any work.
 * The random networks come from a seeded LCG (RC_TEST_SEED); RC_TEST_QUICK
 * (valgrind runs) makes them smaller. */
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

static int
quick(void)
{
    return getenv("RC_TEST_QUICK") != NULL;
}

static double
seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* realloc or die: the callbacks run on the engine's threads, where a
 * CUnit fatal assertion (a longjmp) must not happen. */
static void *
xrealloc(void *p, size_t size)
{
    p = realloc(p, size);
    if (p == NULL) {
        fputs("test_engine: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* ---- networks ------------------------------------------------------------ */

/* The three test networks of the thread tests: 2D with tasks on the last
 * level (Theta_1 of 40 lines has at most 821 < 1024 regions), 3D with
 * tasks a level above it (Theta_2 has more than 1024), and a small one
 * (one task).  RC_TEST_QUICK: narrower. */
enum { NET_2D, NET_3D, NET_SMALL, NUM_NETS };

static rc_net *
test_net(int which)
{
    static const size_t s2[] = {2, 40, 40, 1}, s2q[] = {2, 16, 16, 1};
    static const size_t s3[] = {3, 12, 12, 12, 1}, s3q[] = {3, 6, 6, 6, 1};
    static const size_t ss[] = {2, 5, 4, 1};

    switch (which) {
    case NET_2D: return test_random_net(3, quick() ? s2q : s2, 1);
    case NET_3D: return test_random_net(4, quick() ? s3q : s3, 2);
    default: return test_random_net(3, ss, 3);
    }
}

/* ---- recording what a run hands over ------------------------------------- */

/* Every region seen, as bytes to compare, and its pattern and interior
 * point to check. */
typedef struct record {
    const rc_net *net;
    size_t plen, dim, n, cap;
    size_t *ids, *start;            /* start[i]: region i's bytes */
    unsigned char *patterns;        /* n * plen */
    double *points, *radii;         /* n * dim, n */
    unsigned char *bytes;
    size_t len, bcap;
    /* Stop after stop_after regions (0: never): by returning nonzero, or,
     * when stop_flag is set, by setting it and returning 0. */
    size_t stop_after;
    volatile int *stop_flag;
    int inside, overlaps;           /* one call at a time? */
} record;

static void
record_init(record *rec, const rc_net *net, size_t dim)
{
    memset(rec, 0, sizeof *rec);
    rec->net = net;
    rec->plen = rc_net_num_neurons(net);
    rec->dim = dim;
}

static void
record_clear(record *rec)
{
    free(rec->ids);
    free(rec->start);
    free(rec->patterns);
    free(rec->points);
    free(rec->radii);
    free(rec->bytes);
    memset(rec, 0, sizeof *rec);
}

static void
put(record *rec, const void *p, size_t k)
{
    if (rec->len + k > rec->bcap) {
        rec->bcap = 2 * (rec->len + k) + 4096;
        rec->bytes = xrealloc(rec->bytes, rec->bcap);
    }
    memcpy(rec->bytes + rec->len, p, k);
    rec->len += k;
}

static void
put_size(record *rec, size_t v)
{
    put(rec, &v, sizeof v);
}

static void
put_q(record *rec, mpq_srcptr q, size_t k)
{
    size_t i;

    for (i = 0; i < k; i++) {
        char *s = mpq_get_str(NULL, 16, &q[i]);
        put(rec, s, strlen(s) + 1);
        free(s);
    }
}

/* Region r's bytes; the id comes first so that it can be skipped. */
static void
record_add(record *rec, const rc_region *r)
{
    size_t d = rec->dim, i, k;

    if (rec->n == rec->cap) {
        rec->cap = rec->cap ? 2 * rec->cap : 256;
        rec->ids = xrealloc(rec->ids, rec->cap * sizeof *rec->ids);
        rec->start = xrealloc(rec->start, (rec->cap + 1) * sizeof *rec->start);
        rec->patterns = xrealloc(rec->patterns, rec->cap * rec->plen + 1);
        rec->points = xrealloc(rec->points, rec->cap * d * sizeof *rec->points + 1);
        rec->radii = xrealloc(rec->radii, rec->cap * sizeof *rec->radii);
    }
    rec->ids[rec->n] = rc_region_id(r);
    rec->start[rec->n] = rec->len;
    memcpy(rec->patterns + rec->n * rec->plen, rc_region_pattern(r), rec->plen);
    put_size(rec, rc_region_id(r));
    put(rec, rc_region_pattern(r), rec->plen);
    k = rc_region_num_facets(r);
    put_size(rec, k);
    for (i = 0; i < k; i++) {
        double b;
        rc_owner o;
        const double *a = rc_region_facet(r, i, &b, &o);
        put(rec, a, d * sizeof *a);
        put(rec, &b, sizeof b);
        /* field by field: the struct's padding is not part of it */
        put(rec, &o.kind, sizeof o.kind);
        put(rec, &o.layer, sizeof o.layer);
        put(rec, &o.index, sizeof o.index);
        put(rec, &o.upper, sizeof o.upper);
        put(rec, &o.cut, sizeof o.cut);
    }
    put_size(rec, k = rc_region_num_vertices(r));
    for (i = 0; i < k; i++)
        put(rec, rc_region_vertex(r, i), d * sizeof(double));
    put_size(rec, k = rc_region_num_rays(r));
    for (i = 0; i < k; i++)
        put(rec, rc_region_ray(r, i), d * sizeof(double));
    put_size(rec, k = rc_region_num_lines(r));
    for (i = 0; i < k; i++)
        put(rec, rc_region_line(r, i), d * sizeof(double));
    if (rc_region_num_facets(r) > 0) {
        double rad = rc_region_chebyshev_radius(r), vol = rc_region_volume(r);
        const double *x = rc_region_interior_point(r);
        put(rec, x, d * sizeof *x);
        memcpy(rec->points + rec->n * d, x, d * sizeof *x);
        rec->radii[rec->n] = rad;
        put(rec, &rad, sizeof rad);
        put(rec, &vol, sizeof vol);
        put(rec, rc_region_output_A(r),
            rc_net_num_outputs(rec->net) * d * sizeof(double));
        put(rec, rc_region_output_c(r),
            rc_net_num_outputs(rec->net) * sizeof(double));
    } else {
        rec->radii[rec->n] = -1.0;     /* no geometry: nothing to check */
    }
    if (rc_region_is_exact(r)) {
        mpq_srcptr b;
        for (i = 0; i < rc_region_num_facets(r); i++) {
            put_q(rec, rc_region_facet_q(r, i, &b), d);
            put_q(rec, b, 1);
        }
        for (i = 0; i < rc_region_num_vertices(r); i++)
            put_q(rec, rc_region_vertex_q(r, i), d);
    }
    rec->n++;
    rec->start[rec->n] = rec->len;
}

static int
on_region(void *user, const rc_region *r)
{
    record *rec = user;
    int stop = 0;

    if (__atomic_exchange_n(&rec->inside, 1, __ATOMIC_ACQ_REL))
        rec->overlaps++;
    record_add(rec, r);
    if (rec->stop_after > 0 && rec->n >= rec->stop_after) {
        if (rec->stop_flag != NULL)
            *rec->stop_flag = 1;
        else
            stop = 1;
    }
    __atomic_store_n(&rec->inside, 0, __ATOMIC_RELEASE);
    return stop;
}

/* Run rc_enumerate_each into rec; an unexpected status is printed. */
static rc_status
run_each(record *rec, const rc_net *net, const rc_domain *dom,
         const rc_enum_opts *opts, rc_enum_summary *sum, rc_status want)
{
    rc_error err = {RC_OK, ""};
    rc_status st;

    rc_enum_summary_clear(sum);
    st = rc_enumerate_each(net, dom, opts, on_region, rec, sum, &err);
    CU_ASSERT_EQUAL(st, want);
    if (st != want)
        printf("\n  rc_enumerate_each: status %d, expected %d: %s\n", st, want,
               err.msg);
    CU_ASSERT_EQUAL(rec->overlaps, 0);
    CU_ASSERT_EQUAL(sum->num_regions, rec->n);
    return st;
}

/* Region i of a and region j of b: the same bytes (skip_id: ids aside)? */
static int
same_region(const record *a, size_t i, const record *b, size_t j, int skip_id)
{
    size_t off = skip_id ? sizeof(size_t) : 0;
    size_t la = a->start[i + 1] - a->start[i], lb = b->start[j + 1] - b->start[j];

    return la == lb
           && memcmp(a->bytes + a->start[i] + off, b->bytes + b->start[j] + off,
                     la - off) == 0;
}

/* The same regions in the same order, bitwise? */
static int
same_record(const record *a, const record *b, const char *what)
{
    size_t i;

    if (a->n != b->n) {
        printf("\n  %s: %zu regions against %zu\n", what, b->n, a->n);
        return 0;
    }
    for (i = 0; i < a->n; i++)
        if (!same_region(a, i, b, i, 0)) {
            printf("\n  %s: region %zu differs\n", what, i + 1);
            return 0;
        }
    return 1;
}

static int
ids_consecutive(const record *rec)
{
    size_t i;

    for (i = 0; i < rec->n; i++)
        if (rec->ids[i] != i + 1)
            return 0;
    return 1;
}

/* Is each region's interior point in the region by the network's own
 * evaluation?  A point closer than 1e-9 to a facet is not asked: the
 * rounding of the evaluation could put it on either side. */
static int
points_evaluate_to_patterns(const record *rec)
{
    unsigned char *pat = malloc(rec->plen + 1);
    double *y = malloc(rc_net_num_outputs(rec->net) * sizeof *y);
    size_t i;
    int ok = 1;

    CU_ASSERT_FATAL(pat != NULL && y != NULL);
    for (i = 0; i < rec->n && ok; i++) {
        if (!(rec->radii[i] > 1e-9))
            continue;
        CU_ASSERT_EQUAL_FATAL(rc_net_eval(rec->net, y, pat,
                                          rec->points + i * rec->dim), RC_OK);
        if (memcmp(pat, rec->patterns + i * rec->plen, rec->plen) != 0) {
            printf("\n  region %zu: its interior point has another pattern\n",
                   rec->ids[i]);
            ok = 0;
        }
    }
    free(pat);
    free(y);
    return ok;
}

/* Index in full of the region with pattern pat, or -1; the search starts
 * at from, where a run in the full run's order finds it at once. */
static size_t
find_pattern(const record *full, const unsigned char *pat, size_t from)
{
    size_t k, i;

    for (k = 0; k < full->n; k++) {
        i = (from + k) % full->n;
        if (memcmp(full->patterns + i * full->plen, pat, full->plen) == 0)
            return i;
    }
    return (size_t)-1;
}

/* A partial run's regions: numbered 1..k, each a region of the full run
 * with the same bytes (ids aside), in the full run's order (a
 * subsequence of it), and each interior point evaluates to its pattern. */
static void
check_partial(const record *part, const record *full, const char *what)
{
    size_t i, j, last = 0;
    int ok = 1;

    CU_ASSERT(ids_consecutive(part));
    CU_ASSERT(points_evaluate_to_patterns(part));
    for (i = 0; i < part->n && ok; i++) {
        j = find_pattern(full, part->patterns + i * part->plen, i ? last + 1 : 0);
        if (j == (size_t)-1) {
            printf("\n  %s: region %zu is not a region of the full run\n", what, i + 1);
            ok = 0;
        } else if (!same_region(part, i, full, j, 1)) {
            printf("\n  %s: region %zu is not the full run's region %zu\n",
                   what, i + 1, j + 1);
            ok = 0;
        } else if (i > 0 && j <= last) {
            printf("\n  %s: region %zu comes before its predecessor in the "
                   "full run\n", what, i + 1);
            ok = 0;
        }
        last = j;
    }
    CU_ASSERT(ok);
}

/* The full run of net on dom (threads 1), into full. */
static void
full_run(record *full, rc_enum_summary *sum, const rc_net *net,
         const rc_domain *dom, const rc_enum_opts *base)
{
    rc_enum_opts o = *base;

    o.threads = 1;
    record_init(full, net, rc_domain_dim(dom));
    run_each(full, net, dom, &o, sum, RC_OK);
    CU_ASSERT_EQUAL(sum->complete, 1);
    CU_ASSERT_EQUAL(sum->stop_reason, RC_STOP_NONE);
}

/* ---- the sink ------------------------------------------------------------ */

/* Three lines x1 = 0, x2 = 0, x1 + x2 = 1/2 in [-1,1]^2 meet pairwise at
 * (0,0), (0,1/2), (1/2,0), all inside, and no three at one point: they cut
 * the box into 1 + 3 + 3 = 7 regions.  The pattern (x1 > 0, x2 > 0,
 * x1 + x2 > 1/2) = 001 is the one missing (x1, x2 < 0 forces x1 + x2 < 0).
 * Children come ordered by their bits, so the ids follow 000, 010, 011,
 * 100, 101, 110, 111; region 110 is the triangle (0,0), (1/2,0), (0,1/2)
 * of area 1/8. */
static void
test_sink_three_lines(void)
{
    static const double W1[] = {1, 0, 0, 1, 1, 1}, b1[] = {0, 0, -0.5};
    static const double W2[] = {1, 1, 1}, b2[] = {0};
    static const double *W[] = {W1, W2}, *b[] = {b1, b2};
    static const size_t sizes[] = {2, 3, 1};
    static const char *want[7] = {"000", "010", "011", "100", "101", "110", "111"};
    rc_net *net = test_make_net(2, sizes, W, b);
    rc_domain *dom = test_unit_box(2);
    rc_enum_summary sum;
    rc_partition *part = NULL;
    record each, kept;
    size_t i, k;

    rc_enum_summary_init(&sum);
    record_init(&each, net, 2);
    run_each(&each, net, dom, NULL, &sum, RC_OK);
    CU_ASSERT_EQUAL(each.n, 7);
    CU_ASSERT_EQUAL(sum.num_hidden, 1);
    CU_ASSERT_EQUAL(sum.layer_counts[0], 7);
    CU_ASSERT(ids_consecutive(&each));
    for (i = 0; i < each.n && i < 7; i++)
        for (k = 0; k < 3; k++)
            CU_ASSERT_EQUAL(each.patterns[3 * i + k], want[i][k] - '0');
    CU_ASSERT(points_evaluate_to_patterns(&each));

    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, NULL, NULL), RC_OK);
    record_init(&kept, net, 2);
    for (i = 0; i < rc_partition_num_regions(part); i++)
        record_add(&kept, rc_partition_region(part, i));
    CU_ASSERT(same_record(&kept, &each, "rc_enumerate_each against rc_enumerate"));
    CU_ASSERT_DOUBLE_EQUAL(rc_region_volume(rc_partition_region(part, 5)), 0.125, 1e-12);

    rc_partition_free(part);
    record_clear(&each);
    record_clear(&kept);
    rc_enum_summary_clear(&sum);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* rc_enumerate_each sees what rc_enumerate keeps, region for region, on
 * random 2D and 3D networks, with geometry and with bare patterns. */
static void
test_sink_matches_partition(void)
{
    static const size_t s2[] = {2, 9, 7, 5, 1}, s3[] = {3, 7, 6, 1};
    int which, geometry;

    for (which = 0; which < 2; which++)
        for (geometry = 1; geometry >= 0; geometry--) {
            rc_net *net = which ? test_random_net(3, s3, 20) : test_random_net(4, s2, 21);
            size_t n = which ? 3 : 2, i;
            rc_domain *dom = test_unit_box(n);
            rc_partition *part = NULL;
            rc_enum_summary sum;
            rc_enum_opts o;
            record each, kept;

            rc_enum_opts_init(&o);
            o.geometry = geometry;
            rc_enum_summary_init(&sum);
            record_init(&each, net, n);
            run_each(&each, net, dom, &o, &sum, RC_OK);
            CU_ASSERT(each.n > 20);
            CU_ASSERT(ids_consecutive(&each));
            CU_ASSERT_EQUAL(sum.layer_counts[sum.num_hidden - 1], each.n);
            CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, &o, NULL), RC_OK);
            record_init(&kept, net, n);
            for (i = 0; i < rc_partition_num_regions(part); i++)
                record_add(&kept, rc_partition_region(part, i));
            CU_ASSERT(same_record(&kept, &each, "each against rc_enumerate"));
            for (i = 0; i < sum.num_hidden; i++)
                CU_ASSERT_EQUAL(rc_partition_layer_count(part, i), sum.layer_counts[i]);
            if (geometry)
                CU_ASSERT(points_evaluate_to_patterns(&each));
            rc_partition_free(part);
            record_clear(&each);
            record_clear(&kept);
            rc_enum_summary_clear(&sum);
            rc_domain_free(dom);
            rc_net_free(net);
        }
}

/* The callback returns nonzero at region k: exactly k regions were handed
 * over, the first k of the full run, and the run says why it stopped. */
static void
test_callback_stops(void)
{
    static const size_t ks[] = {1, 5, 100};
    static const int threads[] = {1, 2};
    rc_net *net = test_net(NET_2D);
    rc_domain *dom = test_unit_box(2);
    rc_enum_summary sum;
    rc_enum_opts o;
    record full;
    size_t a, t, i;

    rc_enum_opts_init(&o);
    rc_enum_summary_init(&sum);
    full_run(&full, &sum, net, dom, &o);
    for (a = 0; a < sizeof ks / sizeof *ks; a++)
        for (t = 0; t < 2; t++) {
            record rec;
            record_init(&rec, net, 2);
            rec.stop_after = ks[a];
            o.threads = threads[t];
            run_each(&rec, net, dom, &o, &sum, RC_ERR_STOPPED);
            CU_ASSERT_EQUAL(rec.n, ks[a]);
            CU_ASSERT_EQUAL(sum.complete, 0);
            CU_ASSERT_EQUAL(sum.stop_reason, RC_STOP_CALLBACK);
            CU_ASSERT(ids_consecutive(&rec));
            for (i = 0; i < rec.n && i < full.n; i++)
                CU_ASSERT(same_region(&rec, i, &full, i, 0));
            record_clear(&rec);
        }
    record_clear(&full);
    rc_enum_summary_clear(&sum);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* ---- threads ------------------------------------------------------------- */

/* Threads 2, 3 and 0 against 1: the same regions, bytes for bytes, and
 * the same layer counts, in every arithmetic. */
static void
test_threads_deterministic(void)
{
    static const rc_arithmetic ariths[] = {RC_ARITH_FILTERED, RC_ARITH_FLOAT,
                                           RC_ARITH_EXACT};
    static const char *names[] = {"filtered", "float", "exact"};
    static const int threads[] = {2, 3, 0};
    int which;
    size_t a, t, k;

    for (which = 0; which < NUM_NETS; which++) {
        rc_net *net = test_net(which);
        size_t n = rc_net_num_inputs(net);
        rc_domain *dom = test_unit_box(n);
        for (a = 0; a < 3; a++) {
            rc_enum_summary one, sum;
            rc_enum_opts o;
            record base;
            double t0 = seconds();
            rc_enum_opts_init(&o);
            o.arithmetic = ariths[a];
            rc_enum_summary_init(&one);
            rc_enum_summary_init(&sum);
            full_run(&base, &one, net, dom, &o);
            if (which == NET_2D || which == NET_3D)
                CU_ASSERT(base.n > 10 * 32);    /* many tasks */
            CU_ASSERT(ids_consecutive(&base));
            printf("\n  %s net %d: %.2f s with 1 thread, layer counts", names[a],
                   which, seconds() - t0);
            for (k = 0; k < one.num_hidden; k++)
                printf(" %zu", one.layer_counts[k]);
            for (t = 0; t < 3; t++) {
                record rec;
                char what[64];
                o.threads = threads[t];
                record_init(&rec, net, n);
                run_each(&rec, net, dom, &o, &sum, RC_OK);
                snprintf(what, sizeof what, "net %d, %s, threads %d", which,
                         names[a], threads[t]);
                CU_ASSERT(same_record(&base, &rec, what));
                CU_ASSERT_EQUAL(sum.num_hidden, one.num_hidden);
                for (k = 0; k < one.num_hidden; k++)
                    CU_ASSERT_EQUAL(sum.layer_counts[k], one.layer_counts[k]);
                CU_ASSERT_EQUAL(sum.complete, 1);
                /* The decisions too: the same cuts made the same way (the
                 * program's JSON output holds these counters). */
                CU_ASSERT(memcmp(&sum.stats, &one.stats, sizeof sum.stats) == 0);
                record_clear(&rec);
            }
            record_clear(&base);
            rc_enum_summary_clear(&one);
            rc_enum_summary_clear(&sum);
        }
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

/* ---- limits and stops ---------------------------------------------------- */

/* max_regions M: the counts never go past M after any layer, so at most M
 * regions are handed over; M = N (the full count: the layer counts only
 * grow, the last is N) completes, M = N - 1 does not. */
static void
test_max_regions(void)
{
    static const int threads[] = {1, 2};
    rc_net *net = test_net(NET_3D);
    rc_domain *dom = test_unit_box(3);
    rc_enum_summary sum;
    rc_enum_opts o;
    record full;
    size_t t, m;

    rc_enum_opts_init(&o);
    rc_enum_summary_init(&sum);
    full_run(&full, &sum, net, dom, &o);
    for (t = 0; t < 2; t++) {
        size_t ms[] = {1, 7, 100, 1000, full.n / 2, full.n - 1, full.n};
        for (m = 0; m < sizeof ms / sizeof *ms; m++) {
            record rec;
            char what[64];
            int last = ms[m] >= full.n;     /* RC_TEST_QUICK: N < 1000 */
            record_init(&rec, net, 3);
            o.threads = threads[t];
            o.max_regions = ms[m];
            run_each(&rec, net, dom, &o, &sum, last ? RC_OK : RC_ERR_LIMIT);
            CU_ASSERT_EQUAL(sum.complete, last);
            CU_ASSERT_EQUAL(sum.stop_reason, last ? RC_STOP_NONE : RC_STOP_MAX_REGIONS);
            CU_ASSERT(rec.n <= ms[m]);
            snprintf(what, sizeof what, "max_regions %zu, threads %d", ms[m],
                     threads[t]);
            check_partial(&rec, &full, what);
            if (last)
                CU_ASSERT(same_record(&full, &rec, what));
            record_clear(&rec);
        }
    }
    record_clear(&full);
    rc_enum_summary_clear(&sum);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* A tiny time limit bites: RC_ERR_LIMIT, RC_STOP_TIME, at once (2 s is a
 * bound that only a limit never looked at would exceed; 30 s under
 * valgrind, RC_TEST_QUICK), and what was
 * handed over is consistent.  On the 2D network the regions are checked
 * against its full run; on a network whose full run takes minutes
 * (2-300-300-300-1), only the bound and the interior points. */
static void
test_time_limit(void)
{
    static const size_t big[] = {2, 300, 300, 300, 1}, bigq[] = {2, 60, 60, 60, 1};
    static const int threads[] = {1, 2};
    static const double limits[] = {1e-3, 2e-2};
    rc_net *net = test_net(NET_2D), *slow = test_random_net(4, quick() ? bigq : big, 4);
    rc_domain *dom = test_unit_box(2);
    rc_enum_summary sum;
    rc_enum_opts o;
    record full;
    size_t t, k;
    double bound = quick() ? 30.0 : 2.0;    /* valgrind is slow */

    rc_enum_opts_init(&o);
    rc_enum_summary_init(&sum);
    full_run(&full, &sum, net, dom, &o);
    for (t = 0; t < 2; t++)
        for (k = 0; k < 2; k++) {
            const rc_net *nets[2] = {net, slow};
            size_t which;
            for (which = 0; which < 2; which++) {
                record rec;
                char what[64];
                double t0 = seconds(), took;
                rc_status st;
                o.threads = threads[t];
                o.time_limit = limits[k];
                record_init(&rec, nets[which], 2);
                st = rc_enumerate_each(nets[which], dom, &o, on_region, &rec, &sum, NULL);
                took = seconds() - t0;
                snprintf(what, sizeof what, "%s net, time limit %g, threads %d",
                         which ? "big" : "2D", limits[k], threads[t]);
                if (which == 1 || st != RC_OK) {
                    /* The 2D network may finish within 20 ms on a fast
                     * machine; the big one cannot. */
                    CU_ASSERT_EQUAL(st, RC_ERR_LIMIT);
                    CU_ASSERT_EQUAL(sum.stop_reason, RC_STOP_TIME);
                    CU_ASSERT_EQUAL(sum.complete, 0);
                }
                CU_ASSERT(took < bound);
                if (!(took < bound))
                    printf("\n  %s: stopped after %.2f s\n", what, took);
                CU_ASSERT_EQUAL(sum.num_regions, rec.n);
                if (which == 0)
                    check_partial(&rec, &full, what);
                else {
                    CU_ASSERT(ids_consecutive(&rec));
                    CU_ASSERT(points_evaluate_to_patterns(&rec));
                }
                record_clear(&rec);
            }
        }
    record_clear(&full);
    rc_enum_summary_clear(&sum);
    rc_domain_free(dom);
    rc_net_free(slow);
    rc_net_free(net);
}

/* The stop flag, set by the region callback after k regions (which
 * returns 0): RC_ERR_STOPPED with RC_STOP_REQUEST, soon after (the engine
 * looks at the flag every 64 classifications: a few hundred regions more
 * at most here), and the regions handed over are consistent.  Both test
 * networks: on the 2D one every task makes regions only (its tasks are
 * on the last level), on the 3D one tasks cut too. */
static void
test_stop_flag(void)
{
    static const int threads[] = {1, 2};
    int which;
    size_t t;

    for (which = NET_2D; which <= NET_3D; which++) {
        rc_net *net = test_net(which);
        size_t n = rc_net_num_inputs(net);
        rc_domain *dom = test_unit_box(n);
        rc_enum_summary sum;
        rc_enum_opts o;
        record full;

        rc_enum_opts_init(&o);
        rc_enum_summary_init(&sum);
        full_run(&full, &sum, net, dom, &o);
        for (t = 0; t < 2; t++) {
            volatile int flag = 0;
            record rec;
            char what[64];
            record_init(&rec, net, n);
            rec.stop_after = 10;
            rec.stop_flag = &flag;
            o.threads = threads[t];
            o.stop = &flag;
            run_each(&rec, net, dom, &o, &sum, RC_ERR_STOPPED);
            CU_ASSERT_EQUAL(sum.stop_reason, RC_STOP_REQUEST);
            CU_ASSERT_EQUAL(sum.complete, 0);
            CU_ASSERT(rec.n >= 10);
            CU_ASSERT(rec.n < full.n);
            snprintf(what, sizeof what, "stop flag, net %d, threads %d", which,
                     threads[t]);
            check_partial(&rec, &full, what);
            record_clear(&rec);
        }
        /* Set before the start: nothing is handed over. */
        {
            volatile int flag = 1;
            record rec;
            record_init(&rec, net, n);
            o.threads = 1;
            o.stop = &flag;
            run_each(&rec, net, dom, &o, &sum, RC_ERR_STOPPED);
            CU_ASSERT_EQUAL(rec.n, 0);
            CU_ASSERT_EQUAL(sum.stop_reason, RC_STOP_REQUEST);
            record_clear(&rec);
        }
        record_clear(&full);
        rc_enum_summary_clear(&sum);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

/* ---- progress ------------------------------------------------------------ */

typedef struct reports {
    rc_progress *items;
    size_t n, cap;
    int inside, overlaps;
} reports;

static void
on_progress(void *user, const rc_progress *p)
{
    reports *r = user;

    if (__atomic_exchange_n(&r->inside, 1, __ATOMIC_ACQ_REL))
        r->overlaps++;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->items = xrealloc(r->items, r->cap * sizeof *r->items);
    }
    r->items[r->n++] = *p;
    __atomic_store_n(&r->inside, 0, __ATOMIC_RELEASE);
}

/* Reports made every time the engine looks (interval 0): one at a time,
 * the last one and only it finished, regions, elapsed time and fraction
 * never going back, the fraction in [0, 1], the depth a hidden layer; a
 * complete run ends at fraction 1 with all its regions, and reports
 * regions while it makes them (not only while it cuts the top levels).
 * A run stopped by max_regions still ends with a finished report. */
static void
test_progress(void)
{
    static const int threads[] = {1, 2};
    int which, limited;
    size_t t, i;

    for (which = NET_2D; which <= NET_3D; which++)
        for (limited = 0; limited < 2; limited++)
            for (t = 0; t < 2; t++) {
                rc_net *net = test_net(which);
                size_t n = rc_net_num_inputs(net);
                rc_domain *dom = test_unit_box(n);
                rc_enum_summary sum;
                rc_enum_opts o;
                reports rep = {NULL, 0, 0, 0, 0};
                record rec;
                size_t during = 0;
                const rc_progress *last;
                rc_enum_opts_init(&o);
                o.threads = threads[t];
                o.progress = on_progress;
                o.progress_user = &rep;
                o.progress_interval = 0.0;
                o.max_regions = limited ? 200 : 0;
                rc_enum_summary_init(&sum);
                record_init(&rec, net, n);
                run_each(&rec, net, dom, &o, &sum, limited ? RC_ERR_LIMIT : RC_OK);
                CU_ASSERT_EQUAL(rep.overlaps, 0);
                CU_ASSERT_FATAL(rep.n >= 1);
                last = &rep.items[rep.n - 1];
                CU_ASSERT_EQUAL(last->finished, 1);
                for (i = 0; i < rep.n; i++) {
                    const rc_progress *p = &rep.items[i];
                    CU_ASSERT(p->fraction >= 0.0 && p->fraction <= 1.0);
                    CU_ASSERT(p->depth >= 1 && p->depth <= sum.num_hidden);
                    if (i + 1 < rep.n)
                        CU_ASSERT_EQUAL(p->finished, 0);
                    if (i > 0) {
                        CU_ASSERT(p->fraction >= p[-1].fraction);
                        CU_ASSERT(p->regions >= p[-1].regions);
                        CU_ASSERT(p->elapsed >= p[-1].elapsed);
                    }
                    if (!p->finished && p->regions > 0)
                        during++;
                }
                if (!limited) {
                    CU_ASSERT_EQUAL(last->fraction, 1.0);
                    CU_ASSERT_EQUAL(last->regions, sum.num_regions);
                    CU_ASSERT(during > 0);
                    if (during == 0)
                        printf("\n  net %d, threads %d: no report while the "
                               "regions were made (%zu reports)\n", which,
                               threads[t], rep.n);
                } else {
                    CU_ASSERT(last->fraction < 1.0);
                    CU_ASSERT(last->regions >= sum.num_regions);
                }
                free(rep.items);
                record_clear(&rec);
                rc_enum_summary_clear(&sum);
                rc_domain_free(dom);
                rc_net_free(net);
            }
}

/* ---- bad options --------------------------------------------------------- */

static int
never(void *user, const rc_region *r)
{
    (*(int *)user)++;
    return 0;
}

/* Refused with RC_ERR_ARG and a message, before any region. */
static void
test_bad_options(void)
{
    rc_net *net = test_net(NET_SMALL);
    rc_domain *dom = test_unit_box(2);
    rc_enum_opts o;
    rc_partition *part = (rc_partition *)1;
    rc_error err;
    int calls = 0, c;

    for (c = 0; c < 6; c++) {
        rc_enum_opts_init(&o);
        switch (c) {
        case 0: o.threads = -1; break;
        case 1: o.threads = 1000; break;
        case 2: o.threads = 257; break;
        case 3: o.time_limit = -1.0; break;
        case 4: o.time_limit = NAN; break;
        default: o.progress_interval = -0.5; break;
        }
        err.msg[0] = '\0';
        CU_ASSERT_EQUAL(rc_enumerate_each(net, dom, &o, never, &calls, NULL, &err),
                        RC_ERR_ARG);
        CU_ASSERT(err.msg[0] != '\0');
        CU_ASSERT_EQUAL(rc_enumerate(&part, net, dom, &o, NULL), RC_ERR_ARG);
        CU_ASSERT_PTR_NULL(part);
    }
    CU_ASSERT_EQUAL(calls, 0);
    /* The edges are accepted: 256 threads. */
    rc_enum_opts_init(&o);
    o.threads = 256;
    CU_ASSERT_EQUAL(rc_enumerate_each(net, dom, &o, never, &calls, NULL, &err), RC_OK);
    CU_ASSERT(calls > 0);
    CU_ASSERT_STRING_EQUAL(rc_stop_reason_name(RC_STOP_REQUEST), "interrupted");
    CU_ASSERT_STRING_EQUAL(rc_stop_reason_name(RC_STOP_TIME), "time limit");
    rc_domain_free(dom);
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"sink: three lines, 7 regions in the tree's order", test_sink_three_lines},
        {"sink: rc_enumerate_each sees what rc_enumerate keeps", test_sink_matches_partition},
        {"sink: the callback stops the run", test_callback_stops},
        {"threads 1, 2, 3, 0: the same bytes in every arithmetic", test_threads_deterministic},
        {"max_regions: consistent partial results", test_max_regions},
        {"time_limit bites, partial result consistent", test_time_limit},
        {"stop flag: RC_STOP_REQUEST", test_stop_flag},
        {"progress: monotone, ends finished", test_progress},
        {"bad options: RC_ERR_ARG", test_bad_options},
    };

    return test_run_suite("engine", tests, sizeof tests / sizeof *tests);
}
