/* test_poly.c -- the floating-point double-description kernel (src/poly.h).
 *
 * Known answers derived by hand for boxes cut by hyperplanes and for the
 * plane R^2 cut by lines (lineality), and properties of random cuts of the
 * cube: the pieces tile it (volumes add up, every sampled point lies in
 * exactly one piece) and every piece is a consistent double description
 * (generators satisfy the rows, incidence bits say exactly which rows are
 * tight, lines are parallel to every row). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "geom/dd.h"
#include "geom/poly.h"
#include "testutil.h"

#define EPS 1e-9    /* the engine's default sign tolerance */
#define TOL 1e-9    /* tolerance of the checks below */

static const rc_owner test_owner = {.kind = RC_OWNER_NEURON};

/* ---- helpers ------------------------------------------------------------ */

static double
hdot(const double *a, const double *b, size_t d)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < d; i++)
        s += a[i] * b[i];
    return s;
}

static int
inc_bit(const rc_poly *p, size_t g, size_t row)
{
    return (int)((p->inc[g * p->words + row / 64] >> (row % 64)) & 1u);
}

static size_t
num_vertices(const rc_poly *p)
{
    size_t g, c = 0;

    for (g = 0; g < p->k; g++)
        c += p->gens[g * (p->n + 1)] > 0.0;
    return c;
}

static size_t
num_rays(const rc_poly *p)
{
    return p->k - num_vertices(p);
}

/* Facets other than the face at infinity t >= 0. */
static size_t
num_facets(const rc_poly *p)
{
    size_t i, c = 0;

    for (i = 0; i < p->m; i++)
        c += p->owners[i].kind != (rc_owner_kind)RC_OWNER_INFINITY;
    return c;
}

/* The double description of p is consistent: every generator satisfies
 * every row, its incidence bit is set exactly when it is tight, vertices
 * have t = 1, rays have unit length, lines are parallel to every row. */
static void
check_consistent(const rc_poly *p)
{
    size_t d = p->n + 1, g, i;

    CU_ASSERT_FATAL(p->m <= p->words * 64);
    for (g = 0; g < p->k; g++) {
        const double *gen = p->gens + g * d;
        if (gen[0] > 0.0) {
            CU_ASSERT_DOUBLE_EQUAL(gen[0], 1.0, 0.0);
        } else {
            CU_ASSERT_DOUBLE_EQUAL(hdot(gen + 1, gen + 1, p->n), 1.0, TOL);
        }
        for (i = 0; i < p->m; i++) {
            double v = hdot(p->rows + i * d, gen, d);
            CU_ASSERT(v >= -TOL);
            CU_ASSERT_EQUAL(inc_bit(p, g, i), fabs(v) <= TOL);
        }
    }
    for (g = 0; g < p->s; g++) {
        CU_ASSERT_DOUBLE_EQUAL(p->lin[g * d], 0.0, 0.0);
        for (i = 0; i < p->m; i++)
            CU_ASSERT_DOUBLE_EQUAL(hdot(p->rows + i * d, p->lin + g * d, d),
                                   0.0, TOL);
    }
}

/* Does p contain vertex v (u coordinates)? */
static int
has_vertex(const rc_poly *p, const double *v)
{
    size_t g, j, d = p->n + 1;

    for (g = 0; g < p->k; g++) {
        const double *gen = p->gens + g * d;
        int same = gen[0] > 0.0;
        for (j = 0; j < p->n && same; j++)
            same = fabs(gen[1 + j] - v[j]) <= TOL;
        if (same)
            return 1;
    }
    return 0;
}

