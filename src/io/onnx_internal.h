/* onnx_internal.h -- shared by the ONNX reader's files; not installed.
 *
 * The reader follows the one chain of tensors from the graph's input to its
 * output (the activation).  Between two ReLUs the activation is an affine
 * function of h, the output of the last ReLU (or the network input):
 *     activation = M h + v,
 * held exactly (onnx_affine).  Every affine operator is a sparse linear map
 * y = T x + t of the flattened tensors (onnx_lin), and applying it composes
 * M <- T M, v <- T v + t in rationals.  A Relu closes the layer (M, v) and
 * starts again from the identity.  Files: onnx.c walks the graph and builds
 * the network, onnx_tensor.c decodes tensors and attributes, onnx_affine.c
 * holds the affine state and the sparse maps, onnx_fold.c the dense,
 * element-wise and shape operators, onnx_conv.c unrolls the convolutions,
 * pooling and padding. */
#ifndef RC_ONNX_INTERNAL_H
#define RC_ONNX_INTERNAL_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error_internal.h"
#include "io/onnx.pb-c.h"
#include "relucells/status.h"

#define ONNX_MAX_RANK 8
/* The largest dense matrix the reader builds (an operator unrolled, or the
 * M of a layer): 10^7 rationals take about half a gigabyte. */
#define ONNX_MAX_ENTRIES ((size_t)10000000)
/* Deepest nesting of protobuf messages accepted (subgraphs of subgraphs);
 * the protobuf-c unpacker recurses once per level. */
#define ONNX_MAX_DEPTH 64

typedef struct onnx_shape {
    size_t rank;
    size_t dim[ONNX_MAX_RANK];
} onnx_shape;

/* A constant tensor, every value exact. */
typedef struct onnx_tensor {
    onnx_shape shape;
    size_t numel;
    int is_int;        /* an integer element type: i64 holds the values too */
    mpq_t *q;          /* numel values */
    int64_t *i64;      /* numel values, or NULL */
} onnx_tensor;

/* What the reader is doing, for messages and the provenance. */
typedef struct onnx_ctx {
    const char *name;                /* file name in messages */
    rc_error *err;
    const Onnx__NodeProto *node;     /* the node being folded, or NULL */
    size_t node_index;
    long opset;
    size_t bn_rounded;               /* BatchNormalization factors rounded */
    size_t bn_exact;                 /* and those that were exact */
} onnx_ctx;

/* Fill c->err with "file: " or "file: node N 'name': " and the message. */
rc_status onnx_fail(onnx_ctx *c, rc_status st, const char *fmt, ...)
    RC_PRINTF(3, 4);
/* The same with the operator named after the node: "...: Conv: what";
 * always RC_ERR_PARSE. */
rc_status onnx_op_fail(onnx_ctx *c, const char *fmt, ...) RC_PRINTF(2, 3);

/* ---- onnx_tensor.c ------------------------------------------------------ */

/* numel of s, or SIZE_MAX when it exceeds ONNX_MAX_ENTRIES^2. */
size_t onnx_shape_numel(const onnx_shape *s);
/* "[1x3x28x28]" into buf. */
const char *onnx_shape_text(char *buf, size_t size, const onnx_shape *s);
int onnx_shape_equal(const onnx_shape *a, const onnx_shape *b);

rc_status onnx_tensor_new(onnx_tensor **t, onnx_ctx *c, const onnx_shape *s,
                          int is_int);
void onnx_tensor_free(onnx_tensor *t);
/* Decode p (what: "initialiser 'W'" for messages): float, double, float16
 * and bfloat16 values exactly, integers; raw_data or the typed fields.
 * Refuses external data, non-finite values and other element types. */
rc_status onnx_tensor_decode(onnx_tensor **t, onnx_ctx *c,
                             const Onnx__TensorProto *p, const char *what);
/* Is elem_type a floating-point type the reader computes with? */
int onnx_is_float_type(int32_t elem_type);

/* Attributes of c->node: absent ones take the default; a wrong type is an
 * error naming the node. */
const Onnx__AttributeProto *onnx_attr(const onnx_ctx *c, const char *name);
rc_status onnx_attr_int(int64_t *v, onnx_ctx *c, const char *name,
                        int64_t dflt);
rc_status onnx_attr_float(double *v, onnx_ctx *c, const char *name,
                          double dflt);
/* *n = 0 and *v = NULL when absent. */
rc_status onnx_attr_ints(const int64_t **v, size_t *n, onnx_ctx *c,
                         const char *name);
