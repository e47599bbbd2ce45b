/* test_graph.c -- the region graph (rc_graph_build) end to end.
 *
 * Known answers derived by hand: graphs of line arrangements in R^2 (N
 * lines in general position: N^2 edges; three concurrent lines: a 6-cycle;
 * three parallel lines: a path) and a second-layer line bent at a
 * first-layer line (a 4-cycle).  Invariants of every graph built here, float
 * and exact: an edge joins facets of one cut on one hyperplane with opposite
 * orientations, the owner's active side first; its neuron list is the set
 * of differing bits; its jump is the difference of the output maps, with
 * its Frobenius norm (exactly in exact mode); every neuron facet is in
 * exactly one edge (below); the graph is connected; the statistics
 * recompute; in generic networks the two patterns agree before the owner's
 * layer and differ within it in the owner alone.  The main check: the edge
 * set equals one computed for ALL pairs of regions (facets on one hyperplane
 * with opposite orientations, and a GLPK LP for a ball of positive radius in
 * it satisfying all other constraints of both), on random networks (2D and
 * 3D; float = exact by pattern too) and degenerate integer ones (exact).
 * The ACAS Xu slice is compared float vs exact; test_graph_export.c reads
 * the exports back.
 *
 * Why no neuron facet has two neighbours: if the zero set of a neuron's
 * pre-activation g split facet F (on hyperplane H) on one side at a point
 * p of F's relative interior, then g, continuous, would change sign along F
 * from the other side too; so either g's zero set enters the region on that
 * side (splitting it as well), or g = 0 on F and g is proportional to h
 * (no split).  So "x1 = 0 splits a box and x2 = 0 splits only its right
 * half" (3 regions, 3 edges) is no ReLU network's partition; the bent-line
 * test shows what a network does instead.
 *
 * RC_TEST_QUICK=1 (valgrind runs): fewer random networks, and the ACAS Xu
 * slice in float mode only (exact takes seconds natively). */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/io.h"
#include "relucells/rational.h"
#include "relucells/graph.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "graph_helpers.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static int
quick(void)
{
    return getenv("RC_TEST_QUICK") != NULL;
}

/* ---- the independent reference: an LP for every pair -------------------- */

/* Radius of the largest (n-1)-ball inside the hyperplane of facet f of r
 * that satisfies every other constraint of r and of s (facet fs of s lies
 * on the same hyperplane and is left out).  A ball about x in the
 * hyperplane (unit normal u) meets a . x <= b (|a| = 1) iff
 * a . x + |a - (a . u) u| r <= b.  Maximise r <= 1; -1 when infeasible. */
