/* testlib.c -- helpers shared by the CUnit test programs: data paths, the
 * seeded random numbers of the property tests, small networks written row
 * by row, pattern look-up and the suite runner. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

#define TEST_MAXPAT 512   /* longest pattern test_find_pattern reads */

const char *
test_data_path(const char *name)
{
    static char buf[4096];
    const char *top = getenv("top_srcdir");

    snprintf(buf, sizeof buf, "%s/tests/data/%s", top ? top : ".", name);
    return buf;
}

unsigned long
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

double
test_urand(unsigned long *state)
{
    /* top 53 bits of the state: uniform in [0, 1) */
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(*state >> 11) / 9007199254740992.0;
}

size_t
test_irand(unsigned long *state, size_t lo, size_t hi)
{
    return lo + (size_t)(test_urand(state) * (double)(hi - lo + 1));
}

int
test_irand_int(unsigned long *state, int lo, int hi)
{
    return lo + (int)(test_urand(state) * (hi - lo + 1));
}

rc_net *
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

rc_net *
test_rows_net(size_t n, size_t N1, const double *l1, size_t N2, const double *l2)
{
    size_t sizes[4] = {n, N1, N2 ? N2 : 1, 1}, L = N2 ? 3 : 2, l, i, j;
    const double *rows[3] = {l1, N2 ? l2 : NULL, NULL};
    rc_net *net = NULL;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            const double *r = rows[l] ? rows[l] + i * (sizes[l] + 1) : NULL;
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, r ? r[j] : 1.0);
            rc_net_set_bias(net, l, i, r ? r[sizes[l]] : 0.0);
        }
    return net;
}

size_t
test_find_pattern(const rc_partition *part, const char *s)
{
    unsigned char pat[TEST_MAXPAT];
    size_t k = 0;

    for (; *s && k < TEST_MAXPAT; s++)
        if (*s != '|')
            pat[k++] = (unsigned char)(*s == '1');
    CU_ASSERT_EQUAL(k, rc_partition_pattern_length(part));
    return rc_partition_find(part, pat);
}

int
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

int
test_run_all(void)
{
    unsigned failed;

    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}

rc_net *
test_random_net(size_t L, const size_t *sizes, unsigned long salt)
{
    unsigned long s = test_seed() * 7919UL + salt;
    rc_net *net = NULL;
    size_t l, i, j;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; l++) {
        double scale = sqrt(6.0 / (double)sizes[l]);
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++) {
                double w = (2.0 * test_urand(&s) - 1.0) * scale;
                rc_net_set_weight(net, l, i, j, ldexp(round(ldexp(w, 20)), -20));
            }
            rc_net_set_bias(net, l, i,
                            ldexp(round(ldexp(0.2 * test_urand(&s) - 0.1, 20)), -20));
        }
    }
    return net;
}

rc_domain *
test_box(size_t n, double lo, double hi)
{
    double l[8], h[8];
    size_t i;
    rc_domain *dom = NULL;

    for (i = 0; i < n; i++) {
        l[i] = lo;
        h[i] = hi;
    }
    CU_ASSERT_EQUAL_FATAL(lo < hi ? rc_domain_new_box(&dom, n, l, h, NULL)
                          : rc_domain_new_unbounded(&dom, n, NULL, NULL), RC_OK);
    return dom;
}

rc_domain *
test_unit_box(size_t n)
{
    return test_box(n, -1.0, 1.0);
}
