/* refine.c -- layer-by-layer refinement of the domain into linear regions.
 *
 * Heinecke & Hwang (Prop. 3): let Theta_{k-1} be the regions after k-1
 * hidden layers.  On a region R of Theta_{k-1} the post-activations of layer
 * k-1 are an affine function of the input, so the pre-activations of layer
 * k, W_k a_{k-1} + b_k, are N_k affine functions on R.  Their zero sets split
 * R into the pieces of Theta_k that lie in R; a neuron whose function keeps
 * one sign on a piece has that bit of the configuration on the piece.  The
 * splitting is incremental: a piece is cut by the first hyperplane that
 * meets it and each side goes on with the later ones, those that miss the
 * piece dropped (node.c); the kernel rejects a hyperplane that misses a
 * piece from a ball about it or the signs of its function at the piece's
 * vertices, before any LP.  No pattern is ever guessed: the work is
 * proportional to the pieces that exist.
 *
 * The layer tree (a node of depth k is a region of Theta_k, its children
 * its pieces in Theta_{k+1}) is walked depth first: a node's pieces are
 * all made, then each is refined through the later layers before its
 * sibling is touched, so memory is bounded by the depth times the pieces
 * of one node, not by the number of regions.
 *
 * Order and threads.  A node's children are ordered by their bits of the
 * node's layer (lexicographically), an order that does not depend on how
 * they were made; the regions come in the depth-first order of the tree so
 * ordered, and are numbered 1, 2, ... in it.  Every identifier (of a node,
 * of a cut) comes from the place in that tree.  The tree is cut into
 * tasks in a way that depends on the tree alone: the top levels are made
 * first (a level at a time, nodes in parallel, or the pieces of a single
 * big node in parallel), down to the first level with at least
 * SPLIT_NODES nodes or the level above the final pieces; each run of up to
 * CHUNK siblings there is a task.
 * Workers take tasks in order and each refines its task depth first, with
 * the kernel's memory of earlier compositions wiped at the start (forget):
 * so every number computed, rounding included, is the same whatever the
 * number of threads.  A task's regions go to the sink when every earlier
 * task's have (a worker holding the oldest unfinished task hands its
 * regions over at once; others keep up to BUFFER_REGIONS in waiting).
 *
 * A caller may choose the tasks (opts->next_task): a task is then given the
 * next slot when it is taken, and the hand-over follows the slots instead
 * of the task numbers.  Each task counts the pieces it makes per layer, so
 * that what a subset of the tasks found adds up with the top levels'
 * counts (made once) to the whole tree's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/error_internal.h"
#include "engine/engine_internal.h"

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
    opts->threads = 1;
    opts->time_limit = 0.0;
    opts->progress = NULL;
    opts->progress_user = NULL;
    opts->progress_interval = 0.25;
    opts->next_task = NULL;
    opts->task_done = NULL;
    opts->task_user = NULL;
    opts->next_part = NULL;
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
    free(s->top_counts);
    memset(s, 0, sizeof *s);
}

const char *
rc_stop_reason_name(rc_stop_reason r)
{
    switch (r) {
    case RC_STOP_MAX_REGIONS: return "max-regions";
    case RC_STOP_TIME: return "time limit";
    case RC_STOP_REQUEST: return "interrupted";
    case RC_STOP_CALLBACK: return "stopped by the region callback";
    default: return "incomplete";
    }
}

int
rc_enum_threads_available(void)
{
#ifdef _OPENMP
    return omp_get_num_procs();
#else
    return 1;
#endif
}

/* ---- handing regions over, in order -------------------------------------- */

/* To the sink (under sink_lock when there are tasks). */
static rc_status
deliver(engine *e, worker *w, rc_region *r)
{
    rc_status st;

    if (e->sink_failed) {
        rc_region_free(r);
        return RC_ERR_STOPPED;
    }
    r->id = ++e->regions;
    st = e->sink(e->user, r);
    if (st == RC_OK)
        return RC_OK;
    e->sink_failed = 1;
    if (st == RC_ERR_STOPPED)
        return rc_engine_stop_with(w, st, RC_STOP_CALLBACK, "stopped by the region callback");
    w->reason = RC_STOP_NONE;
    return rc_error_set(&w->err, st, "the region sink failed: %s",
                        rc_status_string(st));
}

