/* draw_svg.c -- the scene as SVG, written by hand so that the file can be
 * read: one element per region with its id, data and a tooltip, facets
 * grouped by layer, decision boundary segments with their exact ends.
 *
 * Region polygons keep raw coordinates at full precision (the shortest
 * decimal that reads back to the same double), inside a group whose
 * transform maps the view to the panel's pixels; strokes are written in
 * pixels, because a transform that scales x and y differently would
 * distort their widths.  Fills are not antialiased (shape-rendering
 * crispEdges), so that regions of one colour show no seams where a facet
 * of a deeper layer is left out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/draw_internal.h"
#include "relucells/rational.h"

/* The shortest of %.15g, %.16g, %.17g that reads back to x. */
static void
put_num(FILE *f, double x)
{
    char buf[40];
    int prec;

    if (x == 0.0)
        x = 0.0;   /* no "-0" */
    for (prec = 15; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    if (prec == 17)
        snprintf(buf, sizeof buf, "%.17g", x);
    fputs(buf, f);
}

static void
put_text(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

static void
put_rgb(FILE *f, uint32_t rgb)
{
    fprintf(f, "#%06x", (unsigned)(rgb & 0xffffff));
}

/* y = A x + c of output k, as text. */
static void
put_map(FILE *f, const draw_scene *s, const rc_region *r, size_t k)
{
    const double *A = rc_region_output_A(r) + 2 * k;
    char name[96];
    size_t j;

    rc_draw_output_name(name, sizeof name, s->opts, k);
    put_text(f, name);
    fputs(" =", f);
    for (j = 0; j < 2; j++) {
        rc_draw_input_name(name, sizeof name, s->opts,
                        rc_partition_free_input(s->part, j));
        if (j == 0)
            fprintf(f, " %.10g ", A[j]);
        else
            fprintf(f, " %c %.10g ", A[j] < 0 ? '-' : '+', fabs(A[j]));
        put_text(f, name);
    }
    fprintf(f, " %s %.10g", rc_region_output_c(r)[k] < 0 ? "-" : "+",
            fabs(rc_region_output_c(r)[k]));
}

/* The tooltip of region i. */
static void
put_title(FILE *f, const draw_scene *s, size_t i, char *pat)
{
    const rc_region *r = rc_partition_region(s->part, i);
    size_t m = rc_partition_num_outputs(s->part), k;
    double x[2];

    rc_partition_pattern_string(pat, s->part, r);
    rc_draw_region_point(x, s, i);
    fprintf(f, "<title>region %zu\npattern %s\noutput (", i + 1, pat);
    for (k = 0; k < m; k++)
        fprintf(f, "%s%.10g", k ? ", " : "",
                rc_region_output_A(r)[2 * k] * x[0]
                + rc_region_output_A(r)[2 * k + 1] * x[1]
                + rc_region_output_c(r)[k]);
    fprintf(f, ") at (%.10g, %.10g)", x[0], x[1]);
    /* The maps too, unless there are so many outputs that they would make
     * most of the file (the outputs above and the pattern identify them). */
    for (k = 0; k < m && m <= 3; k++) {
        fputc('\n', f);
        put_map(f, s, r, k);
    }
    fputs("</title>", f);
}

static void
put_fill(FILE *f, const draw_scene *s, const draw_panel *p, size_t idx,
         char *pat)
{
    const draw_fill *fl = &s->fills[idx];
    size_t j;

    if (fl->part)
        fprintf(f, "<path class=\"region-part\" data-region=\"%zu\" data-class=\"%u\"",
                fl->region + 1, fl->cls + 1);
    else if (s->num_panels > 1)
        fprintf(f, "<path class=\"region\" id=\"k%zu-%zu\" data-region=\"%zu\"",
                p->k, fl->region + 1, fl->region + 1);
    else
        fprintf(f, "<path class=\"region\" id=\"%zu\" data-region=\"%zu\"",
                fl->region + 1, fl->region + 1);
    if (fl->shaded)
        fprintf(f, " fill=\"url(#s%zu)\"", idx);
    else {
        fputs(" fill=\"", f);
        put_rgb(f, fl->rgb);
        fputc('"', f);
    }
    fputs(" d=\"", f);
    for (j = 0; j < fl->count; j++) {
        fputc(j ? 'L' : 'M', f);
        put_num(f, s->pts[2 * (fl->first + j)]);
        fputc(' ', f);
        put_num(f, s->pts[2 * (fl->first + j) + 1]);
    }
    fputs("Z\">", f);
    if (fl->part)
        fprintf(f, "<title>region %zu: where output %u decides</title>",
                fl->region + 1, fl->cls + 1);
    else
        put_title(f, s, fl->region, pat);
    fputs("</path>\n", f);
}

static void
put_gradients(FILE *f, const draw_scene *s)
{
    size_t i, j;

    for (i = 0; i < s->num_fills; i++) {
        const draw_fill *fl = &s->fills[i];
        if (!fl->shaded)
            continue;
        fprintf(f, "<linearGradient id=\"s%zu\" gradientUnits=\"userSpaceOnUse\" x1=\"", i);
        put_num(f, fl->g[0]);
        fputs("\" y1=\"", f);
        put_num(f, fl->g[1]);
        fputs("\" x2=\"", f);
        put_num(f, fl->g[2]);
        fputs("\" y2=\"", f);
        put_num(f, fl->g[3]);
        fputs("\">", f);
        for (j = 0; j < fl->stop_count; j++) {
            const draw_stop *st = &s->stops[fl->stop_first + j];
            fprintf(f, "<stop offset=\"%.6f\" stop-color=\"", st->t);
            put_rgb(f, st->rgb);
            fputs("\"/>", f);
        }
        fputs("</linearGradient>\n", f);
    }
}

/* The facets of panel p, one path per layer, deepest first. */
static void
put_facets(FILE *f, const draw_scene *s, const draw_panel *p)
{
    size_t l, i, L = s->num_hidden;

    for (l = L + 1; l-- > 0;) {
        size_t layer = l == L ? 0 : L - l;   /* L..1, then the domain */
        int open = 0;
        if (layer > p->k)
            continue;
        for (i = 0; i < p->line_count; i++) {
            const draw_line *ln = &s->lines[p->line_first + i];
            double x0, y0, x1, y1;
            if (ln->layer != layer)
                continue;
            if (!open) {
                fprintf(f, "<path class=\"facet layer-%zu\" stroke=\"", layer);
                put_rgb(f, rc_draw_layer_rgb(layer));
                fprintf(f, "\" stroke-width=\"%.2f\" d=\"", rc_draw_layer_width(layer));
                open = 1;
            }
            rc_draw_to_pixel(&x0, &y0, s, p, ln->p[0], ln->p[1]);
            rc_draw_to_pixel(&x1, &y1, s, p, ln->p[2], ln->p[3]);
            fprintf(f, "M%.2f %.2fL%.2f %.2f", x0, y0, x1, y1);
        }
        if (open)
            fputs("\"/>\n", f);
    }
}

static void
put_point_q(FILE *f, mpq_srcptr q)
{
    gmp_fprintf(f, "(%Qd, %Qd)", q, q + 1);
}

/* Decision boundary segments: a white halo under all, then each segment
 * with its region, classes and ends. */
static void
put_boundary(FILE *f, const draw_scene *s, const draw_panel *p)
{
    const rc_boundary *b = s->boundary;
    size_t i, n = rc_boundary_num_pieces(b);
    int level = s->opts->boundary_opts.kind == RC_BOUNDARY_LEVEL;

    fputs("<path class=\"boundary-halo\" d=\"", f);
    for (i = 0; i < n; i++) {
        const rc_boundary_piece *pc = rc_boundary_get_piece(b, i);
        double x0, y0, x1, y1;
        rc_draw_to_pixel(&x0, &y0, s, p, pc->points[0], pc->points[1]);
        rc_draw_to_pixel(&x1, &y1, s, p, pc->points[2], pc->points[3]);
        fprintf(f, "M%.2f %.2fL%.2f %.2f", x0, y0, x1, y1);
    }
    fputs("\"/>\n", f);
    for (i = 0; i < n; i++) {
        const rc_boundary_piece *pc = rc_boundary_get_piece(b, i);
        double x0, y0, x1, y1;
        rc_draw_to_pixel(&x0, &y0, s, p, pc->points[0], pc->points[1]);
        rc_draw_to_pixel(&x1, &y1, s, p, pc->points[2], pc->points[3]);
        fprintf(f, "<path class=\"boundary\" data-region=\"%zu\" data-classes=\"",
                pc->region + 1);
        if (level)
            fprintf(f, "%u", pc->classes[0] + 1);
        else
            fprintf(f, "%u %u", pc->classes[0] + 1, pc->classes[1] + 1);
        fprintf(f, "\" d=\"M%.2f %.2fL%.2f %.2f\"><title>", x0, y0, x1, y1);
        if (level)
            fprintf(f, "output %u = level", pc->classes[0] + 1);
        else
            fprintf(f, "outputs %u and %u tie", pc->classes[0] + 1,
                    pc->classes[1] + 1);
        fprintf(f, " in region %zu, from ", pc->region + 1);
        if (rc_boundary_is_exact(b)) {
            put_point_q(f, rc_boundary_piece_q(b, i));
            fputs(" to ", f);
            put_point_q(f, rc_boundary_piece_q(b, i) + 2);
        } else {
            fprintf(f, "(%.17g, %.17g) to (%.17g, %.17g)", pc->points[0],
                    pc->points[1], pc->points[2], pc->points[3]);
        }
        fputs("</title></path>\n", f);
    }
}

static void
put_axes(FILE *f, const draw_scene *s, const draw_panel *p, int first)
{
    double t[16], px, py;
    size_t n, i;

    fprintf(f, "<rect class=\"frame\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>\n",
            p->x, p->y, p->w, p->h);
    n = rc_draw_ticks(t, p->w > 300 ? 7 : 4, s->view[0], s->view[1]);
    for (i = 0; i < n; i++) {
        rc_draw_to_pixel(&px, &py, s, p, t[i], s->view[2]);
        fprintf(f, "<path class=\"tick\" d=\"M%.2f %.2fv4\"/>"
                "<text class=\"tick\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%g</text>\n",
                px, p->y + p->h, px, p->y + p->h + 15, t[i]);
    }
    n = rc_draw_ticks(t, 7, s->view[2], s->view[3]);
    for (i = 0; i < n; i++) {
        rc_draw_to_pixel(&px, &py, s, p, s->view[0], t[i]);
        fprintf(f, "<path class=\"tick\" d=\"M%.2f %.2fh-4\"/>", p->x, py);
        if (first)
            fprintf(f, "<text class=\"tick\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%g</text>",
                    p->x - 6, py + 3.5, t[i]);
        fputc('\n', f);
    }
    fprintf(f, "<text class=\"label\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">",
            p->x + p->w / 2, p->y + p->h + 33);
    put_text(f, s->xlabel);
    fputs("</text>\n", f);
    if (first) {
        fprintf(f, "<text class=\"label\" transform=\"translate(16 %.2f) rotate(-90)\" "
                "text-anchor=\"middle\">", p->y + p->h / 2);
        put_text(f, s->ylabel);
        fputs("</text>\n", f);
    }
    if (p->title[0] != '\0') {
        fprintf(f, "<text class=\"panel-title\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">",
                p->x + p->w / 2, p->y - 7);
        put_text(f, p->title);
        fputs("</text>\n", f);
    }
}

static void
put_legend(FILE *f, const draw_scene *s)
{
    double x = s->legend_x, y = s->panels[0].y, t[16];
    size_t i, n, kmax = s->panels[s->num_panels - 1].k;

    fputs("<g class=\"legend\">\n", f);
    if (s->legend != DRAW_LEGEND_NONE) {
        fprintf(f, "<text class=\"legend-title\" x=\"%.2f\" y=\"%.2f\">", x, y + 10);
        put_text(f, s->legend_title);
        fputs("</text>\n", f);
        y += DRAW_LEGEND_ROW;
    }
    if (s->legend == DRAW_LEGEND_ITEMS) {
        for (i = 0; i < s->num_items; i++, y += DRAW_LEGEND_ROW) {
            fprintf(f, "<g class=\"legend-entry\" data-class=\"%ld\"><rect x=\"%.2f\" "
                    "y=\"%.2f\" width=\"%.0f\" height=\"%.0f\" fill=\"",
                    s->items[i].key, x, y, DRAW_LEGEND_SWATCH, DRAW_LEGEND_SWATCH);
            put_rgb(f, s->items[i].rgb);
            fprintf(f, "\" stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"%.2f\" y=\"%.2f\">",
                    x + DRAW_LEGEND_SWATCH + 6, y + 10.5);
            put_text(f, s->items[i].label);
            fputs("</text></g>\n", f);
        }
    } else if (s->legend == DRAW_LEGEND_BAR) {
        double h = fmin(200.0, s->panels[0].h * 0.45);
        fputs("<linearGradient id=\"colorbar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">", f);
        for (i = 0; i <= 10; i++) {
            fprintf(f, "<stop offset=\"%.1f\" stop-color=\"", i / 10.0);
            put_rgb(f, rc_draw_colormap(i / 10.0));
            fputs("\"/>", f);
        }
        fprintf(f, "</linearGradient>\n<rect class=\"colorbar\" x=\"%.2f\" y=\"%.2f\" "
                "width=\"%.0f\" height=\"%.2f\" fill=\"url(#colorbar)\" stroke=\"#555\" "
                "stroke-width=\"0.5\" data-lo=\"%.17g\" data-hi=\"%.17g\"/>\n",
                x, y, DRAW_LEGEND_BAR_W, h, s->bar_lo, s->bar_hi);
        n = rc_draw_ticks(t, 5, s->bar_lo, s->bar_hi);
        for (i = 0; i < n; i++) {
            double py = y + h - (t[i] - s->bar_lo) / (s->bar_hi - s->bar_lo) * h;
            fprintf(f, "<path class=\"tick\" d=\"M%.2f %.2fh4\"/><text class=\"tick\" "
                    "x=\"%.2f\" y=\"%.2f\">%g</text>\n", x + DRAW_LEGEND_BAR_W, py,
                    x + DRAW_LEGEND_BAR_W + 7, py + 3.5, t[i]);
        }
        y += h + DRAW_LEGEND_ROW;
    }
    if (s->opts->facets && kmax > 0) {
        y += 6;
        fprintf(f, "<text class=\"legend-title\" x=\"%.2f\" y=\"%.2f\">facets of</text>\n",
                x, y + 10);
        y += DRAW_LEGEND_ROW;
        for (i = 1; i <= kmax; i++, y += DRAW_LEGEND_ROW) {
            fprintf(f, "<g class=\"legend-layer\" data-layer=\"%zu\"><path d=\"M%.2f %.2fh22\" "
                    "stroke=\"", i, x, y + 6);
            put_rgb(f, rc_draw_layer_rgb(i));
            fprintf(f, "\" stroke-width=\"%.2f\"/><text x=\"%.2f\" y=\"%.2f\">layer %zu</text></g>\n",
                    rc_draw_layer_width(i), x + 28, y + 10, i);
        }
    }
    if (s->boundary != NULL) {
        fprintf(f, "<g class=\"legend-boundary\"><path class=\"boundary-halo\" d=\"M%.2f %.2fh22\"/>"
                "<path class=\"boundary\" d=\"M%.2f %.2fh22\"/><text x=\"%.2f\" y=\"%.2f\">%s</text></g>\n",
                x, y + 6, x, y + 6, x + 28, y + 10,
                s->opts->boundary_opts.kind == RC_BOUNDARY_LEVEL ? "level set"
                                                                 : "decision boundary");
    }
    fputs("</g>\n", f);
}

rc_status
rc_draw_write_svg(FILE *f, const draw_scene *s, rc_error *err)
{
    size_t i, j, plen = rc_partition_pattern_length(s->part)
                        + rc_partition_num_hidden(s->part) + 1;
    char *pat = malloc(plen);

    if (pat == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" "
            "viewBox=\"0 0 %u %u\" font-family=\"" DRAW_FONT "\" font-size=\"11\">\n",
            s->width, s->height, s->width, s->height);
    fputs("<title>", f);
    put_text(f, s->title);
    fputs("</title>\n<style>\n"
          ".region, .region-part { stroke: none; shape-rendering: crispEdges }\n"
          ".facet { fill: none; stroke-linecap: round }\n"
          ".boundary { fill: none; stroke: #000; stroke-width: 1.8; stroke-linecap: round }\n"
          ".boundary-halo { fill: none; stroke: #fff; stroke-width: 3.8; stroke-linecap: round }\n"
          ".frame { fill: none; stroke: #000; stroke-width: 1 }\n"
          ".tick { stroke: #000; stroke-width: 1; font-size: 10px; stroke-opacity: 1 }\n"
          "text.tick { stroke: none }\n"
          ".label { font-size: 13px }\n"
          ".title { font-size: 15px }\n"
          ".panel-title { font-size: 12px }\n"
          ".legend-title { font-size: 12px; font-weight: bold }\n"
          "</style>\n<defs>\n", f);
    for (i = 0; i < s->num_panels; i++)
        fprintf(f, "<clipPath id=\"clip%zu\"><rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                "height=\"%.2f\"/></clipPath>\n", i + 1, s->panels[i].x,
                s->panels[i].y, s->panels[i].w, s->panels[i].h);
    put_gradients(f, s);
    fprintf(f, "</defs>\n<rect width=\"%u\" height=\"%u\" fill=\"#fff\"/>\n"
            "<text class=\"title\" x=\"%.2f\" y=\"22\" text-anchor=\"middle\">",
            s->width, s->height, s->width / 2.0);
    put_text(f, s->title);
    fputs("</text>\n", f);
    for (i = 0; i < s->num_panels; i++) {
        const draw_panel *p = &s->panels[i];
        double sx = p->w / (s->view[1] - s->view[0]);
        double sy = p->h / (s->view[3] - s->view[2]);
        fprintf(f, "<g class=\"panel\" data-layers=\"%zu\">\n"
                "<g class=\"regions\" clip-path=\"url(#clip%zu)\">\n"
                "<g transform=\"matrix(", p->k, i + 1);
        put_num(f, sx);
        fputs(" 0 0 ", f);
        put_num(f, -sy);
        fputc(' ', f);
        put_num(f, p->x - s->view[0] * sx);
        fputc(' ', f);
        put_num(f, p->y + p->h + s->view[2] * sy);
        fputs(")\">\n", f);
        for (j = 0; j < p->fill_count; j++)
            put_fill(f, s, p, p->fill_first + j, pat);
        fprintf(f, "</g>\n</g>\n<g class=\"facets\" clip-path=\"url(#clip%zu)\">\n", i + 1);
        put_facets(f, s, p);
        fputs("</g>\n", f);
        if (s->boundary != NULL) {
            fprintf(f, "<g class=\"boundaries\" clip-path=\"url(#clip%zu)\">\n", i + 1);
            put_boundary(f, s, p);
            fputs("</g>\n", f);
        }
        put_axes(f, s, p, i == 0);
        fputs("</g>\n", f);
    }
    if (s->opts->legend)
        put_legend(f, s);
    if (s->caption[0] != '\0') {
        fprintf(f, "<text class=\"caption\" x=\"%.2f\" y=\"%.2f\">", s->panels[0].x,
                s->height - 8.0);
        put_text(f, s->caption);
        fputs("</text>\n", f);
    }
    fputs("</svg>\n", f);
    free(pat);
    if (ferror(f))
        return rc_error_set(err, RC_ERR_IO, "cannot write the SVG picture");
    return RC_OK;
}
