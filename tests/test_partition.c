/* test_partition.c -- looking regions up: by pattern, by point, as text.
 *
 * Known answers on two crossing lines, a network whose third neuron
 * cancels exactly (so that evaluating the network in floating point may
 * round a zero pre-activation either way, while the facets do not), and
 * random networks where locating a point by facets must agree with its
 * pattern. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relucells.h"
#include "testutil.h"

static rc_partition *
enumerate(const rc_net *net, const double *lo, const double *hi, size_t n)
{
    rc_domain *dom = NULL;
    rc_partition *part = NULL;

    CU_ASSERT_FATAL(rc_domain_new_box(&dom, n, lo, hi, NULL) == RC_OK);
    CU_ASSERT_FATAL(rc_enumerate(&part, net, dom, NULL, NULL) == RC_OK);
    rc_domain_free(dom);
    return part;
}

/* Lines x1 = 0 and x2 = 0 on [-1,1]^2: four quadrants, patterns "ab|"
 * with a = [x1 > 0], b = [x2 > 0] (one output neuron, no second layer). */
static void
test_quadrants(void)
{
    size_t sizes[3] = {2, 2, 1}, i;
    double lo[2] = {-1, -1}, hi[2] = {1, 1};
    double inside[2] = {0.5, -0.25}, edge[2] = {0.0, 0.5}, out[2] = {2, 2};
    unsigned char want[2] = {1, 0};
    char text[8];
    rc_net *net = NULL;
    rc_partition *part;
    size_t r;

    CU_ASSERT_FATAL(rc_net_new(&net, 2, sizes, NULL) == RC_OK);
    rc_net_set_weight(net, 0, 0, 0, 1.0);
    rc_net_set_weight(net, 0, 1, 1, 1.0);
    part = enumerate(net, lo, hi, 2);
    CU_ASSERT(rc_partition_num_regions(part) == 4);
    r = rc_partition_locate(part, inside, 1e-12);
    CU_ASSERT_FATAL(r != SIZE_MAX);
    CU_ASSERT(memcmp(rc_region_pattern(rc_partition_region(part, r)), want, 2) == 0);
    CU_ASSERT(rc_partition_find(part, want) == r);
    rc_partition_pattern_string(text, part, rc_partition_region(part, r));
    CU_ASSERT_STRING_EQUAL(text, "10");
    /* On the line x1 = 0 between the two upper quadrants: either will do,
     * and it must be one whose x2 bit is 1. */
    r = rc_partition_locate(part, edge, 1e-12);
    CU_ASSERT_FATAL(r != SIZE_MAX);
    CU_ASSERT(rc_region_pattern(rc_partition_region(part, r))[1] == 1);
    CU_ASSERT(rc_partition_locate(part, out, 1e-12) == SIZE_MAX);
    for (i = 0; i < 4; i++) {
        const rc_region *reg = rc_partition_region(part, i);
        CU_ASSERT(rc_partition_locate(part, rc_region_interior_point(reg), 1e-12) == i);
        CU_ASSERT(rc_partition_find(part, rc_region_pattern(reg)) == i);
    }
    rc_partition_free(part);
    rc_net_free(net);
}

/* g = relu(0.1 x1 + 0.25) + relu(0.1 x2 + 0.75) - relu(0.1 x1 + 0.1 x2 + 1)
 * is 0 on all of [-1,1]^2 (the three ReLUs are active and cancel), so the
 * second layer neuron relu(g) is identically zero: one region, "111|0".
 * Every point of the box locates to it. */
static void
test_cancelling_neuron(void)
{
    size_t sizes[4] = {2, 3, 1, 1}, k;
    double lo[2] = {-1, -1}, hi[2] = {1, 1}, x[2];
    rc_net *net = NULL;
    rc_partition *part;
    unsigned long seed = test_seed();

    CU_ASSERT_FATAL(rc_net_new(&net, 3, sizes, NULL) == RC_OK);
    rc_net_set_weight(net, 0, 0, 0, 0.1);
    rc_net_set_bias(net, 0, 0, 0.25);
    rc_net_set_weight(net, 0, 1, 1, 0.1);
    rc_net_set_bias(net, 0, 1, 0.75);
    rc_net_set_weight(net, 0, 2, 0, 0.1);
    rc_net_set_weight(net, 0, 2, 1, 0.1);
    rc_net_set_bias(net, 0, 2, 1.0);
    rc_net_set_weight(net, 1, 0, 0, 1.0);
    rc_net_set_weight(net, 1, 0, 1, 1.0);
    rc_net_set_weight(net, 1, 0, 2, -1.0);
    rc_net_set_weight(net, 2, 0, 0, 1.0);
    part = enumerate(net, lo, hi, 2);
    CU_ASSERT_FATAL(rc_partition_num_regions(part) == 1);
    srand((unsigned)seed);
    for (k = 0; k < 1000; k++) {
        x[0] = -1 + 2.0 * rand() / RAND_MAX;
        x[1] = -1 + 2.0 * rand() / RAND_MAX;
        CU_ASSERT(rc_partition_locate(part, x, 1e-12) == 0);
    }
    rc_partition_free(part);
    rc_net_free(net);
}

/* Random networks: the region located from the facets has the pattern the
 * network computes at the point (generic points, no ties). */
static void
test_locate_agrees_with_pattern(void)
{
    size_t sizes[4] = {2, 6, 5, 1}, trial, k, l, i, j;
    double lo[2] = {-1, -1}, hi[2] = {1, 1}, x[2], y[1];
    unsigned char pat[16];

    srand((unsigned)test_seed() + 1);
    for (trial = 0; trial < 10; trial++) {
        rc_net *net = NULL;
        rc_partition *part;

        CU_ASSERT_FATAL(rc_net_new(&net, 3, sizes, NULL) == RC_OK);
        for (l = 0; l < 3; l++)
            for (i = 0; i < sizes[l + 1]; i++) {
                for (j = 0; j < sizes[l]; j++)
                    rc_net_set_weight(net, l, i, j, -1 + 2.0 * rand() / RAND_MAX);
                rc_net_set_bias(net, l, i, -0.5 + 1.0 * rand() / RAND_MAX);
            }
        part = enumerate(net, lo, hi, 2);
        for (k = 0; k < 300; k++) {
            size_t r;
            x[0] = -1 + 2.0 * rand() / RAND_MAX;
            x[1] = -1 + 2.0 * rand() / RAND_MAX;
            CU_ASSERT_FATAL(rc_net_eval(net, y, pat, x) == RC_OK);
            r = rc_partition_locate(part, x, 1e-12);
            CU_ASSERT_FATAL(r != SIZE_MAX);
            CU_ASSERT(memcmp(rc_region_pattern(rc_partition_region(part, r)), pat, 11) == 0);
        }
        rc_partition_free(part);
        rc_net_free(net);
    }
}

int
main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    test_seed();
    s = CU_add_suite("partition look-ups", NULL, NULL);
    if (s == NULL
        || !CU_add_test(s, "quadrants", test_quadrants)
        || !CU_add_test(s, "a neuron that cancels exactly", test_cancelling_neuron)
        || !CU_add_test(s, "locate agrees with the pattern", test_locate_agrees_with_pattern)) {
        CU_cleanup_registry();
        return 1;
    }
    return test_run_all();
}
