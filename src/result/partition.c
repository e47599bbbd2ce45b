/* partition.c -- the regions of an enumeration kept in memory.
 *
 * The partition is one sink of the engine: it takes each finished region
 * as the engine hands it over and indexes it by pattern at once (open
 * addressing, grown as it fills), so no second pass over the regions is
 * needed.  Regions are in the engine's order, which does not depend on
 * the number of threads; region i has id i + 1. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "model/domain_internal.h"
#include "model/net_internal.h"
#include "result/partition_internal.h"

void
rc_partition_free(rc_partition *part)
{
    size_t i;

    if (part == NULL)
        return;
    for (i = 0; i < part->num_regions; i++)
        rc_region_free(part->regions[i]);
    free(part->regions);
    free(part->hash);
    free(part->free_inputs);
    free(part->hidden_sizes);
    free(part->layer_counts);
    free(part);
}

rc_status
rc_partition_new(rc_partition **out, const rc_net *net, const rc_domain *dom,
                 int exact, rc_error *err)
{
    rc_partition *part = calloc(1, sizeof *part);
    size_t k, n = rc_domain_dim(dom);

    *out = NULL;
    if (part == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    part->dim = n;
    part->exact = exact;
    part->complete = 1;
    part->num_inputs = net->sizes[0];
    part->num_outputs = net->sizes[net->num_layers];
    part->num_hidden = net->num_layers - 1;
    part->pattern_length = rc_net_num_neurons(net);
    part->free_inputs = calloc(n + 1, sizeof(size_t));
    part->hidden_sizes = calloc(part->num_hidden + 1, sizeof(size_t));
    part->layer_counts = calloc(part->num_hidden + 1, sizeof(size_t));
    if (!part->free_inputs || !part->hidden_sizes || !part->layer_counts) {
        rc_partition_free(part);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (k = 0; k < n; k++)
        part->free_inputs[k] = rc_domain_free_input(dom, k);
    for (k = 0; k < part->num_hidden; k++)
        part->hidden_sizes[k] = net->sizes[k + 1];
    *out = part;
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

static void
index_insert(rc_partition *part, size_t i)
{
    size_t h = (size_t)pattern_hash(part->regions[i]->pattern,
                                    part->pattern_length) & part->hash_mask;

    while (part->hash[h] != SIZE_MAX)
        h = (h + 1) & part->hash_mask;
    part->hash[h] = i;
}

/* Keep the table at most half full. */
static int
index_grow(rc_partition *part)
{
    size_t size = part->hash ? 2 * (part->hash_mask + 1) : 256, i;
    size_t *hash = malloc(size * sizeof *hash);

    if (hash == NULL)
        return -1;
    free(part->hash);
    part->hash = hash;
    part->hash_mask = size - 1;
    for (i = 0; i < size; i++)
        hash[i] = SIZE_MAX;
    for (i = 0; i < part->num_regions; i++)
        index_insert(part, i);
    return 0;
}

rc_status
rc_partition_add(rc_partition *part, rc_region *r)
{
    if (part->num_regions == part->cap_regions) {
        size_t cap = part->cap_regions ? 2 * part->cap_regions : 256;
        rc_region **regions = realloc(part->regions, cap * sizeof *regions);
        if (regions == NULL) {
            rc_region_free(r);
            return RC_ERR_NOMEM;
        }
        part->regions = regions;
        part->cap_regions = cap;
    }
    if (2 * (part->num_regions + 1) > (part->hash ? part->hash_mask + 1 : 0)
        && index_grow(part) != 0) {
        rc_region_free(r);
        return RC_ERR_NOMEM;
    }
    part->regions[part->num_regions] = r;
    r->id = ++part->num_regions;
    index_insert(part, part->num_regions - 1);
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
        if (memcmp(part->regions[i]->pattern, pattern, part->pattern_length) == 0)
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

size_t
rc_partition_locate(const rc_partition *part, const double *x, double tol)
{
    size_t i, f, j, n = part->dim, boundary = SIZE_MAX;

    for (i = 0; i < part->num_regions; i++) {
        const rc_region *r = part->regions[i];
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

size_t rc_partition_num_regions(const rc_partition *p) { return p->num_regions; }
const rc_region *rc_partition_region(const rc_partition *p, size_t i) { return p->regions[i]; }
size_t rc_partition_dim(const rc_partition *p) { return p->dim; }
size_t rc_partition_free_input(const rc_partition *p, size_t k) { return p->free_inputs[k]; }
size_t rc_partition_num_outputs(const rc_partition *p) { return p->num_outputs; }
size_t rc_partition_num_hidden(const rc_partition *p) { return p->num_hidden; }
size_t rc_partition_hidden_size(const rc_partition *p, size_t k) { return p->hidden_sizes[k]; }
size_t rc_partition_layer_count(const rc_partition *p, size_t k) { return p->layer_counts[k]; }
size_t rc_partition_pattern_length(const rc_partition *p) { return p->pattern_length; }
const rc_enum_stats *rc_partition_stats(const rc_partition *p) { return &p->stats; }
int rc_partition_is_exact(const rc_partition *p) { return p->exact; }
int rc_partition_is_complete(const rc_partition *p) { return p->complete; }
