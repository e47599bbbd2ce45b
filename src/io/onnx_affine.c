/* onnx_affine.c -- the affine map from the last ReLU to the activation,
 * and the sparse linear maps composed into it.
 *
 * activation = M h + v, exactly; applying y = T x + t gives
 * (T M) h + (T v + t).  T is sparse (a convolution row has the kernel's
 * terms), so the product costs nnz(T) times the non-zeros of a row of M.
 * While M is diagonal (input normalisation before the first dense layer)
 * it is kept as its diagonal: a 784-input network then never builds the
 * 784 x 784 identity. */
#include <stdlib.h>
#include <string.h>

#include "base/rational.h"
#include "io/onnx_internal.h"

/* ---- sparse linear maps ---------------------------------------------------- */

rc_status
onnx_check_size(onnx_ctx *c, size_t out, size_t in)
{
    if (in != 0 && out > ONNX_MAX_ENTRIES / in)
        return onnx_op_fail(c, "as a dense matrix it would have %zu x %zu "
                            "entries, more than the limit of %zu (relucells "
                            "unrolls such operators for small inputs only)",
                            out, in, ONNX_MAX_ENTRIES);
    return RC_OK;
}

rc_status
onnx_lin_init(onnx_lin *T, onnx_ctx *c, size_t rows, size_t cols,
              int with_offset)
{
    memset(T, 0, sizeof *T);
    T->rows = rows;
    T->cols = cols;
    T->start = calloc(rows + 1, sizeof *T->start);
    if (with_offset)
        T->t = rc_mpq_array_new(rows);
    if (T->start == NULL || (with_offset && T->t == NULL)) {
        onnx_lin_clear(T);
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    }
    return RC_OK;
}

rc_status
onnx_lin_push(onnx_lin *T, onnx_ctx *c, size_t col, mpq_srcptr coef)
{
    if (mpq_sgn(coef) == 0)
        return RC_OK;
    if (T->nnz == T->cap) {
        size_t cap = T->cap ? 2 * T->cap : 256;
        size_t *cl = realloc(T->col, cap * sizeof *cl);
        mpq_srcptr *cf;

        if (cl == NULL)
            return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
        T->col = cl;
        cf = realloc(T->coef, cap * sizeof *cf);
        if (cf == NULL)
            return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
        T->coef = cf;
        T->cap = cap;
    }
    T->col[T->nnz] = col;
    T->coef[T->nnz] = coef;
    T->nnz++;
    return RC_OK;
}

void
onnx_lin_end_row(onnx_lin *T)
{
    T->start[++T->row] = T->nnz;
}

void
onnx_lin_clear(onnx_lin *T)
{
    free(T->start);
    free(T->col);
    free(T->coef);
    rc_mpq_array_free(T->t, T->rows);
    memset(T, 0, sizeof *T);
}

/* ---- the affine state ------------------------------------------------------ */

rc_status
onnx_affine_identity(onnx_affine *a, onnx_ctx *c, const onnx_shape *s)
{
    size_t n = onnx_shape_numel(s);

    memset(a, 0, sizeof *a);
    if (n > ONNX_MAX_ENTRIES)
        return onnx_fail(c, RC_ERR_NOMEM, "a tensor of more than %zu values",
                         ONNX_MAX_ENTRIES);
    a->rows = a->cols = n;
    a->shape = *s;
    a->v = rc_mpq_array_new(n);
    if (a->v == NULL)
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    return RC_OK;
}

void
onnx_affine_clear(onnx_affine *a)
{
    rc_mpq_array_free(a->M, a->M ? a->rows * a->cols : 0);
    rc_mpq_array_free(a->d, a->d ? a->rows : 0);
    rc_mpq_array_free(a->v, a->rows);
    memset(a, 0, sizeof *a);
}

rc_status
onnx_affine_dense(onnx_affine *a, onnx_ctx *c)
{
    size_t i, n = a->rows;

    if (a->M != NULL)
        return RC_OK;
    if (n != 0 && n > ONNX_MAX_ENTRIES / n)
        return onnx_fail(c, RC_ERR_NOMEM, "a layer of %zu x %zu weights, more "
                         "than the limit of %zu", n, n, ONNX_MAX_ENTRIES);
    a->M = rc_mpq_array_new(n * n);
    if (a->M == NULL)
        return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        if (a->d != NULL)
            mpq_set(a->M[i * n + i], a->d[i]);
        else
            mpq_set_ui(a->M[i * n + i], 1, 1);
    }
    rc_mpq_array_free(a->d, a->d ? n : 0);
    a->d = NULL;
    return RC_OK;
}

