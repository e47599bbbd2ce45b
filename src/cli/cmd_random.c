/* cmd_random.c -- 'relucells random': a random network (relucells/random.h)
 * written as NNet (exactly) or ONNX, or random points as CSV, for
 * reproducing the papers' experiments from the command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
help(FILE *f)
{
    fputs("Usage: relucells random --widths N0,N1,...,NL [OPTIONS] -o NET.nnet\n"
          "       relucells random --points COUNT --dim D [OPTIONS] -o FILE.csv\n"
          "A random network with N0 inputs, hidden layers N1 .. N(L-1) and NL\n"
          "outputs, written as NNet (every number's exact decimal expansion: the\n"
          "file is the network exactly) or, for -o *.onnx, ONNX; input box\n"
          "[-1, 1].  Or COUNT random points of D coordinates as CSV (samples for\n"
          "'relucells paths').  The same seed gives the same result on every\n"
          "machine.\n"
          "\nOptions:\n"
          "  --init I              he-normal (default): W ~ N(0, 2/fan_in), b = 0\n"
          "                          (He et al., Kubo et al.'s N(0, 2/d));\n"
          "                        he-uniform: W ~ U(+-sqrt(6/fan_in)), b = 0;\n"
          "                        normal:SW,SB: W ~ N(0, SW^2/fan_in),\n"
          "                          b ~ N(0, SB^2) (Raghu et al.);\n"
          "                        truncated-normal:SW,SB: W = SW z, b = SB z,\n"
          "                          z ~ N(0, 1) truncated on [-1, 1] (Kim & Kim)\n"
          "  --points COUNT --dim D  points instead: each coordinate N(0, 1), or\n"
          "                        with --init truncated-normal:... N(0, 1)\n"
          "                        truncated on [-1, 1]\n"
          "  --seed S              the seed (default 1)\n"
          "  -o, --output FILE     the file to write (- for standard output)\n"
          "  -h, --help            show this help\n"
          "\nExit status: 0 success, 1 the file could not be written, 2 bad usage.\n", f);
}

static int
parse_init(rc_random_opts *o, const char *s)
{
    const char *colon = strchr(s, ':');
    size_t len = colon ? (size_t)(colon - s) : strlen(s);
    char *end;

    if (len == 9 && strncmp(s, "he-normal", 9) == 0 && colon == NULL)
        o->init = RC_INIT_HE_NORMAL;
    else if (len == 10 && strncmp(s, "he-uniform", 10) == 0 && colon == NULL)
        o->init = RC_INIT_HE_UNIFORM;
    else if (len == 6 && strncmp(s, "normal", 6) == 0 && colon != NULL)
        o->init = RC_INIT_NORMAL;
    else if (len == 16 && strncmp(s, "truncated-normal", 16) == 0 && colon != NULL)
        o->init = RC_INIT_TRUNCATED_NORMAL;
    else
        goto bad;
    if (colon == NULL)
        return 0;
    errno = 0;
    o->sigma_w = strtod(colon + 1, &end);
    if (*end != ',' || errno != 0 || !(o->sigma_w >= 0))
        goto bad;
    o->sigma_b = strtod(end + 1, &end);
    if (*end != '\0' || errno != 0 || !(o->sigma_b >= 0))
        goto bad;
    return 0;
bad:
    cli_error("--init: '%s' is not he-normal, he-uniform, normal:SW,SB or "
              "truncated-normal:SW,SB (SW, SB >= 0)", s);
    return -1;
}

static int
parse_widths(size_t **sizes, size_t *count, const char *s)
{
    size_t n = 1, k = 0;
    const char *p;
    char *end;

    for (p = s; *p; p++)
        n += *p == ',';
    if (n < 2 || (*sizes = malloc(n * sizeof **sizes)) == NULL) {
        cli_error("--widths: at least inputs and outputs, e.g. 784,256,10");
        return -1;
    }
    for (p = s; k < n; k++) {
        errno = 0;
        (*sizes)[k] = strtoul(p, &end, 10);
        if ((*end != ',' && *end != '\0') || errno != 0 || *p == '-' || (*sizes)[k] == 0
            || (*sizes)[k] > 1000000) {
            cli_error("--widths: '%s' is not a list of widths (1 to 10^6)", s);
            free(*sizes);
            *sizes = NULL;
            return -1;
        }
        p = end + 1;
    }
    *count = n;
    return 0;
}

static int
ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* COUNT x D points as CSV to path. */
static int
write_points(const char *path, size_t count, size_t dim, int truncated,
             unsigned long seed)
{
    cli_output out = CLI_OUTPUT_INIT;
    double *x;
    size_t i, j;
    int rc;

    if (count == 0 || dim == 0 || count > ((size_t)1 << 40) / dim) {
        cli_error("--points and --dim: positive counts, not too large");
        return EXIT_BAD_INPUT;
    }
    if ((x = malloc(count * dim * sizeof *x)) == NULL) {
        cli_error("out of memory");
        return EXIT_FAILURE_RUN;
    }
    if ((rc = cli_output_open(&out, path)) != EXIT_OK) {
        free(x);
        return rc;
    }
    rc_random_points(x, count, dim, truncated, seed);
    for (i = 0; i < count; i++)
        for (j = 0; j < dim; j++)
            fprintf(out.f, "%.17g%c", x[i * dim + j], j + 1 < dim ? ',' : '\n');
    free(x);
    rc = ferror(out.f) ? EXIT_FAILURE_RUN : EXIT_OK;
    if (cli_output_close(&out, rc == EXIT_OK) && rc == EXIT_OK)
        rc = EXIT_FAILURE_RUN;
    return rc;
}

