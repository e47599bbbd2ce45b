/* relucells/io.h -- reading networks and writing results.
 *
 * Readers turn files into networks (net.h) and domains; every error is one
 * line naming the file and line.  Writers turn regions into text or JSON
 * (the JSON schema is relucells-json(5)); they stream: a writer takes the
 * regions one at a time, as rc_enumerate_each hands them over, so writing
 * a million regions does not hold them. */
#ifndef RELUCELLS_IO_H
#define RELUCELLS_IO_H

#include <stdio.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/graph.h"
#include "relucells/lipschitz.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- NNet (relucells-nnet(5)) ----------------------------------------- */

/* Read a network in NNet format from path ("-" reads standard input).
 * On success *net is a new network owned by the caller (rc_net_free).
 * On failure *net is NULL and err says "path:line: what is wrong".  Memory
 * grows with what the file holds, not with what it declares. */
rc_status rc_net_load_nnet(rc_net **net, const char *path, rc_error *err);
/* The same from an open stream; name is used in messages only. */
rc_status rc_net_read_nnet(rc_net **net, FILE *in, const char *name,
                           rc_error *err);

/* ---- Regions: text and JSON ------------------------------------------- */

typedef enum rc_format {
    RC_FORMAT_TEXT = 0,
    RC_FORMAT_JSON = 1      /* relucells-json(5), "relucells-partition" v1 */
} rc_format;

/* Options of the region writers; rc_write_opts_init sets every default. */
typedef struct rc_write_opts {
    rc_format format;                 /* RC_FORMAT_TEXT */
    int regions;                      /* write each region (0: only the
                                         summary, as 'count' does); 1 */
    const char *net_name;             /* the network's file, or NULL */
    int atoms;                        /* JSON: each region's atoms; 0 */
    const rc_lipschitz_info *lipschitz; /* JSON: each region's Lipschitz
                                           figures (indexed by id - 1), or
                                           NULL */
} rc_write_opts;

void rc_write_opts_init(rc_write_opts *opts);

typedef struct rc_writer rc_writer;

/* A writer of the regions of net on dom, enumerated in arithmetic arith,
 * to out (which stays the caller's); writes the header at once. */
rc_status rc_writer_new(rc_writer **w, FILE *out, const rc_net *net,
                        const rc_domain *dom, rc_arithmetic arith,
                        const rc_write_opts *opts, rc_error *err);
/* Write one region (in the order they come). */
rc_status rc_writer_region(rc_writer *w, const rc_region *r, rc_error *err);
/* Write the summary (counts, whether complete, decisions) and, with a
 * graph (may be NULL), the adjacency; then the writer is done. */
rc_status rc_writer_finish(rc_writer *w, const rc_enum_summary *summary,
                           const rc_graph *graph, rc_error *err);
void rc_writer_free(rc_writer *w);

/* A whole partition at once. */
rc_status rc_partition_write(FILE *out, const rc_partition *part,
                             const rc_net *net, const rc_domain *dom,
                             const rc_graph *graph, const rc_write_opts *opts,
                             rc_error *err);

/* The owner of a facet as users read it: "neuron 2 5" (layer 2, neuron 5)
 * or "domain 3" (facets of the box numbered 2i-1: x_i >= lo_i, 2i:
 * x_i <= hi_i).  buf needs 48 bytes. */
void rc_owner_string(char *buf, rc_owner owner);

/* A pattern written "0110|10" (bars optional) into bytes, checked against
 * the layer widths of net; pattern needs rc_net_num_neurons bytes. */
rc_status rc_pattern_parse(unsigned char *pattern, const char *text,
                           const rc_net *net, rc_error *err);
/* The pattern as text, one block of 0/1 per hidden layer joined by '|';
 * buf needs rc_net_num_neurons + rc_net_num_hidden bytes. */
void rc_pattern_string(char *buf, const unsigned char *pattern,
                       const rc_net *net);

/* ---- Atoms and Lipschitz reports ---------------------------------------- */

typedef struct rc_report_opts {
    rc_format format;                 /* RC_FORMAT_TEXT */
    const unsigned char *region;      /* only the region of this pattern
                                         (rc_pattern_parse), or NULL */
} rc_report_opts;

void rc_report_opts_init(rc_report_opts *opts);

/* The atoms of every region of part (atoms.h), each with its identity
 * check (exact when the partition is).  *failed counts failed checks; a
 * failed check is still reported. */
rc_status rc_atoms_write(FILE *out, const rc_net *net, const rc_domain *dom,
                         const rc_partition *part, const rc_report_opts *opts,
                         size_t *failed, rc_error *err);
/* Local and global Lipschitz constants and the bounds (lipschitz.h). */
rc_status rc_lipschitz_write(FILE *out, const rc_net *net,
                             const rc_partition *part,
                             const rc_lipschitz_info *info,
                             const rc_report_opts *opts, rc_error *err);

/* The enumerated count after each hidden layer beside the Zaslavsky-
 * product, Montufar and Serra bounds, and the exact count of the first
 * layer's arrangement over R^n (bounds.h).  *failures counts layers above
 * a bound, and, on an unbounded domain, a first layer that differs from
 * Zaslavsky's count: either is a bug of the enumeration. */
rc_status rc_bounds_write(FILE *out, const rc_net *net, const rc_domain *dom,
                          const rc_partition *part, rc_format format,
                          size_t *failures, rc_error *err);

/* ---- The region graph ---------------------------------------------------
 * JSON (the same edge objects as a partition's "adjacency"), Graphviz DOT
 * (in 2D each node at its region's interior point: 'neato -n' draws the
 * graph over the input plane), GraphML, CSV (one edge a line). */
/* The statistics of the gradient jumps per hidden layer (and, with
 * neurons, per neuron) as text. */
rc_status rc_graph_write_text(FILE *out, const rc_graph *graph, int neurons,
                              rc_error *err);
rc_status rc_graph_write_json(FILE *out, const rc_graph *graph, rc_error *err);
rc_status rc_graph_write_dot(FILE *out, const rc_graph *graph, rc_error *err);
rc_status rc_graph_write_graphml(FILE *out, const rc_graph *graph,
                                 rc_error *err);
rc_status rc_graph_write_csv(FILE *out, const rc_graph *graph, rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
