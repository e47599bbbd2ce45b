/* node.c -- one node of the layer tree cut into its children, and the
 * limits looked at while cutting (see engine_internal.h; the layer tree
 * and the order of children are described in refine.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "engine/engine_internal.h"

void
rc_cell_clear(const engine *e, cell *c)
{
    e->ops->piece_free(c->piece);
    e->ops->map_free(c->map);
    free(c->pattern);
    c->piece = c->map = NULL;
    c->pattern = NULL;
}

void
rc_cell_list_clear(const engine *e, cell_list *l)
{
    size_t i;

    for (i = 0; i < l->len; i++)
        rc_cell_clear(e, &l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

rc_status
rc_cell_list_push(cell_list *l, cell c)
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

/* Record the first failure (status st of worker w) and make every worker
 * stop; later failures are consequences and are dropped. */
rc_status
rc_engine_fail(engine *e, worker *w, rc_status st)
{
    if (st != RC_OK && !__atomic_exchange_n(&e->halt, 1, __ATOMIC_ACQ_REL)) {
        e->status = st;
        e->reason = w->reason;
        if (e->err != NULL)
            *e->err = w->err;
    }
    return st;
}

rc_status
rc_engine_stop_with(worker *w, rc_status st, rc_stop_reason reason, const char *msg)
{
    w->reason = reason;
    return rc_error_set(&w->err, st, "%s", msg);
}

static void
report_progress(engine *e, worker *w, size_t depth, double now)
{
    rc_progress p;

    if (!lock_try(&e->progress_lock))
        return;
    if (now >= e->next_progress) {
        size_t t;
        uint64_t done = 0;
        p.regions = 0;
        for (t = 0; t < e->threads; t++) {
            p.regions += __atomic_load_n(&e->workers[t].found, __ATOMIC_RELAXED);
            done += __atomic_load_n(&e->workers[t].done_weight, __ATOMIC_RELAXED);
        }
        p.depth = depth;
        p.elapsed = now - e->start;
        p.fraction = (double)done / (double)ROOT_WEIGHT;
        p.finished = 0;
        e->opts->progress(e->opts->progress_user, &p);
        e->next_progress = now + e->opts->progress_interval;
    }
    lock_give(&e->progress_lock);
}

/* The limits, looked at every CHECK_EVERY classifications: another
 * worker's failure, a stop request, the time limit, max_regions (counting
 * the pending pieces of the node at hand, layer l), and progress. */
static rc_status
check(engine *e, worker *w, size_t l, size_t pending)
{
    double now;

    if (LOAD(e->halt))
        return rc_engine_stop_with(w, RC_ERR_STOPPED, RC_STOP_NONE, "stopped");
    if (e->opts->stop != NULL && *e->opts->stop)
        return rc_engine_stop_with(w, RC_ERR_STOPPED, RC_STOP_REQUEST, "stopped on request");
    if (e->opts->max_regions > 0
        && LOAD(e->layer_counts[l]) + pending > e->opts->max_regions) {
        w->reason = RC_STOP_MAX_REGIONS;
        return rc_error_set(&w->err, RC_ERR_LIMIT,
                            "more than %zu regions after layer %zu",
                            e->opts->max_regions, l + 1);
    }
    if (e->deadline > 0.0 || e->opts->progress != NULL) {
        now = seconds();
        if (e->deadline > 0.0 && now >= e->deadline) {
            w->reason = RC_STOP_TIME;
            return rc_error_set(&w->err, RC_ERR_LIMIT,
                                "time limit of %g s reached",
                                e->opts->time_limit);
        }
        if (e->opts->progress != NULL && now >= e->next_progress)
            report_progress(e, w, l + 1, now);
    }
    return RC_OK;
}

rc_status
rc_engine_tick(engine *e, worker *w, size_t l, size_t pending)
{
    if (++w->ticks % CHECK_EVERY != 0)
        return LOAD(e->halt) ? rc_engine_stop_with(w, RC_ERR_STOPPED, RC_STOP_NONE, "stopped")
                             : RC_OK;
    return check(e, w, l, pending);
}

