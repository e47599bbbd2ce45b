/* graph.c -- adjacency of regions across shared facets; see graph.h.
 *
 * Every cut of the refinement splits a piece Q by a neuron's hyperplane H
 * into Q- and Q+, which share the facet Q n H; later cuts subdivide both.
 * A region's facet on H therefore carries the cut's number, and its
 * neighbours across it are among the regions with a facet of the same
 * number on the other side.  When one region on each side has it, they
 * share the whole of Q n H.  Otherwise Q n H was subdivided, by the same
 * traces on both sides (the deeper pre-activations are continuous across
 * H), and two facets are shared exactly when a relative-interior point of
 * one lies in the relative interior of the other; both directions are
 * tried.  Exact mode decides that with rationals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/tolerances.h"
#include "result/partition_internal.h"
#include "base/rational.h"
#include "relucells/graph.h"

struct rc_graph {
    const rc_partition *part;
    size_t num_edges, cap;
    rc_edge *edges;
    mpq_t **grad_q;          /* exact: per edge, outputs x dim */
    mpq_t *norm2_q;          /* exact: per edge */
    size_t unmatched;
    rc_jump_stats *layer_stats, *neuron_stats;
};

typedef struct facet_rec {
    unsigned long cut;
    size_t region, facet;
    int active;              /* the owner neuron's bit in the region */
} facet_rec;

static int
rec_cmp(const void *x, const void *y)
{
    const facet_rec *a = x, *b = y;

    if (a->cut != b->cut)
        return a->cut < b->cut ? -1 : 1;
    if (a->active != b->active)
        return b->active - a->active;   /* active side first */
    return a->region < b->region ? -1 : a->region > b->region;
}

void
rc_graph_free(rc_graph *g)
{
    size_t i, mn;

    if (g == NULL)
        return;
    mn = g->part->num_outputs * g->part->dim;
    for (i = 0; i < g->num_edges; i++) {
        free((void *)g->edges[i].neurons);
        free((void *)g->edges[i].grad_diff);
        if (g->grad_q != NULL)
            rc_mpq_array_free(g->grad_q[i], mn);
        if (g->norm2_q != NULL)
            mpq_clear(g->norm2_q[i]);
    }
    free(g->edges);
    free(g->grad_q);
    free(g->norm2_q);
    free(g->layer_stats);
    free(g->neuron_stats);
    free(g);
}

/* Offset of hidden layer l's first neuron in a pattern. */
static size_t
layer_offset(const rc_partition *part, size_t l)
{
    size_t k, o = 0;

    for (k = 0; k < l; k++)
        o += part->hidden_sizes[k];
    return o;
}

static int
owner_bit(const rc_partition *part, const rc_region *r, rc_owner ow)
{
    return r->pattern[layer_offset(part, ow.layer) + ow.index];
}

/* A point of the relative interior of facet f of r: the mean of its
 * vertices plus the sum of its rays. */
static void
facet_point(double *x, const rc_region *r, size_t f)
{
    size_t n = r->dim, g, j, count = 0;

    memset(x, 0, n * sizeof *x);
    for (g = 0; g < r->nv; g++)
        if (rc_region_facet_has_generator(r, f, g)) {
            for (j = 0; j < n; j++)
                x[j] += r->vertices[g * n + j];
            count++;
        }
    for (j = 0; j < n && count > 0; j++)
        x[j] /= (double)count;
    for (g = 0; g < r->nr; g++)
        if (rc_region_facet_has_generator(r, f, r->nv + g))
            for (j = 0; j < n; j++)
                x[j] += r->rays[g * n + j];
}

static void
facet_point_q(mpq_t *x, const rc_region *r, size_t f, mpq_t t)
{
    const rc_region_exact *e = r->exact;
    size_t n = r->dim, g, j, count = 0;

    for (j = 0; j < n; j++)
        mpq_set_ui(x[j], 0, 1);
    for (g = 0; g < r->nv; g++)
        if (rc_region_facet_has_generator(r, f, g)) {
            for (j = 0; j < n; j++)
                mpq_add(x[j], x[j], e->vertices[g * n + j]);
            count++;
        }
    mpq_set_ui(t, count ? count : 1, 1);
    for (j = 0; j < n; j++)
        mpq_div(x[j], x[j], t);
    for (g = 0; g < r->nr; g++)
        if (rc_region_facet_has_generator(r, f, r->nv + g))
            for (j = 0; j < n; j++)
                mpq_add(x[j], x[j], e->rays[g * n + j]);
}

