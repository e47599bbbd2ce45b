/* onnx_tensor.c -- constant tensors and node attributes of an ONNX model,
 * and a depth check of its protobuf encoding.
 *
 * Floating-point values are binary: a float32, float16 or bfloat16 converts
 * to a double exactly, and a finite double is a dyadic rational m 2^e that
 * mpq_set_d stores exactly.  So every value of the file is held as exactly
 * the number the file encodes, never a decimal rounding of it.  Data comes
 * as little-endian raw_data or in the typed fields (float16 and bfloat16 as
 * 16-bit patterns in int32_data); both are read. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rational.h"
#include "io/onnx_internal.h"

size_t
onnx_shape_numel(const onnx_shape *s)
{
    size_t i, n = 1;

    for (i = 0; i < s->rank; i++) {
        if (s->dim[i] != 0 && n > ONNX_MAX_ENTRIES * ONNX_MAX_ENTRIES / s->dim[i])
            return SIZE_MAX;
        n *= s->dim[i];
    }
    return n;
}

const char *
onnx_shape_text(char *buf, size_t size, const onnx_shape *s)
{
    size_t i, used = 0;

    used += (size_t)snprintf(buf, size, "[");
    for (i = 0; i < s->rank && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%zu", i ? "x" : "",
                                 s->dim[i]);
    if (used < size)
        snprintf(buf + used, size - used, "]");
    return buf;
}

int
onnx_shape_equal(const onnx_shape *a, const onnx_shape *b)
{
    size_t i;

    if (a->rank != b->rank)
        return 0;
    for (i = 0; i < a->rank; i++)
        if (a->dim[i] != b->dim[i])
            return 0;
    return 1;
}

void
onnx_tensor_free(onnx_tensor *t)
{
    if (t == NULL)
        return;
    rc_mpq_array_free(t->q, t->numel);
    free(t->i64);
    free(t);
}

rc_status
onnx_tensor_new(onnx_tensor **out, onnx_ctx *c, const onnx_shape *s,
                int is_int)
{
    onnx_tensor *t;
    size_t n = onnx_shape_numel(s);

    *out = NULL;
    if (n > ONNX_MAX_ENTRIES)
        return onnx_fail(c, RC_ERR_NOMEM, "a tensor of more than %zu values",
                         ONNX_MAX_ENTRIES);
    t = calloc(1, sizeof *t);
    if (t == NULL)
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    t->shape = *s;
    t->numel = n;
    t->is_int = is_int;
    t->q = rc_mpq_array_new(n);
    if (is_int)
        t->i64 = calloc(n ? n : 1, sizeof *t->i64);
    if (t->q == NULL || (is_int && t->i64 == NULL)) {
        onnx_tensor_free(t);
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    }
    *out = t;
    return RC_OK;
}

/* ---- element types ------------------------------------------------------- */

enum {
    T_FLOAT = 1, T_UINT8 = 2, T_INT8 = 3, T_UINT16 = 4, T_INT16 = 5,
    T_INT32 = 6, T_INT64 = 7, T_BOOL = 9, T_FLOAT16 = 10, T_DOUBLE = 11,
    T_BFLOAT16 = 16
};

int
onnx_is_float_type(int32_t t)
{
    return t == T_FLOAT || t == T_DOUBLE || t == T_FLOAT16 || t == T_BFLOAT16;
}

/* Bytes per element in raw_data, 0 for a type the reader does not take. */
static size_t
elem_size(int32_t t)
{
    switch (t) {
    case T_FLOAT: case T_INT32: return 4;
    case T_DOUBLE: case T_INT64: return 8;
    case T_FLOAT16: case T_BFLOAT16: case T_UINT16: case T_INT16: return 2;
    case T_UINT8: case T_INT8: case T_BOOL: return 1;
    }
    return 0;
}

static const char *
type_name(int32_t t)
{
    static const char *const names[] = {
        "undefined", "float", "uint8", "int8", "uint16", "int16", "int32",
        "int64", "string", "bool", "float16", "double", "uint32", "uint64",
        "complex64", "complex128", "bfloat16"
    };
    return t >= 0 && t <= 16 ? names[t] : "unknown";
}

static uint64_t
load_le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;

    while (n-- > 0)
        v = v << 8 | p[n];
    return v;
}

static double
float32_bits(uint32_t u)
{
    float f;

    memcpy(&f, &u, sizeof f);
    return (double)f;
}

/* IEEE binary16: 1 sign, 5 exponent, 10 fraction bits. */
static double
float16_bits(uint32_t h)
{
    unsigned e = (h >> 10) & 31, m = h & 1023;
    double x;

    if (e == 31)
        return NAN;
    x = e == 0 ? ldexp((double)m, -24) : ldexp((double)(m + 1024), (int)e - 25);
    return (h & 0x8000) ? -x : x;
}

