/* partition_internal.h -- layout of partitions and regions; not installed. */
#ifndef RC_PARTITION_INTERNAL_H
#define RC_PARTITION_INTERNAL_H

#include "poly.h"
#include "relucells/partition.h"

struct rc_region {
    unsigned char *pattern;    /* pattern_length bytes */
    double *point;             /* interior point, dim */
    double radius;             /* Chebyshev radius (raw coordinates) */
    int bounded;
    double volume;
    size_t num_facets;
    double *facet_a;           /* num_facets x dim, unit normals */
    double *facet_b;
    rc_owner *owners;
    size_t nv, nr, nl;
    double *vertices, *rays, *lines;   /* each count x dim */
    double *A, *c;             /* output map, outputs x dim and outputs */
    rc_poly *poly;             /* internal coordinates */
};

struct rc_partition {
    size_t dim, num_inputs, num_outputs, num_hidden, pattern_length;
    size_t *free_inputs;       /* dim */
    size_t *hidden_sizes;      /* num_hidden */
    size_t *layer_counts;      /* num_hidden */
    double *centre, *scale;    /* x = centre + scale * u, dim each */
    size_t num_regions, cap_regions;
    rc_region *regions;
    size_t *hash;              /* open addressing over pattern, 2^hash_bits */
    size_t hash_mask;
    rc_enum_stats stats;
};

/* Append a region with the given internal polyhedron (taken), pattern and
 * output map in internal coordinates (outputs x (dim+1), homogeneous). */
rc_status rc_partition_add_region(rc_partition *part, rc_poly *poly,
                                  const unsigned char *pattern,
                                  const double *out_map, rc_error *err);
/* Fill the raw-coordinate data, Chebyshev ball and volume of all regions
 * and build the pattern index. */
rc_status rc_partition_finish(rc_partition *part, const rc_enum_opts *opts,
                              rc_error *err);

#endif
