/* compose.c -- output-sensitive composition of layers; see compose.h.
 *
 * Sums are accumulated column by column (d vectors of the layer's width)
 * from the transposed weights, so each term is one contiguous axpy. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/compose.h"

#define U 0x1p-53

static uint64_t next_serial = 0;

void
rc_compose_net_clear(rc_compose_net *cn)
{
    size_t l;

    for (l = 0; l < cn->L; l++) {
        if (cn->Wt != NULL)
            free(cn->Wt[l]);
        if (cn->absWt != NULL)
            free(cn->absWt[l]);
    }
    free(cn->Wt);
    free(cn->absWt);
    memset(cn, 0, sizeof *cn);
}

rc_status
rc_compose_net_init(rc_compose_net *cn, const rc_float_frame *f, int with_abs)
{
    size_t l, i, j;

    memset(cn, 0, sizeof *cn);
    cn->L = f->aff->num_layers;
    cn->Wt = calloc(cn->L, sizeof *cn->Wt);
    cn->absWt = with_abs ? calloc(cn->L, sizeof *cn->absWt) : NULL;
    if (cn->Wt == NULL || (with_abs && cn->absWt == NULL)) {
        rc_compose_net_clear(cn);
        return RC_ERR_NOMEM;
    }
    for (l = 0; l < cn->L; l++) {
        size_t out = f->aff->sizes[l + 1], in = f->aff->sizes[l];
        const double *W = f->aff->W[l];
        cn->Wt[l] = malloc((in * out + 1) * sizeof(double));
        if (with_abs)
            cn->absWt[l] = malloc((in * out + 1) * sizeof(double));
        if (cn->Wt[l] == NULL || (with_abs && cn->absWt[l] == NULL)) {
            rc_compose_net_clear(cn);
            return RC_ERR_NOMEM;
        }
        for (i = 0; i < out; i++)
            for (j = 0; j < in; j++) {
                cn->Wt[l][j * out + i] = W[i * in + j];
                if (with_abs)
                    cn->absWt[l][j * out + i] = fabs(W[i * in + j]);
            }
    }
    return RC_OK;
}

/* One block: the header, v, e and ninf (a node makes one). */
static rc_rowblock *
rowblock_alloc(size_t rows, size_t d, int with_err, int zero)
{
    size_t head = (sizeof(rc_rowblock) + 15) / 16 * 16;
    size_t nd = rows * d + 1 + (with_err ? rows + 1 : 0) + rows + 1;
    char *block = malloc(head + nd * sizeof(double));
    rc_rowblock *b = (rc_rowblock *)block;

    if (b == NULL)
        return NULL;
    if (zero)
        memset(block + head, 0, nd * sizeof(double));
    b->refs = 1;
    b->serial = __atomic_add_fetch(&next_serial, 1, __ATOMIC_RELAXED);
    b->rows = rows;
    b->d = d;
    b->v = (double *)(block + head);
    b->ninf = b->v + rows * d + 1;
    b->e = with_err ? b->ninf + rows + 1 : NULL;
    return b;
}

rc_rowblock *
rc_rowblock_new(size_t rows, size_t d, int with_err)
{
    return rowblock_alloc(rows, d, with_err, 1);
}

rc_rowblock *
rc_rowblock_new_raw(size_t rows, size_t d, int with_err)
{
    return rowblock_alloc(rows, d, with_err, 0);
}

void
rc_rowblock_ref(rc_rowblock *b)
{
    __atomic_add_fetch(&b->refs, 1, __ATOMIC_RELAXED);
}

