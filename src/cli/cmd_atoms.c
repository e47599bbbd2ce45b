/* cmd_atoms.c -- 'relucells atoms': the atomic decomposition of every
 * region's map (atoms.h), written by the library (rc_atoms_write). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells atoms [OPTIONS] NET\n"
          "For every linear region of NET (or the one given by --region), the\n"
          "atomic decomposition of the map: the linear part is\n"
          "  sum_ij c_ij w_{L,:i} (x) w_{1,j:}\n"
          "over i active in the last hidden layer and j active in the first,\n"
          "with c_ij the sum over active paths from j to i of the products of\n"
          "their weights.  Printed: the atom index sets, c, the number of\n"
          "active paths behind each c_ij (along non-zero weights), the offset\n"
          "b_theta, and the check that the atoms give the region's output map.\n"
          "Atoms are in the network's own coordinates: normalised inputs\n"
          "x_n = (x - mean) / range (all inputs), output before scaling.\n"
          "With --exact, c and b_theta are rationals (p/q) computed from the\n"
          "numbers of the file read exactly, and the check is an equality.\n"
          "\nOutput:\n"
          "  --region PATTERN      only the region with this activation pattern,\n"
          "                        e.g. '0110|10' (the bars are optional)\n"
          "  --format text|json    text (default) or JSON\n", f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    fputs("\nExit status: as for enumerate; also 1 when an identity check fails\n"
          "(the report is still written).\n"
          "\nExample:\n"
          "  relucells atoms --exact --region '00000000|11001001|000110' net.nnet\n",
          f);
}

int
cmd_atoms(int argc, char **argv)
{
    enum { OPT_REGION = OPT_LOCAL };
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT,
        {"region", required_argument, NULL, OPT_REGION},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    cli_common c;
    const char *region = NULL, *name = NULL;
    unsigned char *want = NULL;
    rc_report_opts ro;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;
    size_t failed = 0;
    int opt, handled, json, rc = EXIT_BAD_INPUT;

    cli_common_init(&c);
    rc_report_opts_init(&ro);
    /* Neither Chebyshev balls nor volumes are reported. */
    c.opts.chebyshev = c.opts.volume = 0;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_REGION: region = optarg; break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("atoms", argv);
            goto done;
        }
    }
    if ((json = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    if ((rc = cli_load_open(&net, &dom, NULL, &c, argc, argv, "atoms",
                            &name)) != EXIT_OK)
        goto done;
    rc = EXIT_BAD_INPUT;
    if (rc_net_num_hidden(net) == 0) {
        cli_error("%s: a network without hidden layers has no atoms", name);
        goto done;
    }
    if (region != NULL) {
        want = malloc(rc_net_num_neurons(net) + 1);
        if (want == NULL || rc_pattern_parse(want, region, net, &err) != RC_OK) {
            cli_error("--region: %s", want ? err.msg : "out of memory");
            goto done;
        }
        ro.region = want;
    }
    if ((rc = cli_output_open(&out, c.output)) != EXIT_OK)
        goto done;
    cli_run_prepare(&c);
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    if (want != NULL && rc_partition_find(part, want) == (size_t)-1) {
        cli_error("--region: no region of %s on the domain has pattern %s",
                  name, region);
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    ro.format = json ? RC_FORMAT_JSON : RC_FORMAT_TEXT;
    st = rc_atoms_write(out.f, net, dom, part, &ro, &failed, &err);
    rc = cli_status_exit(st, &err);
    /* A failed check still writes its report; the exit status says it. */
    if (cli_output_close(&out, rc == EXIT_OK) && rc == EXIT_OK)
        rc = EXIT_FAILURE_RUN;
    if (rc == EXIT_OK && failed > 0)
        rc = EXIT_FAILURE_RUN;
done:
    cli_output_abort(&out);
    free(want);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
