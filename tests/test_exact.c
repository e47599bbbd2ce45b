/* test_exact.c -- exact mode (rc_enum_opts.exact) end to end.
 *
 * Exact text (rc_q_set_text, NNet weights read without passing through
 * double); degenerate networks with hand-derived counts, in exact and in
 * float mode; exact volumes that tile the box exactly and equal the
 * shoelace area of the exact vertices; float and exact mode agree on
 * generic networks; every region's certificates checked in rationals
 * against an exact forward pass written here (interior point strictly
 * inside every facet, positive margin, vertices on >= dim facets, output
 * map = network at the point); vertices recomputed independently by
 * cddlib's double description in GMP; the ACAS Xu slice.
 *
 * RC_TEST_QUICK (set for valgrind runs) skips only the ACAS Xu slice:
 * about 3 s natively, many minutes under valgrind. */
#define GMPRATIONAL
#include <cdd/setoper.h>
#include <cdd/cdd.h>

#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/exact.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

#define MAXW 64      /* widest layer, most inputs, most hidden layers */
#define MAXPAT 512   /* longest pattern the helpers print */

/* ---- helpers ------------------------------------------------------------ */

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

static mpq_t *
qvec(size_t n)
{
    mpq_t *v = malloc((n ? n : 1) * sizeof *v);
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    for (i = 0; i < n; i++)
        mpq_init(v[i]);
    return v;
}

static void
qvec_free(mpq_t *v, size_t n)
{
    while (n > 0)
        mpq_clear(v[--n]);
    free(v);
}

/* q = the rational written s (the test's own literals, all valid). */
static void
qset(mpq_t q, const char *s)
{
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(q, s, strlen(s)), 0);
}