void
rc_rowblock_unref(rc_rowblock *b)
{
    if (b == NULL || __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    free(b);
}

rc_fmap *
rc_fmap_new(rc_rowblock *src, const unsigned char *bits)
{
    /* one block: the map, then its bits */
    rc_fmap *m = malloc(sizeof *m + src->rows + 1);

    if (m == NULL)
        return NULL;
    m->bits = (unsigned char *)(m + 1);
    memcpy(m->bits, bits, src->rows);
    rc_rowblock_ref(src);
    m->src = src;
    return m;
}

void *
rc_fmap_copy(const void *m)
{
    const rc_fmap *f = m;

    return rc_fmap_new(f->src, f->bits);
}

void
rc_fmap_free(rc_fmap *m)
{
    if (m == NULL)
        return;
    rc_rowblock_unref(m->src);
    free(m);
}

rc_status
rc_compose_cache_init(rc_compose_cache *c, size_t maxw, size_t d)
{
    memset(c, 0, sizeof *c);
    c->bits = calloc(maxw + 1, 1);
    c->zc = calloc(maxw * d + 1, sizeof(double));
    c->e = calloc(maxw + 1, sizeof(double));
    c->zmax = calloc(maxw + 1, sizeof(double));
    if (!c->bits || !c->zc || !c->e || !c->zmax) {
        rc_compose_cache_clear(c);
        return RC_ERR_NOMEM;
    }
    return RC_OK;
}

void
rc_compose_cache_clear(rc_compose_cache *c)
{
    free(c->bits);
    free(c->zc);
    free(c->e);
    free(c->zmax);
    memset(c, 0, sizeof *c);
}

void
rc_compose_cache_forget(rc_compose_cache *c)
{
    c->src = 0;
    c->chain = 0;
}

/* The loop of every composition.  On x86-64 it is also built for AVX2
 * (four doubles at once), chosen when the processor has it: products and
 * sums stay separately rounded (no FMA), so every number is the same. */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
__attribute__((target_clones("avx2", "default")))
#endif
#endif
static void
axpy(double *y, double a, const double *x, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        y[i] += a * x[i];
}

size_t
rc_compose(double *z, double *e, const rc_float_frame *f,
           const rc_compose_net *cn, size_t l, const rc_fmap *map,
           rc_compose_cache *cache)
{
    size_t out = f->aff->sizes[l + 1], in = f->aff->sizes[l];
    size_t d = f->n + 1, i, j, c, touched = 0;
    const rc_rowblock *src = map->src;
    const double *Wt = cn->Wt[l], *absWt = e ? cn->absWt[l] : NULL;
    const double *b = f->aff->b[l];
    double scratch_zc[1], *zc, *ec, *zmax;
    int delta = cache != NULL && cache->src == src->serial
                && cache->chain < RC_COMPOSE_CHAIN;

    (void)scratch_zc;
    zc = cache != NULL ? cache->zc : NULL;
    if (zc == NULL) {
        /* No cache: compose into z directly, row by row. */
        for (i = 0; i < out; i++) {
            double *zi = z + i * d;
            for (c = 0; c < d; c++)
                zi[c] = 0.0;
            zi[0] = b[i];
            if (e != NULL)
                e[i] = 2.0 * U * fabs(b[i]) + (double)in * 0x1p-1070;
        }
        for (j = 0; j < in; j++) {
            const double *aj = src->v + j * d;
            if (!map->bits[j])
                continue;
            touched++;
            for (i = 0; i < out; i++)
                for (c = 0; c < d; c++)
                    z[i * d + c] += Wt[j * out + i] * aj[c];
            if (e != NULL) {
                double t = src->e[j] + 1.01 * (double)(in + 3) * U * src->ninf[j];
                axpy(e, t, absWt + j * out, out);
            }
        }
        return touched;
    }
    ec = cache->e;
    zmax = cache->zmax;
    if (!delta) {
        for (c = 0; c < d; c++)
            memset(zc + c * out, 0, out * sizeof(double));
        memcpy(zc, b, out * sizeof(double));
        if (e != NULL)
            for (i = 0; i < out; i++)
                ec[i] = 2.0 * U * fabs(b[i]) + (double)in * 0x1p-1070;
        for (j = 0; j < in; j++) {
            const double *aj = src->v + j * d;
            if (!map->bits[j])
                continue;
            touched++;
            for (c = 0; c < d; c++)
                if (aj[c] != 0.0)
                    axpy(zc + c * out, aj[c], Wt + j * out, out);
            if (e != NULL)
                axpy(ec, src->e[j] + 1.01 * (double)(in + 3) * U * src->ninf[j],
                     absWt + j * out, out);
        }
        cache->chain = 0;
    } else {
        /* The sibling's result plus the flipped rows. */
        size_t k = 0;
        for (j = 0; j < in; j++) {
            const double *aj = src->v + j * d;
            double sign;
            if (map->bits[j] == cache->bits[j])
                continue;
            k++;
            sign = map->bits[j] ? 1.0 : -1.0;
            for (c = 0; c < d; c++)
                if (aj[c] != 0.0)
                    axpy(zc + c * out, sign * aj[c], Wt + j * out, out);
            if (e != NULL) {
                /* the term's own error, and the rounding of the sums */
                axpy(ec, src->e[j] + 3.0 * U * src->ninf[j], absWt + j * out, out);
                axpy(zmax, src->ninf[j], absWt + j * out, out);
            }
        }
        touched = k;
        if (e != NULL)
            for (i = 0; i < out; i++)
                ec[i] += 1.01 * (double)k * U * zmax[i];
        cache->chain++;
    }
    cache->src = src->serial;
    memcpy(cache->bits, map->bits, in);
    for (i = 0; i < out; i++) {
        double m = 0.0;
        for (c = 0; c < d; c++) {
            double v = zc[c * out + i];
            z[i * d + c] = v;
            if (fabs(v) > m)
                m = fabs(v);
        }
        zmax[i] = m;
        if (e != NULL)
            e[i] = ec[i];
    }
    return touched;
}
