/* testutil.h -- helpers shared by the CUnit test programs (tests/testlib.c,
 * built once into tests/libtesthelpers.la with the other helper files). */
#ifndef RC_TESTUTIL_H
#define RC_TESTUTIL_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/partition.h"

/* Path of a file under tests/data, honouring top_srcdir for VPATH builds
 * (make distcheck builds outside the source tree).  The result lives in a
 * static buffer, overwritten by the next call. */
const char *test_data_path(const char *name);

/* Seed for random tests: RC_TEST_SEED if set, else a fixed default; printed
 * (once) so that a failure can be replayed. */
unsigned long test_seed(void);

/* A uniform double in [0, 1) and integers in [lo, hi] from a 64-bit linear
 * congruential state (Knuth's MMIX constants). */
double test_urand(unsigned long *state);
size_t test_irand(unsigned long *state, size_t lo, size_t hi);
int test_irand_int(unsigned long *state, int lo, int hi);

/* A network of L layers; W[l] row-major sizes[l+1] x sizes[l], b[l]. */
rc_net *test_make_net(size_t L, const size_t *sizes, const double *const *W,
                      const double *const *b);

/* A random network with one output: He-uniform weights (variance
 * 2/fan-in) and biases in [-0.1, 0.1], as bench/gen_random_nnet.py draws
 * them, rounded to multiples of 2^-20 so that exact arithmetic stays cheap;
 * from test_seed() and salt. */
rc_net *test_random_net(size_t L, const size_t *sizes, unsigned long salt);

/* The box [lo, hi]^n (n <= 8), or R^n when lo >= hi; test_unit_box:
 * [-1, 1]^n. */
rc_domain *test_box(size_t n, double lo, double hi);
rc_domain *test_unit_box(size_t n);

/* A network on n inputs with hidden layers of N1 and N2 neurons (N2 = 0:
 * one hidden layer) and one output that sums the last hidden layer.  l1
 * (l2) holds, neuron after neuron, the weights then the bias. */
rc_net *test_rows_net(size_t n, size_t N1, const double *l1, size_t N2,
                      const double *l2);

/* Index of the region of part with pattern s ("10|1"; '|' is skipped), or
 * (size_t)-1; asserts that s has the partition's pattern length. */
size_t test_find_pattern(const rc_partition *part, const char *s);

/* One test of a suite table. */
typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

/* Register the tests[0..count) as one suite, run it, and return the
 * status for make check (2 when CUnit itself fails). */
int test_run_suite(const char *suite_name, const test_case *tests, size_t count);

/* Run the registry's suites and return the process status for make check. */
int test_run_all(void);

#endif
