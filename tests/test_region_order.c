/* test_region_order.c -- rc_region_polygon and rc_region_facet_polygon.
 *
 * On random generic networks and on degenerate integer ones (parallel,
 * duplicate and concurrent hyperplanes, zero rows), float and exact, on
 * boxes and on all of R^n:
 *   - every generator comes exactly once;
 *   - consecutive generators share a facet (in 3D: a facet other than the
 *     one walked), except the two rays joined through infinity;
 *   - the order is counter-clockwise: the interior point lies strictly to
 *     the left of every edge (rays replaced by far points), and the
 *     shoelace area of a bounded region is its volume;
 *   - 3D: the Newell normal of each facet points along the facet's outward
 *     normal, its length is twice the facet's area as computed
 *     independently here (the facet's vertices sorted by angle about their
 *     centroid), and the facets' areas and normals give the region's
 *     volume by the divergence theorem;
 * and misuse (a region with a line, a region of the wrong dimension, a
 * facet out of range) is refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "picture_helpers.h"
#include "testutil.h"

/* The polygon of order[0..n) as points, rays replaced by far points: the
 * first ray hangs off the next vertex, the last off the previous one (one
 * ray: at both ends).  Returns the number of points. */
static size_t
far_polygon(double *pts, const rc_region *r, const size_t *order, size_t n,
            size_t dim, double far)
{
    size_t nv = rc_region_num_vertices(r), i, k, np = 0;

    for (i = 0; i < n; i++) {
        if (order[i] < nv) {
            memcpy(pts + dim * np++, rc_region_vertex(r, order[i]), dim * sizeof *pts);
            continue;
        }
        /* a ray: far from its vertex neighbour */
        {
            const double *d = rc_region_ray(r, order[i] - nv);
            size_t vi = i == 0 ? 1 : i - 1;
            const double *v = rc_region_vertex(r, order[vi]);
            for (k = 0; k < dim; k++)
                pts[dim * np + k] = v[k] + far * d[k];
            np++;
        }
    }
    if (order[0] >= nv && order[n - 1] < nv) {
        /* One ray: it closes the cycle too, off the last vertex. */
        const double *d = rc_region_ray(r, order[0] - nv);
        const double *v = rc_region_vertex(r, order[n - 1]);
        for (k = 0; k < dim; k++)
            pts[dim * np + k] = v[k] + far * d[k];
        np++;
    }
    return np;
}

/* Check rc_region_polygon on every region of a 2D partition; returns the
 * number of regions checked. */
static size_t
check_polygons(const rc_partition *part)
{
    size_t i, j, checked = 0;
    double pts[2 * 200];
    size_t order[200];

    for (i = 0; i < rc_partition_num_regions(part); i++) {
        const rc_region *r = rc_partition_region(part, i);
        size_t nv = rc_region_num_vertices(r), nr = rc_region_num_rays(r), n = 0, np;
        const double *x = rc_region_interior_point(r);
        unsigned char seen[200];
        double area = 0.0, scale = 0.0;
        int ok = 1;

        if (rc_region_num_lines(r) > 0) {
            CU_ASSERT_EQUAL(rc_region_polygon(order, &n, r), RC_ERR_ARG);
            continue;
        }
        CU_ASSERT_FATAL(nv + nr < 200);
        CU_ASSERT_EQUAL_FATAL(rc_region_polygon(order, &n, r), RC_OK);
        CU_ASSERT_EQUAL(n, nv + nr);
        memset(seen, 0, sizeof seen);
        for (j = 0; j < n; j++) {
            ok &= order[j] < nv + nr && !seen[order[j]];
            seen[order[j]] = 1;
        }
        CU_ASSERT(ok);
        /* consecutive generators share a facet, but for ray -> ray */
        for (j = 0; j < n; j++) {
            size_t g = order[j], h = order[(j + 1) % n];
            if (g >= nv && h >= nv && n > 1 && g != h)
                continue;
            CU_ASSERT(ph_share_facet(r, g, h, (size_t)-1));
        }
        if (nr == 1)
            CU_ASSERT(order[0] >= nv);
        if (nr == 2) {
            CU_ASSERT(order[0] >= nv && order[n - 1] >= nv);
        }
        for (j = 0; j < nv; j++)
            scale = fmax(scale, fabs(rc_region_vertex(r, j)[0])
                                + fabs(rc_region_vertex(r, j)[1]));
        scale += fabs(x[0]) + fabs(x[1]);
        np = far_polygon(pts, r, order, n, 2, 1e3 * (1.0 + scale));
        /* the interior point lies left of every edge */
        for (j = 0; j < np; j++) {
            const double *p = pts + 2 * j, *q = pts + 2 * ((j + 1) % np);
            double cr = (q[0] - p[0]) * (x[1] - p[1]) - (q[1] - p[1]) * (x[0] - p[0]);
            if (!(cr > 0)) {
                printf("\n  region %zu: interior point right of edge %zu (%g)\n", i, j, cr);
                CU_FAIL("clockwise or crossing edge");
                break;
            }
            area += p[0] * q[1] - q[0] * p[1];
        }
        if (rc_region_is_bounded(r))
            CU_ASSERT(fabs(0.5 * area - rc_region_volume(r))
                      <= 1e-9 * (1.0 + rc_region_volume(r)));
        checked++;
    }
    return checked;
}

