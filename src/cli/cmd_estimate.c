/* cmd_estimate.c -- 'relucells estimate': the number of regions per layer
 * and the time of the enumeration, from random descents of the layer tree
 * (rc_estimate_compute, Knuth's estimator), without enumerating. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells estimate [OPTIONS] NET\n"
          "Estimate the number of regions of NET after each hidden layer, and how\n"
          "long 'relucells count' (or enumerate) would take on one thread, without\n"
          "enumerating: random descents of the layer tree the engine refines\n"
          "(Knuth's estimator with Purdom's partial backtracking: at each node a\n"
          "descent follows as many children as its paths allow, drawn without\n"
          "replacement; unbiased; the 95% interval is mean +- 1.96 sd /\n"
          "sqrt(samples)).  Layer 1 is exact.  The same seed gives the same counts\n"
          "for any number of threads; the seconds are measured CPU time.  The\n"
          "estimator is skewed: when one descent makes a large share of the\n"
          "estimate (printed), the estimate is likely low and the interval too\n"
          "narrow: use more samples or paths.\n"
          "\nEstimate:\n"
          "  --samples N           descents, at least 2 (default 1000)\n"
          "  --paths P             root-to-leaf paths per descent, 1 to 65536\n"
          "                        (default 16; 1: Knuth's single paths)\n"
          "  --seed S              the seed (default 1)\n"
          "  --enumerate           the time of 'relucells enumerate' (each region's\n"
          "                        geometry) instead of 'relucells count'\n"
          "\nOutput:\n"
          "  --format text|json    text (default) or JSON\n", f);
    cli_help_domain(f);
    cli_help_arith(f);
    fputs("\nRun:\n"
          "  --threads N           descents at once (default: one per core)\n"
          "  -o, --output FILE     write to FILE (whole, or not at all)\n"
          "  -h, --help            show this help\n", f);
    cli_help_exit(f);
    fputs("\nExample:\n"
          "  relucells estimate --fix 1=30000,5=600 ACASXU_run2a_1_1_batch_2000.nnet\n",
          f);
}

/* A JSON number (null when not finite). */
static void
json_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.17g", x);
    else
        fputs("null", f);
}

static void
json_value(FILE *f, const rc_estimate_value *v)
{
    fputs("{\"estimate\": ", f);
    json_number(f, v->estimate);
    fputs(", \"low\": ", f);
    json_number(f, v->low);
    fputs(", \"high\": ", f);
    json_number(f, v->high);
    fputc('}', f);
}

static void
json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void
write_json(FILE *f, const rc_estimate *e, const char *name, const char *what)
{
    size_t l;

    fputs("{\n  \"format\": \"relucells-estimate\",\n  \"version\": 1,\n"
          "  \"network\": ", f);
    json_string(f, name);
    fprintf(f, ",\n  \"samples\": %zu,\n  \"paths\": %zu,\n  \"seed\": %lu,\n"
            "  \"regions\": ", e->samples, e->paths, e->seed);
    json_value(f, &e->regions);
    fputs(",\n  \"layers\": [", f);
    for (l = 0; l < e->num_hidden; l++) {
        fprintf(f, "%s\n    {\"layer\": %zu, \"estimate\": ", l ? "," : "", l + 1);
        json_number(f, e->layers[l].estimate);
        fputs(", \"low\": ", f);
        json_number(f, e->layers[l].low);
        fputs(", \"high\": ", f);
        json_number(f, e->layers[l].high);
        fputs(", \"node_seconds\": ", f);
        json_number(f, e->node_seconds[l]);
        fputc('}', f);
    }
    fputs(e->num_hidden ? "\n  ],\n  \"seconds\": " : "],\n  \"seconds\": ", f);
    json_value(f, &e->seconds);
    fprintf(f, ",\n  \"seconds_of\": \"%s, 1 thread, CPU time\",\n"
            "  \"max_children\": %zu,\n  \"largest_share\": ", what,
            e->max_children);
    json_number(f, e->largest_share);
    fputs(",\n  \"elapsed\": ", f);
    json_number(f, e->elapsed);
    fputs("\n}\n", f);
}

/* A count: whole below 10^15, else in scientific notation. */
static void
text_count(FILE *f, double x)
{
    if (x < 1e15)
        fprintf(f, "%.0f", x);
    else
        fprintf(f, "%.4e", x);
}

static void
text_value(FILE *f, const rc_estimate_value *v)
{
    text_count(f, v->estimate);
    if (v->low == v->high && v->low == v->estimate) {
        fputs(" (exact)", f);
        return;
    }
    fputs("  95% interval ", f);
    text_count(f, v->low);
    fputs(" to ", f);
    text_count(f, v->high);
}