/* s = a . x over n entries. */
static void
qdot(mpq_t s, mpq_srcptr a, mpq_srcptr x, size_t n)
{
    mpq_t t;
    size_t j;

    mpq_init(t);
    mpq_set_ui(s, 0, 1);
    for (j = 0; j < n; j++) {
        mpq_mul(t, a + j, x + j);
        mpq_add(s, s, t);
    }
    mpq_clear(t);
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

static rc_partition *
run(const rc_net *net, const rc_domain *dom, int exact)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_enum_opts opts;
    rc_status st;

    rc_enum_opts_init(&opts);
    opts.exact = exact;
    st = rc_enumerate(&part, net, dom, &opts, &err);
    CU_ASSERT_EQUAL(st, RC_OK);
    if (st != RC_OK)
        printf("\n  rc_enumerate (%s): %s\n", exact ? "exact" : "float", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(part);
    CU_ASSERT_EQUAL(rc_partition_is_exact(part), exact);
    CU_ASSERT_FATAL(rc_partition_pattern_length(part) < MAXPAT
                    && rc_partition_num_hidden(part) < MAXW);
    return part;
}

/* Index of the region with pattern s ("10|1"; '|' is skipped). */
static size_t
find_str(const rc_partition *part, const char *s)
{
    unsigned char pat[MAXW];
    size_t k = 0;

    for (; *s && k < MAXW; s++)
        if (*s != '|')
            pat[k++] = (unsigned char)(*s == '1');
    CU_ASSERT_EQUAL(k, rc_partition_pattern_length(part));
    return rc_partition_find(part, pat);
}

/* Number of patterns of the exact partition e missing from the float one
 * f and the other way round (the first few printed, with their size). */
static size_t
pattern_diff(const rc_partition *e, const rc_partition *f, const char *what)
{
    const rc_partition *p[2] = {e, f};
    size_t s, i, miss = 0;
    char buf[2 * MAXPAT];

    if (rc_partition_pattern_length(e) != rc_partition_pattern_length(f))
        return (size_t)-1;
    for (s = 0; s < 2; s++)
        for (i = 0; i < rc_partition_num_regions(p[s]); i++) {
            const rc_region *r = rc_partition_region(p[s], i);
            if (rc_partition_find(p[1 - s], rc_region_pattern(r)) != (size_t)-1
                || miss++ >= 5)
                continue;
            rc_partition_pattern_string(buf, p[s], r);
            printf("\n  %s: pattern %s only in %s mode (volume %.3g)", what,
                   buf, s ? "float" : "exact", rc_region_volume(r));
        }
    return miss;
}

/* Exact forward pass, written independently of the library: the hidden
 * pre-activations pre[0..N) and outputs y of net at the raw input x (all
 * inputs), from mpq_set_d of the network's doubles -- the exact values that
 * exact mode uses for a network built by rc_net_new. */
static void
qforward(mpq_t *pre, mpq_t *y, const rc_net *net, mpq_t *x)
{
    size_t L = rc_net_num_layers(net), in = rc_net_num_inputs(net);
    size_t l, i, j, o = 0;
    mpq_t *cur = qvec(MAXW), *nxt = qvec(MAXW), w, s;

    mpq_init(w);
    mpq_init(s);
    for (i = 0; i < in; i++) {
        mpq_set_d(w, rc_net_input_mean(net)[i]);
        mpq_sub(cur[i], x[i], w);
        mpq_set_d(w, rc_net_input_range(net)[i]);
        mpq_div(cur[i], cur[i], w);
    }
    for (l = 0; l < L; l++) {
        size_t out = rc_net_layer_size(net, l);
        CU_ASSERT_FATAL(in <= MAXW && out <= MAXW);
        for (i = 0; i < out; i++) {
            mpq_set_d(s, rc_net_biases(net, l)[i]);
            for (j = 0; j < in; j++) {
                mpq_set_d(w, rc_net_weights(net, l)[i * in + j]);
                mpq_mul(w, w, cur[j]);
                mpq_add(s, s, w);
            }
            if (l + 1 == L) {
                mpq_set_d(w, rc_net_output_range(net));
                mpq_mul(s, s, w);
                mpq_set_d(w, rc_net_output_mean(net));
                mpq_add(y[i], s, w);
                continue;
            }
            mpq_set(pre[o + i], s);
            mpq_set_ui(nxt[i], 0, 1);
            if (mpq_sgn(s) > 0)
                mpq_set(nxt[i], s);
        }
        for (i = 0; i < out; i++)
            mpq_swap(cur[i], nxt[i]);
        o += out;
        in = out;
    }
    mpq_clear(w);
    mpq_clear(s);
    qvec_free(cur, MAXW);
    qvec_free(nxt, MAXW);
}

/* All inputs from the free coordinates p: a fixed input takes fixed[i]
 * when fixed is given, else the exact value of its double. */
static void
qfull_input(mpq_t *x, const rc_domain *dom, const mpq_t *fixed, mpq_srcptr p)
{
    size_t i, k = 0;

    for (i = 0; i < rc_domain_num_inputs(dom); i++) {
        if (!rc_domain_is_fixed(dom, i))
            mpq_set(x[i], p + k++);
        else if (fixed != NULL)
            mpq_set(x[i], fixed[i]);
        else
            mpq_set_d(x[i], rc_domain_fixed_value(dom, i));
    }
}

/* ---- certificates --------------------------------------------------------- */

/* Count a failed check and remember the line of the first. */
#define FAIL(cond) \
    do { if (cond) { if (bad++ == 0) where = __LINE__; } } while (0)

/* Every region of an exact partition, checked in rationals:
 *  - the interior point x is strictly inside every facet (a . x < b), the
 *    margin t is positive and a . x + |a|_1 t <= b (exact.h's LP);
 *  - with net given: the pattern at x is the region's (pre > 0 is 1) and
 *    A x + c equals the network at x, exactly;
 *  - every vertex satisfies every facet and is tight on >= dim of them
 *    (dim - lines: with lineality a "vertex" is a point of a minimal face);
 *    rays point into, lines along, every facet;
 *  - a facet owned by the domain is x_k <= hi_k or x_k >= lo_k times a
 *    positive factor (lo, hi: exact bounds of the free coordinates, or
 *    NULL for a box given in doubles, exact as they are); one owned by a
 *    neuron has that neuron's pre-activation exactly 0 at its vertices;
 *  - a bounded region has a positive exact volume, an unbounded one none.
 * Asserts and returns the number of failed checks. */
static size_t
check_certificates(const rc_partition *part, const rc_net *net,
                   const rc_domain *dom, const mpq_t *fixed, const mpq_t *lo,
                   const mpq_t *hi)
{
    size_t n = rc_partition_dim(part), N = rc_partition_pattern_length(part);
    size_t m = rc_partition_num_outputs(part), nin = rc_domain_num_inputs(dom);
    size_t i, j, f, g, o, offs[MAXW] = {0}, bad = 0;
    mpq_t *x = qvec(nin), *pre = qvec(N), *y = qvec(m), s, t;
    mpq_t *qlo = qvec(n), *qhi = qvec(n);
    int bounded = rc_domain_is_bounded(dom), where = 0;

    mpq_init(s);
    mpq_init(t);
    for (j = 0; j < n && bounded; j++) {
        size_t in = rc_partition_free_input(part, j);
        if (lo != NULL) {
            mpq_set(qlo[j], lo[j]);
            mpq_set(qhi[j], hi[j]);
        } else {
            mpq_set_d(qlo[j], rc_domain_lo(dom, in));
            mpq_set_d(qhi[j], rc_domain_hi(dom, in));
        }
    }
    for (j = 0; j + 1 < rc_partition_num_hidden(part); j++)
        offs[j + 1] = offs[j] + rc_partition_hidden_size(part, j);
    for (i = 0; i < rc_partition_num_regions(part); i++) {
        const rc_region *r = rc_partition_region(part, i);
        mpq_srcptr ip = rc_region_interior_point_q(r);
        mpq_srcptr mg = rc_region_interior_margin_q(r);
        size_t nf = rc_region_num_facets(r), nl = rc_region_num_lines(r);
        size_t before = bad;

        CU_ASSERT_FATAL(ip != NULL && mg != NULL);
        FAIL(mpq_sgn(mg) <= 0);
        for (f = 0; f < nf; f++) {
            mpq_srcptr b, a = rc_region_facet_q(r, f, &b);
            qdot(s, a, ip, n);
            FAIL(mpq_cmp(s, b) >= 0);
            for (j = 0; j < n; j++) {
                mpq_abs(t, a + j);
                mpq_mul(t, t, mg);
                mpq_add(s, s, t);
            }
            FAIL(mpq_cmp(s, b) > 0);
        }
        if (net != NULL) {
            mpq_srcptr A = rc_region_output_A_q(r), c = rc_region_output_c_q(r);
            qfull_input(x, dom, fixed, ip);
            qforward(pre, y, net, x);
            for (j = 0; j < N; j++)
                FAIL((mpq_sgn(pre[j]) > 0) != (rc_region_pattern(r)[j] != 0));
            for (o = 0; o < m; o++) {
                qdot(s, A + o * n, ip, n);
                mpq_add(s, s, c + o);
                FAIL(!mpq_equal(s, y[o]));
            }
        }
        for (g = 0; g < rc_region_num_vertices(r); g++) {
            mpq_srcptr v = rc_region_vertex_q(r, g);
            size_t tight = 0;
            if (net != NULL) {
                qfull_input(x, dom, fixed, v);
                qforward(pre, y, net, x);
            }
            for (f = 0; f < nf; f++) {
                mpq_srcptr b, a = rc_region_facet_q(r, f, &b);
                rc_owner ow;
                double bd;
                qdot(s, a, v, n);
                FAIL(mpq_cmp(s, b) > 0);
                if (!mpq_equal(s, b))
                    continue;
                tight++;
                rc_region_facet(r, f, &bd, &ow);
                if (ow.kind == RC_OWNER_NEURON) {
                    FAIL(ow.layer >= rc_partition_num_hidden(part));
                    if (net != NULL && ow.layer < rc_partition_num_hidden(part))
                        FAIL(mpq_sgn(pre[offs[ow.layer] + ow.index]) != 0);
                    continue;
                }
                for (j = 0; j < n && rc_partition_free_input(part, j) != ow.index;)
                    j++;
                FAIL(j == n || !bounded);
                if (j == n || !bounded)
                    continue;
                mpq_mul(t, ow.upper ? qhi[j] : qlo[j], a + j);
                FAIL(mpq_sgn(a + j) != (ow.upper ? 1 : -1) || !mpq_equal(t, b));
                for (o = 0; o < n; o++)
                    FAIL(o != j && mpq_sgn(a + o) != 0);
            }
            FAIL(tight + nl < n);
        }
        for (g = 0; g < rc_region_num_rays(r) + nl; g++) {
            int line = g >= rc_region_num_rays(r);
            mpq_srcptr u = line ? rc_region_line_q(r, g - rc_region_num_rays(r))
                                : rc_region_ray_q(r, g);
            for (f = 0; f < nf; f++) {
                qdot(s, rc_region_facet_q(r, f, NULL), u, n);
                FAIL(line ? mpq_sgn(s) != 0 : mpq_sgn(s) > 0);
            }
        }
        if (rc_region_is_bounded(r))
            FAIL(rc_region_volume_q(r) == NULL || mpq_sgn(rc_region_volume_q(r)) <= 0
                 || rc_region_num_vertices(r) < n + 1);
        else
            FAIL(rc_region_volume_q(r) != NULL);
        if (bad > before && before == 0) {
            char buf[2 * MAXPAT];
            rc_partition_pattern_string(buf, part, r);
            printf("\n  region %zu (%s) fails the check at line %d", i, buf,
                   where);
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    mpq_clear(s);
    mpq_clear(t);
    qvec_free(x, nin);
    qvec_free(pre, N);
    qvec_free(y, m);
    qvec_free(qlo, n);
    qvec_free(qhi, n);
    return bad;
}

#undef FAIL

/* ---- 1. rc_q_set_text ----------------------------------------------------- */

static void
test_q_text(void)
{
    /* A float32 m 2^-k (k <= 45 here) has exactly k decimals: printed with
     * 60 decimals, or 45 digits after the first (>= k decimals at these
     * magnitudes), it is its exact binary value, as mpq_set_d gives it. */
    static const float f32[] = {0.1f, -1.12374f, 3.0e-7f, 12345.678f, 1.0f / 3};
    static const struct { const char *s; long num; unsigned long den; } ok[] = {
        {"0.1", 1, 10}, {"1.5e-03", 3, 2000}, {"-3/6", -1, 2}, {"+2", 2, 1},
        {"1E2", 100, 1}, {"-0", 0, 1}, {"007", 7, 1}, {"2.50e+1", 25, 1},
        {"-0.125", -1, 8}, {"12/18", 2, 3}, {"0/5", 0, 1}, {"3e0", 3, 1},
    };
    static const char *bad[] = {
        "1/0", "abc", "1e", "", "-", "+", "1.2.3", "--1", "1e+", "1/2/3",
        "0x10", " 1", "1 ", "inf", "nan", "1/-2", "/3", "3/", "1e5000000",
        "1,5", "1.5/2", "e5", ".", "1/2e3",
    };
    char buf[128];
    mpq_t q, want;
    size_t i, k;

    mpq_init(q);
    mpq_init(want);
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        mpq_set_si(want, ok[i].num, ok[i].den);
        CU_ASSERT_EQUAL(rc_q_set_text(q, ok[i].s, strlen(ok[i].s)), 0);
        CU_ASSERT(mpq_equal(q, want));   /* canonical: den > 0, lowest terms */
    }
    for (i = 0; i < sizeof f32 / sizeof f32[0]; i++)
        for (mpq_set_d(want, (double)f32[i]), k = 0; k < 2; k++) {
            snprintf(buf, sizeof buf, k ? "%.60f" : "%.45e", (double)f32[i]);
            CU_ASSERT(strlen(buf) > 40);
            CU_ASSERT_EQUAL(rc_q_set_text(q, buf, strlen(buf)), 0);
            CU_ASSERT(mpq_equal(q, want));
        }
    /* 43 decimals, not dyadic: exactly 1234...0123 / 10^43; and 10^-400,
     * far below any double */
    mpz_set_str(mpq_numref(want), "1234567890123456789012345678901234567890123", 10);
    mpz_ui_pow_ui(mpq_denref(want), 10, 43);
    mpq_canonicalize(want);
    qset(q, "0.1234567890123456789012345678901234567890123");
    CU_ASSERT(mpq_equal(q, want));
    mpz_set_ui(mpq_numref(want), 1);
    mpz_ui_pow_ui(mpq_denref(want), 10, 400);
    qset(q, "1e-400");
    CU_ASSERT(mpq_equal(q, want));
    /* only s[0..len) is read */
    mpq_set_si(want, 1, 4);
    CU_ASSERT_EQUAL(rc_q_set_text(q, "0.25xyz", 4), 0);
    CU_ASSERT(mpq_equal(q, want));
    CU_ASSERT_EQUAL(rc_q_set_text(q, "0.25xyz", 5), -1);
    /* refused, and q left unchanged (src/rational.h) */
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mpq_set_si(q, 17, 3);
        mpq_set_si(want, 17, 3);
        CU_ASSERT_EQUAL(rc_q_set_text(q, bad[i], strlen(bad[i])), -1);
        CU_ASSERT(mpq_equal(q, want));
    }
    mpq_clear(q);
    mpq_clear(want);
}

/* ---- 2. NNet text read exactly -------------------------------------------- */

/* Hidden h1 = 0.1 x1 + 0.2 x2 - 0.3, h2 = x1 - x2, h3 = x1 - 1 on the box
 * [0,2]^2; output y = 0.3 (relu(h1) + 0.1) + 0.7 (output range 0.3, mean
 * 0.7).  Read exactly, the three lines x1 + 2 x2 = 3, x1 = x2, x1 = 1 all
 * pass through (1,1), cutting the box into 6 sectors.  Going round (1,1)
 * from (2,2) the lines meet the boundary at (2,2), (1,2), (0,3/2), (0,0),
 * (1,0), (2,1/2); the sectors (triangles, or quadrilaterals through a box
 * corner) and their patterns h1 h2 h3 are
 *   101: (1,1) (2,2) (1,2)             1/2
 *   100: (1,1) (1,2) (0,2) (0,3/2)     1/2 + 1/4 = 3/4
 *   000: (1,1) (0,3/2) (0,0)           3/4
 *   010: (1,1) (0,0) (1,0)             1/2
 *   011: (1,1) (1,0) (2,0) (2,1/2)     1/2 + 1/4 = 3/4
 *   111: (1,1) (2,1/2) (2,2)           3/4      (sum 4);
 * 110 and 001 are empty (x2 < x1 < 1 forces x1 + 2 x2 < 3).  Where h1 is
 * active y = 3/100 x1 + 3/50 x2 + 16/25, elsewhere y = 73/100.
 *
 * Built with rc_net_new from the doubles 0.1, 0.2, 0.3 instead, the
 * network is another one: with K = 3602879701896397, 0.1 = K/2^55,
 * 0.2 = K/2^54 and 0.3 = (3K - 1)/2^54 exactly, so h1 = 0 is
 * x1 + 2 x2 = 3 - 1/K, which misses (1,1).  Exact mode must see the
 * triangle (1,1), (1, 1 - 1/(2K)), (1 - 1/(3K), 1 - 1/(3K)) between the
 * three lines: pattern 110, area (1/2)(1/(2K))(1/(3K)) = 1/(12 K^2), 7
 * regions.  Float mode takes generators within eps of a line to lie on it
 * (partition.h) and finds the 6 sectors. */
static const char nnet_text[] =
    "// three lines through (1,1) when read exactly\n"
    "2,2,1,3,\n2,3,1,\n0,\n0.0,0.0,\n2.0,2.0,\n0.0,0.0,0.7,\n1.0,1.0,0.3,\n"
    "0.1,0.2,\n1.0,-1.0,\n1.0,0.0,\n-0.3,\n0.0,\n-1.0,\n"
    "1.0,0.0,0.0,\n0.1,\n";

static void
test_nnet_exact(void)
{
    static const struct { const char *pat, *area; } want[6] = {
        {"101", "1/2"}, {"100", "3/4"}, {"000", "3/4"}, {"010", "1/2"},
        {"011", "3/4"}, {"111", "3/4"},
    };
    static const double rows[] = {0.1, 0.2, -0.3, 1, -1, 0, 1, 0, -1};
    char path[] = "/tmp/rc_test_exact_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    rc_net *net = NULL, *dnet;
    rc_domain *dom = NULL;
    rc_partition *part, *fpart;
    rc_error err = {RC_OK, ""};
    mpq_t q, sum;
    size_t i, k, g;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(nnet_text, fp);
    fclose(fp);
    CU_ASSERT_EQUAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    unlink(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    CU_ASSERT_EQUAL(rc_net_weights(net, 0)[0], 0.1);   /* the nearest double */
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    mpq_init(q);
    mpq_init(sum);
    part = run(net, dom, 1);
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), 6);
    for (i = 0; i < 6; i++) {
        const rc_region *r;
        int on = want[i].pat[0] == '1', corner = 0;
        CU_ASSERT_FATAL((k = find_str(part, want[i].pat)) != (size_t)-1);
        r = rc_partition_region(part, k);
        qset(q, want[i].area);
        CU_ASSERT(mpq_equal(rc_region_volume_q(r), q));
        mpq_add(sum, sum, rc_region_volume_q(r));
        for (g = 0; g < rc_region_num_vertices(r); g++)   /* (1,1) */
            corner |= mpq_cmp_ui(rc_region_vertex_q(r, g), 1, 1) == 0
                      && mpq_cmp_ui(rc_region_vertex_q(r, g) + 1, 1, 1) == 0;
        CU_ASSERT(corner);
        qset(q, on ? "3/100" : "0");
        CU_ASSERT(mpq_equal(rc_region_output_A_q(r), q));
        qset(q, on ? "3/50" : "0");
        CU_ASSERT(mpq_equal(rc_region_output_A_q(r) + 1, q));
        qset(q, on ? "16/25" : "73/100");
        CU_ASSERT(mpq_equal(rc_region_output_c_q(r), q));
        /* the doubles are the nearest to the exact values, not products
         * of rounded weights (0.3 * 0.1 != 0.03 in double) */
        CU_ASSERT_EQUAL(rc_region_output_A(r)[0], on ? 0.03 : 0.0);
        CU_ASSERT_EQUAL(rc_region_output_c(r)[0], on ? 0.64 : 0.73);
    }
    CU_ASSERT(mpq_cmp_ui(sum, 4, 1) == 0);
    fpart = run(net, dom, 0);
    CU_ASSERT_EQUAL(pattern_diff(part, fpart, "nnet"), 0);
    rc_partition_free(part);
    rc_partition_free(fpart);

    /* the same numbers as doubles through rc_net_new */
    dnet = make_net(2, 3, rows, 0, NULL);
    part = run(dnet, dom, 1);
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), 7);
    CU_ASSERT_FATAL((k = find_str(part, "110")) != (size_t)-1);
    mpz_set_ui(mpq_numref(q), 1);
    mpz_set_str(mpq_denref(q), "3602879701896397", 10);
    mpz_mul(mpq_denref(q), mpq_denref(q), mpq_denref(q));
    mpz_mul_ui(mpq_denref(q), mpq_denref(q), 12);
    CU_ASSERT(mpq_equal(rc_region_volume_q(rc_partition_region(part, k)), q));
    check_certificates(part, dnet, dom, NULL, NULL, NULL);
    fpart = run(dnet, dom, 0);
    CU_ASSERT_EQUAL(rc_partition_num_regions(fpart), 6);
    rc_partition_free(part);
    rc_partition_free(fpart);
    rc_net_free(dnet);
    rc_net_free(net);
    rc_domain_free(dom);
    mpq_clear(q);
    mpq_clear(sum);
}

