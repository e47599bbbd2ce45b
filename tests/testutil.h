/* testutil.h -- helpers shared by the CUnit test programs. */
#ifndef RC_TESTUTIL_H
#define RC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

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
