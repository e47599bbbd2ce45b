/* cmd_enumerate.c -- 'relucells enumerate' and 'relucells count'. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/export_internal.h"

static void
help(FILE *f, int count_only)
{
    if (count_only)
        fputs("Usage: relucells count [OPTIONS] NET\n"
              "Count the linear regions of NET on its domain; the last line is\n"
              "'regions: N', preceded by the count after each hidden layer.\n", f);
    else
        fputs("Usage: relucells enumerate [OPTIONS] NET\n"
              "List every linear region of NET on its domain: activation pattern,\n"
              "interior point, Chebyshev radius, facets with the neuron or domain\n"
              "facet that owns each, vertices, volume and the affine output map.\n", f);
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
    if (!count_only)
        fputs("  --format text|json    output format (default text)\n", f);
    fputs("  --exact               exact rational arithmetic (GMP, cddlib): exact\n"
          "                        decisions, volumes, maps and vertices, written\n"
          "                        as p/q; numbers in the file are read exactly\n"
          "  --atoms, --lipschitz  JSON: add each region's atomic decomposition\n"
          "                        and Lipschitz figures (see relucells atoms,\n"
          "                        relucells lipschitz)\n"
          "  --certify             --exact, and solve each region's interior-margin\n"
          "                        LP exactly with cddlib (the optimal margin)\n"
          "  -o, --output FILE     write to FILE instead of standard output\n"
          "  --max-regions N       give up (exit 1) past N regions in a layer\n"
          "  --eps E               tolerance of the sign tests (default 1e-9,\n"
          "                        relative to the domain's size)\n"
          "  -h, --help            show this help\n"
          "\nExit status: 0 success, 1 the computation failed or hit a limit,\n"
          "2 bad input or usage.  Coordinates are raw (un-normalised) inputs;\n"
          "inputs, layers and neurons are numbered from 1.\n", f);
}

static void
print_vector(FILE *f, const double *v, size_t n)
{
    size_t i;

    fputc('(', f);
    for (i = 0; i < n; i++)
        fprintf(f, "%s%.10g", i ? ", " : "", v[i]);
    fputc(')', f);
}

/* a . x REL b, or a . x + b when rel is NULL, with signs written once. */
static void
print_affine(FILE *f, const rc_partition *part, const double *a, double b,
             const char *rel)
{
    size_t i, n = rc_partition_dim(part);
    int first = 1;

    for (i = 0; i < n; i++) {
        double v = a[i] + 0.0;   /* + 0.0 turns -0 into 0 */
        if (v == 0.0)
            continue;
        if (first)
            fprintf(f, "%s%.10g*x%zu", v < 0 ? "-" : "", fabs(v),
                    rc_partition_free_input(part, i) + 1);
        else
            fprintf(f, " %c %.10g*x%zu", v < 0 ? '-' : '+', fabs(v),
                    rc_partition_free_input(part, i) + 1);
        first = 0;
    }
    if (rel != NULL)
        fprintf(f, "%s %s %.10g", first ? "0" : "", rel, b + 0.0);
    else if (first)
        fprintf(f, "%.10g", b + 0.0);
    else
        fprintf(f, " %c %.10g", b < 0 ? '-' : '+', fabs(b));
}

/* The exact counterparts, rationals written p/q. */
static void
print_vector_q(FILE *f, mpq_srcptr v, size_t n)
{
    size_t i;

    fputc('(', f);
    for (i = 0; i < n; i++)
        gmp_fprintf(f, "%s%Qd", i ? ", " : "", v + i);
    fputc(')', f);
}

static void
print_affine_q(FILE *f, const rc_partition *part, mpq_srcptr a, mpq_srcptr b,
               const char *rel)
{
    size_t i, n = rc_partition_dim(part);
    int first = 1;
    mpq_t t;

    mpq_init(t);
    for (i = 0; i < n; i++) {
        if (mpq_sgn(a + i) == 0)
            continue;
        mpq_abs(t, a + i);
        if (first)
            gmp_fprintf(f, "%s%Qd*x%zu", mpq_sgn(a + i) < 0 ? "-" : "", t,
                        rc_partition_free_input(part, i) + 1);
        else
            gmp_fprintf(f, " %c %Qd*x%zu", mpq_sgn(a + i) < 0 ? '-' : '+', t,
                        rc_partition_free_input(part, i) + 1);
        first = 0;
    }
    mpq_abs(t, b);
    if (rel != NULL)
        gmp_fprintf(f, "%s %s %Qd", first ? "0" : "", rel, b);
    else if (first)
        gmp_fprintf(f, "%Qd", b);
    else
        gmp_fprintf(f, " %c %Qd", mpq_sgn(b) < 0 ? '-' : '+', t);
    mpq_clear(t);
}

