/* test_refine.c -- rc_enumerate end to end: known answers.
 *
 * Known answers derived by hand: arrangements of lines and planes in
 * general position (Zaslavsky), a small two-layer network that reaches the
 * bound 7, and degenerate networks (duplicate, parallel, concurrent, zero,
 * dead neurons, hyperplanes on facets of the box, neurons switched off by
 * the layer below); the errors of fixing inputs; the ACAS Xu slice with
 * published counts.  test_refine_random.c holds the properties of random
 * networks, the brute force over patterns, slices and normalisation. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/bounds.h"
#include "relucells/io.h"
#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "refine_helpers.h"
#include "testutil.h"

static const double M1[3] = {-1, -1, -1}, P1[3] = {1, 1, 1};

/* ---- arrangements in general position ----------------------------------- */

static long long
det(const long long *m, size_t k)
{
    long long s = 0, sub[16];
    size_t c, i, j;

    if (k == 1)
        return m[0];
    for (c = 0; c < k; c++) {
        size_t t = 0;
        for (i = 1; i < k; i++)
            for (j = 0; j < k; j++)
                if (j != c)
                    sub[t++] = m[i * k + j];
        s += (c % 2 ? -1 : 1) * m[c] * det(sub, k - 1);
    }
    return s;
}

/* Are the integer rows (a, c) in general position in R^n?  Every n or
 * fewer normals are independent (checked on n-subsets: with N > n a
 * dependent smaller set lies in a dependent n-subset), and no n+1
 * hyperplanes share a point: det [a c] != 0 over every (n+1)-subset. */
static int
general_position(const long long *rows, size_t N, size_t n)
{
    unsigned long set;

    for (set = 0; set < (1UL << N); set++) {
        size_t k = 0, i, j, t = 0;
        long long m[16];
        for (i = 0; i < N; i++)
            k += (set >> i) & 1;
        if (k != n && k != n + 1)
            continue;
        for (i = 0; i < N; i++)
            for (j = 0; j < k && ((set >> i) & 1); j++)
                m[t++] = rows[i * (n + 1) + (j < n ? j : n)];
        if (det(m, k) == 0)
            return 0;
    }
    return 1;
}

static size_t
binom(size_t n, size_t k)
{
    size_t r = 1, i;

    if (k > n)
        return 0;
    for (i = 1; i <= k; i++)
        r = r * (n - k + i) / i;
    return r;
}

/* N hyperplanes in general position in R^n cut it into sum_{i<=n} C(N,i)
 * regions, C(N-1, n) of them bounded (Zaslavsky).  Integer weights in
 * [-6,6] are generic with high probability; degenerate draws are detected
 * by the determinants above and redrawn. */
static void
arrangement_case(size_t n, size_t N, unsigned long *rng)
{
    long long irows[16 * 4];
    double rows[16 * 4];
    size_t i, want = 0, bounded = 0, draws = 0;
    rc_partition *part;
    rc_net *net;
    rc_domain *dom;

    do {
        for (i = 0; i < N * (n + 1); i++)
            irows[i] = test_irand_int(rng, -6, 6);
        CU_ASSERT_FATAL(++draws < 1000);
    } while (!general_position(irows, N, n));
    for (i = 0; i < N * (n + 1); i++)
        rows[i] = (double)irows[i];
    for (i = 0; i <= n; i++)
        want += binom(N, i);
    net = test_rows_net(n, N, rows, 0, NULL);
    dom = rh_make_dom(n, NULL, NULL);
    part = rh_enumerate(net, dom);
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), want);
    CU_ASSERT_EQUAL(rc_partition_layer_count(part, 0), want);
    for (i = 0; i < rc_partition_num_regions(part); i++) {
        const rc_region *r = rc_partition_region(part, i);
        CU_ASSERT_EQUAL(rc_partition_find(part, rc_region_pattern(r)), i);
        CU_ASSERT_EQUAL(rc_region_num_lines(r), 0);
        if (rc_region_is_bounded(r)) {
            bounded++;
            CU_ASSERT(isfinite(rc_region_volume(r)) && rc_region_volume(r) > 0);
        } else {
            CU_ASSERT(rc_region_num_rays(r) >= 2);
            CU_ASSERT(isinf(rc_region_volume(r)));
        }
    }
    CU_ASSERT_EQUAL(bounded, binom(N - 1, n));
    rc_partition_free(part);
    rc_net_free(net);
    rc_domain_free(dom);
}

