/* test_poly_q.c -- the exact polyhedral kernel (src/geom/poly_q.h): boxes
 * with rational bounds, classification of a hyperplane against a
 * polyhedron, splits, exact volumes, unbounded polyhedra (all of R^n cut
 * into half-planes, quadrants and triangles) and the floating-point
 * filter's signs on numbers far outside the range of doubles.
 *
 * Every expectation is drawn by hand: the unit square cut by x + y = 1 is
 * two right triangles of area 1/2, the cube cut by x + y + z = 1 a corner
 * simplex of volume 1/6 and a rest of 5/6, the cut x + y + z = 3/2 passes
 * through the midpoints of six edges and halves the cube (the cube's
 * central symmetry swaps its sides).  The filter's signs are compared with
 * signs computed by GMP from the same integers.  Beyond the expectations,
 * every polyhedron is checked for the invariants of the representation:
 * generators primitive and on the right side of every row, incidence bit
 * set exactly where a row vanishes, the double approximations being
 * rc_polyq_approx of the generators. */
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "base/rational.h"
#include "geom/dd.h"
#include "geom/poly_q.h"
#include "testutil.h"

#define MAXD 8   /* n + 1 in these tests */

/* ---- helpers ---------------------------------------------------------------- */

/* A row (or any integer vector) from decimal strings. */
static void
set_vec(mpz_t *v, const char *const *s, size_t d)
{
    size_t i;

    for (i = 0; i < d; i++)
        CU_ASSERT_EQUAL_FATAL(mpz_set_str(v[i], s[i], 10), 0);
}

/* The box prod [lo_i, hi_i] from text "p/q". */
static rc_polyq *
box(size_t n, const char *const *lo, const char *const *hi)
{
    mpq_t l[MAXD], h[MAXD];
    rc_polyq *p = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        mpq_init(l[i]);
        mpq_init(h[i]);
        CU_ASSERT_EQUAL_FATAL(mpq_set_str(l[i], lo[i], 10), 0);
        CU_ASSERT_EQUAL_FATAL(mpq_set_str(h[i], hi[i], 10), 0);
        mpq_canonicalize(l[i]);
        mpq_canonicalize(h[i]);
    }
    CU_ASSERT_EQUAL_FATAL(rc_polyq_new_box(&p, n, (const mpq_t *)l,
                                           (const mpq_t *)h), RC_OK);
    for (i = 0; i < n; i++) {
        mpq_clear(l[i]);
        mpq_clear(h[i]);
    }
    return p;
}

static rc_polyq *
unit_cube(size_t n)
{
    static const char *const zero[MAXD] = {"0", "0", "0", "0", "0", "0", "0", "0"};
    static const char *const one[MAXD] = {"1", "1", "1", "1", "1", "1", "1", "1"};

    return box(n, zero, one);
}

/* Classify p against row (d = n + 1 entries), the approximation made as
 * the engine makes it; *evals counts the signs left to GMP. */
static rc_side
classify(const rc_polyq *p, const mpz_t *row, signed char *sign, size_t *evals)
{
    double rowd[MAXD];

    rc_polyq_approx(rowd, row, p->n + 1);
    *evals = 0;
    return rc_polyq_classify(p, row, rowd, sign, evals);
}

/* Split p by the row given as text (the cut must be RC_SIDE_BOTH); the
 * new facets are owned by neuron (layer 0, index idx). */
static void
split_text(rc_polyq **neg, rc_polyq **pos, const rc_polyq *p,
           const char *const *text, unsigned idx)
{
    size_t d = p->n + 1, ev;
    mpz_t *row = rc_mpz_array_new(d);
    signed char sign[64];
    rc_owner owner = {RC_OWNER_NEURON, 0, idx, 0, idx + 1};

    CU_ASSERT_FATAL(p->k <= 64);
    set_vec(row, text, d);
    CU_ASSERT_EQUAL_FATAL(classify(p, (const mpz_t *)row, sign, &ev), RC_SIDE_BOTH);
    CU_ASSERT_EQUAL_FATAL(rc_polyq_split(neg, pos, p, (const mpz_t *)row, owner, sign),
                          RC_OK);
    rc_mpz_array_free(row, d);
}

/* The invariants of an exact double description (see the top). */
static void
check_invariants(const rc_polyq *p)
{
    size_t d = p->n + 1, i, j;
    double gd[MAXD];
    mpz_t g, v;

    mpz_init(g);
    mpz_init(v);
    for (i = 0; i < p->k; i++) {
        const mpz_t *gen = p->gens + i * d;
        CU_ASSERT(mpz_sgn(gen[0]) >= 0);
        mpz_set_ui(g, 0);
        for (j = 0; j < d; j++)
            mpz_gcd(g, g, gen[j]);
        CU_ASSERT(mpz_cmp_ui(g, 1) == 0);   /* primitive */
        for (j = 0; j < p->m; j++) {
            size_t c;
            mpz_set_ui(v, 0);
            for (c = 0; c < d; c++)
                mpz_addmul(v, p->rows[j * d + c], gen[c]);
            CU_ASSERT(mpz_sgn(v) >= 0);
            CU_ASSERT_EQUAL(rc_dd_bit(p->inc + i * p->words, j), mpz_sgn(v) == 0);
        }
        rc_polyq_approx(gd, gen, d);
        CU_ASSERT(memcmp(gd, p->gd + i * d, d * sizeof *gd) == 0);
    }
    /* lines lie in every row's hyperplane (their first entry is 0) */
    for (i = 0; i < p->s; i++) {
        CU_ASSERT(mpz_sgn(p->lin[i * d]) == 0);
        for (j = 0; j < p->m; j++) {
            size_t c;
            mpz_set_ui(v, 0);
            for (c = 0; c < d; c++)
                mpz_addmul(v, p->rows[j * d + c], p->lin[i * d + c]);
            CU_ASSERT(mpz_sgn(v) == 0);
        }
    }
    mpz_clear(g);
    mpz_clear(v);
}

