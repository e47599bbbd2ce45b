/* onnx_fold.c -- the ONNX operators that fold into the affine map between
 * ReLUs: reshapes, transposes, element-wise operators with a constant,
 * MatMul, Gemm and BatchNormalization (onnx_conv.c has the convolutions).
 *
 * The activation is M h + v (onnx_internal.h, onnx_affine.c).  An operator
 * that is a linear map T with offset t of the flattened tensors turns it
 * into (T M) h + (T v + t); an element-wise shift only changes v, an
 * element-wise scale only rescales the rows, and a reshape changes nothing
 * but the shape (ONNX tensors are row-major, so Flatten, Reshape, Squeeze
 * and Unsqueeze keep the order of the values).  All of it is exact rational
 * arithmetic: the network is the graph's function over the reals.  The one
 * value that cannot be exact is BatchNormalization's 1 / sqrt(var + epsilon)
 * when var + epsilon is not the square of a rational; it is then the double
 * nearest to scale / sqrt(var + epsilon), computed in double precision. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rational.h"
#include "io/onnx_internal.h"

/* ---- helpers of the operators ---------------------------------------------- */

static rc_status
need_act(onnx_ctx *c, const onnx_args *args, size_t k)
{
    if (args->act != k)
        return onnx_op_fail(c, "only input %zu may depend on the network's "
                            "input (input %zu does)", k, args->act);
    return RC_OK;
}

static rc_status
need_const(onnx_ctx *c, const onnx_args *args, size_t k, const char *what)
{
    if (k >= args->n || args->in[k] == NULL)
        return onnx_op_fail(c, "input %zu (%s) is missing", k, what);
    return RC_OK;
}

/* Multi-index o (rank r) of flat index f in shape s. */
static void
unflatten(size_t *o, size_t f, const onnx_shape *s)
{
    size_t k = s->rank;

    while (k-- > 0) {
        o[k] = s->dim[k] ? f % s->dim[k] : 0;
        f = s->dim[k] ? f / s->dim[k] : 0;
    }
}

/* Numpy broadcasting of a constant of shape cs against the activation's
 * shape as: the result shape *out, which must have as many values as the
 * activation (a constant may not enlarge it), and for every value of the
 * result the index of the constant's value (*idx, malloc'd). */
static rc_status
broadcast(size_t **idx, onnx_shape *out, onnx_ctx *c, const onnx_shape *as,
          const onnx_shape *cs)
{
    size_t r = as->rank > cs->rank ? as->rank : cs->rank, k, i, n;
    size_t o[ONNX_MAX_RANK], stride[ONNX_MAX_RANK], st = 1;
    onnx_shape A = *as, Cs = *cs;   /* out may be either of them */
    char b1[96], b2[96];

    as = &A;
    cs = &Cs;
    *idx = NULL;
    out->rank = r;
    for (k = 0; k < r; k++) {
        size_t ad = k + as->rank >= r ? as->dim[k + as->rank - r] : 1;
        size_t cd = k + cs->rank >= r ? cs->dim[k + cs->rank - r] : 1;

        if (ad != cd && ad != 1 && cd != 1)
            return onnx_op_fail(c, "shapes %s and %s do not broadcast",
                                onnx_shape_text(b1, sizeof b1, as),
                                onnx_shape_text(b2, sizeof b2, cs));
        out->dim[k] = ad == 1 ? cd : ad;
    }
    n = onnx_shape_numel(out);
    if (n != onnx_shape_numel(as))
        return onnx_op_fail(c, "the constant of shape %s would enlarge the "
                            "tensor of shape %s (broadcasting): not supported",
                            onnx_shape_text(b1, sizeof b1, cs),
                            onnx_shape_text(b2, sizeof b2, as));
    for (k = r; k-- > 0;) {
        size_t cd = k + cs->rank >= r ? cs->dim[k + cs->rank - r] : 1;
        stride[k] = cd == 1 ? 0 : st;
        st *= cd;
    }
    *idx = malloc((n ? n : 1) * sizeof **idx);
    if (*idx == NULL)
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        size_t f = 0;

        unflatten(o, i, out);
        for (k = 0; k < r; k++)
            f += o[k] * stride[k];
        (*idx)[i] = f;
    }
    return RC_OK;
}