/* Is u in p (all rows >= -tol)?  Only for polyhedra with t >= 0 implicit. */
static double
min_slack(const rc_poly *p, const double *u)
{
    size_t i, d = p->n + 1;
    double lo = INFINITY;

    for (i = 0; i < p->m; i++) {
        const double *r = p->rows + i * d;
        double v;
        if (p->owners[i].kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        v = r[0] + hdot(r + 1, u, p->n);
        if (v < lo)
            lo = v;
    }
    return lo;
}

static void
unit_row(double *row, size_t n, double c, const double *a)
{
    double s = sqrt(hdot(a, a, n));
    size_t j;

    row[0] = c / s;
    for (j = 0; j < n; j++)
        row[1 + j] = a[j] / s;
}

/* Classify p against row; if it is cut, split it into *neg and *pos. */
static rc_side
classify_split(rc_poly **neg, rc_poly **pos, const rc_poly *p,
               const double *row)
{
    double *vals = malloc((p->k + 1) * sizeof(double)), margin;
    rc_side side = rc_poly_classify(p, row, EPS, vals, &margin);

    *neg = *pos = NULL;
    if (side == RC_SIDE_BOTH)
        CU_ASSERT_EQUAL(rc_poly_split(neg, pos, p, row, test_owner, vals, EPS),
                        RC_OK);
    free(vals);
    return side;
}

static double
volume_of(const rc_poly *p)
{
    double v = -1.0;

    CU_ASSERT_EQUAL(rc_poly_volume(&v, p), RC_OK);
    return v;
}

/* ---- boxes -------------------------------------------------------------- */

static void
test_boxes(void)
{
    rc_poly *p = NULL;

    /* [-1,1]^2: 4 vertices, 4 edges, area 2*2 = 4; [-1,1]^3: 8, 6, 2^3 = 8. */
    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&p, 2), RC_OK);
    CU_ASSERT_EQUAL(p->n, 2);
    CU_ASSERT_EQUAL(num_vertices(p), 4);
    CU_ASSERT_EQUAL(num_rays(p), 0);
    CU_ASSERT_EQUAL(num_facets(p), 4);
    CU_ASSERT_EQUAL(p->s, 0);
    CU_ASSERT_DOUBLE_EQUAL(volume_of(p), 4.0, 1e-12);
    check_consistent(p);
    rc_poly_free(p);

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&p, 3), RC_OK);
    CU_ASSERT_EQUAL(num_vertices(p), 8);
    CU_ASSERT_EQUAL(num_facets(p), 6);
    CU_ASSERT_DOUBLE_EQUAL(volume_of(p), 8.0, 1e-12);
    check_consistent(p);
    rc_poly_free(p);

    /* [-1,1]^1 has length 2. */
    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&p, 1), RC_OK);
    CU_ASSERT_EQUAL(num_vertices(p), 2);
    CU_ASSERT_DOUBLE_EQUAL(volume_of(p), 2.0, 1e-12);
    rc_poly_free(p);

    CU_ASSERT_EQUAL(rc_poly_new_box(&p, 0), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(p);
    rc_poly_free(NULL);
}

/* The square cut by its diagonal u1 = u2: h = (u1 - u2)/sqrt2 takes +-sqrt2
 * at (1,-1) and (-1,1) and 0 at the other two corners, so the cut depth is
 * sqrt2; each side is a right triangle with legs 2: 3 vertices, 3 edges,
 * area 2. */
static void
test_square_diagonal(void)
{
    rc_poly *p = NULL, *neg, *pos;
    double row[3], a[2] = {1, -1}, vals[4], margin;
    static const double c00[2] = {-1, -1}, c11[2] = {1, 1}, c01[2] = {-1, 1},
                        c10[2] = {1, -1};

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&p, 2), RC_OK);
    unit_row(row, 2, 0.0, a);
    CU_ASSERT_EQUAL(rc_poly_classify(p, row, EPS, vals, &margin), RC_SIDE_BOTH);
    CU_ASSERT_DOUBLE_EQUAL(margin, sqrt(2.0), 1e-12);
    CU_ASSERT_EQUAL_FATAL(classify_split(&neg, &pos, p, row), RC_SIDE_BOTH);
    CU_ASSERT_PTR_NOT_NULL_FATAL(neg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pos);
    CU_ASSERT_EQUAL(num_vertices(neg), 3);
    CU_ASSERT_EQUAL(num_vertices(pos), 3);
    CU_ASSERT_EQUAL(num_facets(neg), 3);
    CU_ASSERT_EQUAL(num_facets(pos), 3);
    /* u1 <= u2 holds the corner (-1,1), u1 >= u2 the corner (1,-1). */
    CU_ASSERT(has_vertex(neg, c00) && has_vertex(neg, c11) && has_vertex(neg, c01));
    CU_ASSERT(has_vertex(pos, c00) && has_vertex(pos, c11) && has_vertex(pos, c10));
    CU_ASSERT(!has_vertex(neg, c10) && !has_vertex(pos, c01));
    CU_ASSERT_DOUBLE_EQUAL(volume_of(neg), 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(volume_of(pos), 2.0, 1e-12);
    /* The new facet is owned by the cutting neuron. */
    CU_ASSERT_EQUAL(neg->owners[neg->m - 1].kind, RC_OWNER_NEURON);
    check_consistent(neg);
    check_consistent(pos);
    rc_poly_free(neg);
    rc_poly_free(pos);
    rc_poly_free(p);
}

/* The square cut by u1 = 0.5: rectangles [-1,0.5]x[-1,1] (area 3) and
 * [0.5,1]x[-1,1] (area 1), each with 4 vertices, two of them new
 * ((0.5,-1) and (0.5,1)); h = u1 - 0.5 ranges over [-1.5, 0.5], depth 0.5. */
