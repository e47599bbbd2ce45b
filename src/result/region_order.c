/* region_order.c -- the vertices of a polygon in cyclic order, from the
 * incidences alone.
 *
 * In a 2D region every vertex is an endpoint of exactly two edges (its
 * facets), so following facet to vertex to facet walks the boundary; in a
 * facet of a 3D region two vertices are consecutive when a second facet
 * holds both (they span an edge).  No angle is sorted: the order is the
 * combinatorial one, exact whenever the incidences are.  Only the
 * orientation is numeric: counter-clockwise around the interior point in
 * 2D, counter-clockwise seen from outside (the facet's normal) in 3D. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result/partition_internal.h"

/* Facets of vertex v (at most 64 looked at), into fs; their count. */
static size_t
facets_of(size_t *fs, const rc_region *r, size_t v)
{
    size_t f, c = 0;

    for (f = 0; f < r->num_facets && c < 64; f++)
        if (rc_region_facet_has_generator(r, f, v))
            fs[c++] = f;
    return c;
}

/* The other vertex of facet f than v (2D: an edge has two), or nv. */
static size_t
other_vertex(const rc_region *r, size_t f, size_t v)
{
    size_t g;

    for (g = 0; g < r->nv; g++)
        if (g != v && rc_region_facet_has_generator(r, f, g))
            return g;
    return r->nv;
}

/* Does facet f hold a ray? */
static int
has_ray(const rc_region *r, size_t f)
{
    size_t g;

    for (g = r->nv; g < r->nv + r->nr; g++)
        if (rc_region_facet_has_generator(r, f, g))
            return 1;
    return 0;
}

static void
reverse(size_t *order, size_t count)
{
    size_t i;

    for (i = 0; i < count / 2; i++) {
        size_t t = order[i];
        order[i] = order[count - 1 - i];
        order[count - 1 - i] = t;
    }
}

rc_status
rc_region_polygon(size_t *order, size_t *count, const rc_region *r)
{
    size_t start = 0, prev_f = (size_t)-1, v, k = 0, i, fs[64];
    double turn = 0.0;

    *count = 0;
    if (r->dim != 2)
        return RC_ERR_ARG;
    if (r->nv == 0)
        return RC_OK;
    if (!r->bounded) {
        /* An open chain: start at a vertex on a facet with a ray. */
        for (v = 0; v < r->nv && prev_f == (size_t)-1; v++) {
            size_t c = facets_of(fs, r, v);
            for (i = 0; i < c; i++)
                if (has_ray(r, fs[i])) {
                    start = v;
                    prev_f = fs[i];
                    break;
                }
        }
    }
    v = start;
    while (k < r->nv) {
        size_t c = facets_of(fs, r, v), next_f = (size_t)-1, w;
        order[k++] = v;
        for (i = 0; i < c; i++)
            if (fs[i] != prev_f) {
                next_f = fs[i];
                break;
            }
        if (next_f == (size_t)-1)
            break;
        w = other_vertex(r, next_f, v);
        if (w == r->nv || w == start)
            break;
        prev_f = next_f;
        v = w;
    }
    if (k != r->nv)
        return RC_ERR_NUMERIC;   /* the incidences are not a polygon's */
    /* Counter-clockwise: the interior point is on the left of each edge. */
    for (i = 0; i + 1 < k || (r->bounded && i < k); i++) {
        const double *a = r->vertices + 2 * order[i];
        const double *b = r->vertices + 2 * order[(i + 1) % k];
        const double *p = r->point;
        turn += (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    }
    if (k == 1 && r->nr >= 2) {
        const double *a = r->rays, *b = r->rays + 2;
        turn = a[0] * b[1] - a[1] * b[0];
    }
    if (turn < 0.0)
        reverse(order, k);
    *count = k;
    return RC_OK;
}

rc_status
rc_region_facet_polygon(size_t *order, size_t *count, const rc_region *r,
                        size_t facet)
{
    size_t nv = 0, g, i, k = 0, *vs, prev = (size_t)-1, cur;
    const double *a = r->facet_a + facet * r->dim;
    double normal[3] = {0.0, 0.0, 0.0}, dotn = 0.0;

    *count = 0;
    if (r->dim != 3 || facet >= r->num_facets)
        return RC_ERR_ARG;
    vs = malloc((r->nv + 1) * sizeof *vs);
    if (vs == NULL)
        return RC_ERR_NOMEM;
    for (g = 0; g < r->nv; g++)
        if (rc_region_facet_has_generator(r, facet, g))
            vs[nv++] = g;
    if (nv == 0) {
        free(vs);
        return RC_OK;
    }
    cur = vs[0];
    while (k < nv) {
        size_t next = (size_t)-1, f;
        order[k++] = cur;
        /* a neighbour of cur on this facet: a second facet holds both */
        for (i = 0; i < nv && next == (size_t)-1; i++) {
            size_t w = vs[i];
            int seen = 0;
            size_t j;
            if (w == cur || w == prev)
                continue;
            for (j = 0; j < k; j++)
                seen |= order[j] == w;
            if (seen)
                continue;
            for (f = 0; f < r->num_facets; f++)
                if (f != facet && rc_region_facet_has_generator(r, f, cur)
                    && rc_region_facet_has_generator(r, f, w)) {
                    next = w;
                    break;
                }
        }
        if (next == (size_t)-1)
            break;
        prev = cur;
        cur = next;
    }
    free(vs);
    if (k != nv && r->bounded)
        return RC_ERR_NUMERIC;
    /* Newell's normal of the cycle against the outward normal a. */
    for (i = 0; i < k; i++) {
        const double *p = r->vertices + 3 * order[i];
        const double *q = r->vertices + 3 * order[(i + 1) % k];
        normal[0] += (p[1] - q[1]) * (p[2] + q[2]);
        normal[1] += (p[2] - q[2]) * (p[0] + q[0]);
        normal[2] += (p[0] - q[0]) * (p[1] + q[1]);
    }
    for (i = 0; i < 3; i++)
        dotn += normal[i] * a[i];
    if (dotn < 0.0)
        reverse(order, k);
    *count = k;
    return RC_OK;
}