/* Axis a of rank r, negative counting from the end. */
static rc_status
norm_axis(size_t *out, onnx_ctx *c, int64_t a, size_t r)
{
    if (a < -(int64_t)r || a >= (int64_t)r)
        return onnx_op_fail(c, "axis %lld is out of range for rank %zu",
                            (long long)a, r);
    *out = (size_t)(a < 0 ? a + (int64_t)r : a);
    return RC_OK;
}

/* The integer values of an optional constant input k, or of the attribute
 * name in opsets before since (where the input did not exist yet). */
static rc_status
ints_input_or_attr(const int64_t **v, size_t *n, onnx_ctx *c,
                   const onnx_args *args, size_t k, const char *name,
                   long since)
{
    if (c->opset < since)
        return onnx_attr_ints(v, n, c, name);
    *v = NULL;
    *n = 0;
    if (k < args->n && args->in[k] != NULL) {
        if (!args->in[k]->is_int)
            return onnx_op_fail(c, "input %zu (%s) is not an integer tensor",
                                k, name);
        *v = args->in[k]->i64;
        *n = args->in[k]->numel;
    }
    return RC_OK;
}

static rc_status
set_shape(onnx_affine *a, onnx_ctx *c, const onnx_shape *s)
{
    char b1[96], b2[96];

    if (s->rank > ONNX_MAX_RANK)
        return onnx_op_fail(c, "rank %zu is more than %d", s->rank, ONNX_MAX_RANK);
    if (onnx_shape_numel(s) != a->rows)
        return onnx_op_fail(c, "shape %s does not hold the %zu values of %s",
                            onnx_shape_text(b1, sizeof b1, s), a->rows,
                            onnx_shape_text(b2, sizeof b2, &a->shape));
    a->shape = *s;
    return RC_OK;
}

/* ---- shape operators ------------------------------------------------------- */

static rc_status
op_identity(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return need_act(c, args, 0);
}

static rc_status
op_cast(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    int64_t to;
    rc_status st;

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = onnx_attr_int(&to, c, "to", 0)) != RC_OK)
        return st;
    if (!onnx_is_float_type((int32_t)to))
        return onnx_op_fail(c, "a cast to element type %lld (not floating "
                            "point) is not supported", (long long)to);
    return RC_OK;
}

static rc_status
op_flatten(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    int64_t axis;
    size_t k, ax = 0;
    onnx_shape s;
    rc_status st;

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = onnx_attr_int(&axis, c, "axis", 1)) != RC_OK)
        return st;
    /* axis == rank is allowed: everything goes to the first dimension. */
    if (axis == (int64_t)a->shape.rank)
        ax = a->shape.rank;
    else if ((st = norm_axis(&ax, c, axis, a->shape.rank)) != RC_OK)
        return st;
    s.rank = 2;
    s.dim[0] = s.dim[1] = 1;
    for (k = 0; k < a->shape.rank; k++)
        s.dim[k < ax ? 0 : 1] *= a->shape.dim[k];
    return set_shape(a, c, &s);
}