/* Hand over unit t's waiting regions (under sink_lock). */
static rc_status
flush(engine *e, worker *w, unit *t)
{
    rc_status st = RC_OK, s;
    size_t i;

    for (i = 0; i < t->out_len; i++) {
        s = deliver(e, w, t->out[i]);
        if (st == RC_OK)
            st = s;
    }
    ADD(e->buffered, -t->out_len);
    t->out_len = 0;
    return st;
}

static rc_status
emit(engine *e, worker *w, rc_region *r)
{
    unit *t = w->unit;
    rc_status st;

    __atomic_store_n(&w->found, w->found + 1, __ATOMIC_RELAXED);
    if (t == NULL)
        return deliver(e, w, r);
    for (;;) {
        if (LOAD(e->head) == w->index) {
            lock_take(&e->sink_lock);
            st = flush(e, w, t);
            if (st == RC_OK)
                st = deliver(e, w, r);
            else
                rc_region_free(r);
            lock_give(&e->sink_lock);
            return st;
        }
        if (LOAD(e->buffered) < BUFFER_REGIONS || LOAD(e->halt))
            break;
        pause_briefly();
    }
    if (t->out_len == t->out_cap) {
        size_t cap = t->out_cap ? 2 * t->out_cap : 64;
        rc_region **out = realloc(t->out, cap * sizeof *out);
        if (out == NULL) {
            rc_region_free(r);
            return rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
        }
        t->out = out;
        t->out_cap = cap;
    }
    t->out[t->out_len++] = r;
    ADD(e->buffered, 1);
    return RC_OK;
}

/* Report unit t, whose regions have all gone to the sink (under
 * sink_lock). */
static void
task_done(engine *e, unit *t)
{
    rc_task_result r;

    e->tasks_run++;
    if (e->opts->task_done == NULL)
        return;
    r.index = (size_t)(t->t - e->tasks);
    r.first = t->first;
    r.count = t->len;
    r.nodes = t->t->len;
    r.num_tasks = e->ntasks;
    r.regions = t->regions;
    r.num_hidden = e->L ? e->L - 1 : 0;
    r.layer_counts = t->counts;
    r.stats = t->stats;
    r.seconds = t->seconds;
    lock_take(&e->task_lock);
    e->opts->task_done(e->opts->task_user, &r);
    lock_give(&e->task_lock);
}

/* The unit of slot is finished: hand over every finished unit from the
 * head. */
static rc_status
finish_task(engine *e, worker *w, size_t slot)
{
    rc_status st = RC_OK, s;
    size_t h;
    unit *t;

    lock_take(&e->sink_lock);
    e->slots[slot]->done = 1;
    for (h = e->head; h < e->nnodes && (t = LOAD(e->slots[h])) != NULL
                      && t->done; h++) {
        s = flush(e, w, t);
        if (s == RC_OK && t->ok && !e->sink_failed)
            task_done(e, t);
        if (st == RC_OK)
            st = s;
    }
    STORE(e->head, h);
    lock_give(&e->sink_lock);
    return st;
}

/* Turn a final piece into a region and hand it over.  Making a region
 * counts as a step for the limits, like a classification: when the tasks
 * sit on the last level of the tree they do nothing else, and would
 * otherwise never look at the clock, the stop flag or the progress. */
static rc_status
make_region(engine *e, worker *w, cell *c)
{
    rc_region *r;
    rc_status st;

    if ((st = rc_engine_tick(e, w, e->L >= 2 ? e->L - 2 : 0, 0)) != RC_OK)
        return st;
    r = rc_region_new(e->dim, e->outputs, e->pattern_length);
    if (r == NULL)
        return rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
    memcpy(r->pattern, c->pattern, e->pattern_length);
    r->task = (size_t)(w->unit->t - e->tasks);
    r->task_k = w->task_found++;
    if (e->opts->geometry
        && (st = e->ops->region(w->ws, r, c->piece, c->map)) != RC_OK) {
        rc_region_free(r);
        return st;
    }
    __atomic_store_n(&w->done_weight, w->done_weight + c->weight, __ATOMIC_RELAXED);
    return emit(e, w, r);
}

