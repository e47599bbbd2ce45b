/* cmd_convert.c -- 'relucells convert IN OUT': a network in the other
 * format.  To NNet the numbers are written exactly (relucells/io.h), so
 * NNet-only tools can read ONNX networks and a round trip is lossless; to
 * ONNX as float64, rounding (and counting) values that are not doubles. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells convert [OPTIONS] IN OUT\n"
          "Write the network IN (NNet or ONNX) to OUT as NNet or ONNX, by OUT's\n"
          "extension (.onnx is ONNX, anything else NNet) or --output-format.\n"
          "NNet gets the exact decimal expansion of every number, so reading OUT\n"
          "back gives the same network exactly; a value with no finite decimal\n"
          "expansion (after an ONNX Div by 3, say) is refused.  NNet needs an\n"
          "input box: an ONNX network has none, so give --box or --vnnlib\n"
          "(written as the NNet minimum and maximum lines).  ONNX gets float64\n"
          "initialisers (opset 13): values that are not doubles, such as 0.1 in\n"
          "an NNet file, are rounded to the nearest double, with a note.\n"
          "OUT is written whole or not at all.\n"
          "\nOptions:\n"
          "  --input-format F      auto (by content, the default), nnet or onnx\n"
          "  --output-format F     nnet or onnx (default: by OUT's extension)\n"
          "  --box LO,HI | --box L1,H1,...  the input box to write\n"
          "  --vnnlib FILE         the input box of a VNN-LIB property\n"
          "  -h, --help            show this help\n"
          "\nExit status: 0 success, 1 the file could not be written, 2 bad input\n"
          "or usage.\n", f);
}

/* Replace the network's input box by the one the options give. */
static int
set_box(rc_net *net, const cli_common *c, const char *path)
{
    size_t n = rc_net_num_inputs(net), i;
    rc_domain_spec spec = c->domain;
    rc_domain *dom = NULL;
    mpq_t *lo = malloc((n + 1) * sizeof *lo), *hi = malloc((n + 1) * sizeof *hi);
    rc_error err;
    int rc = EXIT_BAD_INPUT;

    spec.net_name = path;
    if (lo == NULL || hi == NULL) {
        cli_error("out of memory");
    } else if (rc_domain_from_spec(&dom, net, &spec, &err) != RC_OK) {
        cli_error("%s", err.msg);
    } else {
        for (i = 0; i < n; i++) {
            mpq_init(lo[i]);
            mpq_init(hi[i]);
            mpq_set(lo[i], rc_domain_lo_q(dom, i));
            mpq_set(hi[i], rc_domain_hi_q(dom, i));
        }
        if (rc_net_set_input_bounds_q(net, (const mpq_t *)lo,
                                      (const mpq_t *)hi, &err) != RC_OK)
            cli_error("%s", err.msg);
        else
            rc = EXIT_OK;
        for (i = 0; i < n; i++) {
            mpq_clear(lo[i]);
            mpq_clear(hi[i]);
        }
    }
    free(lo);
    free(hi);
    rc_domain_free(dom);
    return rc;
}

static int
ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && strcmp(s + n - m, tail) == 0;
}

int
cmd_convert(int argc, char **argv)
{
    enum { OPT_OUTPUT_FORMAT = OPT_LOCAL };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
        {"output-format", required_argument, NULL, OPT_OUTPUT_FORMAT},
        {"vnnlib", required_argument, NULL, OPT_VNNLIB},
        {"box", required_argument, NULL, OPT_BOX},
        {NULL, 0, NULL, 0}};
    rc_net_format in_format = RC_NET_AUTO, out_format = RC_NET_AUTO;
    cli_common c;
    rc_net *net = NULL;
    const char *in, *out;
    rc_error err;
    rc_status st;
    size_t rounded = 0;
    int opt, rc;

    cli_common_init(&c);
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            help(stdout);
            return EXIT_OK;
        case OPT_INPUT_FORMAT:
            if (cli_parse_input_format(&in_format, optarg) != 0)
                return EXIT_BAD_INPUT;
            break;
        case OPT_OUTPUT_FORMAT:
            if (cli_parse_input_format(&out_format, optarg) != 0
                || out_format == RC_NET_AUTO) {
                cli_error("--output-format: nnet or onnx");
                return EXIT_BAD_INPUT;
            }
            break;
        case OPT_VNNLIB: c.domain.vnnlib = optarg; break;
        case OPT_BOX: c.domain.box = optarg; break;
        default:
            cli_bad_option("convert", argv);
            return EXIT_BAD_INPUT;
        }
    }
    if (optind + 2 != argc) {
        cli_error("convert needs an input and an output file (try --help)");
        return EXIT_BAD_INPUT;
    }
    in = argv[optind];
    out = argv[optind + 1];
    if (out_format == RC_NET_AUTO)
        out_format = ends_with(out, ".onnx") || ends_with(out, ".ONNX")
                     ? RC_NET_ONNX : RC_NET_NNET;
    if (cli_load_net(&net, in, in_format) != EXIT_OK)
        return EXIT_BAD_INPUT;
    if ((c.domain.box != NULL || c.domain.vnnlib != NULL)
        && set_box(net, &c, strcmp(in, "-") ? in : "<stdin>") != EXIT_OK) {
        rc_net_free(net);
        return EXIT_BAD_INPUT;
    }
    if (out_format == RC_NET_NNET && !rc_net_has_input_bounds(net)) {
        cli_error("%s: an ONNX network has no input box and NNet needs one: "
                  "give --box or --vnnlib", in);
        rc_net_free(net);
        return EXIT_BAD_INPUT;
    }
    if (out_format == RC_NET_NNET)
        st = rc_net_write_nnet(net, out, &err);
    else
        st = rc_net_write_onnx(net, out, &rounded, &err);
    rc = st == RC_OK ? EXIT_OK : st == RC_ERR_ARG ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN;
    if (st != RC_OK)
        cli_error("%s", err.msg);
    else if (rounded > 0)
        cli_error("note: %zu value%s of %s %s not a double and %s rounded to "
                  "the nearest (ONNX float64)", rounded, rounded > 1 ? "s" : "",
                  in, rounded > 1 ? "are" : "is", rounded > 1 ? "were" : "was");
    rc_net_free(net);
    return rc;
}
