/* onnx_conv.c -- convolutions, average pooling and zero padding unrolled
 * into sparse linear maps.
 *
 * On a tensor [1, C, i_1..i_d] (d = 1, 2 or 3 spatial axes) each output
 * value of these operators is a fixed linear combination of input values:
 *     Conv           y[m, o] = B[m] + sum_{c, k} W[m, c, k] x[c, o s - p + k dil]
 *     ConvTranspose  y[m, o] = B[m] + sum over (c, i, k) with i s + k dil - p = o
 *                              of W[c, m, k] x[c, i]
 *     AveragePool    y[c, o] = mean of x[c, o s - p + k dil] over the window
 *     Pad            y[o] = x[o - p], or 0 outside the input.
 * Each row of the map lists those terms; onnx_affine_apply composes it into
 * the layer.  The dense matrix (outputs x inputs) is what limits the size:
 * operators whose matrix would pass ONNX_MAX_ENTRIES are refused. */
#include <stdlib.h>
#include <string.h>

#include "base/rational.h"
#include "io/onnx_internal.h"

#define MAX_SPATIAL 3

/* Window geometry on the d spatial axes. */
typedef struct geom {
    size_t d;
    size_t in[MAX_SPATIAL], out[MAX_SPATIAL], k[MAX_SPATIAL];
    size_t s[MAX_SPATIAL], dil[MAX_SPATIAL];
    long pb[MAX_SPATIAL], pe[MAX_SPATIAL];   /* pads at the begin and end */
} geom;

/* The product of v[0..d), or SIZE_MAX past ONNX_MAX_ENTRIES (the factors
 * are at most about 2^40 each, so no step overflows). */
static size_t
prod(const size_t *v, size_t d)
{
    size_t i, p = 1;

    for (i = 0; i < d; i++) {
        p *= v[i];
        if (p > ONNX_MAX_ENTRIES)
            return SIZE_MAX;
    }
    return p;
}

/* Refuse windows or outputs too large to unroll. */
static rc_status
check_extents(onnx_ctx *c, const geom *g)
{
    if (prod(g->k, g->d) == SIZE_MAX || prod(g->out, g->d) == SIZE_MAX)
        return onnx_op_fail(c, "a window or an output of more than %zu values "
                            "(relucells unrolls such operators for small inputs "
                            "only)", ONNX_MAX_ENTRIES);
    return RC_OK;
}

/* Multi-index o (d entries) of flat f in extent e. */
static void
unflat(size_t *o, size_t f, const size_t *e, size_t d)
{
    while (d-- > 0) {
        o[d] = f % e[d];
        f /= e[d];
    }
}

static size_t
flat(const size_t *o, const size_t *e, size_t d)
{
    size_t i, f = 0;

    for (i = 0; i < d; i++)
        f = f * e[i] + o[i];
    return f;
}

/* The activation must be [1, C, spatial...] with 1 to 3 spatial axes. */
static rc_status
check_image(onnx_ctx *c, const onnx_affine *a, const onnx_args *args)
{
    char b[96];

    if (args->act != 0)
        return onnx_op_fail(c, "only input 0 may depend on the network's input");
    if (a->shape.rank < 3 || a->shape.rank > 2 + MAX_SPATIAL || a->shape.dim[0] != 1)
        return onnx_op_fail(c, "input of shape %s: expected [1, C, spatial] "
                            "with 1 to %d spatial axes",
                            onnx_shape_text(b, sizeof b, &a->shape), MAX_SPATIAL);
    return RC_OK;
}

/* Fill strides, dilations, pads and the output extent of g from the node's
 * attributes (g->d, g->in and g->k set).  transpose: ConvTranspose's output
 * formula. */
