/* cairo_lib.c -- cairo, opened on first use (see cairo_lib.h). */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "base/error_internal.h"
#include "io/cairo_lib.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
rc_cairo rc_cairo_table;
static int loaded;
static char reason[256];

static void
load(void)
{
    /* Local: cairo's symbols must not resolve anyone else's. */
    void *h = dlopen(RC_CAIRO_SONAME, RTLD_NOW | RTLD_LOCAL);
    const char *e, *missing = NULL;

    if (h == NULL) {
        e = dlerror();
        snprintf(reason, sizeof reason, "%s", e != NULL ? e : RC_CAIRO_SONAME);
        return;
    }
    /* POSIX's way from an object pointer to a function pointer. */
#define RC_CAIRO_LOAD(name)                                         \
    *(void **)&rc_cairo_table.name = dlsym(h, "cairo_" #name);              \
    if (rc_cairo_table.name == NULL && missing == NULL)                     \
        missing = "cairo_" #name;
    RC_CAIRO_FUNCTIONS(RC_CAIRO_LOAD)
#undef RC_CAIRO_LOAD
    if (missing != NULL) {
        snprintf(reason, sizeof reason, "%s has no %s", RC_CAIRO_SONAME, missing);
        return;   /* h stays open: harmless, and closing could unmap in use */
    }
    loaded = 1;
}

rc_status
rc_cairo_get(const rc_cairo **out, rc_error *err)
{
    *out = NULL;
    if (pthread_once(&once, load) != 0 || !loaded)
        return rc_error_set(err, RC_ERR_IO, "cairo could not be loaded: %s",
                            reason[0] ? reason : "pthread_once failed");
    *out = &rc_cairo_table;
    return RC_OK;
}
