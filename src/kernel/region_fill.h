/* region_fill.h -- interior points and Chebyshev balls of regions whose
 * facets and generators are set; internal, for the kernels' region
 * functions (the one place a region is completed). */
#ifndef RC_REGION_FILL_H
#define RC_REGION_FILL_H

#include "result/partition_internal.h"

/* With opts->chebyshev: the Chebyshev ball (GLPK, in a local frame) and
 * its centre as interior point; without: the vertex centroid.  typical is
 * a length in raw units (the domain's half-width) that caps the radius of
 * unbounded regions. */
rc_status rc_region_fill_float(rc_region *r, double typical,
                               const rc_enum_opts *opts, rc_enum_stats *stats,
                               rc_error *err);

/* Exact regions: a rational interior point with a positive certified
 * margin (cddlib's optimum with opts->certify_lp), and the Chebyshev
 * radius as an informative double (NaN when its LP fails). */
rc_status rc_region_fill_exact(rc_region *r, double typical,
                               const rc_enum_opts *opts, rc_enum_stats *stats,
                               rc_error *err);

#endif
