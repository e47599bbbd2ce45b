/* test_lipschitz.c -- local and global Lipschitz constants and bounds.
 *
 * Known answers by hand: spectral norms of small matrices (closed form for
 * 2 x 2), an L = 2 network whose four quadrant regions have constants
 * sqrt 2, 1, 1, 0, an L = 3 network in raw and normalised coordinates, an
 * L = 4 chain where prod ||W_l|| is tight, and the example (L = 2, 17
 * inputs) showing that the induced 1-norm would not give a bound.  On
 * random networks with normalisation and slices: every region's constant
 * equals the norm of its output map A, is never above any bound, equals
 * the largest finite-difference slope over points sampled in the region
 * (the top singular direction among them), and the global constant is
 * the largest local one and at least the slope between any two sampled
 * inputs of the domain.  The certified figures of exact mode are
 * tested in test_lipschitz_exact.c. */
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/lipschitz.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

#define REL 1e-12   /* relative slack for "never above" */

/* Enumerate net on its box (or R^n) and compute the figures. */
static rc_partition *
run(rc_lipschitz_info *info, const rc_net *net, int unbounded, int normalised)
{
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_lipschitz_opts opts;
    rc_error err;

    if (unbounded) {
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_unbounded(&dom, rc_net_num_inputs(net),
                                                      NULL, &err), RC_OK);
    } else {
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    }
    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, NULL, &err), RC_OK);
    rc_lipschitz_opts_init(&opts);
    opts.normalised = normalised;
    CU_ASSERT_EQUAL_FATAL(rc_lipschitz_compute(info, net, part, &opts, &err), RC_OK);
    CU_ASSERT_EQUAL(info->num_regions, rc_partition_num_regions(part));
    rc_domain_free(dom);
    return part;
}

/* The figures of the region whose pattern is the given string of 0/1. */
static const rc_lipschitz_region *
region_of(const rc_lipschitz_info *info, const rc_partition *part,
          const char *bits)
{
    unsigned char pat[64];
    size_t i, r;

    for (i = 0; bits[i]; i++)
        pat[i] = bits[i] == '1';
    r = rc_partition_find(part, pat);
    CU_ASSERT_FATAL(r != (size_t)-1);
    return &info->regions[r];
}

/* ---- spectral norms ---------------------------------------------------- */

static void
test_spectral_known(void)
{
    const double diag[] = {3, 0, 0, -4}, row[] = {1, 1}, col[] = {1, 1, 1, 1};
    const double m22[] = {1, 2, 3, 4}, wide[] = {1, 0, 0, 0, 2, 0};
    const double bad[] = {1, NAN};
    double s = -1;
    rc_error err;

    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm(&s, diag, 2, 2, &err), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(s, 4.0, 1e-14);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm(&s, row, 1, 2, &err), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(s, sqrt(2.0), 1e-14);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm(&s, col, 4, 1, &err), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(s, 2.0, 1e-14);
    /* sigma^2 = (30 + sqrt(30^2 - 4 * 2^2)) / 2 */
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm(&s, m22, 2, 2, &err), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(s, sqrt((30 + sqrt(884.0)) / 2), 1e-13);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm(&s, wide, 2, 3, &err), RC_OK);
    CU_ASSERT_DOUBLE_EQUAL(s, 2.0, 1e-14);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm(&s, wide, 0, 3, &err), RC_OK);
    CU_ASSERT_EQUAL(s, 0.0);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm(&s, bad, 1, 2, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "(1, 2)"));
}

/* 2 x 2 against the closed form; m x n against the norm inequalities
 * max column/row norm <= ||A|| <= ||A||_F and ||A|| = ||A^T||. */
