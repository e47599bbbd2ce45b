/* layout.c -- the sizes and field offsets of the public structs that the
 * Python package mirrors with ctypes (python/relucells/_lib.py), one line
 * per struct: "NAME SIZE field=OFFSET ...".  tests/python/test_layout.py
 * compares them with the mirrors, so a header change the mirror misses
 * fails make check instead of corrupting memory. */
#include <stddef.h>
#include <stdio.h>

#include "relucells.h"

#define F(type, field) printf(" %s=%zu", #field, offsetof(type, field))
#define BEGIN(type) printf("%s %zu", #type, sizeof(type))
#define END() putchar('\n')

int
main(void)
{
    BEGIN(rc_enum_opts);
    F(rc_enum_opts, arithmetic); F(rc_enum_opts, eps);
    F(rc_enum_opts, lp_margin); F(rc_enum_opts, filter_margin);
    F(rc_enum_opts, max_regions); F(rc_enum_opts, geometry);
    F(rc_enum_opts, chebyshev);
    F(rc_enum_opts, volume); F(rc_enum_opts, certify_lp);
    F(rc_enum_opts, stop); F(rc_enum_opts, threads);
    F(rc_enum_opts, time_limit); F(rc_enum_opts, progress);
    F(rc_enum_opts, progress_user); F(rc_enum_opts, progress_interval);
    F(rc_enum_opts, next_task); F(rc_enum_opts, task_done);
    F(rc_enum_opts, task_user); F(rc_enum_opts, next_part);
    END();
    BEGIN(rc_progress);
    F(rc_progress, regions); F(rc_progress, depth); F(rc_progress, elapsed);
    F(rc_progress, fraction); F(rc_progress, finished);
    END();
    BEGIN(rc_enum_stats);
    F(rc_enum_stats, classifications); F(rc_enum_stats, cuts);
    F(rc_enum_stats, uncertain); F(rc_enum_stats, lp_decisions);
    F(rc_enum_stats, lp_calls); F(rc_enum_stats, exact_signs);
    F(rc_enum_stats, exact_decisions); F(rc_enum_stats, exact_pieces);
    END();
    BEGIN(rc_enum_summary);
    F(rc_enum_summary, num_regions); F(rc_enum_summary, num_hidden);
    F(rc_enum_summary, layer_counts); F(rc_enum_summary, complete);
    F(rc_enum_summary, stop_reason); F(rc_enum_summary, stats);
    F(rc_enum_summary, num_tasks); F(rc_enum_summary, tasks_run);
    F(rc_enum_summary, top_counts); F(rc_enum_summary, top_stats);
    END();
    BEGIN(rc_owner);
    F(rc_owner, kind); F(rc_owner, layer); F(rc_owner, index);
    F(rc_owner, upper); F(rc_owner, cut);
    END();
    BEGIN(rc_domain_spec);
    F(rc_domain_spec, box); F(rc_domain_spec, unbounded);
    F(rc_domain_spec, fix); F(rc_domain_spec, vnnlib);
    F(rc_domain_spec, net_name);
    END();
    BEGIN(rc_edge);
    F(rc_edge, a); F(rc_edge, b); F(rc_edge, facet_a); F(rc_edge, facet_b);
    F(rc_edge, owner); F(rc_edge, num_neurons); F(rc_edge, neurons);
    F(rc_edge, grad_diff); F(rc_edge, norm);
    END();
    BEGIN(rc_jump_stats);
    F(rc_jump_stats, count); F(rc_jump_stats, mean);
    F(rc_jump_stats, median); F(rc_jump_stats, max);
    END();
    BEGIN(rc_boundary_opts);
    F(rc_boundary_opts, kind); F(rc_boundary_opts, argmin);
    F(rc_boundary_opts, output); F(rc_boundary_opts, level);
    F(rc_boundary_opts, level_text); F(rc_boundary_opts, clip_lo);
    F(rc_boundary_opts, clip_hi); F(rc_boundary_opts, eps);
    END();
    BEGIN(rc_boundary_piece);
    F(rc_boundary_piece, region); F(rc_boundary_piece, classes);
    F(rc_boundary_piece, num_points); F(rc_boundary_piece, points);
    END();
    BEGIN(rc_draw_opts);
    F(rc_draw_opts, width); F(rc_draw_opts, height); F(rc_draw_opts, color);
    F(rc_draw_opts, output); F(rc_draw_opts, layers); F(rc_draw_opts, strip);
    F(rc_draw_opts, facets); F(rc_draw_opts, legend);
    F(rc_draw_opts, boundary); F(rc_draw_opts, boundary_opts);
    F(rc_draw_opts, view); F(rc_draw_opts, input_names);
    F(rc_draw_opts, output_names); F(rc_draw_opts, title);
    END();
    BEGIN(rc_lipschitz_opts);
    F(rc_lipschitz_opts, normalised); F(rc_lipschitz_opts, unit_tol);
    F(rc_lipschitz_opts, cert_margin);
    END();
    BEGIN(rc_lipschitz_region);
    F(rc_lipschitz_region, local); F(rc_lipschitz_region, atom_sum);
    F(rc_lipschitz_region, atom_bound); F(rc_lipschitz_region, local_lo);
    F(rc_lipschitz_region, local_hi);
    END();
    BEGIN(rc_lipschitz_info);
    F(rc_lipschitz_info, normalised); F(rc_lipschitz_info, num_regions);
    F(rc_lipschitz_info, regions); F(rc_lipschitz_info, global);
    F(rc_lipschitz_info, argmax); F(rc_lipschitz_info, max_atom_sum);
    F(rc_lipschitz_info, max_atom_bound); F(rc_lipschitz_info, sigma_power);
    F(rc_lipschitz_info, spectral_product); F(rc_lipschitz_info, path_norm);
    F(rc_lipschitz_info, l1_power); F(rc_lipschitz_info, sigma);
    F(rc_lipschitz_info, C); F(rc_lipschitz_info, alpha);
    F(rc_lipschitz_info, beta); F(rc_lipschitz_info, unit_columns);
    F(rc_lipschitz_info, unit_rows); F(rc_lipschitz_info, exact);
    F(rc_lipschitz_info, local_sq_lo); F(rc_lipschitz_info, local_sq_hi);
    F(rc_lipschitz_info, global_lo); F(rc_lipschitz_info, global_hi);
    F(rc_lipschitz_info, global_exact);
    END();
    BEGIN(rc_write_opts);
    F(rc_write_opts, format); F(rc_write_opts, regions);
    F(rc_write_opts, net_name); F(rc_write_opts, atoms);
    F(rc_write_opts, lipschitz); F(rc_write_opts, records);
    END();
    BEGIN(rc_path_opts);
    F(rc_path_opts, arithmetic); F(rc_path_opts, combine);
    F(rc_path_opts, combine_q); F(rc_path_opts, keep_patterns);
    F(rc_path_opts, max_breakpoints); F(rc_path_opts, length_tol);
    F(rc_path_opts, stop);
    END();
    BEGIN(rc_path_flip);
    F(rc_path_flip, layer); F(rc_path_flip, neuron); F(rc_path_flip, to);
    END();
    BEGIN(rc_path_stats_opts);
    F(rc_path_stats_opts, grid); F(rc_path_stats_opts, bins);
    F(rc_path_stats_opts, normalise); F(rc_path_stats_opts, near_zero);
    END();
    BEGIN(rc_paths_opts);
    F(rc_paths_opts, path); F(rc_paths_opts, arc); F(rc_paths_opts, threads);
    F(rc_paths_opts, progress); F(rc_paths_opts, progress_user);
    END();
    BEGIN(rc_path_write_opts);
    F(rc_path_write_opts, format); F(rc_path_write_opts, net_name);
    F(rc_path_write_opts, points); F(rc_path_write_opts, patterns);
    END();
    return 0;
}