/* Does x lie strictly inside every facet of r but f? */
static int
inside_but(const double *x, const rc_region *r, size_t f)
{
    size_t n = r->dim, g, j;

    for (g = 0; g < r->num_facets; g++) {
        double s = 0.0, mag = fabs(r->facet_b[g]);
        if (g == f)
            continue;
        for (j = 0; j < n; j++) {
            s += r->facet_a[g * n + j] * x[j];
            mag += fabs(r->facet_a[g * n + j] * x[j]);
        }
        if (!(s < r->facet_b[g] - RC_TOL_STRICTLY_INSIDE * (1.0 + mag)))
            return 0;
    }
    return 1;
}

/* Does x = X / D lie strictly inside every facet of r but f?  The exact
 * facets have integer a and b, so a . X < b D decides it in integers. */
static int
inside_but_q(const mpz_t *X, const mpz_t D, const rc_region *r, size_t f,
             mpz_t s, mpz_t t)
{
    const rc_region_exact *e = r->exact;
    size_t n = r->dim, g, j;

    for (g = 0; g < r->num_facets; g++) {
        if (g == f)
            continue;
        mpz_set_ui(s, 0);
        for (j = 0; j < n; j++)
            mpz_addmul(s, mpq_numref(e->facet_a[g * n + j]), X[j]);
        mpz_mul(t, mpq_numref(e->facet_b[g]), D);
        if (mpz_cmp(s, t) >= 0)
            return 0;
    }
    return 1;
}

/* x as X / D over the least common denominator. */
static void
common_denominator(mpz_t *X, mpz_t D, mpq_t *x, size_t n)
{
    size_t j;

    mpz_set_ui(D, 1);
    for (j = 0; j < n; j++)
        mpz_lcm(D, D, mpq_denref(x[j]));
    for (j = 0; j < n; j++) {
        mpz_divexact(X[j], D, mpq_denref(x[j]));
        mpz_mul(X[j], X[j], mpq_numref(x[j]));
    }
}

/* Record that facet fa of region a and facet fb of region b are shared;
 * edges from first on belong to the same cut and are checked for repeats. */
static rc_status
add_edge(rc_graph *g, size_t first, size_t a, size_t fa, size_t b, size_t fb)
{
    const rc_partition *part = g->part;
    const rc_region *ra = part->regions[a], *rb = part->regions[b];
    size_t mn = part->num_outputs * part->dim, i, k, count = 0;
    rc_edge *e;
    unsigned *neurons;
    double *diff, norm = 0.0;

    for (i = first; i < g->num_edges; i++)
        if (g->edges[i].a == a && g->edges[i].b == b
            && g->edges[i].facet_a == fa)
            return RC_OK;
    if (g->num_edges == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 256;
        rc_edge *edges = realloc(g->edges, cap * sizeof *edges);
        if (edges == NULL)
            return RC_ERR_NOMEM;
        g->edges = edges;
        g->cap = cap;
        if (part->exact) {
            mpq_t **gq = realloc(g->grad_q, cap * sizeof *gq);
            mpq_t *nq;
            if (gq == NULL)
                return RC_ERR_NOMEM;
            g->grad_q = gq;
            nq = realloc(g->norm2_q, cap * sizeof *nq);
            if (nq == NULL)
                return RC_ERR_NOMEM;
            g->norm2_q = nq;
        }
    }
    for (i = 0; i < part->pattern_length; i++)
        count += ra->pattern[i] != rb->pattern[i];
    neurons = malloc((2 * count + 1) * sizeof *neurons);
    diff = malloc((mn + 1) * sizeof *diff);
    if (neurons == NULL || diff == NULL) {
        free(neurons);
        free(diff);
        return RC_ERR_NOMEM;
    }
    for (k = 0, i = 0, count = 0; k < part->num_hidden; k++) {
        size_t j;
        for (j = 0; j < part->hidden_sizes[k]; j++, i++)
            if (ra->pattern[i] != rb->pattern[i]) {
                neurons[2 * count] = (unsigned)k;
                neurons[2 * count + 1] = (unsigned)j;
                count++;
            }
    }
    for (i = 0; i < mn; i++) {
        diff[i] = ra->A[i] - rb->A[i];
        norm += diff[i] * diff[i];
    }
    e = &g->edges[g->num_edges];
    e->a = a;
    e->b = b;
    e->facet_a = fa;
    e->facet_b = fb;
    e->owner = ra->owners[fa];
    e->num_neurons = count;
    e->neurons = neurons;
    e->grad_diff = diff;
    e->norm = sqrt(norm);
    if (part->exact) {
        mpq_t *q = rc_mpq_array_new(mn), t;
        if (q == NULL)
            return RC_ERR_NOMEM;
        g->grad_q[g->num_edges] = q;
        mpq_init(g->norm2_q[g->num_edges]);
        mpq_init(t);
        for (i = 0; i < mn; i++) {
            mpq_sub(q[i], ra->exact->A[i], rb->exact->A[i]);
            mpq_mul(t, q[i], q[i]);
            mpq_add(g->norm2_q[g->num_edges], g->norm2_q[g->num_edges], t);
        }
        mpq_clear(t);
    }
    g->num_edges++;
    return RC_OK;
}

