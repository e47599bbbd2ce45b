/* region_order.c -- the boundary of a 2D region, and of each facet of a 3D
 * region, as a cycle of generators.
 *
 * A full-dimensional polygon with an irredundant H-representation has each
 * vertex on exactly two facets (its two edges) and each facet through
 * exactly two generators: two vertices, or for an unbounded edge its vertex
 * and its direction (a ray).  The incidences therefore form one cycle that
 * alternates generators and edges, once the two unbounded edges of a
 * pointed unbounded region are joined "through infinity" (a half-strip has
 * one ray on both of its unbounded edges, and is already a cycle).  Walking
 * that cycle orders the boundary with no angle sorting, which needs a point
 * inside and breaks down for nearly collinear vertices.
 *
 * In 3D the same holds within a facet F: two generators of F span an edge
 * when another facet G holds both and no other generator of F (F and G are
 * distinct facets, so F n G is at most an edge; it is one when it holds two
 * generators, one of them a vertex -- two rays alone could be the common
 * directions of two parallel facets).
 *
 * Orientation is decided on one edge, the one that decides it best: going
 * counter-clockwise round a polygon the region lies on the left of each
 * edge, so the edge's direction d and the facet's outward normal a satisfy
 * d . perp(a) > 0 with perp(a) = (-a2, a1).  In 3D, seen from outside F
 * (normal a_F towards the viewer), the inside of F lies left of d, in the
 * direction a_F x d, which points into G's half-space: (a_F x d) . a_G < 0.
 * Both quantities are |d| times a factor bounded away from 0 on the longest
 * edge, unlike a signed area summed over many short edges. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relucells/region.h"

#define NONE SIZE_MAX

/* A cycle under construction: p nodes (generator numbers gen[]), each with
 * up to two neighbours nb[2*i..] reached across facet via[2*i..] (NONE for
 * the edge at infinity). */
typedef struct walk {
    size_t p;
    size_t *gen, *nb, *via;
} walk;

static int
walk_init(walk *w, size_t p)
{
    size_t i;

    w->p = p;
    w->gen = malloc((p + 1) * sizeof *w->gen);
    w->nb = malloc((2 * p + 1) * sizeof *w->nb);
    w->via = malloc((2 * p + 1) * sizeof *w->via);
    if (!w->gen || !w->nb || !w->via)
        return -1;
    for (i = 0; i < 2 * p; i++)
        w->nb[i] = w->via[i] = NONE;
    return 0;
}

static void
walk_clear(walk *w)
{
    free(w->gen);
    free(w->nb);
    free(w->via);
}

/* Join local nodes u and v across facet f; fails on a third neighbour. */
static int
walk_join(walk *w, size_t u, size_t v, size_t f)
{
    size_t *s = w->nb + 2 * u, *t = w->nb + 2 * v;
    size_t su = s[0] == NONE ? 0 : s[1] == NONE ? 1 : 2;
    size_t tv = t[0] == NONE ? 0 : t[1] == NONE ? 1 : 2;

    if (su == 2 || tv == 2 || u == v)
        return -1;
    s[su] = v;
    w->via[2 * u + su] = f;
    t[tv] = u;
    w->via[2 * v + tv] = f;
    return 0;
}

/* Follow the cycle from node 0; seq[i] is the i-th node and step[i] the
 * facet from seq[i] to seq[i+1 mod p].  Fails unless every node has two
 * neighbours and one cycle visits them all.  A node whose two neighbours
 * are the same node (a 2-cycle: a half-strip's ray between its two vertices
 * is not one, but two generators joined twice would be) is walked by its
 * two distinct edges. */
static int
walk_cycle(size_t *seq, size_t *step, const walk *w)
{
    size_t i, cur = 0, prev_slot = NONE, next;

    for (i = 0; i < w->p; i++)
        if (w->nb[2 * i + 1] == NONE)
            return -1;
    for (i = 0; i < w->p; i++) {
        size_t slot = prev_slot == 0 ? 1 : 0, back;
        seq[i] = cur;
        step[i] = w->via[2 * cur + slot];
        next = w->nb[2 * cur + slot];
        /* Arrive at next by the edge just used, to leave by the other. */
        back = w->nb[2 * next] == cur && w->via[2 * next] == step[i] ? 0 : 1;
        if (w->nb[2 * next + back] != cur)
            return -1;
        prev_slot = back;
        cur = next;
        if (cur == 0 && i + 1 < w->p)
            return -1;   /* closed too early: several cycles */
    }
    return cur == 0 ? 0 : -1;
}

