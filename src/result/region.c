/* region.c -- one linear region: its storage and its accessors.
 *
 * A region is made by the engine (rc_region_new, with its pattern), filled
 * by a kernel's region function and handed to a sink, which keeps it (the
 * partition) or frees it.  Doubles always; rationals too in exact mode. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/rational.h"
#include "geom/poly.h"
#include "result/partition_internal.h"

static void
region_exact_free(rc_region_exact *e, const rc_region *r)
{
    size_t n = r->dim;

    if (e == NULL)
        return;
    rc_mpq_array_free(e->facet_a, e->m * n);
    rc_mpq_array_free(e->facet_b, e->m);
    rc_mpq_array_free(e->vertices, e->k * n);
    rc_mpq_array_free(e->rays, e->k * n);
    rc_mpq_array_free(e->lines, e->s * n);
    rc_mpq_array_free(e->A, r->outputs * n);
    rc_mpq_array_free(e->c, r->outputs);
    rc_mpq_array_free(e->point, n);
    mpq_clear(e->margin);
    mpq_clear(e->volume);
    free(e);
}

void
rc_region_free(rc_region *r)
{
    if (r == NULL)
        return;
    region_exact_free(r->exact, r);
    free(r->facet_a);
    free(r->facet_b);
    free(r->owners);
    free(r->vertices);
    free(r->rays);
    free(r->lines);
    free(r->facet_gens);
    free(r);
}

rc_region *
rc_region_new(size_t dim, size_t outputs, size_t pattern_length)
{
    /* One block: the region, its point, output map and pattern, which
     * every region has (a count makes and drops one per region). */
    size_t head = (sizeof(rc_region) + 15) / 16 * 16;
    size_t nd = (dim + 1) + (outputs * dim + 1) + (outputs + 1);
    unsigned char *b = calloc(1, head + nd * sizeof(double) + pattern_length + 1);
    rc_region *r = (rc_region *)b;

    if (r == NULL)
        return NULL;
    r->dim = dim;
    r->outputs = outputs;
    r->radius = NAN;
    r->volume = NAN;
    r->point = (double *)(b + head);
    r->A = r->point + dim + 1;
    r->c = r->A + outputs * dim + 1;
    r->pattern = (unsigned char *)(r->c + outputs + 1);
    return r;
}

rc_status
rc_region_alloc(rc_region *r, size_t m, size_t k, size_t s)
{
    size_t n = r->dim;

    r->facet_a = calloc(m * n + 1, sizeof(double));
    r->facet_b = calloc(m + 1, sizeof(double));
    r->owners = calloc(m + 1, sizeof(rc_owner));
    r->vertices = calloc(k * n + 1, sizeof(double));
    r->rays = calloc(k * n + 1, sizeof(double));
    r->lines = calloc(s * n + 1, sizeof(double));
    r->gen_words = k ? (k + 63) / 64 : 1;
    r->facet_gens = calloc(m * r->gen_words + 1, sizeof(uint64_t));
    return r->facet_a && r->facet_b && r->owners && r->vertices && r->rays
           && r->lines && r->facet_gens ? RC_OK : RC_ERR_NOMEM;
}

rc_region_exact *
rc_region_exact_new(size_t m, size_t k, size_t s, size_t n, size_t outputs)
{
    rc_region_exact *e = calloc(1, sizeof *e);

    if (e == NULL)
        return NULL;
    e->m = m;
    e->k = k;
    e->s = s;
    e->facet_a = rc_mpq_array_new(m * n);
    e->facet_b = rc_mpq_array_new(m);
    e->vertices = rc_mpq_array_new(k * n);
    e->rays = rc_mpq_array_new(k * n);
    e->lines = rc_mpq_array_new(s * n);
    e->A = rc_mpq_array_new(outputs * n);
    e->c = rc_mpq_array_new(outputs);
    e->point = rc_mpq_array_new(n);
    mpq_init(e->margin);
    mpq_init(e->volume);
    return e;
}

int
rc_region_exact_ok(const rc_region_exact *e)
{
    return e->facet_a && e->facet_b && e->vertices && e->rays && e->lines
           && e->A && e->c && e->point;
}