/* ---- one node ------------------------------------------------------------ */

/* Cut piece c by the hyperplane of neuron j of layer l: c becomes its
 * negative side and *twin its positive side.  A cut's identifier comes
 * from the node and the cuts that made the piece, so it does not depend
 * on who makes it.  how: SPLIT_FULL; SPLIT_FINAL, sides that will only be
 * asked whether hyperplanes cut them (kernel split_final); SPLIT_BARE,
 * sides that are final regions of which only the patterns are wanted
 * (cut_bare): their pieces are not made. */
enum { SPLIT_FULL, SPLIT_FINAL, SPLIT_BARE };

static rc_status
split_cell(engine *e, worker *w, cell *c, cell *twin, size_t l, size_t j,
           uint64_t node_id, int how)
{
    size_t bit = e->offset[l] + j;
    rc_owner owner = {RC_OWNER_NEURON, (unsigned)l, (unsigned)j, 0, 0};
    void *neg = NULL, *pos = NULL;
    rc_status st;

    w->ws->stats.cuts++;
    if (w->node_pieces != NULL)
        ADD(*w->node_pieces, 1);
    /* Nonzero, and the same whichever worker makes it.  (The terms are
     * chained through mix, not XORed: node ids and hyperplane numbers are
     * both mixes of small integers, and XOR would make (node a,
     * hyperplane b) collide with (node b, hyperplane a).) */
    owner.cut = (unsigned long)(mix(mix(mix(node_id) ^ c->path) + j) | 1u);
    if (how != SPLIT_BARE
        && (st = (how == SPLIT_FINAL && e->ops->split_final != NULL
                  ? e->ops->split_final : e->ops->split)
                 (w->ws, &neg, &pos, c->piece, j, owner)) != RC_OK)
        return st;
    *twin = *c;
    twin->piece = pos;
    twin->map = NULL;
    twin->path = mix(mix(c->path) + 2 * (uint64_t)j + 1);
    twin->pattern = malloc(e->pattern_length + 1);
    if (twin->pattern == NULL) {
        e->ops->piece_free(neg);
        rc_cell_clear(e, twin);
        return rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
    }
    memcpy(twin->pattern, c->pattern, e->pattern_length + 1);
    twin->pattern[bit] = 1;
    e->ops->piece_free(c->piece);
    c->piece = neg;
    c->path = mix(mix(c->path) + 2 * (uint64_t)j);
    c->pattern[bit] = 0;
    return RC_OK;
}

/* When more hyperplanes than this remain after the one that cuts a
 * piece, those that miss the piece are dropped before it is cut
 * (cut_down): below it, testing them on both sides costs less than
 * testing them once more. */
#define FILTER_FROM 8
/* The same for cut_bare, where a piece left whole costs less: measured on
 * random 3D and 4D networks with last layers of 16 and 48. */
#define BARE_FILTER_FROM 16

/* Classify piece c against neuron j of layer l: 1 if the hyperplane cuts
 * it, else 0 with the neuron's bit set.  signs: c may be cut by j next
 * (the kernel's split reads what this classification leaves). */
static rc_status
crosses(engine *e, worker *w, int *cut, cell *c, size_t l, size_t j,
        size_t made, int signs)
{
    rc_side side;
    rc_status st;

    if ((st = rc_engine_tick(e, w, l, made)) != RC_OK)
        return st;
    w->ws->stats.classifications++;
    st = (!signs && e->ops->cuts != NULL ? e->ops->cuts : e->ops->classify)
         (w->ws, &side, &c->piece, c->pattern, j);
    if (st != RC_OK)
        return st;
    *cut = side == RC_SIDE_BOTH;
    if (!*cut)
        c->pattern[e->offset[l] + j] = side == RC_SIDE_POS;
    return RC_OK;
}

/* The node's pieces so far, for max_regions. */
static size_t
pieces_made(const worker *w, size_t pending, size_t here)
{
    return w->node_pieces != NULL ? LOAD(*w->node_pieces) : pending + here;
}

