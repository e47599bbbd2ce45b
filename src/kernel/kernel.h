/* kernel.h -- the geometric questions the enumeration asks; internal.
 *
 * The engine (engine/refine.c) knows only pieces (polyhedra), affine maps
 * on them and the answers to a few questions: the pre-activations of a
 * layer on a piece, the side of a piece a neuron's function is on, the two
 * pieces a hyperplane cuts a piece into, the map of the next layer, and
 * the region a final piece becomes.  A kernel answers them in one
 * arithmetic (the idea of CGAL's geometry kernels):
 *   - kernel_float.c: double precision with tolerances (GLPK for the
 *     close calls, which it counts as uncertain);
 *   - kernel_exact.c: exact rationals (GMP integers behind a filter);
 *   - kernel_filtered.c: double precision whose every sign carries a
 *     proven error bound, and the exact kernel for the signs the bound
 *     cannot decide (CGAL's filtered predicates): exact answers at about
 *     the cost of floating point.
 * A kernel has a context, built once and read-only afterwards (the
 * network in its arithmetic, the domain, the options), and a workspace
 * per worker (scratch, counters, error messages), so workers can share
 * the context.  The region a final piece becomes is completed by the
 * kernel's region function, and nowhere else. */
#ifndef RC_KERNEL_H
#define RC_KERNEL_H

#include <stdint.h>

#include "geom/poly.h"
#include "model/net_internal.h"
#include "model/view.h"
#include "result/partition_internal.h"

/* The part of every workspace the engine reads: counters and the error
 * of this worker.  Each kernel's workspace starts with it. */
typedef struct rc_kernel_ws {
    rc_enum_stats stats;
    rc_error *err;
} rc_kernel_ws;

typedef struct rc_kernel_ops {
    /* The constant context, and a workspace per worker (err receives
     * this worker's messages). */
    rc_status (*ctx_new)(void **ctx, const rc_view *view,
                         const rc_enum_opts *opts, rc_error *err);
    void (*ctx_free)(void *ctx);
    rc_status (*ws_new)(rc_kernel_ws **ws, const void *ctx, rc_error *err);
    void (*ws_free)(rc_kernel_ws *ws);
    /* The domain as a piece, and the map of layer 0 on it (the
     * coordinates themselves). */
    rc_status (*root)(rc_kernel_ws *ws, void **piece, void **map);
    /* Pre-activations of hidden layer l (0-based) on a node whose
     * post-activations of layer l-1 are map and whose pattern (of layers
     * before l) is pattern; kept in the workspace until the next call. */
    rc_status (*compose)(rc_kernel_ws *ws, size_t layer, const void *map,
                         const unsigned char *pattern);
    /* Optional (NULL: none).  After compose, with the node's piece: the
     * neurons of the layer whose hyperplane certainly misses the whole
     * piece, found at once (a bounding ball): sides[j] is +1 or -1 for
     * them (the side), 0 for the others.  Those need no classify. */
    rc_status (*node)(rc_kernel_ws *ws, signed char *sides, const void *piece,
                      size_t width);
    /* Side of the piece that neuron j's pre-activation is on.  pattern is
     * the piece's own (the bits of layer l set so far).  The kernel may
     * replace the piece's representation (filtered: go exact). */
    rc_status (*classify)(rc_kernel_ws *ws, rc_side *side, void **piece,
                          const unsigned char *pattern, size_t j);
    /* classify for a hyperplane that is only asked whether it cuts the
     * piece: the same answer, but nothing is left for split to read, so
     * the kernel may stop at the first two opposite signs.  May be NULL
     * (classify is used). */
    rc_status (*cuts)(rc_kernel_ws *ws, rc_side *side, void **piece,
                      const unsigned char *pattern, size_t j);
    /* Cut the piece by neuron j's hyperplane; called only right after
     * classify answered RC_SIDE_BOTH for the same piece and neuron. */
    rc_status (*split)(rc_kernel_ws *ws, void **neg, void **pos,
                       const void *piece, size_t j, rc_owner owner);
    /* split, for two pieces that will only be asked (cuts, classify)
     * whether hyperplanes cut them: never split, post or made regions.
     * The kernel may make them lighter.  May be NULL (split is used). */
    rc_status (*split_final)(rc_kernel_ws *ws, void **neg, void **pos,
                             const void *piece, size_t j, rc_owner owner);
    /* Post-activations of the current layer on a piece with layer bits
     * bits[0..width): the active rows of the pre-activations.  The kernel
     * may replace the piece's representation (filtered: back to float). */
    rc_status (*post)(rc_kernel_ws *ws, void **map, void **piece,
                      const unsigned char *bits, size_t width);
    /* Complete r from a final piece and its last post-activations:
     * facets, generators and incidences in raw coordinates, output map,
     * and as the options ask volume, interior point and Chebyshev ball.
     * r has its pattern set; dim and outputs sized. */
    rc_status (*region)(rc_kernel_ws *ws, rc_region *r, const void *piece,
                        const void *map);
    void (*piece_free)(void *piece);
    void (*map_free)(void *map);
    /* Optional.  Forget what earlier compositions left for later ones to
     * be updated from, so that what follows does not depend on the
     * workspace's history (rounding included): the engine calls it at the
     * start of every task, which makes results independent of the number
     * of threads. */
    void (*forget)(rc_kernel_ws *ws);
    /* Optional.  Take over src's current composition, as if compose had
     * been called on dst for the same node (dst shares src's rows).  NULL:
     * the engine composes on dst instead, which must then give the same
     * rows (the exact kernel). */
    rc_status (*adopt)(rc_kernel_ws *dst, const rc_kernel_ws *src);
    /* Optional (needed with forget).  A copy of a map that outlives it
     * (NULL: out of memory), for compose to be called on it later. */
    void *(*map_copy)(const void *map);
} rc_kernel_ops;

extern const rc_kernel_ops rc_kernel_float;
extern const rc_kernel_ops rc_kernel_exact;
extern const rc_kernel_ops rc_kernel_filtered;

#endif
