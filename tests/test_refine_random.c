/* test_refine_random.c -- rc_enumerate end to end: properties.
 *
 * Properties of random networks: sampled points find their region, output
 * maps agree with evaluation, volumes tile the box, vertices lie on the
 * facets (refine_helpers.h), and the set of patterns equals that of an
 * independent brute force over all 2^N patterns (GLPK Chebyshev LPs on
 * H-representations written here from scratch).  A slice equals the
 * network that folds the fixed input into its biases, and normalisation
 * equals the network that absorbs it.  test_refine.c holds the known
 * answers. */
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

/* ---- helpers ------------------------------------------------------------ */

static rc_partition *
enumerate_in(const rc_net *net, const rc_domain *dom, rc_arithmetic arith)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_enum_opts opts;
    rc_status st;

    rc_enum_opts_init(&opts);
    opts.arithmetic = arith;
    st = rc_enumerate(&part, net, dom, &opts, &err);
    CU_ASSERT_EQUAL(st, RC_OK);
    if (st != RC_OK)
        printf("\nrc_enumerate: %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(part);
    return part;
}

/* Same pattern sets? */
static int
same_patterns(const rc_partition *a, const rc_partition *b)
{
    size_t i;

    if (rc_partition_num_regions(a) != rc_partition_num_regions(b))
        return 0;
    for (i = 0; i < rc_partition_num_regions(a); i++)
        if (rc_partition_find(b, rc_region_pattern(rc_partition_region(a, i)))
            == (size_t)-1)
            return 0;
    return 1;
}

/* ---- random networks: properties ------------------------------------------ */

/* A random network on n inputs with the given hidden widths and 2 outputs:
 * weights uniform in [-1,1]; each hidden bias puts the neuron's zero set
 * through a random point of the box lo..hi, so that every neuron matters
 * somewhere. */
static rc_net *
random_net(size_t n, size_t hidden, const size_t *widths, const double *lo,
           const double *hi, unsigned long *rng)
{
    size_t sizes[8] = {n}, L = hidden + 1, l, i, j, off = 0;
    rc_net *net = NULL;
    double x[8], pre[RH_MAXN];

    for (l = 0; l < hidden; l++)
        sizes[l + 1] = widths[l];
    sizes[L] = 2;
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; off += sizes[++l]) {
        for (i = 0; i < sizes[l + 1]; i++)
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, 2 * test_urand(rng) - 1);
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < n; j++)
                x[j] = lo[j] + (hi[j] - lo[j]) * test_urand(rng);
            rc_net_set_bias(net, l, i, 0.0);
            rh_forward(pre, net, x);
            rc_net_set_bias(net, l, i, l + 1 < L ? -pre[off + i]
                                                 : 2 * test_urand(rng) - 1);
        }
    }
    return net;
}

/* (a)-(e) on random networks: 2 and 3 inputs, 2 or 3 hidden layers of
 * widths 3..8 (3..6 for 3 layers on 3 inputs, to keep the run short), on
 * [-1,1]^n or a random box. */
static void
test_random_properties(void)
{
    unsigned long rng = test_seed() + 31;
    size_t t;

    for (t = 0; t < 8; t++) {
        size_t n = 2 + t % 2, hidden = 2 + (t / 2) % 2, widths[3], j;
        double lo[3], hi[3];
        rc_net *net;
        rc_domain *dom;
        rc_partition *part;

        for (j = 0; j < hidden; j++)
            widths[j] = (size_t)test_irand_int(&rng, 3, n == 3 && hidden == 3 ? 6 : 8);
        for (j = 0; j < n; j++) {
            lo[j] = t < 4 ? -1.0 : -5 + 10 * test_urand(&rng);
            hi[j] = t < 4 ? 1.0 : lo[j] + 0.5 + 9.5 * test_urand(&rng);
        }
        net = random_net(n, hidden, widths, lo, hi, &rng);
        dom = rh_make_dom(n, lo, hi);
        part = rh_enumerate(net, dom);
        CU_ASSERT(rc_partition_num_regions(part) > 1);
        CU_ASSERT_EQUAL(rc_partition_layer_count(part, hidden - 1),
                        rc_partition_num_regions(part));
        for (j = 1; j < hidden; j++)
            CU_ASSERT(rc_partition_layer_count(part, j)
                      >= rc_partition_layer_count(part, j - 1));
        rh_check_properties(part, net, dom, 1000, &rng);
        rc_partition_free(part);
        rc_net_free(net);
        rc_domain_free(dom);
    }
}

/* ---- brute force over all patterns ---------------------------------------- */

/* Chebyshev radius of {x : A x <= b} (m rows, n columns) by GLPK: maximise
 * r subject to a_i . x + |a_i| r <= b_i, -1 <= r <= 10; -1 when even
 * r = -1 is infeasible. */
