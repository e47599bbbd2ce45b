/* export_graph.c -- the region graph as JSON (jansson), Graphviz DOT,
 * GraphML and CSV.  Nodes are regions, numbered from 1 in partition order;
 * edges carry the owning neuron (layer and neuron from 1), the neurons whose
 * activation differs, and the gradient difference with its norm. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/json_util.h"
#include "result/partition_internal.h"
#include "relucells/io.h"
#include "result/graph_internal.h"
#include "relucells/graph.h"

static char *
pattern_of(const rc_partition *part, size_t i)
{
    char *s = malloc(part->pattern_length + part->num_hidden + 2);

    if (s != NULL)
        rc_partition_pattern_string(s, part, part->regions[i]);
    return s;
}

/* Frobenius norm of a region's Jacobian: its gradient norm for one output. */
static double
jacobian_norm(const rc_partition *part, const rc_region *r)
{
    size_t i;
    double s = 0.0;

    for (i = 0; i < part->num_outputs * part->dim; i++)
        s += r->A[i] * r->A[i];
    return sqrt(s);
}

static json_t *
stats_json(const rc_jump_stats *s)
{
    return json_pack("{s:I, s:o, s:o, s:o}", "facets", (json_int_t)s->count,
                     "mean", rc_json_num(s->mean), "median", rc_json_num(s->median),
                     "max", rc_json_num(s->max));
}

/* Index of the hidden layer with the largest mean jump (-1: no edges). */
static long
largest_mean_layer(const rc_partition *part, const rc_jump_stats *ls)
{
    long best = -1;
    size_t k;

    for (k = 0; k < part->num_hidden; k++)
        if (ls[k].count > 0 && (best < 0 || ls[k].mean > ls[best].mean))
            best = (long)k;
    return best;
}

/* The shared facet, as region a has it: its hyperplane a . x <= b (a
 * unit normal, or exact integers in exact mode) and its vertices and rays.
 * The two regions' facets on a cut coincide (the deeper pre-activations
 * are continuous across it), so this is the piece they share. */
static json_t *
facet_json(const rc_partition *part, const rc_edge *e)
{
    const rc_region *r = part->regions[e->a];
    const rc_region_exact *x = r->exact;
    size_t n = part->dim, f = e->facet_a, g;
    json_t *o = json_object(), *v = json_array(), *rays = json_array();

    json_object_set_new(o, "a", x ? rc_json_qvector(x->facet_a[f * n], n)
                                  : rc_json_vector(r->facet_a + f * n, n));
    json_object_set_new(o, "b", x ? rc_json_q(x->facet_b[f])
                                  : rc_json_num(r->facet_b[f]));
    for (g = 0; g < r->nv; g++)
        if (rc_region_facet_has_generator(r, f, g))
            json_array_append_new(v, x ? rc_json_qvector(x->vertices[g * n], n)
                                       : rc_json_vector(r->vertices + g * n, n));
    for (g = 0; g < r->nr; g++)
        if (rc_region_facet_has_generator(r, f, r->nv + g))
            json_array_append_new(rays, x ? rc_json_qvector(x->rays[g * n], n)
                                          : rc_json_vector(r->rays + g * n, n));
    json_object_set_new(o, "vertices", v);
    json_object_set_new(o, "rays", rays);
    return o;
}

