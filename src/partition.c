/* partition.c -- the regions found by rc_enumerate, in raw coordinates.
 *
 * The engine works in internal coordinates u; here each region is given
 * back in the coordinates of the free inputs, x = centre + scale * u: facet
 * normals are scaled by 1/scale and normalised, vertices and rays mapped,
 * and the output map composed with the inverse change of variables.  The
 * Chebyshev ball is then computed by GLPK in raw coordinates, so that its
 * radius is a Euclidean radius in the user's units. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "lp_glpk.h"
#include "partition_internal.h"

static void
region_clear(rc_region *r)
{
    free(r->pattern);
    free(r->point);
    free(r->facet_a);
    free(r->facet_b);
    free(r->owners);
    free(r->vertices);
    free(r->rays);
    free(r->lines);
    free(r->A);
    free(r->c);
    rc_poly_free(r->poly);
}

void
rc_partition_free(rc_partition *part)
{
    size_t i;

    if (part == NULL)
        return;
    for (i = 0; i < part->num_regions; i++)
        region_clear(&part->regions[i]);
    free(part->regions);
    free(part->hash);
    free(part->free_inputs);
    free(part->hidden_sizes);
    free(part->layer_counts);
    free(part->centre);
    free(part->scale);
    free(part);
}

rc_status
rc_partition_add_region(rc_partition *part, rc_poly *poly,
                        const unsigned char *pattern, const double *out_map,
                        rc_error *err)
{
    size_t n = part->dim, d = n + 1, o, i, m = part->num_outputs;
    rc_region *r;

    if (part->num_regions == part->cap_regions) {
        size_t cap = part->cap_regions ? 2 * part->cap_regions : 256;
        rc_region *regions = realloc(part->regions, cap * sizeof *regions);
        if (regions == NULL) {
            rc_poly_free(poly);
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
        part->regions = regions;
        part->cap_regions = cap;
    }
    r = &part->regions[part->num_regions];
    memset(r, 0, sizeof *r);
    r->poly = poly;
    r->pattern = malloc(part->pattern_length + 1);
    r->A = malloc(m * n * sizeof(double));
    r->c = malloc(m * sizeof(double));
    if (!r->pattern || !r->A || !r->c) {
        region_clear(r);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    memcpy(r->pattern, pattern, part->pattern_length);
    /* y = M0 + M u with u_i = (x_i - centre_i) / scale_i. */
    for (o = 0; o < m; o++) {
        double c = out_map[o * d];
        for (i = 0; i < n; i++) {
            double a = out_map[o * d + 1 + i] / part->scale[i];
            r->A[o * n + i] = a;
            c -= a * part->centre[i];
        }
        r->c[o] = c;
    }
    part->num_regions++;
    return RC_OK;
}