static rc_status
op_reshape(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    const onnx_tensor *sh;
    int64_t allowzero;
    size_t k, known = 1, infer = SIZE_MAX;
    onnx_shape s;
    rc_status st;

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = need_const(c, args, 1, "shape")) != RC_OK
        || (st = onnx_attr_int(&allowzero, c, "allowzero", 0)) != RC_OK)
        return st;
    sh = args->in[1];
    if (!sh->is_int || sh->shape.rank != 1)
        return onnx_op_fail(c, "the shape is not a list of integers");
    if (sh->numel > ONNX_MAX_RANK)
        return onnx_op_fail(c, "rank %zu is more than %d", sh->numel, ONNX_MAX_RANK);
    s.rank = sh->numel;
    for (k = 0; k < s.rank; k++) {
        int64_t d = sh->i64[k];

        if (d == 0 && !allowzero) {
            if (k >= a->shape.rank)
                return onnx_op_fail(c, "shape entry %zu copies a dimension "
                                    "the input does not have", k);
            s.dim[k] = a->shape.dim[k];
        } else if (d == -1 && infer == SIZE_MAX) {
            infer = k;
            s.dim[k] = 1;
            continue;
        } else if (d < 0 || (uint64_t)d > ONNX_MAX_ENTRIES) {
            return onnx_op_fail(c, "shape entry %zu is %lld", k, (long long)d);
        } else {
            s.dim[k] = (size_t)d;
        }
        known *= s.dim[k];
    }
    if (infer != SIZE_MAX) {
        if (known == 0 || a->rows % known != 0)
            return onnx_op_fail(c, "cannot infer dimension %zu: %zu values "
                                "in blocks of %zu", infer, a->rows, known);
        s.dim[infer] = a->rows / known;
    }
    return set_shape(a, c, &s);
}

static rc_status
op_squeeze(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    const int64_t *axes;
    size_t n, k, ax = 0;
    unsigned char drop[ONNX_MAX_RANK] = {0};
    onnx_shape s;
    rc_status st;

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = ints_input_or_attr(&axes, &n, c, args, 1, "axes", 13)) != RC_OK)
        return st;
    for (k = 0; k < a->shape.rank; k++)
        drop[k] = axes == NULL && a->shape.dim[k] == 1;
    for (k = 0; k < n; k++) {
        if ((st = norm_axis(&ax, c, axes[k], a->shape.rank)) != RC_OK)
            return st;
        if (a->shape.dim[ax] != 1)
            return onnx_op_fail(c, "cannot squeeze axis %zu of size %zu", ax,
                                a->shape.dim[ax]);
        drop[ax] = 1;
    }
    s.rank = 0;
    for (k = 0; k < a->shape.rank; k++)
        if (!drop[k])
            s.dim[s.rank++] = a->shape.dim[k];
    return set_shape(a, c, &s);
}

static rc_status
op_unsqueeze(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    const int64_t *axes;
    size_t n, k, j = 0, ax = 0;
    unsigned char add[ONNX_MAX_RANK] = {0};
    onnx_shape s;
    rc_status st;

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = ints_input_or_attr(&axes, &n, c, args, 1, "axes", 13)) != RC_OK)
        return st;
    if (axes == NULL)
        return onnx_op_fail(c, "no axes given");
    s.rank = a->shape.rank + n;
    if (s.rank > ONNX_MAX_RANK)
        return onnx_op_fail(c, "rank %zu is more than %d", s.rank, ONNX_MAX_RANK);
    for (k = 0; k < n; k++) {
        if ((st = norm_axis(&ax, c, axes[k], s.rank)) != RC_OK)
            return st;
        if (add[ax])
            return onnx_op_fail(c, "axis %zu is given twice", ax);
        add[ax] = 1;
    }
    for (k = 0; k < s.rank; k++)
        s.dim[k] = add[k] ? 1 : a->shape.dim[j++];
    return set_shape(a, c, &s);
}

