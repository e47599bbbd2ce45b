/* relucells/path.h -- a network along a path: every break point, exactly.
 *
 * A path is a curve x(t) through the input space: a segment
 *     x(t) = X0 + t (X1 - X0),  t in [0, 1],
 * a polyline (the segments P0 P1, P1 P2, ...: t in [0, m] for m segments,
 * segment k for t in [k, k+1]), or Raghu et al.'s circular arc
 *     x(theta) = cos(theta) X0 + sin(theta) X1,  theta in [0, angle].
 * Along it the network is piecewise affine (piecewise "a cos + b sin + c"
 * on an arc): a break point is a t where the activation pattern on
 * (t - eps, t) differs from the one on (t, t + eps) (Kubo et al.'s nodes,
 * Raghu et al.'s transitions), and a piece the interval between two.
 * Several neurons may flip at one t (a path through a vertex of the
 * partition, along a hyperplane, neurons that are identically zero on a
 * piece): the pattern on each side is the one of the open interval, found
 * exactly, so the neurons that flip are exactly those whose bits differ.
 * A path works in any input dimension: nothing of the input space is
 * enumerated.
 *
 * How: the pre-activations of every neuron along the current piece are
 * affine functions of t (of cos and sin on an arc), layer by layer; the
 * next break point is the smallest zero after t of any of them; there the
 * pattern of the next piece is decided layer by layer from the sign of
 * each pre-activation just after t (its value, else its derivative).  A
 * break point costs about one forward pass.  The arithmetic is that of
 * rc_enumerate: RC_ARITH_FILTERED (the default) decides in double precision
 * with proven error bounds and exactly where they cannot decide, so the
 * break points and patterns are those of exact arithmetic; RC_ARITH_EXACT
 * gives every number exactly; RC_ARITH_FLOAT decides within the bounds
 * (and counts the decisions it could not prove).
 *
 * Per piece: the pattern, and the derivative of each output along the path
 * -- on segments Kubo et al.'s NN gradient nabla_v u = (du/dt) / |X1 - X0|,
 * constant on a piece; per break point the gradient gap (eq. 5: the
 * gradient on the right minus the one on the left).  Per hidden layer d:
 * the transitions (neuron flips, Raghu et al.'s T), the distinct patterns
 * of the layer (A), and the trajectory length of the layer's image
 * z^(d)(x(t)) (post-activations), the integral of |dz^(d)/dt| -- exact on
 * segments (a sum over pieces), by closed forms or adaptive quadrature on
 * arcs.  Layers are numbered from 0 here (0 is the first hidden layer), as
 * in net.h; the writers number them from 1.
 *
 * Outputs: all of them (the default), or one scalar g = c^T f
 * (rc_path_opts.combine): --output K is c = e_K, f_10 - f_5 is
 * c = e_10 - e_5. */
#ifndef RELUCELLS_PATH_H
#define RELUCELLS_PATH_H

#include <gmp.h>
#include <stddef.h>

#include "relucells/enumerate.h"
#include "relucells/net.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_path rc_path;

typedef enum rc_path_kind {
    RC_PATH_SEGMENT = 0,
    RC_PATH_POLYLINE = 1,
    RC_PATH_ARC = 2
} rc_path_kind;

/* Options of a path; rc_path_opts_init sets every default. */
typedef struct rc_path_opts {
    /* RC_ARITH_FILTERED (exact decisions), RC_ARITH_EXACT (also exact
     * numbers), RC_ARITH_FLOAT (decisions within proven bounds only). */
    rc_arithmetic arithmetic;
    /* g = sum_o combine[o] f_o instead of all outputs: NULL (all), or an
     * array of rc_net_num_outputs numbers.  combine_q, when not NULL,
     * gives the same coefficients exactly (else the doubles' exact
     * values are used). */
    const double *combine;
    const mpq_t *combine_q;
    /* Keep the pattern of every piece (rc_path_piece_pattern).  1. */
    int keep_patterns;
    /* Stop with RC_ERR_LIMIT after this many break points (the result
     * holds those found, in order).  0: no limit. */
    size_t max_breakpoints;
    /* Arcs: relative accuracy asked of the adaptive quadrature of the
     * trajectory lengths where no closed form exists.  1e-12. */
    double length_tol;
    /* When not NULL, the computation stops (RC_ERR_STOPPED) soon after
     * *stop becomes nonzero. */
    const volatile int *stop;
} rc_path_opts;

void rc_path_opts_init(rc_path_opts *opts);

