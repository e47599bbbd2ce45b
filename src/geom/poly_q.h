/* poly_q.h -- the exact polyhedral kernel; internal.
 *
 * The same double description as poly.h, in integers: a row is an integer
 * vector r with r0 + r . x >= 0 (rows are homogeneous, so any positive
 * multiple will do), a generator an integer vector (t, y), t > 0 for the
 * vertex y / t and t = 0 for a ray, kept primitive (content 1).  Every
 * sign is exact.  Signs are first read from double approximations and
 * computed in integers only when the approximation cannot certify them (a
 * floating-point filter), so exactness costs little where the answer is
 * clear.  Coordinates are the raw free inputs. */
#ifndef RC_POLY_Q_H
#define RC_POLY_Q_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

#include "geom/poly.h"

typedef struct rc_polyq {
    size_t n, m, k, s, words;
    mpz_t *rows;       /* m x (n+1) */
    rc_owner *owners;  /* m */
    mpz_t *gens;       /* k x (n+1), primitive */
    double *gd;        /* k x (n+1): each generator scaled by a power of two
                          so its largest entry is in [1/2, 1) (the filter) */
    uint64_t *inc;     /* k x words */
    mpz_t *lin;        /* s x (n+1), first entry 0 */
} rc_polyq;

rc_status rc_polyq_new_box(rc_polyq **p, size_t n, const mpq_t *lo,
                           const mpq_t *hi);
rc_status rc_polyq_new_space(rc_polyq **p, size_t n);
void rc_polyq_free(rc_polyq *p);

/* Approximation of an integer vector scaled by a power of two, for the
 * filter: out[i] = v[i] * 2^-e with the largest entry in [0.5, 1). */
void rc_polyq_approx(double *out, const mpz_t *v, size_t d);

/* Exact side of p that row is on; rowd is rc_polyq_approx(row).  sign
 * (k entries, scratch) receives the sign at each generator; *exact_evals
 * is increased by the number of signs the filter could not certify. */
rc_side rc_polyq_classify(const rc_polyq *p, const mpz_t *row,
                          const double *rowd, signed char *sign,
                          size_t *exact_evals);

/* Split p by row into p n {row <= 0} and p n {row >= 0}, with the signs
 * from rc_polyq_classify. */
rc_status rc_polyq_split(rc_polyq **neg, rc_polyq **pos, const rc_polyq *p,
                         const mpz_t *row, rc_owner owner,
                         const signed char *sign);

/* Exact volume of a bounded p (pulling triangulation). */
rc_status rc_polyq_volume(mpq_t vol, const rc_polyq *p);

#endif
