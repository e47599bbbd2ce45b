/* test_refine.c -- rc_enumerate end to end.
 *
 * Known answers derived by hand: arrangements of lines and planes in
 * general position (Zaslavsky), a small two-layer network that reaches the
 * bound 7, and degenerate networks (duplicate, parallel, concurrent, zero,
 * dead neurons, hyperplanes on facets of the box, neurons switched off by
 * the layer below).  Properties of random networks: sampled points find
 * their region, output maps agree with evaluation, volumes tile the box,
 * vertices lie on the facets, and the set of patterns equals that of an
 * independent brute force over all 2^N patterns (GLPK Chebyshev LPs on
 * H-representations written here from scratch).  Slices, normalisation and
 * the ACAS Xu slice with published counts. */
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
#include "testutil.h"

#define MAXN 512   /* hidden neurons handled by the helpers below */

/* ---- helpers ------------------------------------------------------------ */

static const double M1[3] = {-1, -1, -1}, P1[3] = {1, 1, 1};

static double
urand(unsigned long *state)
{
    /* 64-bit LCG (Knuth MMIX), top 53 bits: uniform in [0,1) */
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(*state >> 11) / 9007199254740992.0;
}

static int
irand(unsigned long *state, int lo, int hi)
{
    return lo + (int)(urand(state) * (hi - lo + 1));
}

/* A network on n inputs with hidden layers of N1 and N2 neurons (N2 = 0:
 * one hidden layer) and one output that sums the last hidden layer.  l1
 * (l2) holds, neuron after neuron, the weights then the bias. */
static rc_net *
make_net(size_t n, size_t N1, const double *l1, size_t N2, const double *l2)
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

/* Copy layer ls of src into layer ld of dst (same shape). */
static void
copy_layer(rc_net *dst, size_t ld, const rc_net *src, size_t ls)
{
    size_t in = ls ? rc_net_layer_size(src, ls - 1) : rc_net_num_inputs(src);
    size_t i, j;

    for (i = 0; i < rc_net_layer_size(src, ls); i++) {
        for (j = 0; j < in; j++)
            rc_net_set_weight(dst, ld, i, j, rc_net_weights(src, ls)[i * in + j]);
        rc_net_set_bias(dst, ld, i, rc_net_biases(src, ls)[i]);
    }
}

/* The box lo..hi, or R^n when lo is NULL. */
static rc_domain *
make_dom(size_t n, const double *lo, const double *hi)
{
    rc_domain *dom = NULL;
    rc_status st = lo ? rc_domain_new_box(&dom, n, lo, hi, NULL)
                      : rc_domain_new_unbounded(&dom, n, NULL, NULL);

    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    return dom;
}

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

static rc_partition *
enumerate(const rc_net *net, const rc_domain *dom)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st = rc_enumerate(&part, net, dom, NULL, &err);

    CU_ASSERT_EQUAL(st, RC_OK);
    if (st != RC_OK)
        printf("\nrc_enumerate: %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(part);
    return part;
}

/* Index of the region with pattern s ("10|1"; '|' is skipped). */
static size_t
find_str(const rc_partition *part, const char *s)
{
    unsigned char pat[MAXN];
    size_t k = 0;

    for (; *s; s++)
        if (*s != '|')
            pat[k++] = (unsigned char)(*s == '1');
    CU_ASSERT_EQUAL(k, rc_partition_pattern_length(part));
    return rc_partition_find(part, pat);
}

/* Pre-activations of every hidden neuron at raw input x, written here
 * independently of rc_net_eval. */
