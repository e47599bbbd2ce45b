/* float_frame.c -- the unit frame of the floating-point kernels; see
 * float_frame.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/tolerances.h"
#include "base/rational.h"
#include "kernel/float_frame.h"
#include "kernel/region_fill.h"

void
rc_float_frame_clear(rc_float_frame *f)
{
    rc_affine_free(f->aff);
    free(f->centre);
    free(f->scale);
    free(f->free_inputs);
    free(f->lo_u);
    free(f->hi_u);
    memset(f, 0, sizeof *f);
}

rc_status
rc_float_frame_init(rc_float_frame *f, const rc_view *view, int exact,
                    rc_error *err)
{
    size_t n = view->n, k, l;
    mpq_t *lo = NULL, *hi = NULL;
    rc_status st;

    memset(f, 0, sizeof *f);
    f->n = n;
    f->bounded = view->bounded;
    f->centre = malloc((n + 1) * sizeof(double));
    f->scale = malloc((n + 1) * sizeof(double));
    f->lo_u = malloc((n + 1) * sizeof(double));
    f->hi_u = malloc((n + 1) * sizeof(double));
    f->free_inputs = malloc((n + 1) * sizeof(size_t));
    if (!f->centre || !f->scale || !f->lo_u || !f->hi_u || !f->free_inputs) {
        rc_float_frame_clear(f);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    if (rc_affine_frame(f->centre, f->scale, view) != 0) {
        rc_float_frame_clear(f);
        return rc_error_set(err, RC_ERR_NUMERIC,
                            "the box is too thin or too wide for floating "
                            "point (use exact mode)");
    }
    for (k = 0; k < n; k++)
        f->free_inputs[k] = view->input_of[k];
    f->typical = 0.0;
    for (k = 0; k < n; k++)
        f->typical += f->scale[k] / (double)n;
    for (k = 0; k < n; k++) {
        f->lo_u[k] = -1.0;
        f->hi_u[k] = 1.0;
    }
    if (view->bounded) {
        lo = rc_mpq_array_new(n);
        hi = rc_mpq_array_new(n);
        if (lo == NULL || hi == NULL) {
            rc_mpq_array_free(lo, n);
            rc_mpq_array_free(hi, n);
            rc_float_frame_clear(f);
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
        rc_affine_unit_box(lo, hi, view, f->centre, f->scale);
        for (k = 0; k < n; k++) {
            f->lo_u[k] = rc_q_get_d(lo[k]);
            f->hi_u[k] = rc_q_get_d(hi[k]);
        }
        rc_mpq_array_free(lo, n);
        rc_mpq_array_free(hi, n);
    }
    /* Bounds of order 1 rounded once: an ulp of 2 covers it. */
    f->box_err = 0x1p-51;
    if ((st = rc_affine_new_view(&f->aff, view, RC_FRAME_UNIT, exact,
                                 err)) != RC_OK) {
        rc_float_frame_clear(f);
        return st;
    }
    for (l = 0; l <= f->aff->num_layers; l++)
        if (f->aff->sizes[l] > f->maxw)
            f->maxw = f->aff->sizes[l];
    return RC_OK;
}

double
rc_float_unit_row(double *z, const double *r, size_t d, double *mult)
{
    double big = 0.0, lin = 0.0, norm = 0.0;
    size_t c;

    *mult = 0.0;
    for (c = 0; c < d; c++)
        if (fabs(r[c]) > big)
            big = fabs(r[c]);
    if (!(big > 0.0) || !isfinite(big)) {
        memcpy(z, r, d * sizeof *z);
        return big;
    }
    for (c = 1; c < d; c++) {
        double t = r[c] / big;
        norm += t * t;
        if (fabs(r[c]) > lin)
            lin = fabs(r[c]);
    }
    norm = sqrt(norm);
    /* A linear part this small against the constant is a constant
     * function on the piece (a zero row, or weights that cancel). */
    if (!(lin > RC_TOL_ROW_NOISE * big)) {
        for (c = 0; c < d; c++)
            z[c] = r[c] / big;
        *mult = 1.0 / big;
        return big;
    }
    for (c = 0; c < d; c++)
        z[c] = (r[c] / big) / norm;
    *mult = (1.0 / big) / norm;
    return big;
}

rc_status
rc_float_root(rc_poly **out, const rc_float_frame *f)
{
    size_t n = f->n, d = n + 1, i, v;
    rc_poly *p;
    rc_status st;

    if (!f->bounded)
        return rc_poly_new_space(out, n);
    if ((st = rc_poly_new_box(&p, n)) != RC_OK)
        return st;
    for (i = 0; i < n; i++) {
        /* u_i - lo_i >= 0 and hi_i - u_i >= 0 */
        p->rows[(2 * i) * d] = -f->lo_u[i];
        p->rows[(2 * i + 1) * d] = f->hi_u[i];
    }
    for (v = 0; v < p->k; v++)
        for (i = 0; i < n; i++)
            p->gens[v * d + 1 + i] = ((v >> i) & 1u) ? f->hi_u[i] : f->lo_u[i];
    *out = p;
    return RC_OK;
}

