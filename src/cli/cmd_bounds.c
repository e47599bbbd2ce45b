/* cmd_bounds.c -- 'relucells bounds': exact first-layer counts and the
 * published upper bounds beside the enumerated counts (rc_bounds_write). */
#include <stdio.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells bounds [OPTIONS] NET\n"
          "Put the enumerated number of regions after each hidden layer beside\n"
          "the upper bounds for the architecture: the product of per-layer\n"
          "Zaslavsky maxima, Montufar (2017) and Serra, Tjandraatmadja and\n"
          "Ramalingam (2018, Theorem 1), with n the number of free inputs; and\n"
          "the exact number of regions and bounded regions of the first layer's\n"
          "hyperplane arrangement over all of R^n (Zaslavsky's theorem, from the\n"
          "characteristic polynomial; exact rational arithmetic).  The bounds hold\n"
          "on all of R^n, so on a box they stay valid; a count above a bound is\n"
          "reported on a FAIL line (and exit status 1).  With --unbounded the\n"
          "first layer's count must equal the enumerated one exactly.\n"
          "\nOutput:\n"
          "  --format text|json    text (default) or JSON\n", f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    cli_help_exit(f);
}

int
cmd_bounds(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT,
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    cli_common c;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;
    size_t fails = 0;
    int opt, handled, json, rc = EXIT_BAD_INPUT;

    cli_common_init(&c);
    c.opts.chebyshev = c.opts.volume = 0;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        if (opt == 'h') {
            help(stdout);
            rc = EXIT_OK;
        } else {
            cli_bad_option("bounds", argv);
        }
        goto done;
    }
    if ((json = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    if ((rc = cli_load_open(&net, &dom, &out, &c, argc, argv, "bounds",
                            NULL)) != EXIT_OK)
        goto done;
    if (rc_net_num_hidden(net) == 0) {
        cli_error("the network has no hidden layer: nothing to bound");
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    cli_run_prepare(&c);
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    st = rc_bounds_write(out.f, net, dom, part,
                         json ? RC_FORMAT_JSON : RC_FORMAT_TEXT, &fails, &err);
    rc = cli_status_exit(st, &err);
    if (cli_output_close(&out, rc == EXIT_OK) && rc == EXIT_OK)
        rc = EXIT_FAILURE_RUN;
    if (rc == EXIT_OK && fails > 0)
        rc = EXIT_FAILURE_RUN;
done:
    cli_output_abort(&out);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