static void
forward(double *pre, const rc_net *net, const double *x)
{
    double cur[MAXN], next[MAXN];
    size_t L = rc_net_num_layers(net), l, i, j, n = rc_net_num_inputs(net);
    size_t o = 0;

    for (i = 0; i < n; i++)
        cur[i] = (x[i] - rc_net_input_mean(net)[i]) / rc_net_input_range(net)[i];
    for (l = 0; l + 1 < L; l++) {
        size_t in = l ? rc_net_layer_size(net, l - 1) : n;
        size_t out = rc_net_layer_size(net, l);
        const double *W = rc_net_weights(net, l), *b = rc_net_biases(net, l);
        for (i = 0; i < out; i++) {
            double s = b[i];
            for (j = 0; j < in; j++)
                s += W[i * in + j] * cur[j];
            pre[o++] = s;
            next[i] = s > 0 ? s : 0;
        }
        memcpy(cur, next, out * sizeof(double));
    }
}

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
            irows[i] = irand(rng, -6, 6);
        CU_ASSERT_FATAL(++draws < 1000);
    } while (!general_position(irows, N, n));
    for (i = 0; i < N * (n + 1); i++)
        rows[i] = (double)irows[i];
    for (i = 0; i <= n; i++)
        want += binom(N, i);
    net = make_net(n, N, rows, 0, NULL);
    dom = make_dom(n, NULL, NULL);
    part = enumerate(net, dom);
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
    rc_net *net = make_net(2, 2, l1, 1, l2);
    rc_domain *dom = make_dom(2, M1, P1);
    rc_partition *part = enumerate(net, dom);
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
        size_t k = find_str(part, want[i].pat);
        CU_ASSERT_FATAL(k != (size_t)-1);
        CU_ASSERT_DOUBLE_EQUAL(rc_region_volume(rc_partition_region(part, k)),
                               want[i].area, 1e-12);
        rc_partition_pattern_string(buf, part, rc_partition_region(part, k));
        CU_ASSERT_STRING_EQUAL(buf, want[i].pat);
    }
    /* The constant region 00|0 is the whole quadrant: 4 vertices, output
     * y = g's relu = 0 there (the output layer sums the last hidden layer). */
    {
        const rc_region *r = rc_partition_region(part, find_str(part, "00|0"));
        CU_ASSERT_EQUAL(rc_region_num_vertices(r), 4);
        CU_ASSERT_EQUAL(rc_region_num_facets(r), 4);
        CU_ASSERT_DOUBLE_EQUAL(rc_region_output_c(r)[0], 0.0, 1e-15);
    }
    /* On 11|1 the output is x1 + x2 - 1/2. */
    {
        const rc_region *r = rc_partition_region(part, find_str(part, "11|1"));
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
        rc_net *net = make_net(2, dc->N1, dc->l1, dc->N2, dc->l2);
        rc_domain *dom = make_dom(2, dc->plane ? NULL : M1, P1);
        rc_partition *part = enumerate(net, dom);
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
            CU_ASSERT(find_str(part, "10|11") != (size_t)-1);
            CU_ASSERT(find_str(part, "10|10") != (size_t)-1);
            CU_ASSERT(find_str(part, "00|00") != (size_t)-1);
        }
        rc_partition_free(part);
        rc_net_free(net);
        rc_domain_free(dom);
    }
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
    double x[8], pre[MAXN];

    for (l = 0; l < hidden; l++)
        sizes[l + 1] = widths[l];
    sizes[L] = 2;
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; off += sizes[++l]) {
        for (i = 0; i < sizes[l + 1]; i++)
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, 2 * urand(rng) - 1);
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < n; j++)
                x[j] = lo[j] + (hi[j] - lo[j]) * urand(rng);
            rc_net_set_bias(net, l, i, 0.0);
            forward(pre, net, x);
            rc_net_set_bias(net, l, i, l + 1 < L ? -pre[off + i]
                                                 : 2 * urand(rng) - 1);
        }
    }
    return net;
}

/* Full input vector from the free coordinates p of a slice. */
static void
full_input(double *x, const rc_domain *dom, const double *p)
{
    size_t i, k = 0;

    for (i = 0; i < rc_domain_num_inputs(dom); i++)
        x[i] = rc_domain_is_fixed(dom, i) ? rc_domain_fixed_value(dom, i) : p[k++];
}

/* a . p - b for facet f of r; its owner goes to *ow unless ow is NULL. */
static double
facet_gap(const rc_region *r, size_t f, const double *p, size_t n,
          rc_owner *ow)
{
    double b, s = 0.0;
    const double *a = rc_region_facet(r, f, &b, ow);
    size_t j;

    for (j = 0; j < n; j++)
        s += a[j] * p[j];
    return s - b;
}

