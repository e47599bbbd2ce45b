/* refine.c -- layer-by-layer refinement of the domain into linear regions.
 *
 * Heinecke & Hwang (Prop. 3): let Theta_{k-1} be the regions after k-1
 * hidden layers.  On a region R of Theta_{k-1} the post-activations of layer
 * k-1 are an affine function of the input, so the pre-activations of layer
 * k, W_k a_{k-1} + b_k, are N_k affine functions on R.  Their zero sets split
 * R into the pieces of Theta_k that lie in R; a neuron whose function keeps
 * one sign on a piece has that bit of the configuration on the piece.  The
 * splitting is incremental: the pieces of R are cut by one hyperplane after
 * the other, and a hyperplane that misses a piece is rejected by the
 * kernel (from the signs of its function at the piece's vertices, before
 * any LP).  No pattern is ever guessed: the work is proportional to the
 * pieces that exist.
 *
 * The layer tree (a node of depth k is a region of Theta_k, its children
 * its pieces in Theta_{k+1}) is walked depth first: a node's pieces are
 * all made, then each is refined through the later layers before its
 * sibling is touched, so memory is bounded by the depth times the pieces
 * of one node, not by the number of regions.  Finished regions go to a
 * sink in that order.  Every cut has an identifier derived from its place
 * in the tree (not from a counter), so results do not depend on the order
 * in which subtrees are computed.  The arithmetic is the kernel's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "engine/engine.h"
#include "kernel/kernel.h"

void
rc_enum_opts_init(rc_enum_opts *opts)
{
    opts->arithmetic = RC_ARITH_FILTERED;
    opts->eps = 1e-9;
    opts->lp_margin = 1e-7;
    opts->filter_margin = 0x1p-40;
    opts->max_regions = 0;
    opts->geometry = 1;
    opts->chebyshev = 1;
    opts->volume = 1;
    opts->certify_lp = 0;
    opts->stop = NULL;
}

void
rc_enum_summary_init(rc_enum_summary *s)
{
    memset(s, 0, sizeof *s);
}

void
rc_enum_summary_clear(rc_enum_summary *s)
{
    free(s->layer_counts);
    memset(s, 0, sizeof *s);
}

/* A piece under refinement: its polyhedron, its configuration so far and
 * the post-activations of the last refined layer on it. */
typedef struct cell {
    void *piece;
    unsigned char *pattern;
    void *map;
} cell;

typedef struct cell_list {
    cell *items;
    size_t len, cap;
} cell_list;

typedef struct engine {
    const rc_kernel_ops *ops;
    size_t maxw;
    void *ctx;
    const rc_net *net;
    const rc_enum_opts *opts;
    size_t L, dim, outputs, pattern_length;
    size_t *offset;              /* pattern offset of each hidden layer */
    rc_region_sink sink;
    void *user;
    size_t *layer_counts;
    size_t regions;
    rc_status stop;              /* RC_OK while running */
} engine;

/* splitmix64: identifiers of nodes and cuts from their place in the tree. */
static uint64_t
mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void
cell_clear(const engine *e, cell *c)
{
    e->ops->piece_free(c->piece);
    e->ops->map_free(c->map);
    free(c->pattern);
    c->piece = c->map = NULL;
    c->pattern = NULL;
}

