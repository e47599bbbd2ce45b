/* cmd_info.c -- 'relucells info': what a network file holds. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells info [OPTIONS] NET\n"
          "Print the architecture of NET (widths, hidden layers, neurons),\n"
          "its parameter count, its input normalisation and output scaling,\n"
          "and the domain (the box of its minimum and maximum lines, or the one\n"
          "the options give).  For an ONNX file also where it came from: opset,\n"
          "producer, input shape and the operators folded into the affine layers;\n"
          "an ONNX file has no input box, so the domain is the one --box or\n"
          "--vnnlib give.\n"
          "\nOptions:\n"
          "  --input-format F      auto (by content, the default), nnet or onnx\n"
          "  --vnnlib FILE         the domain of a VNN-LIB property's input box\n"
          "  --box LO,HI | --box L1,H1,...  the domain to show\n"
          "  -h, --help            show this help\n", f);
}

int
cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
        {"vnnlib", required_argument, NULL, OPT_VNNLIB},
        {"box", required_argument, NULL, OPT_BOX},
        {NULL, 0, NULL, 0}};
    cli_common c;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_error err;
    const char *path;
    size_t L, i, n;
    int opt, handled, rc = EXIT_BAD_INPUT;

    cli_common_init(&c);
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        if (opt == 'h') {
            help(stdout);
            rc = EXIT_OK;
        } else {
            cli_bad_option("info", argv);
        }
        goto done;
    }
    if (optind + 1 != argc) {
        fputs("relucells info: needs exactly one network file (try "
              "'relucells info --help')\n", stderr);
        goto done;
    }
    if (cli_load_net(&net, argv[optind], c.input_format) != EXIT_OK)
        goto done;
    path = strcmp(argv[optind], "-") ? argv[optind] : "<stdin>";
    c.domain.net_name = path;
    L = rc_net_num_layers(net);
    n = rc_net_num_inputs(net);
    printf("network: %s\n", path);
    if (rc_net_source_info(net) != NULL)
        fputs(rc_net_source_info(net), stdout);
    else
        printf("format: NNet\n");
    printf("architecture: %zu", n);
    for (i = 0; i < L; i++)
        printf("-%zu", rc_net_layer_size(net, i));
    printf("\ninputs: %zu\noutputs: %zu\n", n, rc_net_num_outputs(net));
    printf("hidden layers: %zu\nhidden neurons: %zu\n", rc_net_num_hidden(net),
           rc_net_num_neurons(net));
    printf("parameters: %zu\n", rc_net_num_params(net));
    if (!c.domain.box && !c.domain.vnnlib && !rc_net_has_input_bounds(net)) {
        printf("domain: none in the file (an ONNX network has no input box: "
               "give --box, --vnnlib or --unbounded)\n");
    } else {
        if (rc_domain_from_spec(&dom, net, &c.domain, &err) != RC_OK) {
            cli_error("%s", err.msg);
            goto done;
        }
        printf("domain (%s):\n", c.domain.vnnlib ? "box of the VNN-LIB property"
               : c.domain.box ? "--box" : "box of the min/max lines");
        for (i = 0; i < n; i++) {
            if (rc_domain_is_fixed(dom, i))
                printf("  x%zu = %.10g (fixed)", i + 1, rc_domain_fixed_value(dom, i));
            else
                printf("  x%zu in [%.10g, %.10g]", i + 1, rc_domain_lo(dom, i),
                       rc_domain_hi(dom, i));
            printf("  mean %.10g  range %.10g\n", rc_net_input_mean(net)[i],
                   rc_net_input_range(net)[i]);
        }
    }
    printf("output scaling: y = y_n * %.10g + %.10g\n",
           rc_net_output_range(net), rc_net_output_mean(net));
    rc = EXIT_OK;
    if (fflush(stdout) != 0) {
        cli_error("cannot write standard output");
        rc = EXIT_FAILURE_RUN;
    }
done:
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
