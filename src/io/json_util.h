/* json_util.h -- numbers as JSON values (jansson), shared by the exports;
 * internal. */
#ifndef RC_JSON_UTIL_H
#define RC_JSON_UTIL_H

#include <gmp.h>
#include <jansson.h>
#include <stddef.h>

#include "relucells/region.h"

/* A finite double (never -0), or null for infinities and NaN (JSON has
 * neither). */
json_t *rc_json_num(double x);
/* A facet's owner: {"kind": "neuron", "layer": l, "neuron": j} or
 * {"kind": "domain", "input": i, "bound": "lower"|"upper"}, from 1. */
json_t *rc_json_owner(rc_owner owner);
/* An exact rational as the string "p/q" (or "p" for an integer). */
json_t *rc_json_q(mpq_srcptr q);

/* Arrays: a vector of n numbers, and count such vectors (row-major). */
json_t *rc_json_vector(const double *v, size_t n);
json_t *rc_json_points(const double *v, size_t count, size_t n);
json_t *rc_json_qvector(mpq_srcptr v, size_t n);
json_t *rc_json_qpoints(mpq_srcptr v, size_t count, size_t n);

/* Stream one member of a top-level object: '{' before the first, ",\n"
 * before the others, then "key": value (compact, doubles to 17 digits).
 * Takes value.  Returns non-zero on a write error.  The program uses it
 * too, to stream its reports. */
#include <stdio.h>
int rc_json_member(FILE *out, const char *key, json_t *value, int first);

#endif