static double
chebyshev(const double *A, const double *b, size_t m, size_t n)
{
    glp_prob *lp = glp_create_prob();
    glp_smcp parm;
    int ia[1 + 64 * 9], ja[1 + 64 * 9], nz = 0, ret;
    double ar[1 + 64 * 9], r = -1.0;
    size_t i, j;

    CU_ASSERT_FATAL(m <= 64 && n <= 8);
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)n + 1);
    for (j = 1; j <= n; j++)
        glp_set_col_bnds(lp, (int)j, GLP_FR, 0.0, 0.0);
    glp_set_col_bnds(lp, (int)n + 1, GLP_DB, -1.0, 10.0);
    glp_set_obj_coef(lp, (int)n + 1, 1.0);
    glp_add_rows(lp, (int)m);
    for (i = 0; i < m; i++) {
        double norm = 0.0;
        for (j = 0; j <= n; j++) {
            double a = j < n ? A[i * n + j] : sqrt(norm);
            norm += a * a;
            nz++;
            ia[nz] = (int)i + 1;
            ja[nz] = (int)j + 1;
            ar[nz] = a;
        }
        glp_set_row_bnds(lp, (int)i + 1, GLP_UP, 0.0, b[i]);
    }
    glp_load_matrix(lp, nz, ia, ja, ar);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    ret = glp_simplex(lp, &parm);
    CU_ASSERT_EQUAL(ret, 0);
    if (ret == 0 && glp_get_status(lp) == GLP_OPT)
        r = glp_get_obj_val(lp);
    else
        CU_ASSERT_EQUAL(glp_get_status(lp), GLP_NOFEAS);
    glp_delete_prob(lp);
    return r;
}

/* Does pattern theta have interior in the box lo..hi?  The H-representation
 * is written in raw coordinates by composing the affine maps of the layers
 * with the pattern's ReLUs: neuron i of a layer has pre-activation
 * z_i(x) = c + a . x, and theta_i = 1 asks z_i >= 0, theta_i = 0 asks
 * z_i <= 0 (an interior point then has z_i > 0, resp. < 0, as rc_net_eval
 * decides).  A constant z_i decides alone: theta_i = 1 iff z_i > 0. */
static int
brute_interior(const rc_net *net, const double *lo, const double *hi,
               const unsigned char *theta)
{
    size_t n = rc_net_num_inputs(net), d = n + 1, L = rc_net_num_layers(net);
    size_t l, i, j, c, m = 0, o = 0;
    double post[16 * 9] = {0}, z[16 * 9], A[64 * 8] = {0}, b[64];

    for (i = 0; i < n; i++) {
        double range = rc_net_input_range(net)[i];
        post[i * d] = -rc_net_input_mean(net)[i] / range;
        post[i * d + 1 + i] = 1.0 / range;
        A[m * n + i] = 1.0;          /* x_i <= hi_i */
        b[m++] = hi[i];
        A[m * n + i] = -1.0;         /* -x_i <= -lo_i */
        b[m++] = -lo[i];
    }
    for (l = 0; l + 1 < L; l++) {
        size_t in = l ? rc_net_layer_size(net, l - 1) : n;
        size_t out = rc_net_layer_size(net, l);
        const double *W = rc_net_weights(net, l), *bias = rc_net_biases(net, l);
        CU_ASSERT_FATAL(out <= 16 && m + out <= 64);
        for (i = 0; i < out; i++) {
            double *zi = z + i * d, norm = 0.0, sign = theta[o + i] ? -1.0 : 1.0;
            for (c = 0; c < d; c++)
                zi[c] = c == 0 ? bias[i] : 0.0;
            for (j = 0; j < in; j++)
                for (c = 0; c < d; c++)
                    zi[c] += W[i * in + j] * post[j * d + c];
            for (c = 1; c < d; c++)
                norm += zi[c] * zi[c];
            if (norm == 0.0) {
                if ((zi[0] > 0.0) != (theta[o + i] != 0))
                    return 0;
                continue;
            }
            for (j = 0; j < n; j++)      /* sign * z_i(x) <= 0 */
                A[m * n + j] = sign * zi[1 + j];
            b[m++] = -sign * zi[0];
        }
        for (i = 0; i < out * d; i++)
            post[i] = theta[o + i / d] ? z[i] : 0.0;
        o += out;
    }
    return chebyshev(A, b, m, n) > 1e-9;
}

/* Every weight in {-2..2} and bias in {-1, -1/2, 0, 1/2, 1}: degenerate
 * networks (coincident, parallel and concurrent hyperplanes, hyperplanes
 * on facets of the box, neurons identically zero on a region), whose
 * arithmetic in the library and in the brute force is exact. */