static void
write_text_region(FILE *f, const rc_partition *part, size_t idx, char *pat)
{
    const rc_region *r = rc_partition_region(part, idx);
    size_t n = rc_partition_dim(part), m = rc_partition_num_outputs(part), i;
    const double *A = rc_region_output_A(r), *c = rc_region_output_c(r);
    char owner[48];

    rc_partition_pattern_string(pat, part, r);
    fprintf(f, "region %zu  pattern %s  %s\n", idx + 1, pat,
            rc_region_is_bounded(r) ? "bounded" : "unbounded");
    fputs("  interior point ", f);
    if (rc_region_interior_point_q(r) != NULL) {
        print_vector_q(f, rc_region_interior_point_q(r), n);
        gmp_fprintf(f, "  margin %Qd", rc_region_interior_margin_q(r));
    } else {
        print_vector(f, rc_region_interior_point(r), n);
    }
    fprintf(f, "  chebyshev radius %.6g", rc_region_chebyshev_radius(r));
    if (rc_region_volume_q(r) != NULL)
        gmp_fprintf(f, "  volume %Qd (%.10g)", rc_region_volume_q(r),
                    rc_region_volume(r));
    else if (rc_region_is_bounded(r))
        fprintf(f, "  volume %.10g", rc_region_volume(r));
    fputc('\n', f);
    for (i = 0; i < rc_region_num_facets(r); i++) {
        double b;
        rc_owner ow;
        const double *a = rc_region_facet(r, i, &b, &ow);
        mpq_srcptr bq, aq = rc_region_facet_q(r, i, &bq);
        rc_owner_string(owner, ow);
        fprintf(f, "  facet %-14s ", owner);
        if (aq != NULL)
            print_affine_q(f, part, aq, bq, "<=");
        else
            print_affine(f, part, a, b, "<=");
        fputc('\n', f);
    }
    for (i = 0; i < rc_region_num_vertices(r); i++) {
        fputs(i ? " " : "  vertices ", f);
        if (rc_partition_is_exact(part))
            print_vector_q(f, rc_region_vertex_q(r, i), n);
        else
            print_vector(f, rc_region_vertex(r, i), n);
    }
    if (rc_region_num_vertices(r))
        fputc('\n', f);
    for (i = 0; i < rc_region_num_rays(r); i++) {
        fputs(i ? " " : "  rays ", f);
        if (rc_partition_is_exact(part))
            print_vector_q(f, rc_region_ray_q(r, i), n);
        else
            print_vector(f, rc_region_ray(r, i), n);
    }
    if (rc_region_num_rays(r))
        fputc('\n', f);
    for (i = 0; i < rc_region_num_lines(r); i++) {
        fputs(i ? " " : "  lines ", f);
        if (rc_partition_is_exact(part))
            print_vector_q(f, rc_region_line_q(r, i), n);
        else
            print_vector(f, rc_region_line(r, i), n);
    }
    if (rc_region_num_lines(r))
        fputc('\n', f);
    for (i = 0; i < m; i++) {
        fprintf(f, "  y%zu = ", i + 1);
        if (rc_partition_is_exact(part))
            print_affine_q(f, part, rc_region_output_A_q(r) + i * n,
                           rc_region_output_c_q(r) + i, NULL);
        else
            print_affine(f, part, A + i * n, c[i], NULL);
        fputc('\n', f);
    }
}

static void
write_summary(FILE *f, const rc_partition *part)
{
    const rc_enum_stats *s = rc_partition_stats(part);
    size_t k;

    for (k = 0; k < rc_partition_num_hidden(part); k++)
        fprintf(f, "layer %zu: %zu regions\n", k + 1,
                rc_partition_layer_count(part, k));
    if (rc_partition_is_exact(part))
        fprintf(f, "arithmetic: exact (signs computed in GMP after the "
                "float filter: %zu)\n", s->exact_signs);
    else
        fprintf(f, "uncertain decisions: %zu (re-decided by LP: %zu)\n",
                s->uncertain, s->lp_decisions);
    fprintf(f, "regions: %zu\n", rc_partition_num_regions(part));
}

/* What --atoms and --lipschitz add to each region of the JSON. */
typedef struct extra_ctx {
    const rc_net *net;
    const rc_domain *dom;
    const rc_partition *part;
    const rc_lipschitz_info *lip;   /* NULL: no --lipschitz */
    int atoms;
    size_t failed;                  /* atoms checks that failed */
} extra_ctx;

