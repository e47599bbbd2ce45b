/* poly.h -- the floating-point polyhedral kernel of the enumeration; internal.
 *
 * A polyhedron P = {u : A u <= b} in R^n is kept as its homogenisation, the
 * cone C = {(t, u) : t >= 0, b t - A u >= 0} in R^(n+1), in both
 * representations at once (double description):
 *   - H: rows r with r . (t, u) >= 0, each with the owner of its hyperplane;
 *     only facets are kept;
 *   - V: generators g = (1, v) for vertices and (0, r) for extreme rays, each
 *     with the set of rows it makes tight (incidence bitset), plus a basis of
 *     the lineality space.
 * Cutting P by a hyperplane h(u) = 0 is one step of the double description
 * method (Motzkin et al.): generators on each side are kept, and each pair of
 * adjacent generators on opposite sides yields a new generator on the
 * hyperplane.  Adjacency is decided combinatorially (no third generator is
 * tight on every row that both are tight on), so the signs of h at the
 * generators are the only floating-point decisions: they decide whether h
 * cuts the interior of P.  Tolerances are in the units of u, where a box
 * domain is [-1, 1]^n. */
#ifndef RC_POLY_H
#define RC_POLY_H

#include <stddef.h>
#include <stdint.h>

#include "base/limits.h"
#include "relucells/region.h"
#include "relucells/status.h"

/* Owner of the row t >= 0 (the face at infinity): never reported. */
#define RC_OWNER_INFINITY 7

typedef struct rc_poly {
    size_t n;          /* dimension of u; rows and generators have n + 1 */
    size_t m;          /* rows */
    double *rows;      /* m x (n+1): r0 + r . u >= 0 */
    rc_owner *owners;  /* m */
    size_t k;          /* generators */
    double *gens;      /* k x (n+1) */
    size_t words;      /* bitset words per generator */
    uint64_t *inc;     /* k x words: bit i set iff row i is tight */
    size_t s;          /* dimension of the lineality space */
    double *lin;       /* s x (n+1), first entry 0 */
    /* Certified pieces only (NULL otherwise): a bound on the distance,
     * in the max norm, of each generator and lineality vector from the
     * exact one it stands for (vertices have t = 1 in both; rays and
     * lines are compared at the same normalisation); see poly_cert.c. */
    double *err;       /* k */
    double *lerr;      /* s */
    double *rerr;      /* m: each row's distance from the exact row */
    int cert_in_block; /* err, lerr, rerr live in p's own allocation */
} rc_poly;

/* Classification of a polyhedron against an affine function h. */
typedef enum rc_side {
    RC_SIDE_ZERO = 0,  /* h vanishes on P (impossible unless h = 0) */
    RC_SIDE_NEG = 1,   /* h <= 0 on P, h < 0 somewhere */
    RC_SIDE_POS = 2,   /* h >= 0 on P, h > 0 somewhere */
    RC_SIDE_BOTH = 3   /* h takes both signs: it cuts the interior */
} rc_side;

rc_status rc_poly_new_box(rc_poly **p, size_t n);
/* r . g over d entries. */
double rc_poly_dot(const double *a, const double *b, size_t d);
/* A ball holding a bounded piece: centre (d entries, centre[0] = 1) and
 * radius; 0 when the piece has rays or lines. */
int rc_poly_ball(double *centre, double *radius, const rc_poly *p);
rc_status rc_poly_new_space(rc_poly **p, size_t n);
void rc_poly_free(rc_poly *p);

/* Sign of h(u) = row[0] + row[1..n] . u over P, with tolerance eps on the
 * values at generators (row normalised so that |row[1..n]| = 1).  vals
 * receives h at each generator (k entries, scratch); *margin the smaller of
 * the largest positive and the largest negative value (how deep the cut is). */
rc_side rc_poly_classify(const rc_poly *p, const double *row, double eps,
                         double *vals, double *margin);

/* Split P by h into neg = P n {h <= 0} and pos = P n {h >= 0}; P must be
 * cut (RC_SIDE_BOTH) with vals from rc_poly_classify.  Either output
 * pointer may be NULL when that side is not wanted. */
rc_status rc_poly_split(rc_poly **neg, rc_poly **pos, const rc_poly *p,
                        const double *row, rc_owner owner, const double *vals,
                        double eps);

