"""The C library behind relucells: finding it, its functions and structs
(ctypes), and the conversions every module shares.

The library is found, in this order, at
  1. ``$RELUCELLS_LIB``: the path of librelucells.so (or of its folder);
  2. ``.libs/`` of the source tree this package sits in (``python/relucells``
     beside the library built in place), so ``PYTHONPATH=python`` works in a
     build tree;
  3. the libdir that ``make install`` wrote into ``_install.py``;
  4. ``ctypes.util.find_library("relucells")``.

Opaque objects (networks, domains, partitions, graphs ...) are ``c_void_p``;
the few public structs the binding fills or reads (options, summaries,
edges) are mirrored below field for field, in the order of the headers.
``tests/python/layout.c`` prints the C layouts and the tests compare them,
so a header change that the mirror misses fails ``make check``.  Errors
travel in a heap ``rc_error`` (``rc_error_new``), exact numbers as text
(``rc_q_array_get_text``): the binding copies neither rc_error's nor GMP's
layout.
"""

import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, byref, c_char_p, c_double,
                    c_int, c_size_t, c_ubyte, c_uint, c_uint32, c_uint64,
                    c_ulong, c_void_p)
from fractions import Fraction

from .errors import error_for

LIB_ENV = "RELUCELLS_LIB"


# ---- Finding the library ---------------------------------------------------

def _candidates():
    """Paths to try, best first, and whether a failure is final."""
    env = os.environ.get(LIB_ENV)
    if env:
        if os.path.isdir(env):
            env = os.path.join(env, "librelucells.so")
        yield env, True
        return
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(os.path.dirname(here))
    for name in ("librelucells.so", "librelucells.dylib"):
        path = os.path.join(top, ".libs", name)
        if os.path.exists(path):
            yield path, False
    try:
        from . import _install
    except ImportError:
        pass
    else:
        yield os.path.join(_install.libdir, _install.dlname), False
    found = ctypes.util.find_library("relucells")
    if found:
        yield found, False


def _load():
    tried = []
    for path, final in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            if final:
                raise ImportError("relucells: %s=%s cannot be loaded: %s"
                                  % (LIB_ENV, path, e)) from None
            tried.append("%s (%s)" % (path, e))
    raise ImportError(
        "relucells: librelucells not found%s; build it (make) and set %s to "
        "the path of .libs/librelucells.so, or install it (make install)"
        % ((" (tried " + "; ".join(tried) + ")") if tried else "", LIB_ENV))


lib, LIB_PATH = _load()


# ---- Structs (relucells/*.h) -------------------------------------------------

class Progress(Structure):
    """rc_progress (enumerate.h)."""
    _fields_ = [("regions", c_size_t), ("depth", c_size_t),
                ("elapsed", c_double), ("fraction", c_double),
                ("finished", c_int)]


PROGRESS_FN = CFUNCTYPE(None, c_void_p, POINTER(Progress))


class EnumOpts(Structure):
    """rc_enum_opts (enumerate.h)."""
    _fields_ = [("arithmetic", c_int), ("eps", c_double),
                ("lp_margin", c_double), ("filter_margin", c_double),
                ("max_regions", c_size_t), ("geometry", c_int),
                ("chebyshev", c_int), ("volume", c_int),
                ("certify_lp", c_int), ("stop", POINTER(c_int)),
                ("threads", c_int), ("time_limit", c_double),
                ("progress", PROGRESS_FN), ("progress_user", c_void_p),
                ("progress_interval", c_double),
                ("next_task", c_void_p), ("task_done", c_void_p),
                ("task_user", c_void_p), ("next_part", c_void_p)]


class EnumStats(Structure):
    """rc_enum_stats (enumerate.h)."""
    _fields_ = [(name, c_size_t) for name in (
        "classifications", "cuts", "uncertain", "lp_decisions", "lp_calls",
        "exact_signs", "exact_decisions", "exact_pieces")]


class EnumSummary(Structure):
    """rc_enum_summary (enumerate.h)."""
    _fields_ = [("num_regions", c_size_t), ("num_hidden", c_size_t),
                ("layer_counts", POINTER(c_size_t)), ("complete", c_int),
                ("stop_reason", c_int), ("stats", EnumStats),
                ("num_tasks", c_size_t), ("tasks_run", c_size_t),
                ("top_counts", POINTER(c_size_t)), ("top_stats", EnumStats)]