json_t *
rc_graph_edge_json(const rc_graph *g, size_t i)
{
    const rc_partition *part = rc_graph_partition(g);
    const rc_edge *e = rc_graph_edge(g, i);
    size_t n = part->dim, m = part->num_outputs, k, j;
    json_t *o = json_object(), *neurons = json_array(), *diff = json_array();
    char *pa = pattern_of(part, e->a), *pb = pattern_of(part, e->b);
    mpq_srcptr dq = rc_graph_edge_grad_diff_q(g, i);

    json_object_set_new(o, "a", json_integer((json_int_t)e->a + 1));
    json_object_set_new(o, "b", json_integer((json_int_t)e->b + 1));
    json_object_set_new(o, "pattern_a", json_string(pa ? pa : ""));
    json_object_set_new(o, "pattern_b", json_string(pb ? pb : ""));
    json_object_set_new(o, "owner", rc_json_owner(e->owner));
    for (k = 0; k < e->num_neurons; k++)
        json_array_append_new(neurons, json_pack("{s:i, s:i}", "layer",
                                                 (int)e->neurons[2 * k] + 1,
                                                 "neuron",
                                                 (int)e->neurons[2 * k + 1] + 1));
    json_object_set_new(o, "flips", neurons);
    for (k = 0; k < m; k++) {
        json_t *row = json_array();
        for (j = 0; j < n; j++)
            json_array_append_new(row, dq ? rc_json_q(dq + k * n + j)
                                          : rc_json_num(e->grad_diff[k * n + j]));
        json_array_append_new(diff, row);
    }
    json_object_set_new(o, "grad_diff", diff);
    json_object_set_new(o, "facet", facet_json(part, e));
    json_object_set_new(o, "grad_diff_norm", rc_json_num(e->norm));
    if (dq != NULL)
        json_object_set_new(o, "grad_diff_norm2", rc_json_q(rc_graph_edge_norm2_q(g, i)));
    free(pa);
    free(pb);
    return o;
}

static int
dump(FILE *out, json_t *v, const char *before)
{
    int bad = v == NULL || fputs(before, out) == EOF
              || json_dumpf(v, out, JSON_ENCODE_ANY | JSON_COMPACT
                            | JSON_REAL_PRECISION(17)) != 0;
    json_decref(v);
    return bad;
}

static void
write_stats_line(FILE *f, const char *what, const rc_jump_stats *s)
{
    fprintf(f, "%-18s facets %7zu  mean %12.6g  median %12.6g  max %12.6g\n",
            what, s->count, s->mean, s->median, s->max);
}

rc_status
rc_graph_write_text(FILE *f, const rc_graph *g, int neurons, rc_error *err)
{
    const rc_partition *part = rc_graph_partition(g);
    const rc_jump_stats *ls = rc_graph_layer_stats(g), *ns = rc_graph_neuron_stats(g);
    size_t k, j, o = 0, best = 0;
    char what[64];
    int any = 0;

    fprintf(f, "regions: %zu\nadjacent pairs: %zu\nconnected: %s\n",
            rc_partition_num_regions(part), rc_graph_num_edges(g),
            rc_graph_is_connected(g) == 1 ? "yes" : "no");
    if (rc_graph_unmatched(g) > 0)
        fprintf(f, "WARNING: %zu facets found no neighbour (numerically "
                "unreliable partition; try --exact)\n", rc_graph_unmatched(g));
    fputs("gradient differences across facets owned by each hidden layer:\n", f);
    for (k = 0; k < rc_partition_num_hidden(part); k++) {
        snprintf(what, sizeof what, "layer %zu (%zu)", k + 1,
                 rc_partition_hidden_size(part, k));
        write_stats_line(f, what, &ls[k]);
        if (ls[k].count > 0 && (!any || ls[k].mean > ls[best].mean)) {
            best = k;
            any = 1;
        }
    }
    if (any)
        fprintf(f, "largest mean jump: layer %zu\n", best + 1);
    for (k = 0; neurons && k < rc_partition_num_hidden(part); k++)
        for (j = 0; j < rc_partition_hidden_size(part, k); j++, o++) {
            snprintf(what, sizeof what, "neuron %zu %zu", k + 1, j + 1);
            write_stats_line(f, what, &ns[o]);
        }
    if (ferror(f))
        return rc_error_set(err, RC_ERR_IO, "cannot write the graph");
    return RC_OK;
}