static rc_status
op_transpose(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    const int64_t *perm;
    size_t n, k, i, r = a->shape.rank, o[ONNX_MAX_RANK], p[ONNX_MAX_RANK];
    size_t in_stride[ONNX_MAX_RANK];
    unsigned char seen[ONNX_MAX_RANK] = {0};
    onnx_shape s;
    onnx_lin T;
    mpq_t one;
    rc_status st;

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = onnx_attr_ints(&perm, &n, c, "perm")) != RC_OK)
        return st;
    if (perm != NULL && n != r)
        return onnx_op_fail(c, "perm has %zu entries for rank %zu", n, r);
    for (k = 0; k < r; k++) {
        p[k] = perm != NULL ? (size_t)perm[k] : r - 1 - k;
        if (perm != NULL && (perm[k] < 0 || perm[k] >= (int64_t)r || seen[p[k]]))
            return onnx_op_fail(c, "perm is not a permutation of 0..%zu", r - 1);
        seen[p[k]] = 1;
    }
    s.rank = r;
    for (k = 0; k < r; k++)
        s.dim[k] = a->shape.dim[p[k]];
    for (k = r, i = 1; k-- > 0;) {
        in_stride[k] = i;
        i *= a->shape.dim[k];
    }
    if ((st = onnx_lin_init(&T, c, a->rows, a->rows, 0)) != RC_OK)
        return st;
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    for (i = 0; i < a->rows && st == RC_OK; i++) {
        size_t f = 0;

        unflatten(o, i, &s);
        for (k = 0; k < r; k++)
            f += o[k] * in_stride[p[k]];
        st = onnx_lin_push(&T, c, f, one);
        onnx_lin_end_row(&T);
    }
    if (st == RC_OK)
        st = onnx_affine_apply(a, c, &T, &s);
    mpq_clear(one);
    onnx_lin_clear(&T);
    return st;
}

/* ---- element-wise operators with a constant -------------------------------- */

/* Add, Sub, Mul, Div with one constant operand; which: '+', '-', '*', '/'. */
static rc_status
elementwise(onnx_affine *a, onnx_ctx *c, const onnx_args *args, char which)
{
    const onnx_tensor *k;
    onnx_tensor *inv = NULL;
    size_t *idx = NULL, i;
    onnx_shape out;
    rc_status st;

    if (args->n != 2 || args->in[1 - args->act] == NULL)
        return onnx_op_fail(c, "expected the activation and one constant");
    k = args->in[1 - args->act];
    if (k->is_int)
        return onnx_op_fail(c, "the constant is an integer tensor");
    if (which == '/' && args->act == 1)
        return onnx_op_fail(c, "dividing by the network's activation is not "
                            "linear");
    if ((st = broadcast(&idx, &out, c, &a->shape, &k->shape)) != RC_OK)
        return st;
    if (which == '/') {
        if ((st = onnx_tensor_new(&inv, c, &k->shape, 0)) != RC_OK)
            goto done;
        for (i = 0; i < k->numel; i++) {
            if (mpq_sgn(k->q[i]) == 0) {
                st = onnx_op_fail(c, "division by zero (value %zu of the "
                                  "constant)", i);
                goto done;
            }
            mpq_inv(inv->q[i], k->q[i]);
        }
    }
    switch (which) {
    case '+': st = onnx_affine_elementwise(a, c, NULL, k, idx, 0); break;
    /* x - k, or k - x = -x + k */
    case '-':
        if (args->act == 0) {
            if ((st = onnx_tensor_new(&inv, c, &k->shape, 0)) != RC_OK)
                goto done;
            for (i = 0; i < k->numel; i++)
                mpq_neg(inv->q[i], k->q[i]);
            st = onnx_affine_elementwise(a, c, NULL, inv, idx, 0);
        } else {
            st = onnx_affine_elementwise(a, c, NULL, k, idx, 1);
        }
        break;
    case '*': st = onnx_affine_elementwise(a, c, k, NULL, idx, 0); break;
    default: st = onnx_affine_elementwise(a, c, inv, NULL, idx, 0); break;
    }
    if (st == RC_OK)
        a->shape = out;
done:
    onnx_tensor_free(inv);
    free(idx);
    return st;
}

static rc_status
op_add(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return elementwise(a, c, args, '+');
}

static rc_status
op_sub(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return elementwise(a, c, args, '-');
}

static rc_status
op_mul(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return elementwise(a, c, args, '*');
}

static rc_status
op_div(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return elementwise(a, c, args, '/');
}