static double
ball_radius(const rc_region *r, size_t f, const rc_region *s, size_t fs,
            size_t n)
{
    size_t m = rc_region_num_facets(r) + rc_region_num_facets(s) - 1, i, j, row = 0;
    int *ia = malloc((m * (n + 1) + 1) * sizeof *ia), nz = 0, ret;
    int *ja = malloc((m * (n + 1) + 1) * sizeof *ja);
    double *ar = malloc((m * (n + 1) + 1) * sizeof *ar), u[8], bu, rad = -1.0;
    const double *a = rc_region_facet(r, f, &bu, NULL);
    double nu = gh_vnorm(a, n);
    glp_prob *lp = glp_create_prob();
    glp_smcp parm;

    CU_ASSERT_FATAL(ia && ja && ar && n <= 8);
    for (j = 0; j < n; j++)
        u[j] = a[j] / nu;
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)n + 1);
    for (j = 1; j <= n; j++)
        glp_set_col_bnds(lp, (int)j, GLP_FR, 0.0, 0.0);
    glp_set_col_bnds(lp, (int)n + 1, GLP_DB, -1.0, 1.0);
    glp_set_obj_coef(lp, (int)n + 1, 1.0);
    glp_add_rows(lp, (int)m);
    for (i = 0; i < rc_region_num_facets(r) + rc_region_num_facets(s); i++) {
        const rc_region *q = i < rc_region_num_facets(r) ? r : s;
        size_t g = q == r ? i : i - rc_region_num_facets(r);
        double b, au = 0.0, p = 0.0, pa[8];
        const double *ag = rc_region_facet(q, g, &b, NULL);
        double na = gh_vnorm(ag, n);
        if (q == s && g == fs)
            continue;
        for (j = 0; j < n; j++)
            au += ag[j] * u[j];
        for (j = 0; j < n; j++)
            pa[j] = ag[j] - au * u[j];
        p = gh_vnorm(pa, n);
        row++;
        for (j = 0; j <= n; j++) {
            nz++;
            ia[nz] = (int)row;
            ja[nz] = (int)j + 1;
            ar[nz] = j < n ? ag[j] / na : (q == r && g == f ? 0.0 : p / na);
        }
        if (q == r && g == f)
            glp_set_row_bnds(lp, (int)row, GLP_FX, bu / nu, bu / nu);
        else
            glp_set_row_bnds(lp, (int)row, GLP_UP, 0.0, b / na);
    }
    glp_load_matrix(lp, nz, ia, ja, ar);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    ret = glp_simplex(lp, &parm);
    CU_ASSERT_EQUAL(ret, 0);
    if (ret == 0 && glp_get_status(lp) == GLP_OPT)
        rad = glp_get_obj_val(lp);
    else
        CU_ASSERT_EQUAL(glp_get_status(lp), GLP_NOFEAS);
    glp_delete_prob(lp);
    free(ia);
    free(ja);
    free(ar);
    return rad;
}

/* Compare the graph's edge set with the reference over all pairs; returns
 * the number of pairs on which they differ (printed). */
static size_t
compare_reference(const rc_graph *g)
{
    const rc_partition *part = rc_graph_partition(g);
    size_t R = rc_partition_num_regions(part), n = rc_partition_dim(part);
    size_t E = rc_graph_num_edges(g), i, j, fi, fj, bad = 0;
    unsigned char *adj = calloc(R * R + 1, 1);
    char pi[GH_MAXP + GH_MAXL + 1], pj[GH_MAXP + GH_MAXL + 1];

    CU_ASSERT_PTR_NOT_NULL_FATAL(adj);
    for (i = 0; i < E; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        adj[e->a * R + e->b] = adj[e->b * R + e->a] = 1;
    }
    for (i = 0; i < R; i++)
        for (j = i + 1; j < R; j++) {
            const rc_region *ri = rc_partition_region(part, i);
            const rc_region *rj = rc_partition_region(part, j);
            double rad = -1.0;
            for (fi = 0; fi < rc_region_num_facets(ri) && rad <= 1e-9; fi++)
                for (fj = 0; fj < rc_region_num_facets(rj) && rad <= 1e-9; fj++)
                    if (gh_opposite(part, ri, fi, rj, fj))
                        rad = ball_radius(ri, fi, rj, fj, n);
            if ((rad > 1e-9) != adj[i * R + j]) {
                if (bad++ < 5) {
                    rc_partition_pattern_string(pi, part, ri);
                    rc_partition_pattern_string(pj, part, rj);
                    printf("\n  regions %zu (%s) and %zu (%s): reference %s "
                           "(radius %g), graph %s\n", i, pi, j, pj,
                           rad > 1e-9 ? "adjacent" : "not adjacent", rad,
                           adj[i * R + j] ? "adjacent" : "not adjacent");
                }
            }
        }
    free(adj);
    CU_ASSERT_EQUAL(bad, 0);
    return bad;
}

static int
str_cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The edges as sorted "pattern/pattern" keys (smaller pattern first), so
 * that graphs of two partitions of the same net can be compared. */
