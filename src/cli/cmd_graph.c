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
          "  --box LO,HI | --box L1,H1,...  --unbounded  --fix I=V[,I=V...]\n"
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
    enum { OPT_BOX = 256, OPT_UNBOUNDED, OPT_FIX, OPT_FORMAT, OPT_MAX,
           OPT_EXACT, OPT_NEURONS };
    static const struct option longopts[] = {
        {"box", required_argument, NULL, OPT_BOX},
        {"unbounded", no_argument, NULL, OPT_UNBOUNDED},
        {"fix", required_argument, NULL, OPT_FIX},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"max-regions", required_argument, NULL, OPT_MAX},
        {"exact", no_argument, NULL, OPT_EXACT},
        {"neurons", no_argument, NULL, OPT_NEURONS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json", "dot", "graphml", "csv"};
    domain_args da = {NULL, 0, NULL};
    const char *output = NULL;
    int format = 0, opt, rc = EXIT_BAD_INPUT, neurons = 0;
    size_t i;
    rc_enum_opts opts;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_graph *graph = NULL;
    rc_error err;
    rc_status st;
    cli_output out;
    char *end;

    rc_enum_opts_init(&opts);
    opts.volume = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_BOX: da.box = optarg; break;
        case OPT_UNBOUNDED: da.unbounded = 1; break;
        case OPT_FIX:
            if (cli_add_fix(&da, optarg) != 0) {
                cli_error("out of memory");
                goto done;
            }
            break;
        case OPT_FORMAT:
            for (format = -1, i = 0; i < sizeof formats / sizeof *formats; i++)
                if (strcmp(optarg, formats[i]) == 0)
                    format = (int)i;
            if (format < 0) {
                cli_error("--format: unknown format '%s' (text, json, dot, "
                          "graphml or csv)", optarg);
                goto done;
            }
            break;
        case 'o': output = optarg; break;
        case OPT_EXACT: opts.exact = 1; break;
        case OPT_NEURONS: neurons = 1; break;
        case OPT_MAX:
            errno = 0;
            opts.max_regions = strtoul(optarg, &end, 10);
            if (*end != '\0' || errno != 0 || optarg[0] == '-') {
                cli_error("--max-regions: '%s' is not a count", optarg);
                goto done;
            }
            break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            help(stderr);
            goto done;
        }
    }
    if (optind + 1 != argc) {
        cli_error("graph needs exactly one network file (try --help)");
        goto done;
    }
    if (rc_net_load_nnet(&net, argv[optind], &err) != RC_OK) {
        cli_error("%s", err.msg);
        goto done;
    }
    if ((rc = cli_make_domain(&dom, net, &da)) != EXIT_OK)
        goto done;
    /* Interior points and volumes only where the output shows them. */
    opts.volume = format == 1 || format == 2 || format == 3;
    opts.chebyshev = format == 1;
    if ((st = rc_enumerate(&part, net, dom, &opts, &err)) != RC_OK
        || (st = rc_graph_build(&graph, part, &err)) != RC_OK) {
        cli_error("%s", err.msg);
        rc = st == RC_ERR_ARG ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN;
        goto done;
    }
    if (cli_output_open(&out, output) != 0) {
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
    free(da.fix);
    return rc;
}