/* Cut every piece of pieces by the hyperplane of neuron j of layer l, or
 * set the neuron's bit on it. */
static rc_status
cut_pieces(engine *e, worker *w, cell_list *pieces, size_t l, size_t j,
           uint64_t node_id, size_t pending)
{
    size_t i, len = pieces->len;
    rc_status st;

    for (i = 0; i < len; i++) {
        cell twin;
        int cut;

        if ((st = crosses(e, w, &cut, &pieces->items[i], l, j,
                          pieces_made(w, pending, pieces->len), 1)) != RC_OK)
            return st;
        if (!cut)
            continue;
        if ((st = split_cell(e, w, &pieces->items[i], &twin, l, j, node_id, SPLIT_FULL)) != RC_OK)
            return st;
        if (rc_cell_list_push(pieces, twin) != RC_OK) {
            rc_cell_clear(e, &twin);
            return rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
        }
    }
    return RC_OK;
}

/* Cut piece c (consumed) by the hyperplanes cand[0..n) of layer l, and
 * put its pieces in out.  c is split by the first hyperplane that cuts
 * it, and each side goes on with the later ones: so a piece meets the
 * same cuts in the same order as when every hyperplane is taken to every
 * piece in turn.  But when many hyperplanes remain, those that miss c are
 * dropped first (their bits set: they miss every piece of c), so that a
 * hyperplane is tested only on the pieces near it: in the plane, the
 * tests then number about the pieces, not the pieces times the
 * hyperplanes. */
static rc_status
cut_down(engine *e, worker *w, cell_list *out, cell *c, const unsigned *cand,
         size_t n, size_t l, uint64_t node_id, size_t pending)
{
    unsigned *kept = NULL;
    const unsigned *rest;
    size_t i, m, j;
    cell twin;
    rc_status st = RC_OK;
    int cut = 0;

    for (i = 0; i < n && st == RC_OK && !cut; i++)
        st = crosses(e, w, &cut, c, l, cand[i], pieces_made(w, pending, out->len + 1), 1);
    if (st != RC_OK || !cut) {
        if (st == RC_OK) {
            if (rc_cell_list_push(out, *c) == RC_OK)
                return RC_OK;
            st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
        }
        rc_cell_clear(e, c);
        return st;
    }
    j = cand[i - 1];
    rest = cand + i;
    m = n - i;
    if (m > FILTER_FROM) {
        if ((kept = malloc(m * sizeof *kept)) == NULL)
            st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
        for (i = 0, n = m, m = 0; i < n && st == RC_OK; i++)
            if ((st = crosses(e, w, &cut, c, l, rest[i],
                              pieces_made(w, pending, out->len + 1), 1)) == RC_OK && cut)
                kept[m++] = rest[i];
        rest = kept;
        /* The kernel's split reads what its last classification left
         * (the signs at the vertices): classify j again. */
        if (st == RC_OK
            && (st = crosses(e, w, &cut, c, l, j, pieces_made(w, pending, out->len + 1), 1)) == RC_OK
            && !cut)
            st = rc_error_set(&w->err, RC_ERR_NUMERIC, "internal error: a hyperplane "
                              "cuts a piece the first time it is asked but not the second");
    }
    if (st == RC_OK && (st = split_cell(e, w, c, &twin, l, j, node_id, SPLIT_FULL)) == RC_OK) {
        st = cut_down(e, w, out, c, rest, m, l, node_id, pending);
        if (st == RC_OK)
            st = cut_down(e, w, out, &twin, rest, m, l, node_id, pending);
        else
            rc_cell_clear(e, &twin);
        free(kept);
        return st;
    }
    free(kept);
    rc_cell_clear(e, c);
    return st;
}

/* Put c, and twin when not NULL, in out; both are consumed. */
static rc_status
push_pair(engine *e, worker *w, cell_list *out, cell *c, cell *twin)
{
    if (rc_cell_list_push(out, *c) != RC_OK) {
        rc_cell_clear(e, c);
        if (twin != NULL)
            rc_cell_clear(e, twin);
        return rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
    }
    if (twin != NULL && rc_cell_list_push(out, *twin) != RC_OK) {
        rc_cell_clear(e, twin);
        return rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
    }
    return RC_OK;
}

