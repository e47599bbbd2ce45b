/* relucells/pathstats.h -- the statistics of many paths: the measures of
 * Kubo et al., Kim & Kim and Raghu et al. over pairs of samples.
 *
 * Kubo et al. (linear input paths X(t) = (1 - t) X0 + t X1): the number of
 * nodes K (break points) per path; the gradient gaps Y_k (eq. 5, per unit
 * length of input, rc_path_breakpoint_gap) and sigma^2 = E[Y^2], the
 * second moment of their distribution P (taken with mean zero, as in the
 * paper); the gradient gap deviation of Theorem 3.2,
 * sigma sqrt(k (1 - k/K)) at the midpoint k = floor(K/2) (mean over
 * paths), and its largest value (1/2) sigma sqrt(K) at the mean K; the
 * gradient deflection (eq. 8), the root mean square over pairs of
 *     D(t) = grad(t) - (grad(1) - grad(0)) t - grad(0)
 * at t = 1/2 and on a grid of t (grad(t): the gradient on the piece that
 * starts at t or contains it), and its discrete form at the middle node
 * (their Figures 3 to 5, beside the gap deviation): the root mean square of
 * T_k = (R_k - R_0) - (k/K)(R_K - R_0), k = floor(K/2), R_k the gradient on
 * the k-th piece; and per hidden layer E[Y^2] over the break points that
 * layer owns (Theorem 3.3 predicts two scales).
 * Kim & Kim (Table 1): per hidden layer, the share of break points owned
 * by the layer and the mean and largest size ||Y||_2 of their gradient
 * jumps (divided by |X1 - X0| like Kubo's), divided by the standard
 * deviation of all sizes when normalised, as the paper does.
 * Their Table 3, with near_zero = h > 0 and one value g: the neurons that
 * flip within h (in t) of a zero of g along the path (a crossing of the
 * decision boundary of a logit difference), per hidden layer.
 * Raghu et al.: per hidden layer the transitions and distinct patterns per
 * path, and the mean trajectory length at each depth.
 * With several values (all outputs), Kubo's measures pool them (each
 * output's gaps and D values are samples) and Kim & Kim's size is the norm
 * of the gap vector; choose one output or a combination
 * (rc_path_opts.combine) for the papers' scalar u. */
#ifndef RELUCELLS_PATHSTATS_H
#define RELUCELLS_PATHSTATS_H

#include <gmp.h>
#include <stddef.h>

#include "relucells/net.h"
#include "relucells/path.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_path_stats rc_path_stats;

typedef struct rc_path_stats_opts {
    /* The deflection also at t = i / grid, i = 0 .. grid; 0: only at 1/2. */
    size_t grid;
    /* Bins of the histogram of K.  20. */
    size_t bins;
    /* Kim & Kim's sizes divided by the standard deviation of them all. */
    int normalise;
    /* Kim & Kim's Table 3: count the flips within near_zero of a zero of
     * the value along a segment (one value only).  0: not counted. */
    double near_zero;
} rc_path_stats_opts;

void rc_path_stats_opts_init(rc_path_stats_opts *opts);

/* Statistics for paths of net with num_values values each (the outputs,
 * or 1 with a combination). */
rc_status rc_path_stats_new(rc_path_stats **stats, const rc_net *net,
                            size_t num_values, const rc_path_stats_opts *opts,
                            rc_error *err);
void rc_path_stats_free(rc_path_stats *stats);
/* Add one path (a segment for Kubo's deflection; any path otherwise). */
rc_status rc_path_stats_add(rc_path_stats *stats, const rc_path *path,
                            rc_error *err);

size_t rc_path_stats_num_paths(const rc_path_stats *stats);
size_t rc_path_stats_num_hidden(const rc_path_stats *stats);
size_t rc_path_stats_num_values(const rc_path_stats *stats);
/* Paths with exact steps (filtered) or uncertain decisions (float). */
size_t rc_path_stats_exact_steps(const rc_path_stats *stats);
size_t rc_path_stats_uncertain(const rc_path_stats *stats);

/* Number of break points K per path. */
double rc_path_stats_k_mean(const rc_path_stats *stats);
double rc_path_stats_k_sd(const rc_path_stats *stats);
size_t rc_path_stats_k_min(const rc_path_stats *stats);
size_t rc_path_stats_k_max(const rc_path_stats *stats);
/* The histogram of K: bins of equal width over [k_min, k_max + 1). */
size_t rc_path_stats_k_bins(const rc_path_stats *stats);
size_t rc_path_stats_k_bin(const rc_path_stats *stats, size_t i, double *lo,
                           double *hi);