/* ---- Certified pieces (the filtered kernel) ----------------------------
 * The signs of a row at the generators of a certified piece are decided
 * only when a proven bound on their rounding error decides them; then the
 * combinatorics of the piece (incidences, adjacency, facets) is exactly
 * that of the exact piece it stands for, and splits need no tolerance. */

/* A polyhedron with m rows, k generators and s lines, all zero (to be
 * filled by the caller). */
rc_poly *rc_poly_new_empty(size_t n, size_t m, size_t k, size_t s);
/* dst = src / |src|_2 (d entries, src[0] = 0): a ray or a line. */
void rc_poly_normalise_ray(double *dst, const double *src, size_t d);

/* Give p error bounds: err0 for every generator and line. */
rc_status rc_poly_certify(rc_poly *p, double err0);

/* The certified signs of h(u) = row . (1, u) at p's generators and lines.
 * row_err bounds |row - exact row| in the max norm, row_l1 is |row|_1.
 * A value is signed when it exceeds twice its bound and floor; it is a
 * zero when it is 0 with a zero bound.  sign (k) receives -1, 0, +1;
 * vals and bounds (k) the values and their bounds.  Returns 1 and sets
 * *side when every sign (and every line's) is certain, else 0. */
int rc_poly_classify_cert(const rc_poly *p, const double *row, double row_err,
                          double row_l1, double floor, rc_side *side,
                          signed char *sign, double *vals, double *bounds);

/* Whether row certainly cuts p (both signs certified at its generators,
 * or a line it is not constant on): 1 when it does, stopping at the first
 * pair of signs; 0 when it may not (then ask rc_poly_classify_cert).  No
 * signs are left for a split: for a hyperplane that is only asked
 * whether it cuts. */
int rc_poly_cuts_cert(const rc_poly *p, const double *row, double row_err,
                      double row_l1, double floor);

/* What the quick test needs of a certified pointed p (no lines), over
 * its generators g: the largest |g|_1 + d e_g, e_g and |g|_1. */
typedef struct rc_poly_extent {
    double a_max, e_max, g1_max;
} rc_poly_extent;

void rc_poly_cert_extent(rc_poly_extent *x, const rc_poly *p);

/* The side of row on a certified pointed p when one bound for all its
 * generators (from x) already signs every value alike: RC_SIDE_POS or
 * RC_SIDE_NEG, the side rc_poly_classify_cert finds; RC_SIDE_BOTH when
 * it cannot tell (then ask rc_poly_classify_cert).  Most hyperplanes
 * miss most pieces, and this costs a dot product per generator. */
rc_side rc_poly_side_quick(const rc_poly *p, const rc_poly_extent *x,
                           const double *row, double row_err, double row_l1,
                           double floor);

/* Memory a caller lends to the splits, kept from one to the next (a
 * split needs a dozen arrays, and cutting is the hot path); zero it
 * before the first use, clear it after the last. */
typedef struct rc_poly_scratch {
    void *buf;
    size_t cap;
} rc_poly_scratch;

void rc_poly_scratch_clear(rc_poly_scratch *s);

/* Split a certified p (classified RC_SIDE_BOTH with the arrays of
 * rc_poly_classify_cert) into certified pieces.  RC_ERR_NUMERIC when a
 * new generator's error cannot be bounded (the caller decides exactly).
 * scratch may be NULL. */
rc_status rc_poly_split_cert(rc_poly **neg, rc_poly **pos, const rc_poly *p,
                             const double *row, double row_err,
                             double row_l1, rc_owner owner,
                             const signed char *sign, const double *vals,
                             const double *bounds, rc_poly_scratch *scratch);

/* rc_poly_split_cert for pieces that will only be classified: their
 * generators (the same, in the same order, with the same bounds) and
 * every facet of p with the cut, unpruned, but no incidences (words 0):
 * they cannot be split, pruned or completed into regions. */
rc_status rc_poly_split_cert_gens(rc_poly **neg, rc_poly **pos,
                                  const rc_poly *p, const double *row,
                                  double row_err, double row_l1,
                                  rc_owner owner, const signed char *sign,
                                  const double *vals, const double *bounds,
                                  rc_poly_scratch *scratch);

/* Volume of a bounded polyhedron (n >= 1), by a pulling triangulation of
 * its face lattice, which the incidences describe. */
rc_status rc_poly_volume(double *vol, const rc_poly *p);

#endif
