/* dynlib.c -- a shared library opened on first use (see dynlib.h). */
#include <dlfcn.h>
#include <stdio.h>

#include "base/dynlib.h"
#include "base/error_internal.h"

rc_status
rc_dynlib_open(rc_dynlib *lib, rc_error *err)
{
    int state = __atomic_load_n(&lib->state, __ATOMIC_ACQUIRE);

    if (state == 0) {
        pthread_mutex_lock(&lib->lock);
        if ((state = __atomic_load_n(&lib->state, __ATOMIC_RELAXED)) == 0) {
            /* Local: the library's symbols must not resolve anyone else's. */
            void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
            const char *e, *missing;
            if (h == NULL) {
                e = dlerror();
                snprintf(lib->reason, sizeof lib->reason, "%s",
                         e != NULL ? e : lib->soname);
                state = -1;
            } else if ((missing = lib->resolve(h)) != NULL) {
                /* h stays open: harmless, and closing could unmap in use */
                snprintf(lib->reason, sizeof lib->reason, "%s has no %s",
                         lib->soname, missing);
                state = -1;
            } else {
                state = 1;
            }
            __atomic_store_n(&lib->state, state, __ATOMIC_RELEASE);
        }
        pthread_mutex_unlock(&lib->lock);
    }
    if (state != 1)
        return rc_error_set(err, RC_ERR_IO, "%s could not be loaded: %s",
                            lib->what, lib->reason);
    return RC_OK;
}