class Owner_(Structure):
    """rc_owner (region.h)."""
    _fields_ = [("kind", c_int), ("layer", c_uint), ("index", c_uint),
                ("upper", c_uint), ("cut", c_ulong)]


class DomainSpec(Structure):
    """rc_domain_spec (domain.h)."""
    _fields_ = [("box", c_char_p), ("unbounded", c_int), ("fix", c_char_p),
                ("vnnlib", c_char_p), ("net_name", c_char_p)]


class Edge(Structure):
    """rc_edge (graph.h)."""
    _fields_ = [("a", c_size_t), ("b", c_size_t), ("facet_a", c_size_t),
                ("facet_b", c_size_t), ("owner", Owner_),
                ("num_neurons", c_size_t), ("neurons", POINTER(c_uint)),
                ("grad_diff", POINTER(c_double)), ("norm", c_double)]


class JumpStats(Structure):
    """rc_jump_stats (graph.h)."""
    _fields_ = [("count", c_size_t), ("mean", c_double),
                ("median", c_double), ("max", c_double)]


class BoundaryOpts(Structure):
    """rc_boundary_opts (boundary.h)."""
    _fields_ = [("kind", c_int), ("argmin", c_int), ("output", c_size_t),
                ("level", c_double), ("level_text", c_char_p),
                ("clip_lo", POINTER(c_double)), ("clip_hi", POINTER(c_double)),
                ("eps", c_double)]


class BoundaryPiece(Structure):
    """rc_boundary_piece (boundary.h)."""
    _fields_ = [("region", c_size_t), ("classes", c_uint * 2),
                ("num_points", c_size_t), ("points", POINTER(c_double))]


class DrawOpts(Structure):
    """rc_draw_opts (draw.h)."""
    _fields_ = [("width", c_uint), ("height", c_uint), ("color", c_int),
                ("output", c_size_t), ("layers", c_size_t), ("strip", c_int),
                ("facets", c_int), ("legend", c_int), ("boundary", c_int),
                ("boundary_opts", BoundaryOpts), ("view", POINTER(c_double)),
                ("input_names", POINTER(c_char_p)),
                ("output_names", POINTER(c_char_p)), ("title", c_char_p)]


class LipschitzOpts(Structure):
    """rc_lipschitz_opts (lipschitz.h)."""
    _fields_ = [("normalised", c_int), ("unit_tol", c_double),
                ("cert_margin", c_double)]


class LipschitzRegion(Structure):
    """rc_lipschitz_region (lipschitz.h)."""
    _fields_ = [("local", c_double), ("atom_sum", c_double),
                ("atom_bound", c_double), ("local_lo", c_double),
                ("local_hi", c_double)]


class LipschitzInfo(Structure):
    """rc_lipschitz_info (lipschitz.h)."""
    _fields_ = [("normalised", c_int), ("num_regions", c_size_t),
                ("regions", POINTER(LipschitzRegion)), ("global_", c_double),
                ("argmax", c_size_t), ("max_atom_sum", c_double),
                ("max_atom_bound", c_double), ("sigma_power", c_double),
                ("spectral_product", c_double), ("path_norm", c_double),
                ("l1_power", c_double), ("sigma", c_double), ("C", c_double),
                ("alpha", c_double), ("beta", c_double),
                ("unit_columns", c_int), ("unit_rows", c_int),
                ("exact", c_int), ("local_sq_lo", c_void_p),
                ("local_sq_hi", c_void_p), ("global_lo", c_double),
                ("global_hi", c_double), ("global_exact", c_int)]


class WriteOpts(Structure):
    """rc_write_opts (io.h)."""
    _fields_ = [("format", c_int), ("regions", c_int), ("net_name", c_char_p),
                ("atoms", c_int), ("lipschitz", c_void_p),
                ("records", c_int)]


