/* out_file.h -- writing a file whole or not at all; not installed. */
#ifndef RC_OUT_FILE_H
#define RC_OUT_FILE_H

#include <stdio.h>

#include "relucells/status.h"

/* A file being written: to path.tmp.XXXXXX, renamed over path by
 * rc_out_file_close when committed, so that a failure never leaves a
 * half-written file; path "-" writes standard output directly. */
typedef struct rc_out_file {
    FILE *f;
    const char *path;
    char *tmp;        /* NULL for standard output */
} rc_out_file;

rc_status rc_out_file_open(rc_out_file *o, const char *path, rc_error *err);
/* Close; rename when commit and every write succeeded, else remove.  With
 * commit 0 the status is RC_OK and err is left alone. */
rc_status rc_out_file_close(rc_out_file *o, int commit, rc_error *err);

#endif
