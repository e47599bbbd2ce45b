/* exact_helpers.c -- helpers shared by the exact-mode test programs
 * (test_exact.c, test_exact_cdd.c): rational vectors, exact forward passes
 * written independently of the library, the certificate checks and the
 * random networks with rational boxes. */
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/rational.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "exact_helpers.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

mpq_t *
qvec(size_t n)
{
    mpq_t *v = malloc((n ? n : 1) * sizeof *v);
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    for (i = 0; i < n; i++)
        mpq_init(v[i]);
    return v;
}

void
qvec_free(mpq_t *v, size_t n)
{
    while (n > 0)
        mpq_clear(v[--n]);
    free(v);
}

/* q = the rational written s (the test's own literals, all valid). */
void
qset(mpq_t q, const char *s)
{
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(q, s, strlen(s)), 0);
}

/* s = a . x over n entries. */
void
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

rc_partition *
run(const rc_net *net, const rc_domain *dom, int exact)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_enum_opts opts;
    rc_status st;

    rc_enum_opts_init(&opts);
    opts.arithmetic = exact ? RC_ARITH_EXACT : RC_ARITH_FLOAT;
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

/* Number of patterns of the exact partition e missing from the float one
 * f and the other way round (the first few printed, with their size). */
size_t
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
size_t
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

/* ---- random networks ------------------------------------------------------ */

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
void
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
        size_t b = (size_t)test_irand_int(rng, 0, 3);
        qset(T->lo[j], boxes[b][0]);
        qset(T->hi[j], boxes[b][1]);
        mpq_sub(t, T->hi[j], T->lo[j]);
        mpq_mul(T->vol, T->vol, t);
    }
    for (l = 0; l < hidden; l++)
        N += sizes[l + 1] = (size_t)test_irand_int(rng, 3, (int)maxw);
    sizes[L] = 2;
    pre = qvec(N);
    mpq_init(y[0]);
    mpq_init(y[1]);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&T->net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; off += sizes[++l]) {
        for (i = 0; i < sizes[l + 1] * sizes[l]; i++)
            rc_net_set_weight(T->net, l, i / sizes[l], i % sizes[l],
                              kind == INTEGER ? test_irand_int(rng, -3, 3)
                              : kind == DYADIC ? test_irand_int(rng, -8, 8) / 4.0
                              : 2 * test_urand(rng) - 1);
        for (i = 0; i < sizes[l + 1]; i++) {
            if (l + 1 == L) {
                rc_net_set_bias(T->net, l, i, test_irand_int(rng, -4, 4) / 2.0);
                continue;
            }
            for (j = 0; j < n; j++)
                do {
                    if (kind == GENERIC)
                        mpq_set_d(x[j], 8 * test_urand(rng) - 4);
                    else
                        mpq_set_si(x[j], test_irand_int(rng, -8, 8), 4);
                } while (mpq_cmp(x[j], T->lo[j]) < 0 || mpq_cmp(x[j], T->hi[j]) > 0);
            rc_net_set_bias(T->net, l, i, 0.0);
            qforward(pre, y, T->net, x);
            rc_net_set_bias(T->net, l, i, -mpq_get_d(pre[off + i])
                            + (kind == GENERIC ? 0.2 * test_urand(rng) - 0.1 : 0.0));
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

void
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
void
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

/* First layers used by both programs (rows: weights, then bias): the
 * parallel lines x1 = 1/2, -1/2, 3/2, -3/2 and the line x2 = 0; and four
 * lines through the point (1/3, -1/5). */
const double E_par[15] = {2, 0, -1, 2, 0, 1, 2, 0, -3, 2, 0, 3, 0, 1, 0},
    E_conc[12] = {3, 0, -1, 0, 5, 1, 3, 5, 0, 6, -5, -3};

