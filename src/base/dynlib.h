/* dynlib.h -- a shared library opened on first use; internal.
 *
 * LAPACKE (the Lipschitz bounds) and cairo (PNG and PDF pictures) each
 * serve one command, but linked at start-up they and the libraries behind
 * them are mapped and bound by every run of every command and by every
 * program that loads librelucells.  So each is opened with dlopen when it
 * is first needed, once per process, by the SONAME configure found, and
 * its functions are looked up by name into a table of its own
 * (src/base/lapack.h, src/io/cairo_lib.h). */
#ifndef RC_DYNLIB_H
#define RC_DYNLIB_H

#include <pthread.h>

#include "relucells/status.h"

typedef struct rc_dynlib {
    const char *what;            /* for messages: "LAPACK", "cairo" */
    const char *soname;
    /* Fill the library's table from the open handle (dlsym): NULL, or the
     * name of a function it lacks. */
    const char *(*resolve)(void *handle);
    pthread_mutex_t lock;
    int state;                   /* 0 not tried, 1 open, -1 failed */
    char reason[256];
} rc_dynlib;

#define RC_DYNLIB_INIT(what, soname, resolve) \
    { (what), (soname), (resolve), PTHREAD_MUTEX_INITIALIZER, 0, "" }

/* Open lib and fill its table, the first time (thread-safe); RC_OK once
 * the table can be read, else RC_ERR_IO with the loader's reason (every
 * later call gives the same). */
rc_status rc_dynlib_open(rc_dynlib *lib, rc_error *err);

#endif