rc_status
onnx_affine_apply(onnx_affine *a, onnx_ctx *c, const onnx_lin *T,
                  const onnx_shape *out)
{
    size_t R = T->rows, K = a->cols, i, e, p, *nzs = NULL, *nzc = NULL;
    mpq_t *M2 = NULL, *v2 = NULL, tmp;
    rc_status st;

    if (R == 0)
        return onnx_op_fail(c, "the result holds no values");
    if ((st = onnx_check_size(c, R, K)) != RC_OK)
        return st;
    M2 = rc_mpq_array_new(R * K);
    v2 = rc_mpq_array_new(R);
    if (M2 == NULL || v2 == NULL)
        goto nomem;
    if (a->M != NULL) {
        /* The non-zero columns of each row of M: composing with a sparse T
         * then costs nnz(T) times the row's non-zeros. */
        size_t count = 0, j;

        nzs = malloc((a->rows + 1) * sizeof *nzs);
        for (i = 0; nzs != NULL && i < a->rows * K; i++)
            count += mpq_sgn(a->M[i]) != 0;
        nzc = malloc((count ? count : 1) * sizeof *nzc);
        if (nzs == NULL || nzc == NULL)
            goto nomem;
        for (i = 0, count = 0; i < a->rows; i++) {
            nzs[i] = count;
            for (j = 0; j < K; j++)
                if (mpq_sgn(a->M[i * K + j]) != 0)
                    nzc[count++] = j;
        }
        nzs[a->rows] = count;
    }
    mpq_init(tmp);
    for (i = 0; i < R; i++) {
        mpq_t *row = M2 + i * K;

        if (T->t != NULL)
            mpq_set(v2[i], T->t[i]);
        for (e = T->start[i]; e < T->start[i + 1]; e++) {
            size_t r = T->col[e];
            mpq_srcptr cf = T->coef[e];

            mpq_mul(tmp, cf, a->v[r]);
            mpq_add(v2[i], v2[i], tmp);
            if (a->M == NULL) {
                if (a->d != NULL) {
                    mpq_mul(tmp, cf, a->d[r]);
                    mpq_add(row[r], row[r], tmp);
                } else {
                    mpq_add(row[r], row[r], cf);
                }
                continue;
            }
            for (p = nzs[r]; p < nzs[r + 1]; p++) {
                mpq_mul(tmp, cf, a->M[r * K + nzc[p]]);
                mpq_add(row[nzc[p]], row[nzc[p]], tmp);
            }
        }
    }
    mpq_clear(tmp);
    free(nzs);
    free(nzc);
    onnx_affine_clear(a);
    a->M = M2;
    a->v = v2;
    a->rows = R;
    a->cols = K;
    a->shape = *out;
    return RC_OK;

nomem:
    free(nzs);
    free(nzc);
    rc_mpq_array_free(M2, R * K);
    rc_mpq_array_free(v2, R);
    return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
}

rc_status
onnx_affine_elementwise(onnx_affine *a, onnx_ctx *c, const onnx_tensor *s,
                   const onnx_tensor *t, const size_t *idx, int negate)
{
    size_t i, j;

    if ((s != NULL || negate) && a->M == NULL && a->d == NULL) {
        a->d = rc_mpq_array_new(a->rows);
        if (a->d == NULL)
            return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
        for (i = 0; i < a->rows; i++)
            mpq_set_ui(a->d[i], 1, 1);
    }
    for (i = 0; i < a->rows; i++) {
        if (s != NULL || negate) {
            mpq_t f;

            mpq_init(f);
            if (s != NULL)
                mpq_set(f, s->q[idx[i]]);
            else
                mpq_set_ui(f, 1, 1);
            if (negate)
                mpq_neg(f, f);
            if (a->M == NULL)
                mpq_mul(a->d[i], a->d[i], f);
            else
                for (j = 0; j < a->cols; j++)
                    mpq_mul(a->M[i * a->cols + j], a->M[i * a->cols + j], f);
            mpq_mul(a->v[i], a->v[i], f);
            mpq_clear(f);
        }
        if (t != NULL)
            mpq_add(a->v[i], a->v[i], t->q[idx[i]]);
    }
    return RC_OK;
}

rc_status
onnx_affine_scale(onnx_affine *a, onnx_ctx *c, mpq_srcptr f)
{
    size_t i, j;

    if (a->M == NULL && a->d == NULL) {
        a->d = rc_mpq_array_new(a->rows);
        if (a->d == NULL)
            return onnx_fail(c, RC_ERR_NOMEM, "out of memory");
        for (i = 0; i < a->rows; i++)
            mpq_set_ui(a->d[i], 1, 1);
    }
    for (i = 0; i < a->rows; i++) {
        if (a->M == NULL)
            mpq_mul(a->d[i], a->d[i], f);
        else
            for (j = 0; j < a->cols; j++)
                mpq_mul(a->M[i * a->cols + j], a->M[i * a->cols + j], f);
        mpq_mul(a->v[i], a->v[i], f);
    }
    return RC_OK;
}
