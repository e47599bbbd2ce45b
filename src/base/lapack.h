/* lapack.h -- LAPACK, opened on first use; internal.
 *
 * Only the Lipschitz bounds need LAPACK.  Linked at start-up, LAPACKE and
 * the BLAS behind it cost every run of every command about 9 ms of
 * symbol binding and start BLAS threads, a third of a small network's
 * whole run; so the library is opened with dlopen when a bound first asks
 * for it, once per process (dynlib.h). */
#ifndef RC_LAPACK_H
#define RC_LAPACK_H

#include <lapacke.h>

#include "relucells/status.h"

typedef struct rc_lapack {
    lapack_int (*dgesvd)(int layout, char jobu, char jobvt, lapack_int m,
                         lapack_int n, double *a, lapack_int lda, double *s,
                         double *u, lapack_int ldu, double *vt, lapack_int ldvt,
                         double *superb);
    lapack_int (*dsyev)(int layout, char jobz, char uplo, lapack_int n,
                        double *a, lapack_int lda, double *w);
} rc_lapack;

/* The functions, or RC_ERR_IO with the loader's reason when the library
 * (RC_LAPACKE_SONAME, chosen by configure) cannot be opened. */
rc_status rc_lapack_get(const rc_lapack **out, rc_error *err);

#endif
