/* lapack.c -- LAPACK, opened on first use (see lapack.h). */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "base/error_internal.h"
#include "base/lapack.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static rc_lapack table;
static int loaded;
static char reason[256];

static void
load(void)
{
    /* Local: LAPACKE's symbols must not resolve anyone else's. */
    void *h = dlopen(RC_LAPACKE_SONAME, RTLD_NOW | RTLD_LOCAL);
    const char *e;

    if (h == NULL) {
        e = dlerror();
        snprintf(reason, sizeof reason, "%s", e != NULL ? e : RC_LAPACKE_SONAME);
        return;
    }
    /* POSIX's way from an object pointer to a function pointer. */
    *(void **)&table.dgesvd = dlsym(h, "LAPACKE_dgesvd");
    *(void **)&table.dsyev = dlsym(h, "LAPACKE_dsyev");
    if (table.dgesvd == NULL || table.dsyev == NULL) {
        snprintf(reason, sizeof reason, "%s has no LAPACKE_dgesvd or LAPACKE_dsyev",
                 RC_LAPACKE_SONAME);
        return;   /* h stays open: harmless, and closing could unmap in use */
    }
    loaded = 1;
}

rc_status
rc_lapack_get(const rc_lapack **out, rc_error *err)
{
    *out = NULL;
    if (pthread_once(&once, load) != 0 || !loaded)
        return rc_error_set(err, RC_ERR_IO, "LAPACK could not be loaded: %s",
                            reason[0] ? reason : "pthread_once failed");
    *out = &table;
    return RC_OK;
}
