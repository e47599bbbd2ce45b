/* graph_internal.h -- pieces of the graph export shared with export_json.c;
 * not installed. */
#ifndef RC_GRAPH_INTERNAL_H
#define RC_GRAPH_INTERNAL_H

#include <jansson.h>

#include "relucells/graph.h"

/* Edge i as the JSON object of the "adjacency" and "edges" lists. */
json_t *rc_graph_edge_json(const rc_graph *graph, size_t i);

#endif