static rc_status
op_neg(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    rc_status st = need_act(c, args, 0);

    return st != RC_OK ? st : onnx_affine_elementwise(a, c, NULL, NULL, NULL, 1);
}

/* ---- dense operators -------------------------------------------------------- */

/* x W with x of shape [..., p] and W [p, q] (or [p]), or W x with W [a, p]
 * and x [..., p, q] (or [p]): numpy's matmul with one constant factor. */
static rc_status
op_matmul(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    const onnx_tensor *W = args->in[1 - args->act];
    const onnx_shape *xs = &a->shape;
    size_t p, q, lead, i, j, k, r;
    onnx_shape out;
    onnx_lin T;
    rc_status st = RC_OK;
    char b1[96], b2[96];

    if (args->n != 2 || W == NULL || W->is_int)
        return onnx_op_fail(c, "expected the activation and a constant matrix");
    if (xs->rank < 1 || W->shape.rank < 1 || W->shape.rank > 2
        || (args->act == 1 && W->shape.rank != 2))
        goto shapes;
    out = *xs;
    if (args->act == 0) {
        /* out[r, j] = sum_k x[r, k] W[k, j] */
        p = W->shape.dim[0];
        q = W->shape.rank == 2 ? W->shape.dim[1] : 1;
        if (xs->dim[xs->rank - 1] != p || p == 0)
            goto shapes;
        lead = a->rows / p;
        if (W->shape.rank == 2)
            out.dim[out.rank - 1] = q;
        else
            out.rank--;
        if ((st = onnx_check_size(c, lead * q, a->rows)) != RC_OK
            || (st = onnx_lin_init(&T, c, lead * q, a->rows, 0)) != RC_OK)
            return st;
        for (r = 0; r < lead; r++)
            for (j = 0; j < q; j++) {
                for (k = 0; k < p && st == RC_OK; k++)
                    st = onnx_lin_push(&T, c, r * p + k, W->q[k * q + j]);
                onnx_lin_end_row(&T);
            }
    } else {
        /* out[l, i, j] = sum_k W[i, k] x[l, k, j], x of shape [..., p, q] */
        size_t m = W->shape.dim[0];

        p = W->shape.dim[1];
        q = xs->rank >= 2 ? xs->dim[xs->rank - 1] : 1;
        if ((xs->rank >= 2 ? xs->dim[xs->rank - 2] : xs->dim[0]) != p || p == 0
            || q == 0)
            goto shapes;
        lead = a->rows / (p * q);
        out.dim[xs->rank >= 2 ? out.rank - 2 : 0] = m;
        if ((st = onnx_check_size(c, lead * m * q, a->rows)) != RC_OK
            || (st = onnx_lin_init(&T, c, lead * m * q, a->rows, 0)) != RC_OK)
            return st;
        for (r = 0; r < lead; r++)
            for (i = 0; i < m; i++)
                for (j = 0; j < q; j++) {
                    for (k = 0; k < p && st == RC_OK; k++)
                        st = onnx_lin_push(&T, c, (r * p + k) * q + j,
                                           W->q[i * p + k]);
                    onnx_lin_end_row(&T);
                }
    }
    if (st == RC_OK)
        st = onnx_affine_apply(a, c, &T, &out);
    onnx_lin_clear(&T);
    return st;

shapes:
    return onnx_op_fail(c, "shapes %s and %s do not multiply (a constant "
                        "matrix and one activation are supported)",
                        onnx_shape_text(b1, sizeof b1, args->act == 0 ? xs : &W->shape),
                        onnx_shape_text(b2, sizeof b2, args->act == 0 ? &W->shape : xs));
}

/* Y = alpha A' B' + beta C, A' = A or its transpose (the activation, 2-D),
 * B' likewise (a constant), C broadcast to Y. */