class PathOpts(Structure):
    """rc_path_opts (path.h)."""
    _fields_ = [("arithmetic", c_int), ("combine", POINTER(c_double)),
                ("combine_q", c_void_p), ("keep_patterns", c_int),
                ("max_breakpoints", c_size_t), ("length_tol", c_double),
                ("stop", POINTER(c_int))]


class PathFlip(Structure):
    """rc_path_flip (path.h), returned by value."""
    _fields_ = [("layer", c_uint), ("neuron", c_uint), ("to", c_int)]


class PathStatsOpts(Structure):
    """rc_path_stats_opts (pathstats.h)."""
    _fields_ = [("grid", c_size_t), ("bins", c_size_t), ("normalise", c_int),
                ("near_zero", c_double)]


# The progress of rc_paths_run: (user, done, total, breakpoints).
PATHS_PROGRESS_FN = CFUNCTYPE(None, c_void_p, c_size_t, c_size_t, c_size_t)


class PathsOpts(Structure):
    """rc_paths_opts (pathstats.h)."""
    _fields_ = [("path", PathOpts), ("arc", c_double), ("threads", c_size_t),
                ("progress", PATHS_PROGRESS_FN), ("progress_user", c_void_p)]


class PathWriteOpts(Structure):
    """rc_path_write_opts (io.h)."""
    _fields_ = [("format", c_int), ("net_name", c_char_p), ("points", c_int),
                ("patterns", c_int)]


# The C names of the mirrored structs, for the layout test.
STRUCTS = {
    "rc_enum_opts": EnumOpts, "rc_enum_stats": EnumStats,
    "rc_progress": Progress,
    "rc_enum_summary": EnumSummary, "rc_owner": Owner_,
    "rc_domain_spec": DomainSpec, "rc_edge": Edge, "rc_jump_stats": JumpStats,
    "rc_boundary_opts": BoundaryOpts, "rc_boundary_piece": BoundaryPiece,
    "rc_draw_opts": DrawOpts, "rc_lipschitz_opts": LipschitzOpts,
    "rc_lipschitz_region": LipschitzRegion, "rc_lipschitz_info": LipschitzInfo,
    "rc_write_opts": WriteOpts, "rc_path_opts": PathOpts,
    "rc_path_flip": PathFlip, "rc_path_stats_opts": PathStatsOpts,
    "rc_paths_opts": PathsOpts, "rc_path_write_opts": PathWriteOpts,
}

# A sink of rc_enumerate_each: int (*)(void *user, const rc_region *r).
REGION_FN = CFUNCTYPE(c_int, c_void_p, c_void_p)

# Enumerations of the headers.
RC_ARITH_FILTERED, RC_ARITH_FLOAT, RC_ARITH_EXACT = 0, 1, 2
RC_OWNER_DOMAIN, RC_OWNER_NEURON = 0, 1
RC_NET_AUTO, RC_NET_NNET, RC_NET_ONNX = 0, 1, 2
RC_FORMAT_TEXT, RC_FORMAT_JSON = 0, 1
RC_BOUNDARY_CLASSES, RC_BOUNDARY_LEVEL = 0, 1
RC_PATH_SEGMENT, RC_PATH_POLYLINE, RC_PATH_ARC = 0, 1, 2
RC_PATH_TEXT, RC_PATH_JSON, RC_PATH_CSV = 0, 1, 2
RC_PAIRS_RANDOM, RC_PAIRS_ALL, RC_PAIRS_CONSECUTIVE = 0, 1, 2
NONE = ctypes.c_size_t(-1).value        # (size_t)-1: "no such region"


# ---- Function prototypes -----------------------------------------------------

P = c_void_p
pP = POINTER(c_void_p)
pD = POINTER(c_double)
pZ = POINTER(c_size_t)
pB = POINTER(c_ubyte)
S = c_size_t

