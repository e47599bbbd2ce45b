/* test_draw.c -- pictures of 2D partitions (rc_partition_draw).
 *
 * The SVG is parsed back here (a small reader for the elements the writer
 * promises: region paths, facets, boundary segments, the legend, the
 * transform of the region group), and the PNG is read back with cairo:
 *   - one region element per region, ids 1..N; each polygon's corners are
 *     the region's vertices, within 1e-9 of the exact ones, and the
 *     polygons' areas add up to the box (a bounded domain) or to the view
 *     (R^2: regions cut to the view);
 *   - PNG pixels at interior points: argmax colours equal the legend's
 *     colour of the class the network gives there (rc_net_eval); pattern
 *     colours equal rc_draw_region_colors; output colours follow the
 *     colour bar within rounding;
 *   - pattern colours: one per region of Theta_k, adjacent regions of
 *     Theta_k (region graph, facets of layers 1..k) differ;
 *   - output shading: each gradient runs along grad f_k from the
 *     polygon's least to its largest value;
 *   - layers k: only facets of layers <= k are stroked; a strip has one
 *     panel per layer;
 *   - the decision boundary overlay has one element per piece;
 *   - PDF output, errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/Basic.h>
#include <cairo.h>

#include "relucells.h"
#include "picture_helpers.h"
#include "testutil.h"

/* ---- reading the files back --------------------------------------------- */

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    CU_ASSERT_EQUAL_FATAL(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

/* The value of attribute name in the tag starting at tag (up to '>'),
 * copied to out; 0 when absent. */
static int
attr(char *out, size_t size, const char *tag, const char *name)
{
    const char *end = strchr(tag, '>'), *p = tag;
    size_t nl = strlen(name);

    while ((p = strstr(p, name)) != NULL && p < end) {
        if (p[-1] == ' ' && p[nl] == '=' && p[nl + 1] == '"') {
            const char *q = strchr(p + nl + 2, '"');
            size_t l = (size_t)(q - (p + nl + 2));
            if (l >= size)
                l = size - 1;
            memcpy(out, p + nl + 2, l);
            out[l] = '\0';
            return 1;
        }
        p += nl;
    }
    return 0;
}

/* Points of a path "M x yLx y...Z"; returns their number. */
static size_t
path_points(double *xy, size_t max, const char *d)
{
    size_t n = 0;
    char *end;

    while (*d && *d != 'Z' && *d != '"') {
        if (*d == 'M' || *d == 'L' || *d == ' ') {
            d++;
            continue;
        }
        CU_ASSERT_FATAL(n < max);
        xy[2 * n] = strtod(d, &end);
        d = end;
        xy[2 * n + 1] = strtod(d, &end);
        CU_ASSERT_FATAL(end != d);
        d = end;
        n++;
    }
    return n;
}

typedef struct svg_region {
    size_t id, n;
    unsigned rgb;
    double *xy;
} svg_region;

/* The region paths of an SVG (the first panel's when several); the
 * transform of their group into M[6]. */
static size_t
svg_regions(svg_region **out, const char *svg, double *M)
{
    const char *p = svg, *t;
    size_t n = 0, cap = 0;
    char buf[64];
    svg_region *v = NULL;
    static char d[1 << 20];

    t = strstr(svg, "<g transform=\"matrix(");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(sscanf(t + 21, "%lf %lf %lf %lf %lf %lf", M, M + 1, M + 2, M + 3,
                           M + 4, M + 5), 6);
    while ((p = strstr(p, "<path class=\"region\"")) != NULL) {
        if (n == cap)
            v = realloc(v, (cap = 2 * cap + 64) * sizeof *v);
        CU_ASSERT_FATAL(attr(buf, sizeof buf, p, "data-region"));
        v[n].id = strtoul(buf, NULL, 10);
        CU_ASSERT_FATAL(attr(buf, sizeof buf, p, "fill"));
        v[n].rgb = buf[0] == '#' ? (unsigned)strtoul(buf + 1, NULL, 16) : 0x1000000;
        CU_ASSERT_FATAL(attr(d, sizeof d, p, "d"));
        v[n].xy = malloc(2 * 4096 * sizeof(double));
        v[n].n = path_points(v[n].xy, 4096, d);
        n++;
        p++;
    }
    *out = v;
    return n;
}

static void
svg_regions_free(svg_region *v, size_t n)
{
    while (n-- > 0)
        free(v[n].xy);
    free(v);
}

/* The legend's colour of class k (from 1), or -1. */
static long
legend_color(const char *svg, long k)
{
    const char *p = svg;
    char buf[32];

    while ((p = strstr(p, "<g class=\"legend-entry\"")) != NULL) {
        CU_ASSERT_FATAL(attr(buf, sizeof buf, p, "data-class"));
        if (strtol(buf, NULL, 10) == k) {
            const char *r = strstr(p, "<rect");
            CU_ASSERT_FATAL(attr(buf, sizeof buf, r, "fill"));
            return strtol(buf + 1, NULL, 16);
        }
        p++;
    }
    return -1;
}

static size_t
count(const char *s, const char *what)
{
    size_t n = 0;

    while ((s = strstr(s, what)) != NULL) {
        n++;
        s++;
    }
    return n;
}

static double
shoelace(const double *xy, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += xy[2 * i] * xy[2 * ((i + 1) % n) + 1] - xy[2 * ((i + 1) % n)] * xy[2 * i + 1];
    return 0.5 * s;
}

/* The RGB of pixel (x, y) of a PNG read by cairo. */
static unsigned
pixel(cairo_surface_t *img, double x, double y)
{
    int px = (int)floor(x), py = (int)floor(y);
    const unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);

    return *(const uint32_t *)(data + py * stride + 4 * px) & 0xffffff;
}

