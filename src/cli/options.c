/* options.c -- the options several commands share, their help, and
 * loading the network, the domain and the output. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_program = "relucells";

void
cli_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", cli_program);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void
cli_bad_option(const char *command, char **argv)
{
    const char *arg = argv[optind - 1];

    if (optopt != 0 && optopt < 256 && (arg == NULL || arg[0] != '-' || arg[1] != '-'))
        fprintf(stderr, "%s %s: unknown option or missing value: '-%c' "
                "(try '%s %s --help')\n", cli_program, command, optopt,
                cli_program, command);
    else
        fprintf(stderr, "%s %s: unknown option or missing value: '%s' "
                "(try '%s %s --help')\n", cli_program, command, arg,
                cli_program, command);
}

int
cli_parse_input_format(rc_net_format *f, const char *text)
{
    if (strcmp(text, "auto") == 0)
        *f = RC_NET_AUTO;
    else if (strcmp(text, "nnet") == 0)
        *f = RC_NET_NNET;
    else if (strcmp(text, "onnx") == 0)
        *f = RC_NET_ONNX;
    else {
        cli_error("--input-format: '%s' is not auto, nnet or onnx", text);
        return -1;
    }
    return 0;
}

int
cli_load_net(rc_net **net, const char *path, rc_net_format format)
{
    rc_error err;

    if (rc_net_load(net, path, format, &err) != RC_OK) {
        cli_error("%s", err.msg);
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

void
cli_common_init(cli_common *c)
{
    c->input_format = RC_NET_AUTO;
    rc_domain_spec_init(&c->domain);
    c->fix = NULL;
    rc_enum_opts_init(&c->opts);
    c->output = NULL;
    c->format = NULL;
    c->progress = 0;
    c->opts.threads = 0;      /* the program uses every core */
}

void
cli_common_clear(cli_common *c)
{
    free(c->fix);
    c->fix = NULL;
}

/* Append one --fix argument to the joined list. */
static int
add_fix(cli_common *c, const char *text)
{
    size_t old = c->fix ? strlen(c->fix) + 1 : 0;
    char *s = realloc(c->fix, old + strlen(text) + 1);

    if (s == NULL)
        return -1;
    if (old)
        s[old - 1] = ',';
    strcpy(s + old, text);
    c->fix = s;
    c->domain.fix = s;
    return 0;
}

int
cli_common_option(cli_common *c, int opt, const char *arg)
{
    char *end;

    switch (opt) {
    case OPT_BOX: c->domain.box = arg; return 1;
    case OPT_UNBOUNDED: c->domain.unbounded = 1; return 1;
    case OPT_VNNLIB: c->domain.vnnlib = arg; return 1;
    case OPT_INPUT_FORMAT:
        return cli_parse_input_format(&c->input_format, arg) == 0 ? 1 : -1;
    case OPT_EXACT: c->opts.arithmetic = RC_ARITH_EXACT; return 1;
    case OPT_FLOAT: c->opts.arithmetic = RC_ARITH_FLOAT; return 1;
    case OPT_FORMAT: c->format = arg; return 1;
    case 'o': c->output = arg; return 1;
    case OPT_FIX:
        if (add_fix(c, arg) != 0) {
            cli_error("out of memory");
            return -1;
        }
        return 1;
    case OPT_EPS:
        errno = 0;
        c->opts.eps = strtod(arg, &end);
        if (*end != '\0' || errno != 0 || !(c->opts.eps > 0.0)
            || !isfinite(c->opts.eps)) {
            cli_error("--eps: '%s' is not a positive number", arg);
            return -1;
        }
        /* The domain is [-1,1]^n inside: a tolerance of a thousandth of
         * it already merges distinct regions; larger ones are nonsense. */
        if (c->opts.eps >= 1e-3) {
            cli_error("--eps: %s is too large: it must be below 1e-3 "
                      "(a fraction of the domain's size)", arg);
            return -1;
        }
        return 1;
    case OPT_THREADS: {
        long t;
        errno = 0;
        t = strtol(arg, &end, 10);
        if (*end != '\0' || errno != 0 || arg[0] == '\0' || t < 0 || t > 256) {
            cli_error("--threads: '%s' is not a thread count (1 to 256, or 0 "
                      "for every core)", arg);
            return -1;
        }
        c->opts.threads = (int)t;
        return 1;
    }
    case OPT_TIME_LIMIT:
        errno = 0;
        c->opts.time_limit = strtod(arg, &end);
        if (*end != '\0' || errno != 0 || arg[0] == '\0'
            || !(c->opts.time_limit >= 0.0) || c->opts.time_limit > 1e9) {
            cli_error("--time-limit: '%s' is not a number of seconds", arg);
            return -1;
        }
        return 1;
    case OPT_PROGRESS: c->progress = 1; return 1;
    case OPT_QUIET: c->progress = -1; return 1;
    case OPT_MAX:
        errno = 0;
        c->opts.max_regions = strtoul(arg, &end, 10);
        if (*end != '\0' || errno != 0 || arg[0] == '-' || arg[0] == '\0') {
            cli_error("--max-regions: '%s' is not a count", arg);
            return -1;
        }
        return 1;
    }
    return 0;
}