static void
test_square_offset(void)
{
    rc_poly *p = NULL, *neg, *pos, *only = NULL;
    double row[3] = {-0.5, 1, 0}, vals[4], margin;
    static const double m1[2] = {0.5, -1}, m2[2] = {0.5, 1};

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&p, 2), RC_OK);
    CU_ASSERT_EQUAL(rc_poly_classify(p, row, EPS, vals, &margin), RC_SIDE_BOTH);
    CU_ASSERT_DOUBLE_EQUAL(margin, 0.5, 1e-12);
    CU_ASSERT_EQUAL_FATAL(classify_split(&neg, &pos, p, row), RC_SIDE_BOTH);
    CU_ASSERT_PTR_NOT_NULL_FATAL(neg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pos);
    CU_ASSERT_EQUAL(num_vertices(neg), 4);
    CU_ASSERT_EQUAL(num_vertices(pos), 4);
    CU_ASSERT_EQUAL(num_facets(neg), 4);
    CU_ASSERT_EQUAL(num_facets(pos), 4);
    CU_ASSERT(has_vertex(neg, m1) && has_vertex(neg, m2));
    CU_ASSERT(has_vertex(pos, m1) && has_vertex(pos, m2));
    CU_ASSERT_DOUBLE_EQUAL(volume_of(neg), 3.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(volume_of(pos), 1.0, 1e-12);
    check_consistent(neg);
    check_consistent(pos);

    /* Asking for one side only gives the same polyhedron. */
    CU_ASSERT_EQUAL(rc_poly_split(NULL, &only, p, row, test_owner, vals, EPS),
                    RC_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(only);
    CU_ASSERT_EQUAL(num_vertices(only), 4);
    CU_ASSERT_DOUBLE_EQUAL(volume_of(only), 1.0, 1e-12);
    rc_poly_free(only);
    rc_poly_free(neg);
    rc_poly_free(pos);
    rc_poly_free(p);
}

/* Hyperplanes that touch the box without entering it are not cuts.
 * Square: u1 + u2 = 2 meets only the corner (1,1) (h <= 0, NEG); u1 = 1 is
 * the right edge, a facet (NEG); u1 = -1 the left edge (POS); u1 = 3 misses
 * it.  Cube: u1 + u2 = 2 meets only the edge u1 = u2 = 1; u1 + u2 + u3 = 3
 * only the corner (1,1,1); u3 = -1 is a facet. */
static void
test_touching(void)
{
    rc_poly *sq = NULL, *cube = NULL;
    double row[4], vals[8], margin;
    static const double a11[2] = {1, 1}, e1[2] = {1, 0};
    static const double b110[3] = {1, 1, 0}, b111[3] = {1, 1, 1},
                        e3[3] = {0, 0, 1};

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&sq, 2), RC_OK);
    unit_row(row, 2, -2.0, a11);
    CU_ASSERT_EQUAL(rc_poly_classify(sq, row, EPS, vals, &margin), RC_SIDE_NEG);
    CU_ASSERT_DOUBLE_EQUAL(margin, 0.0, 1e-12);
    unit_row(row, 2, -1.0, e1);
    CU_ASSERT_EQUAL(rc_poly_classify(sq, row, EPS, vals, &margin), RC_SIDE_NEG);
    unit_row(row, 2, 1.0, e1);
    CU_ASSERT_EQUAL(rc_poly_classify(sq, row, EPS, vals, &margin), RC_SIDE_POS);
    unit_row(row, 2, -3.0, e1);
    CU_ASSERT_EQUAL(rc_poly_classify(sq, row, EPS, vals, &margin), RC_SIDE_NEG);
    /* A shift by 10 eps inside the square is a cut. */
    unit_row(row, 2, -2.0 + 1e-8, a11);
    CU_ASSERT_EQUAL(rc_poly_classify(sq, row, EPS, vals, &margin), RC_SIDE_BOTH);

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&cube, 3), RC_OK);
    unit_row(row, 3, -2.0, b110);
    CU_ASSERT_EQUAL(rc_poly_classify(cube, row, EPS, vals, &margin), RC_SIDE_NEG);
    unit_row(row, 3, -3.0, b111);
    CU_ASSERT_EQUAL(rc_poly_classify(cube, row, EPS, vals, &margin), RC_SIDE_NEG);
    unit_row(row, 3, 1.0, e3);
    CU_ASSERT_EQUAL(rc_poly_classify(cube, row, EPS, vals, &margin), RC_SIDE_POS);
    /* ... and u1 + u2 = 0 cuts the cube into two triangular prisms with
     * 6 vertices, 5 facets and volume 4 each. */
    {
        rc_poly *neg, *pos;
        static const double b1m1[3] = {1, 1, 0};
        unit_row(row, 3, 0.0, b1m1);
        CU_ASSERT_EQUAL_FATAL(classify_split(&neg, &pos, cube, row), RC_SIDE_BOTH);
        CU_ASSERT_EQUAL(num_vertices(neg), 6);
        CU_ASSERT_EQUAL(num_vertices(pos), 6);
        CU_ASSERT_EQUAL(num_facets(neg), 5);
        CU_ASSERT_EQUAL(num_facets(pos), 5);
        CU_ASSERT_DOUBLE_EQUAL(volume_of(neg), 4.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(volume_of(pos), 4.0, 1e-12);
        check_consistent(neg);
        check_consistent(pos);
        rc_poly_free(neg);
        rc_poly_free(pos);
    }
    /* The corner cut u1 + u2 + u3 = 2 takes off the tetrahedron with legs 1
     * at (1,1,1): 4 vertices, 4 facets, volume 1/6; the rest has the 7
     * other corners and 3 new vertices (10), 7 facets, volume 8 - 1/6. */
    {
        rc_poly *neg, *pos;
        unit_row(row, 3, -2.0, b111);
        CU_ASSERT_EQUAL_FATAL(classify_split(&neg, &pos, cube, row), RC_SIDE_BOTH);
        CU_ASSERT_EQUAL(num_vertices(pos), 4);
        CU_ASSERT_EQUAL(num_facets(pos), 4);
        CU_ASSERT_DOUBLE_EQUAL(volume_of(pos), 1.0 / 6, 1e-12);
        CU_ASSERT_EQUAL(num_vertices(neg), 10);
        CU_ASSERT_EQUAL(num_facets(neg), 7);
        CU_ASSERT_DOUBLE_EQUAL(volume_of(neg), 8.0 - 1.0 / 6, 1e-12);
        check_consistent(neg);
        check_consistent(pos);
        rc_poly_free(neg);
        rc_poly_free(pos);
    }
    rc_poly_free(sq);
    rc_poly_free(cube);
}

