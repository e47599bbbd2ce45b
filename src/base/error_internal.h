/* error_internal.h -- filling an rc_error; not installed. */
#ifndef RC_ERROR_INTERNAL_H
#define RC_ERROR_INTERNAL_H

#include "relucells/status.h"

#if defined(__GNUC__)
#define RC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RC_PRINTF(a, b)
#endif

/* Store status and message in err (which may be NULL); return status. */
rc_status rc_error_set(rc_error *err, rc_status status, const char *fmt, ...)
    RC_PRINTF(3, 4);

/* A callee without an rc_error failed with status: say what failed and
 * keep the status (not every failure is "out of memory"). */
rc_status rc_error_from(rc_error *err, rc_status status, const char *what);

#endif
