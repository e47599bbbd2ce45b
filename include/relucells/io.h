/* relucells/io.h -- reading networks and writing results.
 *
 * Readers turn files into networks (net.h) and domains; every error is one
 * line naming the file and line.  Writers turn regions into text or JSON
 * (the JSON schema is relucells-json(5)); they stream: a writer takes the
 * regions one at a time, as rc_enumerate_each hands them over, so writing
 * a million regions does not hold them. */
#ifndef RELUCELLS_IO_H
#define RELUCELLS_IO_H

#include <gmp.h>
#include <stddef.h>
#include <stdio.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/graph.h"
#include "relucells/lipschitz.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/path.h"
#include "relucells/pathstats.h"
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

/* ---- ONNX, VNN-LIB, and any format -------------------------------------
 *
 * An ONNX network is read exactly as deployed: every float32, float64 and
 * float16 number of the file is a dyadic rational, and the network holds it
 * exactly (its double is the same number).  The operators that are affine
 * maps (Gemm, MatMul, Add, Sub, Mul, Div by constants, BatchNormalization,
 * Conv, ConvTranspose, AveragePool, Pad, reshapes and transposes) are
 * composed in exact rational arithmetic into the affine layers between the
 * ReLUs, so the exact network is the graph's function over the reals and
 * the doubles are the nearest doubles of its numbers.  One exception:
 * BatchNormalization divides by sqrt(var + epsilon), irrational in general;
 * its factor is then the double nearest to scale / sqrt(var + epsilon)
 * (computed in double precision) and rc_net_source_info says so.
 * relucells-onnx(5) lists what the reader accepts; relucells-vnnlib(5) the
 * VNN-LIB subset.
 */

typedef enum rc_net_format {
    RC_NET_AUTO = 0,   /* by content: ONNX is a binary protobuf, NNet text */
    RC_NET_NNET,
    RC_NET_ONNX
} rc_net_format;

/* Read a network from path ("-" reads standard input) in the given format.
 * On success *net is a new network owned by the caller (rc_net_free); on
 * failure *net is NULL and err names the file (and line, or ONNX node). */
rc_status rc_net_load(rc_net **net, const char *path, rc_net_format format,
                      rc_error *err);

/* Read an ONNX model file.  The network's input is the graph's one
 * non-constant input (flattened, batch dimension removed), its output the
 * graph's one output; it has no input box (rc_net_has_input_bounds is 0)
 * and no normalisation.  A graph the reader does not accept gives
 * RC_ERR_PARSE and a message like
 *     net.onnx: node 7 'Sigmoid_3': operator Sigmoid is not piecewise linear
 * (nodes are numbered from 0, as in the graph's node list). */
rc_status rc_net_load_onnx(rc_net **net, const char *path, rc_error *err);
/* The same from the size bytes of a model in memory; name is used in
 * messages and in the provenance only. */
rc_status rc_net_read_onnx(rc_net **net, const void *data, size_t size,
                           const char *name, rc_error *err);

/* Write net as an NNet file at path ("-": standard output), through a
 * temporary file renamed over path only once complete.  Every number is
 * written as the exact decimal expansion of its exact value, so reading the
 * file back gives the same network exactly.  A value whose exact rational
 * has no finite decimal expansion (a denominator with a prime factor other
 * than 2 and 5, e.g. after Div by 3) and a network without an input box
 * (rc_net_set_input_bounds_q gives it one) are refused with RC_ERR_ARG. */
rc_status rc_net_write_nnet(const rc_net *net, const char *path,
                            rc_error *err);

/* Write net as an ONNX model (opset 13, float64 initialisers): Sub and Div
 * of the NNet normalisation unless trivial, Gemm and Relu per layer, Mul and
 * Add of the output scaling unless trivial.  Values that are not doubles
 * exactly (0.1 in an NNet file) are rounded to the nearest double, and
 * *num_rounded (unless NULL) receives how many were.  Same temporary file
 * and rename as rc_net_write_nnet. */
rc_status rc_net_write_onnx(const rc_net *net, const char *path,
                            size_t *num_rounded, rc_error *err);

