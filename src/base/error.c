/* error.c -- status strings and the message formatter shared by all modules. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "relucells/status.h"
#include "base/error_internal.h"

const char *
rc_status_string(rc_status status)
{
    switch (status) {
    case RC_OK: return "success";
    case RC_ERR_IO: return "input/output error";
    case RC_ERR_PARSE: return "parse error";
    case RC_ERR_NOMEM: return "out of memory";
    case RC_ERR_ARG: return "invalid argument";
    case RC_ERR_LP: return "LP solver failure";
    case RC_ERR_LIMIT: return "limit reached";
    case RC_ERR_NUMERIC: return "numerical failure";
    case RC_ERR_STOPPED: return "stopped";
    }
    return "unknown status";
}

rc_status
rc_error_set(rc_error *err, rc_status status, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        err->status = status;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

rc_error *
rc_error_new(void)
{
    rc_error *err = malloc(sizeof *err);

    if (err != NULL) {
        err->status = RC_OK;
        err->msg[0] = '\0';
    }
    return err;
}

void
rc_error_free(rc_error *err)
{
    free(err);
}

rc_status
rc_error_status(const rc_error *err)
{
    return err->status;
}

const char *
rc_error_message(const rc_error *err)
{
    return err->msg;
}

rc_status
rc_error_from(rc_error *err, rc_status status, const char *what)
{
    return rc_error_set(err, status, "%s: %s", what, rc_status_string(status));
}
