/* relucells/status.h -- status codes and error messages.
 *
 * Every function that can fail returns an rc_status and, when given an
 * rc_error, fills it with a one-line message that names the place of the
 * fault ("net.nnet:12: expected 50 weights, found 49").  The library never
 * prints, exits or aborts: the caller decides what to do. */
#ifndef RELUCELLS_STATUS_H
#define RELUCELLS_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_status {
    RC_OK = 0,
    RC_ERR_IO = -1,      /* a file could not be opened, read or written */
    RC_ERR_PARSE = -2,   /* malformed input: the message names file and line */
    RC_ERR_NOMEM = -3,   /* an allocation failed or a size is too large */
    RC_ERR_ARG = -4,     /* an argument is out of range or inconsistent */
    RC_ERR_LP = -5,      /* the LP solver failed */
    RC_ERR_LIMIT = -6,   /* a limit (regions) was reached: result is partial */
    RC_ERR_NUMERIC = -7, /* the computation became numerically unreliable */
    RC_ERR_STOPPED = -8  /* stopped on request (a callback, a signal):
                            the result is partial */
} rc_status;

#define RC_ERROR_MSG_SIZE 512

typedef struct rc_error {
    rc_status status;
    char msg[RC_ERROR_MSG_SIZE];
} rc_error;

/* A short constant description of a status code. */
const char *rc_status_string(rc_status status);

/* An rc_error on the heap, for bindings (Python's ctypes) that should not
 * copy the struct's layout: status RC_OK and an empty message; NULL when
 * out of memory.  Owned by the caller: rc_error_free (NULL does nothing). */
rc_error *rc_error_new(void);
void rc_error_free(rc_error *err);
/* The status and the message last stored in err (owned by err). */
rc_status rc_error_status(const rc_error *err);
const char *rc_error_message(const rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