/* A facet that is cut a second time by the same hyperplane: after the
 * diagonal cut, the diagonal is a facet of both triangles, so classifying
 * them against it again gives NEG and POS, never BOTH. */
static void
test_recut_same(void)
{
    rc_poly *p = NULL, *neg, *pos;
    double row[3], a[2] = {1, -1}, vals[4], margin;

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&p, 2), RC_OK);
    unit_row(row, 2, 0.0, a);
    CU_ASSERT_EQUAL_FATAL(classify_split(&neg, &pos, p, row), RC_SIDE_BOTH);
    CU_ASSERT_EQUAL(rc_poly_classify(neg, row, EPS, vals, &margin), RC_SIDE_NEG);
    CU_ASSERT_EQUAL(rc_poly_classify(pos, row, EPS, vals, &margin), RC_SIDE_POS);
    rc_poly_free(neg);
    rc_poly_free(pos);
    rc_poly_free(p);
}

/* ---- all of R^2: lineality --------------------------------------------- */

/* Lines through the space: u1 = 0, u2 = 0, and u1 = -1, u1 = 1. */
static void
test_space_one_line(void)
{
    rc_poly *p = NULL, *neg, *pos;
    double row[3] = {0, 1, 0};
    size_t i;

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_space(&p, 2), RC_OK);
    CU_ASSERT_EQUAL(p->s, 2);
    CU_ASSERT_EQUAL(num_facets(p), 0);
    CU_ASSERT(isinf(volume_of(p)));
    /* One line: two half-planes, each a point of the line, the ray that
     * leaves it, and the line itself as lineality (dimension 1). */
    CU_ASSERT_EQUAL_FATAL(classify_split(&neg, &pos, p, row), RC_SIDE_BOTH);
    CU_ASSERT_PTR_NOT_NULL_FATAL(neg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pos);
    for (i = 0; i < 2; i++) {
        rc_poly *h = i ? pos : neg;
        CU_ASSERT_EQUAL(h->s, 1);
        CU_ASSERT_EQUAL(num_vertices(h), 1);
        CU_ASSERT_EQUAL(num_rays(h), 1);
        CU_ASSERT_EQUAL(num_facets(h), 1);
        /* the line is u2's direction */
        CU_ASSERT_DOUBLE_EQUAL(fabs(h->lin[2]), 1.0, TOL);
        CU_ASSERT(isinf(volume_of(h)));
        check_consistent(h);
    }
    rc_poly_free(neg);
    rc_poly_free(pos);
    rc_poly_free(p);
}

/* Cut every polyhedron of list[0..*len) by row (classifying first) and
 * append the pieces; return the number of cuts. */
static size_t
cut_all(rc_poly **list, size_t *len, const double *row)
{
    size_t i, n0 = *len, cuts = 0;

    for (i = 0; i < n0; i++) {
        rc_poly *neg, *pos;
        rc_side side = classify_split(&neg, &pos, list[i], row);
        CU_ASSERT(side != RC_SIDE_ZERO);
        if (side != RC_SIDE_BOTH)
            continue;
        CU_ASSERT_PTR_NOT_NULL_FATAL(neg);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pos);
        rc_poly_free(list[i]);
        list[i] = neg;
        list[(*len)++] = pos;
        cuts++;
    }
    return cuts;
}

static void
free_all(rc_poly **list, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        rc_poly_free(list[i]);
}

/* Two crossing lines u1 = 0, u2 = 0: four quadrants, each with the origin
 * as its only vertex, two rays, no lineality and two facets. */
