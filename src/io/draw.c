/* draw.c -- the scene of a picture of a 2D partition: each region's
 * polygon in the view, the facets to stroke per panel, the fills (flat,
 * shaded, or cut along the decision boundary), the layout in pixels; then
 * the writer of the chosen format.  See relucells/draw.h.
 *
 * A bounded region inside the view is drawn as its own vertices in
 * boundary order, so the picture is the partition to the last bit.  Any
 * other region (unbounded, or leaving the view) is the view rectangle cut
 * by each of its facets in turn (Sutherland-Hodgman), which needs no
 * vertex and handles half-planes and strips too.
 *
 * Each neuron facet is shared by two regions; it is stroked once, from the
 * region on the active side of its neuron (rc_boundary_keeps_facet), with
 * the vertices that region has on it. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/boundary_internal.h"
#include "base/error_internal.h"
#include "io/draw_internal.h"
#include "relucells/region.h"

void
rc_draw_opts_init(rc_draw_opts *o)
{
    o->width = 800;
    o->height = 640;
    o->color = RC_DRAW_PATTERN;
    o->output = 0;
    o->layers = 0;
    o->strip = 0;
    o->facets = 1;
    o->legend = 1;
    o->boundary = 0;
    rc_boundary_opts_init(&o->boundary_opts);
    o->view = NULL;
    o->input_names = NULL;
    o->output_names = NULL;
    o->title = NULL;
}

rc_status
rc_draw_format_from_path(rc_draw_format *format, const char *path,
                         rc_error *err)
{
    const char *dot = strrchr(path, '.');

    if (dot != NULL && strcasecmp(dot, ".svg") == 0)
        *format = RC_DRAW_SVG;
    else if (dot != NULL && strcasecmp(dot, ".png") == 0)
        *format = RC_DRAW_PNG;
    else if (dot != NULL && strcasecmp(dot, ".pdf") == 0)
        *format = RC_DRAW_PDF;
    else
        return rc_error_set(err, RC_ERR_ARG,
                            "%s: unknown picture format (the name must end "
                            "in .svg, .png or .pdf)", path);
    return RC_OK;
}

/* Facet styles: layer 1 widest, each deeper layer thinner, never below
 * half a pixel so that small regions still show as their outline. */
static const uint32_t layer_rgb[10] = {
    0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e,
    0x8c564b, 0xe377c2, 0x17becf, 0xbcbd22, 0x7f7f7f};

uint32_t
rc_draw_layer_rgb(size_t l)
{
    return l == 0 ? 0x000000 : layer_rgb[(l - 1) % 10];
}

double
rc_draw_layer_width(size_t l)
{
    return l == 0 ? 1.2 : fmax(0.5, 1.7 * pow(0.8, (double)(l - 1)));
}

size_t
rc_draw_ticks(double *t, size_t max, double lo, double hi)
{
    double range = hi - lo, step, mag, x;
    size_t n = 0;
    int i;

    if (!(range > 0.0) || !isfinite(range) || max < 2)
        return 0;
    mag = pow(10.0, floor(log10(range / (double)max)));
    for (i = 0; i < 4; i++) {
        static const double mult[4] = {1.0, 2.0, 5.0, 10.0};
        step = mult[i] * mag;
        if (range / step <= (double)max)
            break;
    }
    for (x = ceil(lo / step - 1e-9) * step; x <= hi + 1e-9 * range && n < max + 1; x += step)
        t[n++] = fabs(x) < 1e-12 * range ? 0.0 : x;
    return n;
}

