/* main.c -- the relucells program: subcommand dispatch and shared options. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

void
cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("relucells: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void
usage(FILE *f)
{
    fputs("Usage: relucells COMMAND [OPTIONS] NET\n"
          "Enumerate exactly the linear regions of a feed-forward ReLU network.\n"
          "\n"
          "Commands:\n"
          "  enumerate   list every region: pattern, polyhedron, affine map\n"
          "  count       the number of regions (last line: regions: N)\n"
          "  info        architecture, parameter count and domain of NET\n"
          "  graph       the region graph: adjacency, neurons, gradient jumps\n"
          "  bounds      enumerated counts beside Zaslavsky's and published bounds\n"
          "  atoms       per region: rank-one atoms of the map, coefficients, paths\n"
          "  lipschitz   per region and global Lipschitz constants, bounds and ratios\n"
          "\n"
          "NET is a file in NNet format (see relucells-nnet(5)); - reads stdin.\n"
          "'relucells COMMAND --help' describes a command's options.\n"
          "  -h, --help     show this help\n"
          "  -V, --version  show the version\n", f);
}

int
cli_add_fix(domain_args *a, const char *text)
{
    size_t old = a->fix ? strlen(a->fix) + 1 : 0;
    char *s = realloc(a->fix, old + strlen(text) + 1);

    if (s == NULL)
        return -1;
    if (old)
        s[old - 1] = ',';
    strcpy(s + old, text);
    a->fix = s;
    return 0;
}

int
cli_make_domain(rc_domain **dom, const rc_net *net, const domain_args *a)
{
    rc_domain_spec spec;
    rc_error err;

    rc_domain_spec_init(&spec);
    spec.box = a->box;
    spec.unbounded = a->unbounded;
    spec.fix = a->fix;
    if (rc_domain_from_spec(dom, net, &spec, &err) != RC_OK) {
        cli_error("%s", err.msg);
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

void
cli_common_init(cli_common *c)
{
    c->domain.box = NULL;
    c->domain.unbounded = 0;
    c->domain.fix = NULL;
    rc_enum_opts_init(&c->opts);
    c->output = NULL;
    c->format = NULL;
}

void
cli_common_clear(cli_common *c)
{
    free(c->domain.fix);
    c->domain.fix = NULL;
}

int
cli_common_option(cli_common *c, int opt, const char *arg)
{
    char *end;

    switch (opt) {
    case OPT_BOX: c->domain.box = arg; return 1;
    case OPT_UNBOUNDED: c->domain.unbounded = 1; return 1;
    case OPT_EXACT: c->opts.arithmetic = RC_ARITH_EXACT; return 1;
    case OPT_FLOAT: c->opts.arithmetic = RC_ARITH_FLOAT; return 1;
    case OPT_FORMAT: c->format = arg; return 1;
    case 'o': c->output = arg; return 1;
    case OPT_FIX:
        if (cli_add_fix(&c->domain, arg) != 0) {
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
cli_bad_option(const char *command, char **argv)
{
    const char *arg = argv[optind - 1];

    if (optopt != 0 && optopt < 256 && (arg == NULL || arg[0] != '-' || arg[1] != '-'))
        fprintf(stderr, "relucells %s: unknown option or missing value: '-%c' "
                "(try 'relucells %s --help')\n", command, optopt, command);
    else
        fprintf(stderr, "relucells %s: unknown option or missing value: '%s' "
                "(try 'relucells %s --help')\n", command, arg, command);
}

int
cli_load(rc_net **net, rc_domain **dom, const cli_common *c, int argc,
         char **argv, int optind_, const char *command)
{
    rc_error err;

    *net = NULL;
    *dom = NULL;
    if (optind_ + 1 != argc) {
        cli_error("%s needs exactly one network file (try --help)", command);
        return EXIT_BAD_INPUT;
    }
    if (rc_net_load_nnet(net, argv[optind_], &err) != RC_OK) {
        cli_error("%s", err.msg);
        return EXIT_BAD_INPUT;
    }
    return cli_make_domain(dom, *net, &c->domain);
}

int
cli_load_open(rc_net **net, rc_domain **dom, cli_output *out,
              const cli_common *c, int argc, char **argv, int optind_,
              const char *command)
{
    int rc = cli_load(net, dom, c, argc, argv, optind_, command);

    if (rc == EXIT_OK)
        rc = cli_output_open(out, c->output);
    return rc;
}

int
main(int argc, char **argv)
{
    const char *cmd;

    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    cmd = argv[1];
    opterr = 0;   /* one line of our own: cli_bad_option */
    cli_signals_install(0);
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("relucells %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "enumerate") == 0)
        return cmd_enumerate(argc - 1, argv + 1, 0);
    if (strcmp(cmd, "count") == 0)
        return cmd_enumerate(argc - 1, argv + 1, 1);
    if (strcmp(cmd, "info") == 0)
        return cmd_info(argc - 1, argv + 1);
    if (strcmp(cmd, "graph") == 0)
        return cmd_graph(argc - 1, argv + 1);
    if (strcmp(cmd, "bounds") == 0)
        return cmd_bounds(argc - 1, argv + 1);
    if (strcmp(cmd, "atoms") == 0)
        return cmd_atoms(argc - 1, argv + 1);
    if (strcmp(cmd, "lipschitz") == 0)
        return cmd_lipschitz(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'relucells --help')", cmd);
    return EXIT_BAD_INPUT;
}