_PROTOTYPES = {
    # status.h
    "rc_error_new": (P, []), "rc_error_free": (None, [P]),
    "rc_error_status": (c_int, [P]), "rc_error_message": (c_char_p, [P]),
    # rational.h
    "rc_q_get_text": (P, [P]), "rc_q_array_get_text": (P, [P, S]),
    "rc_text_free": (None, [P]),
    "rc_q_array_new_text": (c_int, [pP, c_char_p, S, P]),
    "rc_q_array_free": (None, [P, S]),
    "rc_net_weights_q": (P, [P, S]), "rc_net_biases_q": (P, [P, S]),
    "rc_net_input_min_q": (P, [P, S]), "rc_net_input_max_q": (P, [P, S]),
    "rc_domain_lo_q": (P, [P, S]), "rc_domain_hi_q": (P, [P, S]),
    # net.h
    "rc_net_new": (c_int, [pP, S, pZ, P]), "rc_net_free": (None, [P]),
    "rc_net_num_layers": (S, [P]), "rc_net_num_hidden": (S, [P]),
    "rc_net_num_inputs": (S, [P]), "rc_net_num_outputs": (S, [P]),
    "rc_net_layer_size": (S, [P, S]), "rc_net_num_params": (S, [P]),
    "rc_net_num_neurons": (S, [P]),
    "rc_net_weights": (pD, [P, S]), "rc_net_biases": (pD, [P, S]),
    "rc_net_set_weight": (c_int, [P, S, S, S, c_double]),
    "rc_net_set_bias": (c_int, [P, S, S, c_double]),
    "rc_net_input_min": (pD, [P]), "rc_net_input_max": (pD, [P]),
    "rc_net_input_mean": (pD, [P]), "rc_net_input_range": (pD, [P]),
    "rc_net_output_mean": (c_double, [P]), "rc_net_output_range": (c_double, [P]),
    "rc_net_set_input_bounds": (c_int, [P, pD, pD, P]),
    "rc_net_has_input_bounds": (c_int, [P]),
    "rc_net_source_info": (c_char_p, [P]),
    "rc_net_eval": (c_int, [P, pD, pB, pD]),
    # io.h
    "rc_net_load": (c_int, [pP, c_char_p, c_int, P]),
    "rc_net_read_onnx": (c_int, [pP, c_char_p, S, c_char_p, P]),
    "rc_net_write_nnet": (c_int, [P, c_char_p, P]),
    "rc_net_write_onnx": (c_int, [P, c_char_p, pZ, P]),
    "rc_pattern_parse": (c_int, [pB, c_char_p, P, P]),
    "rc_pattern_string": (None, [c_char_p, pB, P]),
    "rc_owner_string": (None, [c_char_p, Owner_]),
    "rc_write_opts_init": (None, [POINTER(WriteOpts)]),
    "rc_partition_write": (c_int, [P, P, P, P, P, POINTER(WriteOpts), P]),
    "rc_bounds_write": (c_int, [P, P, P, P, c_int, pZ, P]),
    # domain.h
    "rc_domain_spec_init": (None, [POINTER(DomainSpec)]),
    "rc_domain_from_spec": (c_int, [pP, P, POINTER(DomainSpec), P]),
    "rc_domain_free": (None, [P]),
    "rc_domain_num_inputs": (S, [P]), "rc_domain_dim": (S, [P]),
    "rc_domain_free_input": (S, [P, S]), "rc_domain_is_bounded": (c_int, [P]),
    "rc_domain_is_fixed": (c_int, [P, S]),
    "rc_domain_fixed_value": (c_double, [P, S]),
    "rc_domain_lo": (c_double, [P, S]), "rc_domain_hi": (c_double, [P, S]),
    # enumerate.h, partition.h
    "rc_enum_opts_init": (None, [POINTER(EnumOpts)]),
    "rc_enum_summary_init": (None, [POINTER(EnumSummary)]),
    "rc_enum_summary_clear": (None, [POINTER(EnumSummary)]),
    "rc_enumerate_each": (c_int, [P, P, POINTER(EnumOpts), REGION_FN, P,
                                  POINTER(EnumSummary), P]),
    "rc_enumerate": (c_int, [pP, P, P, POINTER(EnumOpts), P]),
    "rc_partition_free": (None, [P]),
    "rc_partition_num_regions": (S, [P]), "rc_partition_region": (P, [P, S]),
    "rc_partition_dim": (S, [P]), "rc_partition_free_input": (S, [P, S]),
    "rc_partition_num_outputs": (S, [P]), "rc_partition_num_hidden": (S, [P]),
    "rc_partition_hidden_size": (S, [P, S]),
    "rc_partition_layer_count": (S, [P, S]),
    "rc_partition_pattern_length": (S, [P]),
    "rc_partition_stats": (POINTER(EnumStats), [P]),
    "rc_partition_is_complete": (c_int, [P]),
    "rc_partition_is_exact": (c_int, [P]),
    "rc_partition_find": (S, [P, pB]),
    "rc_partition_locate": (S, [P, pD, c_double]),
    # region.h
    "rc_region_id": (S, [P]), "rc_region_pattern": (pB, [P]),
    "rc_region_interior_point": (pD, [P]),
    "rc_region_chebyshev_radius": (c_double, [P]),
    "rc_region_is_bounded": (c_int, [P]), "rc_region_volume": (c_double, [P]),
    "rc_region_num_facets": (S, [P]),
    "rc_region_facet": (pD, [P, S, pD, POINTER(Owner_)]),
    "rc_region_num_vertices": (S, [P]), "rc_region_vertex": (pD, [P, S]),
    "rc_region_num_rays": (S, [P]), "rc_region_ray": (pD, [P, S]),
    "rc_region_num_lines": (S, [P]), "rc_region_line": (pD, [P, S]),
    "rc_region_facet_has_generator": (c_int, [P, S, S]),
    "rc_region_output_A": (pD, [P]), "rc_region_output_c": (pD, [P]),
    "rc_region_polygon": (c_int, [pZ, pZ, P]),
    "rc_region_facet_polygon": (c_int, [pZ, pZ, P, S]),
    "rc_region_is_exact": (c_int, [P]),
    "rc_region_facet_q": (P, [P, S, pP]),
    "rc_region_vertex_q": (P, [P, S]), "rc_region_ray_q": (P, [P, S]),
    "rc_region_line_q": (P, [P, S]),
    "rc_region_output_A_q": (P, [P]), "rc_region_output_c_q": (P, [P]),
    "rc_region_volume_q": (P, [P]),
    "rc_region_interior_point_q": (P, [P]),
    "rc_region_interior_margin_q": (P, [P]),
    # graph.h
    "rc_graph_build": (c_int, [pP, P, P]), "rc_graph_free": (None, [P]),
    "rc_graph_num_edges": (S, [P]), "rc_graph_edge": (POINTER(Edge), [P, S]),
    "rc_graph_unmatched": (S, [P]),
    "rc_graph_edge_grad_diff_q": (P, [P, S]),
    "rc_graph_edge_norm2_q": (P, [P, S]),
    "rc_graph_layer_stats": (POINTER(JumpStats), [P]),
    "rc_graph_neuron_stats": (POINTER(JumpStats), [P]),
    "rc_graph_is_connected": (c_int, [P]),
    # atoms.h
    "rc_atoms_new": (c_int, [pP, P, pB, P]),
    "rc_atoms_new_q": (c_int, [pP, P, pB, P]),
    "rc_atoms_free": (None, [P]),
    "rc_atoms_num_inputs": (S, [P]), "rc_atoms_num_outputs": (S, [P]),
    "rc_atoms_num_first": (S, [P]), "rc_atoms_first": (pZ, [P]),
    "rc_atoms_num_last": (S, [P]), "rc_atoms_last": (pZ, [P]),
    "rc_atoms_coefficients": (pD, [P]),
    "rc_atoms_path_counts": (POINTER(c_uint64), [P]),
    "rc_atoms_counts_saturated": (c_int, [P]),
    "rc_atoms_out_vector": (pD, [P, S]), "rc_atoms_in_vector": (pD, [P, S]),
    "rc_atoms_offset": (pD, [P]),
    "rc_atoms_linear_part": (None, [pD, P]),
    "rc_atoms_check": (c_int, [pD, pD, P, P, P, P, c_double, P]),
    "rc_atoms_is_exact": (c_int, [P]),
    "rc_atoms_coefficients_q": (P, [P]),
    "rc_atoms_out_vector_q": (P, [P, S]), "rc_atoms_in_vector_q": (P, [P, S]),
    "rc_atoms_offset_q": (P, [P]),
    "rc_atoms_check_q": (c_int, [POINTER(c_int), POINTER(c_int), P, P, P, P, P]),
    # lipschitz.h
    "rc_lipschitz_opts_init": (None, [POINTER(LipschitzOpts)]),
    "rc_lipschitz_info_init": (None, [POINTER(LipschitzInfo)]),
    "rc_lipschitz_info_clear": (None, [POINTER(LipschitzInfo)]),
    "rc_lipschitz_compute": (c_int, [POINTER(LipschitzInfo), P, P,
                                     POINTER(LipschitzOpts), P]),
    # boundary.h, draw.h
    "rc_boundary_opts_init": (None, [POINTER(BoundaryOpts)]),
    "rc_boundary_new": (c_int, [pP, P, POINTER(BoundaryOpts), P]),
    "rc_boundary_free": (None, [P]),
    "rc_boundary_num_pieces": (S, [P]),
    "rc_boundary_get_piece": (POINTER(BoundaryPiece), [P, S]),
    "rc_boundary_piece_q": (P, [P, S]), "rc_boundary_dim": (S, [P]),
    "rc_boundary_is_exact": (c_int, [P]),
    "rc_boundary_num_tied": (S, [P]),
    "rc_draw_opts_init": (None, [POINTER(DrawOpts)]),
    "rc_partition_draw": (c_int, [c_char_p, P, P, POINTER(DrawOpts), P]),
    "rc_draw_region_colors": (c_int, [POINTER(c_uint32), P, P,
                                      POINTER(DrawOpts), P]),
    # path.h
    "rc_path_opts_init": (None, [POINTER(PathOpts)]),
    "rc_path_segment": (c_int, [pP, P, pD, pD, POINTER(PathOpts), P]),
    "rc_path_segment_q": (c_int, [pP, P, P, P, POINTER(PathOpts), P]),
    "rc_path_polyline": (c_int, [pP, P, pD, S, POINTER(PathOpts), P]),
    "rc_path_polyline_q": (c_int, [pP, P, P, S, POINTER(PathOpts), P]),
    "rc_path_arc": (c_int, [pP, P, pD, pD, c_double, POINTER(PathOpts), P]),
    "rc_path_arc_q": (c_int, [pP, P, P, P, c_double, POINTER(PathOpts), P]),
    "rc_path_free": (None, [P]),
    "rc_path_get_kind": (c_int, [P]), "rc_path_arithmetic": (c_int, [P]),
    "rc_path_combination": (pD, [P]), "rc_path_complete": (c_int, [P]),
    "rc_path_is_exact": (c_int, [P]), "rc_path_t_end": (c_double, [P]),
    "rc_path_num_inputs": (S, [P]), "rc_path_num_values": (S, [P]),
    "rc_path_num_hidden": (S, [P]), "rc_path_num_legs": (S, [P]),
    "rc_path_leg_norm": (c_double, [P, S]),
    "rc_path_point": (c_int, [pD, P, c_double]),
    "rc_path_value": (c_int, [pD, P, c_double]),
    "rc_path_num_uncertain": (S, [P]), "rc_path_num_exact_steps": (S, [P]),
    "rc_path_num_breakpoints": (S, [P]),
    "rc_path_breakpoint_t": (c_double, [P, S]),
    "rc_path_breakpoint_num_flips": (S, [P, S]),
    "rc_path_breakpoint_flip": (PathFlip, [P, S, S]),
    "rc_path_breakpoint_layer": (c_uint, [P, S]),
    "rc_path_breakpoint_value": (pD, [P, S]),
    "rc_path_breakpoint_gap": (pD, [P, S]),
    "rc_path_breakpoint_piece": (S, [P, S]),
    "rc_path_num_pieces": (S, [P]),
    "rc_path_piece_t0": (c_double, [P, S]), "rc_path_piece_t1": (c_double, [P, S]),
    "rc_path_piece_leg": (S, [P, S]), "rc_path_piece_pattern": (pB, [P, S]),
    "rc_path_piece_slope_t": (pD, [P, S]), "rc_path_piece_slope": (pD, [P, S]),
    "rc_path_piece_map": (pD, [P, S]),
    "rc_path_layer_transitions": (S, [P, S]),
    "rc_path_layer_patterns": (S, [P, S]), "rc_path_num_patterns": (S, [P]),
    "rc_path_length": (c_double, [P, S, pD]),
    "rc_path_breakpoint_t_q": (P, [P, S]),
    "rc_path_breakpoint_value_q": (P, [P, S]),
    "rc_path_breakpoint_point_q": (c_int, [P, P, S]),
    "rc_path_piece_t0_q": (P, [P, S]), "rc_path_piece_t1_q": (P, [P, S]),
    "rc_path_piece_slope_t_q": (P, [P, S]), "rc_path_leg_norm2_q": (P, [P, S]),
    "rc_path_piece_map_q": (P, [P, S]),
    "rc_path_write_opts_init": (None, [POINTER(PathWriteOpts)]),
    "rc_path_write": (c_int, [P, P, P, POINTER(PathWriteOpts), P]),
    # pathstats.h
    "rc_path_stats_opts_init": (None, [POINTER(PathStatsOpts)]),
    "rc_path_stats_new": (c_int, [pP, P, S, POINTER(PathStatsOpts), P]),
    "rc_path_stats_free": (None, [P]),
    "rc_path_stats_add": (c_int, [P, P, P]),
    "rc_path_stats_num_paths": (S, [P]), "rc_path_stats_num_hidden": (S, [P]),
    "rc_path_stats_num_values": (S, [P]),
    "rc_path_stats_exact_steps": (S, [P]), "rc_path_stats_uncertain": (S, [P]),
    "rc_path_stats_k_mean": (c_double, [P]), "rc_path_stats_k_sd": (c_double, [P]),
    "rc_path_stats_k_min": (S, [P]), "rc_path_stats_k_max": (S, [P]),
    "rc_path_stats_k_bins": (S, [P]),
    "rc_path_stats_k_bin": (S, [P, S, pD, pD]),
    "rc_path_stats_num_gaps": (S, [P]),
    "rc_path_stats_gap_mean": (c_double, [P]),
    "rc_path_stats_gap_sigma2": (c_double, [P]),
    "rc_path_stats_gap_deviation": (c_double, [P]),
    "rc_path_stats_gap_deviation_max": (c_double, [P]),
    "rc_path_stats_deflection": (c_double, [P]),
    "rc_path_stats_deflection_node": (c_double, [P]),
    "rc_path_stats_grid": (S, [P]),
    "rc_path_stats_deflection_at": (c_double, [P, S, pD]),
    "rc_path_stats_layer_breakpoints": (S, [P, S]),
    "rc_path_stats_layer_share": (c_double, [P, S]),
    "rc_path_stats_layer_gap_sigma2": (c_double, [P, S]),
    "rc_path_stats_layer_jump_mean": (c_double, [P, S]),
    "rc_path_stats_layer_jump_max": (c_double, [P, S]),
    "rc_path_stats_layer_transitions": (c_double, [P, S]),
    "rc_path_stats_layer_patterns": (c_double, [P, S]),
    "rc_path_stats_layer_near_zero": (S, [P, S]),
    "rc_path_stats_layer_near_zero_share": (c_double, [P, S]),
    "rc_path_stats_num_zeros": (S, [P]),
    "rc_path_stats_jump_scale": (c_double, [P]),
    "rc_path_stats_length": (c_double, [P, S]),
    "rc_pairs_make": (c_int, [POINTER(pZ), pZ, c_int, S, S, c_ulong, P]),
    "rc_paths_opts_init": (None, [POINTER(PathsOpts)]),
    "rc_paths_run": (c_int, [P, P, pD, P, S, pZ, S, POINTER(PathsOpts), P]),
    "rc_path_stats_write": (c_int, [P, P, P, c_int, c_char_p, P]),
}