/* ---- growing arrays ---------------------------------------------------- */

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 64;
    void *q;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    if ((q = realloc(*p, c * size)) == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int
add_points(draw_scene *s, const double *xy, size_t n, size_t *first)
{
    if (grow((void **)&s->pts, &s->cap_pts, s->num_pts + 2 * n, sizeof(double)))
        return -1;
    *first = s->num_pts / 2;
    memcpy(s->pts + s->num_pts, xy, 2 * n * sizeof(double));
    s->num_pts += 2 * n;
    return 0;
}

static draw_fill *
add_fill(draw_scene *s)
{
    draw_fill *f;

    if (grow((void **)&s->fills, &s->cap_fills, s->num_fills + 1, sizeof *f))
        return NULL;
    f = &s->fills[s->num_fills++];
    memset(f, 0, sizeof *f);
    return f;
}

static int
add_line(draw_scene *s, const double *p, unsigned layer, size_t region)
{
    draw_line *l;

    if (grow((void **)&s->lines, &s->cap_lines, s->num_lines + 1, sizeof *l))
        return -1;
    l = &s->lines[s->num_lines++];
    memcpy(l->p, p, sizeof l->p);
    l->layer = layer;
    l->region = region;
    return 0;
}

/* ---- geometry ---------------------------------------------------------- */

/* Cut polygon in (n points) by a . x <= b into out (room for n + 1). */
static size_t
cut(double *out, const double *in, size_t n, const double *a, double b)
{
    size_t i, no = 0;

    for (i = 0; i < n; i++) {
        const double *p = in + 2 * i, *q = in + 2 * ((i + 1) % n);
        double vp = a[0] * p[0] + a[1] * p[1] - b;
        double vq = a[0] * q[0] + a[1] * q[1] - b;
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

static double
polygon_area(const double *xy, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++) {
        const double *p = xy + 2 * i, *q = xy + 2 * ((i + 1) % n);
        s += (p[0] - xy[0]) * (q[1] - xy[1]) - (q[0] - xy[0]) * (p[1] - xy[1]);
    }
    return 0.5 * s;
}

/* The polygon of region r in the view into buf (room for 2 * (4 + facets
 * + vertices + 1) doubles, order scratch for vertices + rays); its number
 * of points, and *was_cut. */
static size_t
region_polygon(double *buf, double *tmp, size_t *order, int *was_cut,
               const rc_region *r, const double *view)
{
    size_t n = 0, i, f, m = rc_region_num_facets(r);
    double tol = 1e-9 * ((view[1] - view[0]) + (view[3] - view[2]));
    double *in = buf, *out = tmp, *t;

    *was_cut = 0;
    if (rc_region_is_bounded(r) && rc_region_polygon(order, &n, r) == RC_OK) {
        int inside = 1;
        for (i = 0; i < n; i++) {
            const double *v = rc_region_vertex(r, order[i]);
            buf[2 * i] = v[0];
            buf[2 * i + 1] = v[1];
            inside &= v[0] >= view[0] - tol && v[0] <= view[1] + tol
                      && v[1] >= view[2] - tol && v[1] <= view[3] + tol;
        }
        if (inside)
            return n;
    }
    *was_cut = 1;
    in[0] = view[0]; in[1] = view[2];
    in[2] = view[1]; in[3] = view[2];
    in[4] = view[1]; in[5] = view[3];
    in[6] = view[0]; in[7] = view[3];
    n = 4;
    for (f = 0; f < m && n > 0; f++) {
        double b;
        const double *a = rc_region_facet(r, f, &b, NULL);
        n = cut(out, in, n, a, b);
        t = in;
        in = out;
        out = t;
    }
    if (in != buf)
        memcpy(buf, in, 2 * n * sizeof(double));
    return n;
}

/* Clip the segment p (x0 y0 x1 y1) to the view (Liang-Barsky); 0 when it
 * misses. */
static int
clip_segment(double *p, const double *view)
{
    double d[2] = {p[2] - p[0], p[3] - p[1]}, lo = 0.0, hi = 1.0;
    double q[4][2] = {{-d[0], p[0] - view[0]}, {d[0], view[1] - p[0]},
                      {-d[1], p[1] - view[2]}, {d[1], view[3] - p[1]}};
    int k;

    for (k = 0; k < 4; k++) {
        if (q[k][0] == 0.0) {
            if (q[k][1] < 0)
                return 0;
            continue;
        }
        if (q[k][0] < 0)
            lo = fmax(lo, q[k][1] / q[k][0]);
        else
            hi = fmin(hi, q[k][1] / q[k][0]);
    }
    if (!(lo < hi))
        return 0;
    p[2] = p[0] + hi * d[0];
    p[3] = p[1] + hi * d[1];
    p[0] = p[0] + lo * d[0];
    p[1] = p[1] + lo * d[1];
    return 1;
}

/* The segment of facet f of r inside the view: between its two vertices
 * when it has them, else the facet's line cut by the other facets and the
 * view (an unbounded facet). */
static int
facet_segment(double *p, const rc_region *r, size_t f, const double *view)
{
    size_t nv = rc_region_num_vertices(r), nr = rc_region_num_rays(r);
    size_t g, on[2], non = 0, h;
    double b, lo = -INFINITY, hi = INFINITY, p0[2], u[2];
    const double *a = rc_region_facet(r, f, &b, NULL);
    const double box[4][3] = {{1, 0, view[1]}, {-1, 0, -view[0]},
                              {0, 1, view[3]}, {0, -1, -view[2]}};

    for (g = 0; g < nv + nr && non <= 2; g++)
        if (rc_region_facet_has_generator(r, f, g)) {
            if (non < 2)
                on[non] = g;
            non++;
        }
    if (non == 2 && on[1] < nv && rc_region_num_lines(r) == 0) {
        memcpy(p, rc_region_vertex(r, on[0]), 2 * sizeof(double));
        memcpy(p + 2, rc_region_vertex(r, on[1]), 2 * sizeof(double));
        return clip_segment(p, view);
    }
    p0[0] = b * a[0];
    p0[1] = b * a[1];
    u[0] = -a[1];
    u[1] = a[0];
    for (h = 0; h < rc_region_num_facets(r) + 4; h++) {
        double bh, au, slack;
        const double *ah;
        if (h == f)
            continue;
        if (h < rc_region_num_facets(r)) {
            ah = rc_region_facet(r, h, &bh, NULL);
        } else {
            ah = box[h - rc_region_num_facets(r)];
            bh = ah[2];
        }
        au = ah[0] * u[0] + ah[1] * u[1];
        slack = bh - ah[0] * p0[0] - ah[1] * p0[1];
        if (fabs(au) < 1e-15) {
            if (slack < 0)
                return 0;
            continue;
        }
        if (au > 0)
            hi = fmin(hi, slack / au);
        else
            lo = fmax(lo, slack / au);
    }
    if (!(lo < hi))
        return 0;
    p[0] = p0[0] + lo * u[0];
    p[1] = p0[1] + lo * u[1];
    p[2] = p0[0] + hi * u[0];
    p[3] = p0[1] + hi * u[1];
    return 1;
}

/* ---- the scene --------------------------------------------------------- */

void
rc_draw_scene_clear(draw_scene *s)
{
    free(s->poly_first);
    free(s->poly_count);
    free(s->area);
    free(s->cut);
    free(s->panels);
    free(s->fills);
    free(s->pts);
    free(s->stops);
    free(s->lines);
    free(s->items);
    rc_boundary_free(s->boundary);
    memset(s, 0, sizeof *s);
}

/* The view: the option, the domain's box, or the vertices' bounding box
 * grown by half its size (the interior points' when there is no vertex). */
static void
choose_view(draw_scene *s, const rc_domain *dom)
{
    const rc_partition *part = s->part;
    size_t i, v, k, nreg = rc_partition_num_regions(part);
    double *w = s->view;
    int any = 0;

    if (s->opts->view != NULL) {
        memcpy(w, s->opts->view, 4 * sizeof *w);
        return;
    }
    if (dom != NULL && rc_domain_is_bounded(dom)) {
        for (k = 0; k < 2; k++) {
            w[2 * k] = rc_domain_lo(dom, rc_partition_free_input(part, k));
            w[2 * k + 1] = rc_domain_hi(dom, rc_partition_free_input(part, k));
        }
        return;
    }
    w[0] = w[2] = INFINITY;
    w[1] = w[3] = -INFINITY;
    for (i = 0; i < nreg; i++) {
        const rc_region *r = rc_partition_region(part, i);
        size_t nv = rc_region_num_vertices(r);
        for (v = 0; v < (nv ? nv : 1); v++) {
            const double *x = nv ? rc_region_vertex(r, v)
                                 : rc_region_interior_point(r);
            if (!isfinite(x[0]) || !isfinite(x[1]))
                continue;
            for (k = 0; k < 2; k++) {
                w[2 * k] = fmin(w[2 * k], x[k]);
                w[2 * k + 1] = fmax(w[2 * k + 1], x[k]);
            }
            any = 1;
        }
    }
    for (k = 0; k < 2; k++) {
        double h = any ? 0.5 * (w[2 * k + 1] - w[2 * k]) : 1.0;
        if (!any)
            w[2 * k] = w[2 * k + 1] = 0.0;
        if (!(h > 0.0))
            h = fmax(1.0, fabs(w[2 * k]));
        w[2 * k] -= h;
        w[2 * k + 1] += h;
    }
}

/* Every region's polygon in the view, its area, and the range of output k
 * over the drawn vertices. */
static rc_status
build_polygons(draw_scene *s, rc_error *err)
{
    const rc_partition *part = s->part;
    size_t nreg = rc_partition_num_regions(part), i, j, cap = 0;
    size_t m = rc_partition_num_outputs(part), k = s->opts->output;
    double *buf = NULL, *tmp = NULL;
    size_t *order = NULL;
    rc_status st = RC_OK;

    s->poly_first = calloc(nreg + 1, sizeof *s->poly_first);
    s->poly_count = calloc(nreg + 1, sizeof *s->poly_count);
    s->area = calloc(nreg + 1, sizeof *s->area);
    s->cut = calloc(nreg + 1, 1);
    if (!s->poly_first || !s->poly_count || !s->area || !s->cut)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    s->out_lo = INFINITY;
    s->out_hi = -INFINITY;
    for (i = 0; i < nreg; i++) {
        const rc_region *r = rc_partition_region(part, i);
        size_t need = 8 + rc_region_num_facets(r) + rc_region_num_vertices(r)
                      + rc_region_num_rays(r), n;
        int was_cut;
        if (need > cap) {
            double *nb = realloc(buf, 2 * need * sizeof *nb);
            double *nt = nb ? realloc(tmp, 2 * need * sizeof *nt) : NULL;
            size_t *no = nt ? realloc(order, need * sizeof *no) : NULL;
            if (nb) buf = nb;
            if (nt) tmp = nt;
            if (no) order = no;
            if (!no) {
                st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                goto done;
            }
            cap = need;
        }
        n = region_polygon(buf, tmp, order, &was_cut, r, s->view);
        s->cut[i] = (unsigned char)was_cut;
        s->poly_count[i] = n;
        if (n < 3) {
            s->poly_count[i] = 0;
            continue;
        }
        s->area[i] = fabs(polygon_area(buf, n));
        if (add_points(s, buf, n, &s->poly_first[i]) != 0) {
            st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            goto done;
        }
        for (j = 0; k < m && j < n; j++) {
            const double *A = rc_region_output_A(r) + 2 * k;
            double y = A[0] * buf[2 * j] + A[1] * buf[2 * j + 1]
                       + rc_region_output_c(r)[k];
            s->out_lo = fmin(s->out_lo, y);
            s->out_hi = fmax(s->out_hi, y);
        }
    }
done:
    free(buf);
    free(tmp);
    free(order);
    return st;
}

/* The facets of panel k: domain facets, and neuron facets of layers 1..k,
 * each from the region on its neuron's active side. */
static rc_status
build_lines(draw_scene *s, draw_panel *p, rc_error *err)
{
    const rc_partition *part = s->part;
    size_t nreg = rc_partition_num_regions(part), i, f;

    p->line_first = s->num_lines;
    for (i = 0; i < nreg && s->opts->facets; i++) {
        const rc_region *r = rc_partition_region(part, i);
        for (f = 0; f < rc_region_num_facets(r); f++) {
            rc_owner o;
            double seg[4];
            rc_region_facet(r, f, NULL, &o);
            if (o.kind == RC_OWNER_NEURON
                && (o.layer >= p->k || !rc_boundary_keeps_facet(part, r, f)))
                continue;
            if (!facet_segment(seg, r, f, s->view))
                continue;
            if (add_line(s, seg, o.kind == RC_OWNER_NEURON ? o.layer + 1 : 0, i))
                return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
    }
    p->line_count = s->num_lines - p->line_first;
    return RC_OK;
}

/* Output k of r shaded across its polygon: the points where f_k takes the
 * polygon's least and largest values, along grad f_k, carry the ends of
 * the gradient; the colour map's knots in between are its stops. */
static int
shade(draw_scene *s, draw_fill *fl, const rc_region *r, const double *xy,
      size_t n)
{
    size_t k = s->opts->output, j;
    const double *A = rc_region_output_A(r) + 2 * k;
    double c = rc_region_output_c(r)[k], lo = INFINITY, hi = -INFINITY;
    double gg = A[0] * A[0] + A[1] * A[1], f0, range = s->out_hi - s->out_lo;
    draw_stop stops[DRAW_MAX_STOPS];
    size_t ns;

    for (j = 0; j < n; j++) {
        double y = A[0] * xy[2 * j] + A[1] * xy[2 * j + 1] + c;
        lo = fmin(lo, y);
        hi = fmax(hi, y);
    }
    if (!(range > 0.0) || !((hi - lo) > 1e-6 * range) || !(gg > 0.0)) {
        double t = range > 0.0 ? (0.5 * (lo + hi) - s->out_lo) / range : 0.5;
        fl->rgb = rc_draw_colormap(t);
        return 0;
    }
    f0 = A[0] * xy[0] + A[1] * xy[1] + c;
    fl->g[0] = xy[0] + (lo - f0) / gg * A[0];
    fl->g[1] = xy[1] + (lo - f0) / gg * A[1];
    fl->g[2] = xy[0] + (hi - f0) / gg * A[0];
    fl->g[3] = xy[1] + (hi - f0) / gg * A[1];
    ns = rc_draw_shade_stops(stops, lo, hi, s->out_lo, s->out_hi);
    if (grow((void **)&s->stops, &s->cap_stops, s->num_stops + ns, sizeof *stops))
        return -1;
    memcpy(s->stops + s->num_stops, stops, ns * sizeof *stops);
    fl->shaded = 1;
    fl->stop_first = s->num_stops;
    fl->stop_count = ns;
    s->num_stops += ns;
    fl->rgb = rc_draw_colormap((0.5 * (lo + hi) - s->out_lo) / range);
    return 0;
}

/* ARGMAX/ARGMIN: the parts of region r's polygon won by classes other
 * than main, each cut exactly by f_c >= f_j (<= for argmin). */
static int
class_parts(draw_scene *s, size_t ri, const rc_region *r, size_t main_class)
{
    size_t m = rc_partition_num_outputs(s->part), c, j, n0 = s->poly_count[ri];
    const double *A = rc_region_output_A(r), *cv = rc_region_output_c(r);
    /* f_c wins: sg (A_c - A_j) . x <= sg (c_j - c_c), sg = 1 for argmin
     * (f_c <= f_j), -1 for argmax (f_c >= f_j). */
    double sg = s->opts->color == RC_DRAW_ARGMIN ? 1.0 : -1.0;
    double *a = malloc(2 * 2 * (n0 + m + 1) * sizeof *a), *b2, *t;
    size_t n, first;
    int rc = 0;

    if (a == NULL)
        return -1;
    b2 = a + 2 * (n0 + m + 1);
    for (c = 0; c < m && rc == 0; c++) {
        double *in = a, *out = b2;
        if (c == main_class
            || (A[2 * c] == A[2 * main_class] && A[2 * c + 1] == A[2 * main_class + 1]
                && cv[c] == cv[main_class]))
            continue;
        memcpy(in, s->pts + 2 * s->poly_first[ri], 2 * n0 * sizeof *in);
        n = n0;
        for (j = 0; j < m && n > 0; j++) {
            double nrm[2];
            if (j == c)
                continue;
            nrm[0] = sg * (A[2 * c] - A[2 * j]);
            nrm[1] = sg * (A[2 * c + 1] - A[2 * j + 1]);
            n = cut(out, in, n, nrm, sg * (cv[j] - cv[c]));
            t = in;
            in = out;
            out = t;
        }
        if (n >= 3 && fabs(polygon_area(in, n)) > 1e-12 * s->area[ri]) {
            draw_fill *fl;
            if (add_points(s, in, n, &first) != 0 || !(fl = add_fill(s))) {
                rc = -1;
                break;
            }
            fl->region = ri;
            fl->part = 1;
            fl->cls = (unsigned)c;
            fl->first = first;
            fl->count = n;
            fl->rgb = rc_draw_class_rgb(c);
        }
    }
    free(a);
    return rc;
}

static rc_status
build_fills(draw_scene *s, draw_panel *p, uint32_t *rgb, rc_error *err)
{
    const rc_partition *part = s->part;
    size_t nreg = rc_partition_num_regions(part), i;
    size_t m = rc_partition_num_outputs(part);
    rc_draw_color mode = s->opts->color;
    rc_status st;

    /* The legend describes the last panel, Theta_k of the largest k. */
    if ((st = rc_draw_colors(rgb, s, p->k, p == s->panels + s->num_panels - 1, err)) != RC_OK)
        return st;
    p->fill_first = s->num_fills;
    for (i = 0; i < nreg; i++) {
        const rc_region *r = rc_partition_region(part, i);
        draw_fill *fl;
        if (s->poly_count[i] == 0)
            continue;
        if (!(fl = add_fill(s)))
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        fl->region = i;
        fl->first = s->poly_first[i];
        fl->count = s->poly_count[i];
        fl->rgb = rgb[i];
        if (mode == RC_DRAW_OUTPUT
            && shade(s, fl, r, s->pts + 2 * fl->first, fl->count) != 0)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        if ((mode == RC_DRAW_ARGMAX || mode == RC_DRAW_ARGMIN)
            && class_parts(s, i, r, rc_draw_region_class(s, i, m,
                                                      mode == RC_DRAW_ARGMIN)) != 0)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    p->fill_count = s->num_fills - p->fill_first;
    return RC_OK;
}

/* Titles, axis names and the caption with the fixed inputs. */
static void
build_text(draw_scene *s, const rc_domain *dom)
{
    const rc_draw_opts *o = s->opts;
    size_t i, len = 0, nreg = rc_partition_num_regions(s->part);
    char name[64];

    rc_draw_input_name(s->xlabel, sizeof s->xlabel, o, rc_partition_free_input(s->part, 0));
    rc_draw_input_name(s->ylabel, sizeof s->ylabel, o, rc_partition_free_input(s->part, 1));
    if (o->title != NULL)
        snprintf(s->title, sizeof s->title, "%s", o->title);
    else if (s->num_panels > 1)
        snprintf(s->title, sizeof s->title,
                 "the partition after each hidden layer (%zu regions in the end)", nreg);
    else if (s->panels[0].k > 0 && s->panels[0].k < s->num_hidden)
        snprintf(s->title, sizeof s->title, "%zu regions after hidden layer %zu of %zu",
                 rc_partition_layer_count(s->part, s->panels[0].k - 1),
                 s->panels[0].k, s->num_hidden);
    else
        snprintf(s->title, sizeof s->title, "%zu linear regions", nreg);
    for (i = 0; s->num_panels > 1 && i < s->num_panels && s->panels[i].k > 0; i++)
        snprintf(s->panels[i].title, sizeof s->panels[i].title,
                 "layer %zu: %zu regions", s->panels[i].k,
                 rc_partition_layer_count(s->part, s->panels[i].k - 1));
    s->caption[0] = '\0';
    for (i = 0; dom != NULL && i < rc_domain_num_inputs(dom); i++) {
        if (!rc_domain_is_fixed(dom, i))
            continue;
        rc_draw_input_name(name, sizeof name, o, i);
        len += (size_t)snprintf(s->caption + len, sizeof s->caption - len,
                                "%s%s = %g", len ? ", " : "slice ", name,
                                rc_domain_fixed_value(dom, i));
        if (len >= sizeof s->caption)
            break;
    }
}

/* Panels side by side, the legend at the right. */
static void
layout(draw_scene *s)
{
    double left = 64.0, right = 14.0, gap = 18.0, top = 34.0, bottom = 44.0;
    double avail, pw;
    size_t i;

    s->legend_w = s->opts->legend ? 180.0 : 0.0;
    if (s->num_panels > 1)
        top += 18.0;
    if (s->caption[0] != '\0')
        bottom += 16.0;
    avail = s->width - left - right - s->legend_w
            - gap * (double)(s->num_panels - 1);
    pw = avail / (double)s->num_panels;
    for (i = 0; i < s->num_panels; i++) {
        s->panels[i].x = left + (double)i * (pw + gap);
        s->panels[i].y = top;
        s->panels[i].w = pw;
        s->panels[i].h = s->height - top - bottom;
    }
    s->legend_x = s->width - right - s->legend_w + 12.0;
}

rc_status
rc_draw_scene_build(draw_scene *s, const rc_partition *part, const rc_domain *dom,
                 const rc_draw_opts *o, int colors_only, rc_error *err)
{
    size_t L = rc_partition_num_hidden(part), k, i;
    uint32_t *rgb = NULL;
    rc_status st = RC_OK;

    memset(s, 0, sizeof *s);
    s->part = part;
    s->opts = o;
    s->width = o->width;
    s->height = o->height;
    s->num_hidden = L;
    if (rc_partition_dim(part) != 2)
        return rc_error_set(err, RC_ERR_ARG,
                            "draw: the partition is %zuD; pictures need a 2D domain "
                            "(fix the other inputs with a slice)", rc_partition_dim(part));
    if (o->layers > L)
        return rc_error_set(err, RC_ERR_ARG,
                            "draw: layers %zu out of range: the network has %zu "
                            "hidden layers", o->layers, L);
    if ((o->color == RC_DRAW_OUTPUT || (o->color == RC_DRAW_GRADIENT
                                        && o->output != RC_DRAW_ALL_OUTPUTS))
        && o->output >= rc_partition_num_outputs(part))
        return rc_error_set(err, RC_ERR_ARG,
                            "draw: output %zu out of range: the network has %zu",
                            o->output + 1, rc_partition_num_outputs(part));
    if (o->width < 200 || o->height < 150 || o->width > 20000 || o->height > 20000)
        return rc_error_set(err, RC_ERR_ARG,
                            "draw: size %ux%u out of range (200x150 to 20000x20000)",
                            o->width, o->height);
    if (o->view != NULL && !(o->view[0] < o->view[1] && o->view[2] < o->view[3]))
        return rc_error_set(err, RC_ERR_ARG, "draw: the view is empty");
    k = o->layers ? o->layers : L;
    s->num_panels = o->strip ? k : 1;
    if (s->num_panels == 0)
        s->num_panels = 1;
    if (!(s->panels = calloc(s->num_panels, sizeof *s->panels))
        || !(rgb = malloc((rc_partition_num_regions(part) + 1) * sizeof *rgb))) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < s->num_panels; i++)
        s->panels[i].k = o->strip ? i + 1 : k;
    choose_view(s, dom);
    if ((st = build_polygons(s, err)) != RC_OK)
        goto done;
    if (colors_only)
        goto done;
    build_text(s, dom);
    layout(s);
    for (i = 0; i < s->num_panels && st == RC_OK; i++)
        if ((st = build_fills(s, &s->panels[i], rgb, err)) == RC_OK)
            st = build_lines(s, &s->panels[i], err);
    if (st == RC_OK && o->boundary) {
        rc_boundary_opts bo = o->boundary_opts;
        double lo[2] = {s->view[0], s->view[2]}, hi[2] = {s->view[1], s->view[3]};
        bo.clip_lo = lo;
        bo.clip_hi = hi;
        st = rc_boundary_new(&s->boundary, part, &bo, err);
    }
done:
    free(rgb);
    return st;
}

rc_status
rc_draw_region_colors(uint32_t *rgb, const rc_partition *part,
                      const rc_domain *dom, const rc_draw_opts *opts,
                      rc_error *err)
{
    draw_scene s;
    rc_draw_opts defaults;
    rc_status st;

    if (opts == NULL) {
        rc_draw_opts_init(&defaults);
        opts = &defaults;
    }
    st = rc_draw_scene_build(&s, part, dom, opts, 1, err);
    if (st == RC_OK)
        st = rc_draw_colors(rgb, &s, opts->layers ? opts->layers
                                                : rc_partition_num_hidden(part),
                         0, err);
    rc_draw_scene_clear(&s);
    return st;
}

rc_status
rc_partition_draw_stream(FILE *out, rc_draw_format format,
                         const rc_partition *part, const rc_domain *dom,
                         const rc_draw_opts *opts, rc_error *err)
{
    draw_scene s;
    rc_draw_opts defaults;
    rc_status st;

    if (opts == NULL) {
        rc_draw_opts_init(&defaults);
        opts = &defaults;
    }
    st = rc_draw_scene_build(&s, part, dom, opts, 0, err);
    if (st == RC_OK)
        st = format == RC_DRAW_SVG ? rc_draw_write_svg(out, &s, err)
                                   : rc_draw_write_cairo(out, format, &s, err);
    rc_draw_scene_clear(&s);
    return st;
}

rc_status
rc_partition_draw(const char *path, const rc_partition *part,
                  const rc_domain *dom, const rc_draw_opts *opts, rc_error *err)
{
    rc_draw_format format;
    rc_status st;
    FILE *out;

    if ((st = rc_draw_format_from_path(&format, path, err)) != RC_OK)
        return st;
    if ((out = fopen(path, format == RC_DRAW_SVG ? "w" : "wb")) == NULL)
        return rc_error_set(err, RC_ERR_IO, "%s: cannot open for writing", path);
    st = rc_partition_draw_stream(out, format, part, dom, opts, err);
    if (fclose(out) != 0 && st == RC_OK)
        st = rc_error_set(err, RC_ERR_IO, "%s: cannot write", path);
    if (st != RC_OK)
        remove(path);
    return st;
}
