/* cmd_path.c -- 'relucells path': every break point of the network along a
 * segment, a polyline or an arc (relucells/path.h), written as text, JSON
 * or CSV (rc_path_write). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static double
now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void
help(FILE *f)
{
    fputs("Usage: relucells path [OPTIONS] NET\n"
          "Every break point of NET along a path, exactly: where the activation\n"
          "pattern changes, in order of t, with the neurons that flip (layer:neuron,\n"
          "+ on, - off), the values there and the gradient gap (Kubo et al.'s\n"
          "nabla_v: the derivative along the path per unit length of input, on the\n"
          "right minus on the left); then per hidden layer the transitions (neuron\n"
          "flips), the distinct patterns of the layer and the trajectory length of\n"
          "its image (Raghu et al.), with the input's and the values'.  Works in\n"
          "any input dimension; the network's input box plays no part.\n"
          "\nPath (one of):\n"
          "  --from X0 --to X1     the segment X0 + t (X1 - X0), t in [0, 1]\n"
          "  --polyline FILE       the segments through the points of FILE (one a\n"
          "                        line): t in [0, number of segments]\n"
          "  --arc X0,X1[,ANGLE]   cos(theta) X0 + sin(theta) X1, theta in\n"
          "                        [0, ANGLE] (radians, or pi, 2pi, pi/2, 3pi/2;\n"
          "                        default 2pi)\n"
          "  A point is its numbers separated by commas (exact decimals or p/q), or\n"
          "  @FILE: a file of its numbers (one a line, or comma-separated); in\n"
          "  --arc, X0 and X1 are written one after the other or as @FILE,@FILE.\n"
          "\nOutput:\n"
          "  --format text|json|csv  text (default), JSON (relucells-path(5)), or\n"
          "                        CSV: the vertices of the graph of the values\n"
          "  --no-points           JSON: leave out x(t) of the break points\n"
          "  --max-breakpoints N   stop after N break points (exit 3)\n"
          "  --time                on standard error, the time of the walk alone\n"
          "                        (reading the network and writing excluded)\n"
          "  -o, --output FILE     write to FILE (whole, or not at all)\n"
          "  --input-format F      auto (by content, the default), nnet or onnx\n"
          "  -h, --help            show this help\n", f);
    cli_help_values(f);
    fputs("\nArithmetic (default: every decision exact, in double precision with\n"
          "proven error bounds and exact rationals where they cannot decide):\n"
          "  --exact               exact rationals throughout: every t, point,\n"
          "                        value and slope exact (written p/q); on an arc\n"
          "                        each zero a + b sqrt(D) in u = tan(phi/2), in a\n"
          "                        rational interval narrower than 1e-30\n"
          "  --float               plain double precision; decisions the bounds\n"
          "                        cannot prove are counted as uncertain\n", f);
    cli_help_exit(f);
}

/* The angle of --arc: radians, or k pi / m written kpi/m. */
static int
parse_angle(double *a, const char *s)
{
    const char *pi = strstr(s, "pi");
    char *end;
    double k = 1.0, m = 1.0;

    if (pi == NULL) {
        errno = 0;
        *a = strtod(s, &end);
        return *end == '\0' && errno == 0 && end != s ? 0 : -1;
    }
    if (pi != s) {
        errno = 0;
        k = strtod(s, &end);
        if (end != pi || errno != 0)
            return -1;
    }
    if (pi[2] == '/') {
        m = strtod(pi + 3, &end);
        if (*end != '\0' || !(m > 0))
            return -1;
    } else if (pi[2] != '\0') {
        return -1;
    }
    *a = k * 3.14159265358979323846 / m;
    return 0;
}

