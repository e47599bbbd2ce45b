/* onnx_write.c -- writing a network as an ONNX model.
 *
 * The graph computes the network as relucells defines it (net.h):
 *     x -> Sub(mean) -> Div(range) -> Gemm(W_1, b_1) -> Relu -> ...
 *       -> Gemm(W_L, b_L) -> Mul(output range) -> Add(output mean),
 * leaving out the normalisation and scaling nodes that would do nothing.
 * Gemm takes W as stored (rows = neurons) with transB = 1.  Initialisers
 * are float64: a value that is a double is written exactly, any other (a
 * decimal of an NNet file such as 0.1) is rounded to the nearest double and
 * counted.  Opset 13, IR version 7: what onnxruntime and the onnx checker
 * of Debian 12 take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "base/error_internal.h"
#include "base/rational.h"
#include "io/onnx.pb-c.h"
#include "io/out_file.h"
#include "model/net_internal.h"
#include "relucells/io.h"

#define NAME_LEN 32

/* Everything the model points to, allocated at once for L layers. */
typedef struct parts {
    Onnx__NodeProto *node;              /* 2 L + 4 */
    Onnx__NodeProto **node_p;
    Onnx__TensorProto *init;            /* 2 L + 4 */
    Onnx__TensorProto **init_p;
    char (*name)[NAME_LEN];             /* node outputs and initialisers */
    char **inputs;                      /* 3 per node */
    char **outputs;                     /* 1 per node */
    Onnx__AttributeProto transb;
    Onnx__AttributeProto *transb_p;
    int64_t *dims;                      /* 2 per initialiser */
    size_t num_node, num_init, num_name;
    size_t rounded;
} parts;

static char *
new_name(parts *p, const char *fmt, size_t i)
{
    char *s = p->name[p->num_name++];

    snprintf(s, NAME_LEN, fmt, i);
    return s;
}

/* A float64 initialiser of the given values (count, as rows x cols when
 * rows > 0, else a vector). */