static void
integer_weights(rc_net *net, unsigned long *rng)
{
    size_t l, i, j;

    for (l = 0; l < rc_net_num_layers(net); l++)
        for (i = 0; i < rc_net_layer_size(net, l); i++) {
            size_t in = l ? rc_net_layer_size(net, l - 1) : rc_net_num_inputs(net);
            for (j = 0; j < in; j++)
                rc_net_set_weight(net, l, i, j, test_irand_int(rng, -2, 2));
            rc_net_set_bias(net, l, i, 0.5 * test_irand_int(rng, -2, 2));
        }
}

/* Random networks on [-1,1]^n with at most 10 hidden neurons, generic
 * (even trials) or degenerate (odd): a pattern has a region iff the brute
 * force finds interior for it.  The brute force computes in double, so it
 * is the reference of the float mode; a generic trial can hold a neuron
 * whose exact value on a region is a rounding residue (a bias set to
 * minus a pre-activation computed in double), where double and exact
 * arithmetic rightly differ.  The default mode is checked against exact
 * mode on every trial instead. */
static void
test_brute_force(void)
{
    unsigned long rng = test_seed() + 21;
    size_t t;

    glp_term_out(GLP_OFF);
    for (t = 0; t < 16; t++) {
        size_t n = 2 + (t / 2) % 2, hidden = 2 + (t / 4) % 2, widths[3], j, total;
        size_t N, found = 0, q;
        unsigned char theta[16];
        rc_net *net;
        rc_domain *dom = rh_make_dom(n, M1, P1);
        rc_partition *part;

        do {
            for (total = 0, j = 0; j < hidden; j++)
                total += widths[j] = (size_t)test_irand_int(&rng, 2, 5);
        } while (total > 10);
        net = random_net(n, hidden, widths, M1, P1, &rng);
        if (t % 2)
            integer_weights(net, &rng);
        part = enumerate_in(net, dom, RC_ARITH_FLOAT);
        {
            rc_partition *pf = rh_enumerate(net, dom);
            rc_partition *pe = enumerate_in(net, dom, RC_ARITH_EXACT);
            CU_ASSERT_TRUE(same_patterns(pf, pe));
            rc_partition_free(pf);
            rc_partition_free(pe);
        }
        N = rc_net_num_neurons(net);
        for (q = 0; q < ((size_t)1 << N); q++) {
            int lib, ref;
            for (j = 0; j < N; j++)
                theta[j] = (unsigned char)((q >> j) & 1u);
            ref = brute_interior(net, M1, P1, theta);
            lib = rc_partition_find(part, theta) != (size_t)-1;
            CU_ASSERT_EQUAL(lib, ref);
            if (lib != ref) {
                printf("\n  pattern ");
                for (j = 0; j < N; j++)
                    putchar('0' + theta[j]);
                printf(": library %d, brute force %d\n", lib, ref);
            }
            found += ref;
        }
        CU_ASSERT_EQUAL(found, rc_partition_num_regions(part));
        rc_partition_free(part);
        rc_net_free(net);
        rc_domain_free(dom);
    }
}

/* ---- slices and normalisation -------------------------------------------- */

/* The same patterns, with equal volumes. */
static void
check_same_partition(const rc_partition *a, const rc_partition *b)
{
    size_t i, na = rc_partition_num_regions(a);

    CU_ASSERT_EQUAL_FATAL(na, rc_partition_num_regions(b));
    CU_ASSERT_EQUAL_FATAL(rc_partition_pattern_length(a),
                          rc_partition_pattern_length(b));
    for (i = 0; i < na; i++) {
        const rc_region *r = rc_partition_region(a, i);
        size_t k = rc_partition_find(b, rc_region_pattern(r));
        CU_ASSERT_FATAL(k != (size_t)-1);
        CU_ASSERT_DOUBLE_EQUAL(rc_region_volume(r),
                               rc_region_volume(rc_partition_region(b, k)),
                               1e-9 * rc_region_volume(r));
    }
}

/* A 3-input network with x2 fixed to v is the 2-input network on (x1, x3)
 * whose first-layer biases absorb column 2 times v. */
