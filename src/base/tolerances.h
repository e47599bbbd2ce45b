/* tolerances.h -- the floating-point thresholds that are not a user's
 * choice, each named once with the reason for its value; internal.
 * (The user's tolerances are rc_enum_opts fields: eps, lp_margin,
 * filter_margin.)  None of them decides a region of the default or exact
 * modes: those decide every sign with a proven bound or exactly. */
#ifndef RC_TOLERANCES_H
#define RC_TOLERANCES_H

/* An entry of a float row below this fraction of the row's largest is
 * rounding noise: GLPK's scaling can cycle on such entries, and a row
 * whose linear part is all noise is a constant on the piece. */
#define RC_TOL_ROW_NOISE 1e-14

/* A float witness point lies strictly inside a region's facet when it
 * clears it by this much relative to the terms of the facet's value (the
 * float region graph's check of a shared facet's witness). */
#define RC_TOL_STRICTLY_INSIDE 1e-9

/* A Chebyshev LP on an unbounded region that returns this close to its
 * radius cap found no bound: the radius is infinite. */
#define RC_TOL_AT_CAP 1e-12

#endif
