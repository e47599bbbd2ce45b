/* onnx.c -- reading an ONNX model into a feed-forward ReLU network.
 *
 * A ReLU network is a chain: affine map, ReLU, affine map, ..., affine map.
 * The reader walks the graph's nodes in their (topological) order and
 * follows the one tensor that depends on the graph's input, the
 * activation.  Every node must take the activation as one input, with
 * constants (initialisers, Constant nodes) as the others; an affine
 * operator is composed into the current layer (onnx_fold.c, onnx_conv.c),
 * a Relu closes it.  The last layer is the output layer; a graph that ends
 * in Relu gets an identity output layer after that hidden layer.
 *
 * What is refused, with a one-line message naming the file and the node:
 * operators that are not piecewise linear (Sigmoid, Tanh, ...), piecewise
 * linear ones that are not affine maps or ReLUs (MaxPool, LeakyRelu, ...),
 * a tensor used twice (residual connections, branches), operators on
 * constants only, external data, shapes that are dynamic beyond the batch
 * dimension, opsets outside 7..21, and malformed protobuf (checked
 * without recursion before protobuf-c unpacks it). */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rational.h"
#include "io/onnx_internal.h"
#include "model/net_internal.h"
#include "relucells/io.h"

#define OPSET_MIN 7
#define OPSET_MAX 21

/* ---- messages ---------------------------------------------------------------- */

static void
vfail(onnx_ctx *c, rc_status st, const char *op, const char *fmt, va_list ap)
{
    char prefix[256], msg[RC_ERROR_MSG_SIZE];

    if (c->node != NULL) {
        const char *nm = c->node->name != NULL ? c->node->name : "";
        snprintf(prefix, sizeof prefix, "%s: node %zu '%.80s': ", c->name,
                 c->node_index, nm);
    } else {
        snprintf(prefix, sizeof prefix, "%s: ", c->name);
    }
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (op != NULL)
        rc_error_set(c->err, st, "%s%.40s: %s", prefix, op, msg);
    else
        rc_error_set(c->err, st, "%s%s", prefix, msg);
}

rc_status
onnx_fail(onnx_ctx *c, rc_status st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfail(c, st, NULL, fmt, ap);
    va_end(ap);
    return st;
}

rc_status
onnx_op_fail(onnx_ctx *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfail(c, RC_ERR_PARSE, c->node != NULL ? c->node->op_type : NULL, fmt, ap);
    va_end(ap);
    return RC_ERR_PARSE;
}

/* ---- the names of the graph -------------------------------------------------- */

typedef enum name_kind {
    NAME_INIT,     /* an initialiser, decoded when first used */
    NAME_CONST,    /* a constant made by a node (owned) or an alias (not) */
    NAME_ACT,      /* the activation */
    NAME_USED      /* an activation already consumed */
} name_kind;

typedef struct name_entry {
    const char *name;
    name_kind kind;
    const Onnx__TensorProto *proto;
    onnx_tensor *value;
    int owned;
} name_entry;

/* Open addressing, capacity a power of two at least twice the count. */
typedef struct name_table {
    name_entry *e;
    size_t cap, count;
} name_table;

static size_t
name_hash(const char *s)
{
    size_t h = 1469598103934665603u;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211u;
    return h;
}

static name_entry *
name_find(const name_table *t, const char *name)
{
    size_t i = name_hash(name) & (t->cap - 1);

    while (t->e[i].name != NULL) {
        if (strcmp(t->e[i].name, name) == 0)
            return &t->e[i];
        i = (i + 1) & (t->cap - 1);
    }
    return NULL;
}

/* Add name (kept, not copied); NULL when already there. */
static name_entry *
name_add(name_table *t, const char *name, name_kind kind)
{
    size_t i = name_hash(name) & (t->cap - 1);

    while (t->e[i].name != NULL) {
        if (strcmp(t->e[i].name, name) == 0)
            return NULL;
        i = (i + 1) & (t->cap - 1);
    }
    t->e[i].name = name;
    t->e[i].kind = kind;
    t->count++;
    return &t->e[i];
}