static int
in_region(const rc_region *r, const double *p, size_t n, double tol)
{
    size_t f;

    for (f = 0; f < rc_region_num_facets(r); f++)
        if (facet_gap(r, f, p, n, NULL) > tol)
            return 0;
    return 1;
}

/* Properties (a)-(e) and the owners of facets, for a partition of a box
 * (or a slice of one).  Tolerances are relative to the size of the box. */
static void
check_properties(const rc_partition *part, const rc_net *net,
                 const rc_domain *dom, size_t samples, unsigned long *rng)
{
    size_t n = rc_partition_dim(part), N = rc_net_num_neurons(net);
    size_t m = rc_net_num_outputs(net), nreg = rc_partition_num_regions(part);
    size_t i, j, f, s, o, offs[16] = {0};
    double lo[8], hi[8], p[8], x[8], y[8], pre[MAXN], ipre[MAXN];
    double tol, diam = 0.0, vol = 0.0, box = 1.0;
    unsigned char pat[MAXN];

    CU_ASSERT_FATAL(N <= MAXN && rc_net_num_inputs(net) <= 8 && m <= 8);
    CU_ASSERT_EQUAL(rc_partition_pattern_length(part), N);
    for (j = 0; j + 1 < rc_net_num_layers(net) && j < 15; j++)
        offs[j + 1] = offs[j] + rc_net_layer_size(net, j);
    for (j = 0; j < n; j++) {
        size_t in = rc_partition_free_input(part, j);
        lo[j] = rc_domain_lo(dom, in);
        hi[j] = rc_domain_hi(dom, in);
        box *= hi[j] - lo[j];
        diam = fmax(diam, fmax(hi[j] - lo[j], fmax(fabs(lo[j]), fabs(hi[j]))));
    }
    tol = 1e-9 * diam;
    /* (a) the pattern of a random point is a region that contains it */
    for (s = 0; s < samples; s++) {
        size_t k;
        for (j = 0; j < n; j++)
            p[j] = lo[j] + (hi[j] - lo[j]) * urand(rng);
        full_input(x, dom, p);
        CU_ASSERT_EQUAL(rc_net_eval(net, y, pat, x), RC_OK);
        k = rc_partition_find(part, pat);
        CU_ASSERT(k != (size_t)-1);
        if (k != (size_t)-1)
            CU_ASSERT(in_region(rc_partition_region(part, k), p, n, tol));
    }
    for (i = 0; i < nreg; i++) {
        const rc_region *r = rc_partition_region(part, i);
        const double *ip = rc_region_interior_point(r);
        const double *A = rc_region_output_A(r), *c = rc_region_output_c(r);

        CU_ASSERT_EQUAL(rc_partition_find(part, rc_region_pattern(r)), i);
        CU_ASSERT(rc_region_is_bounded(r));
        CU_ASSERT(rc_region_chebyshev_radius(r) > 0.0);
        /* (b) the output map at the interior point, which is strictly
         * inside every facet; (c) whose pattern is the region's */
        full_input(x, dom, ip);
        CU_ASSERT_EQUAL(rc_net_eval(net, y, pat, x), RC_OK);
        forward(ipre, net, x);
        for (o = 0; o < m; o++) {
            double v = c[o], mag = fabs(c[o]) + fabs(y[o]);
            for (j = 0; j < n; j++) {
                v += A[o * n + j] * ip[j];
                mag += fabs(A[o * n + j] * ip[j]);
            }
            CU_ASSERT(fabs(v - y[o]) <= 1e-9 * mag);
        }
        for (f = 0; f < rc_region_num_facets(r); f++)
            CU_ASSERT(facet_gap(r, f, ip, n, NULL) < 0.0);
        CU_ASSERT(memcmp(pat, rc_region_pattern(r), N) == 0);
        /* (d) volumes */
        CU_ASSERT(rc_region_volume(r) > 0.0);
        vol += rc_region_volume(r);
        /* (e) vertices satisfy every facet and lie on at least n */
        CU_ASSERT(rc_region_num_vertices(r) >= n + 1);
        for (s = 0; s < rc_region_num_vertices(r); s++) {
            size_t tight = 0;
            for (f = 0; f < rc_region_num_facets(r); f++) {
                double g = facet_gap(r, f, rc_region_vertex(r, s), n, NULL);
                CU_ASSERT(g <= tol);
                tight += fabs(g) <= tol;
            }
            CU_ASSERT(tight >= n);
        }
        /* Owners: a domain facet is x_i = lo_i or hi_i; a neuron facet lies
         * in the zero set of that neuron's pre-activation, a continuous
         * function, so it vanishes at the facet's vertices (relative to
         * its value at the interior point). */
        for (f = 0; f < rc_region_num_facets(r); f++) {
            rc_owner ow;
            double b;
            const double *a = rc_region_facet(r, f, &b, &ow);
            if (ow.kind == RC_OWNER_DOMAIN) {
                size_t k = 0;
                while (k < n && rc_partition_free_input(part, k) != ow.index)
                    k++;
                CU_ASSERT_FATAL(k < n);
                CU_ASSERT_DOUBLE_EQUAL(a[k], ow.upper ? 1.0 : -1.0, 1e-12);
                CU_ASSERT_DOUBLE_EQUAL(b, ow.upper ? hi[k] : -lo[k], tol);
                continue;
            }
            CU_ASSERT_FATAL(ow.kind == RC_OWNER_NEURON
                            && ow.layer < rc_net_num_hidden(net)
                            && ow.index < rc_net_layer_size(net, ow.layer));
            for (s = 0; s < rc_region_num_vertices(r); s++) {
                const double *v = rc_region_vertex(r, s);
                size_t q = offs[ow.layer] + ow.index;
                if (fabs(facet_gap(r, f, v, n, NULL)) > tol)
                    continue;
                full_input(x, dom, v);
                forward(pre, net, x);
                CU_ASSERT(fabs(pre[q]) <= 1e-9 * fmax(fabs(ipre[q]), 1.0));
            }
        }
    }
    /* (d) the regions tile the box */
    CU_ASSERT(fabs(vol - box) <= 1e-9 * box);
    CU_ASSERT(fabs(rc_domain_volume(dom) - box) <= 1e-12 * box);
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
            widths[j] = (size_t)irand(&rng, 3, n == 3 && hidden == 3 ? 6 : 8);
        for (j = 0; j < n; j++) {
            lo[j] = t < 4 ? -1.0 : -5 + 10 * urand(&rng);
            hi[j] = t < 4 ? 1.0 : lo[j] + 0.5 + 9.5 * urand(&rng);
        }
        net = random_net(n, hidden, widths, lo, hi, &rng);
        dom = make_dom(n, lo, hi);
        part = enumerate(net, dom);
        CU_ASSERT(rc_partition_num_regions(part) > 1);
        CU_ASSERT_EQUAL(rc_partition_layer_count(part, hidden - 1),
                        rc_partition_num_regions(part));
        for (j = 1; j < hidden; j++)
            CU_ASSERT(rc_partition_layer_count(part, j)
                      >= rc_partition_layer_count(part, j - 1));
        check_properties(part, net, dom, 1000, &rng);
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
                rc_net_set_weight(net, l, i, j, irand(rng, -2, 2));
            rc_net_set_bias(net, l, i, 0.5 * irand(rng, -2, 2));
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
        rc_domain *dom = make_dom(n, M1, P1);
        rc_partition *part;

        do {
            for (total = 0, j = 0; j < hidden; j++)
                total += widths[j] = (size_t)irand(&rng, 2, 5);
        } while (total > 10);
        net = random_net(n, hidden, widths, M1, P1, &rng);
        if (t % 2)
            integer_weights(net, &rng);
        part = enumerate_in(net, dom, RC_ARITH_FLOAT);
        {
            rc_partition *pf = enumerate(net, dom);
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
        rc_domain *dom3 = make_dom(3, M1, P1), *dom2 = make_dom(2, M1, P1);
        const double *W = rc_net_weights(net3, 0);
        rc_partition *p3, *p2;

        CU_ASSERT_EQUAL_FATAL(rc_net_new(&net2, 3, sizes, NULL), RC_OK);
        for (i = 0; i < 6; i++) {
            rc_net_set_weight(net2, 0, i, 0, W[i * 3 + 0]);
            rc_net_set_weight(net2, 0, i, 1, W[i * 3 + 2]);
            rc_net_set_bias(net2, 0, i, rc_net_biases(net3, 0)[i] + W[i * 3 + 1] * v);
        }
        copy_layer(net2, 1, net3, 1);
        copy_layer(net2, 2, net3, 2);
        CU_ASSERT_EQUAL(rc_domain_fix(dom3, 1, v, NULL), RC_OK);
        CU_ASSERT_EQUAL(rc_domain_dim(dom3), 2);
        p3 = enumerate(net3, dom3);
        p2 = enumerate(net2, dom2);
        CU_ASSERT_EQUAL(rc_partition_dim(p3), 2);
        CU_ASSERT_EQUAL(rc_partition_free_input(p3, 0), 0);
        CU_ASSERT_EQUAL(rc_partition_free_input(p3, 1), 2);
        CU_ASSERT(rc_partition_num_regions(p3) > 1);
        check_same_partition(p3, p2);
        check_same_partition(p2, p3);
        check_properties(p3, net3, dom3, 500, &rng);
        rc_partition_free(p3);
        rc_partition_free(p2);
        rc_net_free(net3);
        rc_net_free(net2);
        rc_domain_free(dom3);
        rc_domain_free(dom2);
    }
}

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
    rc_domain *dom = make_dom(3, M1, P1);
    rc_error err;
    rc_net *net = make_net(2, 1, rows, 0, NULL);
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
        rc_domain *dom = NULL, *dom2 = make_dom(2, lo, hi);
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
        copy_layer(flat, 1, net, 1);
        for (i = 0; i < 2; i++) {
            for (j = 0; j < 4; j++)
                rc_net_set_weight(flat, 2, i, j, 2.5 * rc_net_weights(net, 2)[i * 4 + j]);
            rc_net_set_bias(flat, 2, i, 2.5 * rc_net_biases(net, 2)[i] + 10.0);
        }
        CU_ASSERT_EQUAL(rc_net_set_normalisation(net, mean, range, 10.0, 2.5, NULL), RC_OK);
        CU_ASSERT_EQUAL(rc_net_set_input_bounds(net, lo, hi, NULL), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, NULL), RC_OK);
        CU_ASSERT(rc_domain_lo(dom, 1) == -4.0 && rc_domain_hi(dom, 0) == 8.0);
        part = enumerate(net, dom);
        part2 = enumerate(flat, dom2);
        CU_ASSERT(rc_partition_num_regions(part) > 1);
        check_same_partition(part, part2);
        check_properties(part, net, dom, 500, &rng);
        rc_partition_free(part);
        rc_partition_free(part2);
        rc_net_free(net);
        rc_net_free(flat);
        rc_domain_free(dom);
        rc_domain_free(dom2);
    }
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
            copy_layer(cut, l, net, l);
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
    part = enumerate(net, dom);
    CU_ASSERT_EQUAL(rc_partition_num_hidden(part), hidden);
    for (k = 0; k < hidden; k++)
        CU_ASSERT_EQUAL(rc_partition_layer_count(part, k), want[k]);
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), want[hidden - 1]);
    check_properties(part, net, dom, 2000, &rng);
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
        { "random networks: properties", test_random_properties },
        { "random networks: brute force over patterns", test_brute_force },
        { "slice equals folded network", test_slice },
        { "fixing inputs: errors", test_fix_errors },
        { "normalisation: raw coordinates", test_normalisation },
        { "ACAS Xu slice: published counts", test_acasxu },
    };

    return test_run_suite("refine", tests, sizeof tests / sizeof tests[0]);
}
