/* poly_internal.h -- helpers shared by the float polyhedral files (poly.c,
 * poly_cert.c); not for use outside geom/. */
#ifndef RC_POLY_INTERNAL_H
#define RC_POLY_INTERNAL_H

#include "geom/poly.h"

/* A polyhedron with room for m rows, k generators, s lineality vectors,
 * all zero. */
rc_poly *rc_poly_alloc(size_t n, size_t m, size_t k, size_t s);
/* The same with the certified error arrays (cert) in the one block, its
 * rows, generators and owners not written (the caller writes them). */
rc_poly *rc_poly_alloc_block(size_t n, size_t m, size_t k, size_t s, int cert);
/* Vertices to t = 1, rays to unit length. */
void rc_poly_normalise_generator(double *g, size_t d);
/* A side of a cut: p's rows plus sign * row (owner), room for kmax
 * generators and s lineality vectors, no generators yet. */
rc_poly *rc_poly_side_alloc(const rc_poly *p, const double *row, double sign,
                            rc_owner owner, size_t kmax, size_t s);
/* Append generator g with incidence inc (words words, widened to q's),
 * tight on the new row when tight_on_new. */
void rc_poly_side_push(rc_poly *q, const double *g, const uint64_t *inc,
                       size_t words, int tight_on_new);

/* Keep only the facets (by incidence), renumbering the incidences. */
rc_status rc_poly_prune(rc_poly *q);
/* Keep the rows flagged in keep (kept of them), likewise. */
rc_status rc_poly_keep_rows(rc_poly *q, const unsigned char *keep,
                            size_t kept);

#endif