static rc_status
geometry(geom *g, onnx_ctx *c, int transpose)
{
    const int64_t *v;
    size_t n, i;
    char pad[32];
    rc_status st;

    for (i = 0; i < g->d; i++) {
        g->s[i] = g->dil[i] = 1;
        g->pb[i] = g->pe[i] = 0;
    }
    if ((st = onnx_attr_ints(&v, &n, c, "strides")) != RC_OK)
        return st;
    for (i = 0; v != NULL && i < g->d; i++)
        if (n != g->d || v[i] < 1 || v[i] > 1 << 20)
            return onnx_op_fail(c, "bad strides");
        else
            g->s[i] = (size_t)v[i];
    if ((st = onnx_attr_ints(&v, &n, c, "dilations")) != RC_OK)
        return st;
    for (i = 0; v != NULL && i < g->d; i++)
        if (n != g->d || v[i] < 1 || v[i] > 1 << 20)
            return onnx_op_fail(c, "bad dilations");
        else
            g->dil[i] = (size_t)v[i];
    if ((st = onnx_attr_string(pad, sizeof pad, c, "auto_pad", "NOTSET")) != RC_OK
        || (st = onnx_attr_ints(&v, &n, c, "pads")) != RC_OK)
        return st;
    if (strcmp(pad, "NOTSET") == 0) {
        for (i = 0; v != NULL && i < g->d; i++) {
            if (n != 2 * g->d || v[i] < 0 || v[g->d + i] < 0 || v[i] > 1 << 20
                || v[g->d + i] > 1 << 20)
                return onnx_op_fail(c, "bad pads");
            g->pb[i] = (long)v[i];
            g->pe[i] = (long)v[g->d + i];
        }
    } else if (strcmp(pad, "VALID") != 0
               && (transpose || (strcmp(pad, "SAME_UPPER") != 0
                                 && strcmp(pad, "SAME_LOWER") != 0))) {
        return onnx_op_fail(c, "auto_pad %s is not supported", pad);
    }
    for (i = 0; i < g->d; i++) {
        long span = (long)((g->k[i] - 1) * g->dil[i] + 1), out;

        if (transpose) {
            out = (long)(g->s[i] * (g->in[i] - 1)) + span - g->pb[i] - g->pe[i];
        } else if (strncmp(pad, "SAME", 4) == 0) {
            long total;

            out = (long)((g->in[i] + g->s[i] - 1) / g->s[i]);
            total = (out - 1) * (long)g->s[i] + span - (long)g->in[i];
            total = total > 0 ? total : 0;
            g->pb[i] = strcmp(pad, "SAME_UPPER") == 0 ? total / 2 : total - total / 2;
            g->pe[i] = total - g->pb[i];
        } else {
            long padded = (long)g->in[i] + g->pb[i] + g->pe[i];

            out = padded < span ? 0 : (padded - span) / (long)g->s[i] + 1;
        }
        if (out < 1)
            return onnx_op_fail(c, "the window (%ld wide with dilation) does "
                                "not fit spatial axis %zu of %zu values", span,
                                i + 1, g->in[i]);
        g->out[i] = (size_t)out;
    }
    return RC_OK;
}

/* The kernel extent from kernel_shape, or from the weights' dims. */
static rc_status
kernel_shape(geom *g, onnx_ctx *c, const onnx_tensor *W)
{
    const int64_t *v;
    size_t n, i;
    rc_status st;

    if ((st = onnx_attr_ints(&v, &n, c, "kernel_shape")) != RC_OK)
        return st;
    if (v == NULL && W == NULL)
        return onnx_op_fail(c, "kernel_shape is missing");
    if (v != NULL && n != g->d)
        return onnx_op_fail(c, "kernel_shape has %zu entries for %zu spatial "
                            "axes", n, g->d);
    for (i = 0; i < g->d; i++) {
        int64_t k = v != NULL ? v[i] : (int64_t)W->shape.dim[2 + i];

        if (k < 1 || k > 1 << 20 || (W != NULL && (size_t)k != W->shape.dim[2 + i]))
            return onnx_op_fail(c, "bad kernel_shape");
        g->k[i] = (size_t)k;
    }
    return RC_OK;
}

