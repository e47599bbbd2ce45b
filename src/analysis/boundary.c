/* boundary.c -- the decision boundary (or a level set) of a network, piece
 * by piece over its regions, in double; see relucells/boundary.h.
 *
 * In region R with facets a_r . x <= b_r the piece on the hyperplane
 * g . x = d is {x : g . x = d, a_r . x <= b_r for all r, plus the half-
 * spaces that keep i and j in the lead}.  Parametrise the hyperplane,
 * x = p0 + s u (2D) or x = p0 + s u + t w (3D), with p0 = d g / |g|^2 and
 * u, w spanning g's orthogonal complement; every constraint becomes one on
 * s (an interval: Cyrus-Beck clipping) or on (s, t) (a half-plane: the
 * square that holds R's section is cut by each in turn, Sutherland-
 * Hodgman).  A constraint parallel to the hyperplane either holds on all
 * of it or on none; when it holds with equality the piece lies along a
 * facet of R, and only one of the two regions that share the facet keeps
 * it.  boundary_exact.c does the same in rationals. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/boundary_internal.h"
#include "base/error_internal.h"
#include "base/rational.h"
#include "relucells/rational.h"

void
rc_boundary_opts_init(rc_boundary_opts *opts)
{
    opts->kind = RC_BOUNDARY_CLASSES;
    opts->argmin = 0;
    opts->output = 0;
    opts->level = 0.0;
    opts->level_text = NULL;
    opts->clip_lo = NULL;
    opts->clip_hi = NULL;
    opts->eps = 1e-12;
}

void
rc_boundary_free(rc_boundary *b)
{
    size_t i;

    if (b == NULL)
        return;
    for (i = 0; i < b->num; i++) {
        free((double *)b->pieces[i].points);
        if (b->points_q != NULL)
            rc_mpq_array_free(b->points_q[i], b->pieces[i].num_points * b->dim);
    }
    free(b->pieces);
    free(b->points_q);
    free(b->inputs);
    mpq_clear(b->level_q);
    free(b);
}

size_t rc_boundary_num_pieces(const rc_boundary *b) { return b->num; }
const rc_boundary_piece *rc_boundary_get_piece(const rc_boundary *b, size_t i) { return &b->pieces[i]; }
size_t rc_boundary_dim(const rc_boundary *b) { return b->dim; }
int rc_boundary_is_exact(const rc_boundary *b) { return b->exact; }
size_t rc_boundary_num_tied(const rc_boundary *b) { return b->tied; }

mpq_srcptr
rc_boundary_piece_q(const rc_boundary *b, size_t i)
{
    return b->points_q != NULL ? b->points_q[i][0] : NULL;
}

int
rc_boundary_push(rc_boundary *b, size_t region, unsigned i, unsigned j,
                 const double *points, size_t n, mpq_t *q)
{
    rc_boundary_piece *p;
    double *pts;

    if (b->num == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        rc_boundary_piece *np = realloc(b->pieces, cap * sizeof *np);
        mpq_t **nq;
        if (np == NULL)
            return -1;
        b->pieces = np;
        if (b->exact) {
            nq = realloc(b->points_q, cap * sizeof *nq);
            if (nq == NULL)
                return -1;
            b->points_q = nq;
        }
        b->cap = cap;
    }
    pts = malloc(n * b->dim * sizeof *pts);
    if (pts == NULL)
        return -1;
    memcpy(pts, points, n * b->dim * sizeof *pts);
    p = &b->pieces[b->num];
    p->region = region;
    p->classes[0] = i;
    p->classes[1] = j;
    p->num_points = n;
    p->points = pts;
    if (b->exact)
        b->points_q[b->num] = q;
    b->num++;
    return 0;
}

unsigned char
rc_boundary_keeps_facet(const rc_partition *part, const rc_region *r, size_t f)
{
    rc_owner o;
    size_t k, off = 0;

    rc_region_facet(r, f, NULL, &o);
    if (o.kind != RC_OWNER_NEURON)
        return 1;
    for (k = 0; k < o.layer; k++)
        off += rc_partition_hidden_size(part, k);
    return rc_region_pattern(r)[off + o.index] != 0;
}

/* ---- float ------------------------------------------------------------- */