/* The regions of one cut: recs[0..na) on the active side, [na..nr) not. */
static rc_status
match_cut(rc_graph *g, const facet_rec *recs, size_t na, size_t nr,
          double *x, mpq_t *xq, mpz_t *X, mpz_t D, mpq_t t, mpz_t zs,
          mpz_t zt)
{
    const rc_partition *part = g->part;
    size_t i, j, first = g->num_edges;
    unsigned char *seen;
    rc_status st = RC_OK;

    if (na == 1 && nr == 2)
        return add_edge(g, first, recs[0].region, recs[0].facet,
                        recs[1].region, recs[1].facet);
    seen = calloc(nr + 1, 1);
    if (seen == NULL)
        return RC_ERR_NOMEM;
    for (i = 0; i < nr && st == RC_OK; i++) {
        const facet_rec *p = &recs[i];
        const rc_region *rp = part->regions[p->region];
        size_t lo = i < na ? na : 0, hi = i < na ? nr : na;

        if (part->exact) {
            facet_point_q(xq, rp, p->facet, t);
            common_denominator(X, D, xq, part->dim);
        } else
            facet_point(x, rp, p->facet);
        for (j = lo; j < hi && st == RC_OK; j++) {
            const facet_rec *q = &recs[j];
            const rc_region *rq = part->regions[q->region];
            int in = part->exact ? inside_but_q((const mpz_t *)X, D, rq,
                                                q->facet, zs, zt)
                                 : inside_but(x, rq, q->facet);
            if (!in)
                continue;
            seen[i] = seen[j] = 1;
            st = i < na ? add_edge(g, first, p->region, p->facet, q->region,
                                   q->facet)
                        : add_edge(g, first, q->region, q->facet, p->region,
                                   p->facet);
        }
    }
    for (i = 0; i < nr; i++)
        g->unmatched += !seen[i];
    free(seen);
    return st;
}

static int
dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;

    return a < b ? -1 : a > b;
}

static void
summarise(rc_jump_stats *st, double *norms, size_t count)
{
    size_t i;
    double sum = 0.0;

    st->count = count;
    st->mean = st->median = st->max = 0.0;
    if (count == 0)
        return;
    qsort(norms, count, sizeof *norms, dbl_cmp);
    for (i = 0; i < count; i++)
        sum += norms[i];
    st->mean = sum / (double)count;
    st->median = count % 2 ? norms[count / 2]
                           : (norms[count / 2 - 1] + norms[count / 2]) / 2;
    st->max = norms[count - 1];
}

static rc_status
compute_stats(rc_graph *g)
{
    const rc_partition *part = g->part;
    size_t L = part->num_hidden, P = part->pattern_length, i, k, c;
    double *norms = malloc((g->num_edges + 1) * sizeof *norms);

    g->layer_stats = calloc(L + 1, sizeof *g->layer_stats);
    g->neuron_stats = calloc(P + 1, sizeof *g->neuron_stats);
    if (!norms || !g->layer_stats || !g->neuron_stats) {
        free(norms);
        return RC_ERR_NOMEM;
    }
    for (k = 0; k < L; k++) {
        size_t off = layer_offset(part, k), j;
        for (i = 0, c = 0; i < g->num_edges; i++)
            if (g->edges[i].owner.layer == k)
                norms[c++] = g->edges[i].norm;
        summarise(&g->layer_stats[k], norms, c);
        for (j = 0; j < part->hidden_sizes[k]; j++) {
            for (i = 0, c = 0; i < g->num_edges; i++)
                if (g->edges[i].owner.layer == k && g->edges[i].owner.index == j)
                    norms[c++] = g->edges[i].norm;
            summarise(&g->neuron_stats[off + j], norms, c);
        }
    }
    free(norms);
    return RC_OK;
}

