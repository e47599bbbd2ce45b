/* relucells/lipschitz.h -- Lipschitz constants of a ReLU network, region by
 * region, and how far the usual bounds are from them.  Euclidean norms on
 * inputs and outputs throughout.
 *
 * Which map.  By default (opts.normalised = 0) the map the user sees: raw
 * inputs, the free inputs of the domain only, raw outputs
 * y = M * range_out + mean_out.  It is itself a ReLU network, with the
 * effective outer layers
 *     W~_1 = W_1 diag(1 / range) P     (P: the columns of the free inputs),
 *     W~_L = range_out W_L,
 * and W~_l = W_l in between; every figure below is computed for this
 * network, so each bound is a bound on the raw map (not a bound on the
 * normalised map rescaled afterwards by range_out / min range, which is
 * looser).  With opts.normalised = 1 the map is the network's own
 * x_n -> M(x_n) on the free inputs: W~_1 = W_1 P, W~_L = W_L.
 *
 * On the region with pattern theta (D_k = diag(theta_k), S_k = spt theta_k)
 * the map has Jacobian J = W~_L D_{L-1} W~_{L-1} ... D_1 W~_1, and
 *   local       ||J||_2, the largest singular value (LAPACK dgesvd); for one
 *               output the gradient norm.  It is the Lipschitz constant of
 *               the network on the region.
 *   atom_sum    sum_ij |c_ij| ||w~_{L,:i}|| ||w~_{1,j:}|| >= local: the
 *               triangle inequality on the atoms (atoms.h), each rank one.
 *   atom_bound  alpha beta C^{L-2} prod_{k=1}^{L-1} |S_k| >= atom_sum, where
 *               C = max |w| over W_2..W_{L-1}, alpha = the largest column
 *               norm of W~_L and beta the largest row norm of W~_1: each
 *               c_ij sums at most prod_{k=2}^{L-2} |S_k| products bounded by
 *               C^{L-2}, and there are |S_1| |S_{L-1}| of them.  When W~_L
 *               has unit columns and W~_1 unit rows (alpha = beta = 1) this
 *               is the bound C^{L-2} prod_k |S_k| of the literature.  For
 *               L = 2, C^0 = 1 and the product is |S_1|.
 * and for the whole domain
 *   global            max over regions of local: the Lipschitz constant of
 *                     the network on the domain (convex, and the map is
 *                     continuous and affine on each region).
 *   sigma_power       sigma^L, sigma = max_l ||W~_l||_2 (a bound on every
 *                     region, since ||D_k|| <= 1).
 *   spectral_product  prod_l ||W~_l||_2 <= sigma_power.
 *   path_norm         sum over input-output paths of |product of weights|,
 *                     1^T |W~_L| ... |W~_1| 1 (dynamic programming); it
 *                     bounds sum_ok |J_ok| >= ||J||_F >= ||J||_2.
 *   l1_power          (sum_l ||W~_l||_1)^L with ||.||_1 the ENTRYWISE sum of
 *                     absolute values.  Choice: path_norm <= prod_l ||W~_l||_1
 *                     (expanding the product gives every choice of one
 *                     weight per layer, the paths among them, all terms
 *                     >= 0) <= (sum_l ||W~_l||_1)^L, so this is a bound.
 *                     The induced 1-norm (largest column sum) would not
 *                     be: W = (1 1), L = 1 has ||W||_2 = sqrt 2 > 1; with
 *                     L = 2 and 17 inputs, W_1 = (1 ... 1), W_2 = (1):
 *                     sqrt 17 > (1 + 1)^2.
 * Every bound is >= global; the ratios bound / global (and, per region,
 * bound / local) measure how loose each is.  Float arithmetic (double).
 *
 * Exact partitions (rc_enum_opts.exact) also get certified figures,
 * computed from the network's exact weights in rationals (GMP): the exact
 * Jacobian J of each region, and rationals lo2 <= ||J||_2^2 <= hi2.
 *   - J with one row or one column (one output, or one free input):
 *     ||J||_2^2 = sum_ok J_ok^2, rational: lo2 = hi2, the exact value.
 *   - otherwise, with G = J^T J or J J^T (the smaller; same non-zero
 *     eigenvalues), v the top eigenvector of G from LAPACK (dsyev) read as
 *     an exact binary fraction:
 *       lo2 = v^T G v / v^T v  (a Rayleigh quotient, <= lambda_max(G)),
 *       hi2 = the first U of lo2, (1 + margin) lambda, (1 + 32 margin)
 *             lambda, ... (lambda the float eigenvalue) for which U I - G
 *             is positive semidefinite, decided exactly by a symmetric
 *             elimination in rationals (LDL^T: every pivot >= 0, and a zero
 *             pivot with its whole remaining row zero), else trace G
 *             (>= lambda_max as G is semidefinite).
 *     When the first candidate passes, lo2 = hi2 is the exact value.
 * The doubles reported are sqrt(lo2) rounded down and sqrt(hi2) rounded
 * up (the largest double whose square is <= lo2 and the smallest whose
 * square is >= hi2, checked exactly): an enclosure of ||J||_2 that no
 * rounding can break. */
