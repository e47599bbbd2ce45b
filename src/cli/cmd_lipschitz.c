/* cmd_lipschitz.c -- 'relucells lipschitz': local and global Lipschitz
 * constants against their bounds (lipschitz.h, rc_lipschitz_write). */
#include <stdio.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells lipschitz [OPTIONS] NET\n"
          "The Lipschitz constant (Euclidean norms) of NET on every linear\n"
          "region, the spectral norm of the region's Jacobian, and on the\n"
          "domain (the largest of them), with the bounds and their ratio\n"
          "bound/true: per region the atom sum and the bound\n"
          "alpha beta C^(L-2) prod_k |active neurons of layer k|; globally\n"
          "sigma^L, prod ||W_l||_2, the L1 path norm and (sum ||W_l||_1)^L\n"
          "(entrywise 1-norms).  The map is the one in raw coordinates of the\n"
          "free inputs and raw outputs, unless --normalised.\n"
          "With --exact, also certified constants: the exact square p/q when a\n"
          "region's Jacobian is a vector (one output or one free input), else an\n"
          "interval [lo, hi] proved by rational arithmetic.\n"
          "\nOutput:\n"
          "  --normalised          the network's normalised coordinates instead\n"
          "  --format text|json    text (default) or JSON\n", f);
    cli_help_values(f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    cli_help_exit(f);
}

int
cmd_lipschitz(int argc, char **argv)
{
    enum { OPT_NORMALISED = OPT_LOCAL };
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT, CLI_VALUES_OPTS,
        {"normalised", no_argument, NULL, OPT_NORMALISED},
        {"normalized", no_argument, NULL, OPT_NORMALISED},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    cli_common c;
    cli_values vals = CLI_VALUES_INIT;
    rc_lipschitz_info info;
    rc_lipschitz_opts lopts;
    rc_report_opts ro;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;
    int opt, handled, json, rc = EXIT_BAD_INPUT;

    cli_common_init(&c);
    rc_lipschitz_info_init(&info);
    rc_lipschitz_opts_init(&lopts);
    rc_report_opts_init(&ro);
    c.opts.chebyshev = c.opts.volume = 0;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled || cli_values_option(&vals, opt, optarg))
            continue;
        switch (opt) {
        case OPT_NORMALISED: lopts.normalised = 1; break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("lipschitz", argv);
            goto done;
        }
    }
    if ((json = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    if ((rc = cli_load_open(&net, &dom, &out, &c, argc, argv, "lipschitz",
                            NULL)) != EXIT_OK
        || (rc = cli_values_apply(&vals, &net)) != EXIT_OK)
        goto done;
    cli_run_prepare(&c);
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK
        || (st = rc_lipschitz_compute(&info, net, part, &lopts, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    ro.format = json ? RC_FORMAT_JSON : RC_FORMAT_TEXT;
    st = rc_lipschitz_write(out.f, net, part, &info, &ro, &err);
    rc = cli_status_exit(st, &err);
    if (cli_output_close(&out, rc == EXIT_OK) && rc == EXIT_OK)
        rc = EXIT_FAILURE_RUN;
done:
    cli_output_abort(&out);
    rc_lipschitz_info_clear(&info);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_values_clear(&vals);
    cli_common_clear(&c);
    return rc;
}