def _declare():
    missing = []
    for name, (restype, argtypes) in _PROTOTYPES.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    if missing:
        raise ImportError("relucells: %s is older than this package: it lacks "
                          "%s" % (LIB_PATH, ", ".join(missing)))


_declare()


# ---- Errors --------------------------------------------------------------------

def call(fn, *args):
    """Call fn(*args, err) with a fresh rc_error; raise on a failing status."""
    err = lib.rc_error_new()
    if not err:
        raise MemoryError("relucells: cannot allocate an rc_error")
    try:
        status = fn(*args, err)
        if status != 0:
            raise error_for(status, message(err))
    finally:
        lib.rc_error_free(err)


def message(err):
    """The message of an rc_error, as str."""
    return lib.rc_error_message(err).decode("utf-8", "replace")


def encode(text):
    """A str or path as bytes for the library (the file system encoding)."""
    if text is None:
        return None
    return os.fsencode(text)


# ---- Numbers -------------------------------------------------------------------

_np = None


def np():
    """numpy, imported on first use: ``import relucells`` does not need it,
    the arrays do."""
    global _np
    if _np is None:
        try:
            import numpy
        except ImportError:
            raise ImportError("relucells: this needs numpy (Debian: "
                              "python3-numpy)") from None
        _np = numpy
    return _np


