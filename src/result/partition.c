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

#include "base/error_internal.h"
#include "lp/lp_glpk.h"
#include "model/net_internal.h"
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

static void
region_clear(rc_region *r)
{
    region_exact_free(r->exact, r);
    free(r->pattern);
    free(r->point);
    free(r->facet_a);
    free(r->facet_b);
    free(r->owners);
    free(r->vertices);
    free(r->rays);
    free(r->lines);
    free(r->facet_gens);
    free(r->A);
    free(r->c);
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

rc_region *
rc_partition_push_region(rc_partition *part)
{
    rc_region *r;

    if (part->num_regions == part->cap_regions) {
        size_t cap = part->cap_regions ? 2 * part->cap_regions : 256;
        rc_region *regions = realloc(part->regions, cap * sizeof *regions);
        if (regions == NULL)
            return NULL;
        part->regions = regions;
        part->cap_regions = cap;
    }
    r = &part->regions[part->num_regions];
    memset(r, 0, sizeof *r);
    r->dim = part->dim;
    r->outputs = part->num_outputs;
    r->pattern = calloc(part->pattern_length + 1, 1);
    r->point = calloc(part->dim, sizeof(double));
    r->A = calloc(part->num_outputs * part->dim + 1, sizeof(double));
    r->c = calloc(part->num_outputs, sizeof(double));
    if (!r->pattern || !r->point || !r->A || !r->c) {
        region_clear(r);
        return NULL;
    }
    part->num_regions++;
    return r;
}

void
rc_partition_pop_region(rc_partition *part)
{
    region_clear(&part->regions[--part->num_regions]);
}

int
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
           && r->lines && r->facet_gens ? 0 : -1;
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

/* t = min_i (b_i - a_i . x) / |a_i|_1 over the exact facets of r, whose
 * a_i and b_i are integers: with x = X / D over a common denominator the
 * work stays in integers, fractions compared by cross-multiplication. */
static void
exact_margin(mpq_t t, const rc_region *r, mpq_t *x)
{
    const rc_region_exact *e = r->exact;
    size_t n = r->dim, i, j;
    mpz_t D, num, den, bn, bd, u, v, *X = malloc((n + 1) * sizeof *X);

    mpz_inits(D, num, den, bn, bd, u, v, NULL);
    mpz_set_ui(D, 1);
    for (j = 0; j < n; j++)
        mpz_lcm(D, D, mpq_denref(x[j]));
    for (j = 0; j < n && X != NULL; j++) {
        mpz_init(X[j]);
        mpz_divexact(X[j], D, mpq_denref(x[j]));
        mpz_mul(X[j], X[j], mpq_numref(x[j]));
    }
    mpz_set_si(bn, -1);
    for (i = 0; i < r->num_facets && X != NULL; i++) {
        mpz_mul(num, mpq_numref(e->facet_b[i]), D);
        mpz_set_ui(den, 0);
        for (j = 0; j < n; j++) {
            mpz_submul(num, mpq_numref(e->facet_a[i * n + j]), X[j]);
            mpz_abs(u, mpq_numref(e->facet_a[i * n + j]));
            mpz_add(den, den, u);
        }
        mpz_mul(den, den, D);
        mpz_mul(u, num, bd);
        mpz_mul(v, bn, den);
        if (i == 0 || mpz_cmp(u, v) < 0) {
            mpz_set(bn, num);
            mpz_set(bd, den);
        }
    }
    if (r->num_facets == 0 || X == NULL) {
        mpz_set_si(bn, r->num_facets == 0 ? 1 : -1);
        mpz_set_ui(bd, 1);
    }
    mpz_set(mpq_numref(t), bn);
    mpz_set(mpq_denref(t), bd);
    mpq_canonicalize(t);
    for (j = 0; j < n && X != NULL; j++)
        mpz_clear(X[j]);
    free(X);
    mpz_clears(D, num, den, bn, bd, u, v, NULL);
}

/* The exact interior point of r: its Chebyshev centre read exactly (a
 * binary fraction), or, should that lie too close to the boundary, the
 * mean of its vertices plus its rays (interior whenever the region has
 * interior).  Fails only if neither has a positive margin, which would be
 * a bug of the enumeration. */
static rc_status
region_exact_point(rc_region *r, rc_error *err)
{
    rc_region_exact *e = r->exact;
    size_t n = r->dim, j, g;
    mpq_t u;

    for (j = 0; j < n; j++)
        mpq_set_d(e->point[j], r->point[j]);
    exact_margin(e->margin, r, e->point);
    if (mpq_sgn(e->margin) <= 0) {
        mpq_init(u);
        mpq_set_ui(u, r->nv ? (unsigned long)r->nv : 1, 1);
        for (j = 0; j < n; j++) {
            mpq_set_ui(e->point[j], 0, 1);
            for (g = 0; g < r->nv; g++)
                mpq_add(e->point[j], e->point[j], e->vertices[g * n + j]);
            mpq_div(e->point[j], e->point[j], u);
            for (g = 0; g < r->nr; g++)
                mpq_add(e->point[j], e->point[j], e->rays[g * n + j]);
        }
        mpq_clear(u);
        exact_margin(e->margin, r, e->point);
    }
    if (mpq_sgn(e->margin) <= 0)
        return rc_error_set(err, RC_ERR_NUMERIC,
                            "internal error: a region has no interior point");
    e->has_point = 1;
    return RC_OK;
}

rc_status
rc_partition_finish(rc_partition *part, const rc_enum_opts *opts,
                    rc_error *err)
{
    size_t i, j, g;
    rc_status st;

    for (i = 0; i < part->num_regions; i++) {
        rc_region *r = &part->regions[i];

        r->radius = NAN;
        if (opts->chebyshev) {
            if ((st = region_chebyshev(part, r, err)) != RC_OK)
                return st;
        } else if (r->nv > 0) {
            /* The vertex centroid, interior for a bounded region. */
            for (j = 0; j < part->dim; j++) {
                double s = 0.0;
                for (g = 0; g < r->nv; g++)
                    s += r->vertices[g * part->dim + j];
                r->point[j] = s / (double)r->nv;
            }
        }
        if (r->exact != NULL && opts->chebyshev && !r->exact->has_point
            && (st = region_exact_point(r, err)) != RC_OK)
            return st;
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
    size_t n = r->dim;

    if (b != NULL)
        *b = r->facet_b[i];
    if (owner != NULL)
        *owner = r->owners[i];
    return r->facet_a + i * n;
}

const double *rc_region_vertex(const rc_region *r, size_t i) { return r->vertices + i * r->dim; }
const double *rc_region_ray(const rc_region *r, size_t i) { return r->rays + i * r->dim; }
const double *rc_region_line(const rc_region *r, size_t i) { return r->lines + i * r->dim; }

int rc_partition_is_exact(const rc_partition *p) { return p->exact; }

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

int
rc_region_facet_has_generator(const rc_region *r, size_t i, size_t g)
{
    return (int)((r->facet_gens[i * r->gen_words + g / 64] >> (g % 64)) & 1u);
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

size_t
rc_partition_locate(const rc_partition *part, const double *x, double tol)
{
    size_t i, f, j, n = part->dim, boundary = SIZE_MAX;

    for (i = 0; i < part->num_regions; i++) {
        const rc_region *r = &part->regions[i];
        int inside = 1, strict = 1;

        for (f = 0; f < r->num_facets && inside; f++) {
            double s = 0.0, mag = fabs(r->facet_b[f]);
            for (j = 0; j < n; j++) {
                s += r->facet_a[f * n + j] * x[j];
                mag += fabs(r->facet_a[f * n + j] * x[j]);
            }
            if (s > r->facet_b[f] + tol * (1.0 + mag))
                inside = 0;
            else if (s > r->facet_b[f] - tol * (1.0 + mag))
                strict = 0;
        }
        if (inside && strict)
            return i;
        if (inside && boundary == SIZE_MAX)
            boundary = i;
    }
    return boundary;
}
