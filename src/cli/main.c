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
#include "base/rational.h"
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
          "  convert     write NET as NNet or ONNX (relucells convert IN OUT)\n"
          "\n"
          "NET is a file in NNet or ONNX format, told apart by content (see\n"
          "relucells-nnet(5), relucells-onnx(5)); - reads stdin.  An ONNX network\n"
          "has no input box: give --box, --vnnlib (relucells-vnnlib(5)) or --unbounded.\n"
          "'relucells COMMAND --help' describes a command's options.\n"
          "  -h, --help     show this help\n"
          "  -V, --version  show the version\n", f);
}

/* Parse the whole token s..end as an exact number (decimal or p/q). */
static int
parse_number(mpq_t x, const char *s, const char *end)
{
    return rc_q_set_text(x, s, (size_t)(end - s));
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

/* --box LO,HI | --box LO1,HI1,...: one interval for all inputs, one per
 * input, or one per free input; the others keep the network's bounds. */
static int
apply_box(mpq_t *lo, mpq_t *hi, size_t n, const char *text,
          const unsigned char *fixed)
{
    size_t nfree = 0, count = 0, cap = 0, i, k;
    mpq_t *vals = NULL;
    const char *p = text;
    int rc = EXIT_BAD_INPUT;

    for (i = 0; i < n; i++)
        nfree += !fixed[i];
    for (;;) {
        const char *e = strchr(p, ',');
        if (e == NULL)
            e = p + strlen(p);
        if (count == cap) {
            mpq_t *v = realloc(vals, (cap = 2 * cap + 4) * sizeof *v);
            if (v == NULL) {
                cli_error("out of memory");
                goto done;
            }
            vals = v;
        }
        mpq_init(vals[count]);
        count++;
        if (parse_number(vals[count - 1], p, e) != 0) {
            cli_error("--box: '%.*s' is not a number", (int)(e - p), p);
            goto done;
        }
        if (*e == '\0')
            break;
        p = e + 1;
    }
    if (count == 2) {
        for (i = 0; i < n; i++) {
            mpq_set(lo[i], vals[0]);
            mpq_set(hi[i], vals[1]);
        }
    } else if (count == 2 * n) {
        for (i = 0; i < n; i++) {
            mpq_set(lo[i], vals[2 * i]);
            mpq_set(hi[i], vals[2 * i + 1]);
        }
    } else if (count == 2 * nfree) {
        for (i = 0, k = 0; i < n; i++)
            if (!fixed[i]) {
                mpq_set(lo[i], vals[2 * k]);
                mpq_set(hi[i], vals[2 * k + 1]);
                k++;
            }
    } else {
        cli_error("--box: expected 2, %zu or %zu numbers (lo,hi pairs), found %zu",
                  2 * n, 2 * nfree, count);
        goto done;
    }
    rc = EXIT_OK;
done:
    for (i = 0; i < count; i++)
        mpq_clear(vals[i]);
    free(vals);
    return rc;
}

/* The box of a VNN-LIB property into lo, hi; inputs it pins to one value
 * become fixed unless --fix fixed them already (to that value). */
static int
vnnlib_box(mpq_t *lo, mpq_t *hi, unsigned char *fixed, mpq_t *val, size_t n,
           const char *path)
{
    FILE *in = fopen(path, "r");
    size_t ignored = 0, i;
    rc_error err;

    if (in == NULL) {
        cli_error("%s: cannot open: %s", path, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    if (rc_vnnlib_read_box(lo, hi, &ignored, n, in, path, &err) != RC_OK) {
        fclose(in);
        cli_error("%s", err.msg);
        return EXIT_BAD_INPUT;
    }
    fclose(in);
    if (ignored > 0)
        cli_error("note: %s: %zu assertion%s on outputs ignored (relucells "
                  "reads the input box)", path, ignored, ignored > 1 ? "s" : "");
    for (i = 0; i < n; i++) {
        if (!mpq_equal(lo[i], hi[i]))
            continue;
        if (fixed[i] && !mpq_equal(val[i], lo[i])) {
            cli_error("--fix: x%zu = %g lies outside the box of %s, which "
                      "pins it to %g", i + 1, rc_q_get_d(val[i]), path,
                      rc_q_get_d(lo[i]));
            return EXIT_BAD_INPUT;
        }
        fixed[i] = 1;
        mpq_set(val[i], lo[i]);
    }
    return EXIT_OK;
}

int
cli_domain_bounds(mpq_t *lo, mpq_t *hi, unsigned char *fixed, mpq_t *val,
                  const rc_net *net, const domain_args *a, const char *net_path)
{
    size_t n = rc_net_num_inputs(net), i;
    const char *p;

    if (a->box && a->unbounded) {
        cli_error("--box and --unbounded exclude each other");
        return EXIT_BAD_INPUT;
    }
    if (a->vnnlib && a->unbounded) {
        cli_error("--vnnlib and --unbounded exclude each other");
        return EXIT_BAD_INPUT;
    }
    if (!a->box && !a->vnnlib && !a->unbounded && !rc_net_has_input_bounds(net)) {
        cli_error("%s: an ONNX network has no input box: give --box, --vnnlib "
                  "or --unbounded", net_path);
        return EXIT_BAD_INPUT;
    }
    for (p = a->fix; p != NULL && *p != '\0';) {
        const char *e = strchr(p, ','), *eq;
        char *stop;
        long idx;

        if (e == NULL)
            e = p + strlen(p);
        eq = memchr(p, '=', (size_t)(e - p));
        errno = 0;
        idx = strtol(p, &stop, 10);
        if (eq == NULL || stop != eq || errno != 0) {
            cli_error("--fix: '%.*s' is not of the form I=VALUE", (int)(e - p), p);
            return EXIT_BAD_INPUT;
        }
        if (idx < 1 || (size_t)idx > n) {
            cli_error("--fix: input %ld out of range: the network has %zu inputs (x1..x%zu)",
                      idx, n, n);
            return EXIT_BAD_INPUT;
        }
        if (parse_number(val[idx - 1], eq + 1, e) != 0) {
            cli_error("--fix: value of x%ld '%.*s' is not a number",
                      idx, (int)(e - eq - 1), eq + 1);
            return EXIT_BAD_INPUT;
        }
        fixed[idx - 1] = 1;
        p = *e ? e + 1 : e;
    }
    if (a->unbounded)
        return EXIT_OK;
    /* Without a box of its own, the network's placeholders must not
     * constrain a fixed input: lo = hi = 0 lets the value decide below. */
    for (i = 0; i < n; i++) {
        if (rc_net_has_input_bounds(net)) {
            mpq_set(lo[i], rc_net_input_min_q(net, i));
            mpq_set(hi[i], rc_net_input_max_q(net, i));
        } else {
            mpq_set_ui(lo[i], 0, 1);
            mpq_set_ui(hi[i], 0, 1);
        }
    }
    if (a->vnnlib && vnnlib_box(lo, hi, fixed, val, n, a->vnnlib) != EXIT_OK)
        return EXIT_BAD_INPUT;
    if (a->box && apply_box(lo, hi, n, a->box, fixed) != EXIT_OK)
        return EXIT_BAD_INPUT;
    return EXIT_OK;
}

int
cli_make_domain(rc_domain **dom, const rc_net *net, const domain_args *a,
                const char *net_path)
{
    size_t n = rc_net_num_inputs(net), i;
    mpq_t *lo = rc_mpq_array_new(n), *hi = rc_mpq_array_new(n), *val = rc_mpq_array_new(n);
    unsigned char *fixed = calloc(n, 1);
    rc_error err;
    rc_status st;
    int rc = EXIT_BAD_INPUT;

    *dom = NULL;
    if (!lo || !hi || !val || !fixed) {
        cli_error("out of memory");
        goto done;
    }
    if (cli_domain_bounds(lo, hi, fixed, val, net, a, net_path) != EXIT_OK)
        goto done;
    if (a->unbounded) {
        st = rc_domain_new_unbounded(dom, n, rc_net_input_range(net), &err);
    } else {
        /* A fixed input needs no extent: only free ones must be proper. */
        for (i = 0; i < n; i++)
            if (fixed[i] && mpq_cmp(lo[i], hi[i]) >= 0) {
                mpq_set(lo[i], val[i]);
                mpq_set_ui(hi[i], 1, 1);
                mpq_add(hi[i], hi[i], val[i]);
            }
        st = rc_domain_new_box_q(dom, n, (const mpq_t *)lo, (const mpq_t *)hi,
                                 &err);
    }
    if (st != RC_OK) {
        cli_error("%s", err.msg);
        goto done;
    }
    for (i = 0; i < n; i++)
        if (fixed[i] && rc_domain_fix_q(*dom, i, val[i], &err) != RC_OK) {
            cli_error("--fix: %s", err.msg);
            rc_domain_free(*dom);
            *dom = NULL;
            goto done;
        }
    rc = EXIT_OK;
done:
    rc_mpq_array_free(lo, n);
    rc_mpq_array_free(hi, n);
    rc_mpq_array_free(val, n);
    free(fixed);
    return rc;
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
    c->input_format = RC_FORMAT_AUTO;
    c->domain.vnnlib = NULL;
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
    case OPT_EXACT: c->opts.exact = 1; return 1;
    case OPT_FORMAT: c->format = arg; return 1;
    case OPT_VNNLIB: c->domain.vnnlib = arg; return 1;
    case OPT_INPUT_FORMAT:
        return cli_parse_input_format(&c->input_format, arg) == 0 ? 1 : -1;
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

int
cli_load(rc_net **net, rc_domain **dom, const cli_common *c, int argc,
         char **argv, int optind_, const char *command)
{
    *net = NULL;
    *dom = NULL;
    if (optind_ + 1 != argc) {
        cli_error("%s needs exactly one network file (try --help)", command);
        return EXIT_BAD_INPUT;
    }
    if (cli_load_net(net, argv[optind_], c->input_format) != EXIT_OK)
        return EXIT_BAD_INPUT;
    return cli_make_domain(dom, *net, &c->domain,
                           strcmp(argv[optind_], "-") ? argv[optind_] : "<stdin>");
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

int
cli_parse_input_format(rc_net_format *f, const char *text)
{
    if (strcmp(text, "auto") == 0)
        *f = RC_FORMAT_AUTO;
    else if (strcmp(text, "nnet") == 0)
        *f = RC_FORMAT_NNET;
    else if (strcmp(text, "onnx") == 0)
        *f = RC_FORMAT_ONNX;
    else {
        cli_error("--input-format: unknown format '%s' (auto, nnet or onnx)", text);
        return -1;
    }
    return 0;
}

int
cli_output_open(cli_output *o, const char *path)
{
    struct stat sb;
    int fd;

    o->path = NULL;
    o->tmp = NULL;
    o->f = stdout;
    if (path == NULL || strcmp(path, "-") == 0)
        return 0;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* A device or pipe cannot be replaced by rename: write to it. */
        o->f = fopen(path, "w");
        if (o->f == NULL) {
            cli_error("%s: cannot open: %s", path, strerror(errno));
            return -1;
        }
        o->path = path;
        return 0;
    }
    o->tmp = malloc(strlen(path) + 16);
    if (o->tmp == NULL)
        return -1;
    sprintf(o->tmp, "%s.tmp.XXXXXX", path);
    fd = mkstemp(o->tmp);
    if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
        cli_error("%s: cannot create: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    o->path = path;
    return 0;
}

int
cli_output_close(cli_output *o, int ok)
{
    int bad = 0;

    if (o->path != NULL && o->tmp == NULL) {
        bad = ferror(o->f) != 0;
        bad |= fclose(o->f) != 0;
        if (bad && ok)
            cli_error("%s: cannot write", o->path);
        return bad;
    }
    if (o->path == NULL) {
        bad = fflush(stdout) != 0 || ferror(stdout);
        if (bad && ok)
            cli_error("cannot write standard output");
        return bad;
    }
    bad = ferror(o->f) != 0;
    bad |= fclose(o->f) != 0;
    if (ok && !bad && rename(o->tmp, o->path) != 0) {
        cli_error("%s: cannot write: %s", o->path, strerror(errno));
        bad = 1;
    } else if (ok && bad) {
        cli_error("%s: cannot write: %s", o->path, strerror(errno));
    }
    if (!ok || bad)
        unlink(o->tmp);
    free(o->tmp);
    return bad;
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
    if (strcmp(cmd, "convert") == 0)
        return cmd_convert(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'relucells --help')", cmd);
    return EXIT_BAD_INPUT;
}