static void
draw(const char *path, const rc_partition *part, const rc_domain *dom,
     const rc_draw_opts *o)
{
    rc_error err = {RC_OK, ""};
    rc_status st = rc_partition_draw(path, part, dom, o, &err);

    if (st != RC_OK)
        printf("\n  rc_partition_draw %s: %s\n", path, err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
}

static char tmpdir[256];

static const char *
tmp(const char *name)
{
    static char buf[4][512];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

/* ---- tests -------------------------------------------------------------- */

/* Region elements against the exact regions; areas add up to the box. */
static void
test_svg_regions(void)
{
    unsigned long rng = test_seed() + 41;
    size_t trial;

    for (trial = 0; trial < (ph_quick() ? 2u : 4u); trial++) {
        size_t w[2] = {9, 7};
        rc_net *net = ph_random_net(2, 2, w, 2, trial % 2, &rng);
        rc_domain *dom = test_box(2, -1.0, 1.5);
        rc_partition *part = ph_enumerate(net, dom, 1);
        size_t N = rc_partition_num_regions(part), n, i, j, g, ok = 0;
        rc_draw_opts o;
        svg_region *v;
        double M[6], area = 0.0;
        char *svg;
        unsigned char *seen = calloc(N + 1, 1);

        rc_draw_opts_init(&o);
        draw(tmp("r.svg"), part, dom, &o);
        svg = slurp(tmp("r.svg"), NULL);
        n = svg_regions(&v, svg, M);
        CU_ASSERT_EQUAL(n, N);
        for (i = 0; i < n; i++) {
            const rc_region *r;
            int good = v[i].id >= 1 && v[i].id <= N && !seen[v[i].id];
            if (!good)
                continue;
            seen[v[i].id] = 1;
            r = rc_partition_region(part, v[i].id - 1);
            good = v[i].n == rc_region_num_vertices(r);
            /* every corner is a vertex, to 1e-9 of the exact one */
            for (j = 0; j < v[i].n && good; j++) {
                double best = INFINITY;
                for (g = 0; g < rc_region_num_vertices(r); g++) {
                    mpq_srcptr q = rc_region_vertex_q(r, g);
                    best = fmin(best, fmax(fabs(v[i].xy[2 * j] - mpq_get_d(q)),
                                           fabs(v[i].xy[2 * j + 1] - mpq_get_d(q + 1))));
                }
                good = best <= 1e-9;
            }
            /* counter-clockwise in raw coordinates */
            good &= shoelace(v[i].xy, v[i].n) > 0;
            area += shoelace(v[i].xy, v[i].n);
            ok += (size_t)good;
        }
        CU_ASSERT_EQUAL(ok, N);
        CU_ASSERT(fabs(area - 2.5 * 2.5) <= 1e-9 * 6.25);
        /* the transform maps the box onto the first panel */
        CU_ASSERT(M[0] > 0 && M[3] < 0 && M[1] == 0 && M[2] == 0);
        svg_regions_free(v, n);
        free(seen);
        free(svg);
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

/* Over R^2 the regions are cut to the view, and cover it. */
static void
test_svg_unbounded(void)
{
    unsigned long rng = test_seed() + 43;
    size_t w[2] = {6, 5}, n, i;
    rc_net *net = ph_random_net(2, 2, w, 1, 0, &rng);
    rc_domain *dom = test_box(2, 1.0, 1.0);
    rc_partition *part = ph_enumerate(net, dom, 0);
    double view[4] = {-3, 2, -1, 4}, M[6], area = 0.0;
    rc_draw_opts o;
    svg_region *v;
    char *svg;

    rc_draw_opts_init(&o);
    o.view = view;
    draw(tmp("u.svg"), part, dom, &o);
    svg = slurp(tmp("u.svg"), NULL);
    n = svg_regions(&v, svg, M);
    CU_ASSERT(n > 10 && n <= rc_partition_num_regions(part));
    for (i = 0; i < n; i++)
        area += shoelace(v[i].xy, v[i].n);
    CU_ASSERT(fabs(area - 25.0) <= 1e-9 * 25.0);
    svg_regions_free(v, n);
    free(svg);
    /* the default view holds every vertex */
    o.view = NULL;
    draw(tmp("u2.svg"), part, dom, &o);
    svg = slurp(tmp("u2.svg"), NULL);
    n = svg_regions(&v, svg, M);
    CU_ASSERT_EQUAL(n, rc_partition_num_regions(part));
    svg_regions_free(v, n);
    free(svg);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Distance from x to the segment a-b, in pixels under M. */
static double
pixel_dist(const double *M, const double *x, const double *a, const double *b)
{
    double p[2] = {M[0] * x[0] + M[4], M[3] * x[1] + M[5]};
    double u[2] = {M[0] * a[0] + M[4], M[3] * a[1] + M[5]};
    double v[2] = {M[0] * b[0] + M[4], M[3] * b[1] + M[5]};
    double d[2] = {v[0] - u[0], v[1] - u[1]}, t, dd = d[0] * d[0] + d[1] * d[1];

    t = dd > 0 ? ((p[0] - u[0]) * d[0] + (p[1] - u[1]) * d[1]) / dd : 0;
    t = fmin(1, fmax(0, t));
    return hypot(u[0] + t * d[0] - p[0], u[1] + t * d[1] - p[1]);
}

/* PNG pixels at interior points against the legend (argmax) and against
 * rc_draw_region_colors (pattern). */
static void
test_png_colors(void)
{
    unsigned long rng = test_seed() + 47;
    size_t w[2] = {7, 6}, N, i, k, checked = 0, bad = 0;
    rc_net *net = ph_random_net(2, 2, w, 3, 0, &rng);
    rc_domain *dom = test_box(2, -1.0, 1.0);
    rc_partition *part = ph_enumerate(net, dom, 0);
    rc_boundary *b;
    rc_draw_opts o;
    cairo_surface_t *img;
    double M[6];
    svg_region *v;
    char *svg;
    uint32_t *rgb;
    rc_error err;
    int mode;

    N = rc_partition_num_regions(part);
    rgb = malloc(N * sizeof *rgb);
    rc_draw_opts_init(&o);
    o.width = 700;
    o.height = 600;
    CU_ASSERT_EQUAL_FATAL(rc_boundary_new(&b, part, &o.boundary_opts, &err), RC_OK);
    for (mode = 0; mode < 2; mode++) {
        o.color = mode ? RC_DRAW_PATTERN : RC_DRAW_ARGMAX;
        draw(tmp("c.svg"), part, dom, &o);
        draw(tmp("c.png"), part, dom, &o);
        CU_ASSERT_EQUAL(rc_draw_region_colors(rgb, part, dom, &o, &err), RC_OK);
        svg = slurp(tmp("c.svg"), NULL);
        svg_regions_free(v, svg_regions(&v, svg, M));
        img = cairo_image_surface_create_from_png(tmp("c.png"));
        CU_ASSERT_EQUAL_FATAL(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
        CU_ASSERT_EQUAL(cairo_image_surface_get_width(img), 700);
        for (i = 0; i < N; i++) {
            const rc_region *r = rc_partition_region(part, i);
            const double *x = rc_region_interior_point(r);
            double y[3], rad = rc_region_chebyshev_radius(r) * fmin(M[0], -M[3]);
            size_t cls = 0;
            unsigned got, want;
            int far = 1;
            if (rad < 5.0)
                continue;   /* too small to hold a clean pixel */
            for (k = 0; k < rc_boundary_num_pieces(b); k++) {
                const rc_boundary_piece *p = rc_boundary_get_piece(b, k);
                far &= pixel_dist(M, x, p->points, p->points + 2) > 4.0;
            }
            if (!far)
                continue;   /* a decision boundary passes close by */
            rc_net_eval(net, y, NULL, x);
            for (k = 1; k < 3; k++)
                if (y[k] > y[cls])
                    cls = k;
            got = pixel(img, M[0] * x[0] + M[4], M[3] * x[1] + M[5]);
            want = mode ? rgb[i] : (unsigned)legend_color(svg, (long)cls + 1);
            if (got != want && bad++ < 3)
                printf("\n  region %zu: pixel %06x, expected %06x\n", i + 1, got, want);
            checked++;
        }
        cairo_surface_destroy(img);
        free(svg);
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(checked > 20);
    rc_boundary_free(b);
    free(rgb);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Pattern colours of Theta_k: equal within a region of Theta_k, distinct
 * across its facets; only facets of layers <= k stroked; strips. */
static void
test_layers(void)
{
    unsigned long rng = test_seed() + 53;
    size_t w[3] = {6, 6, 5}, k, e, i, j, N;
    rc_net *net = ph_random_net(2, 3, w, 1, 0, &rng);
    rc_domain *dom = test_box(2, -1.0, 1.0);
    rc_partition *part = ph_enumerate(net, dom, 0);
    rc_graph *g = NULL;
    rc_draw_opts o;
    uint32_t *rgb;
    rc_error err;
    char name[32], *svg;

    N = rc_partition_num_regions(part);
    rgb = malloc(N * sizeof *rgb);
    CU_ASSERT_EQUAL_FATAL(rc_graph_build(&g, part, &err), RC_OK);
    rc_draw_opts_init(&o);
    for (k = 1; k <= 3; k++) {
        size_t plen = 0, same = 0, clash = 0, groups = 0;
        o.layers = k;
        for (j = 0; j < k; j++)
            plen += rc_partition_hidden_size(part, j);
        CU_ASSERT_EQUAL_FATAL(rc_draw_region_colors(rgb, part, dom, &o, &err), RC_OK);
        for (i = 0; i < N; i++) {
            int first = 1;
            for (j = 0; j < i; j++)
                if (memcmp(rc_region_pattern(rc_partition_region(part, i)),
                           rc_region_pattern(rc_partition_region(part, j)), plen) == 0) {
                    same += rgb[i] != rgb[j];
                    first = 0;
                }
            groups += (size_t)first;
        }
        CU_ASSERT_EQUAL(same, 0);
        CU_ASSERT_EQUAL(groups, rc_partition_layer_count(part, k - 1));
        for (e = 0; e < rc_graph_num_edges(g); e++) {
            const rc_edge *ed = rc_graph_edge(g, e);
            if (ed->owner.layer < k)
                clash += rgb[ed->a] == rgb[ed->b];
        }
        CU_ASSERT_EQUAL(clash, 0);
        draw(tmp("l.svg"), part, dom, &o);
        svg = slurp(tmp("l.svg"), NULL);
        for (j = 1; j <= 3; j++) {
            snprintf(name, sizeof name, "class=\"facet layer-%zu\"", j);
            CU_ASSERT_EQUAL(count(svg, name), j <= k);
        }
        CU_ASSERT_EQUAL(count(svg, "<path class=\"region\""), N);
        free(svg);
    }
    o.strip = 1;
    o.width = 1200;
    draw(tmp("s.svg"), part, dom, &o);
    svg = slurp(tmp("s.svg"), NULL);
    CU_ASSERT_EQUAL(count(svg, "<g class=\"panel\""), 3);
    CU_ASSERT_EQUAL(count(svg, "<path class=\"region\""), 3 * N);
    CU_ASSERT_EQUAL(count(svg, "id=\"k2-1\""), 1);
    free(svg);
    draw(tmp("s.png"), part, dom, &o);
    rc_graph_free(g);
    free(rgb);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Output shading: gradients along grad f from the polygon's least to its
 * largest value; pixels follow the colour bar. */
static void
test_output_shading(void)
{
    unsigned long rng = test_seed() + 59;
    size_t w[2] = {6, 6}, N, i, j, n, shaded = 0, ok = 0, checked = 0, bad = 0;
    rc_net *net = ph_random_net(2, 2, w, 2, 0, &rng);
    rc_domain *dom = test_box(2, -1.0, 1.0);
    rc_partition *part = ph_enumerate(net, dom, 0);
    rc_draw_opts o;
    svg_region *v;
    double M[6], lo = INFINITY, hi = -INFINITY, blo, bhi;
    char *svg, buf[64];
    const char *p;
    cairo_surface_t *img;
    unsigned stops[11];

    N = rc_partition_num_regions(part);
    rc_draw_opts_init(&o);
    o.color = RC_DRAW_OUTPUT;
    o.output = 1;
    draw(tmp("o.svg"), part, dom, &o);
    draw(tmp("o.png"), part, dom, &o);
    svg = slurp(tmp("o.svg"), NULL);
    n = svg_regions(&v, svg, M);
    CU_ASSERT_EQUAL(n, N);
    for (i = 0; i < n; i++) {
        const rc_region *r = rc_partition_region(part, v[i].id - 1);
        const double *A = rc_region_output_A(r) + 2, c = rc_region_output_c(r)[1];
        double rlo = INFINITY, rhi = -INFINITY, g[4];
        char id[32], *q;
        for (j = 0; j < v[i].n; j++) {
            double f = A[0] * v[i].xy[2 * j] + A[1] * v[i].xy[2 * j + 1] + c;
            rlo = fmin(rlo, f);
            rhi = fmax(rhi, f);
        }
        lo = fmin(lo, rlo);
        hi = fmax(hi, rhi);
        if (v[i].rgb != 0x1000000)
            continue;   /* flat: too little change to shade */
        shaded++;
        /* find its gradient: fill="url(#sN)" */
        p = strstr(svg, "<path class=\"region\"");
        snprintf(id, sizeof id, "data-region=\"%zu\"", v[i].id);
        p = strstr(p, id);
        q = strstr(p, "url(#");
        snprintf(id, sizeof id, "<linearGradient id=\"%.*s\"", (int)strcspn(q + 5, ")"), q + 5);
        p = strstr(svg, id);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        attr(buf, sizeof buf, p, "x1"); g[0] = strtod(buf, NULL);
        attr(buf, sizeof buf, p, "y1"); g[1] = strtod(buf, NULL);
        attr(buf, sizeof buf, p, "x2"); g[2] = strtod(buf, NULL);
        attr(buf, sizeof buf, p, "y2"); g[3] = strtod(buf, NULL);
        ok += fabs(A[0] * g[0] + A[1] * g[1] + c - rlo) <= 1e-9 * (1 + fabs(rlo))
              && fabs(A[0] * g[2] + A[1] * g[3] + c - rhi) <= 1e-9 * (1 + fabs(rhi))
              && fabs((g[2] - g[0]) * A[1] - (g[3] - g[1]) * A[0])
                 <= 1e-9 * hypot(g[2] - g[0], g[3] - g[1]) * hypot(A[0], A[1]);
    }
    CU_ASSERT(shaded > N / 2);
    CU_ASSERT_EQUAL(ok, shaded);
    /* the colour bar spans the output over the drawn vertices */
    p = strstr(svg, "<rect class=\"colorbar\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    attr(buf, sizeof buf, p, "data-lo");
    blo = strtod(buf, NULL);
    attr(buf, sizeof buf, p, "data-hi");
    bhi = strtod(buf, NULL);
    CU_ASSERT(fabs(blo - lo) <= 1e-12 * (1 + fabs(lo)) && fabs(bhi - hi) <= 1e-12 * (1 + fabs(hi)));
    /* pixels at interior points: the bar's colour of f there */
    p = strstr(svg, "<linearGradient id=\"colorbar\"");
    for (j = 0; j < 11; j++) {
        p = strstr(p, "stop-color=\"#");
        stops[j] = (unsigned)strtoul(p + 13, NULL, 16);
        p++;
    }
    img = cairo_image_surface_create_from_png(tmp("o.png"));
    for (i = 0; i < N; i++) {
        const rc_region *r = rc_partition_region(part, i);
        const double *x = rc_region_interior_point(r);
        double y[2], t, u;
        unsigned got, want = 0;
        int s, ch, worst = 0;
        if (rc_region_chebyshev_radius(r) * fmin(M[0], -M[3]) < 4.0)
            continue;
        rc_net_eval(net, y, NULL, x);
        t = (y[1] - blo) / (bhi - blo) * 10.0;
        s = (int)fmin(9, fmax(0, floor(t)));
        u = t - s;
        for (ch = 16; ch >= 0; ch -= 8) {
            double a = (stops[s] >> ch) & 255, b2 = (stops[s + 1] >> ch) & 255;
            want |= (unsigned)lround(a + u * (b2 - a)) << ch;
        }
        got = pixel(img, M[0] * x[0] + M[4], M[3] * x[1] + M[5]);
        for (ch = 16; ch >= 0; ch -= 8) {
            int d = abs((int)((got >> ch) & 255) - (int)((want >> ch) & 255));
            worst = d > worst ? d : worst;
        }
        if (worst > 6 && bad++ < 3)
            printf("\n  region %zu: pixel %06x, colour bar %06x\n", i + 1, got, want);
        checked++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(checked > 10);
    cairo_surface_destroy(img);
    svg_regions_free(v, n);
    free(svg);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* The boundary overlay: one element per piece; other colour modes and PDF
 * are written; errors. */
static void
test_overlay_modes_errors(void)
{
    unsigned long rng = test_seed() + 61;
    size_t w[2] = {6, 6}, mode, tries;
    rc_net *net = NULL, *net3 = ph_random_net(3, 2, w, 1, 0, &rng);
    rc_domain *dom = test_box(2, -1.0, 1.0), *dom3 = test_box(3, -1.0, 1.0);
    rc_partition *part = NULL, *part3 = ph_enumerate(net3, dom3, 0);
    rc_boundary *b = NULL;
    rc_draw_opts o;
    rc_error err;
    char *svg;
    size_t len;
    rc_draw_format fmt;

    rc_draw_opts_init(&o);
    o.color = RC_DRAW_ARGMIN;
    o.boundary = 1;
    o.boundary_opts.argmin = 1;
    /* a network whose decision changes in the box */
    for (tries = 0; tries < 20; tries++) {
        rc_boundary_free(b);
        rc_partition_free(part);
        rc_net_free(net);
        net = ph_random_net(2, 2, w, 3, 0, &rng);
        part = ph_enumerate(net, dom, 1);
        CU_ASSERT_EQUAL_FATAL(rc_boundary_new(&b, part, &o.boundary_opts, &err), RC_OK);
        if (rc_boundary_num_pieces(b) > 0)
            break;
    }
    rc_boundary_free(b);
    draw(tmp("b.svg"), part, dom, &o);
    svg = slurp(tmp("b.svg"), NULL);
    CU_ASSERT_EQUAL_FATAL(rc_boundary_new(&b, part, &o.boundary_opts, &err), RC_OK);
    CU_ASSERT(rc_boundary_num_pieces(b) > 0);
    CU_ASSERT_EQUAL(count(svg, "<path class=\"boundary\" data-region"),
                    rc_boundary_num_pieces(b));
    /* exact ends in the tooltips: rationals */
    CU_ASSERT(strstr(svg, "tie in region") != NULL && strstr(svg, "/") != NULL);
    rc_boundary_free(b);
    free(svg);
    for (mode = RC_DRAW_PATTERN; mode <= RC_DRAW_WHITE; mode++) {
        o.color = (rc_draw_color)mode;
        o.output = mode == RC_DRAW_GRADIENT ? RC_DRAW_ALL_OUTPUTS : 2;
        draw(tmp("m.svg"), part, dom, &o);
        svg = slurp(tmp("m.svg"), NULL);
        CU_ASSERT_EQUAL(count(svg, "<path class=\"region\""), rc_partition_num_regions(part));
        free(svg);
    }
    draw(tmp("m.pdf"), part, dom, &o);
    svg = slurp(tmp("m.pdf"), &len);
    CU_ASSERT(len > 1000 && memcmp(svg, "%PDF", 4) == 0);
    free(svg);
    CU_ASSERT_EQUAL(rc_partition_draw(tmp("m.svg"), part3, dom3, &o, &err), RC_ERR_ARG);
    CU_ASSERT(strstr(err.msg, "2D") != NULL);
    CU_ASSERT_EQUAL(rc_partition_draw(tmp("m.gif"), part, dom, &o, &err), RC_ERR_ARG);
    CU_ASSERT_EQUAL(access(tmp("m.gif"), F_OK), -1);
    CU_ASSERT_EQUAL(rc_draw_format_from_path(&fmt, "A.PNG", &err), RC_OK);
    CU_ASSERT_EQUAL(fmt, RC_DRAW_PNG);
    o.layers = 3;
    CU_ASSERT_EQUAL(rc_partition_draw(tmp("m.svg"), part, dom, &o, &err), RC_ERR_ARG);
    o.layers = 0;
    o.color = RC_DRAW_OUTPUT;
    o.output = 3;
    CU_ASSERT_EQUAL(rc_partition_draw(tmp("m.svg"), part, dom, &o, &err), RC_ERR_ARG);
    rc_partition_free(part);
    rc_partition_free(part3);
    rc_domain_free(dom);
    rc_domain_free(dom3);
    rc_net_free(net);
    rc_net_free(net3);
}

int
main(void)
{
    static const test_case tests[] = {
        {"SVG: one element per region, exact vertices, areas", test_svg_regions},
        {"SVG: unbounded domains cut to the view", test_svg_unbounded},
        {"PNG: colours at interior points (argmax, pattern)", test_png_colors},
        {"layers: Theta_k colours, facets, strips", test_layers},
        {"output: exact shading and colour bar", test_output_shading},
        {"boundary overlay, every mode, PDF, errors", test_overlay_modes_errors},
    };
    int rc;
    char cmd[300];

    snprintf(tmpdir, sizeof tmpdir, "/tmp/rc_test_draw.XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return 2;
    rc = test_run_suite("draw", tests, sizeof tests / sizeof tests[0]);
    /* cairo's font caches, so that valgrind sees what is ours */
    cairo_debug_reset_static_data();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
