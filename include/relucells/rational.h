/* relucells/rational.h -- exact numbers in and out of the library.
 *
 * Everything here takes or gives GMP rationals (gmp.h): the exact text of
 * a number, the network's and the domain's exact numbers.  The double
 * interface (net.h, domain.h) does not need GMP. */
#ifndef RELUCELLS_RATIONAL_H
#define RELUCELLS_RATIONAL_H

#include <gmp.h>
#include <stddef.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Set q to the exact value of the text s[0..len): a decimal
 * [+-]digits[.digits][(e|E)[+-]digits] ("0.1" is 1/10) or a fraction
 * [+-]digits/digits.  Exponents beyond +-100000 are refused.  Returns 0,
 * or -1 (q unchanged) when s is neither. */
int rc_q_set_text(mpq_t q, const char *s, size_t len);

/* Rationals as text, for bindings that should not reach into GMP's
 * structs (Python's fractions.Fraction reads it): q in lowest terms as
 * "p/q", or "p" when the denominator is 1 (mpq_get_str's form).
 * rc_q_array_get_text writes v[0..n) (n rationals laid out as the arrays
 * below) separated by single spaces ("" for n = 0).  The text is new,
 * owned by the caller (rc_text_free); NULL when out of memory. */
char *rc_q_get_text(mpq_srcptr q);

/* The double nearest to q (ties to even, denormals included; +-HUGE_VAL
 * beyond the range of doubles).  GMP's mpq_get_d truncates instead. */
double rc_q_get_d(const mpq_t q);
char *rc_q_array_get_text(mpq_srcptr v, size_t n);
void rc_text_free(char *text);

/* The other way, for the same bindings: *v becomes a new array of n
 * rationals read from text, n numbers separated by commas or white space,
 * each as rc_q_set_text reads it ("0.1" is 1/10, "-3/6" is -1/2).  *v is
 * owned by the caller (rc_q_array_free), NULL on failure: RC_ERR_PARSE
 * naming the item that is not a number or saying how many there were,
 * RC_ERR_NOMEM.  rc_q_array_free(NULL, n) does nothing. */
rc_status rc_q_array_new_text(mpq_t **v, const char *text, size_t n,
                              rc_error *err);
void rc_q_array_free(mpq_t *v, size_t n);

/* The network's weights and biases exactly (arrays of mpq_t laid out like
 * rc_net_weights and rc_net_biases): the values of the file, or the exact
 * values of the doubles given to the setters. */
mpq_srcptr rc_net_weights_q(const rc_net *net, size_t l);
mpq_srcptr rc_net_biases_q(const rc_net *net, size_t l);
/* Set the input bounds exactly (lo[i] <= hi[i]); the doubles are the
 * nearest. */
rc_status rc_net_set_input_bounds_q(rc_net *net, const mpq_t *lo,
                                    const mpq_t *hi, rc_error *err);

/* rc_net_new_combined (net.h) with exact coefficients. */
rc_status rc_net_new_combined_q(rc_net **out, const rc_net *net,
                                const mpq_t *c, rc_error *err);

/* The network's input bounds exactly as its file wrote them. */
mpq_srcptr rc_net_input_min_q(const rc_net *net, size_t i);
mpq_srcptr rc_net_input_max_q(const rc_net *net, size_t i);

/* The box lo_i <= x_i <= hi_i with exact bounds (exact mode computes with
 * them; the double bounds are their nearest doubles). */
rc_status rc_domain_new_box_q(rc_domain **dom, size_t num_inputs,
                              const mpq_t *lo, const mpq_t *hi,
                              rc_error *err);
/* The bounds of input i of a box domain exactly (NULL when unbounded). */
mpq_srcptr rc_domain_lo_q(const rc_domain *dom, size_t i);
mpq_srcptr rc_domain_hi_q(const rc_domain *dom, size_t i);
/* Fix input i to an exact value. */
rc_status rc_domain_fix_q(rc_domain *dom, size_t i, const mpq_t value,
                          rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