static void
reverse(size_t *v, size_t n)
{
    size_t i, t;

    for (i = 0; i < n / 2; i++) {
        t = v[i];
        v[i] = v[n - 1 - i];
        v[n - 1 - i] = t;
    }
}

/* Direction of the step from generator g to generator h (rays stand for
 * points at infinity): h - g between vertices, the ray when h is one, and
 * minus the ray when g is one.  Returns 0 when both are rays. */
static int
step_direction(double *d, const rc_region *r, size_t dim, size_t g, size_t h)
{
    size_t nv = rc_region_num_vertices(r), j;
    const double *x, *y;

    if (g >= nv && h >= nv)
        return 0;
    if (h >= nv) {
        memcpy(d, rc_region_ray(r, h - nv), dim * sizeof *d);
    } else if (g >= nv) {
        x = rc_region_ray(r, g - nv);
        for (j = 0; j < dim; j++)
            d[j] = -x[j];
    } else {
        x = rc_region_vertex(r, g);
        y = rc_region_vertex(r, h);
        for (j = 0; j < dim; j++)
            d[j] = y[j] - x[j];
    }
    return 1;
}

/* Write the walked cycle into order as generator numbers, reversed when
 * sign < 0 says the walk went clockwise, and rotated to start with the ray
 * that follows the edge at infinity (or with the one ray).  tmp has p
 * entries. */
static void
emit(size_t *order, size_t *count, const walk *w, const size_t *seq,
     double sign, size_t nv, size_t *tmp)
{
    size_t p = w->p, i, start = 0;

    for (i = 0; i < p; i++)
        tmp[i] = w->gen[seq[i]];
    if (sign < 0)
        reverse(tmp, p);
    for (i = 0; i < p; i++)
        if (tmp[i] >= nv) {
            /* With two rays the first one met may be the outgoing one,
             * followed (through infinity) by the incoming one. */
            size_t nxt = (i + 1) % p;
            start = tmp[nxt] >= nv ? nxt : i;
            break;
        }
    for (i = 0; i < p; i++)
        order[i] = tmp[(start + i) % p];
    *count = p;
}

rc_status
rc_region_polygon(size_t *order, size_t *count, const rc_region *r)
{
    size_t nv = rc_region_num_vertices(r), nr = rc_region_num_rays(r);
    size_t m = rc_region_num_facets(r), k = nv + nr, f, g, i;
    size_t *seq = NULL, *step = NULL, rays[2], nrays = 0;
    double best = 0.0, sign = 0.0, d[2];
    rc_status st = RC_ERR_ARG;
    walk w = {0, NULL, NULL, NULL};

    *count = 0;
    if (rc_region_num_lines(r) > 0 || nv == 0 || nr > 2)
        return RC_ERR_ARG;
    if (walk_init(&w, k) != 0 || !(seq = malloc(k * sizeof *seq))
        || !(step = malloc(k * sizeof *step))) {
        st = RC_ERR_NOMEM;
        goto done;
    }
    for (g = 0; g < k; g++)
        w.gen[g] = g;
    for (f = 0; f < m; f++) {
        size_t on[2], non = 0;
        for (g = 0; g < k; g++)
            if (rc_region_facet_has_generator(r, f, g)) {
                if (non == 2)
                    goto done;   /* a third generator: not a 2D edge */
                on[non++] = g;
            }
        if (non != 2 || (on[0] >= nv && on[1] >= nv)
            || walk_join(&w, on[0], on[1], f) != 0)
            goto done;
    }
    for (g = nv; g < k; g++)
        rays[nrays++] = g;
    if (nrays == 2 && walk_join(&w, rays[0], rays[1], NONE) != 0)
        goto done;
    if (walk_cycle(seq, step, &w) != 0)
        goto done;
    for (i = 0; i < k; i++) {
        const double *a;
        double s, len;
        if (step[i] == NONE
            || !step_direction(d, r, 2, seq[i], seq[(i + 1) % k]))
            continue;
        a = rc_region_facet(r, step[i], NULL, NULL);
        s = -d[0] * a[1] + d[1] * a[0];
        len = fabs(s);
        if (len > best) {
            best = len;
            sign = s;
        }
    }
    if (!(best > 0.0))
        goto done;
    emit(order, count, &w, seq, sign, nv, step);
    st = RC_OK;
done:
    walk_clear(&w);
    free(seq);
    free(step);
    return st;
}