/* ---- Computing a path ------------------------------------------------------
 * Points are raw inputs of the network (before its NNet normalisation),
 * rc_net_num_inputs numbers each.  The input box of the network plays no
 * part: a path may leave it.  On success *path is a new result owned by
 * the caller (rc_path_free).  RC_ERR_LIMIT and RC_ERR_STOPPED also give a
 * result: the break points up to where it stopped (rc_path_complete is
 * 0).  The _q variants take exact points (the doubles' variants use the
 * exact values of the doubles). */
rc_status rc_path_segment(rc_path **path, const rc_net *net, const double *x0,
                          const double *x1, const rc_path_opts *opts,
                          rc_error *err);
rc_status rc_path_segment_q(rc_path **path, const rc_net *net,
                            const mpq_t *x0, const mpq_t *x1,
                            const rc_path_opts *opts, rc_error *err);
/* points: num_points >= 2 points, row-major (num_points x inputs);
 * consecutive points must differ. */
rc_status rc_path_polyline(rc_path **path, const rc_net *net,
                           const double *points, size_t num_points,
                           const rc_path_opts *opts, rc_error *err);
rc_status rc_path_polyline_q(rc_path **path, const rc_net *net,
                             const mpq_t *points, size_t num_points,
                             const rc_path_opts *opts, rc_error *err);
/* theta in [0, angle], 0 < angle <= 2 pi + 1e-9 (2 pi: the whole
 * circle, or ellipse when X0 and X1 are not orthogonal or of different
 * lengths).  The arc is walked in quarter turns, on each in the variable
 * u = tan(phi / 2), phi in [0, pi/2], where cos and sin are rational
 * functions of u and a pre-activation's sign is that of a quadratic in u:
 * so its zeros are exact (quadratic irrationals in exact mode).  An angle
 * that is the double nearest to k pi / 2 ends exactly there; another ends,
 * in exact mode, where tan(phi / 2) is the double nearest to it (within
 * 1e-16 of the angle). */
rc_status rc_path_arc(rc_path **path, const rc_net *net, const double *x0,
                      const double *x1, double angle,
                      const rc_path_opts *opts, rc_error *err);
rc_status rc_path_arc_q(rc_path **path, const rc_net *net, const mpq_t *x0,
                        const mpq_t *x1, double angle,
                        const rc_path_opts *opts, rc_error *err);

void rc_path_free(rc_path *path);

/* ---- The whole path ------------------------------------------------------ */

rc_path_kind rc_path_get_kind(const rc_path *path);
rc_arithmetic rc_path_arithmetic(const rc_path *path);
/* The combination c of the values g = c^T f (rc_net_num_outputs numbers),
 * or NULL when the values are the outputs. */
const double *rc_path_combination(const rc_path *path);
/* 1 unless a limit or a stop cut the walk short. */
int rc_path_complete(const rc_path *path);
/* Exact numbers are attached (RC_ARITH_EXACT). */
int rc_path_is_exact(const rc_path *path);
/* The end of the parameter: 1, the number of segments, or the angle. */
double rc_path_t_end(const rc_path *path);
size_t rc_path_num_inputs(const rc_path *path);
/* Values per point: the network's outputs, or 1 with a combination. */
size_t rc_path_num_values(const rc_path *path);
size_t rc_path_num_hidden(const rc_path *path);
/* Number of segments (1 for a segment; quarter turns for an arc). */
size_t rc_path_num_legs(const rc_path *path);
/* |X1 - X0| of segment k (Euclidean, raw inputs): Kubo's ||v||. */
double rc_path_leg_norm(const rc_path *path, size_t leg);
/* The point x(t) (raw inputs) of a parameter t of the path. */
rc_status rc_path_point(double *x, const rc_path *path, double t);
/* The values at t (rc_path_num_values), from the piece that holds t (at a
 * break point the one that starts there: the values are continuous). */
rc_status rc_path_value(double *v, const rc_path *path, double t);

/* Decisions: float, those made within their proven error bound
 * (possibly wrong); filtered, those that needed exact arithmetic. */
size_t rc_path_num_uncertain(const rc_path *path);
size_t rc_path_num_exact_steps(const rc_path *path);

/* ---- Break points (in order of t) --------------------------------------- */

typedef struct rc_path_flip {
    unsigned layer;     /* hidden layer, 0-based */
    unsigned neuron;    /* 0-based */
    int to;             /* the bit after the break point: 1 on, 0 off */
} rc_path_flip;

size_t rc_path_num_breakpoints(const rc_path *path);
double rc_path_breakpoint_t(const rc_path *path, size_t k);
/* The neurons that flip, by layer then neuron. */
size_t rc_path_breakpoint_num_flips(const rc_path *path, size_t k);
rc_path_flip rc_path_breakpoint_flip(const rc_path *path, size_t k,
                                     size_t i);