static void
name_table_free(name_table *t)
{
    size_t i;

    for (i = 0; t->e != NULL && i < t->cap; i++)
        if (t->e[i].owned)
            onnx_tensor_free(t->e[i].value);
    free(t->e);
}

/* ---- the layers ---------------------------------------------------------------- */

typedef struct layer {
    size_t rows, cols;
    mpq_t *W, *b;
} layer;

typedef struct reader {
    onnx_ctx c;
    const Onnx__ModelProto *model;
    name_table names;
    onnx_affine aff;
    layer *layers;
    size_t num_layers, cap_layers;
    const char *act;                 /* name of the activation */
    const char *input_name;
    char input_dims[160];            /* the input's shape as the file has it */
    struct { const char *op; size_t count; } *ops;
    size_t num_ops;
} reader;

/* Close the current affine map as a layer and start again from the
 * identity on its output. */
static rc_status
push_layer(reader *r)
{
    onnx_ctx *c = &r->c;
    onnx_shape s = r->aff.shape;
    layer *L;
    rc_status st;

    if (r->num_layers == r->cap_layers) {
        size_t cap = r->cap_layers ? 2 * r->cap_layers : 8;
        layer *p = realloc(r->layers, cap * sizeof *p);
        if (p == NULL)
            return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
        r->layers = p;
        r->cap_layers = cap;
    }
    if ((st = onnx_affine_dense(&r->aff, c)) != RC_OK)
        return st;
    L = &r->layers[r->num_layers++];
    L->rows = r->aff.rows;
    L->cols = r->aff.cols;
    L->W = r->aff.M;
    L->b = r->aff.v;
    r->aff.M = r->aff.v = NULL;
    onnx_affine_clear(&r->aff);
    return onnx_affine_identity(&r->aff, c, &s);
}

static void
count_op(reader *r, const char *op)
{
    size_t k;

    for (k = 0; k < r->num_ops; k++)
        if (strcmp(r->ops[k].op, op) == 0) {
            r->ops[k].count++;
            return;
        }
    r->ops[r->num_ops].op = op;
    r->ops[r->num_ops++].count = 1;
}

/* ---- the graph's input --------------------------------------------------------- */