/* Element k of the tensor as a double (floating types) or an integer. */
static void
get_elem(const Onnx__TensorProto *p, int32_t t, size_t k, int raw, double *d,
         int64_t *i)
{
    uint64_t u;

    if (raw) {
        size_t sz = elem_size(t);
        u = load_le(p->raw_data.data + k * sz, sz);
    } else if (t == T_FLOAT) {
        *d = (double)p->float_data[k];
        return;
    } else if (t == T_DOUBLE) {
        *d = p->double_data[k];
        return;
    } else if (t == T_INT64) {
        *i = p->int64_data[k];
        return;
    } else {
        u = (uint32_t)p->int32_data[k];
    }
    switch (t) {
    case T_FLOAT: *d = float32_bits((uint32_t)u); break;
    case T_DOUBLE: { double x; memcpy(&x, &u, sizeof x); *d = x; } break;
    case T_FLOAT16: *d = float16_bits((uint32_t)(u & 0xffff)); break;
    case T_BFLOAT16: *d = float32_bits((uint32_t)(u & 0xffff) << 16); break;
    case T_INT64: *i = (int64_t)u; break;
    case T_INT32: *i = (int32_t)(uint32_t)u; break;
    case T_INT16: *i = (int16_t)(uint16_t)u; break;
    case T_INT8: *i = (int8_t)(uint8_t)u; break;
    default: *i = (int64_t)u; break;   /* unsigned and bool */
    }
}

/* How many values the typed field of type t holds. */
static size_t
typed_count(const Onnx__TensorProto *p, int32_t t)
{
    switch (t) {
    case T_FLOAT: return p->n_float_data;
    case T_DOUBLE: return p->n_double_data;
    case T_INT64: return p->n_int64_data;
    }
    return p->n_int32_data;
}

rc_status
onnx_tensor_decode(onnx_tensor **out, onnx_ctx *c, const Onnx__TensorProto *p,
                   const char *what)
{
    int32_t t = p->has_data_type ? p->data_type : 0;
    onnx_shape s;
    onnx_tensor *x = NULL;
    size_t k, n;
    int raw, is_float = onnx_is_float_type(t);
    rc_status st;

    *out = NULL;
    if (p->has_data_location && p->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
        return onnx_fail(c, RC_ERR_PARSE, "%s has its data in an external file "
                         "(external data is not supported)", what);
    if (p->n_external_data > 0)
        return onnx_fail(c, RC_ERR_PARSE, "%s refers to external data "
                         "(external data is not supported)", what);
    if (p->segment != NULL)
        return onnx_fail(c, RC_ERR_PARSE, "%s is segmented (not supported)", what);
    if (elem_size(t) == 0)
        return onnx_fail(c, RC_ERR_PARSE, "%s has element type %s (%d), not a "
                         "number type the reader takes", what, type_name(t), (int)t);
    if (p->n_dims > ONNX_MAX_RANK)
        return onnx_fail(c, RC_ERR_PARSE, "%s has rank %zu, more than %d", what,
                         p->n_dims, ONNX_MAX_RANK);
    s.rank = p->n_dims;
    for (k = 0; k < p->n_dims; k++) {
        if (p->dims[k] < 0)
            return onnx_fail(c, RC_ERR_PARSE, "%s has a negative dimension", what);
        if ((uint64_t)p->dims[k] > ONNX_MAX_ENTRIES)
            return onnx_fail(c, RC_ERR_NOMEM, "%s has a dimension of %lld, more "
                             "than %zu", what, (long long)p->dims[k],
                             ONNX_MAX_ENTRIES);
        s.dim[k] = (size_t)p->dims[k];
    }
    n = onnx_shape_numel(&s);
    if (n > ONNX_MAX_ENTRIES)
        return onnx_fail(c, RC_ERR_NOMEM, "%s has more than %zu values", what,
                         ONNX_MAX_ENTRIES);
    raw = p->has_raw_data && (p->raw_data.len > 0 || typed_count(p, t) == 0);
    if (raw ? p->raw_data.len / elem_size(t) != n || p->raw_data.len % elem_size(t)
            : typed_count(p, t) != n)
        return onnx_fail(c, RC_ERR_PARSE, "%s: shape %s needs %zu values, the "
                         "file holds %zu", what,
                         onnx_shape_text((char[96]){0}, 96, &s), n,
                         raw ? p->raw_data.len / elem_size(t) : typed_count(p, t));
    if ((st = onnx_tensor_new(&x, c, &s, !is_float)) != RC_OK)
        return st;
    for (k = 0; k < n; k++) {
        double d = 0.0;
        int64_t i = 0;

        get_elem(p, t, k, raw, &d, &i);
        if (is_float) {
            if (!isfinite(d)) {
                onnx_tensor_free(x);
                return onnx_fail(c, RC_ERR_PARSE, "%s: value %zu is not finite",
                                 what, k);
            }
            mpq_set_d(x->q[k], d);
        } else {
            x->i64[k] = i;
            mpz_set_si(mpq_numref(x->q[k]), (long)i);
        }
    }
    *out = x;
    return RC_OK;
}

/* ---- attributes ------------------------------------------------------------ */

const Onnx__AttributeProto *
onnx_attr(const onnx_ctx *c, const char *name)
{
    size_t k;

    for (k = 0; k < c->node->n_attribute; k++) {
        const Onnx__AttributeProto *a = c->node->attribute[k];
        if (a->name != NULL && strcmp(a->name, name) == 0)
            return a;
    }
    return NULL;
}

/* Is a of type want (or, in files without types, does it hold the field)? */
static int
attr_is(const Onnx__AttributeProto *a, Onnx__AttributeProto__AttributeType want,
        int has_field)
{
    return a->has_type ? a->type == want : has_field;
}

rc_status
onnx_attr_int(int64_t *v, onnx_ctx *c, const char *name, int64_t dflt)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);

    *v = dflt;
    if (a == NULL)
        return RC_OK;
    if (!attr_is(a, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT, a->has_i))
        return onnx_op_fail(c, "attribute %s is not an integer", name);
    *v = a->i;
    return RC_OK;
}