/* Conv and ConvTranspose share everything but the map of positions. */
static rc_status
conv(onnx_affine *a, onnx_ctx *c, const onnx_args *args, int transpose)
{
    const onnx_tensor *W, *B;
    size_t C, M, G, Cg, Mg, nin, nout, nk, m, op, cc, kk, i;
    size_t o[MAX_SPATIAL], k[MAX_SPATIAL], ip[MAX_SPATIAL];
    int64_t group;
    onnx_shape out;
    onnx_lin T;
    geom g;
    rc_status st;
    const int64_t *v;
    size_t n;

    if ((st = check_image(c, a, args)) != RC_OK)
        return st;
    if (args->n < 2 || args->in[1] == NULL || args->in[1]->is_int)
        return onnx_op_fail(c, "the weights W are missing or not a constant");
    W = args->in[1];
    B = args->n > 2 ? args->in[2] : NULL;
    g.d = a->shape.rank - 2;
    C = a->shape.dim[1];
    if ((st = onnx_attr_int(&group, c, "group", 1)) != RC_OK)
        return st;
    if (transpose && ((st = onnx_attr_ints(&v, &n, c, "output_shape")) != RC_OK
                      || v != NULL))
        return st != RC_OK ? st : onnx_op_fail(c, "output_shape is not supported "
                                               "(give pads)");
    if (W->shape.rank != a->shape.rank || group < 1 || (size_t)group > C
        || C % (size_t)group != 0)
        return onnx_op_fail(c, "weights of rank %zu or group %lld do not fit "
                            "an input of rank %zu and %zu channels",
                            W->shape.rank, (long long)group, a->shape.rank, C);
    G = (size_t)group;
    Cg = C / G;
    if (transpose) {
        Mg = W->shape.dim[1];
        M = Mg * G;
        if (W->shape.dim[0] != C)
            return onnx_op_fail(c, "W has %zu input channels, the input %zu",
                                W->shape.dim[0], C);
    } else {
        M = W->shape.dim[0];
        Mg = M / G;
        if (W->shape.dim[1] != Cg || M % G != 0 || M == 0)
            return onnx_op_fail(c, "W of %zu x %zu channels does not fit %zu "
                                "input channels in %zu groups", M,
                                W->shape.dim[1], C, G);
    }
    if (B != NULL && (B->is_int || B->numel != M))
        return onnx_op_fail(c, "the bias must hold %zu values", M);
    for (i = 0; i < g.d; i++)
        g.in[i] = a->shape.dim[2 + i];
    if ((st = kernel_shape(&g, c, W)) != RC_OK
        || (st = geometry(&g, c, transpose)) != RC_OK)
        return st;
    if (transpose) {
        /* output_padding adds values at the end of each axis. */
        if ((st = onnx_attr_ints(&v, &n, c, "output_padding")) != RC_OK)
            return st;
        for (i = 0; v != NULL && i < g.d; i++) {
            if (n != g.d || v[i] < 0 || (size_t)v[i] >= g.s[i])
                return onnx_op_fail(c, "bad output_padding");
            g.out[i] += (size_t)v[i];
        }
    }
    if ((st = check_extents(c, &g)) != RC_OK)
        return st;
    nin = prod(g.in, g.d);
    nout = prod(g.out, g.d);
    nk = prod(g.k, g.d);
    out.rank = a->shape.rank;
    out.dim[0] = 1;
    out.dim[1] = M;
    for (i = 0; i < g.d; i++)
        out.dim[2 + i] = g.out[i];
    if ((st = onnx_check_size(c, M * nout, a->rows)) != RC_OK
        || (st = onnx_lin_init(&T, c, M * nout, a->rows, B != NULL)) != RC_OK)
        return st;
    for (m = 0; m < M; m++)
        for (op = 0; op < nout; op++) {
            unflat(o, op, g.out, g.d);
            for (cc = 0; cc < Cg; cc++) {
                size_t ch = (m / Mg) * Cg + cc;

                for (kk = 0; kk < nk && st == RC_OK; kk++) {
                    size_t w;

                    unflat(k, kk, g.k, g.d);
                    for (i = 0; i < g.d; i++) {
                        long x;

                        if (transpose) {
                            x = (long)o[i] + g.pb[i] - (long)(k[i] * g.dil[i]);
                            if (x < 0 || x % (long)g.s[i] != 0)
                                break;
                            x /= (long)g.s[i];
                        } else {
                            x = (long)(o[i] * g.s[i]) - g.pb[i]
                                + (long)(k[i] * g.dil[i]);
                        }
                        if (x < 0 || x >= (long)g.in[i])
                            break;
                        ip[i] = (size_t)x;
                    }
                    if (i < g.d)
                        continue;
                    w = transpose ? (ch * Mg + m % Mg) * nk + kk
                                  : (m * Cg + cc) * nk + kk;
                    st = onnx_lin_push(&T, c, ch * nin + flat(ip, g.in, g.d),
                                       W->q[w]);
                }
            }
            if (B != NULL)
                mpq_set(T.t[m * nout + op], B->q[m]);
            onnx_lin_end_row(&T);
        }
    if (st == RC_OK)
        st = onnx_affine_apply(a, c, &T, &out);
    onnx_lin_clear(&T);
    return st;
}

