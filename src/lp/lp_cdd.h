/* lp_cdd.h -- exact LPs with cddlib's GMP build; internal. */
#ifndef RC_LP_CDD_H
#define RC_LP_CDD_H

#include <gmp.h>
#include <stddef.h>

#include "relucells/status.h"

/* The rational interior margin of {x : A x <= b} (A is m x n):
 *     maximise t  subject to  a_i . x + |a_i|_1 t <= b_i,  t <= 1,
 * exactly.  t > 0 certifies that the set has interior: the l_inf ball of
 * radius t about x lies in it.  point receives x (n entries). */
rc_status rc_lp_cdd_margin(mpq_t *point, mpq_t margin, const mpq_t *A,
                           const mpq_t *b, size_t m, size_t n, rc_error *err);

#endif