void
rc_region_set_incidence(rc_region *r, const uint64_t *inc, size_t words,
                        size_t k, size_t m, const rc_owner *owners,
                        const unsigned char *is_vertex)
{
    size_t g, i, f, pos, nv = 0, v = 0, ray = 0;

    for (g = 0; g < k; g++)
        nv += is_vertex[g];
    for (g = 0; g < k; g++) {
        pos = is_vertex[g] ? v++ : nv + ray++;
        for (i = 0, f = 0; i < m; i++) {
            if (owners[i].kind == (rc_owner_kind)RC_OWNER_INFINITY)
                continue;
            if ((inc[g * words + i / 64] >> (i % 64)) & 1u)
                r->facet_gens[f * r->gen_words + pos / 64] |= (uint64_t)1 << (pos % 64);
            f++;
        }
    }
}

size_t rc_region_id(const rc_region *r) { return r->id; }

size_t
rc_region_task(const rc_region *r, size_t *k)
{
    if (k != NULL)
        *k = r->task_k;
    return r->task;
}
int rc_region_is_exact(const rc_region *r) { return r->exact != NULL; }
const unsigned char *rc_region_pattern(const rc_region *r) { return r->pattern; }
const double *rc_region_interior_point(const rc_region *r) { return r->point; }
double rc_region_chebyshev_radius(const rc_region *r) { return r->radius; }
int rc_region_is_bounded(const rc_region *r) { return r->bounded; }
double rc_region_volume(const rc_region *r) { return r->volume; }
size_t rc_region_num_facets(const rc_region *r) { return r->num_facets; }
size_t rc_region_num_vertices(const rc_region *r) { return r->nv; }
size_t rc_region_num_rays(const rc_region *r) { return r->nr; }
size_t rc_region_num_lines(const rc_region *r) { return r->nl; }
const double *rc_region_output_A(const rc_region *r) { return r->A; }
const double *rc_region_output_c(const rc_region *r) { return r->c; }
const double *rc_region_vertex(const rc_region *r, size_t i) { return r->vertices + i * r->dim; }
const double *rc_region_ray(const rc_region *r, size_t i) { return r->rays + i * r->dim; }
const double *rc_region_line(const rc_region *r, size_t i) { return r->lines + i * r->dim; }

const double *
rc_region_facet(const rc_region *r, size_t i, double *b, rc_owner *owner)
{
    if (b != NULL)
        *b = r->facet_b[i];
    if (owner != NULL)
        *owner = r->owners[i];
    return r->facet_a + i * r->dim;
}

int
rc_region_facet_has_generator(const rc_region *r, size_t i, size_t g)
{
    return (int)((r->facet_gens[i * r->gen_words + g / 64] >> (g % 64)) & 1u);
}

mpq_srcptr
rc_region_facet_q(const rc_region *r, size_t i, mpq_srcptr *b)
{
    if (r->exact == NULL)
        return NULL;
    if (b != NULL)
        *b = r->exact->facet_b[i];
    return r->exact->facet_a[i * r->dim];
}

mpq_srcptr rc_region_vertex_q(const rc_region *r, size_t i) { return r->exact ? r->exact->vertices[i * r->dim] : NULL; }
mpq_srcptr rc_region_ray_q(const rc_region *r, size_t i) { return r->exact ? r->exact->rays[i * r->dim] : NULL; }
mpq_srcptr rc_region_line_q(const rc_region *r, size_t i) { return r->exact ? r->exact->lines[i * r->dim] : NULL; }
mpq_srcptr rc_region_output_A_q(const rc_region *r) { return r->exact ? r->exact->A[0] : NULL; }
mpq_srcptr rc_region_output_c_q(const rc_region *r) { return r->exact ? r->exact->c[0] : NULL; }

mpq_srcptr
rc_region_volume_q(const rc_region *r)
{
    return r->exact && r->bounded && !isnan(r->volume) ? r->exact->volume : NULL;
}

mpq_srcptr
rc_region_interior_point_q(const rc_region *r)
{
    return r->exact && r->exact->has_point ? r->exact->point[0] : NULL;
}

mpq_srcptr
rc_region_interior_margin_q(const rc_region *r)
{
    return r->exact && r->exact->has_point ? r->exact->margin : NULL;
}