rc_status
rc_graph_write_json(FILE *out, const rc_graph *g, rc_error *err)
{
    const rc_partition *part = rc_graph_partition(g);
    const rc_jump_stats *ls = rc_graph_layer_stats(g), *ns = rc_graph_neuron_stats(g);
    json_t *layers = json_array(), *neurons = json_array();
    size_t i, k, j, o = 0;
    long best = largest_mean_layer(part, ls);
    int bad = 0;

    for (k = 0; k < part->num_hidden; k++) {
        json_t *s = stats_json(&ls[k]);
        json_object_set_new(s, "layer", json_integer((json_int_t)k + 1));
        json_array_append_new(layers, s);
        for (j = 0; j < part->hidden_sizes[k]; j++, o++) {
            s = stats_json(&ns[o]);
            json_object_set_new(s, "layer", json_integer((json_int_t)k + 1));
            json_object_set_new(s, "neuron", json_integer((json_int_t)j + 1));
            json_array_append_new(neurons, s);
        }
    }
    bad |= dump(out, json_string("relucells-graph"), "{\"format\": ");
    bad |= dump(out, json_integer(1), ",\n\"version\": ");
    bad |= dump(out, json_string(part->exact ? "exact" : part->arithmetic
                                 == RC_ARITH_FLOAT ? "float" : "default"),
                ",\n\"arithmetic\": ");
    bad |= dump(out, json_integer((json_int_t)part->num_regions), ",\n\"num_nodes\": ");
    bad |= dump(out, json_integer((json_int_t)rc_graph_num_edges(g)), ",\n\"num_edges\": ");
    bad |= dump(out, json_integer((json_int_t)rc_graph_unmatched(g)), ",\n\"unmatched_facets\": ");
    bad |= dump(out, json_boolean(rc_graph_is_connected(g) == 1), ",\n\"connected\": ");
    bad |= dump(out, layers, ",\n\"layer_stats\": ");
    bad |= dump(out, best >= 0 ? json_integer(best + 1) : json_null(),
                ",\n\"largest_mean_layer\": ");
    bad |= dump(out, neurons, ",\n\"neuron_stats\": ");
    bad |= fputs(",\n\"nodes\": [", out) == EOF;
    for (i = 0; i < part->num_regions && !bad; i++) {
        const rc_region *r = part->regions[i];
        char *p = pattern_of(part, i);
        json_t *pt = json_array(), *node;
        for (j = 0; j < part->dim; j++)
            json_array_append_new(pt, rc_json_num(r->point[j]));
        node = json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)i + 1,
                         "pattern", p ? p : "", "interior_point", pt,
                         "volume", rc_json_num(r->volume),
                         "gradient_norm", rc_json_num(jacobian_norm(part, r)));
        free(p);
        bad |= dump(out, node, i ? ",\n" : "\n");
    }
    bad |= fputs("],\n\"edges\": [", out) == EOF;
    for (i = 0; i < rc_graph_num_edges(g) && !bad; i++)
        bad |= dump(out, rc_graph_edge_json(g, i), i ? ",\n" : "\n");
    bad |= fputs("]}\n", out) == EOF;
    return bad ? rc_error_set(err, RC_ERR_IO, "cannot write the graph") : RC_OK;
}

rc_status
rc_graph_write_dot(FILE *out, const rc_graph *g, rc_error *err)
{
    const rc_partition *part = rc_graph_partition(g);
    size_t i, j;
    int bad = 0;

    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, sc = 1.0;

    /* In 2D each node sits at its region's interior point, scaled to a
     * drawing of about 1000 points: 'neato -n' keeps the positions. */
    for (i = 0; part->dim == 2 && i < part->num_regions; i++)
        for (j = 0; j < 2; j++) {
            double x = part->regions[i]->point[j];
            if (isfinite(x) && x < lo[j])
                lo[j] = x;
            if (isfinite(x) && x > hi[j])
                hi[j] = x;
        }
    if (part->dim == 2 && hi[0] > lo[0] && hi[1] > lo[1])
        sc = 1000.0 / fmax(hi[0] - lo[0], hi[1] - lo[1]);
    bad |= fputs("graph regions {\n  node [shape=box, fontname=\"monospace\"];\n",
                 out) == EOF;
    for (i = 0; i < part->num_regions && !bad; i++) {
        const rc_region *r = part->regions[i];
        char *p = pattern_of(part, i);
        bad |= fprintf(out, "  r%zu [label=\"%s\", volume=\"%.10g\", gradient_norm=\"%.10g\"",
                       i + 1, p ? p : "", isfinite(r->volume) ? r->volume : -1.0,
                       jacobian_norm(part, r)) < 0;
        if (part->dim == 2 && isfinite(r->point[0]) && isfinite(r->point[1])
            && isfinite(lo[0]))
            bad |= fprintf(out, ", pos=\"%.6g,%.6g!\"", (r->point[0] - lo[0]) * sc,
                           (r->point[1] - lo[1]) * sc) < 0;
        bad |= fputs("];\n", out) == EOF;
        free(p);
    }
    for (i = 0; i < rc_graph_num_edges(g) && !bad; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        bad |= fprintf(out, "  r%zu -- r%zu [label=\"n%u,%u\", neuron=\"%u %u\", "
                       "grad_diff_norm=\"%.10g\"];\n", e->a + 1, e->b + 1,
                       e->owner.layer + 1, e->owner.index + 1,
                       e->owner.layer + 1, e->owner.index + 1, e->norm) < 0;
    }
    bad |= fputs("}\n", out) == EOF;
    return bad ? rc_error_set(err, RC_ERR_IO, "cannot write the graph") : RC_OK;
}

