/* limits.h -- the library's size limits, each in one place; internal. */
#ifndef RC_LIMITS_H
#define RC_LIMITS_H

/* Most free inputs (dimension of a domain) the engine takes: boxes have
 * 2^n vertices, and the filters keep small fixed arrays of n + 1. */
#define RC_MAX_DIM 20

/* Most worker threads of one enumeration (rc_enum_opts.threads). */
#define RC_MAX_THREADS 256

#endif