static json_t *
region_extra(void *ctx, size_t i)
{
    extra_ctx *x = ctx;
    json_t *o = json_object();
    int failed;

    if (o == NULL)
        return NULL;
    if (x->atoms) {
        json_t *a = cli_region_atoms_json(x->net, x->dom, x->part, i, &failed);
        if (a == NULL) {
            json_decref(o);
            return NULL;
        }
        x->failed += failed;
        json_object_set_new(o, "atoms", a);
    }
    if (x->lip != NULL) {
        json_t *l = cli_region_lipschitz_json(x->lip, i);
        if (l == NULL) {
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, "lipschitz", l);
    }
    return o;
}

int
cmd_enumerate(int argc, char **argv, int count_only)
{
    enum { OPT_CERTIFY = OPT_LOCAL, OPT_ATOMS, OPT_LIPSCHITZ };
    static const struct option longopts[] = {
        CLI_ENUM_LONGOPTS,
        {"certify", no_argument, NULL, OPT_CERTIFY},
        {"atoms", no_argument, NULL, OPT_ATOMS},
        {"lipschitz", no_argument, NULL, OPT_LIPSCHITZ},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    cli_common c;
    int json = 0, opt, rc = EXIT_BAD_INPUT, handled, atoms = 0, lipschitz = 0;
    rc_lipschitz_info lip;
    extra_ctx xc;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err;
    rc_status st;
    cli_output out;

    cli_common_init(&c);
    rc_lipschitz_info_init(&lip);
    if (count_only)
        c.opts.chebyshev = c.opts.volume = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_CERTIFY: c.opts.exact = c.opts.certify_lp = 1; break;
        case OPT_ATOMS: atoms = !count_only; break;
        case OPT_LIPSCHITZ: lipschitz = !count_only; break;
        case 'h':
            help(stdout, count_only);
            rc = EXIT_OK;
            goto done;
        default:
            help(stderr, count_only);
            goto done;
        }
    }
    if ((json = cli_format_index(&c, formats, count_only ? 1 : 2)) < 0)
        goto done;
    if ((atoms || lipschitz) && !json) {
        cli_error("--atoms and --lipschitz add to the JSON: use --format json");
        goto done;
    }
    if ((rc = cli_load(&net, &dom, &c, argc, argv, optind,
                       count_only ? "count" : "enumerate")) != EXIT_OK)
        goto done;
    if ((st = rc_enumerate(&part, net, dom, &c.opts, &err)) != RC_OK) {
        cli_error("%s", err.msg);
        rc = st == RC_ERR_ARG ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN;
        goto done;
    }
    if (lipschitz && (st = rc_lipschitz_compute(&lip, net, part, NULL, &err)) != RC_OK) {
        cli_error("%s", err.msg);
        rc = EXIT_FAILURE_RUN;
        goto done;
    }
    if (cli_output_open(&out, c.output) != 0) {
        rc = EXIT_FAILURE_RUN;
        goto done;
    }
    if (json) {
        rc_graph *graph = NULL;
        xc.net = net;
        xc.dom = dom;
        xc.part = part;
        xc.lip = lipschitz ? &lip : NULL;
        xc.atoms = atoms;
        xc.failed = 0;
        st = rc_graph_build(&graph, part, &err);
        if (st == RC_OK)
            st = rc_partition_write_json_ext(out.f, part, graph,
                                             atoms || lipschitz ? region_extra : NULL,
                                             &xc, &err);
        if (st == RC_OK && xc.failed > 0)
            cli_error("%zu regions failed the atoms identity check", xc.failed);
        if (st != RC_OK)
            cli_error("%s", err.msg);
        rc_graph_free(graph);
    } else {
        size_t i;
        char *pat = malloc(rc_partition_pattern_length(part)
                           + rc_partition_num_hidden(part) + 2);
        st = pat ? RC_OK : RC_ERR_NOMEM;
        for (i = 0; pat && !count_only && i < rc_partition_num_regions(part); i++)
            write_text_region(out.f, part, i, pat);
        free(pat);
        write_summary(out.f, part);
    }
    rc = cli_output_close(&out, st == RC_OK) || st != RC_OK
         ? EXIT_FAILURE_RUN : EXIT_OK;
    if (rc == EXIT_OK && json && xc.failed > 0)
        rc = EXIT_FAILURE_RUN;
done:
    rc_lipschitz_info_clear(&lip);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