static double
dot(const double *x, const double *y, size_t n)
{
    double s = 0.0;

    while (n-- > 0)
        s += x[n] * y[n];
    return s;
}

/* The interval of s on x = p0 + s u allowed by the rows; 0 when empty. */
static int
clip_line(double *lo, double *hi, const double *a, const double *bv,
          const unsigned char *keep, size_t nrows, const double *p0,
          const double *u, size_t dim, double eps)
{
    size_t r;

    *lo = -INFINITY;
    *hi = INFINITY;
    for (r = 0; r < nrows; r++) {
        const double *ar = a + r * dim;
        double na = sqrt(dot(ar, ar, dim)), au = dot(ar, u, dim);
        double ap = dot(ar, p0, dim), slack = bv[r] - ap;
        double tol = eps * (fabs(bv[r]) + fabs(ap) + na);

        if (fabs(au) <= eps * na) {
            if (slack < -tol || (slack <= tol && !keep[r]))
                return 0;
            continue;
        }
        if (au > 0)
            *hi = fmin(*hi, slack / au);
        else
            *lo = fmax(*lo, slack / au);
    }
    return *lo < *hi;
}

/* Cut the convex polygon poly (np points (s, t)) by c0 s + c1 t <= c2:
 * Sutherland-Hodgman for one half-plane.  out has room for np + 1. */
static size_t
cut_polygon(double *out, const double *poly, size_t np, double c0, double c1,
            double c2)
{
    size_t i, no = 0;

    for (i = 0; i < np; i++) {
        const double *p = poly + 2 * i, *q = poly + 2 * ((i + 1) % np);
        double vp = c0 * p[0] + c1 * p[1] - c2, vq = c0 * q[0] + c1 * q[1] - c2;
        if (vp <= 0) {
            out[2 * no] = p[0];
            out[2 * no + 1] = p[1];
            no++;
        }
        if ((vp < 0 && vq > 0) || (vp > 0 && vq < 0)) {
            double t = vp / (vp - vq);
            out[2 * no] = p[0] + t * (q[0] - p[0]);
            out[2 * no + 1] = p[1] + t * (q[1] - p[1]);
            no++;
        }
    }
    return no;
}

static void
cross3(double *c, const double *x, const double *y)
{
    c[0] = x[1] * y[2] - x[2] * y[1];
    c[1] = x[2] * y[0] - x[0] * y[2];
    c[2] = x[0] * y[1] - x[1] * y[0];
}

/* The section of the rows by g . x = d in 3D: a convex polygon written to
 * pts (x, y, z), its number of points returned (0 when empty or
 * degenerate).  box: the bounding box of the region (lo then hi), which
 * bounds the starting square.  work needs 4 * (nrows + 5) doubles. */