static void
text_seconds(FILE *f, double s)
{
    if (s < 1e5)
        fprintf(f, "%.3g s", s);
    else if (s < 86400.0 * 365)
        fprintf(f, "%.3g s (%.3g days)", s, s / 86400.0);
    else
        fprintf(f, "%.3g s (%.3g years)", s, s / (86400.0 * 365.25));
}

static void
write_text(FILE *f, const rc_estimate *e, const char *what)
{
    size_t l;

    for (l = 0; l < e->num_hidden; l++) {
        fprintf(f, "layer %zu: ", l + 1);
        text_value(f, &e->layers[l]);
        fputc('\n', f);
    }
    fputs("seconds: ", f);
    text_seconds(f, e->seconds.estimate);
    fputs("  95% interval ", f);
    text_seconds(f, e->seconds.low);
    fputs(" to ", f);
    text_seconds(f, e->seconds.high);
    fprintf(f, "  (%s, 1 thread, CPU time)\n", what);
    fprintf(f, "samples: %zu  seed: %lu  paths per descent: %zu  most "
            "children of a node: %zu  took %.3g s\n", e->samples, e->seed,
            e->paths, e->max_children, e->elapsed);
    /* Knuth's estimator is skewed: this says how much one path carries. */
    fprintf(f, "largest share of one descent: %.2g%% of the estimate\n",
            100.0 * e->largest_share);
    fputs("regions: ", f);
    text_value(f, &e->regions);
    fputc('\n', f);
}

int
cmd_estimate(int argc, char **argv)
{
    enum { OPT_SAMPLES = OPT_LOCAL, OPT_SEED, OPT_ENUMERATE, OPT_PATHS };
    static const struct option longopts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_FORMAT_OPT,
        {"threads", required_argument, NULL, OPT_THREADS},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"samples", required_argument, NULL, OPT_SAMPLES},
        {"seed", required_argument, NULL, OPT_SEED},
        {"enumerate", no_argument, NULL, OPT_ENUMERATE},
        {"paths", required_argument, NULL, OPT_PATHS},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    const char *name = NULL;
    cli_common c;
    rc_estimate_opts eo;
    rc_estimate est;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;
    int opt, handled, json, enumerate = 0, rc = EXIT_BAD_INPUT;

    cli_common_init(&c);
    rc_estimate_opts_init(&eo);
    rc_estimate_init(&est);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_SAMPLES:
        case OPT_SEED: {
            unsigned long v;
            char *end;
            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (*end != '\0' || errno != 0 || optarg[0] == '-' || optarg[0] == '\0'
                || (opt == OPT_SAMPLES && (v < 2 || v > (1UL << 40)))) {
                if (opt == OPT_SAMPLES)
                    cli_error("--samples: '%s' is not a number of descents (2 "
                              "to 2^40)", optarg);
                else
                    cli_error("--seed: '%s' is not a seed (0 to %lu)", optarg,
                              (unsigned long)-1);
                goto done;
            }
            if (opt == OPT_SAMPLES)
                eo.samples = v;
            else
                eo.seed = v;
            break;
        }
        case OPT_PATHS: {
            unsigned long v;
            char *end;
            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (*end != '\0' || errno != 0 || optarg[0] == '-' || optarg[0] == '\0'
                || v < 1 || v > RC_ESTIMATE_MAX_PATHS) {
                cli_error("--paths: '%s' is not a number of paths (1 to %d)",
                          optarg, RC_ESTIMATE_MAX_PATHS);
                goto done;
            }
            eo.paths = v;
            break;
        }
        case OPT_ENUMERATE: enumerate = 1; break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("estimate", argv);
            goto done;
        }
    }
    if ((json = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    /* As the command whose time is estimated runs. */
    if (!enumerate)
        c.opts.geometry = c.opts.chebyshev = c.opts.volume = 0;
    if ((rc = cli_load_open(&net, &dom, &out, &c, argc, argv, "estimate",
                            &name)) != EXIT_OK)
        goto done;
    cli_run_prepare(&c);
    c.opts.progress = NULL;
    st = rc_estimate_compute(&est, net, dom, &c.opts, &eo, &err);
    if (st == RC_OK) {
        const char *what = enumerate ? "relucells enumerate" : "relucells count";
        if (json)
            write_json(out.f, &est, name, what);
        else
            write_text(out.f, &est, what);
    }
    rc = cli_status_exit(st, &err);
    if (cli_output_close(&out, rc == EXIT_OK) && rc == EXIT_OK)
        rc = EXIT_FAILURE_RUN;
done:
    cli_output_abort(&out);
    rc_estimate_clear(&est);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