/* Whether the pieces that layer l's hyperplanes cut are final regions of
 * which only the patterns are wanted (opts->geometry 0). */
static int
bare_leaves(const engine *e, size_t l)
{
    return !e->opts->geometry && l + 2 == e->L;
}

/* cut_down for bare leaves.  A piece that one hyperplane alone cuts has
 * two regions, whose patterns are known without cutting it: so c is cut
 * only once a second hyperplane is found to cut it (the later one, whose
 * signs the kernel holds), and a piece cut by one is counted as two.
 * When no third one cuts c, its sides will be cut by the first at most:
 * they are made only for asking that (SPLIT_FINAL).  The hyperplanes
 * that are only asked whether they cut c are asked so (crosses, signs 0).
 * The regions and their patterns do not depend on the order of the cuts. */
static rc_status
cut_bare(engine *e, worker *w, cell_list *out, cell *c, const unsigned *cand,
         size_t n, size_t l, uint64_t node_id, size_t pending)
{
    unsigned *rest = NULL;
    size_t i, first = n, second = n, m = 0, by;
    cell twin;
    rc_status st = RC_OK;
    int cut = 0, again = 1;

#define ASK(j, signs) crosses(e, w, &cut, c, l, (j), \
                              pieces_made(w, pending, out->len + 1), (signs))
    for (i = 0; i < n && first == n && st == RC_OK; i++)
        if ((st = ASK(cand[i], 0)) == RC_OK && cut)
            first = i;
    if (st == RC_OK && first == n)
        return push_pair(e, w, out, c, NULL);
    if (st == RC_OK && (rest = malloc((n - first) * sizeof *rest)) == NULL)
        st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
    if (st == RC_OK && n - first - 1 > BARE_FILTER_FROM) {
        /* Many left: keep those that cut c (cut_down), and cut by the
         * first. */
        for (i = first + 1; i < n && st == RC_OK; i++)
            if ((st = ASK(cand[i], 0)) == RC_OK && cut)
                rest[m++] = cand[i];
        by = first;
    } else if (st == RC_OK) {
        for (i = first + 1; i < n && second == n && st == RC_OK; i++)
            if ((st = ASK(cand[i], 1)) == RC_OK && cut)
                second = i;
        if (second < n) {
            rest[m++] = cand[first];
            again = i < n;
            for (; i < n && m == 1 && st == RC_OK; i++)
                if ((st = ASK(cand[i], 0)) == RC_OK && cut)
                    rest[m++] = cand[i];
            for (; i < n; i++)
                rest[m++] = cand[i];
        }
        by = second < n ? second : first;
    }
    /* The kernel's split reads what the classification of by left: ask
     * it again when others were asked since (a kernel that still holds
     * it does not redo it). */
    if (st == RC_OK && m > 0 && again && (st = ASK(cand[by], 1)) == RC_OK && !cut)
        st = rc_error_set(&w->err, RC_ERR_NUMERIC, "internal error: a hyperplane "
                          "cuts a piece the first time it is asked but not the second");
#undef ASK
    if (st == RC_OK)
        st = split_cell(e, w, c, &twin, l, cand[by], node_id,
                        m == 0 ? SPLIT_BARE : m == 1 ? SPLIT_FINAL : SPLIT_FULL);
    if (st != RC_OK) {
        free(rest);
        rc_cell_clear(e, c);
        return st;
    }
    if (m == 0)
        st = push_pair(e, w, out, c, &twin);
    else {
        st = cut_bare(e, w, out, c, rest, m, l, node_id, pending);
        if (st == RC_OK)
            st = cut_bare(e, w, out, &twin, rest, m, l, node_id, pending);
        else
            rc_cell_clear(e, &twin);
    }
    free(rest);
    return st;
}

/* Cut the pieces by the hyperplanes j0.. of layer l that do not miss the
 * whole node (sides), then give each piece its map. */