#ifndef RELUCELLS_LIPSCHITZ_H
#define RELUCELLS_LIPSCHITZ_H

#include <gmp.h>
#include <stddef.h>

#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_lipschitz_opts {
    /* 0: raw coordinates of the free inputs and raw outputs (default);
     * 1: the network's normalised coordinates (free inputs only). */
    int normalised;
    /* A column of W~_L or row of W~_1 whose Euclidean norm is within
     * unit_tol of 1 counts as unit-norm.  Default 1e-9. */
    double unit_tol;
    /* Exact partitions: the first upper bound tried for ||J||_2^2 above
     * the float eigenvalue lambda is (1 + cert_margin) lambda; it only
     * needs to exceed the rounding of dsyev.  Default 1e-12. */
    double cert_margin;
} rc_lipschitz_opts;

/* Set every option to its default. */
void rc_lipschitz_opts_init(rc_lipschitz_opts *opts);

/* Figures of one region (see the top of this file).  atom_sum and
 * atom_bound are NAN for a network without hidden layers. */
typedef struct rc_lipschitz_region {
    double local;
    double atom_sum;
    double atom_bound;
    /* Exact partitions: local_lo <= ||J||_2 <= local_hi, certified
     * (sqrt of local_sq_lo / local_sq_hi rounded outward); NAN otherwise. */
    double local_lo, local_hi;
} rc_lipschitz_region;

/* The result of rc_lipschitz_compute: a value with an init/clear pair. */
typedef struct rc_lipschitz_info {
    int normalised;        /* the coordinates used (opts.normalised) */
    size_t num_regions;
    /* num_regions entries, in the partition's order, owned by info
     * (freed by rc_lipschitz_info_clear); NULL before a computation. */
    rc_lipschitz_region *regions;
    double global;         /* max local (0 when there is no region) */
    size_t argmax;         /* a region attaining it */
    double max_atom_sum, max_atom_bound;   /* over regions: global bounds */
    double sigma_power, spectral_product, path_norm, l1_power;
    double sigma;          /* max_l ||W~_l||_2 */
    double C;              /* max |w| over W_2..W_{L-1}; NAN when L <= 2 */
    double alpha;          /* largest column norm of W~_L */
    double beta;           /* largest row norm of W~_1 */
    int unit_columns;      /* every column of W~_L has norm 1 (unit_tol) */
    int unit_rows;         /* every row of W~_1 has norm 1 (unit_tol) */
    /* Certified figures, set when the partition is exact (exact = 1). */
    int exact;
    /* num_regions rationals each, owned by info, NULL unless exact:
     * local_sq_lo[r] <= ||J_r||_2^2 <= local_sq_hi[r], equal when the
     * squared constant is known exactly (always for one output or one free
     * input). */
    mpq_t *local_sq_lo, *local_sq_hi;
    /* exact: global_lo <= global Lipschitz constant <= global_hi (the
     * largest local_lo and local_hi), NAN otherwise; argmax is then a
     * region with the largest local_sq_lo (exact comparison), and
     * global_exact = 1 when its local_sq_lo = local_sq_hi is at least every
     * local_sq_hi: the global squared constant is exactly
     * local_sq_lo[argmax]. */
    double global_lo, global_hi;
    int global_exact;
} rc_lipschitz_info;

void rc_lipschitz_info_init(rc_lipschitz_info *info);
void rc_lipschitz_info_clear(rc_lipschitz_info *info);

/* Compute every figure for the regions of part, a partition found by
 * rc_enumerate on net (the free inputs are part's); when part is exact
 * (rc_partition_is_exact) the certified figures too.  opts may be NULL
 * (defaults).  RC_ERR_ARG when part and net disagree in size or
 * cert_margin is not positive, RC_ERR_NUMERIC when LAPACK fails or a
 * weight is not finite; info is then cleared. */
rc_status rc_lipschitz_compute(rc_lipschitz_info *info, const rc_net *net,
                               const rc_partition *part,
                               const rc_lipschitz_opts *opts, rc_error *err);

/* *norm = ||A||_2, the largest singular value of the rows x cols matrix A
 * (row-major, not modified), by LAPACK's dgesvd; 0 for an empty matrix.
 * RC_ERR_ARG for a non-finite entry, RC_ERR_NUMERIC when the SVD does not
 * converge. */
rc_status rc_lipschitz_spectral_norm(double *norm, const double *A,
                                     size_t rows, size_t cols, rc_error *err);

/* The certified enclosure of the top of this file for a rational matrix:
 * lo2 <= ||A||_2^2 <= hi2 (rationals, initialised by the caller; equal
 * when the value is known exactly) and, if lo and hi are not NULL, the
 * doubles *lo <= ||A||_2 <= *hi rounded outward.  A is rows x cols,
 * row-major, not modified; margin is cert_margin (rc_lipschitz_opts).
 * RC_ERR_ARG when margin is not a positive number, RC_ERR_NUMERIC when
 * LAPACK fails. */
rc_status rc_lipschitz_spectral_norm_q(mpq_t lo2, mpq_t hi2, double *lo,
                                       double *hi, const mpq_t *A,
                                       size_t rows, size_t cols, double margin,
                                       rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
