/* relucells/export.h -- writing a partition for other programs. */
#ifndef RELUCELLS_EXPORT_H
#define RELUCELLS_EXPORT_H

#include <stdio.h>

#include "relucells/graph.h"
#include "relucells/partition.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write part as one JSON object: "arithmetic" ("float" or "exact"),
 * "inputs" (the free inputs, numbered from 1),
 * "layer_counts", "num_regions", "stats" and "regions", each region
 * {"pattern", "interior_point", "chebyshev_radius" (null when infinite),
 * "bounded", "volume" (null when unbounded), "output_map": {"A", "c"},
 * "facets": [{"owner": "neuron l j" | "domain k", "a", "b"}], "vertices",
 * "rays", "lines"}.  In exact mode every number of a region is a string
 * "p/q" (or "p"), exact, except "chebyshev_radius" (the Euclidean radius,
 * a double); regions then also have "interior_margin" (see exact.h).
 * With a graph (may be NULL), an "adjacency" list follows: one object per
 * pair of adjacent regions {"a", "b" (patterns), "source", "target"
 * (region numbers from 1), "owner", "neurons" ([layer, neuron] from 1),
 * "grad_diff", "grad_diff_norm", "facet": {"a", "b", "vertices", "rays"}}
 * (see graph.h).  Regions are written one
 * at a time, so the memory used does not grow with the number of regions. */
rc_status rc_partition_write_json(FILE *out, const rc_partition *part,
                                  const rc_graph *graph, rc_error *err);

/* The owner of a facet as users read it: "neuron 2 5" (layer 2, neuron 5)
 * or "domain 3" (facets of the box numbered 2i-1: x_i >= lo_i, 2i:
 * x_i <= hi_i).  buf needs 48 bytes. */
void rc_owner_string(char *buf, rc_owner owner);

#ifdef __cplusplus
}
#endif
#endif