/* Facets in raw coordinates: row0 + sum row_j (x_j - centre_j) / scale_j
 * >= 0, as unit normals a . x <= b. */
static void
float_facets(rc_region *r, const rc_poly *p, const rc_float_frame *f)
{
    size_t n = f->n, d = n + 1, i, j, nf = 0;

    for (i = 0; i < p->m; i++) {
        const double *row = p->rows + i * d;
        double *a = r->facet_a + nf * n, b = row[0], big = 0.0, norm = 0.0;
        rc_owner ow = p->owners[i];

        if (ow.kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        for (j = 0; j < n; j++) {
            a[j] = -row[1 + j] / f->scale[j];
            if (fabs(a[j]) > big)
                big = fabs(a[j]);
        }
        /* Scale before squaring: the entries may be tiny or huge. */
        b = row[0] / big;
        for (j = 0; j < n; j++) {
            a[j] /= big;
            norm += a[j] * a[j];
            b += a[j] * f->centre[j];
        }
        norm = sqrt(norm);
        for (j = 0; j < n; j++)
            a[j] /= norm;
        r->facet_b[nf] = b / norm;
        if (ow.kind == RC_OWNER_DOMAIN && f->free_inputs[ow.index] != (size_t)-1)
            ow.index = (unsigned)f->free_inputs[ow.index];
        r->owners[nf++] = ow;
    }
    r->num_facets = nf;
}

static void
float_generators(rc_region *r, const rc_poly *p, const rc_float_frame *f)
{
    size_t n = f->n, d = n + 1, g, j;

    for (g = 0; g < p->k; g++) {
        const double *gen = p->gens + g * d;
        double *v, norm = 0.0;
        if (gen[0] > 0.0) {
            v = r->vertices + r->nv++ * n;
            for (j = 0; j < n; j++)
                v[j] = f->centre[j] + f->scale[j] * gen[1 + j] / gen[0];
            continue;
        }
        v = r->rays + r->nr++ * n;
        for (j = 0; j < n; j++) {
            v[j] = f->scale[j] * gen[1 + j];
            norm += v[j] * v[j];
        }
        for (j = 0; j < n; j++)
            v[j] /= sqrt(norm);
    }
    for (g = 0; g < p->s; g++) {
        double *v = r->lines + r->nl++ * n, norm = 0.0;
        for (j = 0; j < n; j++) {
            v[j] = f->scale[j] * p->lin[g * d + 1 + j];
            norm += v[j] * v[j];
        }
        for (j = 0; j < n; j++)
            v[j] /= sqrt(norm);
    }
    r->bounded = r->nr == 0 && r->nl == 0;
}

rc_status
rc_float_region(rc_region *r, const rc_poly *p, const double *y,
                const rc_float_frame *f, const rc_enum_opts *opts,
                rc_enum_stats *stats, rc_error *err)
{
    size_t n = f->n, d = n + 1, g, o, j, L = f->aff->num_layers;
    size_t m = f->aff->sizes[L];
    unsigned char *is_vertex;

    if (rc_region_alloc(r, p->m, p->k, p->s) != RC_OK)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    float_facets(r, p, f);
    is_vertex = malloc(p->k + 1);
    if (is_vertex == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    for (g = 0; g < p->k; g++)
        is_vertex[g] = p->gens[g * d] > 0.0;
    rc_region_set_incidence(r, p->inc, p->words, p->k, p->m, p->owners,
                            is_vertex);
    free(is_vertex);
    float_generators(r, p, f);

    /* The output map on the piece, u -> x. */
    for (o = 0; o < m; o++) {
        double c = y[o * d];
        for (j = 0; j < n; j++) {
            double a = y[o * d + 1 + j] / f->scale[j];
            r->A[o * n + j] = a;
            c -= a * f->centre[j];
        }
        r->c[o] = c;
    }

    r->volume = r->bounded ? NAN : INFINITY;
    if (opts->volume && r->bounded) {
        double v;
        rc_status st = rc_poly_volume(&v, p);
        if (st != RC_OK)
            return rc_error_from(err, st, "the volume of a region");
        for (j = 0; j < n; j++)
            v *= f->scale[j];
        r->volume = v;
    }
    return rc_region_fill_float(r, f->typical, opts, stats, err);
}
