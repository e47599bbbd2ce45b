/* kernel.h -- the geometric questions the enumeration asks; internal.
 *
 * The engine (refine.c) knows only pieces (polyhedra), affine maps on them
 * and the answers to a few questions: the pre-activations of a layer on a
 * piece, the side of a piece a neuron's function is on, the two pieces a
 * hyperplane cuts a piece into, and the region a final piece becomes.  A
 * kernel answers them in one arithmetic: kernel_float.c in double
 * precision (GLPK for the close calls), kernel_exact.c in exact rationals
 * (GMP, cddlib).  The engine is written once, for both (the idea of CGAL's
 * geometry kernels). */
#ifndef RC_KERNEL_H
#define RC_KERNEL_H

#include "model/domain_internal.h"
#include "model/net_internal.h"
#include "result/partition_internal.h"
#include "geom/poly.h"

typedef struct rc_kernel rc_kernel;

typedef struct rc_kernel_ops {
    /* Allocate the kernel's private state. */
    rc_status (*init)(rc_kernel *k);
    void (*clear)(rc_kernel *k);
    /* The domain as a piece, and the normalised inputs x_n as affine
     * functions on it (num_inputs rows). */
    rc_status (*root)(rc_kernel *k, void **poly, void **map);
    /* Pre-activations of hidden layer l (0-based) on a piece whose
     * post-activations of layer l-1 are map; kept in the kernel until the
     * next call. */
    rc_status (*compose)(rc_kernel *k, size_t layer, const void *map);
    /* Side of poly that neuron j's pre-activation is on. */
    rc_status (*classify)(rc_kernel *k, rc_side *side, const void *poly,
                          size_t j);
    /* Cut poly by neuron j's hyperplane; called only right after classify
     * answered RC_SIDE_BOTH for the same piece and neuron. */
    rc_status (*split)(rc_kernel *k, void **neg, void **pos, const void *poly,
                       size_t j, rc_owner owner);
    /* Post-activations of the current layer on a piece with layer bits
     * bits[0..width): the active rows of the pre-activations. */
    rc_status (*post)(rc_kernel *k, void **map, const unsigned char *bits,
                      size_t width);
    /* Fill r from a final piece and its last post-activations: geometry
     * in raw coordinates, output map, volume.  The piece stays the
     * caller's. */
    rc_status (*region)(rc_kernel *k, rc_region *r, const void *poly,
                        const void *map);
    void (*poly_free)(void *poly);
    void (*map_free)(void *map);
} rc_kernel_ops;

struct rc_kernel {
    const rc_kernel_ops *ops;
    const rc_net *net;
    const rc_domain *dom;
    const rc_enum_opts *opts;
    rc_partition *part;
    rc_enum_stats *stats;
    rc_error *err;
    size_t n;            /* free inputs */
    void *impl;
};

extern const rc_kernel_ops rc_kernel_float;
extern const rc_kernel_ops rc_kernel_exact;

#endif