/* NUL-terminated into buf (dflt when absent). */
rc_status onnx_attr_string(char *buf, size_t size, onnx_ctx *c,
                           const char *name, const char *dflt);

/* Walk the protobuf wire format of a ModelProto without recursion: 0 when
 * well formed and nested at most ONNX_MAX_DEPTH deep, -1 when malformed,
 * -2 when too deep.  Run before protobuf-c's recursive unpacker. */
int onnx_wire_check(const uint8_t *data, size_t size);

/* ---- onnx_affine.c ------------------------------------------------------ */

/* A sparse linear map y = T x + t of flattened tensors, built row by row
 * (onnx_lin_push adds to the current row, onnx_lin_end_row closes it).
 * Coefficients are referenced, not copied (a dense layer's T is as large as
 * its weight tensor): they must outlive T. */
typedef struct onnx_lin {
    size_t rows, cols;
    size_t nnz, cap, row;
    size_t *start;        /* rows + 1 */
    size_t *col;
    mpq_srcptr *coef;
    mpq_t *t;             /* rows offsets (owned), or NULL for none */
} onnx_lin;

rc_status onnx_lin_init(onnx_lin *T, onnx_ctx *c, size_t rows, size_t cols,
                        int with_offset);
rc_status onnx_lin_push(onnx_lin *T, onnx_ctx *c, size_t col, mpq_srcptr coef);
void onnx_lin_end_row(onnx_lin *T);
void onnx_lin_clear(onnx_lin *T);
/* Refuse an operator whose dense matrix would have more than
 * ONNX_MAX_ENTRIES entries. */
rc_status onnx_check_size(onnx_ctx *c, size_t out, size_t in);

/* activation = M h + v: M rows x cols row-major, or M NULL for the
 * diagonal matrix d (d NULL: the identity; rows == cols). */
typedef struct onnx_affine {
    size_t rows, cols;
    mpq_t *M, *d, *v;
    onnx_shape shape;     /* of the activation, batch dimension included */
} onnx_affine;

rc_status onnx_affine_identity(onnx_affine *a, onnx_ctx *c,
                               const onnx_shape *s);
void onnx_affine_clear(onnx_affine *a);
/* The dense M (rows x cols) of a, made from the diagonal if need be. */
rc_status onnx_affine_dense(onnx_affine *a, onnx_ctx *c);
/* Compose with T (T->cols == a->rows): the activation becomes T x + t of
 * shape out. */
rc_status onnx_affine_apply(onnx_affine *a, onnx_ctx *c, const onnx_lin *T,
                            const onnx_shape *out);
/* activation[i] <- s[idx[i]] activation[i] + t[idx[i]] for every i (s or t
 * NULL: 1 or 0; negate: times -1 first): the element-wise operators with a
 * constant. */
rc_status onnx_affine_elementwise(onnx_affine *a, onnx_ctx *c,
                                  const onnx_tensor *s, const onnx_tensor *t,
                                  const size_t *idx, int negate);
/* activation <- f activation. */
rc_status onnx_affine_scale(onnx_affine *a, onnx_ctx *c, mpq_srcptr f);

/* ---- onnx_fold.c -------------------------------------------------------- */

/* The inputs of a node as the operators see them: in[k] is the constant
 * tensor of input k, or NULL for the activation (k == act) or an absent
 * optional input. */
typedef struct onnx_args {
    size_t n;
    size_t act;
    const onnx_tensor *in[8];
} onnx_args;

typedef rc_status (*onnx_op_fn)(onnx_affine *a, onnx_ctx *c,
                                const onnx_args *args);

/* The operator that folds op_type into the affine state, or NULL. */
onnx_op_fn onnx_fold_op(const char *op_type);

/* ---- onnx_conv.c -------------------------------------------------------- */

rc_status onnx_op_conv(onnx_affine *a, onnx_ctx *c, const onnx_args *args);
rc_status onnx_op_conv_transpose(onnx_affine *a, onnx_ctx *c,
                                 const onnx_args *args);
rc_status onnx_op_average_pool(onnx_affine *a, onnx_ctx *c,
                               const onnx_args *args);
rc_status onnx_op_global_average_pool(onnx_affine *a, onnx_ctx *c,
                                      const onnx_args *args);
rc_status onnx_op_pad(onnx_affine *a, onnx_ctx *c, const onnx_args *args);

#endif