rc_status
onnx_op_conv(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return conv(a, c, args, 0);
}

rc_status
onnx_op_conv_transpose(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return conv(a, c, args, 1);
}

/* Average over windows (global: one window, the whole image). */
static rc_status
average(onnx_affine *a, onnx_ctx *c, const onnx_args *args, int global)
{
    size_t C, nin, nout, nk, ch, op, kk, i, cnt;
    size_t o[MAX_SPATIAL], k[MAX_SPATIAL], ip[MAX_SPATIAL];
    size_t *cols = NULL;
    int64_t include_pad = 0, ceil_mode = 0;
    onnx_shape out;
    onnx_lin T;
    geom g;
    mpq_t *inv;
    rc_status st;

    if ((st = check_image(c, a, args)) != RC_OK)
        return st;
    g.d = a->shape.rank - 2;
    C = a->shape.dim[1];
    for (i = 0; i < g.d; i++)
        g.in[i] = a->shape.dim[2 + i];
    if (global) {
        for (i = 0; i < g.d; i++) {
            g.k[i] = g.in[i];
            g.out[i] = g.s[i] = g.dil[i] = 1;
            g.pb[i] = g.pe[i] = 0;
        }
    } else if ((st = onnx_attr_int(&include_pad, c, "count_include_pad", 0)) != RC_OK
               || (st = onnx_attr_int(&ceil_mode, c, "ceil_mode", 0)) != RC_OK
               || (st = kernel_shape(&g, c, NULL)) != RC_OK) {
        return st;
    } else if (ceil_mode) {
        return onnx_op_fail(c, "ceil_mode=1 is not supported");
    } else if ((st = geometry(&g, c, 0)) != RC_OK) {
        return st;
    }
    if ((st = check_extents(c, &g)) != RC_OK)
        return st;
    nin = prod(g.in, g.d);
    nout = prod(g.out, g.d);
    nk = prod(g.k, g.d);
    out = a->shape;
    for (i = 0; i < g.d; i++)
        out.dim[2 + i] = g.out[i];
    if ((st = onnx_check_size(c, C * nout, a->rows)) != RC_OK)
        return st;
    /* The map references its coefficients: 1/j for every count j. */
    cols = malloc(nk * sizeof *cols);
    inv = rc_mpq_array_new(nk + 1);
    if (cols == NULL || inv == NULL) {
        free(cols);
        rc_mpq_array_free(inv, nk + 1);
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    }
    for (i = 1; i <= nk; i++)
        mpq_set_ui(inv[i], 1, (unsigned long)i);
    if ((st = onnx_lin_init(&T, c, C * nout, a->rows, 0)) != RC_OK) {
        free(cols);
        rc_mpq_array_free(inv, nk + 1);
        return st;
    }
    for (ch = 0; ch < C; ch++)
        for (op = 0; op < nout; op++) {
            unflat(o, op, g.out, g.d);
            for (kk = 0, cnt = 0; kk < nk; kk++) {
                unflat(k, kk, g.k, g.d);
                for (i = 0; i < g.d; i++) {
                    long x = (long)(o[i] * g.s[i]) - g.pb[i] + (long)(k[i] * g.dil[i]);
                    if (x < 0 || x >= (long)g.in[i])
                        break;
                    ip[i] = (size_t)x;
                }
                if (i == g.d)
                    cols[cnt++] = ch * nin + flat(ip, g.in, g.d);
            }
            /* Without ceil_mode every window lies in the padded input, so
             * counting the padding means dividing by the window's size. */
            if (cnt == 0) {
                st = onnx_op_fail(c, "a window holds only padding");
                break;
            }
            for (i = 0; i < cnt && st == RC_OK; i++)
                st = onnx_lin_push(&T, c, cols[i], inv[include_pad ? nk : cnt]);
            onnx_lin_end_row(&T);
        }
    if (st == RC_OK)
        st = onnx_affine_apply(a, c, &T, &out);
    onnx_lin_clear(&T);
    rc_mpq_array_free(inv, nk + 1);
    free(cols);
    return st;
}

