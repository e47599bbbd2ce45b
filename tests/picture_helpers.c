/* picture_helpers.c -- networks, domains and partitions shared by the
 * tests of the region order, the boundary, the pictures and the meshes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "picture_helpers.h"
#include "testutil.h"

int
ph_quick(void)
{
    return getenv("RC_TEST_QUICK") != NULL;
}

/* A network on n inputs with hidden widths w[0..L) and m outputs.  kind 0:
 * weights and biases uniform in [-1, 1] (generic); kind 1: weights in
 * {-1, 0, 1} and biases in {-1, 0, 1} (degenerate: parallel, duplicate,
 * concurrent hyperplanes and zero rows).  Outputs random too. */
rc_net *
ph_random_net(size_t n, size_t L, const size_t *w, size_t m, int kind,
              unsigned long *rng)
{
    size_t sizes[PH_MAXL + 2], l, i, j;
    rc_net *net = NULL;

    sizes[0] = n;
    for (l = 0; l < L; l++)
        sizes[l + 1] = w[l];
    sizes[L + 1] = m;
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L + 1, sizes, NULL), RC_OK);
    for (l = 0; l <= L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, kind && l < L
                                  ? (double)test_irand(rng, 0, 2) - 1.0
                                  : 2.0 * test_urand(rng) - 1.0);
            rc_net_set_bias(net, l, i, kind && l < L
                            ? (double)test_irand(rng, 0, 2) - 1.0
                            : 0.6 * (2.0 * test_urand(rng) - 1.0));
        }
    return net;
}

/* Enumerate with interior points and volumes. */
rc_partition *
ph_enumerate(const rc_net *net, const rc_domain *dom, int exact)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_enum_opts opts;
    rc_status st;

    rc_enum_opts_init(&opts);
    opts.arithmetic = exact ? RC_ARITH_EXACT : RC_ARITH_FLOAT;
    opts.chebyshev = 1;
    opts.volume = 1;
    st = rc_enumerate(&part, net, dom, &opts, &err);
    if (st != RC_OK)
        printf("\n  rc_enumerate (%s): %s\n", exact ? "exact" : "float", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    return part;
}

/* The network of tests/data/NAME on its own box, optionally sliced:
 * fix[i] is the value of input i, or NAN when free. */
rc_partition *
ph_enumerate_file(rc_net **net, rc_domain **dom, const char *path,
                  const double *fix, int exact)
{
    rc_error err = {RC_OK, ""};
    size_t i;

    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(net, path, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(dom, *net, &err), RC_OK);
    for (i = 0; fix != NULL && i < rc_net_num_inputs(*net); i++)
        if (!isnan(fix[i]))
            CU_ASSERT_EQUAL_FATAL(rc_domain_fix(*dom, i, fix[i], &err), RC_OK);
    return ph_enumerate(*net, *dom, exact);
}

/* Is generator g of r on a facet other than skip that also holds h? */
int
ph_share_facet(const rc_region *r, size_t g, size_t h, size_t skip)
{
    size_t f;

    for (f = 0; f < rc_region_num_facets(r); f++)
        if (f != skip && rc_region_facet_has_generator(r, f, g)
            && rc_region_facet_has_generator(r, f, h))
            return 1;
    return 0;
}

/* The path of a file of the source tree (VPATH builds). */
const char *
ph_src_path(const char *name)
{
    static char buf[4096];
    const char *top = getenv("top_srcdir");

    snprintf(buf, sizeof buf, "%s/%s", top ? top : ".", name);
    return buf;
}
