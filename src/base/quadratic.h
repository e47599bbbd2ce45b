/* quadratic.h -- exact real numbers a + b sqrt(D); internal.
 *
 * The zeros of a quadratic with rational coefficients are such numbers
 * (a, b rational, D a positive integer; b = 0 for a rational).  Break
 * points on an arc are zeros of quadratics in u = tan(phi / 2), so the
 * exact walk along an arc compares them, evaluates polynomials at them and
 * isolates them in rational intervals.  Every sign is exact: the sign of
 * A + B sqrt(D1) + C sqrt(D2) is reduced by squaring to signs of rationals
 * (no floating point decides anything). */
#ifndef RC_QUADRATIC_H
#define RC_QUADRATIC_H

#include <gmp.h>

typedef struct rc_qnum {
    mpq_t a, b;
    mpz_t D;          /* > 0 when b != 0 */
} rc_qnum;

void rc_qnum_init(rc_qnum *x);
void rc_qnum_clear(rc_qnum *x);
void rc_qnum_set(rc_qnum *x, const rc_qnum *y);
void rc_qnum_set_q(rc_qnum *x, const mpq_t q);
int rc_qnum_is_rational(const rc_qnum *x);

/* Sign of x - y, of x - q. */
int rc_qnum_cmp(const rc_qnum *x, const rc_qnum *y);
int rc_qnum_cmp_q(const rc_qnum *x, const mpq_t q);
/* Sign of E + F sqrt(M) (M >= 0). */
int rc_qsign2(const mpq_t E, const mpq_t F, const mpz_t M);

/* Sign of p0 + p1 x + p2 x^2 (integers). */
int rc_qnum_poly_sign(const mpz_t p0, const mpz_t p1, const mpz_t p2,
                      const rc_qnum *x);
/* The zeros of p0 + p1 x + p2 x^2 where it changes sign, ascending, into
 * r[0..1]; returns how many (0, 1 or 2; a double zero is none). */
int rc_qnum_roots(rc_qnum r[2], const mpz_t p0, const mpz_t p1,
                  const mpz_t p2);

/* lo <= x <= hi, rational, hi - lo < width (lo = hi = x when rational). */
void rc_qnum_bounds(mpq_t lo, mpq_t hi, const rc_qnum *x, const mpq_t width);
/* The double nearest x, within a relative 2^-60 before rounding. */
double rc_qnum_get_d(const rc_qnum *x);
/* "a", or "a + b*sqrt(D)" / "a - |b|*sqrt(D)" (p/q numbers), malloc'd. */
char *rc_qnum_str(const rc_qnum *x);

#endif