static void
test_space_two_crossing(void)
{
    rc_poly *list[8];
    size_t len = 1, i;
    double r1[3] = {0, 1, 0}, r2[3] = {0, 0, 1};
    static const double origin[2] = {0, 0};

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_space(&list[0], 2), RC_OK);
    CU_ASSERT_EQUAL(cut_all(list, &len, r1), 1);
    CU_ASSERT_EQUAL(cut_all(list, &len, r2), 2);
    CU_ASSERT_EQUAL_FATAL(len, 4);
    for (i = 0; i < len; i++) {
        CU_ASSERT_EQUAL(list[i]->s, 0);
        CU_ASSERT_EQUAL(num_vertices(list[i]), 1);
        CU_ASSERT_EQUAL(num_rays(list[i]), 2);
        CU_ASSERT_EQUAL(num_facets(list[i]), 2);
        CU_ASSERT(has_vertex(list[i], origin));
        check_consistent(list[i]);
    }
    free_all(list, len);
}

/* Two parallel lines u1 = -1, u1 = 1: the second misses the half-plane
 * u1 <= -1 and cuts u1 >= -1 into the strip -1 <= u1 <= 1 (vertices
 * (-1,0) and (1,0), no ray, the u2 direction as lineality) and the
 * half-plane u1 >= 1 (1 vertex, 1 ray, 1 line). */
static void
test_space_parallel(void)
{
    rc_poly *list[8];
    size_t len = 1, i, strips = 0;
    double r1[3] = {1, 1, 0}, r2[3] = {-1, 1, 0};
    static const double left[2] = {-1, 0}, right[2] = {1, 0};

    CU_ASSERT_EQUAL_FATAL(rc_poly_new_space(&list[0], 2), RC_OK);
    CU_ASSERT_EQUAL(cut_all(list, &len, r1), 1);
    CU_ASSERT_EQUAL(cut_all(list, &len, r2), 1);
    CU_ASSERT_EQUAL_FATAL(len, 3);
    for (i = 0; i < len; i++) {
        rc_poly *p = list[i];
        CU_ASSERT_EQUAL(p->s, 1);
        check_consistent(p);
        if (num_rays(p) == 0) {
            strips++;
            CU_ASSERT_EQUAL(num_vertices(p), 2);
            CU_ASSERT_EQUAL(num_facets(p), 2);
            CU_ASSERT(has_vertex(p, left) && has_vertex(p, right));
        } else {
            CU_ASSERT_EQUAL(num_rays(p), 1);
            CU_ASSERT_EQUAL(num_vertices(p), 1);
            CU_ASSERT_EQUAL(num_facets(p), 1);
        }
    }
    CU_ASSERT_EQUAL(strips, 1);
    free_all(list, len);
}

/* Three lines in general position, u1 = 0, u2 = 0, u1 + u2 = 1: 1 + 3 + 3
 * = 7 regions (Zaslavsky), of which C(2,2) = 1 is bounded: the triangle
 * (0,0), (1,0), (0,1) of area 1/2.  Step by step: the first line cuts the
 * plane (1 cut), the second cuts both half-planes (2 cuts), the third
 * misses only the quadrant u1 <= 0, u2 <= 0 (3 cuts). */
static void
test_space_three_lines(void)
{
    rc_poly *list[16];
    size_t len = 1, i, bounded = 0;
    double r1[3] = {0, 1, 0}, r2[3] = {0, 0, 1}, r3[3];
    static const double a3[2] = {1, 1};
    static const double v0[2] = {0, 0}, v1[2] = {1, 0}, v2[2] = {0, 1};

    unit_row(r3, 2, -1.0, a3);
    CU_ASSERT_EQUAL_FATAL(rc_poly_new_space(&list[0], 2), RC_OK);
    CU_ASSERT_EQUAL(cut_all(list, &len, r1), 1);
    CU_ASSERT_EQUAL(cut_all(list, &len, r2), 2);
    CU_ASSERT_EQUAL(cut_all(list, &len, r3), 3);
    CU_ASSERT_EQUAL_FATAL(len, 7);
    for (i = 0; i < len; i++) {
        rc_poly *p = list[i];
        check_consistent(p);
        CU_ASSERT_EQUAL(p->s, 0);
        if (num_rays(p) == 0) {
            bounded++;
            CU_ASSERT_EQUAL(num_vertices(p), 3);
            CU_ASSERT_EQUAL(num_facets(p), 3);
            CU_ASSERT(has_vertex(p, v0) && has_vertex(p, v1) && has_vertex(p, v2));
            CU_ASSERT_DOUBLE_EQUAL(volume_of(p), 0.5, 1e-12);
        } else {
            CU_ASSERT(isinf(volume_of(p)));
        }
    }
    CU_ASSERT_EQUAL(bounded, 1);
    free_all(list, len);
}