/* The box of the input constraints of a VNN-LIB property read from in:
 * lo[i] <= X_i <= hi[i] for the num_inputs inputs (lo and hi: arrays of
 * num_inputs initialised rationals, set exactly from the file's decimals).
 * An input the constraints pin to one value has lo[i] == hi[i].  Assertions
 * on outputs (Y_i) are skipped; *num_ignored (unless NULL) receives how
 * many.  Anything else that is not a box -- a bound relating two
 * variables, a disjunction of several boxes, a missing bound -- is refused
 * with RC_ERR_PARSE and "name:line: what". */
rc_status rc_vnnlib_read_box(mpq_t *lo, mpq_t *hi, size_t *num_ignored,
                             size_t num_inputs, FILE *in, const char *name,
                             rc_error *err);

/* The domain of a VNN-LIB property's input box for net: a box domain with
 * the exact bounds (rc_domain_new_box_q), in which inputs pinned to one
 * value are fixed (rc_domain_fix_q). */
rc_status rc_domain_new_from_vnnlib(rc_domain **dom, const rc_net *net,
                                    const char *path, rc_error *err);

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
                                           NULL; not with records */
    /* Write the regions as records to be put together later (the shards
     * and the messages of relucells-mpi): no header, no summary, each
     * region named by its task and place (rc_region_task) instead of its
     * id, which depends on the regions of every earlier task.  JSON: one
     * object a line (JSON Lines), the region's object with "task" and
     * "place" in place of "id"; text: the region's lines with
     * "region T:K" in place of "region ID".  0 */
    int records;
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
/* Write a record that a writer with records = 1 made (of the same network,
 * domain, arithmetic, format and atoms; len bytes, its final newline
 * included) as the region with the given id: exactly what rc_writer_region
 * writes for that region when its id is id.  So regions enumerated apart
 * (in tasks, rc_enum_opts.next_task) are written as one document once the
 * regions of the earlier tasks are known.  RC_ERR_PARSE when rec is not a
 * record of w's format; RC_ERR_ARG when w itself writes records. */
rc_status rc_writer_record(rc_writer *w, const char *rec, size_t len,
                           size_t id, rc_error *err);
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

/* ---- Paths (path.h, pathstats.h; relucells-path(5)) -----------------------
 * Text: one line per break point (t, the flips "layer:neuron+" or "-",
 * the values, the gradient gap), then the per-layer summary; JSON
 * ("relucells-path" version 1, streamed); CSV: the vertices of the graph
 * of the values (start, each break point, end) with the gradient on the
 * piece that starts there, for plotting. */
typedef enum rc_path_format {
    RC_PATH_TEXT = 0,
    RC_PATH_JSON = 1,
    RC_PATH_CSV = 2
} rc_path_format;

typedef struct rc_path_write_opts {
    rc_path_format format;            /* RC_PATH_TEXT */
    const char *net_name;             /* the network's file, or NULL */
    int points;                       /* JSON: x(t) of each break point; 1 */
    int patterns;                     /* JSON: each piece's pattern (when
                                         the path kept them); 1 */
} rc_path_write_opts;

void rc_path_write_opts_init(rc_path_write_opts *opts);
rc_status rc_path_write(FILE *out, const rc_path *path, const rc_net *net,
                        const rc_path_write_opts *opts, rc_error *err);
/* The statistics of many paths ("relucells-paths" version 1 in JSON). */
rc_status rc_path_stats_write(FILE *out, const rc_path_stats *stats,
                              const rc_net *net, rc_format format,
                              const char *net_name, rc_error *err);

/* Points from text: numbers separated by commas or white space, decimals
 * or fractions p/q; blank lines and lines starting with '#' are skipped,
 * and so is a first line that is not numbers (a header).  one_point: all
 * the numbers of the file are one point (one a line, or comma-separated);
 * else each line is a point.  Every point has dim numbers.  *points
 * (doubles: the nearest to the text) and, when points_q is not NULL,
 * *points_q (exact) are new arrays of *count x dim (free with free, and
 * with mpq_clear on each then free). */
rc_status rc_points_read(double **points, mpq_t **points_q, size_t *count,
                         FILE *in, const char *name, size_t dim,
                         int one_point, rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
