/* lp_glpk.h -- the LP questions of the floating-point kernel, answered by
 * GLPK; internal. */
#ifndef RC_LP_GLPK_H
#define RC_LP_GLPK_H

#include <stddef.h>

#include "relucells/status.h"

/* Chebyshev ball of {x in R^n : A x <= b} (A is m x n, row-major):
 * maximise r subject to a_i . x + |a_i| r <= b_i, -cap <= r <= cap.
 * A negative radius means the set has no interior (or is empty).  Rows with
 * a_i = 0 are checked directly (0 <= b_i).  Fails with RC_ERR_LP when GLPK
 * does not reach an optimum. */
rc_status rc_lp_chebyshev(double *centre, double *radius, const double *A,
                          const double *b, size_t m, size_t n, double cap,
                          rc_error *err);

#endif