static rc_status
add_init(parts *p, const char *name, const mpq_t *v, size_t count, size_t rows,
         rc_error *err)
{
    Onnx__TensorProto *t = &p->init[p->num_init];
    double *d = malloc((count ? count : 1) * sizeof *d);
    size_t i;
    mpq_t back;

    if (d == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    onnx__tensor_proto__init(t);
    mpq_init(back);
    for (i = 0; i < count; i++) {
        /* gcc 12 at -O3 takes v (an mpq_t of the network, count 1) for
         * 16 bytes where an mpq_t has 32: a false alarm. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
        d[i] = rc_q_get_d(v[i]);
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic pop
#endif
        mpq_set_d(back, d[i]);
        p->rounded += !mpq_equal(back, v[i]);
    }
    mpq_clear(back);
    t->name = (char *)name;
    t->has_data_type = 1;
    t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE;
    t->n_dims = rows > 0 ? 2 : 1;
    t->dims = p->dims + 2 * p->num_init;
    t->dims[0] = (int64_t)(rows > 0 ? rows : count);
    t->dims[1] = rows > 0 ? (int64_t)(count / rows) : 0;
    t->n_double_data = count;
    t->double_data = d;
    p->init_p[p->num_init++] = t;
    return RC_OK;
}

/* A node op(in0, in1[, in2]) -> out. */
static Onnx__NodeProto *
add_node(parts *p, const char *op, const char *in0, const char *in1,
         const char *in2, const char *out)
{
    size_t k = p->num_node++;
    Onnx__NodeProto *n = &p->node[k];

    onnx__node_proto__init(n);
    n->op_type = (char *)op;
    n->name = (char *)out;
    n->input = p->inputs + 3 * k;
    n->input[0] = (char *)in0;
    n->input[1] = (char *)in1;
    n->input[2] = (char *)in2;
    n->n_input = in2 != NULL ? 3 : in1 != NULL ? 2 : 1;
    n->output = p->outputs + k;
    n->output[0] = (char *)out;
    n->n_output = 1;
    p->node_p[k] = n;
    return n;
}

static void
parts_free(parts *p)
{
    size_t i;

    for (i = 0; p->init != NULL && i < p->num_init; i++)
        free(p->init[i].double_data);
    free(p->node);
    free(p->node_p);
    free(p->init);
    free(p->init_p);
    free(p->name);
    free(p->inputs);
    free(p->outputs);
    free(p->dims);
}

/* Are all n values equal to k? */
static int
all_equal(const mpq_t *v, size_t n, long k)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (mpq_cmp_si(v[i], k, 1) != 0)
            return 0;
    return 1;
}

static rc_status
build(parts *p, const rc_net *net, rc_error *err)
{
    size_t L = net->num_layers, n = net->sizes[0], l;
    const char *x = "input";
    rc_status st = RC_OK;

    if (!all_equal(net->in_mean_q, n, 0)) {
        const char *c = new_name(p, "input_mean", 0);
        if ((st = add_init(p, c, net->in_mean_q, n, 0, err)) != RC_OK)
            return st;
        x = add_node(p, "Sub", x, c, NULL, new_name(p, "normalised_centred", 0))->output[0];
    }
    if (!all_equal(net->in_range_q, n, 1)) {
        const char *c = new_name(p, "input_range", 0);
        if ((st = add_init(p, c, net->in_range_q, n, 0, err)) != RC_OK)
            return st;
        x = add_node(p, "Div", x, c, NULL, new_name(p, "normalised", 0))->output[0];
    }
    for (l = 0; l < L; l++) {
        const char *W = new_name(p, "W%zu", l + 1), *b = new_name(p, "b%zu", l + 1);
        Onnx__NodeProto *g;

        if ((st = add_init(p, W, net->weights_q[l], net->sizes[l + 1] * net->sizes[l],
                           net->sizes[l + 1], err)) != RC_OK
            || (st = add_init(p, b, net->biases_q[l], net->sizes[l + 1], 0, err)) != RC_OK)
            return st;
        g = add_node(p, "Gemm", x, W, b, new_name(p, "layer%zu", l + 1));
        g->n_attribute = 1;
        g->attribute = &p->transb_p;
        x = g->output[0];
        if (l + 1 < L)
            x = add_node(p, "Relu", x, NULL, NULL, new_name(p, "relu%zu", l + 1))->output[0];
    }
    if (mpq_cmp_si(net->out_range_q, 1, 1) != 0) {
        const char *c = new_name(p, "output_range", 0);
        if ((st = add_init(p, c, &net->out_range_q, 1, 0, err)) != RC_OK)
            return st;
        x = add_node(p, "Mul", x, c, NULL, new_name(p, "output_scaled", 0))->output[0];
    }
    if (mpq_sgn(net->out_mean_q) != 0) {
        const char *c = new_name(p, "output_mean", 0);
        if ((st = add_init(p, c, &net->out_mean_q, 1, 0, err)) != RC_OK)
            return st;
        add_node(p, "Add", x, c, NULL, new_name(p, "output", 0));
    }
    return RC_OK;
}

/* A value info "name": float64 tensor [N, width]. */
static void
value_info(Onnx__ValueInfoProto *vi, Onnx__TypeProto *tp,
           Onnx__TypeProto__Tensor *tt, Onnx__TensorShapeProto *sh,
           Onnx__TensorShapeProto__Dimension *d, Onnx__TensorShapeProto__Dimension **dp,
           const char *name, size_t width)
{
    onnx__value_info_proto__init(vi);
    onnx__type_proto__init(tp);
    onnx__type_proto__tensor__init(tt);
    onnx__tensor_shape_proto__init(sh);
    onnx__tensor_shape_proto__dimension__init(&d[0]);
    onnx__tensor_shape_proto__dimension__init(&d[1]);
    d[0].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
    d[0].dim_param = (char *)"N";
    d[1].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
    d[1].dim_value = (int64_t)width;
    dp[0] = &d[0];
    dp[1] = &d[1];
    sh->n_dim = 2;
    sh->dim = dp;
    tt->has_elem_type = 1;
    tt->elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE;
    tt->shape = sh;
    tp->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    tp->tensor_type = tt;
    vi->name = (char *)name;
    vi->type = tp;
}

rc_status
rc_net_write_onnx(const rc_net *net, const char *path, size_t *num_rounded,
                  rc_error *err)
{
    size_t L = net->num_layers, N = 2 * L + 4, len;
    Onnx__ModelProto model = ONNX__MODEL_PROTO__INIT;
    Onnx__GraphProto graph = ONNX__GRAPH_PROTO__INIT;
    Onnx__OperatorSetIdProto opset = ONNX__OPERATOR_SET_ID_PROTO__INIT, *opset_p = &opset;
    Onnx__ValueInfoProto vin, vout, *vin_p = &vin, *vout_p = &vout;
    Onnx__TypeProto tin, tout;
    Onnx__TypeProto__Tensor ttin, ttout;
    Onnx__TensorShapeProto shin, shout;
    Onnx__TensorShapeProto__Dimension din[2], dout[2], *dinp[2], *doutp[2];
    parts p;
    uint8_t *buf = NULL;
    rc_out_file o;
    rc_status st;

    memset(&p, 0, sizeof p);
    if (num_rounded != NULL)
        *num_rounded = 0;
    p.node = calloc(N, sizeof *p.node);
    p.node_p = calloc(N, sizeof *p.node_p);
    p.init = calloc(N, sizeof *p.init);
    p.init_p = calloc(N, sizeof *p.init_p);
    p.name = calloc(3 * N, sizeof *p.name);
    p.inputs = calloc(3 * N, sizeof *p.inputs);
    p.outputs = calloc(N, sizeof *p.outputs);
    p.dims = calloc(2 * N, sizeof *p.dims);
    if (!p.node || !p.node_p || !p.init || !p.init_p || !p.name || !p.inputs
        || !p.outputs || !p.dims) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    onnx__attribute_proto__init(&p.transb);
    p.transb.name = (char *)"transB";
    p.transb.has_type = 1;
    p.transb.type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
    p.transb.has_i = 1;
    p.transb.i = 1;
    p.transb_p = &p.transb;
    if ((st = build(&p, net, err)) != RC_OK)
        goto done;
    value_info(&vin, &tin, &ttin, &shin, din, dinp, "input", net->sizes[0]);
    value_info(&vout, &tout, &ttout, &shout, dout, doutp,
               p.node[p.num_node - 1].output[0], net->sizes[L]);
    graph.name = (char *)"relucells";
    graph.n_node = p.num_node;
    graph.node = p.node_p;
    graph.n_initializer = p.num_init;
    graph.initializer = p.init_p;
    graph.n_input = 1;
    graph.input = &vin_p;
    graph.n_output = 1;
    graph.output = &vout_p;
    opset.domain = (char *)"";
    opset.has_version = 1;
    opset.version = 13;
    model.has_ir_version = 1;
    model.ir_version = 7;
    model.producer_name = (char *)"relucells";
    model.producer_version = (char *)PACKAGE_VERSION;
    model.n_opset_import = 1;
    model.opset_import = &opset_p;
    model.graph = &graph;
    len = onnx__model_proto__get_packed_size(&model);
    buf = malloc(len ? len : 1);
    if (buf == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    onnx__model_proto__pack(&model, buf);
    if ((st = rc_out_file_open(&o, path, err)) != RC_OK)
        goto done;
    fwrite(buf, 1, len, o.f);
    st = rc_out_file_close(&o, 1, err);
    if (st == RC_OK && num_rounded != NULL)
        *num_rounded = p.rounded;
done:
    free(buf);
    parts_free(&p);
    return st;
}