/* ---- 3. degenerate networks, exact and float ------------------------------ */

/* Known answers on B = [-1,1]^n or P = R^n, integer weights (x1, x2, x3 the
 * inputs); every count must come out in exact mode, and float mode must
 * agree (all these lines are exact in double and far apart).
 *  - Two lines 5 x1 = 1, 3 x2 = -1 (not dyadic) cut B into 4.  Repeating
 *    the first, or as 10 x1 - 2 (same side) or -5 x1 + 1 (other side),
 *    adds nothing: still 4, the copy's bit equal (opposite) to bit 0.
 *  - Parallel: 2 x1 = +-1 cut B into 3 strips; 2 x1 = +-1, +-3 cut P into
 *    5, and x2 = 0 across them doubles that to 10.
 *  - Concurrent: 3 x1 = 1, 5 x2 = -1, 3 x1 + 5 x2 = 0 all pass through
 *    (1/3, -1/5), inside B; N distinct lines through one point cut the
 *    plane, and B, into 2N sectors: 6 (general position would give 7);
 *    adding 6 x1 - 5 x2 = 3 (2 + 1 - 3 = 0) gives 8.
 *  - Zero rows have no zero set: no cut; the bit is the sign of the bias,
 *    0 for bias 0 or -1 (zero is inactive), 1 for bias 1.  x1 + x2 - 3 is
 *    dead on B (bit 0), x1 + x2 + 3 always on (bit 1).
 *  - The boundary of B: x1 - 1 <= 0 vanishes only on the facet x1 = 1: no
 *    cut, bit 0; x1 + 1 and 1 - x1 are positive inside: bit 1; x1 + x2 = 2
 *    touches B only at the corner (1,1): bit 0.  With x2 = 0: 2 regions.
 *    In [-1,1]^3, x1 + x2 = 2 touches only the edge x1 = x2 = 1,
 *    x1 + x2 + x3 = 3 only the corner (1,1,1), x3 = 1 is a facet: with
 *    x1 = 0 (or x3 = 0), 2 regions each, the touching plane's bit 0.
 *  - Planes through a line: x1, x2, x1 + x2 = 0 in 3D all contain the x3
 *    axis: 6 wedges, in B and in P.  x1, x2, x3, x1 + x2 + x3 = 0 through
 *    the origin: 4 planes in general position give 1 + 4 + 6 + 4 = 15
 *    regions, one of them the bounded tetrahedron, which shrinks to the
 *    common point: 14.
 *  - Second layer after h1 = x1, h2 = x2 (4 quadrants):
 *    g = relu(h1) is x1 where x1 > 0, its zero set a facet there (bit 1),
 *    and identically 0 where x1 < 0 (bit 0): 4, g's bit = h1's.  Adding
 *    2 relu(h1) - 1 (-1 left, 2 x1 - 1 right) cuts the two right quadrants
 *    at x1 = 1/2: 6.  g = relu(h1) + relu(h2) - 1 is x1 + x2 - 1 on the
 *    quadrant 11, the diagonal through its vertices (1,0) and (0,1): it
 *    splits it (11|0, 11|1); x1 - 1 <= 0 on 10, x2 - 1 on 01, -1 on 00:
 *    5.  g = relu(h1) - relu(h2) is x1 - x2 on 11, through its vertices
 *    (0,0) and (1,1): split; x1 >= 0 on 10 (bit 1), -x2 <= 0 on 01, 0 on
 *    00: 5.  g = relu(h1) + relu(h2) - 2 touches 11 only at its corner
 *    (1,1): 4, bit 0.  A zero row with bias 1 in layer 2: 4, bit 1. */
