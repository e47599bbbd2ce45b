/* descent.h -- paths down the engine's layer tree; internal.
 *
 * The layer tree (refine.c): the root is the domain, the children of a
 * node of depth l are the pieces the hyperplanes of hidden layer l+1 cut
 * it into, the leaves (depth = number of hidden layers) are the regions.
 * A descent makes the root's children once (on every worker, as the
 * engine makes them), and then each worker walks paths from them: it
 * takes one of the root's children, makes the children of its node,
 * follows one of them, later (after going back up) maybe another, down to
 * the leaves -- what Knuth's estimator of the size of a tree needs, and
 * its partial backtracking (estimate.c).  The children are
 * made by the engine's own make_children, with the identifiers of cuts the
 * enumeration gives them, so the paths see exactly the enumeration's
 * nodes.  The root's children are made once because a piece cannot be
 * copied: each is taken by one path at most. */
#ifndef RC_DESCENT_H
#define RC_DESCENT_H

#include <stddef.h>

#include "model/view.h"
#include "relucells/enumerate.h"

typedef struct rc_descent rc_descent;

/* Descents of the tree of view (at least one hidden layer) with opts
 * (NULL: defaults; threads, max_regions, time_limit and progress are
 * ignored, stop is honoured), by workers workers (numbered from 0; one
 * thread at a time each).  *d is owned by the caller (rc_descent_free). */
rc_status rc_descent_new(rc_descent **d, const rc_view *view,
                         const rc_enum_opts *opts, size_t workers,
                         rc_error *err);
void rc_descent_free(rc_descent *d);

/* The number of hidden layers: the depth of the leaves. */
size_t rc_descent_hidden(const rc_descent *d);

/* Make the root's children (on all the workers at once; no path may be
 * under way), dropping the ones an earlier call made: *n of them, in the
 * tree's order. */
rc_status rc_descent_root(rc_descent *d, size_t *n, rc_error *err);

/* Drop the root's child i (memory: one no path will take). */
void rc_descent_drop(rc_descent *d, size_t i);

/* Worker w starts a path at the root's child i (depth 1), which it takes
 * (once), with the kernel's memory of earlier compositions wiped: what
 * follows depends on i alone. */
void rc_descent_start(rc_descent *d, size_t w, size_t i);

/* Make the children of worker w's node (depth below hidden), which goes:
 * *n >= 1 of them, in the tree's order. */
rc_status rc_descent_expand(rc_descent *d, size_t w, size_t *n,
                            rc_error *err);

/* Make child i (< n of the last expand at this depth, not followed yet)
 * worker w's node, one deeper; the other children stay for later. */
void rc_descent_follow(rc_descent *d, size_t w, size_t i);

/* Back to the depth above, dropping worker w's node and the children it
 * made: follow may then take another of the children there. */
void rc_descent_up(rc_descent *d, size_t w);

/* At a leaf: complete its region as the enumeration would (its geometry
 * when opts->geometry), then drop it (the path stays at the leaf's depth:
 * up goes back). */
rc_status rc_descent_finish(rc_descent *d, size_t w, rc_error *err);

#endif