static rc_status
cut_from(engine *e, worker *w, cell_list *pieces, size_t l, size_t j0,
         const signed char *sides, uint64_t node_id, size_t pending)
{
    size_t width = e->net->sizes[l + 1], j, i, n = 0;
    unsigned *cand = malloc((width + 1) * sizeof *cand);
    cell_list in = *pieces;
    rc_status st = RC_OK;

    if (cand == NULL)
        return rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
    for (j = j0; j < width; j++)
        if (sides == NULL || sides[j] == 0)
            cand[n++] = (unsigned)j;
    pieces->items = NULL;
    pieces->len = pieces->cap = 0;
    for (i = 0; i < in.len; i++) {
        if (st == RC_OK)
            st = (bare_leaves(e, l) ? cut_bare : cut_down)(e, w, pieces, &in.items[i],
                                                          cand, n, l, node_id, pending);
        else
            rc_cell_clear(e, &in.items[i]);
    }
    free(in.items);
    free(cand);
    /* (bare leaves need no maps) */
    for (i = 0; i < pieces->len && st == RC_OK && !bare_leaves(e, l); i++) {
        cell *c = &pieces->items[i];
        st = e->ops->post(w->ws, &c->map, &c->piece, c->pattern + e->offset[l],
                          width);
    }
    return st;
}

/* Children in the tree's order: by their bits of layer l. */
static size_t sort_offset, sort_width;
#ifdef _OPENMP
#pragma omp threadprivate(sort_offset, sort_width)
#endif

static int
by_layer_bits(const void *a, const void *b)
{
    const cell *x = a, *y = b;

    return memcmp(x->pattern + sort_offset, y->pattern + sort_offset, sort_width);
}

/* The pieces of node (depth l) into children, ordered, with their maps
 * and weights; the node's contents are consumed.  parallel: cut the
 * pieces on all threads once there are TOP_PIECES of them. */
