/* cmd_paths.c -- 'relucells paths': the statistics of the segments between
 * pairs of samples (relucells/pathstats.h), with progress on a terminal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells paths --samples FILE [OPTIONS] NET\n"
          "For pairs (X0, X1) of samples, every break point of NET on the segment\n"
          "from X0 to X1 (as 'relucells path'), and the statistics of them all:\n"
          "the number of break points K (mean, sd, histogram); Kubo et al.'s\n"
          "gradient gaps (sigma^2 = E[Y^2]), gradient gap deviation at the\n"
          "midpoint sigma sqrt(k (1 - k/K)), k = K/2, gradient deflection (eq. 8)\n"
          "at t = 1/2 (and on a grid) and E[Y^2] per layer; Kim & Kim's share of\n"
          "break points owned by each hidden layer and the mean and largest size\n"
          "of its gradient jumps; Raghu et al.'s transitions, patterns and\n"
          "trajectory lengths per layer, per path.  Gradients are per unit length\n"
          "of input (divided by |X1 - X0|).\n"
          "\nSamples and pairs:\n"
          "  --samples FILE        one sample a line, its numbers separated by\n"
          "                        commas or blanks (a header line is skipped)\n"
          "  --pairs N|all|consecutive  N random pairs of different samples\n"
          "                        (default 1000), every pair, or each sample\n"
          "                        with the next\n"
          "  --seed S              the random pairs' seed (default 1)\n"
          "  --threads N           paths computed in parallel (default: all cores)\n"
          "  --arc ANGLE           Raghu et al.'s arcs cos(theta) X0 + sin(theta) X1,\n"
          "                        theta in [0, ANGLE] (radians; pi/2 joins the two\n"
          "                        samples) instead of segments (no deflection)\n"
          "\nStatistics:\n"
          "  --grid N              the deflection also at t = 0, 1/N, ..., 1\n"
          "  --bins N              bins of the histogram of K (default 20)\n"
          "  --normalise           Kim & Kim's jumps divided by their standard\n"
          "                        deviation, as in the paper\n"
          "  --near-zero H         Kim & Kim's Table 3: the flips within H (in t)\n"
          "                        of a zero of the value, per layer (one value:\n"
          "                        --output-index or --combine)\n"
          "\nOutput:\n"
          "  --format text|json    text (default) or JSON (relucells-path(5))\n"
          "  -o, --output FILE     write to FILE (whole, or not at all)\n"
          "  --input-format F      auto (by content, the default), nnet or onnx\n"
          "  -h, --help            show this help\n"
          "Progress goes to standard error when it is a terminal.\n", f);
    cli_help_values(f);
    fputs("\nArithmetic (default: every decision exact, double precision with\n"
          "proven bounds and exact rationals where they cannot decide):\n"
          "  --exact               exact rationals throughout (samples read exactly)\n"
          "  --float               plain double precision\n", f);
    cli_help_exit(f);
}

typedef struct progress {
    struct timespec start;
    int tty;
} progress;

static double
elapsed(const progress *p)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->start.tv_sec)
           + 1e-9 * (double)(now.tv_nsec - p->start.tv_nsec);
}

static void
show(void *user, size_t done, size_t total, size_t bps)
{
    progress *p = user;
    double s = elapsed(p);

    if (!p->tty)
        return;
    fprintf(stderr, "\rpaths: %zu/%zu pairs, %zu break points, %.1f s, %.0f break points/s ",
            done, total, bps, s, s > 0 ? (double)bps / s : 0.0);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int
parse_count(size_t *v, const char *arg, const char *what, int zero_ok)
{
    char *end;

    errno = 0;
    *v = strtoul(arg, &end, 10);
    if (*end != '\0' || errno != 0 || arg[0] == '-' || arg[0] == '\0'
        || (!zero_ok && *v == 0)) {
        cli_error("%s: '%s' is not a %scount", what, arg, zero_ok ? "" : "positive ");
        return -1;
    }
    return 0;
}

int
cmd_paths(int argc, char **argv)
{
    enum { OPT_SAMPLES = OPT_LOCAL, OPT_PAIRS, OPT_SEED, OPT_THREADS, OPT_GRID,
           OPT_BINS, OPT_NORMALISE, OPT_NEAR_ZERO, OPT_ARC };
    static const struct option longopts[] = {
        {"samples", required_argument, NULL, OPT_SAMPLES},
        {"pairs", required_argument, NULL, OPT_PAIRS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"grid", required_argument, NULL, OPT_GRID},
        {"bins", required_argument, NULL, OPT_BINS},
        {"normalise", no_argument, NULL, OPT_NORMALISE},
        {"normalize", no_argument, NULL, OPT_NORMALISE},
        {"near-zero", required_argument, NULL, OPT_NEAR_ZERO},
        {"arc", required_argument, NULL, OPT_ARC},
        CLI_VALUES_OPTS,
        {"exact", no_argument, NULL, OPT_EXACT},
        {"float", no_argument, NULL, OPT_FLOAT},
        {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    const char *samples_path = NULL, *pairs_text = "1000", *name;
    cli_common c;
    cli_values vals = CLI_VALUES_INIT;
    cli_output out = CLI_OUTPUT_INIT;
    rc_paths_opts po;
    rc_path_stats_opts so;
    rc_path_stats *stats = NULL;
    rc_net *net = NULL;
    double *samples = NULL;
    mpq_t *samples_q = NULL;
    size_t count = 0, n = 0, *pairs = NULL, npairs = 0, k, seed = 1, npq = 0;
    rc_pairs_kind kind = RC_PAIRS_RANDOM;
    rc_error err = {RC_OK, ""};
    rc_status st;
    progress prog;
    int opt, fmt, rc = EXIT_BAD_INPUT;

    cli_common_init(&c);
    rc_paths_opts_init(&po);
    rc_path_stats_opts_init(&so);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        int handled = cli_common_option(&c, opt, optarg);
        if (handled < 0)
            goto done;
        if (handled || cli_values_option(&vals, opt, optarg))
            continue;
        switch (opt) {
        case OPT_SAMPLES: samples_path = optarg; break;
        case OPT_PAIRS: pairs_text = optarg; break;
        case OPT_SEED:
            if (parse_count(&seed, optarg, "--seed", 1) != 0)
                goto done;
            break;
        case OPT_THREADS:
            if (parse_count(&po.threads, optarg, "--threads", 0) != 0)
                goto done;
            break;
        case OPT_GRID:
            if (parse_count(&so.grid, optarg, "--grid", 0) != 0)
                goto done;
            break;
        case OPT_BINS:
            if (parse_count(&so.bins, optarg, "--bins", 0) != 0)
                goto done;
            break;
        case OPT_NORMALISE: so.normalise = 1; break;
        case OPT_ARC: {
            const char *pi = strstr(optarg, "pi");
            char *end;
            double k = 1, m = 1;
            errno = 0;
            if (pi == NULL) {
                po.arc = strtod(optarg, &end);
            } else {
                if (pi != optarg)
                    k = strtod(optarg, &end);
                end = (char *)pi + 2;
                if (*end == '/')
                    m = strtod(end + 1, &end);
                po.arc = k * 3.14159265358979323846 / m;
            }
            if (*end != '\0' || errno != 0 || !(po.arc > 0) || !(po.arc <= 6.2832)) {
                cli_error("--arc: '%s' is not an angle in (0, 2pi]", optarg);
                goto done;
            }
            break;
        }
        case OPT_NEAR_ZERO: {
            char *end;
            errno = 0;
            so.near_zero = strtod(optarg, &end);
            if (*end != '\0' || errno != 0 || !(so.near_zero > 0) || !(so.near_zero < 1)) {
                cli_error("--near-zero: '%s' is not in (0, 1)", optarg);
                goto done;
            }
            break;
        }
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("paths", argv);
            goto done;
        }
    }
    if ((fmt = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    if (samples_path == NULL) {
        cli_error("paths: needs --samples FILE (try 'relucells paths --help')");
        goto done;
    }
    if (strcmp(pairs_text, "all") == 0)
        kind = RC_PAIRS_ALL;
    else if (strcmp(pairs_text, "consecutive") == 0)
        kind = RC_PAIRS_CONSECUTIVE;
    else if (parse_count(&npairs, pairs_text, "--pairs", 0) != 0)
        goto done;
    if (optind + 1 != argc) {
        cli_error("paths: needs exactly one network file (try 'relucells paths --help')");
        goto done;
    }
    name = strcmp(argv[optind], "-") ? argv[optind] : "<stdin>";
    if (cli_load_net(&net, argv[optind], c.input_format) != EXIT_OK)
        goto done;
    n = rc_net_num_inputs(net);
    if (cli_values_resolve(&vals, rc_net_num_outputs(net)) != 0)
        goto done;
    if (so.near_zero > 0 && vals.c == NULL && rc_net_num_outputs(net) > 1) {
        cli_error("--near-zero needs one value: --output-index or --combine");
        goto done;
    }
    {
        FILE *in = strcmp(samples_path, "-") ? fopen(samples_path, "r") : stdin;
        if (in == NULL) {
            cli_error("--samples: cannot open %s: %s", samples_path, strerror(errno));
            goto done;
        }
        st = rc_points_read(&samples, c.opts.arithmetic == RC_ARITH_EXACT ? &samples_q : NULL,
                            &count, in, samples_path, n, 0, &err);
        if (in != stdin)
            fclose(in);
        if (st != RC_OK) {
            cli_error("--samples: %s", err.msg);
            goto done;
        }
        npq = samples_q != NULL ? count * n : 0;
    }
    if (rc_pairs_make(&pairs, &npairs, kind, npairs, count, (unsigned long)seed, &err) != RC_OK) {
        cli_error("--pairs: %s", err.msg);
        goto done;
    }
    if ((rc = cli_output_open(&out, c.output)) != EXIT_OK)
        goto done;
    po.path.arithmetic = c.opts.arithmetic;
    po.path.combine = vals.c;
    po.path.combine_q = (const mpq_t *)vals.cq;
    po.path.stop = cli_stop_flag();
    prog.tty = isatty(2);
    clock_gettime(CLOCK_MONOTONIC, &prog.start);
    po.progress = show;
    po.progress_user = &prog;
    if ((st = rc_path_stats_new(&stats, net, vals.c != NULL ? 1 : rc_net_num_outputs(net),
                                &so, &err)) == RC_OK)
        st = rc_paths_run(stats, net, samples, (const mpq_t *)samples_q, count,
                          pairs, npairs, &po, &err);
    if (prog.tty && st != RC_OK)
        fputc('\n', stderr);
    if (stats == NULL || (st != RC_OK && st != RC_ERR_STOPPED)) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    {
        rc_error werr;
        rc_status wst = rc_path_stats_write(out.f, stats, net, fmt == 1 ? RC_FORMAT_JSON
                                            : RC_FORMAT_TEXT, name, &werr);
        rc = wst != RC_OK ? cli_status_exit(wst, &werr) : cli_status_exit(st, &err);
        if (cli_output_close(&out, wst == RC_OK) && rc == EXIT_OK)
            rc = EXIT_FAILURE_RUN;
    }
done:
    cli_output_abort(&out);
    rc_path_stats_free(stats);
    free(samples);
    for (k = 0; k < npq; k++)
        mpq_clear(samples_q[k]);
    free(samples_q);
    free(pairs);
    cli_values_clear(&vals);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