static size_t
section_3d(double *pts, double *work, const double *g, double d,
           const double *a, const double *bv, const unsigned char *keep,
           size_t nrows, const double *box, double eps)
{
    double gg = dot(g, g, 3), p0[3], u[3], w[3], e[3] = {0, 0, 0}, c[3];
    double R, nu, nw, area = 0.0, size, *poly = work, *next;
    size_t r, np = 4, k, best = 0;

    for (k = 0; k < 3; k++) {
        p0[k] = d * g[k] / gg;
        c[k] = 0.5 * (box[k] + box[3 + k]) - p0[k];
        if (fabs(g[k]) < fabs(g[best]))
            best = k;
    }
    e[best] = 1.0;
    cross3(u, g, e);
    cross3(w, g, u);
    nu = sqrt(dot(u, u, 3));
    nw = sqrt(dot(w, w, 3));
    for (k = 0; k < 3; k++) {
        u[k] /= nu;
        w[k] /= nw;
    }
    size = sqrt((box[3] - box[0]) * (box[3] - box[0])
                + (box[4] - box[1]) * (box[4] - box[1])
                + (box[5] - box[2]) * (box[5] - box[2]));
    R = 2.0 * (0.5 * size + sqrt(dot(c, c, 3))) + 1.0;
    poly[0] = -R; poly[1] = -R; poly[2] = R; poly[3] = -R;
    poly[4] = R; poly[5] = R; poly[6] = -R; poly[7] = R;
    next = work + 2 * (nrows + 5);
    for (r = 0; r < nrows && np > 0; r++) {
        const double *ar = a + 3 * r;
        double na = sqrt(dot(ar, ar, 3)), au = dot(ar, u, 3), aw = dot(ar, w, 3);
        double ap = dot(ar, p0, 3), slack = bv[r] - ap;
        double tol = eps * (fabs(bv[r]) + fabs(ap) + na);
        double *t;

        if (fabs(au) <= eps * na && fabs(aw) <= eps * na) {
            if (slack < -tol || (slack <= tol && !keep[r]))
                return 0;
            continue;
        }
        np = cut_polygon(next, poly, np, au, aw, slack);
        t = poly;
        poly = next;
        next = t;
    }
    /* Drop points that coincide with their predecessor, then degenerate
     * polygons. */
    for (k = 0, r = 0; r < np; r++) {
        const double *p = poly + 2 * r, *q = poly + 2 * ((r + np - 1) % np);
        if (np > 1 && fabs(p[0] - q[0]) + fabs(p[1] - q[1]) <= eps * size)
            continue;
        for (best = 0; best < 3; best++)
            pts[3 * k + best] = p0[best] + p[0] * u[best] + p[1] * w[best];
        next[2 * k] = p[0];
        next[2 * k + 1] = p[1];
        k++;
    }
    for (r = 0; r < k; r++)
        area += next[2 * r] * next[2 * ((r + 1) % k) + 1]
                - next[2 * ((r + 1) % k)] * next[2 * r + 1];
    if (k < 3 || !(0.5 * fabs(area) > eps * size * size))
        return 0;
    return k;
}

/* Work space of the float computation, grown to the largest region: the
 * rows a . x <= b (the region's facets, then the extra rows) with keep[r]
 * telling whether a piece lying along row r is this region's to report,
 * and room for the polygons of section_3d. */
typedef struct work {
    size_t cap;
    double *a, *b, *poly, *pts;
    unsigned char *keep;
} work;

static int
work_reserve(work *w, size_t rows, size_t dim)
{
    size_t c = 2 * rows + 8;
    double *a, *b, *poly, *pts;
    unsigned char *keep;

    if (rows <= w->cap)
        return 0;
    if ((a = realloc(w->a, c * dim * sizeof *a)) != NULL)
        w->a = a;
    if ((b = realloc(w->b, c * sizeof *b)) != NULL)
        w->b = b;
    if ((poly = realloc(w->poly, 4 * (c + 5) * sizeof *poly)) != NULL)
        w->poly = poly;
    if ((pts = realloc(w->pts, 3 * (c + 5) * sizeof *pts)) != NULL)
        w->pts = pts;
    if ((keep = realloc(w->keep, c)) != NULL)
        w->keep = keep;
    if (!a || !b || !poly || !pts || !keep)
        return -1;
    w->cap = c;
    return 0;
}

static void
work_clear(work *w)
{
    free(w->a);
    free(w->b);
    free(w->poly);
    free(w->pts);
    free(w->keep);
}

/* The bounding box of r's vertices (lo then hi); the clip box when r is
 * unbounded. */
static void
region_box(double *box, const rc_boundary *b, const rc_region *r)
{
    size_t dim = b->dim, nv = rc_region_num_vertices(r), v, k;

    if (!rc_region_is_bounded(r)) {
        memcpy(box, b->clip_lo, dim * sizeof *box);
        memcpy(box + dim, b->clip_hi, dim * sizeof *box);
        return;
    }
    for (k = 0; k < dim; k++) {
        box[k] = INFINITY;
        box[dim + k] = -INFINITY;
    }
    for (v = 0; v < nv; v++) {
        const double *x = rc_region_vertex(r, v);
        for (k = 0; k < dim; k++) {
            box[k] = fmin(box[k], x[k]);
            box[dim + k] = fmax(box[dim + k], x[k]);
        }
    }
}

/* Screening: move row r of w outwards by margin times |a|, unless
 * rounding may have moved it by a tenth of that (err bounds the error of
 * a . x - b over the region, from the sizes of its terms): such a row is
 * dropped (made 0 <= 1), since fewer constraints only make the screen
 * more permissive. */