static rc_status
read_input(reader *r, const Onnx__ValueInfoProto *vi)
{
    onnx_ctx *c = &r->c;
    const Onnx__TypeProto__Tensor *tt;
    const Onnx__TensorShapeProto *sh;
    onnx_shape s;
    size_t k, used = 0;
    const char *nm = vi->name;

    if (vi->type == NULL || vi->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE)
        return onnx_fail(c, RC_ERR_PARSE, "graph input '%.80s' is not a tensor", nm);
    tt = vi->type->tensor_type;
    if (!tt->has_elem_type || !onnx_is_float_type(tt->elem_type))
        return onnx_fail(c, RC_ERR_PARSE, "graph input '%.80s' is not a tensor "
                         "of floating-point numbers", nm);
    sh = tt->shape;
    if (sh == NULL)
        return onnx_fail(c, RC_ERR_PARSE, "graph input '%.80s' has no shape", nm);
    if (sh->n_dim > ONNX_MAX_RANK)
        return onnx_fail(c, RC_ERR_PARSE, "graph input '%.80s' has rank %zu, "
                         "more than %d", nm, sh->n_dim, ONNX_MAX_RANK);
    s.rank = sh->n_dim;
    for (k = 0; k < sh->n_dim; k++) {
        const Onnx__TensorShapeProto__Dimension *d = sh->dim[k];
        int has_value = d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
        const char *param = d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM
                            && d->dim_param != NULL ? d->dim_param : "?";

        if (has_value)
            used += (size_t)snprintf(r->input_dims + used, sizeof r->input_dims - used,
                                     "%s%lld", k ? "x" : "", (long long)d->dim_value);
        else
            used += (size_t)snprintf(r->input_dims + used, sizeof r->input_dims - used,
                                     "%s%.20s", k ? "x" : "", param);
        if (used >= sizeof r->input_dims)
            used = sizeof r->input_dims - 1;
        if (k == 0 && sh->n_dim >= 2) {
            /* The batch dimension: symbolic, unknown, 0 or 1 all mean one
             * input at a time. */
            if (has_value && d->dim_value > 1)
                return onnx_fail(c, RC_ERR_PARSE, "graph input '%.80s' has a "
                                 "batch of %lld: only 1 or a symbolic batch "
                                 "dimension is supported", nm,
                                 (long long)d->dim_value);
            s.dim[0] = 1;
            continue;
        }
        if (!has_value || d->dim_value < 1)
            return onnx_fail(c, RC_ERR_PARSE, "graph input '%.80s': dimension "
                             "%zu is '%.20s': only the batch dimension (the "
                             "first) may be dynamic", nm, k,
                             has_value ? "0 or negative" : param);
        if ((uint64_t)d->dim_value > ONNX_MAX_ENTRIES)
            return onnx_fail(c, RC_ERR_NOMEM, "graph input '%.80s' is too "
                             "large", nm);
        s.dim[k] = (size_t)d->dim_value;
    }
    if (onnx_shape_numel(&s) > ONNX_MAX_ENTRIES)
        return onnx_fail(c, RC_ERR_NOMEM, "graph input '%.80s' is too large", nm);
    r->input_name = nm;
    return onnx_affine_identity(&r->aff, c, &s);
}

/* Initialisers and the graph's inputs; exactly one input is not an
 * initialiser (old exporters list the initialisers among the inputs). */
static rc_status
read_names(reader *r)
{
    onnx_ctx *c = &r->c;
    const Onnx__GraphProto *g = r->model->graph;
    const Onnx__ValueInfoProto *in = NULL;
    size_t k, total = g->n_initializer + g->n_input + 2 * g->n_node + 16;
    name_entry *e;

    if (g->n_sparse_initializer > 0)
        return onnx_fail(c, RC_ERR_PARSE, "sparse initialisers are not supported");
    r->names.cap = 16;
    while (r->names.cap < 2 * total)
        r->names.cap *= 2;
    r->names.e = calloc(r->names.cap, sizeof *r->names.e);
    if (r->names.e == NULL)
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    for (k = 0; k < g->n_initializer; k++) {
        const char *nm = g->initializer[k]->name;

        if (nm == NULL || nm[0] == '\0')
            return onnx_fail(c, RC_ERR_PARSE, "initialiser %zu has no name", k);
        if ((e = name_add(&r->names, nm, NAME_INIT)) == NULL)
            return onnx_fail(c, RC_ERR_PARSE, "initialiser '%.80s' is defined "
                             "twice", nm);
        e->proto = g->initializer[k];
    }
    for (k = 0; k < g->n_input; k++) {
        const char *nm = g->input[k]->name;

        if (nm == NULL || nm[0] == '\0')
            return onnx_fail(c, RC_ERR_PARSE, "graph input %zu has no name", k);
        if (name_find(&r->names, nm) != NULL)
            continue;
        if (in != NULL)
            return onnx_fail(c, RC_ERR_PARSE, "the graph has several inputs "
                             "('%.80s', '%.80s'): relucells reads networks "
                             "with one input tensor", in->name, nm);
        in = g->input[k];
    }
    if (in == NULL)
        return onnx_fail(c, RC_ERR_PARSE, "the graph has no input (every input "
                         "is an initialiser)");
    name_add(&r->names, in->name, NAME_ACT);
    r->act = in->name;
    return read_input(r, in);
}

/* ---- nodes ---------------------------------------------------------------------- */