/* The layer that owns the break point: the lowest one among its flips
 * (the facet crossed belongs to it; flips of later layers at the same t
 * follow from it or meet it there). */
unsigned rc_path_breakpoint_layer(const rc_path *path, size_t k);
/* The values at x(t_k) (rc_path_num_values). */
const double *rc_path_breakpoint_value(const rc_path *path, size_t k);
/* The gradient gap: the derivative along the path per unit length of
 * input (Kubo's nabla_v) on the right minus the one on the left, per
 * value; on an arc, d/dtheta divided by |dx/dtheta| at t_k. */
const double *rc_path_breakpoint_gap(const rc_path *path, size_t k);
/* The piece that starts at the break point (the one before is that
 * minus 1). */
size_t rc_path_breakpoint_piece(const rc_path *path, size_t k);

/* ---- Pieces (in order of t; a polyline's pieces also end at its joints,
 * an arc's pieces run across its quarter turns) --------------------------- */

size_t rc_path_num_pieces(const rc_path *path);
double rc_path_piece_t0(const rc_path *path, size_t i);
double rc_path_piece_t1(const rc_path *path, size_t i);
size_t rc_path_piece_leg(const rc_path *path, size_t i);
/* The activation pattern (rc_net_num_neurons bytes 0/1), or NULL unless
 * rc_path_opts.keep_patterns. */
const unsigned char *rc_path_piece_pattern(const rc_path *path, size_t i);
/* Segments and polylines: d value / dt on the piece, and the same per unit
 * length of input (nabla_v: divided by the segment's |X1 - X0|).  NULL on
 * an arc. */
const double *rc_path_piece_slope_t(const rc_path *path, size_t i);
const double *rc_path_piece_slope(const rc_path *path, size_t i);
/* Arcs: value = c + a cos theta + b sin theta on the piece, as rows
 * (c, a, b) per value.  NULL on segments. */
const double *rc_path_piece_map(const rc_path *path, size_t i);

/* ---- Per layer ------------------------------------------------------------ */

/* Neuron flips of hidden layer l along the path (Raghu's transitions). */
size_t rc_path_layer_transitions(const rc_path *path, size_t l);
/* Distinct activation patterns of layer l's neurons met along the path
 * (counted by a 128-bit hash of each pattern). */
size_t rc_path_layer_patterns(const rc_path *path, size_t l);
/* Distinct patterns of the whole network (on a segment: the pieces). */
size_t rc_path_num_patterns(const rc_path *path);
/* Trajectory length of the image of the path at depth d: 0 the input
 * (raw), 1 .. L-1 the post-activations of hidden layer d-1 (0-based), L the
 * values (outputs or g).  *error (may be NULL) receives a bound on its
 * error: 0 up to rounding on segments; on arcs the quadrature's estimate. */
double rc_path_length(const rc_path *path, size_t d, double *error);

/* ---- Exact numbers (RC_ARITH_EXACT; NULL otherwise) --------------------- */

/* Segments and polylines: t_k exactly. */
mpq_srcptr rc_path_breakpoint_t_q(const rc_path *path, size_t k);
/* The values at x(t_k). */
mpq_srcptr rc_path_breakpoint_value_q(const rc_path *path, size_t k);
/* x(t_k) exactly into x (rc_path_num_inputs initialised rationals);
 * RC_ERR_ARG on an arc or without exact numbers. */
rc_status rc_path_breakpoint_point_q(mpq_t *x, const rc_path *path,
                                     size_t k);
mpq_srcptr rc_path_piece_t0_q(const rc_path *path, size_t i);
mpq_srcptr rc_path_piece_t1_q(const rc_path *path, size_t i);
/* d value / dt on the piece (rc_path_num_values). */
mpq_srcptr rc_path_piece_slope_t_q(const rc_path *path, size_t i);
/* |X1 - X0|^2 of segment k. */
mpq_srcptr rc_path_leg_norm2_q(const rc_path *path, size_t leg);
/* Arcs: break point k is theta = quarter pi/2 + 2 atan(u) with u =
 * a + b sqrt(D) exactly (b = 0: rational), and lo < u < hi with hi - lo
 * < 1e-30 (lo = hi = u when u is rational).  Piece maps (c, a, b) are
 * rational: rc_path_piece_map_q. */
rc_status rc_path_breakpoint_u_q(unsigned *quarter, mpq_srcptr *a,
                                 mpq_srcptr *b, mpz_srcptr *D,
                                 mpq_srcptr *lo, mpq_srcptr *hi,
                                 const rc_path *path, size_t k);
mpq_srcptr rc_path_piece_map_q(const rc_path *path, size_t i);

#ifdef __cplusplus
}
#endif
#endif