def doubles(ptr, *shape):
    """A float64 numpy array copied from shape[0] x shape[1] ... doubles."""
    numpy = np()
    count = 1
    for s in shape:
        count *= s
    if count == 0 or not ptr:
        return numpy.zeros(shape)
    return numpy.ctypeslib.as_array(ptr, shape=(count,)).reshape(shape).copy()


def q_texts(ptr, n):
    """n rationals laid out from ptr, as a list of Fraction."""
    if n == 0:
        return []
    text = lib.rc_q_array_get_text(ptr, n)
    if not text:
        raise MemoryError("relucells: out of memory")
    try:
        return [Fraction(t) for t in ctypes.string_at(text).decode().split()]
    finally:
        lib.rc_text_free(text)


def fractions(ptr, *shape):
    """A numpy object array of Fraction from rationals at ptr."""
    numpy = np()
    count = 1
    for s in shape:
        count *= s
    out = numpy.empty(count, dtype=object)
    out[:] = q_texts(ptr, count)
    return out.reshape(shape)


def fraction(ptr):
    """One rational at ptr as a Fraction (None for NULL)."""
    return q_texts(ptr, 1)[0] if ptr else None


def double_array(values):
    """A ctypes array of doubles from a sequence of numbers."""
    values = [float(v) for v in values]
    return (c_double * max(len(values), 1))(*values)


