/* cmd_info.c -- 'relucells info': what a network file holds. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    rc_net *net = NULL;
    rc_error err;
    size_t L, i, n;
    int opt;

    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs("Usage: relucells info NET\n"
                  "Print the architecture of NET (widths, hidden layers, neurons),\n"
                  "its parameter count, its input normalisation and output scaling,\n"
                  "and the default domain (the box of its minimum and maximum lines).\n",
                  stdout);
            return EXIT_OK;
        }
        cli_bad_option("info", argv);
        return EXIT_BAD_INPUT;
    }
    if (optind + 1 != argc) {
        fputs("relucells info: needs exactly one network file (try "
              "'relucells info --help')\n", stderr);
        return EXIT_BAD_INPUT;
    }
    if (rc_net_load_nnet(&net, argv[optind], &err) != RC_OK) {
        cli_error("%s", err.msg);
        return EXIT_BAD_INPUT;
    }
    L = rc_net_num_layers(net);
    n = rc_net_num_inputs(net);
    printf("network: %s\n", strcmp(argv[optind], "-") ? argv[optind] : "<stdin>");
    printf("architecture: %zu", n);
    for (i = 0; i < L; i++)
        printf("-%zu", rc_net_layer_size(net, i));
    printf("\ninputs: %zu\noutputs: %zu\n", n, rc_net_num_outputs(net));
    printf("hidden layers: %zu\nhidden neurons: %zu\n", rc_net_num_hidden(net),
           rc_net_num_neurons(net));
    printf("parameters: %zu\n", rc_net_num_params(net));
    printf("domain (box of the min/max lines):\n");
    for (i = 0; i < n; i++)
        printf("  x%zu in [%.10g, %.10g]  mean %.10g  range %.10g\n", i + 1,
               rc_net_input_min(net)[i], rc_net_input_max(net)[i],
               rc_net_input_mean(net)[i], rc_net_input_range(net)[i]);
    printf("output scaling: y = y_n * %.10g + %.10g\n",
           rc_net_output_range(net), rc_net_output_mean(net));
    rc_net_free(net);
    if (fflush(stdout) != 0) {
        cli_error("cannot write standard output");
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}
