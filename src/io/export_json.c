/* export_json.c -- JSON output of a partition, with jansson.
 *
 * Every value is built and encoded by jansson; only the punctuation that
 * joins the top-level members and the regions is written here, so that a
 * partition of a million regions streams out without building one tree. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/json_util.h"
#include "result/partition_internal.h"
#include "io/export_internal.h"
#include "result/graph_internal.h"
#include "relucells/export.h"

void
rc_owner_string(char *buf, rc_owner owner)
{
    if (owner.kind == RC_OWNER_NEURON)
        snprintf(buf, 48, "neuron %u %u", owner.layer + 1, owner.index + 1);
    else
        snprintf(buf, 48, "domain %u", 2 * owner.index + 1 + owner.upper);
}

/* The exact members of a region, replacing the double ones. */
static void
region_json_exact(json_t *o, const rc_region *r, size_t n, size_t m)
{
    const rc_region_exact *e = r->exact;
    json_t *facets = json_object_get(o, "facets"), *map = json_object();
    size_t i;

    if (e->has_point) {
        json_object_set_new(o, "interior_point", rc_json_qvector(e->point[0], n));
        json_object_set_new(o, "interior_margin", rc_json_q(e->margin));
    }
    if (r->bounded && !isnan(r->volume))
        json_object_set_new(o, "volume", rc_json_q(e->volume));
    json_object_set_new(map, "A", rc_json_qpoints(e->A[0], m, n));
    json_object_set_new(map, "c", rc_json_qvector(e->c[0], m));
    json_object_set_new(o, "output_map", map);
    for (i = 0; i < r->num_facets; i++) {
        json_t *f = json_array_get(facets, i);
        json_object_set_new(f, "a", rc_json_qvector(e->facet_a[i * n], n));
        json_object_set_new(f, "b", rc_json_q(e->facet_b[i]));
    }
    json_object_set_new(o, "vertices", rc_json_qpoints(e->vertices[0], r->nv, n));
    json_object_set_new(o, "rays", rc_json_qpoints(e->rays[0], r->nr, n));
    json_object_set_new(o, "lines", rc_json_qpoints(e->lines[0], r->nl, n));
}

static json_t *
region_json(const rc_partition *part, const rc_region *r, char *pattern)
{
    size_t n = part->dim, m = part->num_outputs, i;
    json_t *o = json_object(), *facets = json_array(), *map = json_object();
    char owner[48];

    rc_partition_pattern_string(pattern, part, r);
    json_object_set_new(o, "pattern", json_string(pattern));
    json_object_set_new(o, "interior_point", rc_json_vector(r->point, n));
    json_object_set_new(o, "chebyshev_radius", rc_json_num(r->radius));
    json_object_set_new(o, "bounded", json_boolean(r->bounded));
    json_object_set_new(o, "volume", rc_json_num(r->volume));
    json_object_set_new(map, "A", rc_json_points(r->A, m, n));
    json_object_set_new(map, "c", rc_json_vector(r->c, m));
    json_object_set_new(o, "output_map", map);
    for (i = 0; i < r->num_facets; i++) {
        json_t *f = json_object();
        rc_owner_string(owner, r->owners[i]);
        json_object_set_new(f, "owner", json_string(owner));
        json_object_set_new(f, "a", rc_json_vector(r->facet_a + i * n, n));
        json_object_set_new(f, "b", rc_json_num(r->facet_b[i]));
        json_array_append_new(facets, f);
    }
    json_object_set_new(o, "facets", facets);
    json_object_set_new(o, "vertices", rc_json_points(r->vertices, r->nv, n));
    json_object_set_new(o, "rays", rc_json_points(r->rays, r->nr, n));
    json_object_set_new(o, "lines", rc_json_points(r->lines, r->nl, n));
    if (r->exact != NULL)
        region_json_exact(o, r, n, m);
    return o;
}

rc_status
rc_partition_write_json(FILE *out, const rc_partition *part,
                        const rc_graph *graph, rc_error *err)
{
    return rc_partition_write_json_ext(out, part, graph, NULL, NULL, err);
}

rc_status
rc_partition_write_json_ext(FILE *out, const rc_partition *part,
                            const rc_graph *graph, rc_region_json_extra extra,
                            void *ctx, rc_error *err)
{
    json_t *inputs = json_array(), *counts = json_array(), *stats;
    char *pattern = malloc(part->pattern_length + part->num_hidden + 2);
    size_t i;
    int bad = 0;

    if (pattern == NULL || inputs == NULL || counts == NULL) {
        free(pattern);
        json_decref(inputs);
        json_decref(counts);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < part->dim; i++)
        json_array_append_new(inputs, json_integer((json_int_t)part->free_inputs[i] + 1));
    for (i = 0; i < part->num_hidden; i++)
        json_array_append_new(counts, json_integer((json_int_t)part->layer_counts[i]));
    stats = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
                      "classifications", (json_int_t)part->stats.classifications,
                      "cuts", (json_int_t)part->stats.cuts,
                      "uncertain", (json_int_t)part->stats.uncertain,
                      "lp_decisions", (json_int_t)part->stats.lp_decisions,
                      "lp_calls", (json_int_t)part->stats.lp_calls,
                      "exact_signs", (json_int_t)part->stats.exact_signs);
    bad |= rc_json_member(out, "arithmetic", json_string(part->exact ? "exact" : "float"), 1);
    bad |= rc_json_member(out, "inputs", inputs, 0);
    bad |= rc_json_member(out, "layer_counts", counts, 0);
    bad |= rc_json_member(out, "num_regions", json_integer((json_int_t)part->num_regions), 0);
    bad |= rc_json_member(out, "stats", stats, 0);
    bad |= fputs(",\n\"regions\": [", out) == EOF;
    for (i = 0; i < part->num_regions && !bad; i++) {
        json_t *r = region_json(part, part->regions[i], pattern);
        if (r != NULL && extra != NULL) {
            json_t *x = extra(ctx, i);
            bad |= x == NULL || json_object_update(r, x) != 0;
            json_decref(x);
        }
        bad |= r == NULL;
        bad |= fputs(i ? ",\n" : "\n", out) == EOF;
        bad |= json_dumpf(r, out, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0;
        json_decref(r);
    }
    bad |= fputs("\n]", out) == EOF;
    if (graph != NULL) {
        bad |= fputs(",\n\"adjacency\": [", out) == EOF;
        for (i = 0; i < rc_graph_num_edges(graph) && !bad; i++) {
            json_t *e = rc_graph_edge_json(graph, i);
            bad |= e == NULL || fputs(i ? ",\n" : "\n", out) == EOF;
            bad |= json_dumpf(e, out, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0;
            json_decref(e);
        }
        bad |= fputs("\n]", out) == EOF;
    }
    bad |= fputs("}\n", out) == EOF;
    free(pattern);
    if (bad)
        return rc_error_set(err, RC_ERR_IO, "cannot write JSON output");
    return RC_OK;
}
