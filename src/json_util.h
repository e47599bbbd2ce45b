/* json_util.h -- numbers as JSON values (jansson), shared by the exports;
 * internal. */
#ifndef RC_JSON_UTIL_H
#define RC_JSON_UTIL_H

#include <gmp.h>
#include <jansson.h>

/* A finite double, or null for infinities and NaN (JSON has neither). */
json_t *rc_json_num(double x);
/* An exact rational as the string "p/q" (or "p" for an integer). */
json_t *rc_json_q(mpq_srcptr q);

#endif