/* The constant of a name, decoding an initialiser on first use. */
static rc_status
constant_value(const onnx_tensor **t, reader *r, name_entry *e)
{
    char what[128];
    rc_status st;

    if (e->value == NULL && e->kind == NAME_INIT) {
        snprintf(what, sizeof what, "initialiser '%.80s'", e->name);
        if ((st = onnx_tensor_decode(&e->value, &r->c, e->proto, what)) != RC_OK)
            return st;
        e->owned = 1;
    }
    *t = e->value;
    return RC_OK;
}

/* A Constant node's value, from whichever attribute holds it. */
static rc_status
constant_node(onnx_tensor **t, onnx_ctx *c)
{
    const Onnx__AttributeProto *a;
    onnx_shape s;
    size_t k;
    rc_status st;

    *t = NULL;
    if ((a = onnx_attr(c, "value")) != NULL && a->t != NULL)
        return onnx_tensor_decode(t, c, a->t, "its value");
    s.rank = 1;
    if ((a = onnx_attr(c, "value_float")) != NULL || (a = onnx_attr(c, "value_int")) != NULL) {
        int is_int = strcmp(a->name, "value_int") == 0;

        s.rank = 0;
        if ((st = onnx_tensor_new(t, c, &s, is_int)) != RC_OK)
            return st;
        if (is_int) {
            (*t)->i64[0] = a->i;
            mpz_set_si(mpq_numref((*t)->q[0]), (long)a->i);
        } else if (!isfinite(a->f)) {
            onnx_tensor_free(*t);
            *t = NULL;
            return onnx_op_fail(c, "value_float is not finite");
        } else {
            mpq_set_d((*t)->q[0], (double)a->f);
        }
        return RC_OK;
    }
    if ((a = onnx_attr(c, "value_floats")) != NULL) {
        s.dim[0] = a->n_floats;
        if ((st = onnx_tensor_new(t, c, &s, 0)) != RC_OK)
            return st;
        for (k = 0; k < a->n_floats; k++) {
            if (!isfinite(a->floats[k])) {
                onnx_tensor_free(*t);
                *t = NULL;
                return onnx_op_fail(c, "value_floats holds a non-finite value");
            }
            mpq_set_d((*t)->q[k], (double)a->floats[k]);
        }
        return RC_OK;
    }
    if ((a = onnx_attr(c, "value_ints")) != NULL) {
        s.dim[0] = a->n_ints;
        if ((st = onnx_tensor_new(t, c, &s, 1)) != RC_OK)
            return st;
        for (k = 0; k < a->n_ints; k++) {
            (*t)->i64[k] = a->ints[k];
            mpz_set_si(mpq_numref((*t)->q[k]), (long)a->ints[k]);
        }
        return RC_OK;
    }
    return onnx_op_fail(c, "no value, value_float(s) or value_int(s) attribute "
                        "(sparse and string constants are not supported)");
}

static int
in_list(const char *op, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strcmp(op, *list) == 0)
            return 1;
    return 0;
}

/* Operators that are not piecewise linear, and piecewise linear ones that
 * are not an affine map or a ReLU: each gets its own message. */
static const char *const not_pl[] = {
    "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Softplus", "Softsign", "Elu",
    "Selu", "Celu", "Gelu", "Exp", "Log", "Sqrt", "Pow", "Erf", "HardSigmoid",
    "HardSwish", "Mish", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh",
    "Cosh", "Reciprocal", "LRN", "LpNormalization", "InstanceNormalization",
    "LayerNormalization", "GroupNormalization", "MeanVarianceNormalization",
    "Swish", NULL
};
static const char *const pl_other[] = {
    "MaxPool", "GlobalMaxPool", "LpPool", "LeakyRelu", "PRelu",
    "ThresholdedRelu", "Clip", "Abs", "Max", "Min", "MaxRoiPool", "MaxUnpool",
    "ReduceMax", "ReduceMin", "Shrink", NULL
};

