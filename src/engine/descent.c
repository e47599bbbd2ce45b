/* descent.c -- paths down the engine's layer tree, for the estimator
 * (descent.h): the children of a node are made by the engine's own
 * rc_make_children, so the paths meet exactly the enumeration's nodes. */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "engine/descent.h"
#include "engine/engine_internal.h"

/* ---- descents: paths down the tree, for the estimator (descent.h) ------- */

/* A worker's path: its current node (depth >= 1; none after finish or
 * up), and per depth l the children made at depth l that it may still
 * follow, and the identifier of its node of depth l (as in refine). */
typedef struct path {
    cell node;
    cell_list *kids;         /* [L]: kids[l] made at depth l */
    uint64_t *ids;           /* [L] */
    size_t depth;
} path;

struct rc_descent {
    engine e;
    rc_enum_opts opts;
    cell_list top;           /* the root's children (taken: piece NULL) */
    path *paths;             /* one per worker */
};

static void
path_clear(const engine *e, path *p)
{
    size_t l;

    rc_cell_clear(e, &p->node);
    for (l = 0; p->kids != NULL && l < e->L; l++)
        rc_cell_list_clear(e, &p->kids[l]);
}

rc_status
rc_descent_new(rc_descent **out, const rc_view *view, const rc_enum_opts *opts,
               size_t workers, rc_error *err)
{
    rc_descent *d;
    engine *e;
    size_t l, t;
    rc_status st = RC_OK;

    *out = NULL;
    if (workers < 1 || workers > RC_MAX_THREADS)
        return rc_error_set(err, RC_ERR_ARG, "1 to %d workers", RC_MAX_THREADS);
    if (view->n > RC_MAX_DIM || view->n < 1)
        return rc_error_set(err, RC_ERR_ARG, "the domain has %zu free inputs; "
                            "1 to %d are supported", view->n, RC_MAX_DIM);
    if (view->net->num_layers < 2)
        return rc_error_set(err, RC_ERR_ARG, "no hidden layer: no tree");
    if ((d = calloc(1, sizeof *d)) == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    if (opts != NULL)
        d->opts = *opts;
    else
        rc_enum_opts_init(&d->opts);
    d->opts.threads = (int)workers;
    d->opts.max_regions = 0;
    d->opts.time_limit = 0.0;
    d->opts.progress = NULL;
    e = &d->e;
    e->ops = kernel_of(d->opts.arithmetic);
    e->net = view->net;
    e->opts = &d->opts;
    e->L = view->net->num_layers;
    e->dim = view->n;
    e->outputs = view->net->sizes[e->L];
    e->pattern_length = rc_net_num_neurons(view->net);
    e->threads = workers;
    e->start = seconds();
    lock_init(&e->sink_lock);
    lock_init(&e->progress_lock);
    e->offset = calloc(e->L + 1, sizeof *e->offset);
    e->layer_counts = calloc(e->L + 1, sizeof *e->layer_counts);
    e->workers = aligned_alloc(64, workers * sizeof *e->workers);
    d->paths = calloc(workers, sizeof *d->paths);
    for (t = 0; d->paths != NULL && t < workers; t++) {
        d->paths[t].kids = calloc(e->L, sizeof *d->paths[t].kids);
        d->paths[t].ids = calloc(e->L, sizeof *d->paths[t].ids);
        if (d->paths[t].kids == NULL || d->paths[t].ids == NULL)
            st = RC_ERR_NOMEM;
    }
    if (e->offset == NULL || e->layer_counts == NULL || e->workers == NULL
        || d->paths == NULL || st != RC_OK) {
        free(e->workers);
        e->workers = NULL;
        rc_descent_free(d);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    memset(e->workers, 0, workers * sizeof *e->workers);
    for (l = 1; l < e->L; l++)
        e->offset[l] = e->offset[l - 1] + view->net->sizes[l];
    if (!(d->opts.eps > 0.0) || !(d->opts.lp_margin >= 0.0)
        || !(d->opts.filter_margin >= 0.0))
        st = rc_error_set(err, RC_ERR_ARG, "tolerances must be positive");
    if (st == RC_OK)
        st = e->ops->ctx_new(&e->ctx, view, &d->opts, err);
    if (st == RC_ERR_NUMERIC && e->ops == &rc_kernel_filtered) {
        e->ops = &rc_kernel_exact;   /* as in rc_engine_run_view */
        st = e->ops->ctx_new(&e->ctx, view, &d->opts, err);
    }
    for (t = 0; t < workers && st == RC_OK; t++)
        if ((st = e->ops->ws_new(&e->workers[t].ws, e->ctx,
                                 &e->workers[t].err)) != RC_OK)
            *err = e->workers[t].err;
    if (st != RC_OK) {
        rc_descent_free(d);
        return st;
    }
    *out = d;
    return RC_OK;
}

void
rc_descent_free(rc_descent *d)
{
    engine *e;
    size_t t;

    if (d == NULL)
        return;
    e = &d->e;
    rc_cell_list_clear(e, &d->top);
    for (t = 0; d->paths != NULL && t < e->threads; t++) {
        path_clear(e, &d->paths[t]);
        free(d->paths[t].kids);
        free(d->paths[t].ids);
    }
    for (t = 0; e->workers != NULL && t < e->threads; t++)
        if (e->workers[t].ws != NULL)
            e->ops->ws_free(e->workers[t].ws);
    if (e->ctx != NULL)
        e->ops->ctx_free(e->ctx);
    lock_destroy(&e->sink_lock);
    lock_destroy(&e->progress_lock);
    free(d->paths);
    free(e->workers);
    free(e->offset);
    free(e->layer_counts);
    free(d);
}

size_t
rc_descent_hidden(const rc_descent *d)
{
    return d->e.L - 1;
}

rc_status
rc_descent_root(rc_descent *d, size_t *n, rc_error *err)
{
    engine *e = &d->e;
    worker *w = &e->workers[0];
    cell root = {NULL, NULL, NULL, 0, ROOT_WEIGHT};
    rc_status st;

    *n = 0;
    rc_cell_list_clear(e, &d->top);
    if (e->ops->forget != NULL)
        e->ops->forget(w->ws);
    if ((st = e->ops->root(w->ws, &root.piece, &root.map)) != RC_OK) {
        *err = w->err;
        rc_cell_clear(e, &root);
        return st;
    }
    if ((root.pattern = calloc(e->pattern_length + 1, 1)) == NULL) {
        rc_cell_clear(e, &root);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    /* As next_level makes them: the root's pieces on every worker. */
    if ((st = rc_make_children(e, w, &root, 0, 1, &d->top, 1)) != RC_OK) {
        *err = w->err;
        return st;
    }
    *n = d->top.len;
    return RC_OK;
}

void
rc_descent_drop(rc_descent *d, size_t i)
{
    rc_cell_clear(&d->e, &d->top.items[i]);
}

void
rc_descent_start(rc_descent *d, size_t w, size_t i)
{
    engine *e = &d->e;
    path *p = &d->paths[w];

    path_clear(e, p);
    if (e->ops->forget != NULL)
        e->ops->forget(e->workers[w].ws);
    p->node = d->top.items[i];
    d->top.items[i].piece = d->top.items[i].map = NULL;
    d->top.items[i].pattern = NULL;
    p->depth = 1;
    p->ids[1] = mix(1 + i + 1);
}

rc_status
rc_descent_expand(rc_descent *d, size_t w, size_t *n, rc_error *err)
{
    engine *e = &d->e;
    path *p = &d->paths[w];
    rc_status st;

    *n = 0;
    if (p->node.pattern == NULL || p->depth + 1 >= e->L)
        return rc_error_set(err, RC_ERR_ARG, "no node to expand");
    rc_cell_list_clear(e, &p->kids[p->depth]);
    st = rc_make_children(e, &e->workers[w], &p->node, p->depth,
                          p->ids[p->depth], &p->kids[p->depth], 0);
    /* The node is done with: its children are what the path follows. */
    rc_cell_clear(e, &p->node);
    if (st != RC_OK) {
        *err = e->workers[w].err;
        return st;
    }
    *n = p->kids[p->depth].len;
    return RC_OK;
}

void
rc_descent_follow(rc_descent *d, size_t w, size_t i)
{
    engine *e = &d->e;
    path *p = &d->paths[w];
    cell *kid = &p->kids[p->depth].items[i];

    rc_cell_clear(e, &p->node);
    p->node = *kid;
    kid->piece = kid->map = NULL;
    kid->pattern = NULL;
    p->ids[p->depth + 1] = mix(p->ids[p->depth] + i + 1);
    p->depth++;
}

void
rc_descent_up(rc_descent *d, size_t w)
{
    engine *e = &d->e;
    path *p = &d->paths[w];

    rc_cell_clear(e, &p->node);
    rc_cell_list_clear(e, &p->kids[p->depth]);
    if (p->depth > 0)
        p->depth--;
}

rc_status
rc_descent_finish(rc_descent *d, size_t w, rc_error *err)
{
    engine *e = &d->e;
    path *p = &d->paths[w];
    rc_status st;

    if (p->node.pattern == NULL || p->depth + 1 != e->L)
        return rc_error_set(err, RC_ERR_ARG, "not at a leaf");
    /* make_region without its hand-over, which would count the regions
     * of every worker in one unguarded counter. */
    st = rc_engine_tick(e, &e->workers[w], e->L - 2, 0);
    if (st == RC_OK && e->opts->geometry) {
        rc_region *r = rc_region_new(e->dim, e->outputs, e->pattern_length);
        if (r == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        memcpy(r->pattern, p->node.pattern, e->pattern_length);
        st = e->ops->region(e->workers[w].ws, r, p->node.piece, p->node.map);
        rc_region_free(r);
    }
    rc_cell_clear(e, &p->node);
    if (st != RC_OK)
        *err = e->workers[w].err;
    return st;
}
