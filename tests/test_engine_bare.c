/* test_engine_bare.c -- counting (opts.geometry = 0) finds the regions of
 * the run with geometry.
 *
 * Without geometry the engine hands over bare patterns, and on the last
 * layer it makes only the pieces a later cut needs (engine/node.c,
 * cut_bare): a piece that one hyperplane alone cuts becomes two regions
 * without being cut, the hyperplanes it is not cut by are only asked
 * whether they cut it, and the sides that will be asked about one more
 * hyperplane at most are made light.  The patterns, their order and the
 * layer counts must be those of the run with geometry: in every
 * arithmetic, on bounded and unbounded domains, random and degenerate
 * networks, one and two hidden layers, with 1 and 2 threads (and the bare
 * runs' decisions the same on both).  RC_TEST_QUICK (valgrind runs) makes
 * the random networks smaller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/net.h"
#include "relucells/region.h"
#include "testutil.h"

static int
quick(void)
{
    return getenv("RC_TEST_QUICK") != NULL;
}

/* The patterns a run hands over, in order. */
typedef struct patterns {
    size_t plen, n, cap;
    unsigned char *bytes;
    int bad_ids;              /* ids not 1, 2, ... */
} patterns;

static int
on_region(void *user, const rc_region *r)
{
    patterns *p = user;

    if (p->n == p->cap) {
        unsigned char *b;
        p->cap = p->cap ? 2 * p->cap : 256;
        b = realloc(p->bytes, p->cap * p->plen + 1);
        if (b == NULL)
            return 1;   /* stops the run: the status check fails */
        p->bytes = b;
    }
    memcpy(p->bytes + p->n * p->plen, rc_region_pattern(r), p->plen);
    p->n++;
    p->bad_ids += rc_region_id(r) != p->n;
    return 0;
}

static void
run(patterns *p, rc_enum_summary *sum, const rc_net *net,
    const rc_domain *dom, const rc_enum_opts *o)
{
    rc_error err = {RC_OK, ""};
    rc_status st;

    memset(p, 0, sizeof *p);
    p->plen = rc_net_num_neurons(net);
    rc_enum_summary_init(sum);
    st = rc_enumerate_each(net, dom, o, on_region, p, sum, &err);
    CU_ASSERT_EQUAL(st, RC_OK);
    if (st != RC_OK)
        printf("\n  rc_enumerate_each: %s\n", err.msg);
    CU_ASSERT_EQUAL(p->bad_ids, 0);
    CU_ASSERT_EQUAL(sum->num_regions, p->n);
}

static int
same_patterns(const patterns *a, const patterns *b)
{
    return a->n == b->n && a->plen == b->plen
           && memcmp(a->bytes, b->bytes, a->n * a->plen) == 0;
}

/* A 2D network of degenerate arrangements: in layer 1 a line given twice
 * and once more scaled (x = 0), two more lines through the origin, a zero
 * row and a dead neuron; in layer 2 a row given twice, a zero row and a
 * constant positive one (the bare regions' bits of those never come from
 * a cut). */
static rc_net *
degenerate_net(void)
{
    static const double l1[] = {
        1, 0, 0,   1, 0, 0,   2, 0, 0,   1, 1, 0,   1, -1, 0,
        0, 0, 0,   0, 0, -1,  0, 1, -0.5,
    };
    static const double l2[] = {
        1, -1, 0.5, 0, 1, 0, -1, 0.2, -0.1,
        1, -1, 0.5, 0, 1, 0, -1, 0.2, -0.1,
        0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 1,
        -1, 1, 1, 1, 0, 0, 1, 1, 0.3,
        0.5, 0.5, -1, 0.25, 1, 1, 0, -2, 0.1,
    };

    return test_rows_net(2, 8, l1, 6, l2);
}

enum { NETS = 6 };

static rc_net *
test_net(int which)
{
    static const size_t s2[] = {2, 40, 40, 1}, s2q[] = {2, 16, 16, 1};
    static const size_t s3[] = {3, 12, 12, 12, 1}, s3q[] = {3, 6, 6, 6, 1};
    static const size_t s4[] = {4, 9, 9, 1}, s1[] = {2, 30, 1};

    switch (which) {
    case 0: return test_random_net(3, quick() ? s2q : s2, 1);
    case 1: return test_random_net(4, quick() ? s3q : s3, 2);
    case 2: return test_random_net(3, s4, 30);
    case 3: return test_random_net(2, s1, 31);
    default: return degenerate_net();
    }
}

static void
test_bare_patterns(void)
{
    static const rc_arithmetic ariths[] = {RC_ARITH_FILTERED, RC_ARITH_FLOAT,
                                           RC_ARITH_EXACT};
    int which;
    size_t a, k;

    for (which = 0; which < NETS; which++) {
        rc_net *net = test_net(which);
        size_t n = rc_net_num_inputs(net);
        /* the degenerate net on the box and on the whole plane */
        rc_domain *dom = which == 5 ? test_box(n, 0.0, 0.0) : test_unit_box(n);
        for (a = 0; a < 3; a++) {
            rc_enum_summary full, bare, bare2;
            rc_enum_opts o;
            patterns with, one, two;
            rc_enum_opts_init(&o);
            o.arithmetic = ariths[a];
            run(&with, &full, net, dom, &o);
            o.geometry = 0;
            run(&one, &bare, net, dom, &o);
            o.threads = 2;
            run(&two, &bare2, net, dom, &o);
            CU_ASSERT(with.n > (which >= 4 ? 10u : 100u));
            if (!same_patterns(&with, &one)) {
                printf("\n  net %d, arithmetic %zu: %zu bare regions against %zu, "
                       "or other patterns\n", which, a, one.n, with.n);
                CU_FAIL("bare patterns");
            }
            CU_ASSERT(same_patterns(&one, &two));
            CU_ASSERT(memcmp(&bare.stats, &bare2.stats, sizeof bare.stats) == 0);
            CU_ASSERT_EQUAL(bare.num_hidden, full.num_hidden);
            for (k = 0; k < full.num_hidden && k < bare.num_hidden; k++) {
                CU_ASSERT_EQUAL(bare.layer_counts[k], full.layer_counts[k]);
                CU_ASSERT_EQUAL(bare2.layer_counts[k], full.layer_counts[k]);
            }
            free(with.bytes);
            free(one.bytes);
            free(two.bytes);
            rc_enum_summary_clear(&full);
            rc_enum_summary_clear(&bare);
            rc_enum_summary_clear(&bare2);
        }
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

int
main(void)
{
    static const test_case tests[] = {
        {"bare patterns: those of the run with geometry", test_bare_patterns},
    };

    return test_run_suite("engine, bare patterns", tests, sizeof tests / sizeof *tests);
}
