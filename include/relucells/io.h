/* relucells/io.h -- networks and input boxes from the files other tools
 * exchange: NNet and ONNX networks, VNN-LIB properties; and NNet and ONNX
 * out.
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
 * VNN-LIB subset. */
#ifndef RELUCELLS_IO_H
#define RELUCELLS_IO_H

#include <gmp.h>
#include <stddef.h>
#include <stdio.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_net_format {
    RC_FORMAT_AUTO = 0,   /* by content: ONNX is a binary protobuf, NNet text */
    RC_FORMAT_NNET,
    RC_FORMAT_ONNX
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

#ifdef __cplusplus
}
#endif
#endif