def number_text(v):
    """A number as the library reads it exactly (rc_q_set_text): an int as
    its digits, a Fraction as p/q, a float by its shortest repr (0.1 is
    read as 1/10, as on the command line; pass Fraction(x) for the exact
    value of the double x), a numpy scalar likewise, a str as it is."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        raise TypeError("relucells: %r is not a number" % (v,))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Fraction):
        return "%d/%d" % (v.numerator, v.denominator)
    if hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu":
        return str(int(v))
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise TypeError("relucells: %r is not a number" % (v,)) from None
    if f != f or f in (float("inf"), float("-inf")):
        from .errors import ArgumentError
        raise ArgumentError("%r is not a finite number" % (v,))
    return repr(f)


# ---- Memory streams: the library's writers into a Python string ---------------

_libc = None


def _get_libc():
    global _libc
    if _libc is None:
        name = ctypes.util.find_library("c")
        libc = ctypes.CDLL(name) if name else ctypes.CDLL(None)
        libc.open_memstream.restype = c_void_p
        libc.open_memstream.argtypes = [POINTER(c_void_p), POINTER(c_size_t)]
        libc.fclose.restype = c_int
        libc.fclose.argtypes = [c_void_p]
        libc.free.restype = None
        libc.free.argtypes = [c_void_p]
        _libc = libc
    return _libc


def write_to_string(write):
    """Run write(FILE *) on a memory stream (POSIX open_memstream) and
    return what it wrote, as str.  write raises on failure."""
    libc = _get_libc()
    buf, size = c_void_p(), c_size_t()
    f = libc.open_memstream(byref(buf), byref(size))
    if not f:
        raise MemoryError("relucells: cannot open a memory stream")
    try:
        write(f)
    finally:
        libc.fclose(f)
        try:
            text = ctypes.string_at(buf, size.value) if buf else b""
        finally:
            libc.free(buf)
    return text.decode("utf-8", "replace")