int
cli_format_index(const cli_common *c, const char *const *names, size_t count)
{
    size_t i;

    if (c->format == NULL)
        return 0;
    for (i = 0; i < count; i++)
        if (strcmp(c->format, names[i]) == 0)
            return (int)i;
    fprintf(stderr, "relucells: --format: unknown format '%s' (", c->format);
    for (i = 0; i < count; i++)
        fprintf(stderr, "%s%s", i ? (i + 1 == count ? " or " : ", ") : "", names[i]);
    fputs(")\n", stderr);
    return -1;
}

void
cli_help_domain(FILE *f)
{
    fputs("\nNetwork and domain (default: the box of the NNet minimum and maximum\n"
          "lines; an ONNX network has none and needs --box, --vnnlib or\n"
          "--unbounded):\n"
          "  --input-format F      auto (by content, the default), nnet or onnx\n"
          "  --vnnlib FILE         the input box of a VNN-LIB property\n"
          "  --box LO,HI           the same interval for every input, or\n"
          "  --box L1,H1,L2,H2,... one interval per input (or per free input)\n"
          "  --unbounded           all of R^n (regions may be unbounded)\n"
          "  --fix I=V[,I=V...]    hold input xI at V (a slice); repeatable\n"
          "  Numbers are exact: decimals (0.1 is 1/10) or fractions p/q.\n", f);
}

void
cli_help_arith(FILE *f)
{
    fputs("\nArithmetic (default: every decision exact, at about the cost of\n"
          "floating point: a double with a proven error bound, and exact\n"
          "rationals where the bound cannot decide):\n"
          "  --exact               exact rationals throughout; every number of\n"
          "                        the result exact (written p/q)\n"
          "  --float               plain double precision: fastest, and may be\n"
          "                        wrong on close calls, which it counts as\n"
          "                        uncertain decisions\n"
          "  --eps E               --float: tolerance of its sign tests (default\n"
          "                        1e-9 of the domain's size; below 1e-3)\n", f);
}

void
cli_help_run(FILE *f)
{
    fputs("\nRun:\n"
          "  --max-regions N       stop as soon as some layer has more than N\n"
          "                        regions (exit 3; what is finished is\n"
          "                        written); 0: no limit\n"
          "  --time-limit S        stop after S seconds, likewise; 0: no limit\n"
          "  --threads N           worker threads (default: one per core); the\n"
          "                        output is the same for any number\n"
          "  --progress, --quiet   force the progress line on stderr (shown by\n"
          "                        default on a terminal), or silence it\n"
          "  -o, --output FILE     write to FILE (whole, or not at all)\n"
          "  -h, --help            show this help\n", f);
}