/* Index of the vertex with coordinates "p/q" (n of them), or -1. */
static long
find_vertex(const rc_polyq *p, const char *const *coords)
{
    size_t d = p->n + 1, i, j;
    mpq_t x, c;
    long found = -1;

    mpq_init(x);
    mpq_init(c);
    for (i = 0; i < p->k && found < 0; i++) {
        const mpz_t *gen = p->gens + i * d;
        int same = mpz_sgn(gen[0]) > 0;
        for (j = 0; j < p->n && same; j++) {
            mpq_set_num(x, gen[1 + j]);
            mpq_set_den(x, gen[0]);
            mpq_canonicalize(x);
            mpq_set_str(c, coords[j], 10);
            mpq_canonicalize(c);
            same = mpq_equal(x, c);
        }
        if (same)
            found = (long)i;
    }
    mpq_clear(x);
    mpq_clear(c);
    return found;
}

/* Number of vertices (t > 0) and of rays (t = 0). */
static size_t
count_gens(const rc_polyq *p, int rays)
{
    size_t i, c = 0;

    for (i = 0; i < p->k; i++)
        c += (mpz_sgn(p->gens[i * (p->n + 1)]) == 0) == rays;
    return c;
}

/* Index of the ray that is a positive multiple of dir (n entries), or -1. */
static long
find_ray(const rc_polyq *p, const long *dir)
{
    size_t d = p->n + 1, i, j;

    for (i = 0; i < p->k; i++) {
        const mpz_t *gen = p->gens + i * d;
        int same = mpz_sgn(gen[0]) == 0;
        /* primitive both: equal entries (dir is primitive here) */
        for (j = 0; j < p->n && same; j++)
            same = mpz_cmp_si(gen[1 + j], dir[j]) == 0;
        if (same)
            return (long)i;
    }
    return -1;
}

/* Index of the row that is a positive multiple of row (text, d entries)
 * with the given owner, or -1. */
static long
find_facet(const rc_polyq *p, const char *const *text, rc_owner_kind kind,
           unsigned index, unsigned upper)
{
    size_t d = p->n + 1, i, c;
    mpz_t *r = rc_mpz_array_new(d), a, b;
    long found = -1;

    set_vec(r, text, d);
    mpz_init(a);
    mpz_init(b);
    for (i = 0; i < p->m && found < 0; i++) {
        const mpz_t *row = p->rows + i * d;
        size_t piv = d;
        int same = p->owners[i].kind == kind && p->owners[i].index == index
                   && (kind != RC_OWNER_DOMAIN || p->owners[i].upper == upper);
        /* row = lambda r, lambda > 0: row_c r_piv = r_c row_piv for all c */
        for (c = 0; c < d && piv == d; c++)
            if (mpz_sgn(r[c]) != 0)
                piv = c;
        same = same && piv < d && mpz_sgn(row[piv]) == mpz_sgn(r[piv]);
        for (c = 0; c < d && same; c++) {
            mpz_mul(a, row[c], r[piv]);
            mpz_mul(b, r[c], row[piv]);
            same = mpz_cmp(a, b) == 0;
        }
        if (same)
            found = (long)i;
    }
    mpz_clear(a);
    mpz_clear(b);
    rc_mpz_array_free(r, d);
    return found;
}

/* Number of rows that vertex i is tight on. */
static size_t
tight_count(const rc_polyq *p, long i)
{
    CU_ASSERT_FATAL(i >= 0);
    return rc_dd_count(p->inc + (size_t)i * p->words, p->words);
}

static int
volume_is(const rc_polyq *p, const char *q)
{
    mpq_t v, e;
    int eq;

    mpq_init(v);
    mpq_init(e);
    mpq_set_str(e, q, 10);
    mpq_canonicalize(e);
    CU_ASSERT_EQUAL(rc_polyq_volume(v, p), RC_OK);
    eq = mpq_equal(v, e);
    if (!eq)
        gmp_printf("\n  volume %Qd, expected %s\n", v, q);
    mpq_clear(v);
    mpq_clear(e);
    return eq;
}

#define V2(a, b) ((const char *const[]){a, b})
#define V3(a, b, c) ((const char *const[]){a, b, c})
#define V4(a, b, c, e) ((const char *const[]){a, b, c, e})

/* ---- boxes ---------------------------------------------------------------- */

/* [0,1]^2: 4 vertices in the order of their bits (bit i: upper bound of
 * x_i), rows 2i: x_i >= 0 and 2i+1: x_i <= 1 owned by the domain, each
 * vertex on two of them. */
