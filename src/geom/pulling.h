/* pulling.h -- pulling triangulations of polytopes from their incidences;
 * internal to geom/. */
#ifndef RC_PULLING_H
#define RC_PULLING_H

#include <stddef.h>
#include <stdint.h>

#include "relucells/status.h"

/* Called once per simplex with its n + 1 generator indices. */
typedef void (*rc_simplex_fn)(void *user, const size_t *chain);

/* The simplices of a pulling triangulation of the bounded n-polytope
 * whose k generators (all vertices) make tight the rows given by inc
 * (k x words bitsets over m rows). */
rc_status rc_pull_simplices(const uint64_t *inc, size_t words, size_t k,
                            size_t m, size_t n, rc_simplex_fn fn, void *user);

#endif
