/* cmd_graph.c -- 'relucells graph': the region graph and the gradient
 * jumps across shared facets, per layer and per neuron. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells graph [OPTIONS] NET\n"
          "The region graph of NET: regions are nodes, and two regions are joined\n"
          "when they share a facet, which lies on the zero set of one neuron (or\n"
          "several that coincide).  Each edge carries that neuron and the gradient\n"
          "difference (the jump of the output Jacobian across the facet) with its\n"
          "norm.  The text report gives, per hidden layer and per neuron, the\n"
          "number of shared facets and the mean, median and largest jump.\n"
          "\nDomain (default: the box of the NNet minimum and maximum lines):\n"
          "  --box LO,HI | --box L1,H1,...  --vnnlib FILE  --unbounded\n"
          "  --fix I=V[,I=V...]  --input-format auto|nnet|onnx\n"
          "  (as for 'relucells enumerate')\n"
          "\nOptions:\n"
          "  --format text|json|dot|graphml|csv   output (default text: statistics)\n"
          "  --exact               exact arithmetic; gradient differences as p/q\n"
          "  --neurons             text: also the statistics of every neuron\n"
          "  -o, --output FILE     write to FILE instead of standard output\n"
          "  --max-regions N       give up (exit 1) past N regions in a layer\n"
          "  -h, --help            show this help\n"
          "\nDOT renders with Graphviz (dot -Tsvg), GraphML loads in networkx and\n"
          "Gephi, CSV has one edge per line.  Layers and neurons count from 1.\n", f);
}

static void
write_stats_line(FILE *f, const char *what, const rc_jump_stats *s)
{
    fprintf(f, "%-18s facets %7zu  mean %12.6g  median %12.6g  max %12.6g\n",
            what, s->count, s->mean, s->median, s->max);
}

static void
write_text(FILE *f, const rc_partition *part, const rc_graph *g, int neurons)
{
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
}

int
cmd_graph(int argc, char **argv)
{
    enum { OPT_NEURONS = OPT_LOCAL };
    static const struct option longopts[] = {
        CLI_ENUM_LONGOPTS,
        {"neurons", no_argument, NULL, OPT_NEURONS},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json", "dot", "graphml", "csv"};
    cli_common c;
    int format, opt, rc = EXIT_BAD_INPUT, neurons = 0, handled;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_graph *graph = NULL;
    rc_error err;
    rc_status st;
    cli_output out;

    cli_common_init(&c);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_NEURONS: neurons = 1; break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            help(stderr);
            goto done;
        }
    }
    if ((format = cli_format_index(&c, formats, 5)) < 0)
        goto done;
    if ((rc = cli_load(&net, &dom, &c, argc, argv, optind, "graph")) != EXIT_OK)
        goto done;
    /* Interior points and volumes only where the output shows them. */
    c.opts.volume = format == 1 || format == 2 || format == 3;
    c.opts.chebyshev = format == 1;
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK
        || (st = rc_graph_build(&graph, part, &err)) != RC_OK) {
        cli_error("%s", err.msg);
        rc = st == RC_ERR_ARG ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN;
        goto done;
    }
    if (cli_output_open(&out, c.output) != 0) {
        rc = EXIT_FAILURE_RUN;
        goto done;
    }
    switch (format) {
    case 0: write_text(out.f, part, graph, neurons); st = RC_OK; break;
    case 1: st = rc_graph_write_json(out.f, graph, &err); break;
    case 2: st = rc_graph_write_dot(out.f, graph, &err); break;
    case 3: st = rc_graph_write_graphml(out.f, graph, &err); break;
    default: st = rc_graph_write_csv(out.f, graph, &err); break;
    }
    if (st != RC_OK)
        cli_error("%s", err.msg);
    rc = cli_output_close(&out, st == RC_OK) || st != RC_OK
         ? EXIT_FAILURE_RUN : EXIT_OK;
done:
    rc_graph_free(graph);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