static void
test_spectral_random(void)
{
    unsigned long s = test_seed() ^ 0x5ec;
    int trial;

    for (trial = 0; trial < 300; trial++) {
        double A[48], At[48], n1, n2, fro = 0.0, lower = 0.0, t, det;
        size_t m = test_irand(&s, 1, 6), n = test_irand(&s, 1, 8), i, j;
        rc_error err;

        if (trial < 100)
            m = n = 2;
        for (i = 0; i < m * n; i++)
            A[i] = 4 * test_urand(&s) - 2;
        for (i = 0; i < m; i++)
            for (j = 0; j < n; j++)
                At[j * m + i] = A[i * n + j];
        CU_ASSERT_EQUAL_FATAL(rc_lipschitz_spectral_norm(&n1, A, m, n, &err), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_lipschitz_spectral_norm(&n2, At, n, m, &err), RC_OK);
        CU_ASSERT_DOUBLE_EQUAL(n1, n2, 1e-13 * n1);
        for (i = 0; i < m * n; i++)
            fro += A[i] * A[i];
        for (i = 0; i < m; i++) {
            double r = 0.0;
            for (j = 0; j < n; j++)
                r += A[i * n + j] * A[i * n + j];
            lower = fmax(lower, sqrt(r));
        }
        for (j = 0; j < n; j++) {
            double c = 0.0;
            for (i = 0; i < m; i++)
                c += A[i * n + j] * A[i * n + j];
            lower = fmax(lower, sqrt(c));
        }
        CU_ASSERT(n1 <= sqrt(fro) * (1 + REL));
        CU_ASSERT(n1 >= lower * (1 - REL));
        if (m == 2 && n == 2) {
            det = A[0] * A[3] - A[1] * A[2];
            t = sqrt((fro + sqrt(fmax(fro * fro - 4 * det * det, 0.0))) / 2);
            CU_ASSERT_DOUBLE_EQUAL(n1, t, 1e-12 * t);
        }
    }
}

/* ---- known networks -------------------------------------------------------- */

/* y = relu(x1) + relu(x2) on [-1,1]^2: four quadrants with gradients
 * (1,1), (1,0), (0,1), (0,0).  W1 = I (unit rows), W2 = (1 1) (unit
 * columns): atom bound = |S_1|; sigma = sqrt 2, sigma^2 = 2; prod = sqrt 2;
 * path norm 2; (2 + 2)^2 = 16. */