rc_status
rc_graph_build(rc_graph **out, const rc_partition *part, rc_error *err)
{
    rc_graph *g = calloc(1, sizeof *g);
    facet_rec *recs = NULL;
    size_t nrec = 0, i, f, start, n = part->dim;
    double *x = NULL;
    mpq_t *xq = NULL, t;
    mpz_t *X = NULL, D, zs, zt;
    rc_status st = RC_OK;

    *out = NULL;
    if (g == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    g->part = part;
    for (i = 0; i < part->num_regions; i++)
        nrec += part->regions[i]->num_facets;
    recs = malloc((nrec + 1) * sizeof *recs);
    x = malloc((n + 1) * sizeof *x);
    xq = rc_mpq_array_new(n);
    X = rc_mpz_array_new(n);
    if (!recs || !x || !xq || !X) {
        st = RC_ERR_NOMEM;
        goto done;
    }
    nrec = 0;
    for (i = 0; i < part->num_regions; i++) {
        const rc_region *r = part->regions[i];
        for (f = 0; f < r->num_facets; f++) {
            if (r->owners[f].kind != RC_OWNER_NEURON)
                continue;
            recs[nrec].cut = r->owners[f].cut;
            recs[nrec].region = i;
            recs[nrec].facet = f;
            recs[nrec].active = owner_bit(part, r, r->owners[f]);
            nrec++;
        }
    }
    qsort(recs, nrec, sizeof *recs, rec_cmp);
    mpq_init(t);
    mpz_inits(D, zs, zt, NULL);
    for (start = 0; start < nrec && st == RC_OK;) {
        size_t end = start, na = 0;
        while (end < nrec && recs[end].cut == recs[start].cut) {
            na += recs[end].active;
            end++;
        }
        if (na == 0 || na == end - start)
            g->unmatched += end - start;
        else
            st = match_cut(g, recs + start, na, end - start, x, xq, X, D, t,
                           zs, zt);
        start = end;
    }
    mpq_clear(t);
    mpz_clears(D, zs, zt, NULL);
    if (st == RC_OK)
        st = compute_stats(g);
done:
    free(recs);
    free(x);
    rc_mpq_array_free(xq, n);
    rc_mpz_array_free(X, n);
    if (st != RC_OK) {
        rc_graph_free(g);
        return rc_error_set(err, st, "out of memory");
    }
    *out = g;
    return RC_OK;
}

size_t rc_graph_num_edges(const rc_graph *g) { return g->num_edges; }
const rc_edge *rc_graph_edge(const rc_graph *g, size_t i) { return &g->edges[i]; }
size_t rc_graph_unmatched(const rc_graph *g) { return g->unmatched; }
const rc_jump_stats *rc_graph_layer_stats(const rc_graph *g) { return g->layer_stats; }
const rc_jump_stats *rc_graph_neuron_stats(const rc_graph *g) { return g->neuron_stats; }

mpq_srcptr
rc_graph_edge_grad_diff_q(const rc_graph *g, size_t i)
{
    return g->grad_q != NULL ? g->grad_q[i][0] : NULL;
}

mpq_srcptr
rc_graph_edge_norm2_q(const rc_graph *g, size_t i)
{
    return g->norm2_q != NULL ? g->norm2_q[i] : NULL;
}

static size_t
uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

int
rc_graph_is_connected(const rc_graph *g)
{
    size_t n = g->part->num_regions, i, comps = n;
    size_t *parent = malloc((n + 1) * sizeof *parent);

    if (parent == NULL)
        return -1;
    for (i = 0; i < n; i++)
        parent[i] = i;
    for (i = 0; i < g->num_edges; i++) {
        size_t a = uf_find(parent, g->edges[i].a), b = uf_find(parent, g->edges[i].b);
        if (a != b) {
            parent[a] = b;
            comps--;
        }
    }
    free(parent);
    return comps <= 1;
}

const rc_partition *
rc_graph_partition(const rc_graph *g)
{
    return g->part;
}