static const double E_base[] = {5, 0, -1, 0, 3, 1, 5, 0, -1},
    E_scaled[] = {5, 0, -1, 0, 3, 1, 10, 0, -2},
    E_neg[] = {5, 0, -1, 0, 3, 1, -5, 0, 1},
    E_par[] = {2, 0, -1, 2, 0, 1, 2, 0, -3, 2, 0, 3, 0, 1, 0},
    E_conc[] = {3, 0, -1, 0, 5, 1, 3, 5, 0, 6, -5, -3},
    E_zero0[] = {5, 0, -1, 0, 3, 1, 0, 0, 0},
    E_zerom[] = {5, 0, -1, 0, 3, 1, 0, 0, -1},
    E_zero1[] = {5, 0, -1, 0, 3, 1, 0, 0, 1},
    E_dead[] = {5, 0, -1, 0, 3, 1, 1, 1, -3},
    E_live[] = {5, 0, -1, 0, 3, 1, 1, 1, 3},
    E_right[] = {1, 0, -1, 0, 1, 0}, E_left[] = {1, 0, 1, 0, 1, 0},
    E_left2[] = {-1, 0, 1, 0, 1, 0}, E_corner[] = {1, 1, -2, 0, 1, 0},
    E_edge3[] = {1, 1, 0, -2, 1, 0, 0, 0},
    E_corner3[] = {1, 1, 1, -3, 0, 0, 1, 0},
    E_facet3[] = {0, 0, 1, -1, 1, 0, 0, 0},
    E_axis3[] = {1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0},
    E_point3[] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0},
    E_quad[] = {1, 0, 0, 0, 1, 0}, G_relu[] = {1, 0, 0, 2, 0, -1},
    G_diag[] = {1, 1, -1}, G_anti[] = {1, -1, 0}, G_touch[] = {1, 1, -2},
    G_zero1[] = {0, 0, 1};

enum { ANY, BIT0, BIT1, SAME, OPPOSITE };   /* what the checked bit obeys */
enum { BOX = 1, PLANE = 2, BOTH = 3 };      /* [-1,1]^n, R^n */