rc_status
rc_make_children(engine *e, worker *w, cell *nd, size_t l, uint64_t node_id,
                 cell_list *children, int parallel)
{
    size_t width = e->net->sizes[l + 1], j = 0, i;
    signed char *sides = NULL;
    unsigned char *node_bits = NULL;
    cell_list pieces = {NULL, 0, 0};
    rc_status st;

    children->items = NULL;
    children->len = children->cap = 0;
    if ((st = e->ops->compose(w->ws, l, nd->map, nd->pattern)) != RC_OK)
        goto out;
    /* The hyperplanes that miss the whole node set their bit at once. */
    if (e->ops->node != NULL) {
        if ((sides = calloc(width + 1, 1)) == NULL) {
            st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
            goto out;
        }
        if ((st = e->ops->node(w->ws, sides, nd->piece, width)) != RC_OK)
            goto out;
    }
    /* Kept for the workers that compose this node themselves. */
    if (parallel && e->threads > 1 && e->ops->adopt == NULL) {
        if ((node_bits = malloc(e->pattern_length + 1)) == NULL) {
            st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
            goto out;
        }
        memcpy(node_bits, nd->pattern, e->pattern_length + 1);
    }
    {
        cell root = *nd;
        root.map = NULL;
        root.path = 0;
        if (rc_cell_list_push(&pieces, root) != RC_OK) {
            st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
            goto out;
        }
        nd->piece = NULL;
        nd->pattern = NULL;
        for (j = 0; sides != NULL && j < width; j++)
            if (sides[j] != 0)
                root.pattern[e->offset[l] + j] = sides[j] > 0;
    }
    if (!parallel) {
        st = cut_from(e, w, &pieces, l, 0, sides, node_id, 0);
    } else {
        /* Cut on this thread into TOP_PIECES pieces (whatever the number
         * of threads, so that every piece is made the same way), then each
         * piece on its own, on all threads, through the remaining
         * hyperplanes. */
        size_t n;
        cell_list *sub;
        for (j = 0; j < width && pieces.len < TOP_PIECES && st == RC_OK; j++)
            if (sides == NULL || sides[j] == 0)
                st = cut_pieces(e, w, &pieces, l, j, node_id, 0);
        n = pieces.len;
        if (st == RC_OK && (sub = calloc(n + 1, sizeof *sub)) == NULL)
            st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
        if (st == RC_OK) {
            rc_status *sts = calloc(e->threads, sizeof *sts);
            size_t k, p, total = 0, node_pieces = n;
            if (sts == NULL) {
                free(sub);
                st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
                goto out;
            }
#ifdef _OPENMP
#pragma omp parallel num_threads((int)e->threads)
#endif
            {
                size_t t = thread_index(), q;
                worker *v = &e->workers[t];
                rc_status s = RC_OK;
                v->node_pieces = &node_pieces;
                if (v != w) {
                    if (e->ops->forget != NULL)
                        e->ops->forget(v->ws);
                    s = e->ops->adopt != NULL ? e->ops->adopt(v->ws, w->ws)
                        : e->ops->compose(v->ws, l, nd->map, node_bits);
                }
                /* w's workspace is read by the others' adopt: nobody
                 * cuts (and so writes to it) before they are done. */
#ifdef _OPENMP
#pragma omp barrier
#pragma omp for schedule(dynamic, 1)
#endif
                for (q = 0; q < n; q++) {
                    if (s != RC_OK)
                        continue;
                    if (rc_cell_list_push(&sub[q], pieces.items[q]) != RC_OK) {
                        s = rc_error_set(&v->err, RC_ERR_NOMEM, "out of memory");
                        continue;
                    }
                    pieces.items[q].piece = NULL;
                    pieces.items[q].pattern = NULL;
                    s = cut_from(e, v, &sub[q], l, j, sides, node_id, 0);
                }
                v->node_pieces = NULL;
                sts[t] = s;
            }
            for (k = 0; k < e->threads; k++)
                if (sts[k] != RC_OK && st == RC_OK) {
                    st = sts[k];
                    if (&e->workers[k] != w)
                        w->err = e->workers[k].err;
                    w->reason = e->workers[k].reason;
                }
            free(sts);
            /* After a failure or a stop some pieces were never handed to a
             * worker: they are still here. */
            for (p = 0; p < n; p++)
                rc_cell_clear(e, &pieces.items[p]);
            pieces.len = 0;
            for (p = 0; p < n; p++)
                total += sub[p].len;
            if (st == RC_OK && total > pieces.cap) {
                cell *items = realloc(pieces.items, total * sizeof *items);
                if (items == NULL)
                    st = rc_error_set(&w->err, RC_ERR_NOMEM, "out of memory");
                else {
                    pieces.items = items;
                    pieces.cap = total;
                }
            }
            for (p = 0; p < n; p++) {
                if (st == RC_OK) {
                    memcpy(pieces.items + pieces.len, sub[p].items,
                           sub[p].len * sizeof *sub[p].items);
                    pieces.len += sub[p].len;
                    free(sub[p].items);
                } else {
                    rc_cell_list_clear(e, &sub[p]);
                }
            }
            free(sub);
        }
    }
    if (st != RC_OK)
        goto out;
    sort_offset = e->offset[l];
    sort_width = width;
    qsort(pieces.items, pieces.len, sizeof *pieces.items, by_layer_bits);
    for (i = 0; i < pieces.len; i++)
        pieces.items[i].weight = nd->weight / pieces.len;
    if (w->unit != NULL)
        w->counts[l] += pieces.len;
    if (ADD(e->layer_counts[l], pieces.len) > e->opts->max_regions
        && e->opts->max_regions > 0) {
        w->reason = RC_STOP_MAX_REGIONS;
        st = rc_error_set(&w->err, RC_ERR_LIMIT,
                          "more than %zu regions after layer %zu",
                          e->opts->max_regions, l + 1);
    }
out:
    free(sides);
    free(node_bits);
    rc_cell_clear(e, nd);
    if (st != RC_OK) {
        rc_cell_list_clear(e, &pieces);
        return st;
    }
    *children = pieces;
    return RC_OK;
}
