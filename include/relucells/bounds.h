/* relucells/bounds.h -- counting regions of hyperplane arrangements exactly,
 * and upper bounds on the number of linear regions of deep ReLU networks.
 *
 * Arrangements.  A row (a_1..a_n, c) stands for the hyperplane
 * a.x + c = 0 in R^n.  Rows with a = 0 are not hyperplanes and are ignored;
 * proportional rows (a, c) ~ (s a, s c), s != 0, are one hyperplane.  The
 * counts come from the characteristic polynomial chi(t) of the arrangement
 * (Zaslavsky 1975):
 *     regions            = (-1)^n    chi(-1),
 *     relatively bounded = (-1)^rank chi(1),
 * where rank is the rank of the normals a.  A region is relatively bounded
 * when it is bounded modulo the lineality space (the directions along which
 * every hyperplane is invariant); it is bounded in R^n only when rank = n,
 * so "bounded" below is the relatively bounded count if rank = n, else 0.
 *
 * Deep networks.  For input dimension n and hidden widths N_1..N_k the
 * bounds below are upper bounds on the number of linear regions of any
 * ReLU network of that shape:
 *     general position  G(N, n) = sum_{i=0}^{n} C(N, i),
 *     Zaslavsky product prod_l G(N_l, n),
 *     Montufar 2017     prod_l G(N_l, d_l), d_l = min(n, N_1, ..., N_l),
 *     Serra et al. 2018 sum over (j_1..j_k) in J of prod_l C(N_l, j_l),
 *         J: 0 <= j_l <= min(n, N_1 - j_1, ..., N_{l-1} - j_{l-1}, N_l).
 * Serra <= Montufar <= Zaslavsky product for every shape; all three equal
 * G(N_1, n) for one layer.
 *
 * Sizes (widths, dimensions) must fit in an unsigned long, as GMP's
 * *_ui functions take them; this holds on every LP64 system. */
#ifndef RELUCELLS_BOUNDS_H
#define RELUCELLS_BOUNDS_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>

#include "relucells/domain.h"
#include "relucells/net.h"

#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Exact counts for an affine hyperplane arrangement ---- */

typedef struct rc_arrangement_opts {
    /* Give up with RC_ERR_LIMIT once more than max_regions regions have been
     * counted (the work is proportional to the number of regions).  0 means
     * no limit.  Default 10000000 (a few seconds). */
    uint64_t max_regions;
} rc_arrangement_opts;

/* Set every option to its default. */
void rc_arrangement_opts_init(rc_arrangement_opts *opts);

/* The result of rc_arrangement_compute: a value with an init/clear pair. */
typedef struct rc_arrangement_info {
    size_t dim;             /* n, the dimension of the ambient space */
    size_t num_hyperplanes; /* distinct hyperplanes (zero rows dropped) */
    size_t rank;            /* rank of the normal vectors, 0..dim */
    /* chi(t) = sum_{d=0}^{dim} char_poly[d] t^d: an array of dim+1
     * initialised mpz_t owned by info (freed by rc_arrangement_info_clear);
     * NULL until a computation succeeds. */
    mpz_t *char_poly;
    mpz_t regions;            /* connected components of R^n minus the union */
    mpz_t bounded;            /* bounded regions (0 when rank < dim) */
    mpz_t relatively_bounded; /* (-1)^rank chi(1) */
} rc_arrangement_info;

void rc_arrangement_info_init(rc_arrangement_info *info);
void rc_arrangement_info_clear(rc_arrangement_info *info);

/* Compute chi and the counts of the arrangement given by num_rows rows of
 * dim+1 doubles, row-major: rows[i*(dim+1) + j] = a_ij for j < dim and
 * rows[i*(dim+1) + dim] = c_i.  Every double is converted exactly to a
 * rational; a non-finite entry is RC_ERR_ARG.  opts may be NULL (defaults).
 *
 * On RC_ERR_LIMIT info->regions holds a lower bound on the number of
 * regions that exceeds opts->max_regions, and the other counts are 0.  On
 * any other error every count is 0 and char_poly is NULL. */
rc_status rc_arrangement_compute(rc_arrangement_info *info, const double *rows,
                                 size_t num_rows, size_t dim,
                                 const rc_arrangement_opts *opts,
                                 rc_error *err);

/* The same with rational entries (same layout); rows is not modified.
 * A zero denominator is RC_ERR_ARG; fractions need not be canonical. */
rc_status rc_arrangement_compute_q(rc_arrangement_info *info,
                                   const mpq_t *rows, size_t num_rows,
                                   size_t dim, const rc_arrangement_opts *opts,
                                   rc_error *err);

/* Shorthands that return only the regions and the bounded regions (both
 * initialised by the caller; on RC_ERR_LIMIT regions is a lower bound). */
/* The arrangement of the first hidden layer's hyperplanes over all of
 * R^n, n the free inputs of dom (fixed inputs and the normalisation folded
 * in exactly).  Its region count is |Theta_1| of an unbounded enumeration. */
rc_status rc_arrangement_of_first_layer(rc_arrangement_info *info,
                                        const rc_net *net,
                                        const rc_domain *dom,
                                        const rc_arrangement_opts *opts,
                                        rc_error *err);

rc_status rc_arrangement_count(mpz_t regions, mpz_t bounded, const double *rows,
                               size_t num_rows, size_t dim,
                               const rc_arrangement_opts *opts, rc_error *err);
rc_status rc_arrangement_count_q(mpz_t regions, mpz_t bounded,
                                 const mpq_t *rows, size_t num_rows,
                                 size_t dim, const rc_arrangement_opts *opts,
                                 rc_error *err);

/* ---- Upper bounds for networks with widths[0..k-1] and n inputs ---- */

/* sum_{i=0}^{n} C(N, i): regions of N hyperplanes in general position in
 * R^n (Zaslavsky), the maximum for any arrangement of N hyperplanes. */
void rc_bound_general_position(mpz_t out, size_t N, size_t n);

/* prod_{l<k} G(widths[l], n); 1 when k = 0. */
void rc_bound_zaslavsky_product(mpz_t out, size_t n, const size_t *widths,
                                size_t k);

/* Montufar (2017): prod_{l<k} G(widths[l], d_l), d_l = min(n, widths[0..l]). */
void rc_bound_montufar(mpz_t out, size_t n, const size_t *widths, size_t k);

/* Serra, Tjandraatmadja & Ramalingam (2018), Theorem 1, computed by dynamic
 * programming over layers: O(k D^2) multiplications, D = min(n, max width).
 * Fails only when its work space cannot be allocated (RC_ERR_NOMEM). */
rc_status rc_bound_serra(mpz_t out, size_t n, const size_t *widths, size_t k,
                         rc_error *err);

/* All three bounds for every prefix: entry l of each array (l < num_layers)
 * receives the bound for the first l+1 layers.  Each array holds num_layers
 * initialised mpz_t, or is NULL to skip that bound. */
rc_status rc_bound_table(mpz_t *zaslavsky, mpz_t *montufar, mpz_t *serra,
                         size_t n, const size_t *widths, size_t num_layers,
                         rc_error *err);

/* Which of three bounds (for the same shape) are smallest: a mask of the
 * RC_BOUND_* flags of every bound equal to the minimum. */
#define RC_BOUND_ZASLAVSKY 1u
#define RC_BOUND_MONTUFAR 2u
#define RC_BOUND_SERRA 4u
unsigned rc_bound_tightest(const mpz_t zaslavsky, const mpz_t montufar,
                           const mpz_t serra);

#ifdef __cplusplus
}
#endif
#endif