/* ---- random cuts of the cube and the square ----------------------------- */

/* Cut the box [-1,1]^n by `planes` random hyperplanes through random
 * points of the box (central: all through the origin, a degenerate
 * arrangement); the pieces must tile the box. */
static size_t
random_tiling(size_t n, size_t planes, int central, size_t samples,
              unsigned long seed)
{
    size_t cap = 1024, len = 1, i, j, s, d = n + 1;
    rc_poly **list = calloc(cap, sizeof *list);
    double *rows = malloc(planes * d * sizeof(double));
    double total = 0.0, box = (double)(1u << n);
    unsigned long st = seed;

    CU_ASSERT_FATAL(list != NULL && rows != NULL);
    CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&list[0], n), RC_OK);
    for (i = 0; i < planes; i++) {
        double a[3], pt[3], *row = rows + i * d;
        for (j = 0; j < n; j++) {
            a[j] = 2 * test_urand(&st) - 1;
            pt[j] = central ? 0.0 : 1.6 * test_urand(&st) - 0.8;
        }
        unit_row(row, n, -hdot(a, pt, n), a);
        CU_ASSERT_FATAL(len <= cap / 2);
        cut_all(list, &len, row);
    }
    /* Volumes add up to the box's. */
    for (i = 0; i < len; i++) {
        double v = volume_of(list[i]);
        CU_ASSERT(v > 0.0);
        total += v;
        check_consistent(list[i]);
        CU_ASSERT_EQUAL(list[i]->s, 0);
        CU_ASSERT_EQUAL(num_rays(list[i]), 0);
        CU_ASSERT(num_facets(list[i]) >= n + 1);
        CU_ASSERT(num_vertices(list[i]) >= n + 1);
    }
    CU_ASSERT_DOUBLE_EQUAL(total, box, 1e-9 * box);
    /* The vertex centroid of each piece is strictly on one side of every
     * plane, and no two pieces have the same sign vector. */
    {
        unsigned char *signs = calloc(len * planes, 1);
        for (i = 0; i < len; i++) {
            double c[3] = {0, 0, 0};
            size_t g, nv = 0;
            for (g = 0; g < list[i]->k; g++) {
                for (j = 0; j < n; j++)
                    c[j] += list[i]->gens[g * d + 1 + j];
                nv++;
            }
            for (j = 0; j < n; j++)
                c[j] /= (double)nv;
            CU_ASSERT(min_slack(list[i], c) > 0.0);
            for (s = 0; s < planes; s++) {
                double h = rows[s * d] + hdot(rows + s * d + 1, c, n);
                CU_ASSERT(h != 0.0);
                signs[i * planes + s] = h > 0.0;
            }
        }
        for (i = 0; i < len; i++)
            for (j = i + 1; j < len; j++)
                CU_ASSERT(memcmp(signs + i * planes, signs + j * planes, planes) != 0);
        free(signs);
    }
    /* Every random point lies in exactly one piece (points within 1e-7 of
     * a plane are skipped: there two pieces meet). */
    for (s = 0; s < samples; s++) {
        double u[3];
        size_t inside = 0, q;
        int near = 0;
        for (j = 0; j < n; j++)
            u[j] = 2 * test_urand(&st) - 1;
        for (q = 0; q < planes; q++)
            near |= fabs(rows[q * d] + hdot(rows + q * d + 1, u, n)) < 1e-7;
        if (near)
            continue;
        for (i = 0; i < len; i++)
            inside += min_slack(list[i], u) > 0.0;
        CU_ASSERT_EQUAL(inside, 1);
    }
    free_all(list, len);
    free(list);
    free(rows);
    return len;
}

static void
test_random_square(void)
{
    unsigned long seed = test_seed();
    size_t t;

    for (t = 0; t < 10; t++)
        random_tiling(2, 8, 0, 200, seed + 1000 * t + 1);
}

static void
test_random_cube(void)
{
    unsigned long seed = test_seed();
    size_t t;

    for (t = 0; t < 6; t++)
        random_tiling(3, 7, 0, 200, seed + 1000 * t + 2);
}

/* N generic hyperplanes through the centre: N lines cut the square into
 * 2N sectors; N planes through one point cut R^3, and so the cube, into
 * 2 (C(N-1,0) + C(N-1,1) + C(N-1,2)) = N^2 - N + 2 cones (Zaslavsky for a
 * central arrangement: twice the regions of a generic arrangement of N-1
 * lines in the plane). */
static void
test_central(void)
{
    unsigned long seed = test_seed();
    size_t N;

    for (N = 1; N <= 7; N++) {
        CU_ASSERT_EQUAL(random_tiling(2, N, 1, 100, seed + 10 * N + 3), 2 * N);
        CU_ASSERT_EQUAL(random_tiling(3, N, 1, 100, seed + 10 * N + 4),
                        N * N - N + 2);
    }
}