rc_status
onnx_op_average_pool(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return average(a, c, args, 0);
}

rc_status
onnx_op_global_average_pool(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    return average(a, c, args, 1);
}

/* Pad with zeros (mode "constant", value 0); negative pads crop. */
rc_status
onnx_op_pad(onnx_affine *a, onnx_ctx *c, const onnx_args *args)
{
    const int64_t *pads = NULL, *axes = NULL;
    size_t np = 0, na = 0, r = a->shape.rank, i, f;
    long pb[ONNX_MAX_RANK] = {0}, pe[ONNX_MAX_RANK] = {0};
    size_t o[ONNX_MAX_RANK], ip[ONNX_MAX_RANK];
    size_t in[ONNX_MAX_RANK], ext[ONNX_MAX_RANK];
    char mode[32];
    double value = 0.0;
    onnx_shape out;
    onnx_lin T;
    mpq_t one;
    rc_status st;

    if (args->act != 0)
        return onnx_op_fail(c, "only input 0 may depend on the network's input");
    if ((st = onnx_attr_string(mode, sizeof mode, c, "mode", "constant")) != RC_OK)
        return st;
    if (strcmp(mode, "constant") != 0)
        return onnx_op_fail(c, "mode %s is not supported (only constant zeros)",
                            mode);
    if (c->opset < 11) {
        if ((st = onnx_attr_ints(&pads, &np, c, "pads")) != RC_OK
            || (st = onnx_attr_float(&value, c, "value", 0.0)) != RC_OK)
            return st;
    } else {
        if (args->n < 2 || args->in[1] == NULL || !args->in[1]->is_int)
            return onnx_op_fail(c, "the pads input is missing or not integers");
        pads = args->in[1]->i64;
        np = args->in[1]->numel;
        if (args->n > 2 && args->in[2] != NULL) {
            if (args->in[2]->numel != 1)
                return onnx_op_fail(c, "constant_value is not one value");
            value = mpq_sgn(args->in[2]->q[0]) != 0;
        }
        if (args->n > 3 && args->in[3] != NULL) {
            if (!args->in[3]->is_int)
                return onnx_op_fail(c, "axes is not integers");
            axes = args->in[3]->i64;
            na = args->in[3]->numel;
        }
    }
    if (value != 0.0)
        return onnx_op_fail(c, "padding with a non-zero value is not supported");
    if (axes == NULL)
        na = r;
    if (pads == NULL || np != 2 * na)
        return onnx_op_fail(c, "pads has %zu entries, expected %zu", np, 2 * na);
    for (i = 0; i < na; i++) {
        int64_t ax = axes != NULL ? axes[i] : (int64_t)i;

        if (ax < 0)
            ax += (int64_t)r;
        if (ax < 0 || ax >= (int64_t)r || pads[i] < -(1 << 20) || pads[i] > 1 << 20
            || pads[na + i] < -(1 << 20) || pads[na + i] > 1 << 20)
            return onnx_op_fail(c, "bad pads or axes");
        pb[ax] = (long)pads[i];
        pe[ax] = (long)pads[na + i];
    }
    out.rank = r;
    for (i = 0; i < r; i++) {
        long e = (long)a->shape.dim[i] + pb[i] + pe[i];

        if (e < 1)
            return onnx_op_fail(c, "axis %zu would have %ld values", i, e);
        in[i] = a->shape.dim[i];
        ext[i] = out.dim[i] = (size_t)e;
    }
    f = onnx_shape_numel(&out);
    if ((st = onnx_check_size(c, f, a->rows)) != RC_OK
        || (st = onnx_lin_init(&T, c, f, a->rows, 0)) != RC_OK)
        return st;
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    for (f = 0; f < T.rows && st == RC_OK; f++) {
        unflat(o, f, ext, r);
        for (i = 0; i < r; i++) {
            long x = (long)o[i] - pb[i];
            if (x < 0 || x >= (long)in[i])
                break;
            ip[i] = (size_t)x;
        }
        if (i == r)
            st = onnx_lin_push(&T, c, flat(ip, in, r), one);
        onnx_lin_end_row(&T);
    }
    if (st == RC_OK)
        st = onnx_affine_apply(a, c, &T, &out);
    mpq_clear(one);
    onnx_lin_clear(&T);
    return st;
}