static void
test_box_square(void)
{
    rc_polyq *p = unit_cube(2);
    mpq_t vol;

    CU_ASSERT_EQUAL(p->n, 2);
    CU_ASSERT_EQUAL(p->m, 4);
    CU_ASSERT_EQUAL(p->k, 4);
    CU_ASSERT_EQUAL(p->s, 0);
    check_invariants(p);
    CU_ASSERT_EQUAL(find_vertex(p, V2("0", "0")), 0);
    CU_ASSERT_EQUAL(find_vertex(p, V2("1", "0")), 1);
    CU_ASSERT_EQUAL(find_vertex(p, V2("0", "1")), 2);
    CU_ASSERT_EQUAL(find_vertex(p, V2("1", "1")), 3);
    CU_ASSERT_EQUAL(find_facet(p, V3("0", "1", "0"), RC_OWNER_DOMAIN, 0, 0), 0);
    CU_ASSERT_EQUAL(find_facet(p, V3("1", "-1", "0"), RC_OWNER_DOMAIN, 0, 1), 1);
    CU_ASSERT_EQUAL(find_facet(p, V3("0", "0", "1"), RC_OWNER_DOMAIN, 1, 0), 2);
    CU_ASSERT_EQUAL(find_facet(p, V3("1", "0", "-1"), RC_OWNER_DOMAIN, 1, 1), 3);
    /* vertex (1, 0) is on x <= 1 (row 1) and y >= 0 (row 2), not x >= 0 */
    CU_ASSERT_EQUAL(rc_dd_bit(p->inc + 1 * p->words, 1), 1);
    CU_ASSERT_EQUAL(rc_dd_bit(p->inc + 1 * p->words, 2), 1);
    CU_ASSERT_EQUAL(rc_dd_bit(p->inc + 1 * p->words, 0), 0);
    CU_ASSERT_EQUAL(tight_count(p, 1), 2);
    /* the filter's copy of (1, 1, 0) has largest entry 1/2 */
    CU_ASSERT_EQUAL(p->gd[1 * 3 + 0], 0.5);
    CU_ASSERT_EQUAL(p->gd[1 * 3 + 1], 0.5);
    CU_ASSERT_EQUAL(p->gd[1 * 3 + 2], 0.0);
    CU_ASSERT(volume_is(p, "1"));
    rc_polyq_free(p);
    rc_polyq_free(NULL);
    /* no dimension, or one past the cap */
    mpq_init(vol);
    CU_ASSERT_EQUAL(rc_polyq_new_box(&p, 0, (const mpq_t *)&vol, (const mpq_t *)&vol),
                    RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_EQUAL(rc_polyq_new_box(&p, RC_MAX_DIM + 1, (const mpq_t *)&vol,
                                     (const mpq_t *)&vol), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(p);
    mpq_clear(vol);
}

/* [1/3, 1/2] x [-2/5, 7]: vertex (1/3, -2/5) is (15, 5, -6) over the
 * common denominator 15; rows -1 + 3x >= 0, 1 - 2x >= 0, 2 + 5y >= 0,
 * 7 - y >= 0; area (1/2 - 1/3)(7 + 2/5) = (1/6)(37/5) = 37/30. */
static void
test_box_rational(void)
{
    rc_polyq *p = box(2, V2("1/3", "-2/5"), V2("1/2", "7"));

    check_invariants(p);
    CU_ASSERT_EQUAL(mpz_cmp_si(p->gens[0], 15), 0);
    CU_ASSERT_EQUAL(mpz_cmp_si(p->gens[1], 5), 0);
    CU_ASSERT_EQUAL(mpz_cmp_si(p->gens[2], -6), 0);
    CU_ASSERT(find_vertex(p, V2("1/2", "7")) >= 0);
    CU_ASSERT(find_vertex(p, V2("1/3", "7")) >= 0);
    CU_ASSERT(find_vertex(p, V2("1/2", "-2/5")) >= 0);
    CU_ASSERT(find_facet(p, V3("-1", "3", "0"), RC_OWNER_DOMAIN, 0, 0) >= 0);
    CU_ASSERT(find_facet(p, V3("1", "-2", "0"), RC_OWNER_DOMAIN, 0, 1) >= 0);
    CU_ASSERT(find_facet(p, V3("2", "0", "5"), RC_OWNER_DOMAIN, 1, 0) >= 0);
    CU_ASSERT(find_facet(p, V3("7", "0", "-1"), RC_OWNER_DOMAIN, 1, 1) >= 0);
    CU_ASSERT(volume_is(p, "37/30"));
    rc_polyq_free(p);
}

/* ---- classification -------------------------------------------------------- */

/* Lines that miss the unit square, touch it at a vertex or along an edge,
 * or cut it; the signs at (0,0), (1,0), (0,1), (1,1) by hand.  Zeros are
 * never certified by the filter: each is one exact evaluation. */
static void
test_classify_square(void)
{
    static const struct {
        const char *row[3];
        rc_side side;
        signed char sign[4];
    } cases[] = {
        {{"1", "1", "1"}, RC_SIDE_POS, {1, 1, 1, 1}},       /* x + y + 1 */
        {{"-3", "1", "1"}, RC_SIDE_NEG, {-1, -1, -1, -1}},  /* x + y - 3 */
        {{"-2", "1", "1"}, RC_SIDE_NEG, {-1, -1, -1, 0}},   /* touches (1,1) */
        {{"0", "1", "1"}, RC_SIDE_POS, {0, 1, 1, 1}},       /* touches (0,0) */
        {{"-1", "1", "0"}, RC_SIDE_NEG, {-1, 0, -1, 0}},    /* the edge x = 1 */
        {{"0", "0", "1"}, RC_SIDE_POS, {0, 0, 1, 1}},       /* the edge y = 0 */
        {{"-1", "1", "1"}, RC_SIDE_BOTH, {-1, 0, 0, 1}},    /* x + y = 1 */
        {{"0", "1", "-1"}, RC_SIDE_BOTH, {0, 1, -1, 0}},    /* the diagonal */
        {{"-1", "3", "0"}, RC_SIDE_BOTH, {-1, 1, -1, 1}},   /* x = 1/3 */
        {{"0", "0", "0"}, RC_SIDE_ZERO, {0, 0, 0, 0}},      /* h = 0 */
    };
    rc_polyq *p = unit_cube(2);
    mpz_t row[3];
    signed char sign[4];
    size_t i, j, ev, zeros;

    for (j = 0; j < 3; j++)
        mpz_init(row[j]);
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        set_vec(row, cases[i].row, 3);
        CU_ASSERT_EQUAL(classify(p, (const mpz_t *)row, sign, &ev), cases[i].side);
        for (j = 0, zeros = 0; j < 4; j++) {
            CU_ASSERT_EQUAL(sign[j], cases[i].sign[j]);
            zeros += cases[i].sign[j] == 0;
        }
        CU_ASSERT_EQUAL(ev, zeros);
    }
    for (j = 0; j < 3; j++)
        mpz_clear(row[j]);
    rc_polyq_free(p);
}

/* ---- splits ------------------------------------------------------------------ */

/* The unit square cut by x + y = 1: on the negative side the triangle
 * (0,0), (1,0), (0,1) with facets x >= 0, y >= 0 and 1 - x - y >= 0 (the
 * new one, owned by the neuron); on the positive side (1,0), (0,1), (1,1)
 * with x <= 1, y <= 1 and x + y - 1 >= 0.  The box facets that now touch
 * one vertex only are gone.  Areas 1/2. */
static void
test_split_square(void)
{
    rc_polyq *p = unit_cube(2), *neg = NULL, *pos = NULL, *again = NULL;
    mpz_t row[3];
    signed char sign[4];
    size_t ev, j;

    split_text(&neg, &pos, p, V3("-1", "1", "1"), 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(neg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pos);
    check_invariants(neg);
    check_invariants(pos);
    CU_ASSERT_EQUAL(neg->k, 3);
    CU_ASSERT_EQUAL(neg->m, 3);
    CU_ASSERT(find_vertex(neg, V2("0", "0")) >= 0);
    CU_ASSERT(find_vertex(neg, V2("1", "0")) >= 0);
    CU_ASSERT(find_vertex(neg, V2("0", "1")) >= 0);
    CU_ASSERT(find_facet(neg, V3("0", "1", "0"), RC_OWNER_DOMAIN, 0, 0) >= 0);
    CU_ASSERT(find_facet(neg, V3("0", "0", "1"), RC_OWNER_DOMAIN, 1, 0) >= 0);
    CU_ASSERT(find_facet(neg, V3("1", "-1", "-1"), RC_OWNER_NEURON, 4, 0) >= 0);
    CU_ASSERT_EQUAL(neg->owners[find_facet(neg, V3("1", "-1", "-1"), RC_OWNER_NEURON, 4, 0)].cut, 5);
    CU_ASSERT_EQUAL(tight_count(neg, find_vertex(neg, V2("1", "0"))), 2);
    CU_ASSERT(volume_is(neg, "1/2"));
    CU_ASSERT_EQUAL(pos->k, 3);
    CU_ASSERT_EQUAL(pos->m, 3);
    CU_ASSERT(find_vertex(pos, V2("1", "1")) >= 0);
    CU_ASSERT(find_vertex(pos, V2("0", "0")) < 0);
    CU_ASSERT(find_facet(pos, V3("1", "-1", "0"), RC_OWNER_DOMAIN, 0, 1) >= 0);
    CU_ASSERT(find_facet(pos, V3("1", "0", "-1"), RC_OWNER_DOMAIN, 1, 1) >= 0);
    CU_ASSERT(find_facet(pos, V3("-1", "1", "1"), RC_OWNER_NEURON, 4, 0) >= 0);
    CU_ASSERT(volume_is(pos, "1/2"));

    /* the same hyperplane again, and twice it: one side, no split */
    for (j = 0; j < 3; j++)
        mpz_init(row[j]);
    set_vec(row, V3("-2", "2", "2"), 3);
    CU_ASSERT_EQUAL(classify(neg, (const mpz_t *)row, sign, &ev), RC_SIDE_NEG);
    CU_ASSERT_EQUAL(classify(pos, (const mpz_t *)row, sign, &ev), RC_SIDE_POS);
    set_vec(row, V3("1", "-1", "-1"), 3);
    CU_ASSERT_EQUAL(classify(neg, (const mpz_t *)row, sign, &ev), RC_SIDE_POS);
    /* one side only is wanted */
    set_vec(row, V3("0", "1", "-1"), 3);
    CU_ASSERT_EQUAL(classify(pos, (const mpz_t *)row, sign, &ev), RC_SIDE_BOTH);
    CU_ASSERT_EQUAL(rc_polyq_split(NULL, &again, pos, (const mpz_t *)row,
                                   (rc_owner){RC_OWNER_NEURON, 1, 0, 0, 9}, sign), RC_OK);
    /* x >= y in the upper triangle: (1,0), (1,1), (1/2,1/2); area 1/4 */
    CU_ASSERT_EQUAL(again->k, 3);
    CU_ASSERT(find_vertex(again, V2("1/2", "1/2")) >= 0);
    CU_ASSERT(volume_is(again, "1/4"));
    check_invariants(again);
    for (j = 0; j < 3; j++)
        mpz_clear(row[j]);
    rc_polyq_free(again);
    rc_polyq_free(neg);
    rc_polyq_free(pos);
    rc_polyq_free(p);
}

/* Through a vertex (the diagonal x = y: both pieces keep (0,0) and (1,1))
 * and parallel to a facet (x = 1/3: rectangles of areas 1/3 and 2/3 with
 * the new vertices (1/3, 0) = (3, 1, 0) and (1/3, 1)). */
static void
test_split_degenerate(void)
{
    rc_polyq *p = unit_cube(2), *neg = NULL, *pos = NULL;
    long v;

    split_text(&neg, &pos, p, V3("0", "1", "-1"), 0);   /* x - y */
    check_invariants(neg);
    check_invariants(pos);
    CU_ASSERT_EQUAL(neg->k, 3);
    CU_ASSERT(find_vertex(neg, V2("0", "1")) >= 0);
    CU_ASSERT(find_vertex(neg, V2("0", "0")) >= 0);
    CU_ASSERT(find_vertex(neg, V2("1", "1")) >= 0);
    CU_ASSERT_EQUAL(pos->k, 3);
    CU_ASSERT(find_vertex(pos, V2("1", "0")) >= 0);
    /* x >= 0 touches pos = {y <= x} at (0,0) only: no longer a facet, so
     * (0,0) is tight on two rows, y >= 0 and x - y >= 0 */
    CU_ASSERT_EQUAL(tight_count(pos, find_vertex(pos, V2("0", "0"))), 2);
    CU_ASSERT(find_facet(pos, V3("0", "1", "-1"), RC_OWNER_NEURON, 0, 0) >= 0);
    CU_ASSERT(find_facet(pos, V3("0", "1", "0"), RC_OWNER_DOMAIN, 0, 0) < 0);
    CU_ASSERT(volume_is(neg, "1/2"));
    CU_ASSERT(volume_is(pos, "1/2"));
    rc_polyq_free(neg);
    rc_polyq_free(pos);

    split_text(&neg, &pos, p, V3("-1", "3", "0"), 1);   /* 3x - 1 */
    check_invariants(neg);
    check_invariants(pos);
    CU_ASSERT_EQUAL(neg->k, 4);
    CU_ASSERT_EQUAL(neg->m, 4);
    CU_ASSERT_EQUAL(pos->k, 4);
    v = find_vertex(neg, V2("1/3", "0"));
    CU_ASSERT_FATAL(v >= 0);
    CU_ASSERT_EQUAL(mpz_cmp_si(neg->gens[v * 3], 3), 0);
    CU_ASSERT_EQUAL(mpz_cmp_si(neg->gens[v * 3 + 1], 1), 0);
    CU_ASSERT(find_vertex(pos, V2("1/3", "1")) >= 0);
    CU_ASSERT(find_facet(neg, V3("1", "-3", "0"), RC_OWNER_NEURON, 1, 0) >= 0);
    CU_ASSERT(find_facet(neg, V3("1", "-1", "0"), RC_OWNER_DOMAIN, 0, 1) < 0);
    CU_ASSERT(volume_is(neg, "1/3"));
    CU_ASSERT(volume_is(pos, "2/3"));
    rc_polyq_free(neg);
    rc_polyq_free(pos);
    rc_polyq_free(p);
}

/* The unit cube cut by x + y + z = 1 (a corner simplex of volume 1/6 and
 * the other 7 vertices, 7 facets, volume 5/6) and by x + y + z = 3/2
 * (through the midpoints of six edges, e.g. (1, 1/2, 0): ten vertices a
 * side, volume 1/2 each). */
static void
test_split_cube(void)
{
    rc_polyq *p = unit_cube(3), *neg = NULL, *pos = NULL;

    check_invariants(p);
    CU_ASSERT(volume_is(p, "1"));
    split_text(&neg, &pos, p, V4("-1", "1", "1", "1"), 0);
    check_invariants(neg);
    check_invariants(pos);
    CU_ASSERT_EQUAL(neg->k, 4);
    CU_ASSERT_EQUAL(neg->m, 4);
    CU_ASSERT(find_vertex(neg, V3("0", "0", "1")) >= 0);
    CU_ASSERT(find_facet(neg, V4("1", "-1", "-1", "-1"), RC_OWNER_NEURON, 0, 0) >= 0);
    CU_ASSERT(volume_is(neg, "1/6"));
    CU_ASSERT_EQUAL(pos->k, 7);
    CU_ASSERT_EQUAL(pos->m, 7);
    CU_ASSERT(find_vertex(pos, V3("0", "0", "0")) < 0);
    /* (1, 0, 0) lies on x <= 1, y >= 0, z >= 0 and the cut */
    CU_ASSERT_EQUAL(tight_count(pos, find_vertex(pos, V3("1", "0", "0"))), 4);
    CU_ASSERT(volume_is(pos, "5/6"));
    rc_polyq_free(neg);
    rc_polyq_free(pos);

    split_text(&neg, &pos, p, V4("-3", "2", "2", "2"), 0);
    check_invariants(neg);
    check_invariants(pos);
    CU_ASSERT_EQUAL(neg->k, 10);
    CU_ASSERT_EQUAL(pos->k, 10);
    CU_ASSERT_EQUAL(neg->m, 7);
    CU_ASSERT(find_vertex(neg, V3("1", "1/2", "0")) >= 0);
    CU_ASSERT(find_vertex(pos, V3("0", "1/2", "1")) >= 0);
    CU_ASSERT(find_vertex(pos, V3("1", "1", "1")) >= 0);
    CU_ASSERT(volume_is(neg, "1/2"));
    CU_ASSERT(volume_is(pos, "1/2"));
    rc_polyq_free(neg);
    rc_polyq_free(pos);
    rc_polyq_free(p);
}

/* ---- unbounded polyhedra ---------------------------------------------------- */

/* R^2 (the origin and two lines) cut by x = 1: half-planes with the vertex
 * (1, 0), the ray -+(1, 0) and the line (0, 1).  {x <= 1} cut by y = 2:
 * the quadrant with vertex (1, 2) and rays (-1, 0), (0, -1).  That cut by
 * x + y = 0: on the positive side the triangle (1, 2), (1, -1), (-2, 2)
 * (legs 3 and 3: area 9/2); on the negative side the vertices (1, -1),
 * (-2, 2) and both rays. */
static void
test_unbounded(void)
{
    rc_polyq *p = NULL, *h = NULL, *hp = NULL, *q = NULL, *qp = NULL, *t = NULL,
             *rest = NULL;
    static const long left[2] = {-1, 0}, right[2] = {1, 0}, down[2] = {0, -1};
    mpq_t vol;

    CU_ASSERT_EQUAL_FATAL(rc_polyq_new_space(&p, 2), RC_OK);
    CU_ASSERT_EQUAL(p->k, 1);
    CU_ASSERT_EQUAL(p->s, 2);
    CU_ASSERT(find_vertex(p, V2("0", "0")) == 0);
    check_invariants(p);
    mpq_init(vol);
    CU_ASSERT_EQUAL(rc_polyq_volume(vol, p), RC_ERR_ARG);   /* lines */

    split_text(&h, &hp, p, V3("-1", "1", "0"), 0);
    check_invariants(h);
    check_invariants(hp);
    CU_ASSERT_EQUAL(h->s, 1);
    CU_ASSERT_EQUAL(count_gens(h, 0), 1);
    CU_ASSERT_EQUAL(count_gens(h, 1), 1);
    CU_ASSERT(find_vertex(h, V2("1", "0")) >= 0);
    CU_ASSERT(find_ray(h, left) >= 0);
    CU_ASSERT(find_ray(hp, right) >= 0);
    CU_ASSERT(find_facet(h, V3("1", "-1", "0"), RC_OWNER_NEURON, 0, 0) >= 0);
    CU_ASSERT_EQUAL(mpz_sgn(h->lin[0]), 0);
    CU_ASSERT_EQUAL(mpz_sgn(h->lin[1]), 0);
    CU_ASSERT(mpz_sgn(h->lin[2]) != 0);

    split_text(&q, &qp, h, V3("-2", "0", "1"), 1);
    check_invariants(q);
    CU_ASSERT_EQUAL(q->s, 0);
    CU_ASSERT_EQUAL(count_gens(q, 0), 1);
    CU_ASSERT_EQUAL(count_gens(q, 1), 2);
    CU_ASSERT(find_vertex(q, V2("1", "2")) >= 0);
    CU_ASSERT(find_ray(q, left) >= 0);
    CU_ASSERT(find_ray(q, down) >= 0);
    CU_ASSERT_EQUAL(rc_polyq_volume(vol, q), RC_ERR_ARG);   /* rays */

    split_text(&rest, &t, q, V3("0", "1", "1"), 2);
    check_invariants(t);
    check_invariants(rest);
    CU_ASSERT_EQUAL(t->k, 3);
    CU_ASSERT_EQUAL(count_gens(t, 1), 0);
    CU_ASSERT(find_vertex(t, V2("1", "2")) >= 0);
    CU_ASSERT(find_vertex(t, V2("1", "-1")) >= 0);
    CU_ASSERT(find_vertex(t, V2("-2", "2")) >= 0);
    CU_ASSERT(volume_is(t, "9/2"));
    CU_ASSERT_EQUAL(count_gens(rest, 0), 2);
    CU_ASSERT_EQUAL(count_gens(rest, 1), 2);
    CU_ASSERT(find_vertex(rest, V2("-2", "2")) >= 0);
    CU_ASSERT(find_ray(rest, left) >= 0);
    CU_ASSERT(find_ray(rest, down) >= 0);
    mpq_clear(vol);
    rc_polyq_free(rest);
    rc_polyq_free(t);
    rc_polyq_free(q);
    rc_polyq_free(qp);
    rc_polyq_free(h);
    rc_polyq_free(hp);
    rc_polyq_free(p);
    CU_ASSERT_EQUAL(rc_polyq_new_space(&p, 0), RC_ERR_ARG);
}

/* ---- the filter --------------------------------------------------------------- */

/* The exact sign of row . gen. */
static int
gmp_sign(const mpz_t *row, const mpz_t *gen, size_t d)
{
    mpz_t v;
    size_t i;
    int s;

    mpz_init(v);
    for (i = 0; i < d; i++)
        mpz_addmul(v, row[i], gen[i]);
    s = mpz_sgn(v);
    mpz_clear(v);
    return s;
}

/* rc_polyq_approx: the largest entry in [1/2, 1), the others scaled by
 * the same power of two (so 1 next to 2^1100 underflows to 0, and next
 * to 2^1074 it is a denormal or 0). */
static void
test_approx(void)
{
    mpz_t v[3];
    double out[3];
    size_t i;

    for (i = 0; i < 3; i++)
        mpz_init(v[i]);
    set_vec(v, V3("3", "-12", "0"), 3);
    rc_polyq_approx(out, (const mpz_t *)v, 3);
    CU_ASSERT_EQUAL(out[0], 3.0 / 16);
    CU_ASSERT_EQUAL(out[1], -12.0 / 16);
    CU_ASSERT_EQUAL(out[2], 0.0);
    mpz_set_ui(v[0], 1);
    mpz_ui_pow_ui(v[1], 2, 1100);
    rc_polyq_approx(out, (const mpz_t *)v, 3);
    CU_ASSERT_EQUAL(out[1], 0.5);
    CU_ASSERT_EQUAL(out[0], 0.0);
    /* 2^1072 and 1: 2^1072 becomes 1/2 and 1 becomes 2^-1073, a denormal,
     * exactly */
    mpz_ui_pow_ui(v[1], 2, 1072);
    rc_polyq_approx(out, (const mpz_t *)v, 3);
    CU_ASSERT_EQUAL(out[1], 0.5);
    CU_ASSERT_EQUAL(out[0], 0x1p-1073);
    /* 2^1000 + 1 rounds to 2^1000 (truncated to 53 bits) */
    mpz_ui_pow_ui(v[0], 2, 1000);
    mpz_add_ui(v[0], v[0], 1);
    mpz_set_ui(v[1], 0);
    rc_polyq_approx(out, (const mpz_t *)v, 3);
    CU_ASSERT_EQUAL(out[0], 0.5);
    for (i = 0; i < 3; i++)
        mpz_clear(v[i]);
}

/* Hand-made traps: rows whose double approximation gives the wrong sign
 * or no sign, at the square's vertices (0,0), (1,0), (0,1), (1,1).
 *   -1 + (2^53 + 1) x - 2^53 y: in doubles 2^53 + 1 is 2^53, so at (1,1)
 *     the doubles say -1 but the value is 0; at (1,0) 2^53, at (0,1)
 *     -1 - 2^53;
 *   1 - 2^1100 x + 2^1100 y: the 1 underflows; at (1,1) the doubles say
 *     0, the value is 1;
 *   1 - 2^1073 x + 2^1073 y: the 1 is a denormal (2^-1074 after scaling);
 *     at (1,1) the value is 1;
 *   -1 + 2^1073 x - 2^1073 y: the same, value -1 at (1,1). */
static void
test_filter_traps(void)
{
    static const struct {
        int c0;               /* the constant */
        unsigned e;           /* the coefficients are +-2^e (+1 for x, c1) */
        int sx, sy, c1;       /* signs of the x and y coefficients; add 1 to x's */
        signed char sign[4];
    } cases[] = {
        {-1, 53, 1, -1, 1, {-1, 1, -1, 0}},
        {1, 1100, -1, 1, 0, {1, -1, 1, 1}},
        {1, 1073, -1, 1, 0, {1, -1, 1, 1}},
        {-1, 1073, 1, -1, 0, {-1, 1, -1, -1}},
        {0, 1074, 1, -1, 1, {0, 1, -1, 1}},
    };
    rc_polyq *p = unit_cube(2);
    mpz_t row[3];
    signed char sign[4];
    size_t i, j, ev;

    for (j = 0; j < 3; j++)
        mpz_init(row[j]);
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        mpz_set_si(row[0], cases[i].c0);
        mpz_ui_pow_ui(row[1], 2, cases[i].e);
        mpz_add_ui(row[1], row[1], (unsigned long)cases[i].c1);
        if (cases[i].sx < 0)
            mpz_neg(row[1], row[1]);
        mpz_ui_pow_ui(row[2], 2, cases[i].e);
        if (cases[i].sy < 0)
            mpz_neg(row[2], row[2]);
        classify(p, (const mpz_t *)row, sign, &ev);
        for (j = 0; j < 4; j++) {
            CU_ASSERT_EQUAL(sign[j], cases[i].sign[j]);
            CU_ASSERT_EQUAL(sign[j], gmp_sign((const mpz_t *)row, (const mpz_t *)p->gens + j * 3, 3));
        }
        /* (1,1) is the close call in every case: GMP decided it */
        CU_ASSERT(ev >= 1);
    }
    for (j = 0; j < 3; j++)
        mpz_clear(row[j]);
    rc_polyq_free(p);
}

/* Boxes far outside the doubles: [0, 10^400] and [0, 10^-400] (a vertex
 * (10^-400, 0) is the generator (10^400, 1, 0)), the line x = bound
 * through two of their vertices, and x = bound (1 + 10^-100) just beyond. */
static void
test_filter_huge_tiny(void)
{
    rc_polyq *p;
    mpz_t row[3], b;
    signed char sign[4];
    size_t ev, j, which;

    mpz_init(b);
    for (j = 0; j < 3; j++)
        mpz_init(row[j]);
    for (which = 0; which < 2; which++) {
        char lo[2][8] = {"0", "0"}, hi[2][2000];
        const char *l[2] = {lo[0], lo[1]}, *h[2] = {hi[0], hi[1]};
        /* hi = 10^400 or 10^-400 in x; 1 in y */
        if (which == 0)
            snprintf(hi[0], sizeof hi[0], "1%0400d", 0);
        else
            snprintf(hi[0], sizeof hi[0], "1/1%0400d", 0);
        strcpy(hi[1], "1");
        p = box(2, l, h);
        check_invariants(p);
        /* row: x = hi: (-num, den, 0) */
        mpz_ui_pow_ui(b, 10, 400);
        mpz_set(row[0], b);
        mpz_neg(row[0], row[0]);
        mpz_set_ui(row[1], 1);
        if (which == 1) {
            mpz_set_si(row[0], -1);
            mpz_set(row[1], b);
        }
        mpz_set_ui(row[2], 0);
        CU_ASSERT_EQUAL(classify(p, (const mpz_t *)row, sign, &ev), RC_SIDE_NEG);
        CU_ASSERT_EQUAL(sign[0], -1);
        CU_ASSERT_EQUAL(sign[1], 0);
        CU_ASSERT_EQUAL(sign[2], -1);
        CU_ASSERT_EQUAL(sign[3], 0);
        /* zeros come from GMP; at (0,0) and (0,1) the huge box's row is
         * certain (-10^400 dominates), the tiny box's underflows to 0 */
        CU_ASSERT_EQUAL(ev, which == 0 ? 2 : 4);
        /* scale the constant by 1 + 10^-100 (times 10^100): beyond hi by a
         * hair; the box is all on the negative side */
        mpz_ui_pow_ui(b, 10, 100);
        mpz_mul(row[1], row[1], b);
        mpz_add_ui(b, b, 1);
        mpz_mul(row[0], row[0], b);
        CU_ASSERT_EQUAL(classify(p, (const mpz_t *)row, sign, &ev), RC_SIDE_NEG);
        for (j = 0; j < 4; j++)
            CU_ASSERT_EQUAL(sign[j], -1);
        /* and inside by a hair: a split */
        mpz_sub_ui(b, b, 2);
        mpz_ui_pow_ui(row[0], 10, which ? 0 : 400);
        mpz_neg(row[0], row[0]);
        mpz_mul(row[0], row[0], b);
        CU_ASSERT_EQUAL(classify(p, (const mpz_t *)row, sign, &ev), RC_SIDE_BOTH);
        CU_ASSERT_EQUAL(sign[1], 1);
        CU_ASSERT_EQUAL(sign[3], 1);
        rc_polyq_free(p);
    }
    for (j = 0; j < 3; j++)
        mpz_clear(row[j]);
    mpz_clear(b);
}

/* Random rows of coefficients +-(small odd) 2^e with e up to 1200, plus
 * rows built to vanish at a vertex and then nudged by +-1, against a box
 * with random dyadic and decimal bounds: the filter's sign is GMP's sign
 * at every generator, every time. */
static void
test_filter_random(void)
{
    unsigned long state = test_seed() ^ 0x5eedUL;
    size_t trial, trials = getenv("RC_TEST_QUICK") ? 300 : 3000;
    mpz_t row[4], t;
    signed char sign[16];
    size_t j, ev, certified = 0, total = 0;

    mpz_init(t);
    for (j = 0; j < 4; j++)
        mpz_init(row[j]);
    for (trial = 0; trial < trials; trial++) {
        size_t n = test_irand(&state, 2, 3), d = n + 1, g;
        char lo[3][400], hi[3][400];
        const char *l[3] = {lo[0], lo[1], lo[2]}, *h[3] = {hi[0], hi[1], hi[2]};
        rc_polyq *p;

        for (j = 0; j < n; j++) {
            int a = test_irand_int(&state, -50, 49), e = test_irand_int(&state, 0, 300);
            /* [a / 2^e or a / 10^e, (a + 1) / ...] */
            if (test_irand(&state, 0, 1)) {
                snprintf(lo[j], sizeof lo[j], "%d/1%0*d", a, e, 0);
                snprintf(hi[j], sizeof hi[j], "%d/1%0*d", a + 1, e, 0);
                if (e == 0) {
                    snprintf(lo[j], sizeof lo[j], "%d", a);
                    snprintf(hi[j], sizeof hi[j], "%d", a + 1);
                }
            } else {
                mpz_ui_pow_ui(t, 2, (unsigned long)e);
                gmp_snprintf(lo[j], sizeof lo[j], "%d/%Zd", a, t);
                gmp_snprintf(hi[j], sizeof hi[j], "%d/%Zd", a + 1, t);
            }
        }
        p = box(n, l, h);
        for (j = 0; j < d; j++) {
            unsigned long e = test_irand(&state, 0, 1200);
            mpz_ui_pow_ui(row[j], 2, e);
            mpz_mul_si(row[j], row[j], 2 * test_irand_int(&state, -8, 7) + 1);
        }
        if (test_irand(&state, 0, 1)) {
            /* make it vanish at generator g: adjust the constant */
            g = test_irand(&state, 0, p->k - 1);
            mpz_set_ui(t, 0);
            for (j = 1; j < d; j++)
                mpz_addmul(t, row[j], p->gens[g * d + j]);
            /* row0 t_g + t = 0 needs t_g | t: scale the rest by t_g */
            for (j = 1; j < d; j++)
                mpz_mul(row[j], row[j], p->gens[g * d]);
            mpz_neg(row[0], t);
            switch (test_irand(&state, 0, 2)) {
            case 0: mpz_sub_ui(row[0], row[0], 1); break;
            case 1: mpz_add_ui(row[0], row[0], 1); break;
            default: break;
            }
        }
        classify(p, (const mpz_t *)row, sign, &ev);
        for (g = 0; g < p->k; g++)
            CU_ASSERT_EQUAL(sign[g], gmp_sign((const mpz_t *)row, (const mpz_t *)p->gens + g * d, d));
        certified += p->k - ev;
        total += p->k;
        rc_polyq_free(p);
    }
    /* the filter must do some of the work, or it is not tested */
    CU_ASSERT(certified > 0);
    CU_ASSERT(certified < total);
    for (j = 0; j < 4; j++)
        mpz_clear(row[j]);
    mpz_clear(t);
}

int
main(void)
{
    static const test_case tests[] = {
        {"unit square", test_box_square},
        {"rational box", test_box_rational},
        {"classify against the square", test_classify_square},
        {"split the square by x + y = 1", test_split_square},
        {"degenerate splits", test_split_degenerate},
        {"split the cube", test_split_cube},
        {"unbounded", test_unbounded},
        {"filter approximation", test_approx},
        {"filter traps", test_filter_traps},
        {"filter on huge and tiny boxes", test_filter_huge_tiny},
        {"filter against GMP, random", test_filter_random},
    };

    return test_run_suite("poly_q", tests, sizeof tests / sizeof *tests);
}