rc_status
rc_graph_write_graphml(FILE *out, const rc_graph *g, rc_error *err)
{
    const rc_partition *part = rc_graph_partition(g);
    size_t i;
    int bad = 0;

    bad |= fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                 "  <key id=\"pattern\" for=\"node\" attr.name=\"pattern\" attr.type=\"string\"/>\n"
                 "  <key id=\"volume\" for=\"node\" attr.name=\"volume\" attr.type=\"double\"/>\n"
                 "  <key id=\"gnorm\" for=\"node\" attr.name=\"gradient_norm\" attr.type=\"double\"/>\n"
                 "  <key id=\"layer\" for=\"edge\" attr.name=\"layer\" attr.type=\"int\"/>\n"
                 "  <key id=\"neuron\" for=\"edge\" attr.name=\"neuron\" attr.type=\"int\"/>\n"
                 "  <key id=\"dnorm\" for=\"edge\" attr.name=\"grad_diff_norm\" attr.type=\"double\"/>\n"
                 "  <graph id=\"regions\" edgedefault=\"undirected\">\n", out) == EOF;
    for (i = 0; i < part->num_regions && !bad; i++) {
        char *p = pattern_of(part, i);
        bad |= fprintf(out, "    <node id=\"r%zu\"><data key=\"pattern\">%s</data>",
                       i + 1, p ? p : "") < 0;
        if (isfinite(part->regions[i]->volume))
            bad |= fprintf(out, "<data key=\"volume\">%.17g</data>",
                           part->regions[i]->volume) < 0;
        bad |= fprintf(out, "<data key=\"gnorm\">%.17g</data></node>\n",
                       jacobian_norm(part, part->regions[i])) < 0;
        free(p);
    }
    for (i = 0; i < rc_graph_num_edges(g) && !bad; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        bad |= fprintf(out, "    <edge source=\"r%zu\" target=\"r%zu\">"
                       "<data key=\"layer\">%u</data><data key=\"neuron\">%u</data>"
                       "<data key=\"dnorm\">%.17g</data></edge>\n", e->a + 1,
                       e->b + 1, e->owner.layer + 1, e->owner.index + 1,
                       e->norm) < 0;
    }
    bad |= fputs("  </graph>\n</graphml>\n", out) == EOF;
    return bad ? rc_error_set(err, RC_ERR_IO, "cannot write the graph") : RC_OK;
}

rc_status
rc_graph_write_csv(FILE *out, const rc_graph *g, rc_error *err)
{
    const rc_partition *part = rc_graph_partition(g);
    size_t i, j, mn = part->num_outputs * part->dim;
    int bad = 0;

    bad |= fputs("source,target,source_pattern,target_pattern,layer,neuron,"
                 "grad_diff_norm,grad_diff\n", out) == EOF;
    for (i = 0; i < rc_graph_num_edges(g) && !bad; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        char *pa = pattern_of(part, e->a), *pb = pattern_of(part, e->b);
        bad |= fprintf(out, "%zu,%zu,%s,%s,%u,%u,%.17g,", e->a + 1, e->b + 1,
                       pa ? pa : "", pb ? pb : "", e->owner.layer + 1,
                       e->owner.index + 1, e->norm) < 0;
        for (j = 0; j < mn && !bad; j++)
            bad |= fprintf(out, "%s%.17g", j ? ";" : "", e->grad_diff[j]) < 0;
        bad |= fputc('\n', out) == EOF;
        free(pa);
        free(pb);
    }
    return bad ? rc_error_set(err, RC_ERR_IO, "cannot write the graph") : RC_OK;
}
