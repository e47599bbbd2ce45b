/* test_graph_export.c -- the region graph's exports read back: JSON by
 * jansson (counts, edge ends, owners, flips and layer statistics against
 * the graph), DOT through Graphviz and GraphML through networkx when they
 * are installed, CSV line by line; the graphs also satisfy every invariant
 * of graph_helpers.h. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/io.h"
#include "relucells/rational.h"
#include "relucells/graph.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "graph_helpers.h"
#include "testutil.h"

/* ---- exports ------------------------------------------------------------ */

/* A new temporary file holding g as written by w, rewound; its name is
 * put in path. */
static FILE *
written(char *path, rc_status (*w)(FILE *, const rc_graph *, rc_error *),
        const rc_graph *g)
{
    int fd;
    FILE *f;

    strcpy(path, "/tmp/rc_test_graph_XXXXXX");
    fd = mkstemp(path);
    f = fd >= 0 ? fdopen(fd, "w+") : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(w(f, g, NULL), RC_OK);
    rewind(f);
    return f;
}

static void
check_exports(const rc_graph *g)
{
    const rc_partition *part = rc_graph_partition(g);
    size_t R = rc_partition_num_regions(part), E = rc_graph_num_edges(g), i;
    char path[64], cmd[4096];
    FILE *f;
    json_t *root, *edges, *layers;
    json_error_t jerr;

    /* JSON read back */
    f = written(path, rc_graph_write_json, g);
    root = json_loadf(f, 0, &jerr);
    fclose(f);
    remove(path);
    CU_ASSERT_PTR_NOT_NULL(root);
    if (root == NULL)
        printf("\n  JSON: line %d: %s\n", jerr.line, jerr.text);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "num_nodes")), (json_int_t)R);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "num_edges")), (json_int_t)E);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(root, "nodes")), R);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "unmatched_facets")), 0);
    CU_ASSERT(json_is_true(json_object_get(root, "connected")));
    edges = json_object_get(root, "edges");
    CU_ASSERT_EQUAL(json_array_size(edges), E);
    for (i = 0; i < E && json_array_size(edges) == E; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        json_t *je = json_array_get(edges, i), *ow = json_object_get(je, "owner");
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(je, "a")), (json_int_t)e->a + 1);
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(je, "b")), (json_int_t)e->b + 1);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(ow, "kind")), "neuron");
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(ow, "layer")), (json_int_t)e->owner.layer + 1);
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(ow, "neuron")), (json_int_t)e->owner.index + 1);
        CU_ASSERT_EQUAL(json_array_size(json_object_get(je, "flips")), e->num_neurons);
    }
    layers = json_object_get(root, "layer_stats");
    CU_ASSERT_EQUAL(json_array_size(layers), rc_partition_num_hidden(part));
    for (i = 0; i < json_array_size(layers) && i < rc_partition_num_hidden(part); i++)
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(layers, i), "facets")),
                        (json_int_t)rc_graph_layer_stats(g)[i].count);
    json_decref(root);   /* NULL: nothing (the jansson API accepts it) */

    /* DOT through Graphviz */
    fclose(written(path, rc_graph_write_dot, g));
    if (system("command -v dot >/dev/null 2>&1") == 0) {
        snprintf(cmd, sizeof cmd, "dot -Tsvg %s -o /dev/null", path);
        CU_ASSERT_EQUAL(system(cmd), 0);
    } else {
        printf("\n  note: dot not found, DOT not checked by Graphviz\n");
    }
    remove(path);

    /* GraphML through networkx */
    fclose(written(path, rc_graph_write_graphml, g));
    if (system("/usr/bin/python3 -c 'import networkx' >/dev/null 2>&1") == 0) {
        snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c 'import sys, networkx as nx; "
                 "g = nx.read_graphml(sys.argv[1]); sys.exit(0 if (g.number_of_nodes(), "
                 "g.number_of_edges()) == (%zu, %zu) else 1)' %s", R, E, path);
        CU_ASSERT_EQUAL(system(cmd), 0);
    } else {
        printf("\n  note: python3 networkx not found, GraphML not read back\n");
    }
    remove(path);

    /* CSV: a header, then one line per edge */
    f = written(path, rc_graph_write_csv, g);
    for (i = 0; fgets(cmd, sizeof cmd, f) != NULL; i++)
        CU_ASSERT(i == 0 || strncmp(cmd, "source,", 7) != 0);
    CU_ASSERT_EQUAL(i, E + 1);
    fclose(f);
    remove(path);
}

/* The exports of four tangents of x2 = x1^2 over R^2 (float; 16 edges,
 * unbounded regions without volume), of the bent line (exact, whose JSON
 * holds the jumps as rational strings) and of a line x1 = 5 that misses
 * the box (exact): one region, no edge, statistics that count nothing. */
static void
test_exports(void)
{
    static const double tan4[] = {2, -1, -1, 4, -1, -4, 6, -1, -9, 8, -1, -16};
    static const double p[] = {1, 0, 0, -1, 0, 0, 0, 1, 2, 1, 2, 1, -2};
    static const double miss[] = {1, 0, -5, 1, 0};
    static const size_t w[2] = {3, 1}, one[2] = {1, 1}, four = 4;
    size_t x;

    for (x = 0; x < 3; x++) {
        rc_net *net = x == 0 ? gh_make_net(2, 1, &four, 1, tan4)
                    : gh_make_net(2, 2, x == 1 ? w : one, 1, x == 1 ? p : miss);
        rc_domain *dom = x == 0 ? test_box(2, 1.0, -1.0) : test_box(2, -1.0, 1.0);
        rc_partition *part = gh_run(net, dom, x > 0);
        rc_graph *g = gh_build(part);
        CU_ASSERT_EQUAL(rc_graph_num_edges(g), x == 0 ? 16 : x == 1 ? 4 : 0);
        if (x == 2) {
            CU_ASSERT_EQUAL(rc_partition_num_regions(part), 1);
            CU_ASSERT(rc_graph_layer_stats(g)[0].count == 0
                      && rc_graph_layer_stats(g)[1].max == 0.0);
        }
        check_exports(g);
        gh_check_graph(g, 0);
        gh_release(g, part, net, dom);
    }
}

int
main(void)
{
    static const test_case tests[] = {
        { "exports: JSON, DOT, GraphML, CSV", test_exports },
    };

    return test_run_suite("graph_export", tests, sizeof tests / sizeof tests[0]);
}