static rc_status
fold_node(reader *r, const Onnx__NodeProto *node)
{
    onnx_ctx *c = &r->c;
    const char *op = node->op_type != NULL ? node->op_type : "";
    const char *out;
    onnx_args args;
    onnx_op_fn fn;
    name_entry *e;
    size_t k;
    int has_act = 0;
    rc_status st;

    if (node->domain != NULL && node->domain[0] != '\0'
        && strcmp(node->domain, "ai.onnx") != 0)
        return onnx_fail(c, RC_ERR_PARSE, "operator %.40s of domain '%.60s' is "
                         "not supported (only the standard ONNX operators)",
                         op, node->domain);
    if (op[0] == '\0')
        return onnx_fail(c, RC_ERR_PARSE, "no operator");
    if (node->n_output < 1 || node->output[0] == NULL || node->output[0][0] == '\0')
        return onnx_fail(c, RC_ERR_PARSE, "operator %.40s has no output", op);
    if (node->n_input > sizeof args.in / sizeof args.in[0])
        return onnx_fail(c, RC_ERR_PARSE, "operator %.40s has %zu inputs", op,
                         node->n_input);
    /* Which inputs are the activation, which are constants. */
    memset(&args, 0, sizeof args);
    args.n = node->n_input;
    args.act = SIZE_MAX;
    for (k = 0; k < node->n_input; k++) {
        const char *nm = node->input[k] != NULL ? node->input[k] : "";

        args.in[k] = NULL;
        if (nm[0] == '\0')
            continue;
        if ((e = name_find(&r->names, nm)) == NULL)
            return onnx_fail(c, RC_ERR_PARSE, "input '%.80s' is not defined by "
                             "an initialiser, a graph input or an earlier node", nm);
        if (e->kind == NAME_USED || (e->kind == NAME_ACT && has_act))
            return onnx_fail(c, RC_ERR_PARSE, "tensor '%.80s' is used twice "
                             "(a residual connection or a branch): relucells "
                             "reads chains of layers only", nm);
        if (e->kind == NAME_ACT) {
            has_act = 1;
            args.act = k;
        } else if ((st = constant_value(&args.in[k], r, e)) != RC_OK) {
            return st;
        }
    }
    out = node->output[0];
    if (strcmp(op, "Constant") == 0 || (!has_act && strcmp(op, "Identity") == 0)) {
        onnx_tensor *t = NULL;

        if (strcmp(op, "Constant") == 0 && (st = constant_node(&t, c)) != RC_OK)
            return st;
        if ((e = name_add(&r->names, out, NAME_CONST)) == NULL) {
            onnx_tensor_free(t);
            return onnx_fail(c, RC_ERR_PARSE, "tensor '%.80s' is defined twice", out);
        }
        e->value = t != NULL ? t : (onnx_tensor *)args.in[0];
        e->owned = t != NULL;
        if (e->value == NULL)
            return onnx_op_fail(c, "no input");
        count_op(r, op);
        return RC_OK;
    }
    if (in_list(op, not_pl))
        return onnx_fail(c, RC_ERR_PARSE, "operator %.40s is not piecewise linear", op);
    if (in_list(op, pl_other))
        return onnx_fail(c, RC_ERR_PARSE, "operator %.40s is not supported "
                         "(piecewise linear, but neither an affine map nor a "
                         "ReLU)", op);
    fn = onnx_fold_op(op);
    if (fn == NULL && strcmp(op, "Relu") != 0)
        return onnx_fail(c, RC_ERR_PARSE, "operator %.40s is not supported", op);
    if (!has_act)
        return onnx_fail(c, RC_ERR_PARSE, "operator %.40s on constants only is "
                         "not supported (export with constant folding)", op);
    if (strcmp(op, "Relu") == 0) {
        if (args.act != 0 || node->n_input != 1)
            return onnx_op_fail(c, "expected one input");
        st = push_layer(r);
    } else {
        st = fn(&r->aff, c, &args);
    }
    if (st != RC_OK)
        return st;
    name_find(&r->names, r->act)->kind = NAME_USED;
    if (name_add(&r->names, out, NAME_ACT) == NULL)
        return onnx_fail(c, RC_ERR_PARSE, "tensor '%.80s' is defined twice", out);
    r->act = out;
    count_op(r, op);
    return RC_OK;
}