static void
test_slice(void)
{
    unsigned long rng = test_seed() + 41;
    size_t widths[2] = {6, 5}, sizes[4] = {2, 6, 5, 2}, t, i;
    const double v = 0.37;

    for (t = 0; t < 3; t++) {
        rc_net *net3 = random_net(3, 2, widths, M1, P1, &rng), *net2 = NULL;
        rc_domain *dom3 = rh_make_dom(3, M1, P1), *dom2 = rh_make_dom(2, M1, P1);
        const double *W = rc_net_weights(net3, 0);
        rc_partition *p3, *p2;

        CU_ASSERT_EQUAL_FATAL(rc_net_new(&net2, 3, sizes, NULL), RC_OK);
        for (i = 0; i < 6; i++) {
            rc_net_set_weight(net2, 0, i, 0, W[i * 3 + 0]);
            rc_net_set_weight(net2, 0, i, 1, W[i * 3 + 2]);
            rc_net_set_bias(net2, 0, i, rc_net_biases(net3, 0)[i] + W[i * 3 + 1] * v);
        }
        rh_copy_layer(net2, 1, net3, 1);
        rh_copy_layer(net2, 2, net3, 2);
        CU_ASSERT_EQUAL(rc_domain_fix(dom3, 1, v, NULL), RC_OK);
        CU_ASSERT_EQUAL(rc_domain_dim(dom3), 2);
        p3 = rh_enumerate(net3, dom3);
        p2 = rh_enumerate(net2, dom2);
        CU_ASSERT_EQUAL(rc_partition_dim(p3), 2);
        CU_ASSERT_EQUAL(rc_partition_free_input(p3, 0), 0);
        CU_ASSERT_EQUAL(rc_partition_free_input(p3, 1), 2);
        CU_ASSERT(rc_partition_num_regions(p3) > 1);
        check_same_partition(p3, p2);
        check_same_partition(p2, p3);
        rh_check_properties(p3, net3, dom3, 500, &rng);
        rc_partition_free(p3);
        rc_partition_free(p2);
        rc_net_free(net3);
        rc_net_free(net2);
        rc_domain_free(dom3);
        rc_domain_free(dom2);
    }
}

/* With input normalisation x_n = (x - mean)/range and output scaling
 * y = M * 2.5 + 10, regions are reported in raw coordinates: they equal
 * those of the network whose first layer absorbs the normalisation
 * (W/range, b - W mean/range) and whose last layer the output scaling. */
static void
test_normalisation(void)
{
    static const double mean[2] = {3, -1}, range[2] = {4, 2};
    static const double lo[2] = {0, -4}, hi[2] = {8, 2};
    static const double nlo[2] = {-0.75, -1.5}, nhi[2] = {1.25, 1.5};
    unsigned long rng = test_seed() + 51;
    size_t widths[2] = {5, 4}, sizes[4] = {2, 5, 4, 2}, i, j, t;

    for (t = 0; t < 2; t++) {
        rc_net *net = random_net(2, 2, widths, nlo, nhi, &rng), *flat = NULL;
        rc_domain *dom = NULL, *dom2 = rh_make_dom(2, lo, hi);
        rc_partition *part, *part2;

        CU_ASSERT_EQUAL_FATAL(rc_net_new(&flat, 3, sizes, NULL), RC_OK);
        for (i = 0; i < 5; i++) {
            double b = rc_net_biases(net, 0)[i];
            for (j = 0; j < 2; j++) {
                double w = rc_net_weights(net, 0)[i * 2 + j];
                b -= w * mean[j] / range[j];
                rc_net_set_weight(flat, 0, i, j, w / range[j]);
            }
            rc_net_set_bias(flat, 0, i, b);
        }
        rh_copy_layer(flat, 1, net, 1);
        for (i = 0; i < 2; i++) {
            for (j = 0; j < 4; j++)
                rc_net_set_weight(flat, 2, i, j, 2.5 * rc_net_weights(net, 2)[i * 4 + j]);
            rc_net_set_bias(flat, 2, i, 2.5 * rc_net_biases(net, 2)[i] + 10.0);
        }
        CU_ASSERT_EQUAL(rc_net_set_normalisation(net, mean, range, 10.0, 2.5, NULL), RC_OK);
        CU_ASSERT_EQUAL(rc_net_set_input_bounds(net, lo, hi, NULL), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, NULL), RC_OK);
        CU_ASSERT(rc_domain_lo(dom, 1) == -4.0 && rc_domain_hi(dom, 0) == 8.0);
        part = rh_enumerate(net, dom);
        part2 = rh_enumerate(flat, dom2);
        CU_ASSERT(rc_partition_num_regions(part) > 1);
        check_same_partition(part, part2);
        rh_check_properties(part, net, dom, 500, &rng);
        rc_partition_free(part);
        rc_partition_free(part2);
        rc_net_free(net);
        rc_net_free(flat);
        rc_domain_free(dom);
        rc_domain_free(dom2);
    }
}

int
main(void)
{
    static const test_case tests[] = {
        { "random networks: properties", test_random_properties },
        { "random networks: brute force over patterns", test_brute_force },
        { "slice equals folded network", test_slice },
        { "normalisation: raw coordinates", test_normalisation },
    };

    return test_run_suite("refine_random", tests, sizeof tests / sizeof tests[0]);
}
