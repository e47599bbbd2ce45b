/* testutil.h -- helpers shared by the CUnit test programs. */
#ifndef RC_TESTUTIL_H
#define RC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

#include "relucells/net.h"

/* Path of a file under tests/data, honouring top_srcdir for VPATH builds
 * (make distcheck builds outside the source tree). */
static inline const char *
test_data_path(const char *name)
{
    static char buf[4096];
    const char *top = getenv("top_srcdir");

    snprintf(buf, sizeof buf, "%s/tests/data/%s", top ? top : ".", name);
    return buf;
}

/* Seed for random tests: RC_TEST_SEED if set, else a fixed default; printed
 * so that a failure can be replayed. */
static inline unsigned long
test_seed(void)
{
    static unsigned long seed;
    static int done;

    if (!done) {
        const char *s = getenv("RC_TEST_SEED");
        seed = s ? strtoul(s, NULL, 10) : 20261122UL;
        printf("RC_TEST_SEED=%lu\n", seed);
        done = 1;
    }
    return seed;
}

/* A uniform double in [0, 1) and an integer in [lo, hi] from a 64-bit
 * linear congruential state (Knuth's MMIX constants). */
static inline double
test_urand(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(*state >> 11) / 9007199254740992.0;
}

static inline size_t
test_irand(unsigned long *state, size_t lo, size_t hi)
{
    return lo + (size_t)(test_urand(state) * (double)(hi - lo + 1));
}

/* A network of L layers; W[l] row-major sizes[l+1] x sizes[l], b[l]. */
static inline rc_net *
test_make_net(size_t L, const size_t *sizes, const double *const *W,
              const double *const *b)
{
    rc_net *net = NULL;
    rc_error err = {RC_OK, ""};
    size_t l, i, j;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, &err), RC_OK);
    for (l = 0; l < L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, W[l][i * sizes[l] + j]);
            rc_net_set_bias(net, l, i, b[l][i]);
        }
    return net;
}

/* One test of a suite table. */
typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

static inline int test_run_all(void);

/* Register the tests[0..count) as one suite, run it, and return the
 * status for make check (2 when CUnit itself fails). */
static inline int
test_run_suite(const char *suite_name, const test_case *tests, size_t count)
{
    CU_pSuite suite;
    size_t i;

    test_seed();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    suite = CU_add_suite(suite_name, NULL, NULL);
    if (suite == NULL)
        return 2;
    for (i = 0; i < count; i++)
        if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL)
            return 2;
    return test_run_all();
}

/* Run the registry's suites and return the process status for make check. */
static inline int
test_run_all(void)
{
    unsigned failed;

    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}

#endif
