/* cmd_bounds.c -- 'relucells bounds': exact first-layer counts and the
 * published upper bounds beside the enumerated counts. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
          "\nDomain (default: the box of the NNet minimum and maximum lines):\n"
          "  --box LO,HI | --box L1,H1,...  --vnnlib FILE  --unbounded\n"
          "  --fix I=V[,I=V...]  --input-format auto|nnet|onnx\n"
          "\nOptions:\n"
          "  --exact               enumerate in exact arithmetic\n"
          "  --format text|json    output format (default text)\n"
          "  -o, --output FILE     write to FILE instead of standard output\n"
          "  --max-regions N       give up (exit 1) past N regions in a layer\n"
          "  -h, --help            show this help\n", f);
}

static json_t *
json_mpz(const mpz_t z)
{
    char *s = mpz_get_str(NULL, 10, z);
    void (*freefunc)(void *, size_t);
    json_t *j = json_string(s);

    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
    return j;
}

static const char *
tightest_names(unsigned mask)
{
    static char buf[64];

    buf[0] = '\0';
    if (mask & RC_BOUND_SERRA)
        strcat(buf, "serra ");
    if (mask & RC_BOUND_MONTUFAR)
        strcat(buf, "montufar ");
    if (mask & RC_BOUND_ZASLAVSKY)
        strcat(buf, "zaslavsky ");
    if (buf[0])
        buf[strlen(buf) - 1] = '\0';
    return buf;
}

int
cmd_bounds(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_ENUM_LONGOPTS,
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    cli_common c;
    int json = 0, opt, rc = EXIT_BAD_INPUT, fails = 0, handled;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_arrangement_info arr;
    rc_error err;
    rc_status st;
    cli_output out;
    size_t K = 0, k, n = 0, *widths = NULL;
    mpz_t *zb = NULL, *mb = NULL, *sb = NULL, count;

    cli_common_init(&c);
    c.opts.chebyshev = c.opts.volume = 0;
    rc_arrangement_info_init(&arr);
    mpz_init(count);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        if (opt == 'h') {
            help(stdout);
            rc = EXIT_OK;
        } else {
            help(stderr);
        }
        goto done;
    }
    if ((json = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    if ((rc = cli_load(&net, &dom, &c, argc, argv, optind, "bounds")) != EXIT_OK)
        goto done;
    rc = EXIT_FAILURE_RUN;
    K = rc_net_num_hidden(net);
    n = rc_domain_dim(dom);
    if (K == 0) {
        cli_error("the network has no hidden layer: nothing to bound");
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    widths = malloc(K * sizeof *widths);
    zb = malloc(K * sizeof *zb);
    mb = malloc(K * sizeof *mb);
    sb = malloc(K * sizeof *sb);
    if (!widths || !zb || !mb || !sb) {
        cli_error("out of memory");
        goto done;
    }
    for (k = 0; k < K; k++) {
        widths[k] = rc_net_layer_size(net, k);
        mpz_init(zb[k]);
        mpz_init(mb[k]);
        mpz_init(sb[k]);
    }
    if ((st = rc_bound_table(zb, mb, sb, n, widths, K, &err)) != RC_OK
        || (st = rc_arrangement_of_first_layer(&arr, net, dom, NULL, &err)) != RC_OK
        || (st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK) {
        cli_error("%s", err.msg);
        goto done;
    }
    if (cli_output_open(&out, c.output) != 0)
        goto done;
    /* Failures: a count above a bound, or an unbounded first layer that
     * disagrees with Zaslavsky's count. */
    for (k = 0; k < K; k++) {
        mpz_set_ui(count, (unsigned long)rc_partition_layer_count(part, k));
        fails += mpz_cmp(count, zb[k]) > 0;
        fails += mpz_cmp(count, mb[k]) > 0;
        fails += mpz_cmp(count, sb[k]) > 0;
    }
    mpz_set_ui(count, (unsigned long)rc_partition_layer_count(part, 0));
    fails += !rc_domain_is_bounded(dom) && mpz_cmp(count, arr.regions) != 0;
    if (json) {
        json_t *o = json_object(), *layers = json_array(), *fl = json_object(), *chi = json_array();
        size_t d;
        for (k = 0; k < K; k++) {
            json_t *l = json_object();
            json_object_set_new(l, "layer", json_integer((json_int_t)k + 1));
            json_object_set_new(l, "width", json_integer((json_int_t)widths[k]));
            json_object_set_new(l, "regions", json_integer((json_int_t)rc_partition_layer_count(part, k)));
            json_object_set_new(l, "zaslavsky_product", json_mpz(zb[k]));
            json_object_set_new(l, "montufar", json_mpz(mb[k]));
            json_object_set_new(l, "serra", json_mpz(sb[k]));
            json_object_set_new(l, "tightest", json_string(tightest_names(rc_bound_tightest(zb[k], mb[k], sb[k]))));
            json_object_set_new(l, "ratio", json_real((double)rc_partition_layer_count(part, k) / mpz_get_d(sb[k])));
            json_array_append_new(layers, l);
        }
        for (d = 0; d <= arr.dim; d++)
            json_array_append_new(chi, json_mpz(arr.char_poly[d]));
        json_object_set_new(fl, "hyperplanes", json_integer((json_int_t)arr.num_hyperplanes));
        json_object_set_new(fl, "rank", json_integer((json_int_t)arr.rank));
        json_object_set_new(fl, "characteristic_polynomial", chi);
        json_object_set_new(fl, "regions", json_mpz(arr.regions));
        json_object_set_new(fl, "bounded_regions", json_mpz(arr.bounded));
        json_object_set_new(o, "dimension", json_integer((json_int_t)n));
        json_object_set_new(o, "domain", json_string(rc_domain_is_bounded(dom) ? "box" : "unbounded"));
        json_object_set_new(o, "first_layer_arrangement", fl);
        json_object_set_new(o, "layers", layers);
        json_object_set_new(o, "failures", json_integer(fails));
        st = json_dumpf(o, out.f, JSON_INDENT(1)) == 0 && fputc('\n', out.f) != EOF
             ? RC_OK : RC_ERR_IO;
        json_decref(o);
    } else {
        FILE *f = out.f;
        fprintf(f, "input dimension n = %zu; the bounds hold on all of R^n%s\n", n,
                rc_domain_is_bounded(dom) ? " (a box can only lower the count)" : "");
        gmp_fprintf(f, "first layer (%zu distinct hyperplanes, rank %zu) over R^%zu: "
                    "%Zd regions, %Zd bounded (Zaslavsky, exact)\n",
                    arr.num_hyperplanes, arr.rank, n, arr.regions, arr.bounded);
        if (!rc_domain_is_bounded(dom))
            gmp_fprintf(f, "%s: enumerated first layer %zu, Zaslavsky %Zd\n",
                        mpz_cmp_ui(arr.regions, (unsigned long)rc_partition_layer_count(part, 0)) == 0
                        ? "agree" : "FAIL", rc_partition_layer_count(part, 0), arr.regions);
        fprintf(f, "%-6s %6s %12s %22s %22s %22s %9s  %s\n", "layer", "width",
                "regions", "zaslavsky-prod", "montufar", "serra", "ratio", "tightest");
        for (k = 0; k < K; k++) {
            size_t c = rc_partition_layer_count(part, k);
            gmp_fprintf(f, "%-6zu %6zu %12zu %22Zd %22Zd %22Zd %9.3g  %s\n", k + 1,
                        widths[k], c, zb[k], mb[k], sb[k], (double)c / mpz_get_d(sb[k]),
                        tightest_names(rc_bound_tightest(zb[k], mb[k], sb[k])));
            mpz_set_ui(count, (unsigned long)c);
            if (mpz_cmp(count, sb[k]) > 0 || mpz_cmp(count, mb[k]) > 0
                || mpz_cmp(count, zb[k]) > 0)
                fprintf(f, "FAIL: layer %zu has %zu regions, above a bound\n", k + 1, c);
        }
        fprintf(f, "(ratio = regions / serra bound)\nfailures: %d\n", fails);
        st = RC_OK;
    }
    rc = cli_output_close(&out, st == RC_OK) || st != RC_OK || fails
         ? EXIT_FAILURE_RUN : EXIT_OK;
done:
    for (k = 0; zb && mb && sb && widths && k < K; k++) {
        mpz_clear(zb[k]);
        mpz_clear(mb[k]);
        mpz_clear(sb[k]);
    }
    free(zb);
    free(mb);
    free(sb);
    free(widths);
    mpz_clear(count);
    rc_arrangement_info_clear(&arr);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