int
cmd_random(int argc, char **argv)
{
    enum { OPT_WIDTHS = OPT_LOCAL, OPT_INIT, OPT_SEED, OPT_POINTS, OPT_DIM };
    static const struct option longopts[] = {
        {"widths", required_argument, NULL, OPT_WIDTHS},
        {"init", required_argument, NULL, OPT_INIT},
        {"seed", required_argument, NULL, OPT_SEED},
        {"points", required_argument, NULL, OPT_POINTS},
        {"dim", required_argument, NULL, OPT_DIM},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *widths = NULL, *path = NULL;
    rc_random_opts ro;
    size_t *sizes = NULL, nsizes = 0, points = 0, dim = 0;
    rc_net *net = NULL;
    rc_error err;
    rc_status st;
    int opt, rc = EXIT_BAD_INPUT;
    char *end;

    rc_random_opts_init(&ro);
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_WIDTHS: widths = optarg; break;
        case OPT_INIT:
            if (parse_init(&ro, optarg) != 0)
                return EXIT_BAD_INPUT;
            break;
        case OPT_SEED:
        case OPT_POINTS:
        case OPT_DIM: {
            unsigned long v;
            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (*end != '\0' || errno != 0 || optarg[0] == '-' || optarg[0] == '\0') {
                cli_error("--%s: '%s' is not a count", opt == OPT_SEED ? "seed"
                          : opt == OPT_POINTS ? "points" : "dim", optarg);
                return EXIT_BAD_INPUT;
            }
            if (opt == OPT_SEED)
                ro.seed = v;
            else if (opt == OPT_POINTS)
                points = v;
            else
                dim = v;
            break;
        }
        case 'o': path = optarg; break;
        case 'h':
            help(stdout);
            return EXIT_OK;
        default:
            cli_bad_option("random", argv);
            return EXIT_BAD_INPUT;
        }
    }
    if (optind != argc || path == NULL || (widths == NULL) == (points == 0)) {
        cli_error("random: give --widths (a network) or --points and --dim, and "
                  "-o FILE (try 'relucells random --help')");
        return EXIT_BAD_INPUT;
    }
    if (points > 0)
        return write_points(path, points, dim, ro.init == RC_INIT_TRUNCATED_NORMAL,
                            ro.seed);
    if (parse_widths(&sizes, &nsizes, widths) != 0)
        return EXIT_BAD_INPUT;
    if ((st = rc_net_new_random(&net, nsizes - 1, sizes, &ro, &err)) != RC_OK) {
        rc = cli_status_exit(st, &err);
    } else {
        if (ends_with(path, ".onnx") || ends_with(path, ".ONNX"))
            st = rc_net_write_onnx(net, path, NULL, &err);
        else
            st = rc_net_write_nnet(net, path, &err);
        rc = st == RC_OK ? EXIT_OK : st == RC_ERR_ARG ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN;
        if (st != RC_OK)
            cli_error("%s", err.msg);
    }
    rc_net_free(net);
    free(sizes);
    return rc;
}
