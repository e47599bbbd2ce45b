/* cmd_boundary.c -- 'relucells boundary': the decision boundary (or a level
 * set) of a network on a 2D or 3D domain, exactly, as data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells boundary [OPTIONS] NET\n"
          "The decision boundary of NET on a 2D or 3D domain: where its two leading\n"
          "outputs tie.  Inside each region the outputs are affine, so the boundary\n"
          "is a union of segments (2D) or convex polygons (3D), each inside one\n"
          "region and separating two classes; with --exact their ends are exact\n"
          "rationals.  With --level K=C, the level set yK = C instead.\n"
          "\nDomain (default: the box of the NNet minimum and maximum lines):\n"
          "  --box LO,HI | --box L1,H1,...  --unbounded  --fix I=V[,I=V...]\n"
          "  (as for 'relucells enumerate'; unbounded regions are cut to the\n"
          "  box around all vertices, grown by half its size)\n"
          "\nOptions:\n"
          "  --classes             the decision boundary (default)\n"
          "  --argmin              the class is the smallest output (ACAS Xu)\n"
          "  --level K=C           the level set of output K at value C\n"
          "  --format json|csv     output format (default json)\n"
          "  --exact               exact arithmetic: ends as p/q strings\n"
          "  -o, --output FILE     write to FILE instead of standard output\n"
          "  --max-regions N       give up (exit 1) past N regions in a layer\n"
          "  -h, --help            show this help\n"
          "\nJSON: {\"segments\": [{\"from\": [x, y], \"to\": [x, y], \"region\": N,\n"
          "\"classes\": [i, j]}, ...]} in 2D, \"polygons\" with \"points\" in 3D;\n"
          "regions and classes count from 1; a level set has \"classes\": [K].\n"
          "CSV: one line per segment (2D) or per polygon corner (3D).\n", f);
}

int
cmd_boundary(int argc, char **argv)
{
    enum { OPT_CLASSES = OPT_LOCAL, OPT_ARGMIN, OPT_LEVEL };
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT,
        {"classes", no_argument, NULL, OPT_CLASSES},
        {"argmin", no_argument, NULL, OPT_ARGMIN},
        {"level", required_argument, NULL, OPT_LEVEL},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"json", "csv"};
    cli_common c;
    rc_boundary_opts bo;
    int format, opt, rc = EXIT_BAD_INPUT, handled, classes = 0;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_boundary *b = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;

    cli_common_init(&c);
    rc_boundary_opts_init(&bo);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_CLASSES: classes = 1; break;
        case OPT_ARGMIN: bo.argmin = 1; break;
        case OPT_LEVEL:
            if (cli_parse_level(&bo, optarg) != 0)
                goto done;
            break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("boundary", argv);
            goto done;
        }
    }
    if (classes && bo.kind == RC_BOUNDARY_LEVEL) {
        cli_error("--classes and --level exclude each other");
        goto done;
    }
    if ((format = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    if ((rc = cli_load_open(&net, &dom, NULL, &c, argc, argv, "boundary", NULL)) != EXIT_OK)
        goto done;
    rc = EXIT_BAD_INPUT;
    if (rc_domain_dim(dom) != 2 && rc_domain_dim(dom) != 3) {
        cli_error("boundary needs a 2D or 3D domain: this one has %zu free inputs "
                  "(fix the others with --fix)", rc_domain_dim(dom));
        goto done;
    }
    if ((rc = cli_output_open(&out, c.output)) != EXIT_OK)
        goto done;
    cli_run_prepare(&c);
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK
        || (st = rc_boundary_new(&b, part, &bo, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    st = format == 0 ? rc_boundary_write_json(out.f, b, &err)
                     : rc_boundary_write_csv(out.f, b, &err);
    if (st != RC_OK)
        cli_error("%s", err.msg);
    rc = cli_output_close(&out, st == RC_OK) || st != RC_OK ? EXIT_FAILURE_RUN : EXIT_OK;
done:
    cli_output_abort(&out);
    rc_boundary_free(b);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