/* Facets, vertices, rays and lines of r in raw coordinates. */
static rc_status
region_to_raw(rc_partition *part, rc_region *r)
{
    const rc_poly *p = r->poly;
    size_t n = part->dim, d = n + 1, i, j, g, nf = 0;

    r->facet_a = calloc(p->m * n + 1, sizeof(double));
    r->facet_b = calloc(p->m + 1, sizeof(double));
    r->owners = calloc(p->m + 1, sizeof(rc_owner));
    r->vertices = calloc(p->k * n + 1, sizeof(double));
    r->rays = calloc(p->k * n + 1, sizeof(double));
    r->lines = calloc(p->s * n + 1, sizeof(double));
    r->point = calloc(n, sizeof(double));
    if (!r->facet_a || !r->facet_b || !r->owners || !r->vertices || !r->rays
        || !r->lines || !r->point)
        return RC_ERR_NOMEM;
    for (i = 0; i < p->m; i++) {
        const double *row = p->rows + i * d;
        double *a = r->facet_a + nf * n, b = row[0], norm = 0.0;
        rc_owner ow = p->owners[i];

        if (ow.kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        /* row0 + sum row_j (x_j - centre_j) / scale_j >= 0 */
        for (j = 0; j < n; j++) {
            a[j] = -row[1 + j] / part->scale[j];
            b += a[j] * part->centre[j];
            norm += a[j] * a[j];
        }
        norm = sqrt(norm);
        for (j = 0; j < n; j++)
            a[j] /= norm;
        r->facet_b[nf] = b / norm;
        if (ow.kind == RC_OWNER_DOMAIN)
            ow.index = (unsigned)part->free_inputs[ow.index];
        r->owners[nf] = ow;
        nf++;
    }
    r->num_facets = nf;
    for (g = 0; g < p->k; g++) {
        const double *gen = p->gens + g * d;
        if (gen[0] > 0.0) {
            double *v = r->vertices + r->nv++ * n;
            for (j = 0; j < n; j++)
                v[j] = part->centre[j] + part->scale[j] * gen[1 + j] / gen[0];
        } else {
            double *v = r->rays + r->nr++ * n, norm = 0.0;
            for (j = 0; j < n; j++) {
                v[j] = part->scale[j] * gen[1 + j];
                norm += v[j] * v[j];
            }
            norm = sqrt(norm);
            for (j = 0; j < n; j++)
                v[j] /= norm;
        }
    }
    for (g = 0; g < p->s; g++) {
        double *v = r->lines + r->nl++ * n, norm = 0.0;
        for (j = 0; j < n; j++) {
            v[j] = part->scale[j] * p->lin[g * d + 1 + j];
            norm += v[j] * v[j];
        }
        norm = sqrt(norm);
        for (j = 0; j < n; j++)
            v[j] /= norm;
    }
    r->bounded = r->nr == 0 && r->nl == 0;
    return RC_OK;
}

/* Chebyshev ball in raw coordinates.  For an unbounded region the radius
 * is capped; reaching the cap means balls of every radius fit. */
static rc_status
region_chebyshev(rc_partition *part, rc_region *r, rc_error *err)
{
    size_t n = part->dim, j;
    double cap = 0.0, radius;
    rc_status st;

    for (j = 0; j < n; j++)
        cap += part->scale[j];
    cap *= 4.0;
    st = rc_lp_chebyshev(r->point, &radius, r->facet_a, r->facet_b,
                         r->num_facets, n, r->bounded ? 2 * cap : cap, err);
    part->stats.lp_calls++;
    if (st != RC_OK)
        return st;
    if (!r->bounded && radius >= cap * (1 - 1e-12))
        radius = INFINITY;
    r->radius = radius;
    return RC_OK;
}

static uint64_t
pattern_hash(const unsigned char *p, size_t len)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static rc_status
build_index(rc_partition *part)
{
    size_t size = 16, i;

    while (size < 2 * part->num_regions)
        size *= 2;
    part->hash = malloc(size * sizeof(size_t));
    if (part->hash == NULL)
        return RC_ERR_NOMEM;
    for (i = 0; i < size; i++)
        part->hash[i] = SIZE_MAX;
    part->hash_mask = size - 1;
    for (i = 0; i < part->num_regions; i++) {
        size_t h = (size_t)pattern_hash(part->regions[i].pattern,
                                        part->pattern_length) & part->hash_mask;
        while (part->hash[h] != SIZE_MAX)
            h = (h + 1) & part->hash_mask;
        part->hash[h] = i;
    }
    return RC_OK;
}

rc_status
rc_partition_finish(rc_partition *part, const rc_enum_opts *opts,
                    rc_error *err)
{
    size_t i;
    rc_status st;

    for (i = 0; i < part->num_regions; i++) {
        rc_region *r = &part->regions[i];
        size_t j;

        if (region_to_raw(part, r) != RC_OK)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        r->radius = NAN;
        r->volume = INFINITY;
        if (opts->chebyshev) {
            if ((st = region_chebyshev(part, r, err)) != RC_OK)
                return st;
        } else {
            /* The vertex centroid is interior for a bounded region. */
            for (j = 0; j < part->dim && r->nv > 0; j++) {
                size_t g;
                double s = 0.0;
                for (g = 0; g < r->nv; g++)
                    s += r->vertices[g * part->dim + j];
                r->point[j] = s / (double)r->nv;
            }
        }
        if (opts->volume && r->bounded) {
            double v;
            if (rc_poly_volume(&v, r->poly) != RC_OK)
                return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            for (j = 0; j < part->dim; j++)
                v *= part->scale[j];
            r->volume = v;
        } else if (r->bounded) {
            r->volume = NAN;
        }
    }
    if (build_index(part) != RC_OK)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    if (part->num_hidden > 0)
        part->layer_counts[part->num_hidden - 1] = part->num_regions;
    return RC_OK;
}

size_t
rc_partition_find(const rc_partition *part, const unsigned char *pattern)
{
    size_t h;

    if (part->hash == NULL)
        return SIZE_MAX;
    h = (size_t)pattern_hash(pattern, part->pattern_length) & part->hash_mask;
    while (part->hash[h] != SIZE_MAX) {
        size_t i = part->hash[h];
        if (memcmp(part->regions[i].pattern, pattern, part->pattern_length) == 0)
            return i;
        h = (h + 1) & part->hash_mask;
    }
    return SIZE_MAX;
}

void
rc_partition_pattern_string(char *buf, const rc_partition *part,
                            const rc_region *r)
{
    size_t k, j, o = 0;

    for (k = 0; k < part->num_hidden; k++) {
        if (k > 0)
            *buf++ = '|';
        for (j = 0; j < part->hidden_sizes[k]; j++)
            *buf++ = r->pattern[o++] ? '1' : '0';
    }
    *buf = '\0';
}

size_t rc_partition_num_regions(const rc_partition *p) { return p->num_regions; }
const rc_region *rc_partition_region(const rc_partition *p, size_t i) { return &p->regions[i]; }
size_t rc_partition_dim(const rc_partition *p) { return p->dim; }
size_t rc_partition_free_input(const rc_partition *p, size_t k) { return p->free_inputs[k]; }
size_t rc_partition_num_outputs(const rc_partition *p) { return p->num_outputs; }
size_t rc_partition_num_hidden(const rc_partition *p) { return p->num_hidden; }
size_t rc_partition_hidden_size(const rc_partition *p, size_t k) { return p->hidden_sizes[k]; }
size_t rc_partition_layer_count(const rc_partition *p, size_t k) { return p->layer_counts[k]; }
size_t rc_partition_pattern_length(const rc_partition *p) { return p->pattern_length; }
const rc_enum_stats *rc_partition_stats(const rc_partition *p) { return &p->stats; }

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

const double *
rc_region_facet(const rc_region *r, size_t i, double *b, rc_owner *owner)
{
    size_t n = r->poly->n;

    if (b != NULL)
        *b = r->facet_b[i];
    if (owner != NULL)
        *owner = r->owners[i];
    return r->facet_a + i * n;
}

const double *rc_region_vertex(const rc_region *r, size_t i) { return r->vertices + i * r->poly->n; }
const double *rc_region_ray(const rc_region *r, size_t i) { return r->rays + i * r->poly->n; }
const double *rc_region_line(const rc_region *r, size_t i) { return r->lines + i * r->poly->n; }
