/* relucells/atoms.h -- the atomic decomposition of a network on a region.
 *
 * Let theta = (theta_1, ..., theta_{L-1}) be an activation pattern, D_k =
 * diag(theta_k) and S_k = spt theta_k the active neurons of hidden layer k.
 * Wherever the network has pattern theta it is the affine map
 *     M(x_n) = W_L D_{L-1} W_{L-1} ... D_1 W_1 x_n + b_theta,
 *     b_theta = sum_{j=1}^{L-1} W_L D_{L-1} ... W_{j+1} D_j b_j + b_L,
 * and, as D_k = D_k^2, its linear part is a sum of rank-one atoms
 *     sum_{i in S_{L-1}} sum_{j in S_1} c_ij  w_{L,:i} (x) w_{1,j:},
 * outer products of column i of W_L and row j of W_1, with coefficients
 *     c_ij = sum over the paths j = k_1 -> k_2 -> ... -> k_{L-1} = i with
 *            every k_l in S_l of  w_{2,k_2 k_1} w_{3,k_3 k_2} ... w_{L-1,i k_{L-2}}.
 * For L = 2 the first and last hidden layers coincide and c is the identity
 * on S_1 (the only path from j to i is j = i); for L = 3, c_ij = w_{2,ij}.
 *
 * Everything here is in the network's own coordinates: the normalised
 * inputs x_n = (x - mean) / range of the NNet format, all inputs (fixed or
 * not), and the un-scaled output M (y = M * range_out + mean_out).
 * rc_atoms_check relates the decomposition to a region's output map in raw
 * coordinates.  Float arithmetic (double), and with rc_atoms_new_q also
 * rational arithmetic (GMP) from the network's exact weights: the same
 * recursions in mpq_t, checked against the exact output map of a region of
 * an exact partition with equality, not a tolerance. */
#ifndef RELUCELLS_ATOMS_H
#define RELUCELLS_ATOMS_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/region.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_atoms rc_atoms;

/* The decomposition of net for pattern (one byte 0/1 per hidden neuron,
 * layer after layer, as rc_region_pattern gives it).  The coefficients are
 * computed by dynamic programming over layers, never path by path: the
 * work is O(sum_l |S_l| |S_{l-1}| |S_1|).  On success *atoms is new and
 * owned by the caller (rc_atoms_free); it copies what it needs from net.
 * A network without hidden layers has no atoms: RC_ERR_ARG. */
rc_status rc_atoms_new(rc_atoms **atoms, const rc_net *net,
                       const unsigned char *pattern, rc_error *err);
/* rc_atoms_free(NULL) does nothing. */
void rc_atoms_free(rc_atoms *atoms);

size_t rc_atoms_num_inputs(const rc_atoms *a);    /* n: all inputs */
size_t rc_atoms_num_outputs(const rc_atoms *a);   /* m */

/* The atom index sets: the active neurons of the first hidden layer (S_1)
 * and of the last (S_{L-1}), 0-based, increasing.  The arrays live as long
 * as a. */
size_t rc_atoms_num_first(const rc_atoms *a);
const size_t *rc_atoms_first(const rc_atoms *a);
size_t rc_atoms_num_last(const rc_atoms *a);
const size_t *rc_atoms_last(const rc_atoms *a);

/* The coefficients c, row-major |S_{L-1}| x |S_1|: entry (p, q) is
 * c_{last[p], first[q]}. */
const double *rc_atoms_coefficients(const rc_atoms *a);

/* Same layout: the number of active paths behind each coefficient, that
 * is the number of terms of the sum c_ij whose weights are all non-zero
 * (a zero weight is no connection).  With no zero weights every entry is
 * prod_{k=2}^{L-2} |S_k| (1 for L <= 3, the identity for L = 2).  Counts
 * saturate at UINT64_MAX; rc_atoms_counts_saturated then returns 1. */
const uint64_t *rc_atoms_path_counts(const rc_atoms *a);
int rc_atoms_counts_saturated(const rc_atoms *a);

/* The atom vectors: w_{L,:i} for i = last[p] (num_outputs entries) and
 * w_{1,j:} for j = first[q] (num_inputs entries). */
const double *rc_atoms_out_vector(const rc_atoms *a, size_t p);
const double *rc_atoms_in_vector(const rc_atoms *a, size_t q);