static void
cell_list_clear(const engine *e, cell_list *l)
{
    size_t i;

    for (i = 0; i < l->len; i++)
        cell_clear(e, &l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

static rc_status
cell_list_push(cell_list *l, cell c)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        cell *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return RC_ERR_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = c;
    return RC_OK;
}

/* Cut every piece by the hyperplane of neuron j of layer l and set the
 * neuron's bit (index bit of the pattern) on each piece. */
static rc_status
cut_pieces(engine *e, rc_kernel_ws *ws, cell_list *pieces, size_t l,
           size_t j, uint64_t node_id)
{
    size_t i, len = pieces->len, bit = e->offset[l] + j;
    rc_status st;

    for (i = 0; i < len; i++) {
        cell *c = &pieces->items[i];
        rc_owner owner = {RC_OWNER_NEURON, (unsigned)l, (unsigned)j, 0, 0};
        cell twin = {NULL, NULL, NULL};
        void *neg = NULL, *pos = NULL;
        rc_side side;

        ws->stats.classifications++;
        if ((st = e->ops->classify(ws, &side, &c->piece, c->pattern, j)) != RC_OK)
            return st;
        if (side != RC_SIDE_BOTH) {
            c->pattern[bit] = side == RC_SIDE_POS;
            continue;
        }
        ws->stats.cuts++;
        /* Nonzero, and the same whichever worker makes it. */
        owner.cut = (unsigned long)(mix(node_id ^ mix(((uint64_t)j << 32) ^ i)) | 1u);
        if ((st = e->ops->split(ws, &neg, &pos, c->piece, j, owner)) != RC_OK)
            return st;
        twin.piece = pos;
        twin.pattern = malloc(e->pattern_length + 1);
        if (twin.pattern != NULL) {
            memcpy(twin.pattern, c->pattern, e->pattern_length + 1);
            twin.pattern[bit] = 1;
        }
        if (twin.pattern == NULL || cell_list_push(pieces, twin) != RC_OK) {
            e->ops->piece_free(neg);
            cell_clear(e, &twin);
            return rc_error_set(ws->err, RC_ERR_NOMEM, "out of memory");
        }
        c = &pieces->items[i];   /* the push may have moved the array */
        e->ops->piece_free(c->piece);
        c->piece = neg;
        c->pattern[bit] = 0;
    }
    return RC_OK;
}

/* Turn a final piece into a region and hand it to the sink. */
static rc_status
make_region(engine *e, rc_kernel_ws *ws, const cell *c)
{
    rc_region *r = rc_region_new(e->dim, e->outputs, e->pattern_length);
    rc_status st;

    if (r == NULL)
        return rc_error_set(ws->err, RC_ERR_NOMEM, "out of memory");
    memcpy(r->pattern, c->pattern, e->pattern_length);
    if (e->opts->geometry
        && (st = e->ops->region(ws, r, c->piece, c->map)) != RC_OK) {
        rc_region_free(r);
        return st;
    }
    r->id = ++e->regions;
    st = e->sink(e->user, r);
    if (st == RC_ERR_STOPPED)
        return rc_error_set(ws->err, st, "stopped by the region callback");
    if (st != RC_OK)
        return rc_error_set(ws->err, st, "the region sink failed: %s",
                            rc_status_string(st));
    return RC_OK;
}

static rc_status
over_limit(engine *e, rc_kernel_ws *ws, size_t l)
{
    if (e->opts->max_regions > 0 && e->layer_counts[l] > e->opts->max_regions)
        return rc_error_set(ws->err, RC_ERR_LIMIT,
                            "more than %zu regions after layer %zu",
                            e->opts->max_regions, l + 1);
    return RC_OK;
}

/* Refine a node of depth l (a region of Theta_l, l hidden layers done)
 * through the remaining layers; the node's contents are consumed. */
static rc_status
refine_node(engine *e, rc_kernel_ws *ws, cell *node, size_t l,
            uint64_t node_id)
{
    size_t width = e->net->sizes[l + 1], j, i;
    int last = l + 2 == e->L;
    cell_list pieces = {NULL, 0, 0};
    signed char *sides = NULL;
    rc_status st;

    if ((st = e->ops->compose(ws, l, node->map, node->pattern)) != RC_OK) {
        cell_clear(e, node);
        return st;
    }
    /* The hyperplanes that miss the whole node set their bit at once. */
    if (e->ops->node != NULL) {
        sides = calloc(width + 1, 1);
        if (sides == NULL) {
            cell_clear(e, node);
            return rc_error_set(ws->err, RC_ERR_NOMEM, "out of memory");
        }
        if ((st = e->ops->node(ws, sides, node->piece, width)) != RC_OK) {
            free(sides);
            cell_clear(e, node);
            return st;
        }
    }
    e->ops->map_free(node->map);
    node->map = NULL;
    if (cell_list_push(&pieces, *node) != RC_OK) {
        cell_clear(e, node);
        return rc_error_set(ws->err, RC_ERR_NOMEM, "out of memory");
    }
    node->piece = NULL;
    node->pattern = NULL;
    for (j = 0; j < width && st == RC_OK; j++) {
        if (sides != NULL && sides[j] != 0) {
            for (i = 0; i < pieces.len; i++)
                pieces.items[i].pattern[e->offset[l] + j] = sides[j] > 0;
            continue;
        }
        st = cut_pieces(e, ws, &pieces, l, j, node_id);
    }
    free(sides);
    /* Every child's map now, while the workspace holds this layer. */
    for (i = 0; i < pieces.len && st == RC_OK; i++) {
        cell *c = &pieces.items[i];
        st = e->ops->post(ws, &c->map, &c->piece, c->pattern + e->offset[l],
                          width);
    }
    if (st == RC_OK) {
        e->layer_counts[l] += pieces.len;
        st = over_limit(e, ws, l);
    }
    for (i = 0; i < pieces.len && st == RC_OK; i++) {
        cell *c = &pieces.items[i];
        if (last)
            st = make_region(e, ws, c);
        else
            st = refine_node(e, ws, c, l + 1, mix(node_id + i + 1));
        cell_clear(e, c);
        if (st == RC_OK && e->opts->stop != NULL && *e->opts->stop)
            st = rc_error_set(ws->err, RC_ERR_STOPPED, "stopped on request");
    }
    cell_list_clear(e, &pieces);
    return st;
}

static const rc_kernel_ops *
kernel_of(rc_arithmetic a)
{
    return a == RC_ARITH_EXACT ? &rc_kernel_exact
           : a == RC_ARITH_FLOAT ? &rc_kernel_float : &rc_kernel_filtered;
}

rc_status
rc_engine_run_view(const rc_view *view, const rc_enum_opts *opts_in,
                   rc_region_sink sink, void *user, rc_enum_summary *summary,
                   int *exact, rc_error *err)
{
    const rc_net *net = view->net;
    rc_enum_opts opts;
    engine e;
    rc_kernel_ws *ws = NULL;
    cell root = {NULL, NULL, NULL};
    size_t l;
    rc_status st;

    memset(&e, 0, sizeof e);
    if (opts_in != NULL)
        opts = *opts_in;
    else
        rc_enum_opts_init(&opts);
    if (!(opts.eps > 0.0) || !(opts.lp_margin >= 0.0)
        || !(opts.filter_margin >= 0.0))
        return rc_error_set(err, RC_ERR_ARG, "tolerances must be positive");
    if (view->n > RC_MAX_DIM || view->n < 1)
        return rc_error_set(err, RC_ERR_ARG,
                            "the domain has %zu free inputs; 1 to %d are "
                            "supported", view->n, RC_MAX_DIM);
    e.ops = kernel_of(opts.arithmetic);
    e.net = net;
    e.opts = &opts;
    e.L = net->num_layers;
    e.dim = view->n;
    e.outputs = net->sizes[e.L];
    e.pattern_length = rc_net_num_neurons(net);
    e.sink = sink;
    e.user = user;
    e.offset = calloc(e.L + 1, sizeof *e.offset);
    e.layer_counts = calloc(e.L + 1, sizeof *e.layer_counts);
    if (e.offset == NULL || e.layer_counts == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (l = 1; l < e.L; l++)
        e.offset[l] = e.offset[l - 1] + net->sizes[l];
    st = e.ops->ctx_new(&e.ctx, view, &opts, err);
    if (st == RC_ERR_NUMERIC && e.ops == &rc_kernel_filtered) {
        /* No floating-point frame fits this domain: decide all exactly. */
        e.ops = &rc_kernel_exact;
        st = e.ops->ctx_new(&e.ctx, view, &opts, err);
    }
    if (st != RC_OK)
        goto done;
    if (exact != NULL)
        *exact = e.ops == &rc_kernel_exact;
    if ((st = e.ops->ws_new(&ws, e.ctx, err)) != RC_OK)
        goto done;
    if ((st = e.ops->root(ws, &root.piece, &root.map)) != RC_OK)
        goto done;
    root.pattern = calloc(e.pattern_length + 1, 1);
    if (root.pattern == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (e.L == 1)
        st = make_region(&e, ws, &root);   /* no hidden layer: one region */
    else
        st = refine_node(&e, ws, &root, 0, 1);
done:
    if (e.ops != NULL)
        cell_clear(&e, &root);
    if (summary != NULL) {
        rc_enum_summary_clear(summary);
        summary->num_regions = e.regions;
        summary->num_hidden = e.L ? e.L - 1 : 0;
        summary->layer_counts = e.layer_counts;
        e.layer_counts = NULL;
        summary->complete = st == RC_OK;
        if (ws != NULL)
            summary->stats = ws->stats;
    }
    if (ws != NULL)
        e.ops->ws_free(ws);
    if (e.ctx != NULL)
        e.ops->ctx_free(e.ctx);
    free(e.offset);
    free(e.layer_counts);
    return st;
}

rc_status
rc_engine_run(const rc_net *net, const rc_domain *dom,
              const rc_enum_opts *opts, rc_region_sink sink, void *user,
              rc_enum_summary *summary, int *exact, rc_error *err)
{
    rc_view view;
    rc_status st;

    if (dom->num_inputs != net->sizes[0])
        return rc_error_set(err, RC_ERR_ARG,
                            "domain has %zu inputs, network has %zu",
                            dom->num_inputs, net->sizes[0]);
    if ((st = rc_view_from_domain(&view, net, dom, err)) != RC_OK)
        return st;
    st = rc_engine_run_view(&view, opts, sink, user, summary, exact, err);
    rc_view_clear(&view);
    return st;
}

/* The public sink: the user's callback sees the region, then it goes. */
typedef struct user_sink {
    rc_region_fn fn;
    void *user;
} user_sink;

static rc_status
call_user(void *p, rc_region *r)
{
    user_sink *u = p;
    int stop = u->fn(u->user, r);

    rc_region_free(r);
    return stop ? RC_ERR_STOPPED : RC_OK;
}

rc_status
rc_enumerate_each(const rc_net *net, const rc_domain *dom,
                  const rc_enum_opts *opts, rc_region_fn fn, void *user,
                  rc_enum_summary *summary, rc_error *err)
{
    user_sink u;

    u.fn = fn;
    u.user = user;
    return rc_engine_run(net, dom, opts, call_user, &u, summary, NULL, err);
}

static rc_status
keep_region(void *p, rc_region *r)
{
    return rc_partition_add(p, r);
}

rc_status
rc_enumerate(rc_partition **out, const rc_net *net, const rc_domain *dom,
             const rc_enum_opts *opts, rc_error *err)
{
    rc_partition *part;
    rc_enum_summary sum;
    size_t k;
    int exact = 0;
    rc_status st;

    *out = NULL;
    if ((st = rc_partition_new(&part, net, dom, 0, err)) != RC_OK)
        return st;
    rc_enum_summary_init(&sum);
    st = rc_engine_run(net, dom, opts, keep_region, part, &sum, &exact, err);
    part->exact = exact;
    part->arithmetic = opts != NULL ? opts->arithmetic : RC_ARITH_FILTERED;
    part->complete = sum.complete;
    part->stats = sum.stats;
    for (k = 0; k < part->num_hidden && sum.layer_counts != NULL; k++)
        part->layer_counts[k] = sum.layer_counts[k];
    rc_enum_summary_clear(&sum);
    if (st != RC_OK && st != RC_ERR_LIMIT && st != RC_ERR_STOPPED) {
        rc_partition_free(part);
        return st;
    }
    *out = part;
    return st;
}
