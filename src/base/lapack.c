/* lapack.c -- LAPACK, opened on first use (see lapack.h, dynlib.h). */
#include "config.h"

#include <dlfcn.h>

#include "base/dynlib.h"
#include "base/lapack.h"

static rc_lapack table;

static const char *
resolve(void *h)
{
    /* POSIX's way from an object pointer to a function pointer. */
    *(void **)&table.dgesvd = dlsym(h, "LAPACKE_dgesvd");
    *(void **)&table.dsyev = dlsym(h, "LAPACKE_dsyev");
    return table.dgesvd == NULL ? "LAPACKE_dgesvd"
           : table.dsyev == NULL ? "LAPACKE_dsyev" : NULL;
}

static rc_dynlib lib = RC_DYNLIB_INIT("LAPACK", RC_LAPACKE_SONAME, resolve);

rc_status
rc_lapack_get(const rc_lapack **out, rc_error *err)
{
    rc_status st = rc_dynlib_open(&lib, err);

    *out = st == RC_OK ? &table : NULL;
    return st;
}