rc_status
rc_region_facet_polygon(size_t *order, size_t *count, const rc_region *r,
                        size_t facet)
{
    size_t nv = rc_region_num_vertices(r), nr = rc_region_num_rays(r);
    size_t m = rc_region_num_facets(r), k = nv + nr, p = 0, f, g, i, nrays = 0;
    size_t *pos = NULL, *seq = NULL, *step = NULL, rays[2];
    const double *af;
    double best = 0.0, sign = 0.0, d[3];
    rc_status st = RC_ERR_ARG;
    walk w = {0, NULL, NULL, NULL};

    *count = 0;
    if (facet >= m || rc_region_num_lines(r) > 0 || nv == 0)
        return RC_ERR_ARG;
    if (!(pos = malloc((k + 1) * sizeof *pos))) {
        st = RC_ERR_NOMEM;
        goto done;
    }
    /* pos[g]: g's node number on the facet, NONE when g is not on it. */
    for (g = 0; g < k; g++)
        pos[g] = rc_region_facet_has_generator(r, facet, g) ? p++ : NONE;
    if (p < 2 || walk_init(&w, p) != 0 || !(seq = malloc(p * sizeof *seq))
        || !(step = malloc(p * sizeof *step))) {
        st = p < 2 ? RC_ERR_ARG : RC_ERR_NOMEM;
        goto done;
    }
    for (g = 0; g < k; g++)
        if (pos[g] != NONE) {
            w.gen[pos[g]] = g;
            if (g >= nv) {
                if (nrays == 2)
                    goto done;
                rays[nrays++] = pos[g];
            }
        }
    for (f = 0; f < m; f++) {
        size_t on[2], non = 0, vertex = 0;
        if (f == facet)
            continue;
        for (g = 0; g < k && non <= 2; g++)
            if (pos[g] != NONE && rc_region_facet_has_generator(r, f, g)) {
                if (non < 2)
                    on[non] = pos[g];
                non++;
                vertex |= g < nv;
            }
        if (non == 2 && vertex && walk_join(&w, on[0], on[1], f) != 0)
            goto done;
    }
    if (nrays == 2 && (w.nb[2 * rays[0] + 1] == NONE)
        && walk_join(&w, rays[0], rays[1], NONE) != 0)
        goto done;
    if (walk_cycle(seq, step, &w) != 0)
        goto done;
    af = rc_region_facet(r, facet, NULL, NULL);
    for (i = 0; i < p; i++) {
        const double *ag;
        double c[3], s;
        if (step[i] == NONE
            || !step_direction(d, r, 3, w.gen[seq[i]], w.gen[seq[(i + 1) % p]]))
            continue;
        ag = rc_region_facet(r, step[i], NULL, NULL);
        c[0] = af[1] * d[2] - af[2] * d[1];
        c[1] = af[2] * d[0] - af[0] * d[2];
        c[2] = af[0] * d[1] - af[1] * d[0];
        s = -(c[0] * ag[0] + c[1] * ag[1] + c[2] * ag[2]);
        if (fabs(s) > best) {
            best = fabs(s);
            sign = s;
        }
    }
    if (!(best > 0.0))
        goto done;
    emit(order, count, &w, seq, sign, nv, step);
    st = RC_OK;
done:
    walk_clear(&w);
    free(pos);
    free(seq);
    free(step);
    return st;
}
