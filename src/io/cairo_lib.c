/* cairo_lib.c -- cairo, opened on first use (see cairo_lib.h, dynlib.h). */
#include "config.h"

#include <dlfcn.h>

#include "base/dynlib.h"
#include "io/cairo_lib.h"

rc_cairo rc_cairo_table;

static const char *
resolve(void *h)
{
    const char *missing = NULL;

    /* POSIX's way from an object pointer to a function pointer. */
#define RC_CAIRO_LOAD(name)                                         \
    *(void **)&rc_cairo_table.name = dlsym(h, "cairo_" #name);     \
    if (rc_cairo_table.name == NULL && missing == NULL)            \
        missing = "cairo_" #name;
    RC_CAIRO_FUNCTIONS(RC_CAIRO_LOAD)
#undef RC_CAIRO_LOAD
    return missing;
}

static rc_dynlib lib = RC_DYNLIB_INIT("cairo", RC_CAIRO_SONAME, resolve);

rc_status
rc_cairo_get(const rc_cairo **out, rc_error *err)
{
    rc_status st = rc_dynlib_open(&lib, err);

    *out = st == RC_OK ? &rc_cairo_table : NULL;
    return st;
}