/* ---- the network ------------------------------------------------------------------ */

static rc_status
check_opset(reader *r)
{
    const Onnx__ModelProto *m = r->model;
    size_t k;

    r->c.opset = -1;
    for (k = 0; k < m->n_opset_import; k++) {
        const char *d = m->opset_import[k]->domain;
        if (d == NULL || d[0] == '\0' || strcmp(d, "ai.onnx") == 0)
            r->c.opset = m->opset_import[k]->version;
    }
    if (r->c.opset < 0)
        return onnx_fail(&r->c, RC_ERR_PARSE, "no ONNX operator set is imported");
    if (r->c.opset < OPSET_MIN || r->c.opset > OPSET_MAX)
        return onnx_fail(&r->c, RC_ERR_PARSE, "operator set %ld is not supported "
                         "(%d to %d are)", r->c.opset, OPSET_MIN, OPSET_MAX);
    return RC_OK;
}

/* The provenance text of rc_net_source_info. */
static char *
source_text(const reader *r)
{
    const Onnx__ModelProto *m = r->model;
    size_t size = 1024 + 48 * r->num_ops, used, k;
    char *s = malloc(size), b[96];

    if (s == NULL)
        return NULL;
    used = (size_t)snprintf(s, size, "format: ONNX (IR version %lld, opset %ld)\n",
                            (long long)m->ir_version, r->c.opset);
    used += (size_t)snprintf(s + used, size - used, "producer: %.100s %.40s\n",
                             m->producer_name && m->producer_name[0]
                             ? m->producer_name : "(not named)",
                             m->producer_version ? m->producer_version : "");
    used += (size_t)snprintf(s + used, size - used, "input: '%.80s' [%s]\n",
                             r->input_name, r->input_dims);
    used += (size_t)snprintf(s + used, size - used, "output: '%.80s' %s\n",
                             r->act, onnx_shape_text(b, sizeof b, &r->aff.shape));
    used += (size_t)snprintf(s + used, size - used, "nodes: %zu (",
                             m->graph->n_node);
    for (k = 0; k < r->num_ops && used < size; k++)
        used += (size_t)snprintf(s + used, size - used, "%s%.30s %zu",
                                 k ? ", " : "", r->ops[k].op, r->ops[k].count);
    if (used < size)
        used += (size_t)snprintf(s + used, size - used, ")\n");
    if (used < size)
        used += (size_t)snprintf(s + used, size - used, "folded into %zu affine "
                                 "layers, exactly\n", r->num_layers);
    if (used < size && r->c.bn_exact + r->c.bn_rounded > 0)
        snprintf(s + used, size - used, "BatchNormalization factors "
                 "scale/sqrt(var+eps): %zu exact, %zu rounded to double\n",
                 r->c.bn_exact, r->c.bn_rounded);
    return s;
}