static const struct dcase {
    const char *what;
    size_t n, N1;
    const double *l1;
    size_t N2;                /* 0: one hidden layer */
    const double *l2;
    int where;
    size_t want;
    size_t bit;               /* the bit checked by rule (SAME: against 0) */
    int rule;
    const char *pats;         /* all the patterns, when listed */
} dcases[] = {
    {"two lines", 2, 2, E_base, 0, NULL, BOX, 4, 0, ANY, "00 01 10 11"},
    {"duplicate", 2, 3, E_base, 0, NULL, BOTH, 4, 2, SAME, NULL},
    {"scaled duplicate", 2, 3, E_scaled, 0, NULL, BOX, 4, 2, SAME, NULL},
    {"negated duplicate", 2, 3, E_neg, 0, NULL, BOX, 4, 2, OPPOSITE, NULL},
    {"2 parallel", 2, 2, E_par, 0, NULL, BOX, 3, 0, ANY, "00 01 11"},
    {"4 parallel", 2, 4, E_par, 0, NULL, PLANE, 5, 0, ANY, NULL},
    {"4 parallel and a crossing", 2, 5, E_par, 0, NULL, PLANE, 10, 0, ANY, NULL},
    {"3 concurrent", 2, 3, E_conc, 0, NULL, BOTH, 6, 0, ANY, NULL},
    {"4 concurrent", 2, 4, E_conc, 0, NULL, BOTH, 8, 0, ANY, NULL},
    {"zero row, bias 0", 2, 3, E_zero0, 0, NULL, BOTH, 4, 2, BIT0, NULL},
    {"zero row, bias -1", 2, 3, E_zerom, 0, NULL, BOX, 4, 2, BIT0, NULL},
    {"zero row, bias 1", 2, 3, E_zero1, 0, NULL, BOTH, 4, 2, BIT1, NULL},
    {"dead neuron", 2, 3, E_dead, 0, NULL, BOX, 4, 2, BIT0, NULL},
    {"always-on neuron", 2, 3, E_live, 0, NULL, BOX, 4, 2, BIT1, NULL},
    {"on the facet x1 = 1", 2, 2, E_right, 0, NULL, BOX, 2, 0, BIT0, NULL},
    {"on the facet x1 = -1", 2, 2, E_left, 0, NULL, BOX, 2, 0, BIT1, NULL},
    {"1 - x1 on the facet x1 = 1", 2, 2, E_left2, 0, NULL, BOX, 2, 0, BIT1, NULL},
    {"through the corner (1,1)", 2, 2, E_corner, 0, NULL, BOX, 2, 0, BIT0, NULL},
    {"3D: along an edge", 3, 2, E_edge3, 0, NULL, BOX, 2, 0, BIT0, NULL},
    {"3D: through a corner", 3, 2, E_corner3, 0, NULL, BOX, 2, 0, BIT0, NULL},
    {"3D: on a facet", 3, 2, E_facet3, 0, NULL, BOX, 2, 0, BIT0, NULL},
    {"3D: 3 planes through a line", 3, 3, E_axis3, 0, NULL, BOTH, 6, 0, ANY, NULL},
    {"3D: 4 planes through a point", 3, 4, E_point3, 0, NULL, BOTH, 14, 0, ANY, NULL},
    {"relu(h1) after h1, h2", 2, 2, E_quad, 1, G_relu, BOX, 4, 2, SAME, NULL},
    {"relu(h1), 2 relu(h1) - 1", 2, 2, E_quad, 2, G_relu, BOTH, 6, 2, SAME,
     "00|00 01|00 10|10 10|11 11|10 11|11"},
    {"diagonal through 2 vertices", 2, 2, E_quad, 1, G_diag, BOX, 5, 0, ANY,
     "00|0 01|0 10|0 11|0 11|1"},
    {"line through the apex", 2, 2, E_quad, 1, G_anti, BOX, 5, 0, ANY,
     "00|0 01|0 10|1 11|0 11|1"},
    {"touching a corner (layer 2)", 2, 2, E_quad, 1, G_touch, BOX, 4, 2, BIT0, NULL},
    {"zero row, bias 1 (layer 2)", 2, 2, E_quad, 1, G_zero1, BOX, 4, 2, BIT1, NULL},
};

/* Each case on its domains, in exact mode (count, layer-1 count, bits,
 * listed patterns, certificates) and in float mode (same counts per layer
 * and patterns). */
static void
test_degenerate(void)
{
    static const double lo[3] = {-1, -1, -1}, hi[3] = {1, 1, 1};
    size_t c, i, k;
    int w;

    for (c = 0; c < sizeof dcases / sizeof dcases[0]; c++)
        for (w = BOX; w <= PLANE; w++) {
            const struct dcase *dc = &dcases[c];
            rc_net *net;
            rc_domain *dom = NULL;
            rc_partition *part, *fpart;
            const char *s = dc->pats;
            char buf[32];
            int ok = 1, len;

            if (!(dc->where & w))
                continue;
            net = make_net(dc->n, dc->N1, dc->l1, dc->N2, dc->l2);
            CU_ASSERT_EQUAL_FATAL(w == PLANE
                                  ? rc_domain_new_unbounded(&dom, dc->n, NULL, NULL)
                                  : rc_domain_new_box(&dom, dc->n, lo, hi, NULL), RC_OK);
            part = run(net, dom, 1);
            fpart = run(net, dom, 0);
            ok &= rc_partition_num_regions(part) == dc->want;
            ok &= rc_partition_layer_count(part, 0) == (dc->N2 ? 4 : dc->want);
            for (i = 0; i < rc_partition_num_regions(part); i++) {
                const unsigned char *p = rc_region_pattern(rc_partition_region(part, i));
                int b = p[dc->bit];
                ok &= dc->rule == BIT0 ? b == 0 : dc->rule == BIT1 ? b == 1
                      : dc->rule == SAME ? b == p[0]
                      : dc->rule == OPPOSITE ? b == !p[0] : 1;
            }
            for (; s != NULL && sscanf(s, "%31s%n", buf, &len) == 1; s += len)
                ok &= find_str(part, buf) != (size_t)-1;
            ok &= check_certificates(part, net, dom, NULL, NULL, NULL) == 0;
            ok &= rc_partition_num_regions(fpart) == dc->want;
            for (k = 0; k < rc_partition_num_hidden(part); k++)
                ok &= rc_partition_layer_count(fpart, k)
                      == rc_partition_layer_count(part, k);
            ok &= pattern_diff(part, fpart, dc->what) == 0;
            CU_ASSERT(ok);
            if (!ok)
                printf("\n  case \"%s\" on %s: exact %zu, float %zu regions, "
                       "expected %zu\n", dc->what, w == PLANE ? "R^n" : "the box",
                       rc_partition_num_regions(part),
                       rc_partition_num_regions(fpart), dc->want);
            rc_partition_free(part);
            rc_partition_free(fpart);
            rc_net_free(net);
            rc_domain_free(dom);
        }
}

/* ---- random networks ------------------------------------------------------ */

enum { INTEGER, DYADIC, GENERIC };

/* A random network over a box (or R^n) with rational bounds. */
typedef struct trial {
    size_t n;
    mpq_t *lo, *hi, vol;      /* the box lo..hi and its volume */
    rc_net *net;
    rc_domain *dom;
} trial;

/* A random network on n inputs with hidden layers of random widths in
 * 3..maxw and 2 outputs, over a box whose bounds are drawn per input from
 * [-3/2, 5/7], [-1, 1], [-2/3, 5/4], [1/3, 2] (or over R^n when plane;
 * the box still places the zero sets).  Weights: INTEGER in [-3,3],
 * DYADIC k/4 in [-2,2], GENERIC uniform doubles in [-1,1].  Each hidden
 * bias puts the neuron's zero set through a point p of the box: for
 * INTEGER and DYADIC a point of the grid (Z/4)^n, where the pre-activation
 * is a small dyadic, exact in double, so that many zero sets meet exactly
 * (degenerate on purpose); for GENERIC a random point, then moved by up
 * to 0.1 -- where p's previous layer is all off, the neuron would be a
 * constant within rounding of 0 on a whole region, degenerate again, and
 * float and exact mode could rightly split it differently. */
