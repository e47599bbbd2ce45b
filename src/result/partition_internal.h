/* partition_internal.h -- layout of partitions and regions; not installed. */
#ifndef RC_PARTITION_INTERNAL_H
#define RC_PARTITION_INTERNAL_H

#include <gmp.h>
#include <stdint.h>

#include "relucells/rational.h"
#include "relucells/partition.h"

/* A region's data in exact rationals (exact mode only); same layouts as
 * the double arrays of rc_region. */
typedef struct rc_region_exact {
    size_t m, k, s;            /* rows, generators, lines allocated for */
    mpq_t *facet_a, *facet_b, *vertices, *rays, *lines, *A, *c;
    mpq_t *point;              /* interior point, dim */
    mpq_t margin;              /* interior margin of point, see exact.h */
    mpq_t volume;              /* valid when the region is bounded */
    int has_point;
} rc_region_exact;

/* pattern, point, A and c live in the region's own block (rc_region_new):
 * they are never freed or replaced on their own. */
struct rc_region {
    size_t id;                 /* 1-based, in the engine's order */
    size_t task, task_k;       /* the task that made it, its place there */
    unsigned char *pattern;    /* pattern_length bytes */
    size_t dim, outputs;
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
    size_t gen_words;          /* bitset words per facet over generators */
    uint64_t *facet_gens;      /* num_facets x gen_words: vertices, then rays */
    double *A, *c;             /* output map, outputs x dim and outputs */
    rc_region_exact *exact;    /* NULL unless exact mode */
};

struct rc_partition {
    size_t dim, num_inputs, num_outputs, num_hidden, pattern_length;
    int exact;
    rc_arithmetic arithmetic;  /* as asked for */
    int complete;              /* 0 when a limit or a stop cut it short */
    rc_stop_reason stop_reason;
    size_t *free_inputs;       /* dim */
    size_t *hidden_sizes;      /* num_hidden */
    size_t *layer_counts;      /* num_hidden */
    size_t num_regions, cap_regions;
    rc_region **regions;
    size_t *hash;              /* open addressing over patterns */
    size_t hash_mask;
    rc_enum_stats stats;
};

/* A new region with its pattern, interior point and output map arrays
 * (zeroed); NULL when out of memory. */
rc_region *rc_region_new(size_t dim, size_t outputs, size_t pattern_length);
void rc_region_free(rc_region *r);
/* Allocate the double arrays of r for m facets, k generators, s lines
 * (and the facet-generator incidences); 0, or -1 when out of memory. */
rc_status rc_region_alloc(rc_region *r, size_t m, size_t k, size_t s);
/* The exact arrays for m facets, k generators, s lines; check them with
 * rc_region_exact_ok. */
rc_region_exact *rc_region_exact_new(size_t m, size_t k, size_t s, size_t n,
                                     size_t outputs);
int rc_region_exact_ok(const rc_region_exact *e);
/* r->facet_gens from a piece's incidences (k generators x words, over m
 * rows): facets are the rows that are not the face at infinity, in order;
 * generators are renumbered vertices first, then rays. */
void rc_region_set_incidence(rc_region *r, const uint64_t *inc, size_t words,
                             size_t k, size_t m, const rc_owner *owners,
                             const unsigned char *is_vertex);

/* An empty partition for the regions of net on dom. */
rc_status rc_partition_new(rc_partition **part, const rc_net *net,
                           const rc_domain *dom, int exact, rc_error *err);
/* Append r (the partition takes it, and frees it on failure) and index
 * it; r->id becomes its 1-based position. */
rc_status rc_partition_add(rc_partition *part, rc_region *r);

#endif