/* Move the layers into a new network; doubles are the nearest ones. */
static rc_status
make_net(rc_net **out, reader *r)
{
    onnx_ctx *c = &r->c;
    size_t *sizes, l, i;
    rc_net *net = NULL;
    rc_error sub;
    rc_status st;

    sizes = malloc((r->num_layers + 1) * sizeof *sizes);
    if (sizes == NULL)
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    sizes[0] = r->layers[0].cols;
    for (l = 0; l < r->num_layers; l++)
        sizes[l + 1] = r->layers[l].rows;
    st = rc_net_new(&net, r->num_layers, sizes, &sub);
    free(sizes);
    if (st != RC_OK)
        return onnx_fail(c, st, "%s", sub.msg);
    for (l = 0; l < r->num_layers; l++) {
        layer *L = &r->layers[l];

        for (i = 0; i < L->rows * L->cols; i++) {
            mpq_swap(net->weights_q[l][i], L->W[i]);
            net->weights[l][i] = rc_q_get_d(net->weights_q[l][i]);
            if (!isfinite(net->weights[l][i]))
                goto range;
        }
        for (i = 0; i < L->rows; i++) {
            mpq_swap(net->biases_q[l][i], L->b[i]);
            net->biases[l][i] = rc_q_get_d(net->biases_q[l][i]);
            if (!isfinite(net->biases[l][i]))
                goto range;
        }
    }
    net->no_input_box = 1;
    net->source = source_text(r);
    if (net->source == NULL) {
        rc_net_free(net);
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    }
    *out = net;
    return RC_OK;

range:
    rc_net_free(net);
    return onnx_fail(c, RC_ERR_PARSE, "a weight of layer %zu, folded, is too "
                     "large for a double", l + 1);
}

static rc_status
read_graph(rc_net **net, reader *r)
{
    const Onnx__GraphProto *g = r->model->graph;
    onnx_ctx *c = &r->c;
    size_t k;
    rc_status st;

    if (g == NULL)
        return onnx_fail(c, RC_ERR_PARSE, "the model has no graph");
    if ((st = check_opset(r)) != RC_OK || (st = read_names(r)) != RC_OK)
        return st;
    r->ops = malloc((g->n_node + 1) * sizeof *r->ops);
    if (r->ops == NULL)
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    for (k = 0; k < g->n_node; k++) {
        c->node = g->node[k];
        c->node_index = k;
        if ((st = fold_node(r, g->node[k])) != RC_OK)
            return st;
    }
    c->node = NULL;
    if (g->n_output != 1)
        return onnx_fail(c, RC_ERR_PARSE, "the graph has %zu outputs: relucells "
                         "reads networks with one output tensor", g->n_output);
    if (g->output[0]->name == NULL || strcmp(g->output[0]->name, r->act) != 0)
        return onnx_fail(c, RC_ERR_PARSE, "graph output '%.80s' is not the end "
                         "of the chain of nodes from the input (which ends in "
                         "'%.80s')", g->output[0]->name ? g->output[0]->name : "",
                         r->act);
    if ((st = push_layer(r)) != RC_OK)
        return st;
    return make_net(net, r);
}

rc_status
rc_net_read_onnx(rc_net **net, const void *data, size_t size, const char *name,
                 rc_error *err)
{
    reader r;
    size_t l;
    int wire;
    rc_status st;

    *net = NULL;
    memset(&r, 0, sizeof r);
    r.c.name = name != NULL ? name : "<input>";
    r.c.err = err;
    if (size == 0)
        return onnx_fail(&r.c, RC_ERR_PARSE, "empty file");
    wire = onnx_wire_check(data, size);
    if (wire == -2)
        return onnx_fail(&r.c, RC_ERR_PARSE, "not a valid ONNX model (messages "
                         "nested more than %d deep)", ONNX_MAX_DEPTH);
    if (wire == 0)
        r.model = onnx__model_proto__unpack(NULL, size, data);
    if (r.model == NULL)
        return onnx_fail(&r.c, RC_ERR_PARSE, "not a valid ONNX model "
                         "(malformed protobuf)");
    st = read_graph(net, &r);
    for (l = 0; l < r.num_layers; l++) {
        rc_mpq_array_free(r.layers[l].W, r.layers[l].rows * r.layers[l].cols);
        rc_mpq_array_free(r.layers[l].b, r.layers[l].rows);
    }
    free(r.layers);
    free(r.ops);
    onnx_affine_clear(&r.aff);
    name_table_free(&r.names);
    onnx__model_proto__free_unpacked((Onnx__ModelProto *)r.model, NULL);
    return st;
}
