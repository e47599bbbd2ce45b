/* cmd_graph.c -- 'relucells graph': the region graph and the gradient
 * jumps across shared facets, per layer and per neuron. */
#include <stdio.h>

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
          "\nOutput:\n"
          "  --format text|json|dot|graphml|csv   default text: statistics;\n"
          "                        DOT renders with Graphviz (in 2D with 'neato -n'\n"
          "                        each node sits at its region), GraphML loads in\n"
          "                        networkx and Gephi, CSV has one edge a line\n"
          "  --neurons             text: also the statistics of every neuron\n", f);
    cli_help_values(f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    cli_help_exit(f);
    fputs("\nExample:\n"
          "  relucells graph --format dot net.nnet | neato -n -Tsvg -o graph.svg\n", f);
}

int
cmd_graph(int argc, char **argv)
{
    enum { OPT_NEURONS = OPT_LOCAL };
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT, CLI_VALUES_OPTS,
        {"neurons", no_argument, NULL, OPT_NEURONS},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json", "dot", "graphml", "csv"};
    cli_common c;
    cli_values vals = CLI_VALUES_INIT;
    int format, opt, rc = EXIT_BAD_INPUT, neurons = 0, handled;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_graph *graph = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;

    cli_common_init(&c);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled || cli_values_option(&vals, opt, optarg))
            continue;
        switch (opt) {
        case OPT_NEURONS: neurons = 1; break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("graph", argv);
            goto done;
        }
    }
    if ((format = cli_format_index(&c, formats, 5)) < 0)
        goto done;
    if ((rc = cli_load_open(&net, &dom, &out, &c, argc, argv, "graph",
                            NULL)) != EXIT_OK
        || (rc = cli_values_apply(&vals, &net)) != EXIT_OK)
        goto done;
    /* Interior points and volumes only where the output shows them. */
    c.opts.volume = format == 1 || format == 2 || format == 3;
    c.opts.chebyshev = format == 1 || format == 2;
    cli_run_prepare(&c);
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK
        || (st = rc_graph_build(&graph, part, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    switch (format) {
    case 0: st = rc_graph_write_text(out.f, graph, neurons, &err); break;
    case 1: st = rc_graph_write_json(out.f, graph, &err); break;
    case 2: st = rc_graph_write_dot(out.f, graph, &err); break;
    case 3: st = rc_graph_write_graphml(out.f, graph, &err); break;
    default: st = rc_graph_write_csv(out.f, graph, &err); break;
    }
    rc = cli_status_exit(st, &err);
    if (cli_output_close(&out, rc == EXIT_OK) && rc == EXIT_OK)
        rc = EXIT_FAILURE_RUN;
done:
    cli_output_abort(&out);
    rc_graph_free(graph);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_values_clear(&vals);
    cli_common_clear(&c);
    return rc;
}