static void
test_known_L2(void)
{
    static const double W1[] = {1, 0, 0, 1}, b1[] = {0, 0}, W2[] = {1, 1}, b2[] = {0};
    const double *W[] = {W1, W2}, *b[] = {b1, b2};
    size_t sizes[] = {2, 2, 1};
    rc_net *net = test_make_net(2, sizes, W, b);
    rc_lipschitz_info info;
    rc_partition *part;
    const rc_lipschitz_region *g;

    rc_lipschitz_info_init(&info);
    part = run(&info, net, 0, 0);
    CU_ASSERT_EQUAL_FATAL(info.num_regions, 4);
    g = region_of(&info, part, "11");
    CU_ASSERT_DOUBLE_EQUAL(g->local, sqrt(2.0), 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_sum, 2.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_bound, 2.0, 1e-14);
    g = region_of(&info, part, "10");
    CU_ASSERT_DOUBLE_EQUAL(g->local, 1.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_bound, 1.0, 1e-14);
    g = region_of(&info, part, "00");
    CU_ASSERT_EQUAL(g->local, 0.0);
    CU_ASSERT_EQUAL(g->atom_bound, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(info.global, sqrt(2.0), 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.sigma, sqrt(2.0), 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.sigma_power, 2.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.spectral_product, sqrt(2.0), 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.path_norm, 2.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.l1_power, 16.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.max_atom_bound, 2.0, 1e-14);
    CU_ASSERT(isnan(info.C));
    CU_ASSERT_TRUE(info.unit_columns);
    CU_ASSERT_TRUE(info.unit_rows);
    CU_ASSERT_EQUAL(info.alpha, 1.0);
    CU_ASSERT_EQUAL(info.beta, 1.0);
    CU_ASSERT_EQUAL(rc_partition_region(part, info.argmax),
                    rc_partition_region(part, rc_partition_find(part, (const unsigned char *)"\1\1")));
    rc_lipschitz_info_clear(&info);
    CU_ASSERT_PTR_NULL(info.regions);
    rc_partition_free(part);
    rc_net_free(net);
}

/* One input, x in [-1,1]: h = (relu(x), relu(-x)); layer 2 W2 = [2 1; 1 -3],
 * b2 = (1, 0); W3 = (1 2).  x > 0: pattern 10|11, J = (1 2) W2 (1 0)^T = 4;
 * x < 0: pattern 01|10, J = (1 0) W2 (0 -1)^T = -1.
 * ||W1|| = sqrt 2, ||W2|| = (1 + sqrt 29) / 2 (symmetric, eigenvalues
 * (-1 +- sqrt 29) / 2), ||W3|| = sqrt 5; path norm 1^T|W3||W2||W1|1 = 11;
 * entrywise sums 2 + 7 + 3 = 12; C = 3, alpha = 2, beta = 1.
 * Atom bounds: x > 0, |S| = (1, 2): 2 * 1 * 3 * 2 = 12, atom sum
 * 2*1*1 + 1*2*1 = 4; x < 0, |S| = (1, 1): 6, atom sum 1.
 * Raw coordinates with range 2, range_out 3 (means 0.5 and 7 change no
 * slope): everything linear scales by 3/2: 6 and 1.5. */
static void
test_known_L3(void)
{
    static const double W1[] = {1, -1}, b1[] = {0, 0}, W2[] = {2, 1, 1, -3},
                        b2[] = {1, 0}, W3[] = {1, 2}, b3[] = {0};
    const double *W[] = {W1, W2, W3}, *b[] = {b1, b2, b3};
    size_t sizes[] = {1, 2, 2, 1};
    rc_net *net = test_make_net(3, sizes, W, b);
    rc_lipschitz_info info;
    rc_partition *part;
    const rc_lipschitz_region *g;
    double s2 = (1 + sqrt(29.0)) / 2, mean = 0.0, range = 2.0, lo = -1, hi = 1;
    rc_error err;

    rc_lipschitz_info_init(&info);
    part = run(&info, net, 0, 1);
    CU_ASSERT_EQUAL_FATAL(info.num_regions, 2);
    g = region_of(&info, part, "1011");
    CU_ASSERT_DOUBLE_EQUAL(g->local, 4.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_sum, 4.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_bound, 12.0, 1e-14);
    g = region_of(&info, part, "0110");
    CU_ASSERT_DOUBLE_EQUAL(g->local, 1.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_sum, 1.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_bound, 6.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.global, 4.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.spectral_product, sqrt(10.0) * s2, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.sigma_power, s2 * s2 * s2, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(info.path_norm, 11.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.l1_power, 1728.0, 1e-11);
    CU_ASSERT_DOUBLE_EQUAL(info.C, 3.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(info.alpha, 2.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(info.beta, 1.0, 1e-15);
    CU_ASSERT_FALSE(info.unit_columns);
    CU_ASSERT_TRUE(info.unit_rows);
    CU_ASSERT_DOUBLE_EQUAL(info.max_atom_bound, 12.0, 1e-14);
    rc_partition_free(part);
    /* The same in raw coordinates. */
    CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(net, &mean, &range, 7.0, 3.0, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_net_set_input_bounds(net, &lo, &hi, &err), RC_OK);
    part = run(&info, net, 0, 0);
    CU_ASSERT_FALSE(info.normalised);
    g = region_of(&info, part, "1011");
    CU_ASSERT_DOUBLE_EQUAL(g->local, 6.0, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_sum, 6.0, 1e-14);
    /* alpha = 3 * 2, beta = 1/2: the bound scales like the map. */
    CU_ASSERT_DOUBLE_EQUAL(g->atom_bound, 18.0, 1e-13);
    g = region_of(&info, part, "0110");
    CU_ASSERT_DOUBLE_EQUAL(g->local, 1.5, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(info.path_norm, 16.5, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.spectral_product, 1.5 * sqrt(10.0) * s2, 1e-12);
    CU_ASSERT_FALSE(info.unit_rows);
    rc_lipschitz_info_clear(&info);
    rc_partition_free(part);
    rc_net_free(net);
}

/* A chain 1-1-1-1-1 with weights 2, 3, 1, 4 and biases 0, 0.5, 0.5, 0:
 * x > 0: all active, slope 24 = prod ||W_l|| (tight); x < 0: 011, slope 0.
 * sigma^4 = 256, path norm 24, (2 + 3 + 1 + 4)^4 = 10^4; C = 3,
 * alpha = 4, beta = 2: atom bound 4 * 2 * 3^2 = 72, atom sum 3 * 4 * 2 = 24. */
static void
test_known_L4(void)
{
    static const double W1[] = {2}, W2[] = {3}, W3[] = {1}, W4[] = {4};
    static const double b1[] = {0}, b2[] = {0.5}, b3[] = {0.5}, b4[] = {0};
    const double *W[] = {W1, W2, W3, W4}, *b[] = {b1, b2, b3, b4};
    size_t sizes[] = {1, 1, 1, 1, 1};
    rc_net *net = test_make_net(4, sizes, W, b);
    rc_lipschitz_info info;
    rc_partition *part;
    const rc_lipschitz_region *g;

    rc_lipschitz_info_init(&info);
    part = run(&info, net, 0, 0);
    CU_ASSERT_EQUAL_FATAL(info.num_regions, 2);
    g = region_of(&info, part, "111");
    CU_ASSERT_DOUBLE_EQUAL(g->local, 24.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_sum, 24.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(g->atom_bound, 72.0, 1e-13);
    g = region_of(&info, part, "011");
    CU_ASSERT_EQUAL(g->local, 0.0);
    CU_ASSERT_EQUAL(g->atom_bound, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(info.global, 24.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.spectral_product, 24.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.sigma_power, 256.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(info.path_norm, 24.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.l1_power, 1e4, 1e-10);
    CU_ASSERT_DOUBLE_EQUAL(info.C, 3.0, 0.0);
    rc_lipschitz_info_clear(&info);
    rc_partition_free(part);
    rc_net_free(net);
}

/* L = 2, 17 inputs, W1 = (1 ... 1), W2 = (1), on R^17: the constant is
 * sqrt 17 = 4.12, above (sum of induced 1-norms)^2 = (1 + 1)^2 = 4, so only
 * the entrywise choice, (17 + 1)^2 = 324, is a bound. */
static void
test_l1_choice(void)
{
    static const double W2[] = {1}, b1[] = {0}, b2[] = {0};
    double W1[17];
    const double *W[] = {W1, W2}, *b[] = {b1, b2};
    size_t sizes[] = {17, 1, 1}, i;
    rc_net *net;
    rc_lipschitz_info info;
    rc_partition *part;

    for (i = 0; i < 17; i++)
        W1[i] = 1.0;
    net = test_make_net(2, sizes, W, b);
    rc_lipschitz_info_init(&info);
    part = run(&info, net, 1, 0);
    CU_ASSERT_EQUAL(info.num_regions, 2);
    CU_ASSERT_DOUBLE_EQUAL(info.global, sqrt(17.0), 1e-13);
    CU_ASSERT(info.global > 4.0);
    CU_ASSERT_DOUBLE_EQUAL(info.l1_power, 324.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(info.path_norm, 17.0, 1e-13);
    rc_lipschitz_info_clear(&info);
    rc_partition_free(part);
    rc_net_free(net);
}

/* No hidden layer: one region, ||range_out W / range||; no atoms. */
static void
test_affine(void)
{
    static const double W1[] = {3, 4}, b1[] = {1};
    const double *W[] = {W1}, *b[] = {b1};
    double mean[] = {0, 0}, range[] = {2, 2};
    size_t sizes[] = {2, 1};
    rc_net *net = test_make_net(1, sizes, W, b);
    rc_lipschitz_info info;
    rc_partition *part;
    rc_error err;

    CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(net, mean, range, 0.0, 4.0, &err), RC_OK);
    rc_lipschitz_info_init(&info);
    part = run(&info, net, 0, 0);
    CU_ASSERT_EQUAL_FATAL(info.num_regions, 1);
    CU_ASSERT_DOUBLE_EQUAL(info.regions[0].local, 10.0, 1e-13);
    CU_ASSERT(isnan(info.regions[0].atom_bound));
    CU_ASSERT_DOUBLE_EQUAL(info.global, 10.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.spectral_product, 10.0, 1e-13);
    CU_ASSERT_DOUBLE_EQUAL(info.path_norm, 14.0, 1e-13);
    rc_lipschitz_info_clear(&info);
    rc_partition_free(part);
    rc_net_free(net);
}

static void
test_mismatch(void)
{
    static const double W1[] = {1, 0, 0, 1}, b1[] = {0, 0}, W2[] = {1, 1}, b2[] = {0};
    static const double V1[] = {1, 0, 0, 1, 1, 1}, c1[] = {0, 0, 0}, V2[] = {1, 1, 1};
    const double *W[] = {W1, W2}, *b[] = {b1, b2}, *V[] = {V1, V2}, *c[] = {c1, b2};
    size_t sizes[] = {2, 2, 1}, sizes3[] = {2, 3, 1};
    rc_net *net = test_make_net(2, sizes, W, b), *other = test_make_net(2, sizes3, V, c);
    rc_lipschitz_info info;
    rc_partition *part;
    rc_error err;

    rc_lipschitz_info_init(&info);
    part = run(&info, net, 0, 0);
    CU_ASSERT_EQUAL(rc_lipschitz_compute(&info, other, part, NULL, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(info.regions);
    CU_ASSERT_EQUAL(info.num_regions, 0);
    rc_lipschitz_info_clear(&info);
    rc_partition_free(part);
    rc_net_free(net);
    rc_net_free(other);
}

/* ---- random networks ------------------------------------------------------ */

static rc_net *
random_net(unsigned long *s, size_t *n_out)
{
    size_t L = test_irand(s, 2, 4), sizes[5], l, i, j, n;
    double mean[3], range[3], lo[3], hi[3];
    rc_net *net = NULL;
    rc_error err;

    sizes[0] = n = test_irand(s, 1, 3);
    for (l = 1; l < L; l++)
        sizes[l] = test_irand(s, 2, n == 3 ? 4 : 6);
    sizes[L] = test_irand(s, 1, 3);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, &err), RC_OK);
    for (l = 0; l < L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, test_urand(s) < 0.15 ? 0.0 : 4 * test_urand(s) - 2);
            rc_net_set_bias(net, l, i, 2 * test_urand(s) - 1);
        }
    for (i = 0; i < n; i++) {
        mean[i] = 2 * test_urand(s) - 1;
        range[i] = (0.5 + 2 * test_urand(s)) * (test_urand(s) < 0.2 ? -1 : 1);
        lo[i] = mean[i] - 1.5 * test_urand(s) - 0.5;
        hi[i] = mean[i] + 1.5 * test_urand(s) + 0.5;
    }
    CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(net, mean, range, 4 * test_urand(s) - 2,
                                                   (0.5 + 3 * test_urand(s)) * (test_urand(s) < 0.2 ? -1 : 1),
                                                   &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_net_set_input_bounds(net, lo, hi, &err), RC_OK);
    *n_out = n;
    return net;
}

/* Full input vector from free coordinates u. */
static void
full_input(double *x, const rc_domain *dom, const double *u)
{
    size_t n = rc_domain_num_inputs(dom), i, k = 0;

    for (i = 0; i < n; i++)
        x[i] = rc_domain_is_fixed(dom, i) ? rc_domain_fixed_value(dom, i) : u[k++];
}

/* ||f(u) - f(v)|| / ||u - v|| with f the raw network on free inputs.
 * *slack receives what rounding in evaluating f can add to the slope:
 * 1e-12 (||f(u)|| + ||f(v)|| + 1) / ||u - v||. */
static double
slope(double *slack, const rc_net *net, const rc_domain *dom, const double *u,
      const double *v)
{
    double x[3], fy[3], fz[3], num = 0.0, den = 0.0, mag = 1.0;
    size_t i, d = rc_domain_dim(dom), m = rc_net_num_outputs(net);

    full_input(x, dom, u);
    CU_ASSERT_EQUAL_FATAL(rc_net_eval(net, fy, NULL, x), RC_OK);
    full_input(x, dom, v);
    CU_ASSERT_EQUAL_FATAL(rc_net_eval(net, fz, NULL, x), RC_OK);
    for (i = 0; i < m; i++) {
        num += (fy[i] - fz[i]) * (fy[i] - fz[i]);
        mag += fabs(fy[i]) + fabs(fz[i]);
    }
    for (i = 0; i < d; i++)
        den += (u[i] - v[i]) * (u[i] - v[i]);
    *slack = 1e-12 * mag / sqrt(den);
    return sqrt(num / den);
}

/* Top right singular vector of the m x d matrix A. */
static void
top_direction(double *v, const double *A, size_t m, size_t d)
{
    double a[9], s[3], u[9], vt[9], superb[3];
    lapack_int info;

    memcpy(a, A, m * d * sizeof *a);
    info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'A', (lapack_int)m, (lapack_int)d,
                          a, (lapack_int)d, s, u, 1, vt, (lapack_int)d, superb);
    CU_ASSERT_EQUAL_FATAL(info, 0);
    memcpy(v, vt, d * sizeof *v);   /* first row of V^T */
}

static void
test_random_properties(void)
{
    unsigned long s = test_seed() ^ 0x11b;
    size_t fd_checked = 0;
    int trial;

    for (trial = 0; trial < 40; trial++) {
        size_t n, d, R, r, i, k, m;
        rc_net *net = random_net(&s, &n);
        rc_domain *dom = NULL;
        rc_partition *part = NULL;
        rc_lipschitz_info info, norm_info;
        rc_lipschitz_opts opts;
        rc_error err;
        double gmax = 0.0;

        m = rc_net_num_outputs(net);
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
        if (n > 1 && trial % 3 == 0) {
            CU_ASSERT_EQUAL_FATAL(rc_domain_fix(dom, n - 1, rc_net_input_mean(net)[n - 1],
                                                &err), RC_OK);
        }
        d = rc_domain_dim(dom);
        CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, NULL, &err), RC_OK);
        rc_lipschitz_info_init(&info);
        rc_lipschitz_info_init(&norm_info);
        CU_ASSERT_EQUAL_FATAL(rc_lipschitz_compute(&info, net, part, NULL, &err), RC_OK);
        rc_lipschitz_opts_init(&opts);
        opts.normalised = 1;
        CU_ASSERT_EQUAL_FATAL(rc_lipschitz_compute(&norm_info, net, part, &opts, &err),
                              RC_OK);
        R = rc_partition_num_regions(part);
        CU_ASSERT(info.path_norm <= info.l1_power * (1 + REL));
        CU_ASSERT(info.spectral_product <= info.sigma_power * (1 + REL));
        for (r = 0; r < R; r++) {
            const rc_region *reg = rc_partition_region(part, r);
            const rc_lipschitz_region *g = &info.regions[r];
            double normA, dir[3], best = 0.0, slack = 0.0, h = 0.5 * rc_region_chebyshev_radius(reg);
            double up[3], um[3];
            const double *x0 = rc_region_interior_point(reg);
            int sample;

            /* The constant is the norm of the region's output map. */
            CU_ASSERT_EQUAL_FATAL(rc_lipschitz_spectral_norm(&normA, rc_region_output_A(reg),
                                                             m, d, &err), RC_OK);
            CU_ASSERT_DOUBLE_EQUAL(g->local, normA, 1e-12 * (1 + normA));
            /* Never above a bound. */
            CU_ASSERT(g->local <= g->atom_sum * (1 + REL) + 1e-300);
            CU_ASSERT(g->atom_sum <= g->atom_bound * (1 + REL) + 1e-300);
            CU_ASSERT(g->local <= info.spectral_product * (1 + REL));
            CU_ASSERT(g->local <= info.sigma_power * (1 + REL));
            CU_ASSERT(g->local <= info.path_norm * (1 + REL));
            CU_ASSERT(g->local <= info.l1_power * (1 + REL));
            CU_ASSERT(g->local <= info.global);
            gmax = fmax(gmax, g->local);
            /* Raw = normalised scaled by |range_out| / |range| when every
             * free input has the same range; in general bounded by it. */
            {
                double rmin = INFINITY, rmax = 0.0, ro = fabs(rc_net_output_range(net));
                for (k = 0; k < d; k++) {
                    double rr = fabs(rc_net_input_range(net)[rc_partition_free_input(part, k)]);
                    rmin = fmin(rmin, rr);
                    rmax = fmax(rmax, rr);
                }
                CU_ASSERT(g->local <= norm_info.regions[r].local * ro / rmin * (1 + REL) + 1e-300);
                CU_ASSERT(g->local >= norm_info.regions[r].local * ro / rmax * (1 - REL));
            }
            /* Finite differences inside the Chebyshev ball: the slope along
             * the top singular direction is the constant, none above it. */
            if (!(h > 1e-6) || normA == 0.0)
                continue;
            top_direction(dir, rc_region_output_A(reg), m, d);
            for (sample = 0; sample < 20; sample++) {
                double len = 0.0, sl, sk;
                for (k = 0; k < d; k++) {
                    dir[k] = sample == 0 ? dir[k] : 2 * test_urand(&s) - 1;
                    len += dir[k] * dir[k];
                }
                len = sqrt(len);
                for (k = 0; k < d; k++) {
                    double t = (sample == 0 ? 1.0 : test_urand(&s)) * h;
                    up[k] = x0[k] + t * dir[k] / len;
                    um[k] = x0[k] - t * dir[k] / len;
                }
                sl = slope(&sk, net, dom, up, um);
                CU_ASSERT(sl <= g->local * (1 + REL) + sk);
                best = fmax(best, sl);
                slack = fmax(slack, sk);
            }
            CU_ASSERT_DOUBLE_EQUAL(best, g->local, 1e-12 * g->local + slack);
            fd_checked++;
        }
        CU_ASSERT_EQUAL(info.global, gmax);
        CU_ASSERT(info.global <= info.max_atom_sum * (1 + REL) + 1e-300);
        /* Any two inputs of the domain. */
        for (i = 0; i < 200; i++) {
            double u[3], v[3], sk, sl;
            for (k = 0; k < d; k++) {
                size_t f = rc_partition_free_input(part, k);
                double lo = rc_domain_lo(dom, f), hi = rc_domain_hi(dom, f);
                /* Far pairs, and near pairs (10^-4 to 10^-3 of the box). */
                u[k] = lo + (hi - lo) * test_urand(&s);
                v[k] = i % 2 ? lo + (hi - lo) * test_urand(&s)
                             : u[k] + (hi - lo) * (1e-4 + 1e-3 * test_urand(&s));
                if (v[k] > hi)
                    v[k] = u[k] - (v[k] - u[k]);
            }
            sl = slope(&sk, net, dom, u, v);
            CU_ASSERT(sl <= info.global * (1 + REL) + sk);
        }
        rc_lipschitz_info_clear(&info);
        rc_lipschitz_info_clear(&norm_info);
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    CU_ASSERT(fd_checked >= 60);
}

int
main(void)
{
    CU_pSuite known, random;

    test_seed();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    known = CU_add_suite("lipschitz: known answers", NULL, NULL);
    random = CU_add_suite("lipschitz: random networks", NULL, NULL);
    if (!known || !random
        || !CU_add_test(known, "spectral norms by hand", test_spectral_known)
        || !CU_add_test(known, "spectral norms: closed form and inequalities",
                        test_spectral_random)
        || !CU_add_test(known, "L = 2: quadrants", test_known_L2)
        || !CU_add_test(known, "L = 3: raw and normalised coordinates", test_known_L3)
        || !CU_add_test(known, "L = 4: a chain", test_known_L4)
        || !CU_add_test(known, "entrywise, not induced, 1-norm", test_l1_choice)
        || !CU_add_test(known, "no hidden layer", test_affine)
        || !CU_add_test(known, "partition of another network", test_mismatch)
        || !CU_add_test(random, "bounds, finite differences, global slope",
                        test_random_properties)) {
        CU_cleanup_registry();
        return 1;
    }
    return test_run_all();
}