static void
trial_init(trial *T, size_t n, size_t hidden, size_t maxw, int kind, int plane,
           unsigned long *rng)
{
    static const char *const boxes[4][2] = {
        {"-3/2", "5/7"}, {"-1", "1"}, {"-2/3", "5/4"}, {"1/3", "2"},
    };
    size_t sizes[8] = {n}, L = hidden + 1, l, i, j, off = 0, N = 0;
    mpq_t *x = qvec(n), *pre, y[2], t;

    T->n = n;
    T->lo = qvec(n);
    T->hi = qvec(n);
    mpq_init(T->vol);
    mpq_init(t);
    mpq_set_ui(T->vol, 1, 1);
    for (j = 0; j < n; j++) {
        size_t b = (size_t)irand(rng, 0, 3);
        qset(T->lo[j], boxes[b][0]);
        qset(T->hi[j], boxes[b][1]);
        mpq_sub(t, T->hi[j], T->lo[j]);
        mpq_mul(T->vol, T->vol, t);
    }
    for (l = 0; l < hidden; l++)
        N += sizes[l + 1] = (size_t)irand(rng, 3, (int)maxw);
    sizes[L] = 2;
    pre = qvec(N);
    mpq_init(y[0]);
    mpq_init(y[1]);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&T->net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; off += sizes[++l]) {
        for (i = 0; i < sizes[l + 1] * sizes[l]; i++)
            rc_net_set_weight(T->net, l, i / sizes[l], i % sizes[l],
                              kind == INTEGER ? irand(rng, -3, 3)
                              : kind == DYADIC ? irand(rng, -8, 8) / 4.0
                              : 2 * urand(rng) - 1);
        for (i = 0; i < sizes[l + 1]; i++) {
            if (l + 1 == L) {
                rc_net_set_bias(T->net, l, i, irand(rng, -4, 4) / 2.0);
                continue;
            }
            for (j = 0; j < n; j++)
                do {
                    if (kind == GENERIC)
                        mpq_set_d(x[j], 8 * urand(rng) - 4);
                    else
                        mpq_set_si(x[j], irand(rng, -8, 8), 4);
                } while (mpq_cmp(x[j], T->lo[j]) < 0 || mpq_cmp(x[j], T->hi[j]) > 0);
            rc_net_set_bias(T->net, l, i, 0.0);
            qforward(pre, y, T->net, x);
            rc_net_set_bias(T->net, l, i, -mpq_get_d(pre[off + i])
                            + (kind == GENERIC ? 0.2 * urand(rng) - 0.1 : 0.0));
        }
    }
    CU_ASSERT_EQUAL_FATAL(plane ? rc_domain_new_unbounded(&T->dom, n, NULL, NULL)
                          : rc_domain_new_box_q(&T->dom, n, (const mpq_t *)T->lo,
                                                (const mpq_t *)T->hi, NULL), RC_OK);
    mpq_clear(y[0]);
    mpq_clear(y[1]);
    mpq_clear(t);
    qvec_free(x, n);
    qvec_free(pre, N);
}

static void
trial_clear(trial *T)
{
    rc_net_free(T->net);
    rc_domain_free(T->dom);
    qvec_free(T->lo, T->n);
    qvec_free(T->hi, T->n);
    mpq_clear(T->vol);
}

/* Sort order of directions u around the origin: by half plane (upper:
 * u2 > 0, or u2 = 0 < u1), then by the sign of the exact cross product. */
static int
angle_cmp(mpq_t *u, mpq_t *v)
{
    int hu = mpq_sgn(u[1]) > 0 || (mpq_sgn(u[1]) == 0 && mpq_sgn(u[0]) > 0);
    int hv = mpq_sgn(v[1]) > 0 || (mpq_sgn(v[1]) == 0 && mpq_sgn(v[0]) > 0);
    mpq_t a, b;
    int c;

    if (hu != hv)
        return hu ? -1 : 1;
    mpq_init(a);
    mpq_init(b);
    mpq_mul(a, u[0], v[1]);
    mpq_mul(b, u[1], v[0]);
    c = mpq_cmp(b, a);   /* cross product u x v > 0: u first */
    mpq_clear(a);
    mpq_clear(b);
    return c;
}

/* Area of a bounded 2D region by the shoelace formula, from its exact
 * vertices sorted around their centroid (interior for a convex polygon
 * with at least 3 vertices). */
static void
shoelace(mpq_t area, const rc_region *r)
{
    size_t nv = rc_region_num_vertices(r), i, j;
    mpq_t *u = qvec(2 * nv), t, c[2];

    mpq_init(t);
    mpq_init(c[0]);
    mpq_init(c[1]);
    mpq_set_ui(t, (unsigned long)nv, 1);
    for (j = 0; j < 2; j++) {
        for (i = 0; i < nv; i++)
            mpq_add(c[j], c[j], rc_region_vertex_q(r, i) + j);
        mpq_div(c[j], c[j], t);
        for (i = 0; i < nv; i++)
            mpq_sub(u[2 * i + j], rc_region_vertex_q(r, i) + j, c[j]);
    }
    for (i = 1; i < nv; i++)   /* insertion sort by angle */
        for (j = i; j > 0 && angle_cmp(u + 2 * j - 2, u + 2 * j) > 0; j--) {
            mpq_swap(u[2 * j - 2], u[2 * j]);
            mpq_swap(u[2 * j - 1], u[2 * j + 1]);
        }
    mpq_set_ui(area, 0, 1);
    for (i = 0; i < nv; i++) {
        size_t k = (i + 1) % nv;
        mpq_mul(t, u[2 * i], u[2 * k + 1]);
        mpq_add(area, area, t);
        mpq_mul(t, u[2 * k], u[2 * i + 1]);
        mpq_sub(area, area, t);
    }
    mpq_abs(area, area);
    mpq_div_2exp(area, area, 1);
    mpq_clear(t);
    mpq_clear(c[0]);
    mpq_clear(c[1]);
    qvec_free(u, 2 * nv);
}

/* ---- 4. exact volumes ------------------------------------------------------ */

/* On 16 random degenerate networks (integer and dyadic weights, zero sets
 * through common grid points; 2 and 3 inputs, 2 and 3 hidden layers of
 * widths 3..6, 3..5 for 3 layers on 3 inputs) over rational boxes, the
 * exact volumes sum exactly to the box's, and in 2D each equals the
 * shoelace area of the region's exact vertices; certificates hold.
 * Float mode is not run here: these networks are beyond its tolerances,
 * and on one of them (default seed, trial 3) GLPK never returns from a
 * Chebyshev LP.  Tests 3 and 5 compare the modes. */
static void
test_exact_volumes(void)
{
    unsigned long rng = test_seed() + 4;
    size_t t, i;

    for (t = 0; t < 16; t++) {
        size_t n = 2 + t % 2, hidden = 2 + (t / 2) % 2, bad = 0;
        trial T;
        rc_partition *part;
        mpq_t sum, area;

        trial_init(&T, n, hidden, n == 3 && hidden == 3 ? 5 : 6,
                   (t / 4) % 2 ? DYADIC : INTEGER, 0, &rng);
        mpq_init(sum);
        mpq_init(area);
        part = run(T.net, T.dom, 1);
        CU_ASSERT(rc_partition_num_regions(part) > 1);
        for (i = 0; i < rc_partition_num_regions(part); i++) {
            const rc_region *r = rc_partition_region(part, i);
            CU_ASSERT_FATAL(rc_region_volume_q(r) != NULL);
            mpq_add(sum, sum, rc_region_volume_q(r));
            if (n == 2) {
                shoelace(area, r);
                bad += !mpq_equal(area, rc_region_volume_q(r));
            }
        }
        CU_ASSERT(mpq_equal(sum, T.vol));
        CU_ASSERT_EQUAL(bad, 0);
        if (!mpq_equal(sum, T.vol) || bad)
            gmp_printf("\n  trial %zu: volumes sum to %Qd, box %Qd, %zu areas "
                       "differ\n", t, sum, T.vol, bad);
        check_certificates(part, T.net, T.dom, NULL, (const mpq_t *)T.lo,
                           (const mpq_t *)T.hi);
        rc_partition_free(part);
        trial_clear(&T);
        mpq_clear(sum);
        mpq_clear(area);
    }
}