static void
test_arrangement_2d(void)
{
    unsigned long rng = test_seed() + 11;
    size_t N;

    for (N = 3; N <= 10; N++)
        arrangement_case(2, N, &rng);
}

static void
test_arrangement_3d(void)
{
    unsigned long rng = test_seed() + 12;
    size_t N;

    for (N = 4; N <= 8; N++) {
        arrangement_case(3, N, &rng);
        arrangement_case(3, N, &rng);
    }
}

/* ---- the hand example: widths 2 and 1 reach 7 ---------------------------- */

/* h1 = x1, h2 = x2 cut the box [-1,1]^2 into 4 quadrants (Theta_1 = 4).
 * The second layer g = relu(h1) + relu(h2) - 1/2 is, on each quadrant,
 *   x1 < 0, x2 < 0:  -1/2             constant, never splits (pattern 00|0)
 *   x1 > 0, x2 < 0:  x1 - 1/2         splits at x1 = 1/2 (10|0 area 1/2, 10|1 1/2)
 *   x1 < 0, x2 > 0:  x2 - 1/2         splits at x2 = 1/2 (01|0 1/2, 01|1 1/2)
 *   x1 > 0, x2 > 0:  x1 + x2 - 1/2    splits off the triangle x1 + x2 < 1/2
 *                                     (11|0 area 1/8, 11|1 7/8),
 * so Theta_2 has 1 + 2 + 2 + 2 = 7 regions, the Serra et al. bound for
 * n = 2 and widths (2, 1): C(2,0)(1+1) + C(2,1)(1+1) + C(2,2)*1 = 7. */
