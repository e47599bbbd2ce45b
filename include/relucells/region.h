/* relucells/region.h -- one linear region of a ReLU network.
 *
 * A region is the closure of the set of inputs of the domain that share one
 * activation pattern (configuration) theta, when that set has interior.  It
 * is a convex polyhedron {x : a_i . x <= b_i} in the free inputs (raw
 * coordinates), on which the network is the affine map y = A x + c. */
#ifndef RELUCELLS_REGION_H
#define RELUCELLS_REGION_H

#include <gmp.h>
#include <stddef.h>

#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_region rc_region;

typedef enum rc_owner_kind {
    RC_OWNER_DOMAIN = 0,   /* a facet of the domain box */
    RC_OWNER_NEURON = 1    /* the zero set of a hidden neuron */
} rc_owner_kind;

/* What a facet lies on.  Neuron: layer (0-based hidden layer) and index
 * (0-based neuron).  Domain: input (0-based) and upper (0: x_i >= lo_i,
 * 1: x_i <= hi_i); users see "domain 2i+1+upper" (numbered from 1). */
typedef struct rc_owner {
    rc_owner_kind kind;
    unsigned layer;
    unsigned index;
    unsigned upper;
    /* Neuron facets: the number of the cut that made the facet.  The two
     * pieces of a cut carry it on either side of the same hyperplane, so
     * the regions adjacent across a facet have facets with the same cut
     * (the region graph is built from this).  0 for domain facets. */
    unsigned long cut;
} rc_owner;

/* The region's id: 1, 2, ... in the order of the enumeration. */
size_t rc_region_id(const rc_region *r);
/* The task of the engine's plan that made the region (enumerate.h), and
 * in *k (may be NULL) its place among that task's regions (0-based): the
 * same in every run of the same network, domain and arithmetic, whatever
 * the threads or the tasks run (in a part of a task, rc_enum_opts.next_part:
 * its place among the part's).  Regions made outside an enumeration: 0. */
size_t rc_region_task(const rc_region *r, size_t *k);

/* Activation pattern: one byte 0/1 per hidden neuron, layer after layer. */
const unsigned char *rc_region_pattern(const rc_region *r);

/* Interior point (raw coordinates of the free inputs) and the radius of
 * the largest Euclidean ball about it inside the region (INFINITY when the
 * region holds balls of any radius). */
const double *rc_region_interior_point(const rc_region *r);
double rc_region_chebyshev_radius(const rc_region *r);
int rc_region_is_bounded(const rc_region *r);
/* Volume (Lebesgue measure in the free inputs); INFINITY when unbounded. */
double rc_region_volume(const rc_region *r);

/* Irredundant H-representation: facet i is a . x <= *b, lying on *owner.
 * The returned vector has rc_partition_dim entries and lives as long as
 * the partition. */
size_t rc_region_num_facets(const rc_region *r);
const double *rc_region_facet(const rc_region *r, size_t i, double *b,
                              rc_owner *owner);

/* V-representation: vertices, extreme rays and a basis of the lineality
 * space (directions along which the region is a full line). */
size_t rc_region_num_vertices(const rc_region *r);
const double *rc_region_vertex(const rc_region *r, size_t i);
size_t rc_region_num_rays(const rc_region *r);
const double *rc_region_ray(const rc_region *r, size_t i);
size_t rc_region_num_lines(const rc_region *r);
const double *rc_region_line(const rc_region *r, size_t i);

/* Is generator g on facet i?  Generators are numbered vertices first
 * (0 .. num_vertices-1), then rays. */
int rc_region_facet_has_generator(const rc_region *r, size_t i, size_t g);

/* Output map on the region: y = A x + c, A row-major (outputs x dim). */
const double *rc_region_output_A(const rc_region *r);
const double *rc_region_output_c(const rc_region *r);

/* Boundary order.  Generators are numbered as for
 * rc_region_facet_has_generator: vertices 0 .. num_vertices-1, then rays.
 * In a ray's place the boundary is at infinity in that direction.
 *
 * rc_region_polygon, for a region of a 2D partition: the generators in
 * counter-clockwise order around the region, read from the facet-vertex
 * incidences (each vertex lies on two facets, each facet holds two
 * generators: the boundary is the cycle they form), not by sorting angles.
 * A bounded region gives its vertices; an unbounded one starts with the
 * ray along which its boundary comes in from infinity and ends with the ray
 * along which it leaves (the same ray when there is one, a half-strip).
 * order needs num_vertices + num_rays entries; *count receives the number
 * written.  RC_ERR_ARG when the region contains a line (a half-plane or a
 * strip has no vertex cycle) or its incidences do not form one cycle
 * (it is not 2D).
 *
 * rc_region_facet_polygon, for a region of a 3D partition: the generators
 * of facet `facet` in cyclic order, counter-clockwise seen from outside
 * (the facet's normal a pointing at the viewer).  Two of them are
 * consecutive when another facet holds both and no other generator of
 * this one: they span an edge.  Same conventions and errors. */
rc_status rc_region_polygon(size_t *order, size_t *count, const rc_region *r);
rc_status rc_region_facet_polygon(size_t *order, size_t *count,
                                  const rc_region *r, size_t facet);

/* ---- The same exactly (RC_ARITH_EXACT) -----------------------------------
 * With exact arithmetic every number of a region is also a rational.  The
 * arrays are laid out like their double counterparts (vectors of dim
 * entries) and live as long as the region; in the other modes these
 * return NULL. */

/* Is exact data attached? */
int rc_region_is_exact(const rc_region *r);
/* Facet i: a . x <= *b with integer a and b (not normalised). */
mpq_srcptr rc_region_facet_q(const rc_region *r, size_t i, mpq_srcptr *b);
mpq_srcptr rc_region_vertex_q(const rc_region *r, size_t i);
mpq_srcptr rc_region_ray_q(const rc_region *r, size_t i);
mpq_srcptr rc_region_line_q(const rc_region *r, size_t i);
/* y = A x + c, A row-major (outputs x dim). */
mpq_srcptr rc_region_output_A_q(const rc_region *r);
mpq_srcptr rc_region_output_c_q(const rc_region *r);
/* Volume of a bounded region; NULL when unbounded or not computed. */
mpq_srcptr rc_region_volume_q(const rc_region *r);
/* A rational interior point x and its margin
 *     t(x) = min_i (b_i - a_i . x) / |a_i|_1 > 0:
 * the box of half-width t about x lies in the region, a certificate that it
 * has interior.  x is the better of the Chebyshev centre (read as an exact
 * binary fraction) and the mean of the vertices plus the rays; with
 * rc_enum_opts.certify_lp it is the optimum of
 *     max t  s.t.  a_i . x + |a_i|_1 t <= b_i,  t <= 1
 * solved exactly by cddlib.  NULL when not computed. */
mpq_srcptr rc_region_interior_point_q(const rc_region *r);
mpq_srcptr rc_region_interior_margin_q(const rc_region *r);

#ifdef __cplusplus
}
#endif
#endif