static void
screen_row(work *w, size_t r, size_t dim, double margin, double err)
{
    double *a = w->a + r * dim, na = sqrt(dot(a, a, dim));

    if (err > 0.1 * margin * na || !(na > 0.0)) {
        memset(a, 0, dim * sizeof *a);
        w->b[r] = 1.0;
        return;
    }
    w->b[r] += margin * na;
}

/* The rounding bound of a row a . x <= b of double data on the box of
 * half-size xmax: 1e-14 of the sizes of its terms. */
static double
row_error(const double *a, double b, size_t dim, double xmax)
{
    double n1 = 0.0;
    size_t k;

    for (k = 0; k < dim; k++)
        n1 += fabs(a[k]);
    return 1e-14 * (fabs(b) + n1 * xmax);
}

/* The pieces of region ri in double.  With maybe (exact partitions), a
 * screen instead: nothing is pushed, and maybe[p] says whether the p-th
 * candidate pair (or the level set) may have a piece, decided with every
 * constraint moved outwards by screen times the region's size -- far more
 * than the rounding of the region's double data -- so that a pair found
 * empty here is empty exactly, and its rational computation is skipped. */
static rc_status
region_float(rc_boundary *b, const rc_partition *part, size_t ri, work *w,
             double eps, double screen, unsigned char *maybe, rc_error *err)
{
    const rc_region *r = rc_partition_region(part, ri);
    size_t dim = b->dim, m = b->num_outputs, nf = rc_region_num_facets(r);
    size_t i, j, k, f, first, last, n, nrows, npairs = 0;
    const double *A = rc_region_output_A(r), *c = rc_region_output_c(r);
    double box[6], g[3], d, size = 0.0, xmax = 0.0;
    int tied = 0;

    if (work_reserve(w, nf + m + 2 * dim, dim) != 0)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    for (f = 0; f < nf; f++) {
        memcpy(w->a + f * dim, rc_region_facet(r, f, w->b + f, NULL),
               dim * sizeof(double));
        w->keep[f] = rc_boundary_keeps_facet(part, r, f);
    }
    region_box(box, b, r);
    for (k = 0; k < dim; k++)
        size += box[dim + k] - box[k];
    for (k = 0; k < 2 * dim; k++)
        xmax = fmax(xmax, fabs(box[k]));
    for (f = 0; maybe != NULL && f < nf; f++)
        screen_row(w, f, dim, screen * size, row_error(w->a + f * dim, w->b[f], dim, xmax));
    nrows = nf;
    if (!rc_region_is_bounded(r))
        for (k = 0; k < dim; k++) {
            /* x_k <= hi_k and -x_k <= -lo_k */
            memset(w->a + nrows * dim, 0, 2 * dim * sizeof(double));
            w->a[nrows * dim + k] = 1.0;
            w->b[nrows] = b->clip_hi[k];
            w->keep[nrows++] = 1;
            w->a[nrows * dim + k] = -1.0;
            w->b[nrows] = -b->clip_lo[k];
            w->keep[nrows++] = 1;
            if (maybe != NULL) {
                screen_row(w, nrows - 2, dim, screen * size,
                           row_error(w->a + (nrows - 2) * dim, w->b[nrows - 2], dim, xmax));
                screen_row(w, nrows - 1, dim, screen * size,
                           row_error(w->a + (nrows - 1) * dim, w->b[nrows - 1], dim, xmax));
            }
        }
    first = b->kind == RC_BOUNDARY_LEVEL ? b->output : 0;
    last = b->kind == RC_BOUNDARY_LEVEL ? b->output + 1 : m;
    for (i = first; i < last; i++)
        for (j = b->kind == RC_BOUNDARY_LEVEL ? i : i + 1;
             j < (b->kind == RC_BOUNDARY_LEVEL ? i + 1 : m); j++) {
            size_t rows_ij = nrows, pair = npairs++;
            double ng, scale = 0.0;

            for (k = 0; k < dim; k++) {
                g[k] = b->kind == RC_BOUNDARY_LEVEL ? A[i * dim + k]
                       : A[i * dim + k] - A[j * dim + k];
                scale += fabs(A[i * dim + k]) + fabs(A[j * dim + k]);
            }
            d = b->kind == RC_BOUNDARY_LEVEL ? b->level - c[i] : c[j] - c[i];
            ng = sqrt(dot(g, g, dim));
            if (maybe != NULL)
                maybe[pair] = 1;
            /* Screen only a hyperplane that rounding cannot move by a
             * tenth of the margin; an ill-conditioned one goes exact. */
            if (maybe != NULL
                && (ng <= 1e-6 * scale
                    || 1e-14 * (fabs(c[i]) + fabs(c[j]) + fabs(b->level) + scale * xmax)
                       > 0.1 * screen * size * ng))
                continue;
            if (ng <= eps * scale || ng == 0.0) {
                tied |= fabs(d) <= eps * (fabs(c[i]) + fabs(c[j])
                                          + fabs(b->level) + scale * size);
                continue;
            }
            /* i and j lead: f_i >= f_k (argmax) or f_i <= f_k (argmin). */
            for (k = 0; b->kind == RC_BOUNDARY_CLASSES && k < m; k++) {
                size_t q;
                double sgn = b->argmin ? 1.0 : -1.0;
                if (k == i || k == j)
                    continue;
                for (q = 0; q < dim; q++)
                    w->a[rows_ij * dim + q] = sgn * (A[i * dim + q] - A[k * dim + q]);
                w->b[rows_ij] = sgn * (c[k] - c[i]);
                if (maybe != NULL) {
                    /* f_i - f_k from rounded maps: its terms' sizes */
                    double e = fabs(c[i]) + fabs(c[k]);
                    for (q = 0; q < dim; q++)
                        e += (fabs(A[i * dim + q]) + fabs(A[k * dim + q])) * xmax;
                    screen_row(w, rows_ij, dim, screen * size, 1e-14 * e);
                }
                w->keep[rows_ij++] = 1;
            }
            if (dim == 2) {
                double p0[2], u[2], lo, hi;
                p0[0] = d * g[0] / (ng * ng);
                p0[1] = d * g[1] / (ng * ng);
                u[0] = -g[1] / ng;
                u[1] = g[0] / ng;
                if (!clip_line(&lo, &hi, w->a, w->b, w->keep, rows_ij, p0, u, 2, eps)
                    || (maybe == NULL && !(hi - lo > eps * size)) || isinf(lo) || isinf(hi)) {
                    if (maybe != NULL)
                        maybe[pair] = 0;
                    continue;
                }
                w->pts[0] = p0[0] + lo * u[0];
                w->pts[1] = p0[1] + lo * u[1];
                w->pts[2] = p0[0] + hi * u[0];
                w->pts[3] = p0[1] + hi * u[1];
                n = 2;
            } else {
                n = section_3d(w->pts, w->poly, g, d, w->a, w->b, w->keep,
                               rows_ij, box, maybe != NULL ? 1e-15 : eps);
                if (n == 0) {
                    if (maybe != NULL)
                        maybe[pair] = 0;
                    continue;
                }
            }
            if (maybe != NULL)
                continue;
            if (rc_boundary_push(b, ri, (unsigned)i, (unsigned)j, w->pts, n, NULL) != 0)
                return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
    b->tied += tied;
    return RC_OK;
}

/* The clip box: the option's, or all vertices' bounding box grown by half
 * its size (interior points when there are no vertices). */
static void
clip_box(rc_boundary *b, const rc_partition *part, const rc_boundary_opts *o)
{
    size_t dim = b->dim, i, v, k, nreg = rc_partition_num_regions(part);
    int any = 0;

    if (o->clip_lo != NULL && o->clip_hi != NULL) {
        memcpy(b->clip_lo, o->clip_lo, dim * sizeof(double));
        memcpy(b->clip_hi, o->clip_hi, dim * sizeof(double));
        return;
    }
    for (k = 0; k < dim; k++) {
        b->clip_lo[k] = INFINITY;
        b->clip_hi[k] = -INFINITY;
    }
    for (i = 0; i < nreg; i++) {
        const rc_region *r = rc_partition_region(part, i);
        size_t nv = rc_region_num_vertices(r);
        for (v = 0; v <= nv; v++) {
            const double *x = v < nv ? rc_region_vertex(r, v)
                                     : rc_region_interior_point(r);
            if (v == nv && (nv > 0 || !isfinite(x[0])))
                break;
            for (k = 0; k < dim; k++) {
                b->clip_lo[k] = fmin(b->clip_lo[k], x[k]);
                b->clip_hi[k] = fmax(b->clip_hi[k], x[k]);
            }
            any = 1;
        }
    }
    for (k = 0; k < dim; k++) {
        double h = any ? 0.5 * (b->clip_hi[k] - b->clip_lo[k]) : 0.0;
        if (!(h > 0.0))
            h = fmax(1.0, fabs(b->clip_lo[k]));
        if (!any) {
            b->clip_lo[k] = 0.0;
            b->clip_hi[k] = 0.0;
        }
        b->clip_lo[k] -= h;
        b->clip_hi[k] += h;
    }
}

rc_status
rc_boundary_new(rc_boundary **out, const rc_partition *part,
                const rc_boundary_opts *opts, rc_error *err)
{
    rc_boundary_opts defaults;
    rc_boundary *b;
    work w = {0, NULL, NULL, NULL, NULL, NULL};
    size_t i, dim = rc_partition_dim(part), npairs;
    unsigned char *maybe = NULL;
    rc_status st = RC_OK;

    *out = NULL;
    if (opts == NULL) {
        rc_boundary_opts_init(&defaults);
        opts = &defaults;
    }
    if (dim != 2 && dim != 3)
        return rc_error_set(err, RC_ERR_ARG,
                            "boundary: the partition is %zuD; only 2D and 3D "
                            "domains have segment or polygon boundaries", dim);
    if (opts->kind == RC_BOUNDARY_LEVEL
        && opts->output >= rc_partition_num_outputs(part))
        return rc_error_set(err, RC_ERR_ARG,
                            "boundary: output %zu out of range: the network has %zu",
                            opts->output + 1, rc_partition_num_outputs(part));
    if (opts->kind == RC_BOUNDARY_CLASSES && rc_partition_num_outputs(part) < 2)
        return rc_error_set(err, RC_ERR_ARG,
                            "boundary: a decision boundary needs at least two "
                            "outputs (use a level set)");
    if (!(b = calloc(1, sizeof *b)))
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    mpq_init(b->level_q);
    b->dim = dim;
    b->num_outputs = rc_partition_num_outputs(part);
    b->exact = rc_partition_is_exact(part);
    b->kind = opts->kind;
    b->argmin = opts->argmin;
    b->output = opts->output;
    b->level = opts->level;
    mpq_set_d(b->level_q, opts->level);
    if (opts->kind == RC_BOUNDARY_LEVEL && opts->level_text != NULL) {
        if (rc_q_set_text(b->level_q, opts->level_text,
                          strlen(opts->level_text)) != 0) {
            st = rc_error_set(err, RC_ERR_ARG, "boundary: level '%s' is not a number",
                              opts->level_text);
            goto done;
        }
        b->level = rc_q_get_d(b->level_q);
    }
    if (!(b->inputs = malloc(dim * sizeof *b->inputs))) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < dim; i++)
        b->inputs[i] = rc_partition_free_input(part, i);
    clip_box(b, part, opts);
    npairs = opts->kind == RC_BOUNDARY_LEVEL ? 1 : b->num_outputs * (b->num_outputs - 1) / 2;
    if (b->exact && !(maybe = malloc(npairs))) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < rc_partition_num_regions(part) && st == RC_OK; i++) {
        const rc_region *r = rc_partition_region(part, i);
        size_t f, nf = rc_region_num_facets(r);
        if (!b->exact) {
            st = region_float(b, part, i, &w, opts->eps, 0.0, NULL, err);
            continue;
        }
        /* screen the pairs in double, then cut the others exactly */
        if ((st = region_float(b, part, i, &w, opts->eps, 1e-6, maybe, err)) != RC_OK)
            break;
        for (f = 0; f < nf; f++)
            w.keep[f] = rc_boundary_keeps_facet(part, r, f);
        st = rc_boundary_region_exact(b, part, i, w.keep, maybe, err);
    }
done:
    work_clear(&w);
    free(maybe);
    if (st != RC_OK) {
        rc_boundary_free(b);
        return st;
    }
    *out = b;
    return RC_OK;
}
