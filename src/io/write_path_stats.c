/* write_path_stats.c -- the statistics of many paths as text or JSON
 * ("relucells-paths" version 1, relucells-path(5)). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/error_internal.h"
#include "io/json_util.h"
#include "relucells/io.h"
#include "relucells/pathstats.h"

static int
write_text(FILE *f, const rc_path_stats *s, const rc_net *net)
{
    size_t l, i, nh = rc_path_stats_num_hidden(s), g = rc_path_stats_grid(s);
    double lo, hi;

    fprintf(f, "paths: %zu  values: %zu\n", rc_path_stats_num_paths(s),
            rc_path_stats_num_values(s));
    fprintf(f, "break points K: mean %.6g  sd %.6g  min %zu  max %zu\n",
            rc_path_stats_k_mean(s), rc_path_stats_k_sd(s),
            rc_path_stats_k_min(s), rc_path_stats_k_max(s));
    fputs("histogram of K:\n", f);
    for (i = 0; i < rc_path_stats_k_bins(s); i++) {
        size_t c = rc_path_stats_k_bin(s, i, &lo, &hi);
        fprintf(f, "  [%g, %g)  %zu\n", lo, hi, c);
    }
    fputs("Kubo et al. (gradients per unit length of input):\n", f);
    fprintf(f, "  gaps %zu  mean %.6g  sigma^2 %.6g\n", rc_path_stats_num_gaps(s),
            rc_path_stats_gap_mean(s), rc_path_stats_gap_sigma2(s));
    fprintf(f, "  gap deviation at the midpoint %.6g  (1/2 sigma sqrt(K) %.6g)\n",
            rc_path_stats_gap_deviation(s), rc_path_stats_gap_deviation_max(s));
    if (isnan(rc_path_stats_deflection(s)))
        fputs("  gradient deflection: defined along segments only\n", f);
    else
        fprintf(f, "  gradient deflection at t = 1/2 %.6g, at the middle node %.6g\n",
                rc_path_stats_deflection(s), rc_path_stats_deflection_node(s));
    for (i = 0; g > 0 && i <= g; i++) {
        double t, d = rc_path_stats_deflection_at(s, i, &t);
        fprintf(f, "    t %-8.4g deflection %.6g\n", t, d);
    }
    fputs("per hidden layer:\n", f);
    fprintf(f, "  %-6s %7s %11s %8s %12s %12s %12s %12s %12s\n", "layer", "width",
            "breakpoints", "share%", "sigma^2", "jump mean", "jump max",
            "transitions", "patterns");
    for (l = 0; l < nh; l++)
        fprintf(f, "  %-6zu %7zu %11zu %8.3f %12.6g %12.6g %12.6g %12.6g %12.6g\n",
                l + 1, rc_net_layer_size(net, l), rc_path_stats_layer_breakpoints(s, l),
                rc_path_stats_layer_share(s, l), rc_path_stats_layer_gap_sigma2(s, l),
                rc_path_stats_layer_jump_mean(s, l), rc_path_stats_layer_jump_max(s, l),
                rc_path_stats_layer_transitions(s, l), rc_path_stats_layer_patterns(s, l));
    if (rc_path_stats_jump_scale(s) != 1.0)
        fprintf(f, "  (jumps divided by their standard deviation %.6g, as Kim & Kim)\n",
                rc_path_stats_jump_scale(s));
    if (rc_path_stats_num_zeros(s) > 0) {
        fprintf(f, "flips near the %zu zeros of the value (Kim & Kim, Table 3):\n",
                rc_path_stats_num_zeros(s));
        for (l = 0; l < nh; l++)
            fprintf(f, "  layer %-4zu %8zu  %7.3f%%\n", l + 1,
                    rc_path_stats_layer_near_zero(s, l),
                    rc_path_stats_layer_near_zero_share(s, l));
    }
    fputs("mean trajectory length (Raghu et al.):\n", f);
    for (l = 0; l <= nh + 1; l++) {
        double len = rc_path_stats_length(s, l), in = rc_path_stats_length(s, 0);
        if (l == 0)
            fprintf(f, "  input   %.6g\n", len);
        else if (l <= nh)
            fprintf(f, "  layer %zu %.6g  (x %.4g)\n", l, len, len / in);
        else
            fprintf(f, "  output  %.6g  (x %.4g)\n", len, len / in);
    }
    if (rc_path_stats_exact_steps(s) > 0)
        fprintf(f, "paths with exact steps: %zu\n", rc_path_stats_exact_steps(s));
    if (rc_path_stats_uncertain(s) > 0)
        fprintf(f, "paths with uncertain decisions: %zu\n", rc_path_stats_uncertain(s));
    return ferror(f);
}

static int
write_json(FILE *f, const rc_path_stats *s, const rc_net *net,
           const char *net_name)
{
    size_t l, i, nh = rc_path_stats_num_hidden(s), g = rc_path_stats_grid(s);
    json_t *hist = json_array(), *grid = json_array(), *layers = json_array();
    json_t *len = json_array(), *k, *kubo, *kim, *raghu, *ls2 = json_array();
    json_t *trans = json_array(), *pats = json_array(), *near = json_array();
    int bad = 0;

    for (i = 0; i < rc_path_stats_k_bins(s); i++) {
        double lo, hi;
        size_t c = rc_path_stats_k_bin(s, i, &lo, &hi);
        json_array_append_new(hist, json_pack("{s:o, s:o, s:I}", "lo", rc_json_num(lo),
                                              "hi", rc_json_num(hi), "count", (json_int_t)c));
    }
    k = json_pack("{s:o, s:o, s:I, s:I, s:o}", "mean", rc_json_num(rc_path_stats_k_mean(s)),
                  "sd", rc_json_num(rc_path_stats_k_sd(s)),
                  "min", (json_int_t)rc_path_stats_k_min(s),
                  "max", (json_int_t)rc_path_stats_k_max(s), "histogram", hist);
    for (i = 0; g > 0 && i <= g; i++) {
        double t, d = rc_path_stats_deflection_at(s, i, &t);
        json_array_append_new(grid, json_pack("{s:o, s:o}", "t", rc_json_num(t),
                                              "deflection", rc_json_num(d)));
    }
    for (l = 0; l < nh; l++) {
        json_array_append_new(ls2, rc_json_num(rc_path_stats_layer_gap_sigma2(s, l)));
        json_array_append_new(layers, json_pack(
            "{s:I, s:I, s:I, s:o, s:o, s:o}", "layer", (json_int_t)l + 1,
            "width", (json_int_t)rc_net_layer_size(net, l),
            "breakpoints", (json_int_t)rc_path_stats_layer_breakpoints(s, l),
            "share", rc_json_num(rc_path_stats_layer_share(s, l)),
            "jump_mean", rc_json_num(rc_path_stats_layer_jump_mean(s, l)),
            "jump_max", rc_json_num(rc_path_stats_layer_jump_max(s, l))));
        json_array_append_new(near, json_pack("{s:I, s:I, s:o}", "layer", (json_int_t)l + 1,
                                              "flips", (json_int_t)rc_path_stats_layer_near_zero(s, l),
                                              "share", rc_json_num(rc_path_stats_layer_near_zero_share(s, l))));
        json_array_append_new(trans, rc_json_num(rc_path_stats_layer_transitions(s, l)));
        json_array_append_new(pats, rc_json_num(rc_path_stats_layer_patterns(s, l)));
    }
    for (l = 0; l <= nh + 1; l++)
        json_array_append_new(len, rc_json_num(rc_path_stats_length(s, l)));
    kubo = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "gaps", (json_int_t)rc_path_stats_num_gaps(s),
                     "gap_mean", rc_json_num(rc_path_stats_gap_mean(s)),
                     "sigma2", rc_json_num(rc_path_stats_gap_sigma2(s)),
                     "gap_deviation", rc_json_num(rc_path_stats_gap_deviation(s)),
                     "gap_deviation_max", rc_json_num(rc_path_stats_gap_deviation_max(s)),
                     "deflection", rc_json_num(rc_path_stats_deflection(s)),
                     "deflection_node", rc_json_num(rc_path_stats_deflection_node(s)),
                     "deflection_grid", grid, "layer_sigma2", ls2);
    kim = json_pack("{s:b, s:o, s:o, s:{s:I, s:o}}", "normalised",
                    rc_path_stats_jump_scale(s) != 1.0,
                    "scale", rc_json_num(rc_path_stats_jump_scale(s)), "layers", layers,
                    "near_zero", "zeros", (json_int_t)rc_path_stats_num_zeros(s),
                    "layers", near);
    raghu = json_pack("{s:o, s:o, s:o}", "transitions", trans, "patterns", pats,
                      "trajectory_length", len);
    bad |= rc_json_member(f, "format", json_string("relucells-paths"), 1);
    bad |= rc_json_member(f, "version", json_integer(1), 0);
    if (net_name != NULL)
        bad |= rc_json_member(f, "network", json_string(net_name), 0);
    bad |= rc_json_member(f, "paths", json_integer((json_int_t)rc_path_stats_num_paths(s)), 0);
    bad |= rc_json_member(f, "values", json_integer((json_int_t)rc_path_stats_num_values(s)), 0);
    bad |= rc_json_member(f, "k", k, 0);
    bad |= rc_json_member(f, "kubo", kubo, 0);
    bad |= rc_json_member(f, "kim", kim, 0);
    bad |= rc_json_member(f, "raghu", raghu, 0);
    bad |= rc_json_member(f, "exact_steps", json_integer((json_int_t)rc_path_stats_exact_steps(s)), 0);
    bad |= rc_json_member(f, "uncertain", json_integer((json_int_t)rc_path_stats_uncertain(s)), 0);
    bad |= fputs("}\n", f) == EOF;
    return bad;
}

rc_status
rc_path_stats_write(FILE *out, const rc_path_stats *stats, const rc_net *net,
                    rc_format format, const char *net_name, rc_error *err)
{
    int bad = format == RC_FORMAT_JSON ? write_json(out, stats, net, net_name)
                                       : write_text(out, stats, net);

    if (bad)
        return rc_error_set(err, RC_ERR_IO, "writing the statistics failed");
    return RC_OK;
}
