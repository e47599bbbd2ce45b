/* cmd_atoms.c -- 'relucells atoms' and 'relucells lipschitz'.
 *
 * Both enumerate the regions of NET on the domain and report, per region,
 * the atomic decomposition (atoms.h) or the Lipschitz constant and its
 * bounds (lipschitz.h), in text or JSON (jansson, regions streamed one at a
 * time as in export_json.c).  With --exact the enumeration is exact and so
 * are the reports: atoms as rationals with the exact identity check, and
 * certified Lipschitz constants (exact squares where rational). */
#include <errno.h>
#include <getopt.h>
#include <gmp.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/json_util.h"
#include "relucells/atoms.h"
#include "relucells/lipschitz.h"

enum { CMD_ATOMS, CMD_LIPSCHITZ };

/* What the options of either command say. */
typedef struct cmd_args {
    cli_common c;              /* domain, enumeration options, -o, --format */
    const char *region;
    int json, normalised, exact;
    const char *net_path;
} cmd_args;

static void
help(FILE *f, int cmd)
{
    if (cmd == CMD_ATOMS)
        fputs("Usage: relucells atoms [OPTIONS] NET\n"
              "For every linear region of NET (or the one given by --region), the\n"
              "atomic decomposition of the map: the linear part is\n"
              "  sum_ij c_ij w_{L,:i} (x) w_{1,j:}\n"
              "over i active in the last hidden layer and j active in the first,\n"
              "with c_ij the sum over active paths from j to i of the products of\n"
              "their weights.  Printed: the atom index sets, c, the number of\n"
              "active paths behind each c_ij (along non-zero weights), the offset\n"
              "b_theta, and the check that the atoms give the region's output map.\n"
              "Atoms are in the network's own coordinates: normalised inputs\n"
              "x_n = (x - mean) / range (all inputs), output before scaling.\n"
              "With --exact, c and b_theta are rationals (p/q) computed from the\n"
              "numbers of the file read exactly, and the check is an equality.\n", f);
    else
        fputs("Usage: relucells lipschitz [OPTIONS] NET\n"
              "The Lipschitz constant (Euclidean norms) of NET on every linear\n"
              "region, the spectral norm of the region's Jacobian, and on the\n"
              "domain (the largest of them), with the bounds and their ratio\n"
              "bound/true: per region the atom sum and the bound\n"
              "alpha beta C^(L-2) prod_k |active neurons of layer k|; globally\n"
              "sigma^L, prod ||W_l||_2, the L1 path norm and (sum ||W_l||_1)^L\n"
              "(entrywise 1-norms).  The map is the one in raw coordinates of the\n"
              "free inputs and raw outputs, unless --normalised.\n"
              "With --exact, also certified constants: the exact square p/q when a\n"
              "region's Jacobian is a vector (one output or one free input), else an\n"
              "interval [lo, hi] proved by rational arithmetic.\n", f);
    fputs("\nDomain (default: the box of the NNet minimum and maximum lines; an\n"
          "ONNX network has none, so give one of --box, --vnnlib, --unbounded):\n"
          "  --box LO,HI           the same interval for every input, or\n"
          "  --box L1,H1,L2,H2,... one interval per input (or per free input)\n"
          "  --vnnlib FILE         the input box of a VNN-LIB property (output\n"
          "                        constraints are ignored); --box and --fix\n"
          "                        apply on top\n"
          "  --unbounded           all of R^n (regions may be unbounded)\n"
          "  --fix I=V[,I=V...]    fix input xI to V (a slice); repeatable\n"
          "\nOptions:\n"
          "  --input-format F      auto (by content, the default), nnet or onnx\n", f);
    if (cmd == CMD_ATOMS)
        fputs("  --region PATTERN      only the region with this activation pattern,\n"
              "                        e.g. 0110|10 (the bars are optional)\n", f);
    else
        fputs("  --normalised          the network's normalised coordinates instead\n", f);
    fputs("  --exact               exact rational arithmetic (GMP, cddlib) for the\n"
          "                        enumeration and the report\n"
          "  --format text|json    output format (default text)\n"
          "  -o, --output FILE     write to FILE instead of standard output\n"
          "  --max-regions N       give up (exit 1) past N regions in a layer\n"
          "  --eps E               tolerance of the sign tests (default 1e-9)\n"
          "  -h, --help            show this help\n", f);
    if (cmd == CMD_ATOMS)
        fputs("\nExit status: 0 success, 1 the computation failed, hit a limit or a\n"
              "check failed (the report is still written), 2 bad input or usage.\n", f);
    else
        fputs("\nExit status: 0 success, 1 the computation failed or hit a limit,\n"
              "2 bad input or usage.\n", f);
    fputs("Inputs, layers and neurons are numbered from 1.\n", f);
}

