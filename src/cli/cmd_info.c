/* cmd_info.c -- 'relucells info': what a network file holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/rational.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells info [OPTIONS] NET\n"
          "Print the architecture of NET (widths, hidden layers, neurons),\n"
          "its parameter count, its input normalisation and output scaling,\n"
          "and the default domain (the box of its minimum and maximum lines).\n"
          "For an ONNX file also where it came from: opset, producer, input\n"
          "shape and the operators folded into the affine layers; an ONNX file\n"
          "has no input box, so the domain is the one --box or --vnnlib give.\n"
          "\nOptions:\n"
          "  --input-format F      auto (by content, the default), nnet or onnx\n"
          "  --box LO,HI | --box L1,H1,...  the domain to show\n"
          "  --vnnlib FILE         the domain of a VNN-LIB property's input box\n"
          "  -h, --help            show this help\n", f);
}

/* The domain lines: the file's box, or the one the options give. */
static int
print_domain(const rc_net *net, const domain_args *a, const char *path)
{
    size_t n = rc_net_num_inputs(net), i;
    mpq_t *lo = rc_mpq_array_new(n), *hi = rc_mpq_array_new(n), *val = rc_mpq_array_new(n);
    unsigned char *fixed = calloc(n ? n : 1, 1);
    int rc = EXIT_BAD_INPUT;

    if (!lo || !hi || !val || !fixed) {
        cli_error("out of memory");
        goto done;
    }
    if (a->box == NULL && a->vnnlib == NULL && !rc_net_has_input_bounds(net)) {
        printf("domain: none in the file (an ONNX network has no input box: "
               "give --box, --vnnlib or --unbounded)\n");
        rc = EXIT_OK;
        goto done;
    }
    if (cli_domain_bounds(lo, hi, fixed, val, net, a, path) != EXIT_OK)
        goto done;
    if (a->vnnlib != NULL)
        printf("domain (box of %s%s):\n", a->vnnlib, a->box ? " and --box" : "");
    else if (a->box != NULL)
        printf("domain (--box):\n");
    else
        printf("domain (box of the min/max lines):\n");
    for (i = 0; i < n; i++) {
        printf("  x%zu in [%.10g, %.10g]  mean %.10g  range %.10g\n", i + 1,
               rc_q_get_d(lo[i]), rc_q_get_d(hi[i]), rc_net_input_mean(net)[i],
               rc_net_input_range(net)[i]);
    }
    rc = EXIT_OK;
done:
    rc_mpq_array_free(lo, n);
    rc_mpq_array_free(hi, n);
    rc_mpq_array_free(val, n);
    free(fixed);
    return rc;
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
    rc_net *net = NULL;
    rc_net_format format = RC_FORMAT_AUTO;
    domain_args dom = {NULL, 0, NULL, NULL};
    const char *path;
    size_t L, i, n;
    int opt, rc;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            help(stdout);
            return EXIT_OK;
        case OPT_INPUT_FORMAT:
            if (cli_parse_input_format(&format, optarg) != 0)
                return EXIT_BAD_INPUT;
            break;
        case OPT_VNNLIB: dom.vnnlib = optarg; break;
        case OPT_BOX: dom.box = optarg; break;
        default:
            help(stderr);
            return EXIT_BAD_INPUT;
        }
    }
    if (optind + 1 != argc) {
        cli_error("info needs exactly one network file (try --help)");
        return EXIT_BAD_INPUT;
    }
    if (cli_load_net(&net, argv[optind], format) != EXIT_OK)
        return EXIT_BAD_INPUT;
    path = strcmp(argv[optind], "-") ? argv[optind] : "<stdin>";
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
    rc = print_domain(net, &dom, path);
    if (rc == EXIT_OK)
        printf("output scaling: y = y_n * %.10g + %.10g\n",
               rc_net_output_range(net), rc_net_output_mean(net));
    rc_net_free(net);
    if (fflush(stdout) != 0) {
        cli_error("cannot write standard output");
        return EXIT_FAILURE_RUN;
    }
    return rc;
}