/* Every side of every cut keeps exactly its facets.  The splits find the
 * facets of a side from the cut's signs (a facet stays one iff a
 * generator strictly on that side is tight on it); the general test by
 * incidence (rc_dd_facets: no row's tight set inside another's) must
 * then drop nothing, and every row must hold n generators.  Boxes in 2 to
 * 5 dimensions cut again and again through their centre by random
 * hyperplanes, in floating point and certified. */
static void
test_cut_keeps_facets(void)
{
    uint64_t x = 2463534242u;
    size_t n, round, cuts = 0, bad = 0, thin = 0;

    for (n = 2; n <= 5; n++)
        for (round = 0; round < 8; round++) {
            rc_poly *p = NULL;
            size_t c, d = n + 1, cut;
            int cert = round % 2;

            CU_ASSERT_FATAL(rc_poly_new_box(&p, n) == RC_OK);
            if (cert)
                CU_ASSERT_FATAL(rc_poly_certify(p, 0.0) == RC_OK);
            for (cut = 0; cut < 12; cut++) {
                double row[8], centre[8], radius, vals[4096], bounds[4096];
                double margin;
                signed char sign[4096];
                rc_poly *neg = NULL, *pos = NULL, *keep;
                rc_side side;
                unsigned char flags[512];
                size_t kept, i, g;

                if (p->k > 4096 || !rc_poly_ball(centre, &radius, p))
                    break;
                row[0] = 0.0;
                for (c = 1; c < d; c++) {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    row[c] = (double)(x % 2001) / 1000.0 - 1.0;
                    row[0] -= row[c] * centre[c];
                }
                if (cert) {
                    double l1 = 0.0;
                    for (c = 0; c < d; c++)
                        l1 += fabs(row[c]);
                    if (!rc_poly_classify_cert(p, row, 0.0, l1, 0.0, &side,
                                               sign, vals, bounds)
                        || side != RC_SIDE_BOTH
                        || rc_poly_split_cert(&neg, &pos, p, row, 0.0, l1,
                                              test_owner, sign, vals, bounds,
                                              NULL) != RC_OK)
                        break;
                    /* The light split: the same generators, in the same
                     * order, with the same bounds; every facet of p and
                     * the cut, no incidences. */
                    {
                        rc_poly *gn = NULL, *gp = NULL;
                        CU_ASSERT_FATAL(rc_poly_split_cert_gens(&gn, &gp, p, row,
                                        0.0, l1, test_owner, sign, vals, bounds,
                                        NULL) == RC_OK);
                        for (i = 0; i < 2; i++) {
                            const rc_poly *a = i ? gp : gn, *b = i ? pos : neg;
                            CU_ASSERT_EQUAL_FATAL(a->k, b->k);
                            CU_ASSERT(memcmp(a->gens, b->gens, a->k * d * sizeof(double)) == 0);
                            CU_ASSERT(memcmp(a->err, b->err, a->k * sizeof(double)) == 0);
                            CU_ASSERT_EQUAL(a->m, p->m + 1);
                            CU_ASSERT_EQUAL(a->words, 0);
                            CU_ASSERT(memcmp(a->rows, p->rows, p->m * d * sizeof(double)) == 0);
                            CU_ASSERT(b->m <= a->m);
                        }
                        rc_poly_free(gn);
                        rc_poly_free(gp);
                    }
                } else {
                    side = rc_poly_classify(p, row, 1e-12, vals, &margin);
                    if (side != RC_SIDE_BOTH
                        || rc_poly_split(&neg, &pos, p, row, test_owner, vals,
                                         1e-12) != RC_OK)
                        break;
                }
                cuts++;
                for (i = 0; i < 2; i++) {
                    rc_poly *q = i ? pos : neg;
                    CU_ASSERT_FATAL(q->m < 512);
                    CU_ASSERT(rc_dd_facets(&kept, flags, q->inc, q->words, q->k,
                                           q->m, 0) == RC_OK);
                    bad += kept != q->m;
                    for (g = 0; g < q->m; g++) {
                        size_t on = 0, h;
                        for (h = 0; h < q->k; h++)
                            on += (size_t)rc_dd_bit(q->inc + h * q->words, g);
                        thin += on < n;
                    }
                }
                /* go on with the bigger side */
                keep = pos->k >= neg->k ? pos : neg;
                rc_poly_free(keep == pos ? neg : pos);
                rc_poly_free(p);
                p = keep;
            }
            rc_poly_free(p);
        }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(thin, 0);
    CU_ASSERT(cuts > 200);
}

/* The certified tests and the ball on the box [-1,1]^n for n = 1 to 8:
 * their loops are instantiated for n = 2 to 5 (base/by_dimension.h) and
 * generic elsewhere, and every instance must give the known answers.
 * The row t + u_1 + ... + u_n takes t + (number of +1s) - (number of
 * -1s) at a vertex, exactly: t = n + 1/2 is positive on the box,
 * -(n + 1/2) negative, n - 1/2 cuts off the corner (1, ..., 1). */
