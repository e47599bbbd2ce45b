/* lp_cdd.c -- the one place that talks to cddlib (GMP rationals).
 *
 * cddlib keeps global constants, set once by dd_set_global_constants; we
 * call it on first use.  Its LP solver, in the GMP build, solves in floating
 * point and then verifies the basis in exact arithmetic, so an exact answer
 * costs little where the floating-point one is right. */
#define GMPRATIONAL
#include <cdd/setoper.h>
#include <cdd/cdd.h>

#include "base/error_internal.h"
#include "lp/lp_cdd.h"

static int cdd_ready;

rc_status
rc_lp_cdd_margin(mpq_t *point, mpq_t margin, const mpq_t *A, const mpq_t *b,
                 size_t m, size_t n, rc_error *err)
{
    dd_MatrixPtr M;
    dd_LPPtr lp;
    dd_ErrorType e = dd_NoError;
    size_t i, j;
    mpq_t norm, t;
    rc_status st = RC_OK;

    if (!cdd_ready) {
        dd_set_global_constants();
        cdd_ready = 1;
    }
    M = dd_CreateMatrix((dd_rowrange)(m + 1), (dd_colrange)(n + 2));
    if (M == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    mpq_init(norm);
    mpq_init(t);
    /* Rows b_i - a_i . x - |a_i|_1 t >= 0, then 1 - t >= 0. */
    for (i = 0; i < m; i++) {
        mpq_set(M->matrix[i][0], b[i]);
        mpq_set_ui(norm, 0, 1);
        for (j = 0; j < n; j++) {
            mpq_neg(M->matrix[i][1 + j], A[i * n + j]);
            mpq_abs(t, A[i * n + j]);
            mpq_add(norm, norm, t);
        }
        mpq_neg(M->matrix[i][n + 1], norm);
    }
    mpq_set_ui(M->matrix[m][0], 1, 1);
    mpq_set_si(M->matrix[m][n + 1], -1, 1);
    M->representation = dd_Inequality;
    M->numbtype = dd_Rational;
    M->objective = dd_LPmax;
    mpq_set_ui(M->rowvec[n + 1], 1, 1);
    lp = dd_Matrix2LP(M, &e);
    if (lp == NULL || e != dd_NoError) {
        st = rc_error_set(err, RC_ERR_LP, "cddlib could not set up the LP");
    } else if (!dd_LPSolve(lp, dd_DualSimplex, &e) || e != dd_NoError
               || lp->LPS != dd_Optimal) {
        st = rc_error_set(err, RC_ERR_LP,
                          "cddlib LP not solved to optimality (status %d)",
                          (int)lp->LPS);
    } else {
        mpq_set(margin, lp->optvalue);
        for (j = 0; j < n; j++)
            mpq_set(point[j], lp->sol[1 + j]);
    }
    if (lp != NULL)
        dd_FreeLPData(lp);
    dd_FreeMatrix(M);
    mpq_clear(norm);
    mpq_clear(t);
    return st;
}
