/* test_engine_repeat.c -- the engine run many times in one process.
 *
 * Races between the workers show up rarely in one run, when the thread pool
 * starts cold, and far more often when the same process runs the engine
 * over and over with warm threads (as the Python package does). */
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/io.h"
#include "relucells/net.h"
#include "testutil.h"

static int
quick(void)
{
    return getenv("RC_TEST_QUICK") != NULL;
}

/* Many short runs with 2 threads in one process, each against the count
 * of 1 thread: warm thread pools make the workers meet where one cold run
 * hardly ever does.  (The root's pieces are cut in parallel; a worker that
 * started cutting while another still copied its workspace gave counts off
 * by a few regions in about 1 run in 300.) */
static int
count_region(void *user, const rc_region *r)
{
    (void)user;
    (void)r;
    return 0;
}

static void
test_threads_repeated(void)
{
    int runs = quick() ? 50 : 2000, k, wrong = 0;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    char path[4096];
    const char *top = getenv("top_srcdir");
    rc_enum_summary one, sum;
    rc_enum_opts o;
    size_t l;

    snprintf(path, sizeof path, "%s/examples/small2d.nnet", top ? top : ".");
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, path, NULL), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, NULL), RC_OK);
    rc_enum_opts_init(&o);
    o.geometry = 0;
    rc_enum_summary_init(&one);
    rc_enum_summary_init(&sum);
    CU_ASSERT_EQUAL_FATAL(rc_enumerate_each(net, dom, &o, count_region, NULL,
                                            &one, NULL), RC_OK);
    CU_ASSERT(one.num_regions > 50);
    o.threads = 2;
    for (k = 0; k < runs; k++) {
        CU_ASSERT_EQUAL_FATAL(rc_enumerate_each(net, dom, &o, count_region,
                                                NULL, &sum, NULL), RC_OK);
        for (l = 0; l < one.num_hidden; l++)
            if (sum.layer_counts[l] != one.layer_counts[l])
                break;
        if (sum.num_regions != one.num_regions || l < one.num_hidden) {
            if (wrong++ == 0)
                printf("\n  run %d: %zu regions, expected %zu\n", k,
                       sum.num_regions, one.num_regions);
        }
        rc_enum_summary_clear(&sum);
    }
    CU_ASSERT_EQUAL(wrong, 0);
    rc_enum_summary_clear(&one);
    rc_domain_free(dom);
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"threads 2, 2000 runs in one process: the same counts", test_threads_repeated},
    };

    return test_run_suite("engine, repeated", tests, sizeof tests / sizeof *tests);
}