rc_status
onnx_attr_float(double *v, onnx_ctx *c, const char *name, double dflt)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);

    *v = dflt;
    if (a == NULL)
        return RC_OK;
    if (!attr_is(a, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT, a->has_f))
        return onnx_op_fail(c, "attribute %s is not a float", name);
    if (!isfinite(a->f))
        return onnx_op_fail(c, "attribute %s is not finite", name);
    *v = (double)a->f;
    return RC_OK;
}

rc_status
onnx_attr_ints(const int64_t **v, size_t *n, onnx_ctx *c, const char *name)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);

    *v = NULL;
    *n = 0;
    if (a == NULL)
        return RC_OK;
    if (!attr_is(a, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS, a->n_ints > 0))
        return onnx_op_fail(c, "attribute %s is not a list of integers", name);
    *v = a->ints;
    *n = a->n_ints;
    return RC_OK;
}

rc_status
onnx_attr_string(char *buf, size_t size, onnx_ctx *c, const char *name,
                 const char *dflt)
{
    const Onnx__AttributeProto *a = onnx_attr(c, name);
    size_t len;

    snprintf(buf, size, "%s", dflt);
    if (a == NULL)
        return RC_OK;
    if (!attr_is(a, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING, a->has_s))
        return onnx_op_fail(c, "attribute %s is not a string", name);
    len = a->s.len < size - 1 ? a->s.len : size - 1;
    if (len > 0)
        memcpy(buf, a->s.data, len);
    buf[len] = '\0';
    return RC_OK;
}

/* ---- the wire format ------------------------------------------------------- */

/* Read a varint at *pos (before end); -1 when malformed. */
static int
read_varint(const uint8_t *data, size_t *pos, size_t end, uint64_t *v)
{
    unsigned shift = 0;

    *v = 0;
    while (*pos < end && shift < 64) {
        uint8_t b = data[(*pos)++];
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 0;
        shift += 7;
    }
    return -1;
}

int
onnx_wire_check(const uint8_t *data, size_t size)
{
    struct {
        const ProtobufCMessageDescriptor *desc;
        size_t end;
    } stack[ONNX_MAX_DEPTH + 1];
    size_t depth = 0, pos = 0;

    stack[0].desc = &onnx__model_proto__descriptor;
    stack[0].end = size;
    for (;;) {
        uint64_t key, len;
        const ProtobufCFieldDescriptor *f;
        size_t end = stack[depth].end;

        if (pos == end) {
            if (depth == 0)
                return 0;
            depth--;
            continue;
        }
        if (read_varint(data, &pos, end, &key) != 0 || key >> 3 == 0
            || key >> 3 > 0x1fffffff)
            return -1;
        switch (key & 7) {
        case 0:
            if (read_varint(data, &pos, end, &len) != 0)
                return -1;
            break;
        case 1:
        case 5:
            if (end - pos < ((key & 7) == 1 ? 8u : 4u))
                return -1;
            pos += (key & 7) == 1 ? 8 : 4;
            break;
        case 2:
            if (read_varint(data, &pos, end, &len) != 0 || len > end - pos)
                return -1;
            f = stack[depth].desc == NULL ? NULL
                : protobuf_c_message_descriptor_get_field(stack[depth].desc,
                                                          (unsigned)(key >> 3));
            if (f != NULL && f->type == PROTOBUF_C_TYPE_MESSAGE) {
                if (depth == ONNX_MAX_DEPTH)
                    return -2;
                depth++;
                stack[depth].desc = f->descriptor;
                stack[depth].end = pos + (size_t)len;
            } else {
                pos += (size_t)len;
            }
            break;
        default:
            return -1;   /* groups: protobuf-c refuses them too */
        }
    }
}
