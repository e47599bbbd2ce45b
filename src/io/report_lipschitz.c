/* report_lipschitz.c -- Lipschitz constants of regions and their bounds,
 * as text or JSON (lipschitz.h computes them). */
#include <gmp.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/json_util.h"
#include "io/report.h"
#include "relucells/io.h"
#include "relucells/lipschitz.h"

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
rc_report_lipschitz_json(const rc_lipschitz_info *info, size_t r)
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

rc_status
rc_lipschitz_write(FILE *f, const rc_net *net, const rc_partition *part,
                   const rc_lipschitz_info *info, const rc_report_opts *o,
                   rc_error *err)
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
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    if (R > 0)
        rc_pattern_string(gpat, rc_region_pattern(rc_partition_region(part, info->argmax)), net);
    if (o->format == RC_FORMAT_JSON) {
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
        bad |= rc_json_member(f, "format", json_string("relucells-lipschitz"), 1);
        bad |= rc_json_member(f, "version", json_integer(1), 0);
        bad |= rc_json_member(f, "coordinates", json_string(info->normalised ? "normalised" : "raw"), 0);
        bad |= rc_json_member(f, "arithmetic", json_string(info->exact ? "exact" : "float"), 0);
        bad |= rc_json_member(f, "inputs", rc_report_free_inputs(part), 0);
        bad |= rc_json_member(f, "num_regions", json_integer((json_int_t)R), 0);
        bad |= rc_json_member(f, "normalisation", norm, 0);
        bad |= rc_json_member(f, "global", glob, 0);
        bad |= fputs(",\n\"regions\": [", f) == EOF;
        for (r = 0; r < R && !bad; r++) {
            json_t *x = rc_report_lipschitz_json(info, r);
            rc_pattern_string(pattern, rc_region_pattern(rc_partition_region(part, r)), net);
            if (x != NULL) {
                json_object_set_new(x, "id", json_integer((json_int_t)r + 1));
                json_object_set_new(x, "pattern", json_string(pattern));
            }
            bad |= rc_report_put(f, x, r == 0);
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
            rc_pattern_string(pattern, rc_region_pattern(rc_partition_region(part, r)), net);
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
    if (bad || ferror(f))
        return rc_error_set(err, RC_ERR_IO, "cannot write the output");
    return RC_OK;
}