/* Parse the options; EXIT_OK with a->net_path set to go on, else the exit
 * status (EXIT_OK with net_path NULL after --help). */
static int
parse_args(cmd_args *a, int argc, char **argv, int cmd)
{
    enum { OPT_REGION = OPT_LOCAL, OPT_NORMALISED };
    static const struct option atoms_opts[] = {
        CLI_ENUM_LONGOPTS,
        {"region", required_argument, NULL, OPT_REGION},
        {NULL, 0, NULL, 0}};
    static const struct option lip_opts[] = {
        CLI_ENUM_LONGOPTS,
        {"normalised", no_argument, NULL, OPT_NORMALISED},
        {"normalized", no_argument, NULL, OPT_NORMALISED},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    const char *name = cmd == CMD_ATOMS ? "atoms" : "lipschitz";
    int opt, handled;

    cli_common_init(&a->c);
    /* Neither command needs Chebyshev balls or volumes. */
    a->c.opts.chebyshev = a->c.opts.volume = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:",
                              cmd == CMD_ATOMS ? atoms_opts : lip_opts, NULL)) != -1) {
        if ((handled = cli_common_option(&a->c, opt, optarg)) < 0)
            return EXIT_BAD_INPUT;
        if (handled)
            continue;
        switch (opt) {
        case OPT_REGION: a->region = optarg; break;
        case OPT_NORMALISED: a->normalised = 1; break;
        case 'h':
            help(stdout, cmd);
            return EXIT_OK;
        default:
            help(stderr, cmd);
            return EXIT_BAD_INPUT;
        }
    }
    if ((a->json = cli_format_index(&a->c, formats, 2)) < 0)
        return EXIT_BAD_INPUT;
    a->exact = a->c.opts.exact;
    if (optind + 1 != argc) {
        cli_error("%s needs exactly one network file (try --help)", name);
        return EXIT_BAD_INPUT;
    }
    a->net_path = argv[optind];
    return EXIT_OK;
}