/* The offset b_theta (num_outputs entries). */
const double *rc_atoms_offset(const rc_atoms *a);

/* lin (num_outputs x num_inputs, row-major, allocated by the caller)
 * receives sum_{p,q} c_pq w_{L,:last[p]} (x) w_{1,first[q]:}: the linear
 * part of the map, normalised coordinates, all inputs. */
void rc_atoms_linear_part(double *lin, const rc_atoms *a);

/* Default tolerance of rc_atoms_check: far above the rounding of any
 * network we can enumerate, far below a wrong coefficient. */
#define RC_ATOMS_CHECK_TOL 1e-9

/* Check the decomposition against the output map y = A x + c of region r,
 * a region of rc_enumerate(net, dom): undo the normalisation,
 *     A_ok = range_out * Lin_{o,f_k} / range_{f_k}     (f_k: k-th free input),
 *     c_o  = range_out * (b_theta + sum_i Lin_{o,i} (xbar_i - mean_i) / range_i)
 *            + mean_out,       xbar_i = the fixed value of input i, 0 if free,
 * and compare.  *lin_dev and *off_dev (either may be NULL) receive the
 * largest differences, each relative to the sum of the absolute values of
 * the terms behind the entry (the scale of its rounding error; the linear
 * entry's is range_out / range_{f_k} times sum over the active paths of
 * |product of weights|).  Returns RC_ERR_NUMERIC, naming the entry, when a
 * deviation exceeds tol (RC_ATOMS_CHECK_TOL serves), RC_ERR_ARG when the
 * sizes of net, dom, a and r disagree. */
rc_status rc_atoms_check(double *lin_dev, double *off_dev, const rc_atoms *a,
                         const rc_net *net, const rc_domain *dom,
                         const rc_region *r, double tol, rc_error *err);

/* ---- exact mode --------------------------------------------------------- */

/* As rc_atoms_new, and also the coefficients, atom vectors and offset as
 * rationals, computed from the network's exact weights (read from the
 * file's text, or the exact values of the doubles given to
 * rc_net_set_weight) by the same dynamic programming in GMP.  The double
 * figures are computed as by rc_atoms_new. */
rc_status rc_atoms_new_q(rc_atoms **atoms, const rc_net *net,
                         const unsigned char *pattern, rc_error *err);

/* 1 when a was made by rc_atoms_new_q. */
int rc_atoms_is_exact(const rc_atoms *a);

/* The exact counterparts of the arrays above, with the same layouts; they
 * live as long as a.  NULL unless rc_atoms_is_exact(a). */
mpq_srcptr rc_atoms_coefficients_q(const rc_atoms *a);
mpq_srcptr rc_atoms_out_vector_q(const rc_atoms *a, size_t p);
mpq_srcptr rc_atoms_in_vector_q(const rc_atoms *a, size_t q);
mpq_srcptr rc_atoms_offset_q(const rc_atoms *a);

/* lin: num_outputs x num_inputs rationals, initialised by the caller,
 * receives sum_{p,q} c_pq w_{L,:last[p]} (x) w_{1,first[q]:} exactly.
 * RC_ERR_ARG when a is not exact. */
rc_status rc_atoms_linear_part_q(mpq_t *lin, const rc_atoms *a, rc_error *err);

/* The identity of rc_atoms_check in rational arithmetic, against the exact
 * output map (exact.h) of region r of an exact partition of net on dom:
 *     A_ok = range_out * Lin_{o,f_k} / range_{f_k},
 *     c_o  = range_out * (b_theta + sum_i Lin_{o,i} (xbar_i - mean_i) / range_i)
 *            + mean_out,
 * with the network's exact normalisation and the domain's exact fixed
 * values.  Both must hold with equality.  *lin_ok and *off_ok (either may
 * be NULL) receive 1 when every entry of the linear part (the offset) is
 * equal, 0 when one is not, -1 when nothing was compared.  Returns RC_OK
 * when both hold, RC_ERR_NUMERIC naming the first unequal entry when one
 * does not, RC_ERR_ARG when a is not exact, r has no exact map or the
 * sizes of net, dom, a and r disagree. */
rc_status rc_atoms_check_q(int *lin_ok, int *off_ok, const rc_atoms *a,
                           const rc_net *net, const rc_domain *dom,
                           const rc_region *r, rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
