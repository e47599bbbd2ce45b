/* rational.h -- exact numbers from text; internal. */
#ifndef RC_RATIONAL_H
#define RC_RATIONAL_H

#include <gmp.h>
#include <stddef.h>

/* rc_q_set_text (public, relucells/exact.h) refuses exponents beyond
 * +-100000 and leaves q unchanged on failure. */
#include "relucells/exact.h"

/* The nearest double to q, or +-HUGE_VAL when it is out of range. */
double rc_q_get_d(const mpq_t q);

#endif