void
cli_help_exit(FILE *f)
{
    fputs("\nExit status: 0 success, 1 the computation failed, 2 bad input or\n"
          "usage, 3 stopped by --max-regions or --time-limit (the output is\n"
          "partial and says so), 130 or 143 stopped by SIGINT or SIGTERM\n"
          "(likewise).  Inputs, layers and neurons are numbered from 1;\n"
          "coordinates are raw inputs.\n",
          f);
}

/* The note that a VNN-LIB property's output assertions are not used. */
static void
vnnlib_note(const char *path, size_t n)
{
    mpq_t *lo = malloc((n + 1) * sizeof *lo), *hi = malloc((n + 1) * sizeof *hi);
    FILE *in = strcmp(path, "-") ? fopen(path, "r") : NULL;
    size_t i, ignored = 0;
    rc_error err;

    if (lo != NULL && hi != NULL && in != NULL) {
        for (i = 0; i < n; i++) {
            mpq_init(lo[i]);
            mpq_init(hi[i]);
        }
        if (rc_vnnlib_read_box(lo, hi, &ignored, n, in, path, &err) == RC_OK
            && ignored > 0)
            cli_error("note: %s: %zu assertion%s on outputs ignored (relucells "
                      "uses the input box only)", path, ignored,
                      ignored > 1 ? "s" : "");
        for (i = 0; i < n; i++) {
            mpq_clear(lo[i]);
            mpq_clear(hi[i]);
        }
    }
    if (in != NULL)
        fclose(in);
    free(lo);
    free(hi);
}

int
cli_load_open(rc_net **net, rc_domain **dom, cli_output *out,
              const cli_common *c, int argc, char **argv,
              const char *command, const char **name)
{
    rc_error err;

    *net = NULL;
    *dom = NULL;
    if (optind + 1 != argc) {
        fprintf(stderr, "%s %s: needs exactly one network file "
                "(try '%s %s --help')\n", cli_program, command, cli_program,
                command);
        return EXIT_BAD_INPUT;
    }
    {
        rc_domain_spec spec = c->domain;
        spec.net_name = strcmp(argv[optind], "-") ? argv[optind] : "<stdin>";
        if (name != NULL)
            *name = spec.net_name;
        if (cli_load_net(net, argv[optind], c->input_format) != EXIT_OK)
            return EXIT_BAD_INPUT;
        if (rc_domain_from_spec(dom, *net, &spec, &err) != RC_OK) {
            cli_error("%s", err.msg);
            return EXIT_BAD_INPUT;
        }
        if (spec.vnnlib != NULL)
            vnnlib_note(spec.vnnlib, rc_net_num_inputs(*net));
    }
    return out != NULL ? cli_output_open(out, c->output) : EXIT_OK;
}

int
cli_status_exit(rc_status st, const rc_error *err)
{
    if (st == RC_OK)
        return EXIT_OK;
    if (st == RC_ERR_STOPPED && cli_stop_signal() != 0)
        return 128 + cli_stop_signal();
    cli_error("%s", err->msg);
    if (st == RC_ERR_LIMIT || st == RC_ERR_STOPPED)
        return EXIT_INCOMPLETE;
    return st == RC_ERR_ARG || st == RC_ERR_PARSE ? EXIT_BAD_INPUT
                                                  : EXIT_FAILURE_RUN;
}

/* ---- values and points of the path commands ----------------------------- */

void
cli_values_clear(cli_values *v)
{
    size_t i;

    free(v->c);
    for (i = 0; v->cq != NULL && i < v->m; i++)
        mpq_clear(v->cq[i]);
    free(v->cq);
    v->c = NULL;
    v->cq = NULL;
}