static rc_status
op_gemm(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    const onnx_tensor *B, *C;
    int64_t ta, tb;
    double alpha_d, beta_d;
    size_t m, p, n, i, j, k, *idx = NULL;
    onnx_shape out;
    onnx_lin T;
    mpq_t alpha, beta;
    rc_status st;
    char b1[96], b2[96];

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = need_const(c, args, 1, "B")) != RC_OK
        || (st = onnx_attr_int(&ta, c, "transA", 0)) != RC_OK
        || (st = onnx_attr_int(&tb, c, "transB", 0)) != RC_OK
        || (st = onnx_attr_float(&alpha_d, c, "alpha", 1.0)) != RC_OK
        || (st = onnx_attr_float(&beta_d, c, "beta", 1.0)) != RC_OK)
        return st;
    B = args->in[1];
    C = args->n > 2 ? args->in[2] : NULL;
    if (a->shape.rank != 2 || B->shape.rank != 2 || B->is_int
        || (C != NULL && C->is_int))
        return onnx_op_fail(c, "A %s and B %s must be matrices",
                            onnx_shape_text(b1, sizeof b1, &a->shape),
                            onnx_shape_text(b2, sizeof b2, &B->shape));
    m = a->shape.dim[ta ? 1 : 0];
    p = a->shape.dim[ta ? 0 : 1];
    n = B->shape.dim[tb ? 0 : 1];
    if (B->shape.dim[tb ? 1 : 0] != p)
        return onnx_op_fail(c, "A' has %zu columns, B' %zu rows", p,
                            B->shape.dim[tb ? 1 : 0]);
    out.rank = 2;
    out.dim[0] = m;
    out.dim[1] = n;
    if (C != NULL && (st = broadcast(&idx, &out, c, &out, &C->shape)) != RC_OK)
        return st;
    if ((st = onnx_check_size(c, m * n, a->rows)) != RC_OK
        || (st = onnx_lin_init(&T, c, m * n, a->rows, 0)) != RC_OK) {
        free(idx);
        return st;
    }
    mpq_init(alpha);
    mpq_init(beta);
    mpq_set_d(alpha, alpha_d);
    mpq_set_d(beta, beta_d);
    /* T holds B' (referenced); alpha scales the result, then beta C
     * shifts it: (alpha T) x + beta C. */
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            for (k = 0; k < p && st == RC_OK; k++)
                st = onnx_lin_push(&T, c, ta ? k * m + i : i * p + k,
                                   B->q[tb ? j * p + k : k * n + j]);
            onnx_lin_end_row(&T);
        }
    if (st == RC_OK)
        st = onnx_affine_apply(a, c, &T, &out);
    if (st == RC_OK && mpq_cmp_ui(alpha, 1, 1) != 0)
        st = onnx_affine_scale(a, c, alpha);
    for (i = 0; st == RC_OK && C != NULL && i < m * n; i++) {
        mpq_mul(alpha, beta, C->q[idx[i]]);
        mpq_add(a->v[i], a->v[i], alpha);
    }
    mpq_clear(alpha);
    mpq_clear(beta);
    onnx_lin_clear(&T);
    free(idx);
    return st;
}

