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
 * pieces that exist.  The arithmetic is the kernel's (kernel.h). */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "kernel/kernel.h"

void
rc_enum_opts_init(rc_enum_opts *opts)
{
    opts->eps = 1e-9;
    opts->lp_margin = 1e-7;
    opts->max_regions = 0;
    opts->chebyshev = 1;
    opts->volume = 1;
    opts->exact = 0;
    opts->certify_lp = 0;
}

/* A piece under refinement: its polyhedron, its configuration so far and
 * the post-activations of the last refined layer on it. */
typedef struct cell {
    void *poly;
    unsigned char *pattern;
    void *map;
} cell;

typedef struct cell_list {
    cell *items;
    size_t len, cap;
} cell_list;

static void
cell_clear(const rc_kernel *k, cell *c)
{
    k->ops->poly_free(c->poly);
    k->ops->map_free(c->map);
    free(c->pattern);
    c->poly = c->map = NULL;
    c->pattern = NULL;
}

static void
cell_list_clear(const rc_kernel *k, cell_list *l)
{
    size_t i;

    for (i = 0; i < l->len; i++)
        cell_clear(k, &l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

static rc_status
cell_list_push(cell_list *l, cell c)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        cell *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return RC_ERR_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = c;
    return RC_OK;
}

/* Cut every piece by the hyperplane of neuron j of the current layer and
 * set the neuron's bit (index bit of the pattern) on each piece. */
static rc_status
cut_pieces(rc_kernel *k, cell_list *pieces, size_t j, size_t bit,
           rc_owner owner, size_t pattern_bytes)
{
    size_t i, len = pieces->len;
    rc_status st;

    for (i = 0; i < len; i++) {
        cell *c = &pieces->items[i];
        rc_side side;
        cell twin = {NULL, NULL, NULL};
        void *neg = NULL, *pos = NULL;

        k->stats->classifications++;
        if ((st = k->ops->classify(k, &side, c->poly, j)) != RC_OK)
            return st;
        if (side != RC_SIDE_BOTH) {
            c->pattern[bit] = side == RC_SIDE_POS;
            continue;
        }
        k->stats->cuts++;
        owner.cut = k->stats->cuts;
        if ((st = k->ops->split(k, &neg, &pos, c->poly, j, owner)) != RC_OK)
            return st;
        twin.poly = pos;
        twin.pattern = malloc(pattern_bytes);
        if (twin.pattern != NULL) {
            memcpy(twin.pattern, c->pattern, pattern_bytes);
            twin.pattern[bit] = 1;
        }
        if (twin.pattern == NULL || cell_list_push(pieces, twin) != RC_OK) {
            k->ops->poly_free(neg);
            cell_clear(k, &twin);
            return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        }
        c = &pieces->items[i];   /* the push may have moved the array */
        k->ops->poly_free(c->poly);
        c->poly = neg;
        c->pattern[bit] = 0;
    }
    return RC_OK;
}

static rc_status
partition_alloc(rc_partition **out, const rc_net *net, const rc_domain *dom,
                int exact, rc_error *err)
{
    rc_partition *part = calloc(1, sizeof *part);
    size_t k, n = rc_domain_dim(dom);

    *out = NULL;
    if (part == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    part->dim = n;
    part->exact = exact;
    part->num_inputs = net->sizes[0];
    part->num_outputs = net->sizes[net->num_layers];
    part->num_hidden = net->num_layers - 1;
    part->pattern_length = rc_net_num_neurons(net);
    part->free_inputs = calloc(n, sizeof(size_t));
    part->hidden_sizes = calloc(part->num_hidden + 1, sizeof(size_t));
    part->layer_counts = calloc(part->num_hidden + 1, sizeof(size_t));
    part->centre = calloc(n, sizeof(double));
    part->scale = calloc(n, sizeof(double));
    if (!part->free_inputs || !part->hidden_sizes || !part->layer_counts
        || !part->centre || !part->scale) {
        rc_partition_free(part);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (k = 0; k < n; k++)
        part->free_inputs[k] = rc_domain_free_input(dom, k);
    for (k = 0; k < part->num_hidden; k++)
        part->hidden_sizes[k] = net->sizes[k + 1];
    rc_domain_internal_frame(dom, part->centre, part->scale);
    *out = part;
    return RC_OK;
}

/* Turn a final piece into a region of the partition; the piece is freed. */
static rc_status
make_region(rc_kernel *k, cell *c)
{
    rc_region *reg = rc_partition_push_region(k->part);
    rc_status st;

    if (reg == NULL) {
        cell_clear(k, c);
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    }
    memcpy(reg->pattern, c->pattern, k->part->pattern_length);
    st = k->ops->region(k, reg, c->poly, c->map);
    if (st != RC_OK)
        rc_partition_pop_region(k->part);
    cell_clear(k, c);
    return st;
}

/* Refine every cell of cur by hidden layer l into next or, for the last
 * hidden layer, straight into regions of the partition (so that the
 * pieces of the largest layer never all wait in memory at once). */
static rc_status
refine_layer(rc_kernel *k, cell_list *cur, cell_list *next, size_t l,
             size_t offset, int last)
{
    size_t width = k->net->sizes[l + 1], bytes = k->part->pattern_length + 1;
    size_t r, j, i;
    cell_list pieces = {NULL, 0, 0};
    rc_status st = RC_OK;

    for (r = 0; r < cur->len && st == RC_OK; r++) {
        cell *parent = &cur->items[r];

        if ((st = k->ops->compose(k, l, parent->map)) != RC_OK)
            break;
        pieces.len = 0;
        if ((st = cell_list_push(&pieces, (cell){parent->poly, parent->pattern,
                                 NULL})) != RC_OK) {
            st = rc_error_set(k->err, st, "out of memory");
            break;
        }
        parent->poly = NULL;
        parent->pattern = NULL;
        for (j = 0; j < width && st == RC_OK; j++) {
            rc_owner owner = {RC_OWNER_NEURON, (unsigned)l, (unsigned)j, 0, 0};
            st = cut_pieces(k, &pieces, j, offset + j, owner, bytes);
        }
        /* Hand the pieces on, each with its post-activations. */
        for (i = 0; i < pieces.len && st == RC_OK; i++) {
            cell *c = &pieces.items[i];
            st = k->ops->post(k, &c->map, c->pattern + offset, width);
            if (st == RC_OK && last)
                st = make_region(k, c);
            else if (st == RC_OK && cell_list_push(next, *c) != RC_OK)
                st = rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        }
        if (st != RC_OK)   /* pieces before i are handed on already */
            for (; i < pieces.len; i++)
                cell_clear(k, &pieces.items[i]);
        pieces.len = 0;
        cell_clear(k, parent);
        if (st == RC_OK && k->opts->max_regions > 0
            && (last ? k->part->num_regions : next->len) > k->opts->max_regions)
            st = rc_error_set(k->err, RC_ERR_LIMIT,
                              "more than %zu regions after layer %zu",
                              k->opts->max_regions, l + 1);
    }
    free(pieces.items);
    return st;
}

rc_status
rc_enumerate(rc_partition **out, const rc_net *net, const rc_domain *dom,
             const rc_enum_opts *opts_in, rc_error *err)
{
    rc_enum_opts opts;
    rc_kernel k;
    rc_partition *part = NULL;
    cell_list cur = {NULL, 0, 0}, next = {NULL, 0, 0};
    cell root = {NULL, NULL, NULL};
    size_t L, l, r, offset = 0;
    rc_status st;

    *out = NULL;
    if (opts_in != NULL)
        opts = *opts_in;
    else
        rc_enum_opts_init(&opts);
    if (dom->num_inputs != net->sizes[0])
        return rc_error_set(err, RC_ERR_ARG,
                            "domain has %zu inputs, network has %zu",
                            dom->num_inputs, net->sizes[0]);
    if (!(opts.eps > 0.0) || !(opts.lp_margin >= 0.0))
        return rc_error_set(err, RC_ERR_ARG, "tolerances must be positive");
    if (rc_domain_dim(dom) > 20)
        return rc_error_set(err, RC_ERR_ARG,
                            "the domain has %zu free inputs; at most 20 are "
                            "supported", rc_domain_dim(dom));
    if ((st = partition_alloc(&part, net, dom, opts.exact != 0, err)) != RC_OK)
        return st;
    k.ops = opts.exact ? &rc_kernel_exact : &rc_kernel_float;
    k.net = net;
    k.dom = dom;
    k.opts = &opts;
    k.part = part;
    k.stats = &part->stats;
    k.err = err;
    k.n = part->dim;
    k.impl = NULL;
    if ((st = k.ops->init(&k)) != RC_OK) {
        rc_partition_free(part);
        return st;
    }
    L = net->num_layers;
    st = k.ops->root(&k, &root.poly, &root.map);
    root.pattern = calloc(part->pattern_length + 1, 1);
    if (st == RC_OK && (root.pattern == NULL || cell_list_push(&cur, root) != RC_OK))
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    if (st != RC_OK) {
        cell_clear(&k, &root);
        goto fail;
    }
    for (l = 0; l + 1 < L; l++) {
        int last = l + 2 == L;
        st = refine_layer(&k, &cur, &next, l, offset, last);
        cell_list_clear(&k, &cur);
        cur = next;
        next = (cell_list){NULL, 0, 0};
        if (st != RC_OK)
            goto fail;
        part->layer_counts[l] = last ? part->num_regions : cur.len;
        offset += net->sizes[l + 1];
    }
    /* Without hidden layers the domain is the one region. */
    for (r = 0; r < cur.len; r++)
        if ((st = make_region(&k, &cur.items[r])) != RC_OK)
            goto fail;
    cell_list_clear(&k, &cur);
    st = rc_partition_finish(part, &opts, err);
    k.ops->clear(&k);
    if (st != RC_OK) {
        rc_partition_free(part);
        return st;
    }
    *out = part;
    return RC_OK;

fail:
    cell_list_clear(&k, &cur);
    cell_list_clear(&k, &next);
    k.ops->clear(&k);
    rc_partition_free(part);
    return st;
}