static void
test_every_dimension(void)
{
    size_t n, i, g;

    for (n = 1; n <= 8; n++) {
        rc_poly *p = NULL;
        size_t d = n + 1;
        double row[9], centre[9], radius, vals[256], bounds[256];
        double ts[3] = {(double)n + 0.5, -((double)n + 0.5), (double)n - 0.5};
        rc_side want[3] = {RC_SIDE_POS, RC_SIDE_NEG, RC_SIDE_BOTH};
        signed char sign[256];
        rc_poly_extent x;
        int t;

        CU_ASSERT_EQUAL_FATAL(rc_poly_new_box(&p, n), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_poly_certify(p, 0.0), RC_OK);
        CU_ASSERT_FATAL(rc_poly_ball(centre, &radius, p));
        CU_ASSERT_EQUAL(centre[0], 1.0);
        for (i = 1; i < d; i++)
            CU_ASSERT_EQUAL(centre[i], 0.0);
        CU_ASSERT_DOUBLE_EQUAL(radius, sqrt((double)n), 1e-9);
        CU_ASSERT(radius >= sqrt((double)n));
        rc_poly_cert_extent(&x, p);
        CU_ASSERT_EQUAL(x.g1_max, (double)(n + 1));
        CU_ASSERT_EQUAL(x.e_max, 0.0);
        CU_ASSERT_EQUAL(x.a_max, (double)(n + 1));
        for (t = 0; t < 3; t++) {
            rc_side side = RC_SIDE_ZERO;
            row[0] = ts[t];
            for (i = 1; i < d; i++)
                row[i] = 1.0;
            CU_ASSERT_EQUAL(rc_poly_side_quick(p, &x, row, 0.0, (double)n
                                               + fabs(ts[t]), 0.0), want[t]);
            CU_ASSERT_FATAL(rc_poly_classify_cert(p, row, 0.0, (double)n + fabs(ts[t]),
                                                  0.0, &side, sign, vals, bounds));
            CU_ASSERT_EQUAL(side, want[t]);
            for (g = 0; g < p->k; g++) {
                double v = ts[t];
                for (i = 1; i < d; i++)
                    v += p->gens[g * d + i];
                CU_ASSERT_EQUAL(vals[g], v);
                CU_ASSERT_EQUAL(sign[g], v > 0 ? 1 : -1);
                CU_ASSERT(bounds[g] >= 0.0 && bounds[g] < 1e-12);
            }
            CU_ASSERT_EQUAL(rc_poly_cuts_cert(p, row, 0.0, (double)n + fabs(ts[t]),
                                              0.0), want[t] == RC_SIDE_BOTH);
        }
        /* t = n touches the corner (-1, ..., -1) (an exact zero) and is
         * positive elsewhere: no cut. */
        row[0] = (double)n;
        CU_ASSERT_EQUAL(rc_poly_cuts_cert(p, row, 0.0, 2.0 * (double)n, 0.0), 0);
        /* With a row bound of 1/2 (n + 1), every value's bound is 1/2:
         * +-1/2 are uncertain, +-3/2 and beyond certain.  t = 1/2 takes
         * -1/2 and 3/2 for n = 1 (no cut certain), and -3/2 and 3/2 beside
         * the uncertain ones for n >= 2 (a cut, which classify_cert,
         * asked for every sign, cannot give). */
        row[0] = 0.5;
        CU_ASSERT_EQUAL(rc_poly_cuts_cert(p, row, 0.5 / (double)(n + 1),
                                          (double)n + 0.5, 0.0), n >= 2);
        {
            rc_side side;
            CU_ASSERT_EQUAL(rc_poly_classify_cert(p, row, 0.5 / (double)(n + 1),
                                                  (double)n + 0.5, 0.0, &side,
                                                  sign, vals, bounds), 0);
        }
        rc_poly_free(p);
    }
}

int
main(void)
{
    static const test_case tests[] = {
        { "boxes", test_boxes },
        { "every dimension from 1 to 8: ball, extent, signs, cuts", test_every_dimension },
        { "every side keeps exactly its facets", test_cut_keeps_facets },
        { "square cut by its diagonal", test_square_diagonal },
        { "square cut by u1 = 0.5", test_square_offset },
        { "planes through a vertex, edge or facet", test_touching },
        { "a facet is never cut again", test_recut_same },
        { "R^2 cut by one line", test_space_one_line },
        { "R^2 cut by two crossing lines", test_space_two_crossing },
        { "R^2 cut by two parallel lines", test_space_parallel },
        { "R^2 cut by three lines", test_space_three_lines },
        { "random cuts tile the square", test_random_square },
        { "random cuts tile the cube", test_random_cube },
        { "hyperplanes through the centre", test_central },
    };

    return test_run_suite("poly", tests, sizeof tests / sizeof tests[0]);
}
