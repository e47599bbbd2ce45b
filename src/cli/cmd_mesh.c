/* cmd_mesh.c -- 'relucells mesh': the partition of a 3D domain for
 * ParaView (.vtu) or as boundary surfaces (.ply). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells mesh [OPTIONS] -o FILE.vtu|FILE.ply NET\n"
          "Write the linear regions of NET on a 3D domain (a network with three\n"
          "inputs, or a slice that fixes all inputs but three) as a mesh.\n"
          "  .vtu  VTK XML unstructured grid for ParaView: each region a polyhedron,\n"
          "        with cell data region, pattern_hash, output, gradient_norm, layer\n"
          "        and volume; with --facets, the facets as polygons with their\n"
          "        owning layer, neuron and region instead\n"
          "  .ply  the boundary surfaces (facets owned by neurons), each with the\n"
          "        face properties layer, neuron and region\n"
          "\nDomain (default: the box of the NNet minimum and maximum lines; it must\n"
          "be bounded):  --box LO,HI | --box L1,H1,...  --fix I=V[,I=V...]\n"
          "\nOptions:\n"
          "  -o, --output FILE     the mesh; .vtu or .ply chooses the format\n"
          "  --format vtu|ply      the format when FILE has another name (or is -)\n"
          "  --facets              .vtu: the facets as polygons, not the regions\n"
          "  --domain-facets       .ply: the facets of the domain box too\n"
          "  --exact               exact arithmetic (vertices rounded to double)\n"
          "  --max-regions N       give up (exit 1) past N regions in a layer\n"
          "  -h, --help            show this help\n", f);
}

int
cmd_mesh(int argc, char **argv)
{
    enum { OPT_FACETS = OPT_LOCAL, OPT_DOMAIN_FACETS };
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT,
        {"facets", no_argument, NULL, OPT_FACETS},
        {"domain-facets", no_argument, NULL, OPT_DOMAIN_FACETS},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"vtu", "ply"};
    cli_common c;
    rc_mesh_opts mo;
    int format = -1, opt, rc = EXIT_BAD_INPUT, handled;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;

    cli_common_init(&c);
    rc_mesh_opts_init(&mo);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_FACETS: mo.facets = 1; break;
        case OPT_DOMAIN_FACETS: mo.domain_facets = 1; break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("mesh", argv);
            goto done;
        }
    }
    if (c.format != NULL) {
        if ((format = cli_format_index(&c, formats, 2)) < 0)
            goto done;
    } else if (c.output != NULL && strrchr(c.output, '.') != NULL) {
        const char *dot = strrchr(c.output, '.');
        format = strcasecmp(dot, ".vtu") == 0 ? 0 : strcasecmp(dot, ".ply") == 0 ? 1 : -1;
    }
    if (format < 0) {
        cli_error("mesh needs -o FILE.vtu or FILE.ply (or --format vtu|ply)");
        goto done;
    }
    if ((rc = cli_load_open(&net, &dom, NULL, &c, argc, argv, "mesh", NULL)) != EXIT_OK)
        goto done;
    rc = EXIT_BAD_INPUT;
    if (rc_domain_dim(dom) != 3 || !rc_domain_is_bounded(dom)) {
        cli_error("mesh needs a bounded 3D domain: this one has %zu free inputs%s",
                  rc_domain_dim(dom), rc_domain_is_bounded(dom) ? "" : " and is unbounded");
        goto done;
    }
    c.opts.chebyshev = 1;
    c.opts.volume = 1;
    if ((rc = cli_output_open(&out, c.output)) != EXIT_OK)
        goto done;
    cli_run_prepare(&c);
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    st = format == 0 ? rc_partition_write_vtu(out.f, part, &mo, &err)
                     : rc_partition_write_ply(out.f, part, &mo, &err);
    if (st != RC_OK)
        cli_error("%s", err.msg);
    rc = cli_output_close(&out, st == RC_OK) || st != RC_OK ? EXIT_FAILURE_RUN : EXIT_OK;
done:
    cli_output_abort(&out);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