/* y = scale (x - mean) / sqrt(var + epsilon) + B per channel (axis 1). */
static rc_status
op_batchnorm(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    static const char *const names[5] = {"X", "scale", "B", "mean", "var"};
    onnx_tensor *f = NULL, *g = NULL;
    onnx_shape cs, out;
    size_t k, C, *idx = NULL;
    int64_t training, spatial;
    double eps_d;
    mpq_t s, r, eps;
    rc_status st;

    if ((st = need_act(c, args, 0)) != RC_OK
        || (st = onnx_attr_float(&eps_d, c, "epsilon", 1e-5f)) != RC_OK
        || (st = onnx_attr_int(&training, c, "training_mode", 0)) != RC_OK
        || (st = onnx_attr_int(&spatial, c, "spatial", 1)) != RC_OK)
        return st;
    for (k = 1; k < 5; k++)
        if ((st = need_const(c, args, k, names[k])) != RC_OK)
            return st;
    if (training)
        return onnx_op_fail(c, "training mode is not supported");
    if (!spatial)
        return onnx_op_fail(c, "spatial=0 is not supported");
    if (a->shape.rank < 2)
        return onnx_op_fail(c, "the input has no channel axis");
    C = a->shape.dim[1];
    for (k = 1; k < 5; k++)
        if (args->in[k]->numel != C || args->in[k]->is_int)
            return onnx_op_fail(c, "%s must hold %zu values, one per channel",
                                names[k], C);
    /* The per-channel factor and offset, broadcast along axis 1. */
    cs.rank = a->shape.rank - 1;
    cs.dim[0] = C;
    for (k = 1; k < cs.rank; k++)
        cs.dim[k] = 1;
    if ((st = onnx_tensor_new(&f, c, &cs, 0)) != RC_OK
        || (st = onnx_tensor_new(&g, c, &cs, 0)) != RC_OK
        || (st = broadcast(&idx, &out, c, &a->shape, &cs)) != RC_OK)
        goto done;
    mpq_init(s);
    mpq_init(r);
    mpq_init(eps);
    mpq_set_d(eps, eps_d);
    for (k = 0; k < C && st == RC_OK; k++) {
        mpq_add(s, args->in[4]->q[k], eps);
        if (mpq_sgn(s) <= 0) {
            st = onnx_op_fail(c, "var + epsilon is not positive (channel %zu)", k);
            break;
        }
        if (mpz_perfect_square_p(mpq_numref(s))
            && mpz_perfect_square_p(mpq_denref(s))) {
            /* sqrt(p/q) = sqrt(p)/sqrt(q): the factor is exact. */
            mpz_sqrt(mpq_numref(r), mpq_numref(s));
            mpz_sqrt(mpq_denref(r), mpq_denref(s));
            mpq_div(f->q[k], args->in[1]->q[k], r);
            c->bn_exact++;
        } else {
            double fd = rc_q_get_d(args->in[1]->q[k]) / sqrt(rc_q_get_d(s));

            if (!isfinite(fd)) {
                st = onnx_op_fail(c, "scale / sqrt(var + epsilon) is too large "
                                  "for a double (channel %zu)", k);
                break;
            }
            mpq_set_d(f->q[k], fd);
            c->bn_rounded++;
        }
        mpq_mul(g->q[k], f->q[k], args->in[3]->q[k]);
        mpq_sub(g->q[k], args->in[2]->q[k], g->q[k]);
    }
    mpq_clear(s);
    mpq_clear(r);
    mpq_clear(eps);
    if (st == RC_OK)
        st = onnx_affine_elementwise(a, c, f, g, idx, 0);
done:
    onnx_tensor_free(f);
    onnx_tensor_free(g);
    free(idx);
    return st;
}

/* ---- the table -------------------------------------------------------------- */

static const struct {
    const char *name;
    onnx_op_fn fn;
} fold_ops[] = {
    {"Identity", op_identity}, {"Dropout", op_identity}, {"Cast", op_cast},
    {"Flatten", op_flatten}, {"Reshape", op_reshape},
    {"Squeeze", op_squeeze}, {"Unsqueeze", op_unsqueeze},
    {"Transpose", op_transpose},
    {"Add", op_add}, {"Sub", op_sub}, {"Mul", op_mul}, {"Div", op_div},
    {"Neg", op_neg},
    {"MatMul", op_matmul}, {"Gemm", op_gemm},
    {"BatchNormalization", op_batchnorm},
    {"Conv", onnx_op_conv}, {"ConvTranspose", onnx_op_conv_transpose},
    {"AveragePool", onnx_op_average_pool},
    {"GlobalAveragePool", onnx_op_global_average_pool},
    {"Pad", onnx_op_pad},
};

onnx_op_fn
onnx_fold_op(const char *op_type)
{
    size_t k;

    for (k = 0; k < sizeof fold_ops / sizeof fold_ops[0]; k++)
        if (strcmp(fold_ops[k].name, op_type) == 0)
            return fold_ops[k].fn;
    return NULL;
}