/* ---- 5. float vs exact on generic networks --------------------------------- */

/* With random double weights and biases nothing is degenerate, so float
 * and exact mode must find the same patterns, the same counts layer by
 * layer, and volumes equal to rounding (10 networks shaped as in 4). */
static void
test_float_vs_exact(void)
{
    unsigned long rng = test_seed() + 5;
    size_t t, i, j;

    for (t = 0; t < 10; t++) {
        size_t n = 2 + t % 2, hidden = 2 + (t / 2) % 2;
        double dev = 0.0;
        trial T;
        rc_partition *part, *fpart;

        trial_init(&T, n, hidden, n == 3 && hidden == 3 ? 5 : 6, GENERIC, 0, &rng);
        part = run(T.net, T.dom, 1);
        fpart = run(T.net, T.dom, 0);
        CU_ASSERT(rc_partition_num_regions(part) > 1);
        CU_ASSERT_EQUAL(rc_partition_num_regions(part),
                        rc_partition_num_regions(fpart));
        for (j = 0; j < hidden; j++)
            CU_ASSERT_EQUAL(rc_partition_layer_count(part, j),
                            rc_partition_layer_count(fpart, j));
        CU_ASSERT_EQUAL(pattern_diff(part, fpart, "generic"), 0);
        for (i = 0; i < rc_partition_num_regions(part); i++) {
            const rc_region *r = rc_partition_region(part, i);
            size_t k = rc_partition_find(fpart, rc_region_pattern(r));
            if (k != (size_t)-1)
                dev = fmax(dev, fabs(mpq_get_d(rc_region_volume_q(r))
                               - rc_region_volume(rc_partition_region(fpart, k))));
        }
        CU_ASSERT(dev <= 1e-9 * mpq_get_d(T.vol));
        check_certificates(part, T.net, T.dom, NULL, (const mpq_t *)T.lo,
                           (const mpq_t *)T.hi);
        rc_partition_free(part);
        rc_partition_free(fpart);
        trial_clear(&T);
    }
}

/* ---- 6. certificates on slices and on R^2 ---------------------------------- */

/* check_certificates (above, also run on the exact partitions of tests 2-5)
 * where those do not reach: slices of 3-input networks with an exact fixed
 * value that is no double (x2 = 1/3) or the box's exact upper bound, and
 * networks over all of R^2, with unbounded regions. */
static void
test_certificates(void)
{
    unsigned long rng = test_seed() + 6;
    size_t t, i;

    for (t = 0; t < 4; t++) {
        size_t n = t < 2 ? 3 : 2, fix = t == 0 ? 1 : 0, unb = 0;
        mpq_t *fixed = qvec(n), sum, box;
        trial T;
        rc_partition *part;

        trial_init(&T, n, 2, 5, t % 2 ? INTEGER : GENERIC, t >= 2, &rng);
        mpq_init(sum);
        mpq_init(box);
        if (t < 2) {
            if (t == 0)
                qset(fixed[fix], "1/3");
            else
                mpq_set(fixed[fix], T.hi[fix]);
            CU_ASSERT_EQUAL_FATAL(rc_domain_fix_q(T.dom, fix, fixed[fix], NULL),
                                  RC_OK);
            /* the free box: move the fixed input's bounds to the end */
            for (i = fix; i + 1 < n; i++) {
                mpq_swap(T.lo[i], T.lo[i + 1]);
                mpq_swap(T.hi[i], T.hi[i + 1]);
            }
            mpq_sub(box, T.hi[n - 1], T.lo[n - 1]);
            mpq_div(box, T.vol, box);
        }
        part = run(T.net, T.dom, 1);
        CU_ASSERT(rc_partition_num_regions(part) > 1);
        CU_ASSERT_EQUAL(rc_partition_dim(part), 2);
        check_certificates(part, T.net, T.dom, (const mpq_t *)fixed,
                           t < 2 ? (const mpq_t *)T.lo : NULL,
                           t < 2 ? (const mpq_t *)T.hi : NULL);
        for (i = 0; i < rc_partition_num_regions(part); i++) {
            const rc_region *r = rc_partition_region(part, i);
            unb += !rc_region_is_bounded(r);
            if (rc_region_is_bounded(r))
                mpq_add(sum, sum, rc_region_volume_q(r));
        }
        if (t < 2) {
            CU_ASSERT_EQUAL(unb, 0);
            CU_ASSERT(mpq_equal(sum, box));
        } else {
            /* a first-layer line cuts R^2 into two unbounded halves, and
             * refinement keeps an unbounded piece of each */
            CU_ASSERT(unb >= 2);
        }
        rc_partition_free(part);
        trial_clear(&T);
        qvec_free(fixed, n);
        mpq_clear(sum);
        mpq_clear(box);
    }
}

/* ---- 7. vertices by cddlib ------------------------------------------------- */

/* Are u and w positive multiples of each other (n entries)? */
static int
same_direction(mpq_srcptr u, mpq_srcptr w, size_t n)
{
    size_t i, j;
    int ok = 1;
    mpq_t a, b;

    mpq_init(a);
    mpq_init(b);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            mpq_mul(a, u + i, w + j);
            mpq_mul(b, u + j, w + i);
            ok &= mpq_equal(a, b) != 0;
        }
    qdot(a, u, w, n);
    ok &= mpq_sgn(a) > 0;
    mpq_clear(a);
    mpq_clear(b);
    return ok;
}

/* Mismatches between r's generators and those cddlib's double description
 * (GMP rationals) computes from r's exact facets, written b - a . x >= 0:
 * the same number of lines and of minimal faces; for a pointed region the
 * same vertices as sets of rational points and the same extreme rays up to
 * positive scale (with lines a "vertex" is any point of a minimal face). */
static size_t
cdd_mismatches(const rc_region *r, size_t n)
{
    size_t nf = rc_region_num_facets(r), nv = rc_region_num_vertices(r);
    size_t nr = rc_region_num_rays(r), nl = rc_region_num_lines(r);
    size_t f, i, j, g, cv = 0, cr = 0, cl = 0, bad = 0;
    dd_MatrixPtr M = dd_CreateMatrix((dd_rowrange)nf, (dd_colrange)(n + 1)), G;
    dd_PolyhedraPtr P;
    dd_ErrorType e = dd_NoError;
    mpq_t *x = qvec(n);

    for (f = 0; f < nf; f++) {
        mpq_srcptr b, a = rc_region_facet_q(r, f, &b);
        mpq_set(M->matrix[f][0], b);
        for (j = 0; j < n; j++)
            mpq_neg(M->matrix[f][1 + j], a + j);
    }
    M->representation = dd_Inequality;
    M->numbtype = dd_Rational;
    P = dd_DDMatrix2Poly(M, &e);
    CU_ASSERT_FATAL(P != NULL && e == dd_NoError);
    G = dd_CopyGenerators(P);
    for (i = 0; i < (size_t)G->rowsize; i++) {
        int found = 0;
        if (set_member((long)i + 1, G->linset)) {
            cl++;
        } else if (mpq_sgn(G->matrix[i][0]) == 0) {
            cr++;
            for (g = 0; g < nr; g++)
                found |= same_direction(rc_region_ray_q(r, g), G->matrix[i][1], n);
            bad += nl == 0 && !found;
        } else {
            cv++;
            for (j = 0; j < n; j++)
                mpq_div(x[j], G->matrix[i][1 + j], G->matrix[i][0]);
            for (g = 0; g < nv && !found; g++)
                for (found = 1, j = 0; j < n; j++)
                    found &= mpq_equal(x[j], rc_region_vertex_q(r, g) + j) != 0;
            bad += nl == 0 && !found;
        }
    }
    if (P->homogeneous) {
        /* all b = 0: cddlib takes the set for a cone and leaves out its
         * apex, the origin (with lines, a point of the minimal face) */
        int found = 0;
        cv++;
        for (g = 0; g < nv; g++) {
            int zero = 1;
            for (j = 0; j < n; j++)
                zero &= mpq_sgn(rc_region_vertex_q(r, g) + j) == 0;
            found |= zero;
        }
        bad += nl == 0 && !found;
    }
    bad += cv != nv || cl != nl || (nl == 0 && cr != nr);
    for (g = 0; g < nv; g++)      /* the library's vertices are distinct */
        for (i = 0; i < g; i++) {
            int same = 1;
            for (j = 0; j < n; j++)
                same &= mpq_equal(rc_region_vertex_q(r, g) + j,
                                  rc_region_vertex_q(r, i) + j) != 0;
            bad += same;
        }
    dd_FreeMatrix(G);
    dd_FreePolyhedra(P);
    dd_FreeMatrix(M);
    qvec_free(x, n);
    return bad;
}