/* --arc X0,X1[,ANGLE]: 2n numbers (or @FILE items) and maybe an angle. */
static int
parse_arc(mpq_t *x0, mpq_t *x1, double *angle, size_t n, const char *text)
{
    char *copy = strdup(text), *tok, *save = NULL;
    mpq_t *dst[2] = {x0, x1};
    size_t have = 0;
    int rc = 0;

    *angle = 2.0 * 3.14159265358979323846;
    if (copy == NULL) {
        cli_error("out of memory");
        return -1;
    }
    for (tok = strtok_r(copy, ",", &save); tok != NULL && rc == 0;
         tok = strtok_r(NULL, ",", &save)) {
        if (have == 2 * n) {
            if (parse_angle(angle, tok) != 0 || !(*angle > 0)) {
                cli_error("--arc: '%s' is not an angle", tok);
                rc = -1;
            }
            have++;
        } else if (have > 2 * n) {
            cli_error("--arc: too many numbers (X0, X1: %zu each, then an angle)", n);
            rc = -1;
        } else if (tok[0] == '@') {
            if (have % n != 0) {
                cli_error("--arc: %s must start a point", tok);
                rc = -1;
            } else {
                rc = cli_parse_point(dst[have / n], n, tok, "--arc");
                have += n;
            }
        } else {
            if (rc_q_set_text(dst[have / n][have % n], tok, strlen(tok)) != 0) {
                cli_error("--arc: '%s' is not a number", tok);
                rc = -1;
            }
            have++;
        }
    }
    if (rc == 0 && have < 2 * n) {
        cli_error("--arc: %zu numbers, expected 2 x %zu (then an angle)", have, n);
        rc = -1;
    }
    free(copy);
    return rc;
}

static mpq_t *
qarray(size_t n)
{
    mpq_t *q = malloc((n + 1) * sizeof *q);
    size_t i;

    for (i = 0; q != NULL && i < n; i++)
        mpq_init(q[i]);
    return q;
}

static void
qarray_free(mpq_t *q, size_t n)
{
    size_t i;

    for (i = 0; q != NULL && i < n; i++)
        mpq_clear(q[i]);
    free(q);
}

