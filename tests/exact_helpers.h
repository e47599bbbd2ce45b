/* exact_helpers.h -- helpers shared by the exact-mode test programs
 * (test_exact.c, test_exact_cdd.c), defined in tests/exact_helpers.c:
 * rational vectors, enumeration, the certificate checks and random
 * networks over rational boxes. */
#ifndef RC_TEST_EXACT_HELPERS_H
#define RC_TEST_EXACT_HELPERS_H

#include <gmp.h>
#include <stddef.h>
#include "relucells/domain.h"
#include "relucells/rational.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

#define MAXW 64      /* widest layer, most inputs, most hidden layers */
#define MAXPAT 512   /* longest pattern the helpers print */

/* n initialised rationals (at least one allocated), and their release. */
mpq_t *qvec(size_t n);
void qvec_free(mpq_t *v, size_t n);

/* q = the rational written s (the test's own literals, all valid). */
void qset(mpq_t q, const char *s);

/* s = a . x over n entries. */
void qdot(mpq_t s, mpq_srcptr a, mpq_srcptr x, size_t n);

/* rc_enumerate in exact (exact != 0) or float arithmetic, asserted to
 * succeed with a pattern shorter than MAXPAT and fewer than MAXW hidden
 * neurons. */
rc_partition *run(const rc_net *net, const rc_domain *dom, int exact);

/* Number of patterns of the exact partition e missing from the float one
 * f and the other way round (the first few printed, with their size);
 * (size_t)-1 when the pattern lengths differ. */
size_t pattern_diff(const rc_partition *e, const rc_partition *f, const char *what);

/* Every region of an exact partition, checked in rationals:
 *  - the interior point x is strictly inside every facet (a . x < b), the
 *    margin t is positive and a . x + |a|_1 t <= b (exact.h's LP);
 *  - with net given: the pattern at x is the region's (pre > 0 is 1) and
 *    A x + c equals the network at x, exactly;
 *  - every vertex satisfies every facet and is tight on >= dim of them
 *    (dim - lines: with lineality a "vertex" is a point of a minimal face);
 *    rays point into, lines along, every facet;
 *  - a facet owned by the domain is x_k <= hi_k or x_k >= lo_k times a
 *    positive factor (lo, hi: exact bounds of the free coordinates, or
 *    NULL for a box given in doubles, exact as they are); one owned by a
 *    neuron has that neuron's pre-activation exactly 0 at its vertices;
 *  - a bounded region has a positive exact volume, an unbounded one none.
 * fixed: exact values of the fixed inputs (NULL: their doubles).  Asserts
 * and returns the number of failed checks. */
size_t check_certificates(const rc_partition *part, const rc_net *net,
                          const rc_domain *dom, const mpq_t *fixed,
                          const mpq_t *lo, const mpq_t *hi);

/* Kinds of random weights for trial_init. */
enum { INTEGER, DYADIC, GENERIC };

/* A random network over a box (or R^n) with rational bounds. */
typedef struct trial {
    size_t n;
    mpq_t *lo, *hi, vol;      /* the box lo..hi and its volume */
    rc_net *net;
    rc_domain *dom;
} trial;

/* A random network on n inputs with hidden layers of random widths in
 * 3..maxw and 2 outputs, over a box whose bounds are drawn per input from
 * [-3/2, 5/7], [-1, 1], [-2/3, 5/4], [1/3, 2] (or over R^n when plane;
 * the box still places the zero sets).  Weights: INTEGER in [-3,3],
 * DYADIC k/4 in [-2,2], GENERIC uniform doubles in [-1,1].  Each hidden
 * bias puts the neuron's zero set through a point of the box (see
 * exact_helpers.c for why and how).  trial_clear frees it all. */
void trial_init(trial *T, size_t n, size_t hidden, size_t maxw, int kind,
                int plane, unsigned long *rng);
void trial_clear(trial *T);

/* Area of a bounded 2D region by the shoelace formula, from its exact
 * vertices sorted around their centroid. */
void shoelace(mpq_t area, const rc_region *r);

/* First layers used by both programs (rows: weights, then bias): the
 * parallel lines x1 = 1/2, -1/2, 3/2, -3/2 and the line x2 = 0 (E_par, 5
 * rows); and four lines through the point (1/3, -1/5) (E_conc, 4 rows). */
extern const double E_par[15], E_conc[12];

#endif