int
cli_values_resolve(cli_values *v, size_t m)
{
    size_t i, k = 0;
    const char *p;

    if (v->index == NULL && v->combine == NULL)
        return 0;
    if (v->index != NULL && v->combine != NULL) {
        cli_error("--output-index and --combine exclude each other");
        return -1;
    }
    v->m = m;
    v->c = calloc(m + 1, sizeof *v->c);
    v->cq = malloc((m + 1) * sizeof *v->cq);
    if (v->c == NULL || v->cq == NULL) {
        free(v->c);
        free(v->cq);
        v->c = NULL;
        v->cq = NULL;
        cli_error("out of memory");
        return -1;
    }
    for (i = 0; i < m; i++)
        mpq_init(v->cq[i]);
    if (v->index != NULL) {
        char *end;
        unsigned long j;
        errno = 0;
        j = strtoul(v->index, &end, 10);
        if (*end != '\0' || errno != 0 || v->index[0] == '-' || j < 1 || j > m) {
            cli_error("--output-index: '%s' is not an output (1 to %zu)", v->index, m);
            cli_values_clear(v);
            return -1;
        }
        mpq_set_ui(v->cq[j - 1], 1, 1);
        v->c[j - 1] = 1.0;
        return 0;
    }
    for (p = v->combine; ; k++) {
        size_t len = strcspn(p, ",");
        if (k >= m || rc_q_set_text(v->cq[k], p, len) != 0) {
            if (k < m)
                cli_error("--combine: '%.*s' is not a number", (int)len, p);
            else
                cli_error("--combine: more than %zu coefficients (one per output)", m);
            cli_values_clear(v);
            return -1;
        }
        v->c[k] = rc_q_get_d(v->cq[k]);
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    if (k + 1 != m) {
        cli_error("--combine: %zu coefficients for %zu outputs", k + 1, m);
        cli_values_clear(v);
        return -1;
    }
    return 0;
}

int
cli_values_option(cli_values *v, int opt, const char *arg)
{
    if (opt == OPT_OUTPUT_INDEX)
        v->index = arg;
    else if (opt == OPT_COMBINE)
        v->combine = arg;
    else
        return 0;
    return 1;
}

int
cli_values_apply(cli_values *v, rc_net **net)
{
    rc_net *g = NULL;
    rc_error err;

    if (cli_values_resolve(v, rc_net_num_outputs(*net)) != 0)
        return EXIT_BAD_INPUT;
    if (v->cq == NULL)
        return EXIT_OK;
    if (rc_net_new_combined_q(&g, *net, (const mpq_t *)v->cq, &err) != RC_OK)
        return cli_status_exit(err.status, &err);
    rc_net_free(*net);
    *net = g;
    return EXIT_OK;
}

void
cli_help_values(FILE *f)
{
    fputs("\nValues (default: every output):\n"
          "  --output-index K      output K alone (1-based)\n"
          "  --combine C1,...,CM   g = C1 f1 + ... + CM fM (M outputs; e.g.\n"
          "                        0,0,0,0,-1,0,0,0,0,1 for f10 - f5)\n", f);
}

int
cli_parse_point(mpq_t *q, size_t n, const char *text, const char *what)
{
    size_t k = 0;
    const char *p = text;

    if (text[0] == '@') {
        FILE *in = fopen(text + 1, "r");
        double *d = NULL;
        mpq_t *pq = NULL;
        size_t count = 0, i;
        rc_error err;
        if (in == NULL) {
            cli_error("%s: cannot open %s: %s", what, text + 1, strerror(errno));
            return -1;
        }
        if (rc_points_read(&d, &pq, &count, in, text + 1, n, 1, &err) != RC_OK) {
            fclose(in);
            cli_error("%s: %s", what, err.msg);
            return -1;
        }
        fclose(in);
        for (i = 0; i < n; i++) {
            mpq_set(q[i], pq[i]);
            mpq_clear(pq[i]);
        }
        free(pq);
        free(d);
        return 0;
    }
    for (;; k++) {
        size_t len = strcspn(p, ",");
        if (k >= n) {
            cli_error("%s: more than %zu numbers (the network's inputs)", what, n);
            return -1;
        }
        if (rc_q_set_text(q[k], p, len) != 0) {
            cli_error("%s: '%.*s' is not a number", what, (int)len, p);
            return -1;
        }
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    if (k + 1 != n) {
        cli_error("%s: %zu numbers for %zu inputs", what, k + 1, n);
        return -1;
    }
    return 0;
}