int
cmd_path(int argc, char **argv)
{
    enum { OPT_FROM = OPT_LOCAL, OPT_TO, OPT_POLYLINE, OPT_ARC, OPT_NO_POINTS,
           OPT_MAXBP, OPT_TIME };
    static const struct option longopts[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"polyline", required_argument, NULL, OPT_POLYLINE},
        {"arc", required_argument, NULL, OPT_ARC},
        CLI_VALUES_OPTS,
        {"no-points", no_argument, NULL, OPT_NO_POINTS},
        {"max-breakpoints", required_argument, NULL, OPT_MAXBP},
        {"time", no_argument, NULL, OPT_TIME},
        {"exact", no_argument, NULL, OPT_EXACT},
        {"float", no_argument, NULL, OPT_FLOAT},
        {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json", "csv"};
    const char *from = NULL, *to = NULL, *poly = NULL, *arcs = NULL, *name;
    cli_common c;
    cli_values vals = CLI_VALUES_INIT;
    cli_output out = CLI_OUTPUT_INIT;
    rc_path_opts po;
    rc_path_write_opts wo;
    rc_net *net = NULL;
    rc_path *path = NULL;
    mpq_t *x0 = NULL, *x1 = NULL, *pts = NULL;
    size_t n = 0, npts = 0;
    rc_error err = {RC_OK, ""};
    rc_status st;
    int opt, fmt, rc = EXIT_BAD_INPUT, timing = 0;
    double t0;
    char *end;

    cli_common_init(&c);
    rc_path_opts_init(&po);
    rc_path_write_opts_init(&wo);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        int handled = cli_common_option(&c, opt, optarg);
        if (handled < 0)
            goto done;
        if (handled || cli_values_option(&vals, opt, optarg))
            continue;
        switch (opt) {
        case OPT_FROM: from = optarg; break;
        case OPT_TO: to = optarg; break;
        case OPT_POLYLINE: poly = optarg; break;
        case OPT_ARC: arcs = optarg; break;
        case OPT_NO_POINTS: wo.points = 0; break;
        case OPT_TIME: timing = 1; break;
        case OPT_MAXBP:
            errno = 0;
            po.max_breakpoints = strtoul(optarg, &end, 10);
            if (*end != '\0' || errno != 0 || optarg[0] == '-' || optarg[0] == '\0') {
                cli_error("--max-breakpoints: '%s' is not a count", optarg);
                goto done;
            }
            break;
        case 'h':
            help(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("path", argv);
            goto done;
        }
    }
    if ((fmt = cli_format_index(&c, formats, 3)) < 0)
        goto done;
    if ((from != NULL) + (poly != NULL) + (arcs != NULL) != 1 || (from != NULL) != (to != NULL)) {
        cli_error("path: give one path: --from X0 --to X1, --polyline FILE or "
                  "--arc X0,X1[,ANGLE] (try 'relucells path --help')");
        goto done;
    }
    if (optind + 1 != argc) {
        cli_error("path: needs exactly one network file (try 'relucells path --help')");
        goto done;
    }
    name = strcmp(argv[optind], "-") ? argv[optind] : "<stdin>";
    if (cli_load_net(&net, argv[optind], c.input_format) != EXIT_OK)
        goto done;
    n = rc_net_num_inputs(net);
    if (cli_values_resolve(&vals, rc_net_num_outputs(net)) != 0)
        goto done;
    po.arithmetic = c.opts.arithmetic;
    po.combine = vals.c;
    po.combine_q = (const mpq_t *)vals.cq;
    po.keep_patterns = 1;
    po.stop = cli_stop_flag();
    if ((x0 = qarray(n)) == NULL || (x1 = qarray(n)) == NULL) {
        cli_error("out of memory");
        goto done;
    }
    if (from != NULL && (cli_parse_point(x0, n, from, "--from") != 0
                         || cli_parse_point(x1, n, to, "--to") != 0))
        goto done;
    if (poly != NULL) {
        FILE *in = strcmp(poly, "-") ? fopen(poly, "r") : stdin;
        double *d = NULL;
        if (in == NULL) {
            cli_error("--polyline: cannot open %s: %s", poly, strerror(errno));
            goto done;
        }
        st = rc_points_read(&d, &pts, &npts, in, poly, n, 0, &err);
        if (in != stdin)
            fclose(in);
        free(d);
        if (st != RC_OK) {
            cli_error("--polyline: %s", err.msg);
            goto done;
        }
        if (npts < 2) {
            cli_error("--polyline: %s has %zu point%s; a polyline needs two", poly,
                      npts, npts == 1 ? "" : "s");
            goto done;
        }
    }
    {
        double angle = 0;
        if (arcs != NULL && parse_arc(x0, x1, &angle, n, arcs) != 0)
            goto done;
        if ((rc = cli_output_open(&out, c.output)) != EXIT_OK)
            goto done;
        t0 = now();
        if (from != NULL)
            st = rc_path_segment_q(&path, net, (const mpq_t *)x0, (const mpq_t *)x1, &po, &err);
        else if (poly != NULL)
            st = rc_path_polyline_q(&path, net, (const mpq_t *)pts, npts, &po, &err);
        else
            st = rc_path_arc_q(&path, net, (const mpq_t *)x0, (const mpq_t *)x1, angle, &po, &err);
        if (timing && path != NULL) {
            double dt = now() - t0;
            size_t k = rc_path_num_breakpoints(path);
            fprintf(stderr, "relucells: time: path %.3f s, %zu break points, %.0f "
                    "break points/s\n", dt, k, dt > 0 ? (double)k / dt : 0.0);
        }
    }
    if (path == NULL) {
        rc = cli_status_exit(st, &err);
        goto done;
    }
    wo.format = fmt == 1 ? RC_PATH_JSON : fmt == 2 ? RC_PATH_CSV : RC_PATH_TEXT;
    wo.net_name = name;
    {
        /* A partial path is a result: written, marked incomplete, exit 3. */
        rc_error werr;
        rc_status wst = rc_path_write(out.f, path, net, &wo, &werr);
        rc = wst != RC_OK ? cli_status_exit(wst, &werr) : cli_status_exit(st, &err);
        if (cli_output_close(&out, wst == RC_OK && (st == RC_OK || st == RC_ERR_LIMIT
                                                    || st == RC_ERR_STOPPED))
            && rc == EXIT_OK)
            rc = EXIT_FAILURE_RUN;
    }
done:
    cli_output_abort(&out);
    rc_path_free(path);
    qarray_free(x0, n);
    qarray_free(x1, n);
    qarray_free(pts, npts * n);
    cli_values_clear(&vals);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