static char **
edge_keys(const rc_graph *g)
{
    const rc_partition *part = rc_graph_partition(g);
    size_t E = rc_graph_num_edges(g), i, len = 2 * (GH_MAXP + GH_MAXL) + 4;
    char **keys = malloc((E + 1) * sizeof *keys);
    char pa[GH_MAXP + GH_MAXL + 1], pb[GH_MAXP + GH_MAXL + 1];

    CU_ASSERT_PTR_NOT_NULL_FATAL(keys);
    for (i = 0; i < E; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        keys[i] = malloc(len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(keys[i]);
        rc_partition_pattern_string(pa, part, rc_partition_region(part, e->a));
        rc_partition_pattern_string(pb, part, rc_partition_region(part, e->b));
        snprintf(keys[i], len, "%s/%s", strcmp(pa, pb) < 0 ? pa : pb,
                 strcmp(pa, pb) < 0 ? pb : pa);
    }
    qsort(keys, E, sizeof *keys, str_cmp);
    return keys;
}

/* Same regions and same edges by pattern; returns the number of keys in
 * one graph only. */
static size_t
compare_graphs(const rc_graph *g1, const rc_graph *g2)
{
    size_t E1 = rc_graph_num_edges(g1), E2 = rc_graph_num_edges(g2), i = 0, j = 0, bad = 0;
    char **k1 = edge_keys(g1), **k2 = edge_keys(g2);

    CU_ASSERT_EQUAL(rc_partition_num_regions(rc_graph_partition(g1)),
                    rc_partition_num_regions(rc_graph_partition(g2)));
    while (i < E1 || j < E2) {
        int c = i == E1 ? 1 : j == E2 ? -1 : strcmp(k1[i], k2[j]);
        if (c != 0 && bad++ < 5)
            printf("\n  edge %s only in the %s graph\n", c < 0 ? k1[i] : k2[j],
                   c < 0 ? "first" : "second");
        i += c <= 0;
        j += c >= 0;
    }
    CU_ASSERT_EQUAL(bad, 0);
    for (i = 0; i < E1 || i < E2; i++) {
        free(i < E1 ? k1[i] : NULL);
        free(i < E2 ? k2[i] : NULL);
    }
    free(k1);
    free(k2);
    return bad;
}

/* ---- 1. hand-derived graphs --------------------------------------------- */

/* Degree of every region. */
static void
degrees(size_t *deg, const rc_graph *g)
{
    size_t i;

    memset(deg, 0, rc_partition_num_regions(rc_graph_partition(g)) * sizeof *deg);
    for (i = 0; i < rc_graph_num_edges(g); i++) {
        deg[rc_graph_edge(g, i)->a]++;
        deg[rc_graph_edge(g, i)->b]++;
    }
}

/* Edges owned by neuron (0, j). */
static size_t
owned(const rc_graph *g, unsigned j)
{
    size_t i, c = 0;

    for (i = 0; i < rc_graph_num_edges(g); i++)
        c += rc_graph_edge(g, i)->owner.layer == 0 && rc_graph_edge(g, i)->owner.index == j;
    return c;
}

/* N tangents of the parabola x2 = x1^2 at x1 = t = 1..N: the lines
 * 2t x1 - x2 - t^2 = 0.  Their slopes differ, and no three meet (a point
 * off the parabola lies on at most two tangents), so they are in general
 * position.  Each line is cut by the other N-1 into N pieces (two rays and
 * N-2 segments), and each piece is the facet shared by exactly one pair of
 * regions, so the graph has N * N edges, N owned by every neuron, on
 * 1 + N + N(N-1)/2 regions; an edge crosses one line, so its neuron list
 * is its owner alone. */
static void
test_general_position(void)
{
    size_t N, i, e, x;
    double p[3 * 6];

    for (i = 0; i < 6; i++) {   /* t = i + 1 */
        p[3 * i] = 2.0 * (double)(i + 1);
        p[3 * i + 1] = -1.0;
        p[3 * i + 2] = -(double)((i + 1) * (i + 1));
    }
    for (x = 0; x < 2; x++)
        for (N = 1; N <= 6; N++) {
            rc_net *net = gh_make_net(2, 1, &N, 1, p);
            rc_domain *dom = test_box(2, 1.0, -1.0);
            rc_partition *part = gh_run(net, dom, (int)x);
            rc_graph *g = gh_build(part);
            CU_ASSERT_EQUAL(rc_partition_num_regions(part), 1 + N + N * (N - 1) / 2);
            CU_ASSERT_EQUAL(rc_graph_num_edges(g), N * N);
            for (i = 0; i < N; i++)
                CU_ASSERT_EQUAL(owned(g, (unsigned)i), N);
            for (e = 0; e < rc_graph_num_edges(g); e++)
                CU_ASSERT_EQUAL(rc_graph_edge(g, e)->num_neurons, 1);
            gh_check_graph(g, 1);
            compare_reference(g);
            gh_release(g, part, net, dom);
        }
}

/* Three lines through the origin (x1, x2, x1 + x2) cut R^2 into 6 sectors
 * around it; each line is cut by the origin into 2 rays, so 6 edges, 2 per
 * neuron, every sector of degree 2: a 6-cycle.  Three parallel lines
 * x1 = -1, 0, 1 cut R^2 into 4 strips in a row: 3 edges, one per line,
 * degrees 1, 2, 2, 1 (a path), and the active side of x1 - c lies at
 * x1 > c. */
static void
test_concurrent_parallel(void)
{
    static const double conc[9] = {1, 0, 0, 0, 1, 0, 1, 1, 0};
    static const double par[9] = {1, 0, 1, 1, 0, 0, 1, 0, -1};
    size_t three = 3, x, c, i, deg[8];

    for (x = 0; x < 2; x++)
        for (c = 0; c < 2; c++) {
            rc_net *net = gh_make_net(2, 1, &three, 1, c ? par : conc);
            rc_domain *dom = test_box(2, 1.0, -1.0);
            rc_partition *part = gh_run(net, dom, (int)x);
            rc_graph *g = gh_build(part);
            size_t R = rc_partition_num_regions(part);
            CU_ASSERT_EQUAL_FATAL(R, c ? 4 : 6);
            CU_ASSERT_EQUAL(rc_graph_num_edges(g), c ? 3 : 6);
            degrees(deg, g);
            qsort(deg, R, sizeof *deg, gh_size_cmp);
            for (i = 0; i < R; i++)
                CU_ASSERT_EQUAL(deg[i], c ? (i < 2 ? 1 : 2) : 2);
            for (i = 0; i < 3; i++)
                CU_ASSERT_EQUAL(owned(g, (unsigned)i), c ? 1 : 2);
            for (i = 0; c && i < rc_graph_num_edges(g); i++) {
                const rc_edge *e = rc_graph_edge(g, i);
                double at = (double)e->owner.index - 1.0;   /* line x1 = at */
                CU_ASSERT(rc_region_interior_point(rc_partition_region(part, e->a))[0] > at);
                CU_ASSERT(rc_region_interior_point(rc_partition_region(part, e->b))[0] < at);
            }
            gh_check_graph(g, 1);
            compare_reference(g);
            gh_release(g, part, net, dom);
        }
}

/* A second-layer line bent at a first-layer one, on the box [-1,1]^2.
 * Layer 1: h1 = x1, h2 = -x1 (the same line, opposite side), h3 = x2 + 2
 * (> 0 on the box: no line).  Layer 2: g = z1 + 2 z2 + z3 - 2, which is
 * x1 + x2 where x1 > 0 and x2 - 2 x1 where x1 < 0: a line bent at the
 * origin, on x1 = 0.  Four regions (left/right of x1 = 0, above/below the
 * bent line) and four edges in a cycle: across x1 = 0 above and below the
 * origin (owner h1, which cuts first; h2 flips too, so both are listed) and
 * across g on either side.  The facet of a left region on x1 = 0 is split
 * at the origin on both sides: no facet has two neighbours (see the top). */
static void
test_bent_line(void)
{
    static const double p[] = {1, 0, 0, -1, 0, 0, 0, 1, 2, 1, 2, 1, -2};
    static const size_t w[2] = {3, 1};
    size_t x, i, deg[4];

    for (x = 0; x < 2; x++) {
        rc_net *net = gh_make_net(2, 2, w, 1, p);
        rc_domain *dom = test_box(2, -1.0, 1.0);
        rc_partition *part = gh_run(net, dom, (int)x);
        rc_graph *g = gh_build(part);
        size_t by_h1 = 0, by_g = 0;
        CU_ASSERT_EQUAL_FATAL(rc_partition_num_regions(part), 4);
        CU_ASSERT_EQUAL_FATAL(rc_graph_num_edges(g), 4);
        degrees(deg, g);
        for (i = 0; i < 4; i++)
            CU_ASSERT_EQUAL(deg[i], 2);
        for (i = 0; i < 4; i++) {
            const rc_edge *e = rc_graph_edge(g, i);
            if (e->owner.layer == 0) {
                by_h1++;
                CU_ASSERT_EQUAL(e->owner.index, 0);
                CU_ASSERT_EQUAL_FATAL(e->num_neurons, 2);
                CU_ASSERT(e->neurons[0] == 0 && e->neurons[1] == 0
                          && e->neurons[2] == 0 && e->neurons[3] == 1);
                /* the active side of h1 is x1 > 0 */
                CU_ASSERT(rc_region_interior_point(rc_partition_region(part, e->a))[0] > 0);
            } else {
                by_g++;
                CU_ASSERT(e->owner.layer == 1 && e->owner.index == 0
                          && e->num_neurons == 1);
            }
        }
        CU_ASSERT(by_h1 == 2 && by_g == 2);
        gh_check_graph(g, 0);
        compare_reference(g);
        gh_release(g, part, net, dom);
    }
}

/* ---- 2-4. random networks ------------------------------------------------ */

/* A random network on n inputs with L hidden layers of random widths in
 * [2, 5] (at most maxp hidden neurons in all) and 2 outputs (so the jump
 * is a matrix, its norm Frobenius): weights uniform in [-1, 1), biases in
 * [-0.5, 0.5), output weights in [-1, 1). */
static rc_net *
random_net(unsigned long *rng, size_t n, size_t L, size_t maxp)
{
    size_t w[GH_MAXL], l, i, total = 0, in = n, sizes = 0;
    double p[GH_MAXP * 9];
    rc_net *net;

    for (l = 0; l < L; l++) {
        w[l] = 2 + (size_t)(test_urand(rng) * 4);
        if (total + w[l] > maxp - (L - 1 - l) * 2)
            w[l] = maxp - (L - 1 - l) * 2 - total;
        total += w[l];
        for (i = 0; i < w[l] * (in + 1); i++)
            p[sizes++] = (i % (in + 1)) == in ? test_urand(rng) - 0.5 : 2 * test_urand(rng) - 1;
        in = w[l];
    }
    net = gh_make_net(n, L, w, 2, p);
    for (i = 0; i < 2; i++)
        for (l = 0; l < w[L - 1]; l++)
            rc_net_set_weight(net, L, i, l, 2 * test_urand(rng) - 1);
    return net;
}

/* Random networks in dimension n: every invariant (generic patterns) in
 * float and exact mode, the LP reference for both, and float = exact. */
static void
random_case(size_t n, size_t count, unsigned long salt)
{
    unsigned long rng = test_seed() + salt;
    size_t t, edges = 0, regions = 0;

    for (t = 0; t < count; t++) {
        size_t L = 2 + t % 2;
        rc_net *net = random_net(&rng, n, L, 12);
        rc_domain *dom = test_box(n, -1.0, 1.0);
        rc_partition *pf = gh_run(net, dom, 0), *pq = gh_run(net, dom, 1);
        rc_graph *gf = gh_build(pf), *gq = gh_build(pq);
        size_t bad;
        gh_check_graph(gf, 1);
        gh_check_graph(gq, 1);
        bad = compare_reference(gf) + compare_reference(gq) + compare_graphs(gf, gq);
        if (bad)
            printf("\n  network %zu (n = %zu, L = %zu) differs\n", t, n, L);
        edges += rc_graph_num_edges(gf);
        regions += rc_partition_num_regions(pf);
        gh_release(gf, pf, net, dom);
        gh_release(gq, pq, NULL, NULL);
    }
    printf("\n  %zu networks: %zu regions, %zu edges in all\n", count, regions, edges);
    CU_ASSERT(edges > 4 * count);   /* the networks are not trivial */
}

static void
test_random_2d(void)
{
    random_case(2, quick() ? 4 : 24, 11);
}

static void
test_random_3d(void)
{
    random_case(3, quick() ? 2 : 12, 23);
}

/* ---- 5. degenerate integer networks, exact ------------------------------ */

/* Hand-made degeneracies on [-2,2]^2, exact mode:
 *  - duplicates: x1 three times (neurons 1, 3, 5: x1, x1 and 2 x1), so an
 *    edge that crosses x1 = 0 lists all three;
 *  - four lines through the origin, then a second layer;
 *  - first layer x1, x2, x1 - 1 with vertices (0,0) and (1,0); second
 *    layer 2 z1 - z2 (through the vertex (0,0), and identically 0 where
 *    x1, x2 < 0) and z3 - z2 (x1 - 1 - x2 where x1 > 1, x2 > 0: it touches
 *    its region only at the vertex (1,0), through which it passes);
 * and random networks with weights in {-1, 0, 1, 2} and biases in
 * {-1, 0, 1}, full of parallel, duplicate and concurrent hyperplanes. */
static void
test_degenerate(void)
{
    static const double dup[] = {1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, -1, 2, 0, 0,
                                 1, -1, 1, 0, 1, 0, 0, 1, 1, -1, 1, 1};
    static const double conc[] = {1, 0, 0, 0, 1, 0, 1, 1, 0, 1, -1, 0,
                                  1, 1, -1, 0, 0, 0, 1, 0, 1, -1};
    static const double vert[] = {1, 0, 0, 0, 1, 0, 1, 0, -1,
                                  2, -1, 0, 0, 0, -1, 1, 0};
    static const size_t wdup[2] = {5, 2}, wconc[2] = {4, 2}, wvert[2] = {3, 2};
    const double *ps[3] = {dup, conc, vert};
    const size_t *ws[3] = {wdup, wconc, wvert};
    unsigned long rng = test_seed() + 37;
    size_t c, i, crossing = 0, count = quick() ? 5 : 12;

    for (c = 0; c < 3 + count; c++) {
        size_t n = c < 3 ? 2 : 2 + c % 2, w[2] = {3 + c % 2, 3}, k;
        double p[64];
        rc_net *net;
        rc_domain *dom = test_box(n, -2.0, 2.0);
        rc_partition *part;
        rc_graph *g;

        if (c >= 3) {
            for (k = 0; k < w[0] * (n + 1) + w[1] * (w[0] + 1); k++)
                p[k] = (double)((int)(test_urand(&rng) * 4) - 1);
            for (k = 0; k < w[0]; k++)   /* biases in {-1, 0, 1} */
                p[k * (n + 1) + n] = (double)((int)(test_urand(&rng) * 3) - 1);
        }
        net = gh_make_net(n, 2, c < 3 ? ws[c] : w, 1, c < 3 ? ps[c] : p);
        part = gh_run(net, dom, 1);
        g = gh_build(part);
        gh_check_graph(g, 0);
        if (compare_reference(g))
            printf("\n  degenerate network %zu differs\n", c);
        for (i = 0; c == 0 && i < rc_graph_num_edges(g); i++) {
            const rc_edge *e = rc_graph_edge(g, i);
            if (e->owner.layer == 0 && (e->owner.index == 0 || e->owner.index == 2
                                        || e->owner.index == 4)) {
                crossing++;   /* the differing bits of layer 1: x1 thrice */
                CU_ASSERT_FATAL(e->num_neurons >= 3);
                CU_ASSERT(e->neurons[0] == 0 && e->neurons[1] == 0 && e->neurons[2] == 0
                          && e->neurons[3] == 2 && e->neurons[4] == 0 && e->neurons[5] == 4);
            }
        }
        gh_release(g, part, net, dom);
    }
    CU_ASSERT(crossing >= 2);   /* x1 = 0 is crossed above and below x2 = 0 */
}

/* ---- 6. ACAS Xu ---------------------------------------------------------- */

/* The slice of N_{1,1} with rho = 30000, theta = 0, v_int = 600 over
 * (psi, v_own), float and exact: both graphs satisfy every invariant, are
 * connected, match every facet, and have the same edges by pattern (so the
 * same counts per layer).  RC_TEST_QUICK: float only. */
static void
test_acasxu(void)
{
    static const double fixed[5] = {30000.0, 0.0, 0, 0, 600.0};
    const char *top = getenv("top_srcdir");
    char path[4096];
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *pf, *pq;
    rc_graph *gf, *gq;
    rc_error err = {RC_OK, ""};
    size_t k;
    clock_t t0;
    FILE *f;

    snprintf(path, sizeof path, "%s/../shared/data/acasxu/"
             "ACASXU_run2a_1_1_batch_2000.nnet", top ? top : ".");
    if ((f = fopen(path, "r")) == NULL) {
        printf("\n  note: %s not found, ACAS Xu test skipped\n", path);
        return;
    }
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    for (k = 0; k < 5; k++)
        if (k != 2 && k != 3)
            CU_ASSERT_EQUAL(rc_domain_fix(dom, k, fixed[k], &err), RC_OK);
    t0 = clock();
    pf = gh_run(net, dom, 0);
    gf = gh_build(pf);
    printf("\n  float: %zu regions, %zu edges, %.1f s", rc_partition_num_regions(pf),
           rc_graph_num_edges(gf), (double)(clock() - t0) / CLOCKS_PER_SEC);
    CU_ASSERT(rc_graph_num_edges(gf) >= rc_partition_num_regions(pf) - 1);
    gh_check_graph(gf, 0);
    if (quick()) {
        printf("\n  note: RC_TEST_QUICK: exact mode skipped\n");
    } else {
        t0 = clock();
        pq = gh_run(net, dom, 1);
        gq = gh_build(pq);
        printf("; exact: %zu edges, %.1f s\n", rc_graph_num_edges(gq),
               (double)(clock() - t0) / CLOCKS_PER_SEC);
        gh_check_graph(gq, 0);
        CU_ASSERT_EQUAL(rc_graph_num_edges(gq), rc_graph_num_edges(gf));
        for (k = 0; k < rc_partition_num_hidden(pf); k++)
            CU_ASSERT_EQUAL(rc_graph_layer_stats(gq)[k].count,
                            rc_graph_layer_stats(gf)[k].count);
        compare_graphs(gf, gq);
        gh_release(gq, pq, NULL, NULL);
    }
    gh_release(gf, pf, net, dom);
}

int
main(void)
{
    static const test_case tests[] = {
        { "lines in general position: N^2 edges", test_general_position },
        { "concurrent lines: a cycle; parallel lines: a path", test_concurrent_parallel },
        { "a line bent at a first-layer line: a 4-cycle", test_bent_line },
        { "random 2D networks: invariants, LP reference, float = exact", test_random_2d },
        { "random 3D networks: invariants, LP reference, float = exact", test_random_3d },
        { "degenerate integer networks, exact: LP reference", test_degenerate },
        { "ACAS Xu slice: float and exact graphs agree", test_acasxu },
    };

    glp_term_out(GLP_OFF);
    return test_run_suite("graph", tests, sizeof tests / sizeof tests[0]);
}
