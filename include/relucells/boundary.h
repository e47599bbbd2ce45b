/* relucells/boundary.h -- decision boundaries and level sets, exactly.
 *
 * On a region R the network is affine, f = A x + c, so inside R the level
 * set {f_k = level} and the tie set {f_i = f_j} lie on one hyperplane, cut
 * to R by R's facets: a segment in 2D, a convex polygon in 3D.  A
 * classifier decides for the largest output (or the smallest: ACAS Xu's
 * advisory is the argmin); its decision boundary in R is where the two
 * leading outputs tie,
 *     {x in R : f_i(x) = f_j(x) >= f_k(x) for every k}   (<= for argmin),
 * the tie hyperplane of i and j cut also by the m - 2 half-spaces
 * f_i >= f_k.  The union over the regions is the whole boundary, so it is
 * found exactly, with no sampling.  In an exact partition each piece is
 * computed in rationals from the region's exact facets and map, and its
 * vertices are exact; in float mode the same computation runs in double.
 *
 * A piece that lies along a facet of R (the tie hyperplane is the facet's
 * own) is reported by the region on the facet's active side only, so the
 * neighbour across does not repeat it.  A region on which two outputs are
 * equal everywhere contributes no piece (it is tied throughout: a
 * full-dimensional set, not a boundary); rc_boundary_num_tied counts them. */
#ifndef RELUCELLS_BOUNDARY_H
#define RELUCELLS_BOUNDARY_H

#include <gmp.h>
#include <stddef.h>
#include <stdio.h>

#include "relucells/partition.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_boundary rc_boundary;

typedef enum rc_boundary_kind {
    RC_BOUNDARY_CLASSES = 0,   /* where the two leading outputs tie */
    RC_BOUNDARY_LEVEL = 1      /* the level set f_k = level */
} rc_boundary_kind;

/* Options; rc_boundary_opts_init sets every default. */
typedef struct rc_boundary_opts {
    rc_boundary_kind kind;     /* default RC_BOUNDARY_CLASSES */
    int argmin;                /* classes: decide for the smallest output
                                  (default 0: the largest) */
    size_t output;             /* level: the output k, 0-based (default 0) */
    double level;              /* level: the value (default 0) */
    /* Level, exact mode: the value read exactly from this text ("0.1" is
     * 1/10, see rc_q_set_text) instead of the double; NULL (default): the
     * double's exact value. */
    const char *level_text;
    /* The box lo..hi (rc_partition_dim entries each) that cuts unbounded
     * regions; NULL (default): the bounding box of all vertices, grown by
     * half its size on each side.  Bounded regions are not cut. */
    const double *clip_lo, *clip_hi;
    /* Float mode: a constraint whose normal is within eps (relative) of
     * the hyperplane's counts as parallel, and a piece shorter (smaller)
     * than eps times the region's size is dropped.  Default 1e-12. */
    double eps;
} rc_boundary_opts;

void rc_boundary_opts_init(rc_boundary_opts *opts);

/* One piece of the boundary inside one region. */
typedef struct rc_boundary_piece {
    size_t region;             /* index of the region (0-based) */
    unsigned classes[2];       /* classes: the tied outputs i < j; level:
                                  the output k, twice (0-based) */
    size_t num_points;         /* 2D: 2 (from, to); 3D: >= 3, a convex
                                  polygon in cyclic order */
    const double *points;      /* num_points x dim */
} rc_boundary_piece;

/* The boundary of the network whose partition is part, for 2D and 3D
 * partitions (RC_ERR_ARG otherwise, or when output is out of range or
 * level_text is not a number).  *b is owned by the caller and does not
 * refer to part. */
rc_status rc_boundary_new(rc_boundary **b, const rc_partition *part,
                          const rc_boundary_opts *opts, rc_error *err);
void rc_boundary_free(rc_boundary *b);

size_t rc_boundary_num_pieces(const rc_boundary *b);
const rc_boundary_piece *rc_boundary_get_piece(const rc_boundary *b,
                                               size_t i);
/* Exact partitions: piece i's points as rationals (num_points x dim);
 * NULL in float mode. */
mpq_srcptr rc_boundary_piece_q(const rc_boundary *b, size_t i);
size_t rc_boundary_dim(const rc_boundary *b);
int rc_boundary_is_exact(const rc_boundary *b);
/* Regions on which a candidate pair of outputs (or output k and the
 * level) is equal everywhere. */
size_t rc_boundary_num_tied(const rc_boundary *b);

/* JSON: {"arithmetic", "dimension", "inputs" (the free inputs, from 1),
 * "kind": "classes" | "level", "decide": "argmax" | "argmin" (classes) or
 * "output", "level" (level), then "segments" (2D):
 * [{"from": [x, y], "to": [x, y], "region": id, "classes": [i, j]}] or
 * "polygons" (3D): [{"points": [[x, y, z], ...], "region", "classes"}],
 * regions and classes numbered from 1; for a level set "classes": [k].
 * Exact: coordinates (and the level) as strings "p/q".
 * CSV: one line per segment (2D: region,class_i,class_j,from_x..,to_x..)
 * or per polygon point (3D: piece,region,class_i,class_j,x..), class_j
 * empty for a level set. */
rc_status rc_boundary_write_json(FILE *out, const rc_boundary *b,
                                 rc_error *err);
rc_status rc_boundary_write_csv(FILE *out, const rc_boundary *b,
                                rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