/* Refine a node of depth l through the remaining layers, depth first; the
 * node's contents are consumed.  Its final pieces become regions. */
static rc_status
refine(engine *e, worker *w, cell *nd, size_t l, uint64_t id)
{
    cell_list children;
    size_t i;
    rc_status st;

    if (l + 1 == e->L) {
        st = make_region(e, w, nd);
        rc_cell_clear(e, nd);
        return st;
    }
    if ((st = rc_make_children(e, w, nd, l, id, &children, 0)) != RC_OK)
        return st;
    for (i = 0; i < children.len && st == RC_OK; i++) {
        st = refine(e, w, &children.items[i], l + 1, mix(id + i + 1));
        rc_cell_clear(e, &children.items[i]);
    }
    rc_cell_list_clear(e, &children);
    return st;
}

/* ---- the top of the tree and the tasks ----------------------------------- */

typedef struct node_list {
    node *items;
    size_t len;
} node_list;

static void
node_list_clear(const engine *e, node_list *l)
{
    size_t i;

    for (i = 0; l->items != NULL && i < l->len; i++)
        rc_cell_clear(e, &l->items[i].c);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

/* The next level of the tree: the children of every node of lv, in order
 * (lv is consumed), and for each child the index of its first sibling.
 * One node: its pieces in parallel; several: the nodes in parallel. */
static rc_status
next_level(engine *e, node_list *lv, node_list *next, size_t **starts)
{
    cell_list *kids = calloc(lv->len + 1, sizeof *kids);
    size_t i, k, total = 0, n = lv->len;
    rc_status st = RC_OK;

    next->items = NULL;
    next->len = 0;
    *starts = NULL;
    if (kids == NULL)
        return rc_engine_fail(e, &e->workers[0],
                              rc_error_set(&e->workers[0].err, RC_ERR_NOMEM, "out of memory"));
    if (n == 1) {
        worker *w = &e->workers[0];
        if (e->ops->forget != NULL)
            e->ops->forget(w->ws);
        st = rc_engine_fail(e, w, rc_make_children(e, w, &lv->items[0].c,
                                                   lv->items[0].layer,
                                                   lv->items[0].id, &kids[0], 1));
    } else {
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads((int)e->threads)
#endif
        for (i = 0; i < n; i++) {
            worker *w = &e->workers[thread_index()];
            if (LOAD(e->halt)) {
                rc_cell_clear(e, &lv->items[i].c);
                continue;
            }
            if (e->ops->forget != NULL)
                e->ops->forget(w->ws);
            rc_engine_fail(e, w, rc_make_children(e, w, &lv->items[i].c,
                                                  lv->items[i].layer,
                                                  lv->items[i].id, &kids[i], 0));
        }
        if (LOAD(e->halt))
            st = e->status;
    }
    for (i = 0; i < n; i++)
        total += kids[i].len;
    if (st == RC_OK
        && ((next->items = malloc((total + 1) * sizeof *next->items)) == NULL
            || (*starts = malloc((total + 1) * sizeof **starts)) == NULL))
        st = rc_engine_fail(e, &e->workers[0],
                            rc_error_set(&e->workers[0].err, RC_ERR_NOMEM, "out of memory"));
    for (i = 0; i < n; i++) {
        size_t first = next->len;
        for (k = 0; k < kids[i].len; k++) {
            if (st == RC_OK) {
                node *c = &next->items[next->len];
                c->c = kids[i].items[k];
                c->layer = lv->items[i].layer + 1;
                c->id = mix(lv->items[i].id + k + 1);
                (*starts)[next->len++] = first;
            } else {
                rc_cell_clear(e, &kids[i].items[k]);
            }
        }
        free(kids[i].items);
    }
    free(kids);
    node_list_clear(e, lv);
    return st;
}

static rc_status
no_memory(engine *e)
{
    return rc_engine_fail(e, &e->workers[0],
                          rc_error_set(&e->workers[0].err, RC_ERR_NOMEM,
                                       "out of memory"));
}

/* Runs of up to CHUNK siblings of the level as tasks (each unit refines
 * and clears its nodes).  Every unit is a whole task unless opts->next_part
 * chooses parts: then the nodes' maps are kept for the parts to replay
 * (when the kernel has a memory to replay and the nodes are not final
 * pieces). */
static rc_status
make_tasks(engine *e, const node_list *lv, const size_t *starts)
{
    size_t i, n = 0;

    e->level = lv->items;
    e->nnodes = lv->len;
    e->tasks = calloc(lv->len + 1, sizeof *e->tasks);
    e->units = calloc(lv->len + 1, sizeof *e->units);
    e->slots = calloc(lv->len + 1, sizeof *e->slots);
    e->task_nodes = calloc(lv->len + 1, sizeof *e->task_nodes);
    if (e->tasks == NULL || e->units == NULL || e->slots == NULL
        || e->task_nodes == NULL)
        return no_memory(e);
    for (i = 0; i < lv->len; i++) {
        if (i == 0 || starts[i] != starts[i - 1] || (i - starts[i]) % CHUNK == 0)
            e->tasks[n++].nodes = &lv->items[i];
        e->tasks[n - 1].len++;
    }
    e->ntasks = n;
    for (i = 0; i < n; i++)
        e->task_nodes[i] = e->tasks[i].len;
    if (e->opts->next_part != NULL) {
        if ((e->given = calloc(lv->len + 1, 1)) == NULL)
            return no_memory(e);
        if (e->ops->forget != NULL && lv->len > 0
            && lv->items[0].layer + 1 < e->L) {
            if ((e->replay = calloc(lv->len + 1, sizeof *e->replay)) == NULL)
                return no_memory(e);
            for (i = 0; i < lv->len; i++)
                if ((e->replay[i] = e->ops->map_copy(lv->items[i].c.map)) == NULL)
                    return no_memory(e);
        }
    } else if (e->opts->next_task == NULL) {
        for (i = 0; i < n; i++) {
            e->units[i].t = &e->tasks[i];
            e->units[i].len = e->tasks[i].len;
            e->slots[i] = &e->units[i];
        }
    }
    return RC_OK;
}

static void
sub_stats(rc_enum_stats *to, const rc_enum_stats *a, const rc_enum_stats *b)
{
    to->classifications = a->classifications - b->classifications;
    to->cuts = a->cuts - b->cuts;
    to->uncertain = a->uncertain - b->uncertain;
    to->lp_decisions = a->lp_decisions - b->lp_decisions;
    to->lp_calls = a->lp_calls - b->lp_calls;
    to->exact_signs = a->exact_signs - b->exact_signs;
    to->exact_decisions = a->exact_decisions - b->exact_decisions;
    to->exact_pieces = a->exact_pieces - b->exact_pieces;
}

/* What the kernel would hold when unit u's first node is refined within
 * its whole task: the compositions of the task's earlier nodes, made
 * again in order (after forget). */
static rc_status
replay(engine *e, worker *w, const unit *u)
{
    size_t i, base = (size_t)(u->t->nodes - e->level);
    rc_status st = RC_OK;

    for (i = 0; e->replay != NULL && i < u->first && st == RC_OK; i++)
        st = e->ops->compose(w->ws, u->t->nodes[i].layer, e->replay[base + i],
                             NULL);
    return st;
}

/* Run the unit of the slot. */
static void
run_task(engine *e, worker *w, size_t slot)
{
    unit *u = e->slots[slot];
    size_t i;
    rc_status st = RC_OK;
    rc_enum_stats before = w->ws->stats;
    double start = seconds();

    w->unit = u;
    w->index = slot;
    w->task_found = 0;
    memset(w->counts, 0, e->L * sizeof *w->counts);
    if (e->ops->forget != NULL)
        e->ops->forget(w->ws);
    st = replay(e, w, u);
    for (i = u->first; i < u->first + u->len; i++) {
        node *nd = &u->t->nodes[i];
        if (st == RC_OK && LOAD(e->halt))
            st = rc_engine_stop_with(w, RC_ERR_STOPPED, RC_STOP_NONE, "stopped");
        if (st == RC_OK)
            st = refine(e, w, &nd->c, nd->layer, nd->id);
        else
            rc_cell_clear(e, &nd->c);
    }
    if (st == RC_OK && e->opts->task_done != NULL) {
        u->counts = malloc((e->L + 1) * sizeof *u->counts);
        if (u->counts == NULL)
            st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
        else
            memcpy(u->counts, w->counts, e->L * sizeof *u->counts);
    }
    if (st == RC_OK) {
        u->ok = 1;
        u->regions = w->task_found;
        sub_stats(&u->stats, &w->ws->stats, &before);
        u->seconds = seconds() - start;
    }
    rc_engine_fail(e, w, st);
    rc_engine_fail(e, w, finish_task(e, w, slot));
    w->unit = NULL;
}

/* Task i's nodes first .. first + len - 1 as the next unit (under
 * task_lock), or RC_ERR_ARG when they are not a run of nodes of a task
 * that no unit holds yet. */
static rc_status
give(engine *e, worker *w, size_t i, size_t first, size_t len, size_t *slot)
{
    size_t k, base;
    unit *u;

    if (i >= e->ntasks)
        return rc_error_set(&w->err, RC_ERR_ARG, "the caller chose task %zu "
                            "of %zu", i, e->ntasks);
    if (len == 0 || first >= e->tasks[i].len || len > e->tasks[i].len - first)
        return rc_error_set(&w->err, RC_ERR_ARG, "the caller chose nodes %zu "
                            "to %zu of task %zu, which has %zu", first,
                            first + len - 1, i, e->tasks[i].len);
    base = (size_t)(e->tasks[i].nodes - e->level);
    if (e->given != NULL) {
        for (k = first; k < first + len; k++)
            if (e->given[base + k])
                return rc_error_set(&w->err, RC_ERR_ARG, "the caller chose "
                                    "node %zu of task %zu twice", k, i);
        memset(e->given + base + first, 1, len);
    } else if (e->tasks[i].taken) {
        return rc_error_set(&w->err, RC_ERR_ARG, "the caller chose task %zu "
                            "twice (of %zu)", i, e->ntasks);
    }
    e->tasks[i].taken = 1;
    u = &e->units[e->nslots];
    u->t = &e->tasks[i];
    u->first = first;
    u->len = len;
    *slot = e->nslots++;
    STORE(e->slots[*slot], u);
    return RC_OK;
}

/* The slot of the next unit for worker w, or 0 when there is none: the
 * next task in order, or the task or part that opts->next_task or
 * opts->next_part chooses. */
static int
take_task(engine *e, worker *w, size_t *slot)
{
    size_t i, first = 0, len = 0;
    int got = 0;

    if (e->opts->next_task == NULL && e->opts->next_part == NULL) {
        *slot = ADD(e->next_task, 1) - 1;
        return *slot < e->ntasks;
    }
    lock_take(&e->task_lock);
    if (!e->no_more && !LOAD(e->halt)) {
        if (e->opts->next_part != NULL) {
            i = e->opts->next_part(e->opts->task_user, e->ntasks,
                                   e->task_nodes, &first, &len);
        } else {
            i = e->opts->next_task(e->opts->task_user, e->ntasks);
            len = i < e->ntasks ? e->tasks[i].len : 1;
        }
        if (i == RC_NO_TASK) {
            e->no_more = 1;
        } else if (rc_engine_fail(e, w, give(e, w, i, first, len, slot))
                   != RC_OK) {
            e->no_more = 1;
        } else {
            got = 1;
        }
    }
    lock_give(&e->task_lock);
    return got;
}

static void add_stats(rc_enum_stats *to, const rc_enum_stats *s);

/* Enumerate from the root (consumed): the top levels, then the tasks. */
static void
run_tree(engine *e, cell *root)
{
    node_list lv = {NULL, 0}, next;
    size_t *starts = calloc(2, sizeof *starts), *next_starts, i;

    lv.items = malloc(sizeof *lv.items);
    if (lv.items == NULL || starts == NULL) {
        free(lv.items);
        free(starts);
        rc_cell_clear(e, root);
        rc_engine_fail(e, &e->workers[0],
                       rc_error_set(&e->workers[0].err, RC_ERR_NOMEM, "out of memory"));
        return;
    }
    lv.items[0].c = *root;
    lv.items[0].layer = 0;
    lv.items[0].id = 1;
    lv.len = 1;
    root->piece = root->map = NULL;
    root->pattern = NULL;
    /* Never down to the final pieces, which are the regions and should
     * stream, except for one hidden layer, where the root's pieces are
     * all there is (and are then made in parallel). */
    while (lv.len > 0 && lv.len < SPLIT_NODES && !LOAD(e->halt)
           && (lv.items[0].layer + 2 < e->L || e->L == 2)
           && lv.items[0].layer + 1 < e->L) {
        rc_status st = next_level(e, &lv, &next, &next_starts);
        free(starts);
        lv = next;
        starts = next_starts;
        if (st != RC_OK)
            break;
    }
    if (!LOAD(e->halt) && make_tasks(e, &lv, starts) == RC_OK) {
        /* What the top levels made, counted once. */
        memcpy(e->top_counts, e->layer_counts, e->L * sizeof *e->top_counts);
        for (i = 0; i < e->threads; i++)
            add_stats(&e->top_stats, &e->workers[i].ws->stats);
#ifdef _OPENMP
#pragma omp parallel num_threads((int)e->threads)
#endif
        {
            worker *w = &e->workers[thread_index()];
            size_t slot = 0;
            while (take_task(e, w, &slot))
                run_task(e, w, slot);
        }
    }
    if (e->units != NULL)
        for (i = 0; i < e->nnodes; i++) {
            free(e->units[i].out);
            free(e->units[i].counts);
        }
    if (e->replay != NULL)
        for (i = 0; i < e->nnodes; i++)
            e->ops->map_free(e->replay[i]);
    free(e->tasks);
    free(e->units);
    free(e->slots);
    free(e->task_nodes);
    free(e->given);
    free(e->replay);
    e->tasks = NULL;
    e->units = NULL;
    e->slots = NULL;
    e->task_nodes = NULL;
    e->given = NULL;
    e->replay = NULL;
    node_list_clear(e, &lv);
    free(starts);
}

static void
add_stats(rc_enum_stats *to, const rc_enum_stats *s)
{
    to->classifications += s->classifications;
    to->cuts += s->cuts;
    to->uncertain += s->uncertain;
    to->lp_decisions += s->lp_decisions;
    to->lp_calls += s->lp_calls;
    to->exact_signs += s->exact_signs;
    to->exact_decisions += s->exact_decisions;
    to->exact_pieces += s->exact_pieces;
}

rc_status
rc_engine_run_view(const rc_view *view, const rc_enum_opts *opts_in,
                   rc_region_sink sink, void *user, rc_enum_summary *summary,
                   int *exact, rc_error *err)
{
    const rc_net *net = view->net;
    rc_enum_opts opts;
    engine e;
    cell root = {NULL, NULL, NULL, 0, ROOT_WEIGHT};
    size_t l, t;
    rc_status st;

    memset(&e, 0, sizeof e);
    if (opts_in != NULL)
        opts = *opts_in;
    else
        rc_enum_opts_init(&opts);
    if (!(opts.eps > 0.0) || !(opts.lp_margin >= 0.0)
        || !(opts.filter_margin >= 0.0))
        return rc_error_set(err, RC_ERR_ARG, "tolerances must be positive");
    if (!(opts.time_limit >= 0.0) || !(opts.progress_interval >= 0.0))
        return rc_error_set(err, RC_ERR_ARG,
                            "the time limit and the progress interval must "
                            "not be negative");
    if (opts.threads < 0 || opts.threads > RC_MAX_THREADS)
        return rc_error_set(err, RC_ERR_ARG, "threads must be 0 (all cores) "
                            "to %d", RC_MAX_THREADS);
    if (view->n > RC_MAX_DIM || view->n < 1)
        return rc_error_set(err, RC_ERR_ARG,
                            "the domain has %zu free inputs; 1 to %d are "
                            "supported", view->n, RC_MAX_DIM);
    e.ops = kernel_of(opts.arithmetic);
    e.net = net;
    e.opts = &opts;
    e.err = err;
    e.L = net->num_layers;
    e.dim = view->n;
    e.outputs = net->sizes[e.L];
    e.pattern_length = rc_net_num_neurons(net);
    e.sink = sink;
    e.user = user;
    e.threads = opts.threads > 0 ? (size_t)opts.threads
                                 : (size_t)rc_enum_threads_available();
    if (e.threads > RC_MAX_THREADS)
        e.threads = RC_MAX_THREADS;
    e.start = seconds();
    e.deadline = opts.time_limit > 0.0 ? e.start + opts.time_limit : 0.0;
    e.next_progress = e.start + opts.progress_interval;
    lock_init(&e.sink_lock);
    lock_init(&e.progress_lock);
    lock_init(&e.task_lock);
    e.offset = calloc(e.L + 1, sizeof *e.offset);
    e.layer_counts = calloc(e.L + 1, sizeof *e.layer_counts);
    e.top_counts = calloc(e.L + 1, sizeof *e.top_counts);
    e.workers = aligned_alloc(64, e.threads * sizeof *e.workers);
    if (e.workers != NULL)
        memset(e.workers, 0, e.threads * sizeof *e.workers);
    for (t = 0; e.workers != NULL && t < e.threads; t++)
        if ((e.workers[t].counts = calloc(e.L + 1, sizeof *e.workers[t].counts))
            == NULL)
            break;
    if (e.offset == NULL || e.layer_counts == NULL || e.top_counts == NULL
        || e.workers == NULL || t < e.threads) {
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
    for (t = 0; t < e.threads && st == RC_OK; t++) {
        st = e.ops->ws_new(&e.workers[t].ws, e.ctx, &e.workers[t].err);
    }
    if (st != RC_OK) {
        *err = e.workers[t - 1].err;
        goto done;
    }
    if ((st = e.ops->root(e.workers[0].ws, &root.piece, &root.map)) != RC_OK) {
        *err = e.workers[0].err;
        goto done;
    }
    root.pattern = calloc(e.pattern_length + 1, 1);
    if (root.pattern == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    run_tree(&e, &root);
    st = e.halt ? e.status : RC_OK;
    if (opts.progress != NULL) {
        rc_progress p = {0, e.L ? e.L - 1 : 0, seconds() - e.start, 0.0, 1};
        uint64_t done = 0;
        for (t = 0; t < e.threads; t++) {
            p.regions += e.workers[t].found;
            done += e.workers[t].done_weight;
        }
        p.fraction = st == RC_OK ? 1.0 : (double)done / (double)ROOT_WEIGHT;
        opts.progress(opts.progress_user, &p);
    }
done:
    rc_cell_clear(&e, &root);
    if (summary != NULL) {
        rc_enum_summary_clear(summary);
        summary->num_regions = e.regions;
        summary->num_hidden = e.L ? e.L - 1 : 0;
        summary->layer_counts = e.layer_counts;
        e.layer_counts = NULL;
        summary->complete = st == RC_OK;
        summary->stop_reason = st == RC_OK ? RC_STOP_NONE : e.reason;
        summary->num_tasks = e.ntasks;
        summary->tasks_run = e.tasks_run;
        summary->top_counts = e.top_counts;
        e.top_counts = NULL;
        summary->top_stats = e.top_stats;
        for (t = 0; e.workers != NULL && t < e.threads; t++)
            if (e.workers[t].ws != NULL)
                add_stats(&summary->stats, &e.workers[t].ws->stats);
    }
    for (t = 0; e.workers != NULL && t < e.threads; t++) {
        if (e.workers[t].ws != NULL)
            e.ops->ws_free(e.workers[t].ws);
        free(e.workers[t].counts);
    }
    if (e.ctx != NULL)
        e.ops->ctx_free(e.ctx);
    lock_destroy(&e.sink_lock);
    lock_destroy(&e.progress_lock);
    lock_destroy(&e.task_lock);
    free(e.workers);
    free(e.offset);
    free(e.layer_counts);
    free(e.top_counts);
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
    part->stop_reason = sum.stop_reason;
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