static void
test_2d_random(void)
{
    unsigned long rng = test_seed() + 11;
    size_t trial, checked = 0, trials = ph_quick() ? 3 : 12;

    for (trial = 0; trial < trials; trial++) {
        size_t w[3] = {4 + trial % 5, 5, 3};
        int exact = trial % 2, kind = (trial / 2) % 2, unb = (trial / 4) % 2;
        rc_net *net = ph_random_net(2, 1 + trial % 3, w, 2, kind, &rng);
        rc_domain *dom = test_box(2, unb ? 1.0 : -1.0, 1.0);
        rc_partition *part = ph_enumerate(net, dom, exact);
        checked += check_polygons(part);
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    CU_ASSERT(checked > 8 * trials);
}

static void
test_2d_degenerate_file(void)
{
    rc_net *net;
    rc_domain *dom;
    int exact;

    for (exact = 0; exact < 2; exact++) {
        rc_partition *part = ph_enumerate_file(&net, &dom,
                                               test_data_path("degenerate_lines.nnet"),
                                               NULL, exact);
        /* Concurrent lines x=0, y=0, x+y=0 and x=1 on [-2,2]^2: 9 regions,
         * as the file's comment derives for R^2; all are bounded here. */
        CU_ASSERT_EQUAL(check_polygons(part), rc_partition_num_regions(part));
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

/* Half-planes and strips contain a line: refused.  One hidden neuron x1 = 0
 * over R^2 gives two half-planes. */
static void
test_lines_refused(void)
{
    size_t sizes[3] = {2, 2, 1};
    const double W1[] = {1, 0, 1, 0}, b1[] = {0, -1}, W2[] = {1, 1}, b2[] = {0};
    const double *W[] = {W1, W2}, *b[] = {b1, b2};
    rc_net *net = test_make_net(2, sizes, W, b);
    rc_domain *dom = test_box(2, 1.0, 1.0);
    rc_partition *part = ph_enumerate(net, dom, 0);
    size_t i, order[16], n = 99;

    /* x1 = 0 and x1 = 1: two half-planes and a strip */
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), 3);
    for (i = 0; i < rc_partition_num_regions(part); i++) {
        CU_ASSERT(rc_region_num_lines(rc_partition_region(part, i)) > 0);
        CU_ASSERT_EQUAL(rc_region_polygon(order, &n, rc_partition_region(part, i)),
                        RC_ERR_ARG);
        CU_ASSERT_EQUAL(n, 0);
    }
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Twice the area of the polygon of points v[0..k) (3D) lying in the plane
 * with unit normal a, from their angles about the centroid: an ordering
 * independent of the incidence walk. */
static double
sorted_area(const double *v, size_t k, const double *a)
{
    double c[3] = {0, 0, 0}, u[3], w[3], ang[64], nu = 0, s = 0;
    size_t idx[64], i, j;

    for (i = 0; i < k; i++)
        for (j = 0; j < 3; j++)
            c[j] += v[3 * i + j] / (double)k;
    /* u: the direction to the farthest point, w = a x u */
    for (i = 0, j = 0; i < k; i++) {
        double d = 0;
        size_t q;
        for (q = 0; q < 3; q++)
            d += (v[3 * i + q] - c[q]) * (v[3 * i + q] - c[q]);
        if (d > nu) {
            nu = d;
            j = i;
        }
    }
    for (i = 0; i < 3; i++)
        u[i] = (v[3 * j + i] - c[i]) / sqrt(nu);
    w[0] = a[1] * u[2] - a[2] * u[1];
    w[1] = a[2] * u[0] - a[0] * u[2];
    w[2] = a[0] * u[1] - a[1] * u[0];
    for (i = 0; i < k; i++) {
        double p = 0, q = 0;
        for (j = 0; j < 3; j++) {
            p += (v[3 * i + j] - c[j]) * u[j];
            q += (v[3 * i + j] - c[j]) * w[j];
        }
        ang[i] = atan2(q, p);
        idx[i] = i;
    }
    for (i = 1; i < k; i++)
        for (j = i; j > 0 && ang[idx[j]] < ang[idx[j - 1]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    for (i = 0; i < k; i++) {
        const double *p = v + 3 * idx[i], *q = v + 3 * idx[(i + 1) % k];
        double cr[3];
        cr[0] = (p[1] - c[1]) * (q[2] - c[2]) - (p[2] - c[2]) * (q[1] - c[1]);
        cr[1] = (p[2] - c[2]) * (q[0] - c[0]) - (p[0] - c[0]) * (q[2] - c[2]);
        cr[2] = (p[0] - c[0]) * (q[1] - c[1]) - (p[1] - c[1]) * (q[0] - c[0]);
        s += cr[0] * a[0] + cr[1] * a[1] + cr[2] * a[2];
    }
    return fabs(s);
}

static size_t
check_facet_polygons(const rc_partition *part)
{
    size_t i, f, j, checked = 0;
    size_t order[256];
    double pts[3 * 260], vs[3 * 64];

    for (i = 0; i < rc_partition_num_regions(part); i++) {
        const rc_region *r = rc_partition_region(part, i);
        size_t nv = rc_region_num_vertices(r), nr = rc_region_num_rays(r), n;
        size_t m = rc_region_num_facets(r);
        const double *x = rc_region_interior_point(r);
        double vol = 0.0, scale = 1.0;

        if (rc_region_num_lines(r) > 0) {
            CU_ASSERT_EQUAL(rc_region_facet_polygon(order, &n, r, 0), RC_ERR_ARG);
            continue;
        }
        CU_ASSERT_FATAL(nv + nr < 250);
        CU_ASSERT_EQUAL(rc_region_facet_polygon(order, &n, r, m), RC_ERR_ARG);
        for (j = 0; j < nv; j++)
            scale += fabs(rc_region_vertex(r, j)[0]) + fabs(rc_region_vertex(r, j)[1])
                     + fabs(rc_region_vertex(r, j)[2]);
        scale += fabs(x[0]) + fabs(x[1]) + fabs(x[2]);
        for (f = 0; f < m; f++) {
            double b, N[3] = {0, 0, 0}, nn, far = 1e3 * scale;
            const double *a = rc_region_facet(r, f, &b, NULL);
            size_t on = 0, np, g, k = 0, nvf = 0;
            int ok = 1;

            for (g = 0; g < nv + nr; g++)
                on += (size_t)rc_region_facet_has_generator(r, f, g);
            CU_ASSERT_EQUAL_FATAL(rc_region_facet_polygon(order, &n, r, f), RC_OK);
            CU_ASSERT_EQUAL(n, on);
            for (j = 0; j < n; j++) {
                ok &= rc_region_facet_has_generator(r, f, order[j]);
                for (g = 0; g < j; g++)
                    ok &= order[g] != order[j];
            }
            CU_ASSERT(ok);
            for (j = 0; j < n; j++) {
                size_t p = order[j], q = order[(j + 1) % n];
                if (p >= nv && q >= nv)
                    continue;
                CU_ASSERT(ph_share_facet(r, p, q, f));
            }
            np = far_polygon(pts, r, order, n, 3, far);
            for (j = 0; j < np; j++) {
                const double *p = pts + 3 * j, *q = pts + 3 * ((j + 1) % np);
                N[0] += p[1] * q[2] - p[2] * q[1];
                N[1] += p[2] * q[0] - p[0] * q[2];
                N[2] += p[0] * q[1] - p[1] * q[0];
            }
            nn = sqrt(N[0] * N[0] + N[1] * N[1] + N[2] * N[2]);
            /* counter-clockwise seen from outside: N along a */
            CU_ASSERT((N[0] * a[0] + N[1] * a[1] + N[2] * a[2]) > 0.999 * nn);
            if (!rc_region_is_bounded(r))
                continue;
            for (j = 0; j < nv && k < 64; j++)
                if (rc_region_facet_has_generator(r, f, j)) {
                    memcpy(vs + 3 * k++, rc_region_vertex(r, j), 3 * sizeof *vs);
                    nvf++;
                }
            CU_ASSERT(fabs(nn - sorted_area(vs, nvf, a)) <= 1e-8 * (1.0 + nn));
            /* divergence theorem: V = sum area_F (b_F - a_F . x) / 3 */
            vol += 0.5 * nn * (b - (a[0] * x[0] + a[1] * x[1] + a[2] * x[2])) / 3.0;
        }
        if (rc_region_is_bounded(r))
            CU_ASSERT(fabs(vol - rc_region_volume(r)) <= 1e-8 * (1.0 + rc_region_volume(r)));
        checked++;
    }
    return checked;
}

static void
test_3d_random(void)
{
    unsigned long rng = test_seed() + 23;
    size_t trial, checked = 0, trials = ph_quick() ? 3 : 10;

    for (trial = 0; trial < trials; trial++) {
        size_t w[2] = {3 + trial % 4, 4};
        int exact = trial % 2, kind = (trial / 2) % 2, unb = trial % 5 == 4;
        rc_net *net = ph_random_net(3, 1 + trial % 2, w, 1, kind, &rng);
        rc_domain *dom = test_box(3, unb ? 1.0 : -1.0, 1.0);
        rc_partition *part = ph_enumerate(net, dom, exact);
        checked += check_facet_polygons(part);
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    CU_ASSERT(checked > 4 * trials);
}

/* Each call refuses the other's dimension. */
static void
test_wrong_dimension(void)
{
    unsigned long rng = test_seed() + 5;
    size_t w[1] = {4}, order[64], n;
    rc_net *net3 = ph_random_net(3, 1, w, 1, 0, &rng), *net2 = ph_random_net(2, 1, w, 1, 0, &rng);
    rc_domain *d3 = test_box(3, -1, 1), *d2 = test_box(2, -1, 1);
    rc_partition *p3 = ph_enumerate(net3, d3, 0), *p2 = ph_enumerate(net2, d2, 0);

    CU_ASSERT_EQUAL(rc_region_polygon(order, &n, rc_partition_region(p3, 0)), RC_ERR_ARG);
    CU_ASSERT_EQUAL(rc_region_facet_polygon(order, &n, rc_partition_region(p2, 0), 0),
                    RC_ERR_ARG);
    rc_partition_free(p3);
    rc_partition_free(p2);
    rc_domain_free(d3);
    rc_domain_free(d2);
    rc_net_free(net3);
    rc_net_free(net2);
}

int
main(void)
{
    static const test_case tests[] = {
        {"2D: random and degenerate networks, float and exact", test_2d_random},
        {"2D: concurrent and parallel lines (tests/data)", test_2d_degenerate_file},
        {"2D: regions with a line are refused", test_lines_refused},
        {"3D: facet cycles, orientation, areas, volume", test_3d_random},
        {"wrong dimension is refused", test_wrong_dimension},
    };

    return test_run_suite("region order", tests, sizeof tests / sizeof tests[0]);
}
