/* lp_glpk.c -- the one place that talks to GLPK.
 *
 * GLPK prints to the terminal and aborts on misuse or internal error.  We
 * validate the data before calling it, switch its terminal output off, and
 * route its fatal errors through glp_error_hook to a longjmp back here, so
 * that a GLPK failure becomes RC_ERR_LP instead of ending the program. */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>

#include "base/error_internal.h"
#include "base/tolerances.h"
#include "lp/lp_glpk.h"

static void
glpk_fatal(void *info)
{
    longjmp(*(jmp_buf *)info, 1);
}

/* GLPK's state after a fatal error is unusable; free it and start over. */
static rc_status
glpk_recover(rc_error *err)
{
    glp_free_env();
    return rc_error_set(err, RC_ERR_LP, "GLPK failed with an internal error");
}

/* Build and solve the Chebyshev LP in lp; all GLPK calls happen here,
 * under the error hook set by the caller. */
static rc_status
chebyshev_solve(glp_prob *lp, double *centre, double *radius, const double *A,
                const double *b, size_t m, size_t n, double cap, int scale,
                int *ia, int *ja, double *ar, rc_error *err)
{
    glp_smcp parm;
    size_t i, j, nz = 0;
    int ret;

    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)n + 1);
    for (j = 1; j <= n; j++)
        glp_set_col_bnds(lp, (int)j, GLP_FR, 0.0, 0.0);
    glp_set_col_bnds(lp, (int)n + 1, GLP_DB, -cap, cap);
    glp_set_obj_coef(lp, (int)n + 1, 1.0);
    if (m > 0)
        glp_add_rows(lp, (int)m);
    for (i = 0; i < m; i++) {
        double s = 0.0, big = 0.0;
        for (j = 0; j < n; j++)
            if (fabs(A[i * n + j]) > big)
                big = fabs(A[i * n + j]);
        for (j = 0; j < n; j++) {
            s += A[i * n + j] * A[i * n + j];
            /* Entries at rounding level of the row are zeros that rounding
             * missed; GLPK's scaling can cycle on them. */
            if (fabs(A[i * n + j]) > RC_TOL_ROW_NOISE * big) {
                nz++;
                ia[nz] = (int)i + 1;
                ja[nz] = (int)j + 1;
                ar[nz] = A[i * n + j];
            }
        }
        nz++;
        ia[nz] = (int)i + 1;
        ja[nz] = (int)n + 1;
        ar[nz] = sqrt(s);
        glp_set_row_bnds(lp, (int)i + 1, GLP_UP, 0.0, b[i]);
    }
    glp_load_matrix(lp, (int)nz, ia, ja, ar);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    /* A small LP that needs more is cycling: give up and let the caller
     * try again without scaling. */
    parm.it_lim = (int)(1000 + 50 * (m + n));
    parm.tm_lim = 10000;
    if (scale)
        glp_scale_prob(lp, GLP_SF_AUTO);
    ret = glp_simplex(lp, &parm);
    if (ret != 0 || glp_get_status(lp) != GLP_OPT)
        return rc_error_set(err, RC_ERR_LP,
                            "Chebyshev LP not solved (GLPK code %d, status %d)",
                            ret, glp_get_status(lp));
    *radius = glp_get_col_prim(lp, (int)n + 1);
    for (j = 0; j < n; j++)
        centre[j] = glp_get_col_prim(lp, (int)j + 1);
    return RC_OK;
}

rc_status
rc_lp_chebyshev(double *centre, double *radius, const double *A,
                const double *b, size_t m, size_t n, double cap, rc_error *err)
{
    glp_prob *volatile lp = NULL;
    int *ia, *ja;
    double *ar;
    rc_status st;
    size_t i, j;
    jmp_buf env;

    for (i = 0; i < m; i++) {
        double s = 0.0;
        for (j = 0; j < n; j++)
            s += A[i * n + j] * A[i * n + j];
        if (!isfinite(s) || !isfinite(b[i]))
            return rc_error_set(err, RC_ERR_NUMERIC,
                                "non-finite constraint in Chebyshev LP");
        if (s == 0.0 && b[i] < 0.0) {
            *radius = -INFINITY;
            return RC_OK;
        }
    }
    ia = malloc((m * (n + 1) + 1) * sizeof *ia);
    ja = malloc((m * (n + 1) + 1) * sizeof *ja);
    ar = malloc((m * (n + 1) + 1) * sizeof *ar);
    if (!ia || !ja || !ar) {
        free(ia);
        free(ja);
        free(ar);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    glp_term_out(GLP_OFF);
    if (setjmp(env)) {
        st = glpk_recover(err);
    } else {
        glp_error_hook(glpk_fatal, &env);
        lp = glp_create_prob();
        st = chebyshev_solve(lp, centre, radius, A, b, m, n, cap, 1, ia, ja,
                             ar, err);
        glp_delete_prob(lp);
        if (st == RC_ERR_LP) {
            lp = glp_create_prob();
            st = chebyshev_solve(lp, centre, radius, A, b, m, n, cap, 0, ia,
                                 ja, ar, err);
            glp_delete_prob(lp);
        }
        glp_error_hook(NULL, NULL);
    }
    free(ia);
    free(ja);
    free(ar);
    return st;
}