/* Up to 60 regions each of: random degenerate networks in 2D and 3D over
 * rational boxes, 4 concurrent lines over R^2 (pointed cones), 4 parallel
 * lines over R^2 (lineality), a random network over R^2. */
static void
test_cdd_vertices(void)
{
    unsigned long rng = test_seed() + 7;
    size_t t, i;

    for (t = 0; t < 6; t++) {
        size_t n = t == 1 || t == 2 ? 3 : 2, bad = 0, checked = 0;
        trial T;
        rc_partition *part;

        trial_init(&T, n, 2, 4, t % 2 ? INTEGER : DYADIC, t >= 3, &rng);
        if (t == 3 || t == 4) {
            rc_net_free(T.net);
            T.net = make_net(2, 4, t == 3 ? E_conc : E_par, 0, NULL);
        }
        part = run(T.net, T.dom, 1);
        /* cddlib's global constants belong to the library: src/lp_cdd.c
         * sets them once, on the first exact LP (the enumeration above
         * made some), and never frees them; setting them again would leak
         * the first set.  dd_one's denominator is 0 only while unset. */
        if (mpz_sgn(mpq_denref(dd_one)) == 0)
            dd_set_global_constants();
        for (i = 0; i < rc_partition_num_regions(part) && i < 60; i++) {
            const rc_region *r = rc_partition_region(part, i);
            if (rc_region_num_facets(r) > 0) {
                bad += cdd_mismatches(r, n);
                checked++;
            }
        }
        CU_ASSERT(checked > 0);
        CU_ASSERT_EQUAL(bad, 0);
        if (bad)
            printf("\n  cddlib disagrees on %zu generators (case %zu)\n", bad, t);
        rc_partition_free(part);
        trial_clear(&T);
    }
}

/* ---- 8. ACAS Xu ------------------------------------------------------------ */

/* The slice of ACAS Xu N_{1,1} with rho = 30000, theta = 0, v_int = 600
 * (inputs x1, x2, x5) over (psi, v_own) in the box of the file's minima and
 * maxima, [-3.141593, 3.141593] x [100, 1200]: exact mode finds the
 * published counts per layer, the same patterns as float mode, and exact
 * volumes summing exactly to 6.283186 * 1100 = 6911.5046.  Certificates
 * hold (without the forward pass: the exact weights are the file's text,
 * not its doubles).  Skipped under RC_TEST_QUICK. */
static void
test_acasxu(void)
{
    static const size_t want[6] = {116, 633, 2313, 3831, 5588, 7243};
    static const char *const fixed[5] = {"30000", "0", NULL, NULL, "600"};
    const char *top = getenv("top_srcdir");
    char path[4096];
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part, *fpart;
    rc_error err = {RC_OK, ""};
    mpq_t q, sum, b[4];
    size_t k, i;
    FILE *f;

    if (getenv("RC_TEST_QUICK") != NULL) {
        printf("\n  note: RC_TEST_QUICK set, ACAS Xu slice skipped\n");
        return;
    }
    snprintf(path, sizeof path, "%s/../shared/data/acasxu/"
             "ACASXU_run2a_1_1_batch_2000.nnet", top ? top : ".");
    if ((f = fopen(path, "r")) == NULL) {
        printf("\n  note: %s not found, ACAS Xu test skipped\n", path);
        return;
    }
    fclose(f);
    mpq_init(q);
    mpq_init(sum);
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    for (k = 0; k < 5; k++)
        if (fixed[k] != NULL) {
            qset(q, fixed[k]);
            CU_ASSERT_EQUAL(rc_domain_fix_q(dom, k, q, &err), RC_OK);
        }
    part = run(net, dom, 1);
    fpart = run(net, dom, 0);
    CU_ASSERT_EQUAL_FATAL(rc_partition_num_hidden(part), 6);
    for (k = 0; k < 6; k++) {
        CU_ASSERT_EQUAL(rc_partition_layer_count(part, k), want[k]);
        CU_ASSERT_EQUAL(rc_partition_layer_count(fpart, k), want[k]);
    }
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), 7243);
    CU_ASSERT_EQUAL(pattern_diff(part, fpart, "ACAS Xu"), 0);
    for (i = 0; i < rc_partition_num_regions(part); i++) {
        mpq_srcptr v = rc_region_volume_q(rc_partition_region(part, i));
        CU_ASSERT_FATAL(v != NULL);
        mpq_add(sum, sum, v);
    }
    qset(q, "6911.5046");
    CU_ASSERT(mpq_equal(sum, q));
    /* the box of x3, x4 from the min/max lines: lo = b, hi = b + 2 */
    for (k = 0; k < 4; k++) {
        mpq_init(b[k]);
        mpq_set(b[k], k < 2 ? rc_net_input_min_q(net, 2 + k)
                            : rc_net_input_max_q(net, k));
    }
    mpq_sub(sum, b[2], b[0]);
    mpq_sub(q, b[3], b[1]);
    mpq_mul(q, q, sum);
    qset(sum, "6911.5046");
    CU_ASSERT(mpq_equal(q, sum));
    check_certificates(part, NULL, dom, NULL, (const mpq_t *)b,
                       (const mpq_t *)b + 2);
    for (k = 0; k < 4; k++)
        mpq_clear(b[k]);
    rc_partition_free(part);
    rc_partition_free(fpart);
    rc_net_free(net);
    rc_domain_free(dom);
    mpq_clear(q);
    mpq_clear(sum);
}

int
main(void)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        { "rc_q_set_text: exact values and refusals", test_q_text },
        { "NNet weights read exactly", test_nnet_exact },
        { "degenerate networks: exact and float", test_degenerate },
        { "exact volumes tile the box exactly", test_exact_volumes },
        { "generic networks: float and exact agree", test_float_vs_exact },
        { "certificates on slices and R^2", test_certificates },
        { "vertices agree with cddlib", test_cdd_vertices },
        { "ACAS Xu slice in exact mode", test_acasxu },
    };
    CU_pSuite suite;
    size_t i;

    test_seed();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    suite = CU_add_suite("exact", NULL, NULL);
    if (suite == NULL)
        return 2;
    for (i = 0; i < sizeof tests / sizeof tests[0]; i++)
        if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL)
            return 2;
    return test_run_all();
}
