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
          "\n"
          "NET is a file in NNet format (see relucells-nnet(5)); - reads stdin.\n"
          "'relucells COMMAND --help' describes a command's options.\n"
          "  -h, --help     show this help\n"
          "  -V, --version  show the version\n", f);
}

/* Parse a number that must be finite and fill the whole token. */
static int
parse_double(double *x, const char *s, const char *end)
{
    char buf[128], *stop;
    size_t len = (size_t)(end - s);

    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    *x = strtod(buf, &stop);
    if (*stop != '\0' || errno == ERANGE || !isfinite(*x))
        return -1;
    return 0;
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
 * input, or one per free input. */
static int
apply_box(double *lo, double *hi, const rc_net *net, const char *text,
          const unsigned char *fixed)
{
    size_t n = rc_net_num_inputs(net), nfree = 0, count = 0, i, k;
    double vals[2 * 64];
    const char *p = text;

    for (i = 0; i < n; i++)
        nfree += !fixed[i];
    for (;;) {
        const char *e = strchr(p, ',');
        if (e == NULL)
            e = p + strlen(p);
        if (count == sizeof vals / sizeof vals[0] || parse_double(&vals[count], p, e)) {
            cli_error("--box: '%.*s' is not a finite number", (int)(e - p), p);
            return EXIT_BAD_INPUT;
        }
        count++;
        if (*e == '\0')
            break;
        p = e + 1;
    }
    if (count == 2) {
        for (i = 0; i < n; i++) {
            lo[i] = vals[0];
            hi[i] = vals[1];
        }
    } else if (count == 2 * n) {
        for (i = 0; i < n; i++) {
            lo[i] = vals[2 * i];
            hi[i] = vals[2 * i + 1];
        }
    } else if (count == 2 * nfree) {
        for (i = 0, k = 0; i < n; i++)
            if (!fixed[i]) {
                lo[i] = vals[2 * k];
                hi[i] = vals[2 * k + 1];
                k++;
            }
    } else {
        cli_error("--box: expected 2, %zu or %zu numbers (lo,hi pairs), found %zu",
                  2 * n, 2 * nfree, count);
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

int
cli_make_domain(rc_domain **dom, const rc_net *net, const domain_args *a)
{
    size_t n = rc_net_num_inputs(net), i;
    double *lo = NULL, *hi = NULL, *val = NULL;
    unsigned char *fixed = NULL;
    rc_error err;
    rc_status st;
    int rc = EXIT_BAD_INPUT;
    const char *p;

    *dom = NULL;
    if (a->box && a->unbounded) {
        cli_error("--box and --unbounded exclude each other");
        return EXIT_BAD_INPUT;
    }
    lo = malloc(n * sizeof *lo);
    hi = malloc(n * sizeof *hi);
    val = calloc(n, sizeof *val);
    fixed = calloc(n, 1);
    if (!lo || !hi || !val || !fixed) {
        cli_error("out of memory");
        goto done;
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
            goto done;
        }
        if (idx < 1 || (size_t)idx > n) {
            cli_error("--fix: input %ld out of range: the network has %zu inputs (x1..x%zu)",
                      idx, n, n);
            goto done;
        }
        if (parse_double(&val[idx - 1], eq + 1, e)) {
            cli_error("--fix: value of x%ld '%.*s' is not a finite number",
                      idx, (int)(e - eq - 1), eq + 1);
            goto done;
        }
        fixed[idx - 1] = 1;
        p = *e ? e + 1 : e;
    }
    if (a->unbounded)
        st = rc_domain_new_unbounded(dom, n, rc_net_input_range(net), &err);
    else {
        memcpy(lo, rc_net_input_min(net), n * sizeof *lo);
        memcpy(hi, rc_net_input_max(net), n * sizeof *hi);
        if (a->box && (rc = apply_box(lo, hi, net, a->box, fixed)) != EXIT_OK)
            goto done;
        rc = EXIT_BAD_INPUT;
        /* A fixed input needs no extent: only free ones must be proper. */
        for (i = 0; i < n; i++)
            if (fixed[i] && !(lo[i] < hi[i])) {
                lo[i] = val[i];
                hi[i] = val[i] + 1;
            }
        st = rc_domain_new_box(dom, n, lo, hi, &err);
    }
    if (st != RC_OK) {
        cli_error("%s", err.msg);
        goto done;
    }
    for (i = 0; i < n; i++)
        if (fixed[i] && rc_domain_fix(*dom, i, val[i], &err) != RC_OK) {
            cli_error("--fix: %s", err.msg);
            rc_domain_free(*dom);
            *dom = NULL;
            goto done;
        }
    rc = EXIT_OK;
done:
    free(lo);
    free(hi);
    free(val);
    free(fixed);
    return rc;
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
    cli_error("unknown command '%s' (try 'relucells --help')", cmd);
    return EXIT_BAD_INPUT;
}
