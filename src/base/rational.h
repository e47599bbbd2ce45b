/* rational.h -- exact numbers from text; internal. */
#ifndef RC_RATIONAL_H
#define RC_RATIONAL_H

#include <gmp.h>
#include <stddef.h>

/* rc_q_set_text (public, relucells/rational.h) refuses exponents beyond
 * +-100000 and leaves q unchanged on failure. */
#include "relucells/rational.h"

/* count rationals, each initialised to 0; NULL on failure.  Free with
 * rc_mpq_array_free (NULL is fine). */
mpq_t *rc_mpq_array_new(size_t count);
void rc_mpq_array_free(mpq_t *v, size_t count);
/* The same for integers. */
mpz_t *rc_mpz_array_new(size_t count);
void rc_mpz_array_free(mpz_t *v, size_t count);

#endif
