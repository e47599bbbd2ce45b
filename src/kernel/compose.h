/* compose.h -- the pre-activations of a layer on a piece, output-
 * sensitively; internal to kernel/ (float and filtered kernels).
 *
 * A node of the layer tree computes its layer's pre-activations
 * z = W a + b once, as a row block; each of its children sees them
 * through its own activation bits (its map: post-activations = the active
 * rows).  The children of one node differ in a few bits, so the next
 * layer's pre-activations of a child follow from a sibling's by a rank-k
 * update over the k flipped bits,
 *     z' = z + sum_{j flipped} (+-) W[:, j] (x) a_j,
 * at a cost of k N_{l+1} (n + 1) instead of N_l N_{l+1} (n + 1): about
 * one evaluation of each hyperplane per region.  With row bounds (the
 * filtered kernel) each update adds its own rounding to the sibling's
 * bound, and a full composition every RC_COMPOSE_CHAIN updates keeps the
 * bounds from drifting. */
#ifndef RC_COMPOSE_H
#define RC_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/float_frame.h"

#define RC_COMPOSE_CHAIN 64

/* Rows shared by the maps of one node's children (reference counted,
 * atomically: children may be refined by other threads). */
typedef struct rc_rowblock {
    int refs;
    uint64_t serial;          /* unique per block */
    size_t rows, d;
    double *v;                /* rows x d */
    double *e;                /* rows: bound on each row's error, or NULL */
    double *ninf;             /* rows: max norm of each row */
} rc_rowblock;

/* Post-activations on a piece: the active rows of a block. */
typedef struct rc_fmap {
    rc_rowblock *src;
    unsigned char *bits;      /* src->rows bytes, in the map's block */
} rc_fmap;

/* The last composition at one layer, for the next sibling's update. */
typedef struct rc_compose_cache {
    uint64_t src;             /* the block it came from (0: none) */
    unsigned char *bits;      /* the bits it used */
    double *zc;               /* the result, column-major: d x rows */
    double *e, *zmax;         /* rows: bounds (or unused), max norms */
    int chain;                /* updates since the last full composition */
} rc_compose_cache;

/* Per-layer transposes of the weights: Wt[l] is in x out (and |Wt|). */
typedef struct rc_compose_net {
    double **Wt, **absWt;
    size_t L;
} rc_compose_net;

rc_status rc_compose_net_init(rc_compose_net *cn, const rc_float_frame *f,
                              int with_abs);
void rc_compose_net_clear(rc_compose_net *cn);

rc_rowblock *rc_rowblock_new(size_t rows, size_t d, int with_err);
/* The same, its numbers not zeroed: for a caller that writes them all. */
rc_rowblock *rc_rowblock_new_raw(size_t rows, size_t d, int with_err);
void rc_rowblock_ref(rc_rowblock *b);
void rc_rowblock_unref(rc_rowblock *b);

/* A map (bits of `rows` bytes copied) on block src, which it references. */
rc_fmap *rc_fmap_new(rc_rowblock *src, const unsigned char *bits);
void rc_fmap_free(rc_fmap *m);
/* A copy of m (sharing its block); NULL when out of memory. */
void *rc_fmap_copy(const void *m);

rc_status rc_compose_cache_init(rc_compose_cache *c, size_t maxw, size_t d);
void rc_compose_cache_clear(rc_compose_cache *c);
/* Make the next composition a full one. */
void rc_compose_cache_forget(rc_compose_cache *c);

/* z (out x d, row-major) = the pre-activations of layer l on map, and,
 * when e is not NULL, a bound on each row's distance from the exact one
 * (map->src must then carry bounds).  cache (may be NULL) turns the work
 * into an update from the last composition at this layer when that came
 * from the same block.  Returns the number of rows of W touched (a
 * measure of the work). */
size_t rc_compose(double *z, double *e, const rc_float_frame *f,
                  const rc_compose_net *cn, size_t l, const rc_fmap *map,
                  rc_compose_cache *cache);

#endif