/* Kubo et al. */
size_t rc_path_stats_num_gaps(const rc_path_stats *stats);
double rc_path_stats_gap_mean(const rc_path_stats *stats);
double rc_path_stats_gap_sigma2(const rc_path_stats *stats);
double rc_path_stats_gap_deviation(const rc_path_stats *stats);
double rc_path_stats_gap_deviation_max(const rc_path_stats *stats);
/* At t = 1/2; grid point i (t = i / grid) into *t; at the middle node. */
double rc_path_stats_deflection(const rc_path_stats *stats);
double rc_path_stats_deflection_node(const rc_path_stats *stats);
size_t rc_path_stats_grid(const rc_path_stats *stats);
double rc_path_stats_deflection_at(const rc_path_stats *stats, size_t i,
                                   double *t);

/* Per hidden layer l (0-based). */
size_t rc_path_stats_layer_breakpoints(const rc_path_stats *stats, size_t l);
double rc_path_stats_layer_share(const rc_path_stats *stats, size_t l);
double rc_path_stats_layer_gap_sigma2(const rc_path_stats *stats, size_t l);
double rc_path_stats_layer_jump_mean(const rc_path_stats *stats, size_t l);
double rc_path_stats_layer_jump_max(const rc_path_stats *stats, size_t l);
double rc_path_stats_layer_transitions(const rc_path_stats *stats, size_t l);
double rc_path_stats_layer_patterns(const rc_path_stats *stats, size_t l);
/* Kim & Kim's Table 3: flips of layer l within near_zero of a zero of the
 * value, their percentage of all such flips, and the zeros met. */
size_t rc_path_stats_layer_near_zero(const rc_path_stats *stats, size_t l);
double rc_path_stats_layer_near_zero_share(const rc_path_stats *stats,
                                           size_t l);
size_t rc_path_stats_num_zeros(const rc_path_stats *stats);
/* The standard deviation the jumps are divided by (1 unless normalised). */
double rc_path_stats_jump_scale(const rc_path_stats *stats);
/* Mean trajectory length at depth d (0 input .. L values), per path. */
double rc_path_stats_length(const rc_path_stats *stats, size_t d);

/* ---- Many paths -------------------------------------------------------- */

typedef enum rc_pairs_kind {
    RC_PAIRS_RANDOM = 0,      /* count pairs i != j drawn at random */
    RC_PAIRS_ALL = 1,         /* every i < j */
    RC_PAIRS_CONSECUTIVE = 2  /* (0, 1), (1, 2), ... */
} rc_pairs_kind;

/* The pairs (pairs[2k], pairs[2k+1]) of sample indices; *pairs is
 * malloc'd (free it).  Random pairs come from seed alone (xoshiro256**),
 * the same on every machine. */
rc_status rc_pairs_make(size_t **pairs, size_t *num_pairs, rc_pairs_kind kind,
                        size_t count, size_t num_samples, unsigned long seed,
                        rc_error *err);

typedef struct rc_paths_opts {
    rc_path_opts path;        /* each path's (its keep_patterns is unused) */
    /* 0: the segments X0 -> X1; an angle: Raghu et al.'s arcs
     * cos(theta) X0 + sin(theta) X1, theta in [0, arc] (pi/2 joins the two
     * samples), for which Kubo's deflection is not defined. */
    double arc;
    /* Threads (OpenMP): 0 as many as the machine has, 1 none. */
    size_t threads;
    /* Called from the calling thread now and then, and at the end. */
    void (*progress)(void *user, size_t done, size_t total,
                     size_t breakpoints);
    void *progress_user;
} rc_paths_opts;

void rc_paths_opts_init(rc_paths_opts *opts);

/* For each pair (i, j), the segment (or arc) from sample i to sample j (rows of
 * samples: num_samples x inputs; samples_q, when not NULL, the same
 * exactly), added to stats in the order of the pairs, so that the result
 * does not depend on the number of threads.  RC_ERR_STOPPED (by
 * opts->path.stop) keeps the paths finished before it. */
rc_status rc_paths_run(rc_path_stats *stats, const rc_net *net,
                       const double *samples, const mpq_t *samples_q,
                       size_t num_samples, const size_t *pairs,
                       size_t num_pairs, const rc_paths_opts *opts,
                       rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