/* Load, build the domain and enumerate; the exit status. */
static int
setup(rc_net **net, rc_domain **dom, rc_partition **part, const cmd_args *a)
{
    rc_error err;
    rc_status st;
    int rc;

    if (cli_load_net(net, a->net_path, a->c.input_format) != EXIT_OK)
        return EXIT_BAD_INPUT;
    if ((rc = cli_make_domain(dom, *net, &a->c.domain,
                              strcmp(a->net_path, "-") ? a->net_path : "<stdin>")) != EXIT_OK)
        return rc;
    if ((st = rc_enumerate(part, *net, *dom, &a->c.opts, &err)) != RC_OK) {
        cli_error("%s", err.msg);
        return st == RC_ERR_ARG ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

/* --region text ("0110|10" or "011010") to pattern bytes; 0 on success. */
static int
parse_pattern(unsigned char *pat, const char *text, const rc_partition *part)
{
    size_t len = rc_partition_pattern_length(part), k = 0, layer = 0, in_layer = 0;
    int bars = strchr(text, '|') != NULL;
    const char *p;

    for (p = text; *p; p++) {
        if (*p == '|') {
            if (layer + 1 >= rc_partition_num_hidden(part)
                || in_layer != rc_partition_hidden_size(part, layer))
                goto bad;
            layer++;
            in_layer = 0;
            continue;
        }
        if ((*p != '0' && *p != '1') || k == len)
            goto bad;
        pat[k++] = (unsigned char)(*p == '1');
        in_layer++;
    }
    if (k == len && (!bars || layer + 1 == rc_partition_num_hidden(part)))
        return 0;
bad:
    {
        char widths[256];
        size_t l, used = 0;
        for (l = 0; l < rc_partition_num_hidden(part) && used + 24 < sizeof widths; l++)
            used += (size_t)snprintf(widths + used, sizeof widths - used, "%s%zu",
                                     l ? "|" : "", rc_partition_hidden_size(part, l));
        cli_error("--region: '%s' is not a pattern: expected %zu bits 0/1, "
                  "layers of widths %s", text, len, widths);
    }
    return -1;
}

/* ---- JSON helpers (see also json_util.h) ---------------------------------- */

/* An exact rational as text "p/q" (or "p"), from GMP's allocator: free
 * with qstr_free. */
static char *
qstr(mpq_srcptr q)
{
    return mpq_get_str(NULL, 10, q);
}

static void
qstr_free(char *text)
{
    void (*freefunc)(void *, size_t);

    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(text, strlen(text) + 1);
}

static json_t *
json_indices(const size_t *v, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(a, json_integer((json_int_t)v[i] + 1));
    return a;
}

static int
write_region_json(FILE *out, json_t *r, int first)
{
    int bad = fputs(first ? "\n" : ",\n", out) == EOF;

    bad = bad || r == NULL
          || json_dumpf(r, out, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0;
    json_decref(r);
    return bad;
}

static json_t *
json_inputs(const rc_partition *part)
{
    json_t *a = json_array();
    size_t k;

    for (k = 0; k < rc_partition_dim(part); k++)
        json_array_append_new(a, json_integer((json_int_t)rc_partition_free_input(part, k) + 1));
    return a;
}

/* ---- atoms --------------------------------------------------------------- */

/* The outcome of both checks of one region; lok, ook are those of
 * rc_atoms_check_q (-1 in float mode). */
typedef struct check_result {
    double ld, od;
    int ok;
    int lok, ook;
} check_result;

static json_t *
atoms_json(const rc_atoms *a, const char *pattern, const check_result *ck)
{
    size_t nf = rc_atoms_num_first(a), nl = rc_atoms_num_last(a), p, q;
    const double *c = rc_atoms_coefficients(a);
    mpq_srcptr cq = rc_atoms_coefficients_q(a);
    const uint64_t *paths = rc_atoms_path_counts(a);
    json_t *o = json_object(), *cm = json_array(), *pm = json_array();

    for (p = 0; p < nl; p++) {
        json_t *cr = json_array(), *pr = json_array();
        for (q = 0; q < nf; q++) {
            uint64_t n = paths[p * nf + q];
            json_array_append_new(cr, cq ? rc_json_q(cq + p * nf + q)
                                         : rc_json_num(c[p * nf + q]));
            json_array_append_new(pr, n <= (uint64_t)INT64_MAX
                                      ? json_integer((json_int_t)n) : json_null());
        }
        json_array_append_new(cm, cr);
        json_array_append_new(pm, pr);
    }
    json_object_set_new(o, "pattern", json_string(pattern));
    json_object_set_new(o, "first", json_indices(rc_atoms_first(a), nf));
    json_object_set_new(o, "last", json_indices(rc_atoms_last(a), nl));
    json_object_set_new(o, "coefficients", cm);
    json_object_set_new(o, "paths", pm);
    json_object_set_new(o, "paths_saturated", json_boolean(rc_atoms_counts_saturated(a)));
    json_object_set_new(o, "offset", cq ? rc_json_qvector(rc_atoms_offset_q(a),
                                                       rc_atoms_num_outputs(a))
                                         : rc_json_vector(rc_atoms_offset(a),
                                                       rc_atoms_num_outputs(a)));
    json_object_set_new(o, "check", json_pack("{s:o, s:o, s:b}", "linear", rc_json_num(ck->ld),
                                              "offset", rc_json_num(ck->od),
                                              "passed", ck->ld <= RC_ATOMS_CHECK_TOL
                                                        && ck->od <= RC_ATOMS_CHECK_TOL));
    if (cq)
        json_object_set_new(o, "exact_check",
                            json_pack("{s:b, s:b, s:b}", "linear", ck->lok == 1,
                                      "offset", ck->ook == 1,
                                      "passed", ck->lok == 1 && ck->ook == 1));
    return o;
}

/* The entries of c (nl x nf) as text, exact (p/q) or %.8g; *width
 * receives the longest, at least 15.  NULL when out of memory. */
static char **
coefficient_texts(const rc_atoms *a, int *width)
{
    size_t k, count = rc_atoms_num_first(a) * rc_atoms_num_last(a);
    mpq_srcptr cq = rc_atoms_coefficients_q(a);
    char **t = calloc(count + 1, sizeof *t);

    *width = 15;
    for (k = 0; t != NULL && k < count; k++) {
        if (cq) {
            char *g = qstr(cq + k);
            t[k] = malloc(strlen(g) + 1);
            if (t[k] != NULL)
                strcpy(t[k], g);
            qstr_free(g);
        } else {
            t[k] = malloc(32);
            if (t[k] != NULL)
                snprintf(t[k], 32, "%.8g", rc_atoms_coefficients(a)[k] + 0.0);
        }
        if (t[k] == NULL) {
            while (k > 0)
                free(t[--k]);
            free(t);
            return NULL;
        }
        if ((int)strlen(t[k]) > *width)
            *width = (int)strlen(t[k]);
    }
    return t;
}

static int
atoms_text(FILE *f, const rc_atoms *a, size_t idx, const char *pattern,
           size_t L, const check_result *ck)
{
    size_t nf = rc_atoms_num_first(a), nl = rc_atoms_num_last(a), p, q, o;
    const size_t *first = rc_atoms_first(a), *last = rc_atoms_last(a);
    const double *b = rc_atoms_offset(a);
    mpq_srcptr bq = rc_atoms_offset_q(a);
    const uint64_t *paths = rc_atoms_path_counts(a);
    int w;
    char **ct = coefficient_texts(a, &w);

    if (ct == NULL) {
        cli_error("out of memory");
        return -1;
    }

    fprintf(f, "region %zu  pattern %s\n", idx + 1, pattern);
    fputs("  first (active in layer 1):", f);
    for (q = 0; q < nf; q++)
        fprintf(f, " %zu", first[q] + 1);
    fprintf(f, "%s\n  last (active in layer %zu):", nf ? "" : " none", L - 1);
    for (p = 0; p < nl; p++)
        fprintf(f, " %zu", last[p] + 1);
    fputs(nl ? "\n" : " none\n", f);
    if (nf && nl) {
        fputs("  coefficients c[i][j] (rows i: last, columns j: first):\n         ", f);
        for (q = 0; q < nf; q++) {
            char head[32];
            snprintf(head, sizeof head, "j=%zu", first[q] + 1);
            fprintf(f, " %*s", w, head);
        }
        fputc('\n', f);
        for (p = 0; p < nl; p++) {
            fprintf(f, "    i=%-3zu", last[p] + 1);
            for (q = 0; q < nf; q++)
                fprintf(f, " %*s", w, ct[p * nf + q]);
            fputc('\n', f);
        }
        fprintf(f, "  active paths behind c[i][j]%s:\n",
                rc_atoms_counts_saturated(a) ? " (saturated at 2^64-1)" : "");
        for (p = 0; p < nl; p++) {
            fprintf(f, "    i=%-3zu", last[p] + 1);
            for (q = 0; q < nf; q++)
                fprintf(f, " %*llu", w, (unsigned long long)paths[p * nf + q]);
            fputc('\n', f);
        }
    }
    fputs("  offset b_theta = (", f);
    for (o = 0; o < rc_atoms_num_outputs(a); o++) {
        if (bq)
            gmp_fprintf(f, "%s%Qd", o ? ", " : "", bq + o);
        else
            fprintf(f, "%s%.10g", o ? ", " : "", b[o] + 0.0);
    }
    fprintf(f, ")\n  check: %s (relative deviation: linear part %.3g, offset %.3g)\n",
            ck->ld <= RC_ATOMS_CHECK_TOL && ck->od <= RC_ATOMS_CHECK_TOL ? "ok" : "FAILED",
            ck->ld, ck->od);
    if (bq)
        fprintf(f, "  exact check: %s (linear part %s, offset %s)\n",
                ck->lok == 1 && ck->ook == 1 ? "ok" : "FAILED",
                ck->lok == 1 ? "equal" : "differs", ck->ook == 1 ? "equal" : "differs");
    for (p = 0; p < nl * nf; p++)
        free(ct[p]);
    free(ct);
    return 0;
}

json_t *
cli_region_atoms_json(const rc_net *net, const rc_domain *dom,
                      const rc_partition *part, size_t idx, int *failed)
{
    const rc_region *r = rc_partition_region(part, idx);
    int exact = rc_partition_is_exact(part);
    rc_atoms *at = NULL;
    rc_error err;
    check_result ck;
    json_t *o;

    *failed = 1;
    if ((exact ? rc_atoms_new_q : rc_atoms_new)(&at, net, rc_region_pattern(r), &err)
        != RC_OK)
        return NULL;
    ck.lok = ck.ook = -1;
    ck.ok = rc_atoms_check(&ck.ld, &ck.od, at, net, dom, r, RC_ATOMS_CHECK_TOL,
                           &err) == RC_OK;
    if (exact)
        ck.ok &= rc_atoms_check_q(&ck.lok, &ck.ook, at, net, dom, r, &err) == RC_OK;
    o = atoms_json(at, "", &ck);
    if (o != NULL)
        json_object_del(o, "pattern");
    *failed = !ck.ok;
    rc_atoms_free(at);
    return o;
}

/* Atoms of region idx; *fails counts failed checks.  Returns 0 or -1. */
static int
atoms_one(FILE *f, const cmd_args *a, const rc_net *net, const rc_domain *dom,
          const rc_partition *part, size_t idx, char *pattern, int first,
          size_t *fails)
{
    const rc_region *r = rc_partition_region(part, idx);
    rc_atoms *at = NULL;
    rc_error err;
    rc_status st, stq = RC_OK;
    check_result ck;
    int bad = 0;

    if ((a->exact ? rc_atoms_new_q : rc_atoms_new)(&at, net, rc_region_pattern(r), &err)
        != RC_OK) {
        cli_error("%s", err.msg);
        return -1;
    }
    rc_partition_pattern_string(pattern, part, r);
    ck.lok = ck.ook = -1;
    st = rc_atoms_check(&ck.ld, &ck.od, at, net, dom, r, RC_ATOMS_CHECK_TOL, &err);
    if (st == RC_ERR_NUMERIC)
        cli_error("region %zu (%s): %s", idx + 1, pattern, err.msg);
    if (a->exact && (st == RC_OK || st == RC_ERR_NUMERIC)) {
        stq = rc_atoms_check_q(&ck.lok, &ck.ook, at, net, dom, r, &err);
        if (stq == RC_ERR_NUMERIC)
            cli_error("region %zu (%s): %s", idx + 1, pattern, err.msg);
    }
    if ((st != RC_OK && st != RC_ERR_NUMERIC) || (stq != RC_OK && stq != RC_ERR_NUMERIC)) {
        cli_error("%s", err.msg);
        rc_atoms_free(at);
        return -1;
    }
    ck.ok = st == RC_OK && stq == RC_OK;
    if (!ck.ok)
        (*fails)++;
    if (a->json)
        bad = write_region_json(f, atoms_json(at, pattern, &ck), first);
    else
        bad = atoms_text(f, at, idx, pattern, rc_net_num_layers(net), &ck) != 0;
    rc_atoms_free(at);
    return bad ? -1 : 0;
}

int
cmd_atoms(int argc, char **argv)
{
    cmd_args a;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    unsigned char *want = NULL;
    char *pattern = NULL;
    size_t i, only = (size_t)-1, fails = 0, L;
    cli_output out;
    int rc, bad = 0;

    memset(&a, 0, sizeof a);
    if ((rc = parse_args(&a, argc, argv, CMD_ATOMS)) != EXIT_OK || a.net_path == NULL)
        goto done;
    if ((rc = setup(&net, &dom, &part, &a)) != EXIT_OK)
        goto done;
    rc = EXIT_BAD_INPUT;
    L = rc_net_num_layers(net);
    if (L < 2) {
        cli_error("%s: a network without hidden layers has no atoms", a.net_path);
        goto done;
    }
    pattern = malloc(rc_partition_pattern_length(part) + rc_partition_num_hidden(part) + 2);
    want = malloc(rc_partition_pattern_length(part) + 1);
    if (!pattern || !want) {
        cli_error("out of memory");
        rc = EXIT_FAILURE_RUN;
        goto done;
    }
    if (a.region != NULL) {
        if (parse_pattern(want, a.region, part) != 0)
            goto done;
        only = rc_partition_find(part, want);
        if (only == (size_t)-1) {
            cli_error("--region: no region of %s on the domain has pattern %s",
                      a.net_path, a.region);
            goto done;
        }
    }
    rc = EXIT_FAILURE_RUN;
    if (cli_output_open(&out, a.c.output) != 0)
        goto done;
    if (a.json) {
        json_t *inputs = json_array();
        for (i = 0; i < rc_net_num_inputs(net); i++)
            json_array_append_new(inputs, json_integer((json_int_t)i + 1));
        bad |= rc_json_member(out.f, "coordinates", json_string("normalised"), 1);
        bad |= rc_json_member(out.f, "arithmetic", json_string(a.exact ? "exact" : "float"), 0);
        bad |= rc_json_member(out.f, "inputs", inputs, 0);
        bad |= rc_json_member(out.f, "first_layer", json_integer(1), 0);
        bad |= rc_json_member(out.f, "last_layer", json_integer((json_int_t)L - 1), 0);
        bad |= rc_json_member(out.f, "num_regions",
                      json_integer((json_int_t)rc_partition_num_regions(part)), 0);
        bad |= fputs(",\n\"regions\": [", out.f) == EOF;
    } else {
        fprintf(out.f, "# atoms w_{%zu,:i} (x) w_{1,j:}: columns of W_%zu, rows of W_1;\n"
                "# normalised coordinates x_n = (x - mean) / range, all %zu inputs,\n"
                "# output before scaling (y = M * %.10g + %.10g)\n", L, L,
                rc_net_num_inputs(net), rc_net_output_range(net),
                rc_net_output_mean(net));
        if (a.exact)
            fputs("# arithmetic: exact (rationals p/q from the file's numbers; the\n"
                  "# exact check is an equality with the region's exact output map)\n",
                  out.f);
    }
    for (i = 0; !bad && i < rc_partition_num_regions(part); i++) {
        if (only != (size_t)-1 && i != only)
            continue;
        bad |= atoms_one(out.f, &a, net, dom, part, i, pattern,
                         only != (size_t)-1 || i == 0, &fails) != 0;
    }
    if (a.json) {
        bad |= fprintf(out.f, "\n],\n\"checks_failed\": %zu}\n", fails) < 0;
    } else {
        fprintf(out.f, "regions: %zu  checks failed: %zu\n",
                only != (size_t)-1 ? (size_t)1 : rc_partition_num_regions(part), fails);
    }
    /* A failed check still writes its report; the exit status says it. */
    rc = cli_output_close(&out, !bad) || bad || fails ? EXIT_FAILURE_RUN : EXIT_OK;
done:
    free(pattern);
    free(want);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&a.c);
    return rc;
}

/* ---- lipschitz ----------------------------------------------------------- */

/* bound / true, NAN when undefined (0/0) and INFINITY for x/0. */
static double
ratio(double bound, double truth)
{
    if (isnan(bound))
        return NAN;
    if (truth == 0.0)
        return bound == 0.0 ? NAN : INFINITY;
    return bound / truth;
}

static void
print_num(FILE *f, double x, int width)
{
    if (isnan(x))
        fprintf(f, " %*s", width, "-");
    else
        fprintf(f, " %*.6g", width, x);
}

/* The certified figures of region r (exact mode) in JSON. */
static json_t *
certified_json(const rc_lipschitz_info *info, size_t r)
{
    int exact = mpq_equal(info->local_sq_lo[r], info->local_sq_hi[r]);

    return json_pack("{s:o, s:o, s:o, s:o, s:o}",
                     "lo", rc_json_num(info->regions[r].local_lo),
                     "hi", rc_json_num(info->regions[r].local_hi),
                     "sq", exact ? rc_json_q(info->local_sq_lo[r]) : json_null(),
                     "sq_lo", rc_json_q(info->local_sq_lo[r]),
                     "sq_hi", rc_json_q(info->local_sq_hi[r]));
}

/* The certified figures of region r (exact mode) as text: the exact
 * square, or the interval of doubles rounded outward. */
static void
certified_text(FILE *f, const rc_lipschitz_info *info, size_t r)
{
    if (mpq_equal(info->local_sq_lo[r], info->local_sq_hi[r]))
        gmp_fprintf(f, "local^2 = %Qd", info->local_sq_lo[r]);
    else
        fprintf(f, "[%.17g, %.17g]", info->regions[r].local_lo,
                info->regions[r].local_hi);
}

json_t *
cli_region_lipschitz_json(const rc_lipschitz_info *info, size_t r)
{
    const rc_lipschitz_region *g = &info->regions[r];
    json_t *o = json_pack("{s:o, s:o, s:o, s:{s:o, s:o, s:o}}",
                          "local", rc_json_num(g->local),
                          "atom_sum", rc_json_num(g->atom_sum),
                          "atom_bound", rc_json_num(g->atom_bound), "ratios",
                          "atom_sum", rc_json_num(ratio(g->atom_sum, g->local)),
                          "atom_bound", rc_json_num(ratio(g->atom_bound, g->local)),
                          "sigma_power", rc_json_num(ratio(info->sigma_power, g->local)));

    if (o != NULL && info->exact)
        json_object_set_new(o, "certified", certified_json(info, r));
    return o;
}

static int
lipschitz_write(FILE *f, const cmd_args *a, const rc_net *net,
                const rc_partition *part, const rc_lipschitz_info *info)
{
    size_t L = rc_net_num_layers(net), R = info->num_regions, r, plen;
    const char *names[] = {"max atom sum", "max atom bound", "sigma^L",
                           "prod ||W_l||_2", "path norm", "(sum ||W_l||_1)^L"};
    const char *keys[] = {"max_atom_sum", "max_atom_bound", "sigma_power",
                          "spectral_product", "path_norm", "l1_power"};
    double vals[6];
    char *pattern, *gpat;
    int bad = 0, k;

    vals[0] = info->max_atom_sum;
    vals[1] = info->max_atom_bound;
    vals[2] = info->sigma_power;
    vals[3] = info->spectral_product;
    vals[4] = info->path_norm;
    vals[5] = info->l1_power;
    plen = rc_partition_pattern_length(part) + rc_partition_num_hidden(part) + 2;
    pattern = malloc(plen);
    gpat = calloc(plen, 1);
    if (!pattern || !gpat) {
        free(pattern);
        free(gpat);
        cli_error("out of memory");
        return -1;
    }
    if (R > 0)
        rc_partition_pattern_string(gpat, part, rc_partition_region(part, info->argmax));
    if (a->json) {
        json_t *norm = json_object(), *glob = json_object(), *bounds = json_object();
        json_object_set_new(norm, "unit_columns_last", json_boolean(info->unit_columns));
        json_object_set_new(norm, "unit_rows_first", json_boolean(info->unit_rows));
        json_object_set_new(norm, "alpha", rc_json_num(info->alpha));
        json_object_set_new(norm, "beta", rc_json_num(info->beta));
        json_object_set_new(norm, "C", rc_json_num(info->C));
        json_object_set_new(norm, "sigma", rc_json_num(info->sigma));
        json_object_set_new(glob, "lipschitz", rc_json_num(info->global));
        json_object_set_new(glob, "region", R ? json_integer((json_int_t)info->argmax + 1)
                                              : json_null());
        json_object_set_new(glob, "pattern", R ? json_string(gpat) : json_null());
        for (k = 0; k < 6; k++)
            json_object_set_new(bounds, keys[k],
                                json_pack("{s:o, s:o}", "value", rc_json_num(vals[k]),
                                          "ratio", rc_json_num(ratio(vals[k], info->global))));
        json_object_set_new(glob, "bounds", bounds);
        if (info->exact)
            json_object_set_new(glob, "certified",
                                json_pack("{s:o, s:o, s:b, s:o}",
                                          "lo", rc_json_num(info->global_lo),
                                          "hi", rc_json_num(info->global_hi),
                                          "exact", info->global_exact,
                                          "sq", info->global_exact
                                                ? rc_json_q(info->local_sq_lo[info->argmax])
                                                : json_null()));
        bad |= rc_json_member(f, "coordinates", json_string(info->normalised ? "normalised" : "raw"), 1);
        bad |= rc_json_member(f, "arithmetic", json_string(info->exact ? "exact" : "float"), 0);
        bad |= rc_json_member(f, "inputs", json_inputs(part), 0);
        bad |= rc_json_member(f, "num_regions", json_integer((json_int_t)R), 0);
        bad |= rc_json_member(f, "normalisation", norm, 0);
        bad |= rc_json_member(f, "global", glob, 0);
        bad |= fputs(",\n\"regions\": [", f) == EOF;
        for (r = 0; r < R && !bad; r++) {
            json_t *o = cli_region_lipschitz_json(info, r);
            rc_partition_pattern_string(pattern, part, rc_partition_region(part, r));
            if (o != NULL)
                json_object_set_new(o, "pattern", json_string(pattern));
            bad |= write_region_json(f, o, r == 0);
        }
        bad |= fputs("\n]}\n", f) == EOF;
    } else {
        size_t w = plen > 8 ? plen : 8;
        fprintf(f, "# Lipschitz constants, Euclidean norms, %s coordinates of the "
                "free inputs", info->normalised ? "normalised" : "raw");
        for (r = 0; r < rc_partition_dim(part); r++)
            fprintf(f, "%s x%zu", r ? "," : "", rc_partition_free_input(part, r) + 1);
        fprintf(f, "\n%-7s %-*s %14s %14s %10s %14s %10s %13s%s\n", "region", (int)w,
                "pattern", "local", "atom sum", "ratio", "atom bound", "ratio",
                "sigma^L ratio", info->exact ? "  certified (exact)" : "");
        for (r = 0; r < R; r++) {
            const rc_lipschitz_region *g = &info->regions[r];
            rc_partition_pattern_string(pattern, part, rc_partition_region(part, r));
            fprintf(f, "%-7zu %-*s", r + 1, (int)w, *pattern ? pattern : "-");
            print_num(f, g->local, 14);
            print_num(f, g->atom_sum, 14);
            print_num(f, ratio(g->atom_sum, g->local), 10);
            print_num(f, g->atom_bound, 14);
            print_num(f, ratio(g->atom_bound, g->local), 10);
            print_num(f, ratio(info->sigma_power, g->local), 13);
            if (info->exact) {
                fputs("  ", f);
                certified_text(f, info, r);
            }
            fputc('\n', f);
        }
        fprintf(f, "normalisation: columns of W_%zu %s unit-norm (largest %.6g), "
                "rows of W_1 %s unit-norm (largest %.6g)\n", L,
                info->unit_columns ? "are" : "are not", info->alpha,
                info->unit_rows ? "are" : "are not", info->beta);
        if (L > 2)
            fprintf(f, "C = largest |weight| of W_2..W_%zu: %.6g\n", L - 1, info->C);
        fprintf(f, "sigma = largest ||W_l||_2: %.6g\n", info->sigma);
        if (R > 0)
            fprintf(f, "global Lipschitz constant: %.10g (region %zu, pattern %s)\n",
                    info->global, info->argmax + 1, *gpat ? gpat : "-");
        if (R > 0 && info->exact) {
            if (info->global_exact)
                gmp_fprintf(f, "certified: global constant^2 = %Qd exactly, "
                            "constant in [%.17g, %.17g]\n",
                            info->local_sq_lo[info->argmax], info->global_lo,
                            info->global_hi);
            else
                fprintf(f, "certified: global constant in [%.17g, %.17g]\n",
                        info->global_lo, info->global_hi);
        }
        fprintf(f, "%-20s %14s %12s\n", "bound", "value", "bound/true");
        for (k = 0; k < 6; k++) {
            fprintf(f, "%-20s", names[k]);
            print_num(f, vals[k], 14);
            print_num(f, ratio(vals[k], info->global), 12);
            fputc('\n', f);
        }
        fprintf(f, "regions: %zu\n", R);
    }
    free(pattern);
    free(gpat);
    return bad ? -1 : 0;
}

int
cmd_lipschitz(int argc, char **argv)
{
    cmd_args a;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_lipschitz_info info;
    rc_lipschitz_opts lopts;
    rc_error err;
    rc_status st;
    cli_output out;
    int rc, bad;

    memset(&a, 0, sizeof a);
    rc_lipschitz_info_init(&info);
    if ((rc = parse_args(&a, argc, argv, CMD_LIPSCHITZ)) != EXIT_OK || a.net_path == NULL)
        goto done;
    if ((rc = setup(&net, &dom, &part, &a)) != EXIT_OK)
        goto done;
    rc_lipschitz_opts_init(&lopts);
    lopts.normalised = a.normalised;
    if ((st = rc_lipschitz_compute(&info, net, part, &lopts, &err)) != RC_OK) {
        cli_error("%s", err.msg);
        rc = EXIT_FAILURE_RUN;
        goto done;
    }
    rc = EXIT_FAILURE_RUN;
    if (cli_output_open(&out, a.c.output) != 0)
        goto done;
    bad = lipschitz_write(out.f, &a, net, part, &info) != 0;
    rc = cli_output_close(&out, !bad) || bad ? EXIT_FAILURE_RUN : EXIT_OK;
done:
    rc_lipschitz_info_clear(&info);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&a.c);
    return rc;
}