static void
test_hand_example(void)
{
    static const double l1[] = {1, 0, 0, 0, 1, 0}, l2[] = {1, 1, -0.5};
    static const struct { const char *pat; double area; } want[7] = {
        {"00|0", 1.0}, {"10|0", 0.5}, {"10|1", 0.5}, {"01|0", 0.5},
        {"01|1", 0.5}, {"11|0", 0.125}, {"11|1", 0.875},
    };
    static const size_t widths[2] = {2, 1};
    rc_net *net = test_rows_net(2, 2, l1, 1, l2);
    rc_domain *dom = rh_make_dom(2, M1, P1);
    rc_partition *part = rh_enumerate(net, dom);
    mpz_t serra;
    size_t i;
    char buf[16];

    mpz_init(serra);
    CU_ASSERT_EQUAL(rc_bound_serra(serra, 2, widths, 2, NULL), RC_OK);
    CU_ASSERT_EQUAL(mpz_cmp_ui(serra, 7), 0);
    mpz_clear(serra);
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), 7);
    CU_ASSERT_EQUAL(rc_partition_num_hidden(part), 2);
    CU_ASSERT_EQUAL(rc_partition_layer_count(part, 0), 4);
    CU_ASSERT_EQUAL(rc_partition_layer_count(part, 1), 7);
    CU_ASSERT_EQUAL(rc_partition_pattern_length(part), 3);
    for (i = 0; i < 7; i++) {
        size_t k = test_find_pattern(part, want[i].pat);
        CU_ASSERT_FATAL(k != (size_t)-1);
        CU_ASSERT_DOUBLE_EQUAL(rc_region_volume(rc_partition_region(part, k)),
                               want[i].area, 1e-12);
        rc_partition_pattern_string(buf, part, rc_partition_region(part, k));
        CU_ASSERT_STRING_EQUAL(buf, want[i].pat);
    }
    /* The constant region 00|0 is the whole quadrant: 4 vertices, output
     * y = g's relu = 0 there (the output layer sums the last hidden layer). */
    {
        const rc_region *r = rc_partition_region(part, test_find_pattern(part, "00|0"));
        CU_ASSERT_EQUAL(rc_region_num_vertices(r), 4);
        CU_ASSERT_EQUAL(rc_region_num_facets(r), 4);
        CU_ASSERT_DOUBLE_EQUAL(rc_region_output_c(r)[0], 0.0, 1e-15);
    }
    /* On 11|1 the output is x1 + x2 - 1/2. */
    {
        const rc_region *r = rc_partition_region(part, test_find_pattern(part, "11|1"));
        CU_ASSERT_DOUBLE_EQUAL(rc_region_output_A(r)[0], 1.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(rc_region_output_A(r)[1], 1.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(rc_region_output_c(r)[0], -0.5, 1e-12);
        CU_ASSERT_EQUAL(rc_region_num_vertices(r), 5);   /* pentagon */
    }
    rc_partition_free(part);
    rc_net_free(net);
    rc_domain_free(dom);
}

/* ---- degenerate networks ------------------------------------------------- */

/* Known answers on [-1,1]^2 (B) or R^2 (P); x1, x2 are the inputs.
 *  - Duplicates.  x1 = 0.2 and x2 = -0.3 cut B into 4.  Repeating the first
 *    line, or giving it as 2 x1 - 0.4 (same zero set, same side) or as
 *    -x1 + 0.2 (same zero set, other side), adds nothing: still 4 (on B and
 *    on P), the copy's bit equal to (or the opposite of) the original's.
 *  - Parallel lines.  x1 = +-0.5 cut B into 3 strips; x1 = +-0.5, +-1.5 cut
 *    P into 5, and x2 = 0 across them doubles that to 10.
 *  - Concurrent lines.  N distinct lines through the origin cut P, and B,
 *    into 2N sectors: x1, x2, x1 + x2 give 6 (not the 7 of general
 *    position); adding x1 - x2 gives 8.
 *  - Constant neurons.  A zero row has no zero set and adds no region; its
 *    bit is the sign of its bias: 0 for bias 0 (an identically zero neuron
 *    is inactive, as in rc_net_eval, 0 > 0 being false), 1 for bias 1.
 *    x1 + x2 - 3 <= -1 on B is dead (bit 0), x1 + x2 + 3 >= 1 is always on.
 *  - The boundary of B.  x1 - 1 <= 0 on B, zero only on the facet x1 = 1:
 *    no cut, bit 0; x1 + 1 > 0 inside: bit 1; x1 + x2 = 2 touches only the
 *    corner (1,1).  With x2 = 0: 2 regions each.
 *  - Switched off by the layer below.  h1 = x1, h2 = x2 make 4 quadrants;
 *    g1 = relu(h1) is identically 0 where x1 < 0 (bit 0, no cut) and
 *    x1 > 0 where x1 > 0 (bit 1; x1 = 0 is a facet there): 4 regions, g1's
 *    bit equal to h1's.  g2 = relu(h1) - 1/2 is the constant -1/2 where
 *    x1 < 0 and x1 - 1/2 where x1 > 0, cutting the two right quadrants:
 *    4 + 2 = 6. */
static const double D_base[] = {1, 0, -0.2, 0, 1, 0.3, 1, 0, -0.2};
static const double D_scaled[] = {1, 0, -0.2, 0, 1, 0.3, 2, 0, -0.4};
static const double D_neg[] = {1, 0, -0.2, 0, 1, 0.3, -1, 0, 0.2};
static const double D_par[] = {1, 0, 0.5, 1, 0, -0.5, 1, 0, 1.5, 1, 0, -1.5,
                               0, 1, 0};
static const double D_conc[] = {1, 0, 0, 0, 1, 0, 1, 1, 0, 1, -1, 0};
static const double D_zero0[] = {1, 0, 0, 0, 1, 0, 0, 0, 0};
static const double D_zero1[] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
static const double D_dead[] = {1, 0, 0, 0, 1, 0, 1, 1, -3};
static const double D_live[] = {1, 0, 0, 0, 1, 0, 1, 1, 3};
static const double D_right[] = {1, 0, -1, 0, 1, 0};
static const double D_left[] = {1, 0, 1, 0, 1, 0};
static const double D_corner[] = {1, 1, -2, 0, 1, 0};
static const double D_g12[] = {1, 0, 0, 1, 0, -0.5};

enum { ANY, BIT0, BIT1, SAME, OPPOSITE };

static const struct dcase {
    const char *what;
    size_t N1;
    const double *l1;
    size_t N2;                /* 0: one hidden layer */
    const double *l2;
    int plane;                /* over R^2 instead of [-1,1]^2 */
    size_t want;
    size_t bit;               /* the bit checked by rule (SAME: against 0) */
    int rule;
} dcases[] = {
    {"two lines", 2, D_base, 0, NULL, 0, 4, 0, ANY},
    {"duplicate", 3, D_base, 0, NULL, 0, 4, 2, SAME},
    {"duplicate over R^2", 3, D_base, 0, NULL, 1, 4, 2, SAME},
    {"scaled duplicate", 3, D_scaled, 0, NULL, 0, 4, 2, SAME},
    {"negated duplicate", 3, D_neg, 0, NULL, 0, 4, 2, OPPOSITE},
    {"2 parallel", 2, D_par, 0, NULL, 0, 3, 0, ANY},
    {"4 parallel over R^2", 4, D_par, 0, NULL, 1, 5, 0, ANY},
    {"4 parallel and a crossing", 5, D_par, 0, NULL, 1, 10, 0, ANY},
    {"3 concurrent over R^2", 3, D_conc, 0, NULL, 1, 6, 0, ANY},
    {"3 concurrent", 3, D_conc, 0, NULL, 0, 6, 0, ANY},
    {"4 concurrent over R^2", 4, D_conc, 0, NULL, 1, 8, 0, ANY},
    {"4 concurrent", 4, D_conc, 0, NULL, 0, 8, 0, ANY},
    {"zero row, bias 0", 3, D_zero0, 0, NULL, 0, 4, 2, BIT0},
    {"zero row, bias 0, R^2", 3, D_zero0, 0, NULL, 1, 4, 2, BIT0},
    {"zero row, bias 1", 3, D_zero1, 0, NULL, 0, 4, 2, BIT1},
    {"zero row, bias 1, R^2", 3, D_zero1, 0, NULL, 1, 4, 2, BIT1},
    {"dead neuron", 3, D_dead, 0, NULL, 0, 4, 2, BIT0},
    {"always-on neuron", 3, D_live, 0, NULL, 0, 4, 2, BIT1},
    {"on the facet x1 = 1", 2, D_right, 0, NULL, 0, 2, 0, BIT0},
    {"on the facet x1 = -1", 2, D_left, 0, NULL, 0, 2, 0, BIT1},
    {"through the corner", 2, D_corner, 0, NULL, 0, 2, 0, BIT0},
    {"relu(h1) after h1, h2", 2, D_conc, 1, D_g12, 0, 4, 2, SAME},
    {"relu(h1), relu(h1) - 1/2", 2, D_conc, 2, D_g12, 0, 6, 2, SAME},
};

static void
test_degenerate(void)
{
    size_t c, i;

    for (c = 0; c < sizeof dcases / sizeof dcases[0]; c++) {
        const struct dcase *dc = &dcases[c];
        rc_net *net = test_rows_net(2, dc->N1, dc->l1, dc->N2, dc->l2);
        rc_domain *dom = rh_make_dom(2, dc->plane ? NULL : M1, P1);
        rc_partition *part = rh_enumerate(net, dom);
        size_t nreg = rc_partition_num_regions(part);
        int ok = nreg == dc->want;

        CU_ASSERT_EQUAL(nreg, dc->want);
        CU_ASSERT_EQUAL(rc_partition_layer_count(part, 0),
                        dc->N2 ? 4 : dc->want);   /* 4 quadrants */
        for (i = 0; i < nreg; i++) {
            const unsigned char *p = rc_region_pattern(rc_partition_region(part, i));
            int b = p[dc->bit];
            switch (dc->rule) {
            case BIT0: ok &= b == 0; break;
            case BIT1: ok &= b == 1; break;
            case SAME: ok &= b == p[0]; break;
            case OPPOSITE: ok &= b == !p[0]; break;
            default: break;
            }
        }
        CU_ASSERT(ok);
        if (!ok)
            printf("\n  case \"%s\": %zu regions, expected %zu\n", dc->what,
                   nreg, dc->want);
        if (dc->N2 == 2) {
            CU_ASSERT(test_find_pattern(part, "10|11") != (size_t)-1);
            CU_ASSERT(test_find_pattern(part, "10|10") != (size_t)-1);
            CU_ASSERT(test_find_pattern(part, "00|00") != (size_t)-1);
        }
        rc_partition_free(part);
        rc_net_free(net);
        rc_domain_free(dom);
    }
}

/* ---- fixing inputs: errors ---------------------------------------------- */

/* Refused: an index past the inputs, a value outside the box or not
 * finite, fixing the last free input, a domain of the wrong size. */
static void
test_fix_errors(void)
{
    static const struct { size_t i; double v; rc_status st; } calls[] = {
        {3, 0.0, RC_ERR_ARG}, {0, 1.5, RC_ERR_ARG}, {0, NAN, RC_ERR_ARG},
        {0, 0.5, RC_OK}, {1, -1.0, RC_OK}, {2, 0.5, RC_ERR_ARG},
    };
    static const double rows[] = {1, 1, 0};
    rc_domain *dom = rh_make_dom(3, M1, P1);
    rc_error err;
    rc_net *net = test_rows_net(2, 1, rows, 0, NULL);
    rc_partition *part = NULL;
    size_t c;

    for (c = 0; c < sizeof calls / sizeof calls[0]; c++) {
        err.status = RC_OK;
        err.msg[0] = '\0';
        CU_ASSERT_EQUAL(rc_domain_fix(dom, calls[c].i, calls[c].v, &err),
                        calls[c].st);
        if (calls[c].st != RC_OK)
            CU_ASSERT(err.status == calls[c].st && err.msg[0] != '\0');
        if (c == 0)   /* the message names the input as users number it */
            CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "x4"));
    }
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 1);
    CU_ASSERT(rc_domain_is_fixed(dom, 1) && !rc_domain_is_fixed(dom, 2));
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 1), -1.0);
    err.msg[0] = '\0';
    CU_ASSERT_EQUAL(rc_enumerate(&part, net, dom, NULL, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(part);
    CU_ASSERT(err.msg[0] != '\0');
    rc_domain_free(dom);
    rc_net_free(net);
}

/* ---- ACAS Xu --------------------------------------------------------------- */

/* The slice of ACAS Xu N_{1,1} with rho = 30000, theta = 0, v_int = 600
 * (inputs x1, x2, x5) over (psi, v_own), with the published counts per
 * layer.  Theta_k depends only on the first k hidden layers, so with
 * RC_TEST_QUICK set (valgrind runs) the network is cut after 2 hidden
 * layers and only 116 and 633 are checked. */
static void
test_acasxu(void)
{
    static const size_t want[6] = {116, 633, 2313, 3831, 5588, 7243};
    static const double fixed[5] = {30000.0, 0.0, 0, 0, 600.0};
    const char *top = getenv("top_srcdir");
    char path[4096];
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part;
    rc_error err = {RC_OK, ""};
    unsigned long rng = test_seed() + 61;
    size_t k, hidden = getenv("RC_TEST_QUICK") ? 2 : 6;
    FILE *f;

    snprintf(path, sizeof path, "%s/../shared/data/acasxu/"
             "ACASXU_run2a_1_1_batch_2000.nnet", top ? top : ".");
    if ((f = fopen(path, "r")) == NULL) {
        printf("\n  note: %s not found, ACAS Xu test skipped\n", path);
        return;
    }
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_net_num_hidden(net), 6);
    if (hidden < 6) {
        size_t sizes[8] = {5}, l;
        rc_net *cut = NULL;
        for (l = 1; l <= hidden; l++)
            sizes[l] = rc_net_layer_size(net, l - 1);
        sizes[hidden + 1] = 1;
        CU_ASSERT_EQUAL_FATAL(rc_net_new(&cut, hidden + 1, sizes, NULL), RC_OK);
        for (l = 0; l < hidden; l++)
            rh_copy_layer(cut, l, net, l);
        CU_ASSERT_EQUAL(rc_net_set_normalisation(cut, rc_net_input_mean(net),
                        rc_net_input_range(net), 0.0, 1.0, NULL), RC_OK);
        CU_ASSERT_EQUAL(rc_net_set_input_bounds(cut, rc_net_input_min(net),
                        rc_net_input_max(net), NULL), RC_OK);
        rc_net_free(net);
        net = cut;
        printf("\n  note: RC_TEST_QUICK: first %zu hidden layers only\n", hidden);
    }
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    for (k = 0; k < 5; k++)
        if (k != 2 && k != 3)
            CU_ASSERT_EQUAL(rc_domain_fix(dom, k, fixed[k], &err), RC_OK);
    part = rh_enumerate(net, dom);
    CU_ASSERT_EQUAL(rc_partition_num_hidden(part), hidden);
    for (k = 0; k < hidden; k++)
        CU_ASSERT_EQUAL(rc_partition_layer_count(part, k), want[k]);
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), want[hidden - 1]);
    rh_check_properties(part, net, dom, 2000, &rng);
    rc_partition_free(part);
    rc_net_free(net);
    rc_domain_free(dom);
}

int
main(void)
{
    static const test_case tests[] = {
        { "lines in general position in R^2", test_arrangement_2d },
        { "planes in general position in R^3", test_arrangement_3d },
        { "widths 2, 1 reach 7 regions", test_hand_example },
        { "degenerate networks", test_degenerate },
        { "fixing inputs: errors", test_fix_errors },
        { "ACAS Xu slice: published counts", test_acasxu },
    };

    return test_run_suite("refine", tests, sizeof tests / sizeof tests[0]);
}
