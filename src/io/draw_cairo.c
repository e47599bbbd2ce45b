/* draw_cairo.c -- the scene as PNG (an image surface) or PDF, with cairo,
 * in the same pixel layout as the SVG.
 *
 * Points are mapped to pixels here, so that strokes have the same width in
 * x and y; a shaded fill keeps its gradient in raw coordinates, and the
 * pattern's matrix (pixels to raw coordinates) carries it over, because a
 * gradient is perpendicular to its axis only in the coordinates it was
 * made in.  Fills are drawn without antialiasing, as in the SVG, so that
 * regions of one colour show no seams. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/cairo_lib.h"
#include "io/draw_internal.h"

/* cairo's functions: every path here starts in rc_draw_write_cairo, which
 * has loaded them. */
#define CX (&rc_cairo_table)

static void
set_rgb(cairo_t *cr, uint32_t rgb)
{
    CX->set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0,
                         ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0);
}

static cairo_status_t
write_stream(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, (FILE *)closure) == length
           ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
text(cairo_t *cr, double x, double y, double size, int anchor, const char *s)
{
    cairo_text_extents_t e;

    CX->set_font_size(cr, size);
    CX->text_extents(cr, s, &e);
    /* anchor: 0 start, 1 middle, 2 end */
    CX->move_to(cr, x - (anchor == 1 ? e.x_advance / 2 : anchor == 2 ? e.x_advance : 0), y);
    CX->show_text(cr, s);
}

static void
fill_path(cairo_t *cr, const draw_scene *s, const draw_panel *p,
          const draw_fill *fl)
{
    size_t j;

    for (j = 0; j < fl->count; j++) {
        double px, py;
        rc_draw_to_pixel(&px, &py, s, p, s->pts[2 * (fl->first + j)],
                      s->pts[2 * (fl->first + j) + 1]);
        if (j == 0)
            CX->move_to(cr, px, py);
        else
            CX->line_to(cr, px, py);
    }
    CX->close_path(cr);
}

static void
draw_fills(cairo_t *cr, const draw_scene *s, const draw_panel *p)
{
    double sx = p->w / (s->view[1] - s->view[0]), sy = p->h / (s->view[3] - s->view[2]);
    cairo_matrix_t to_raw;
    size_t i, j;

    /* pixel -> raw: x = v0 + (px - X) / sx, y = v2 + (Y + H - py) / sy */
    CX->matrix_init(&to_raw, 1.0 / sx, 0.0, 0.0, -1.0 / sy,
                      s->view[0] - p->x / sx, s->view[2] + (p->y + p->h) / sy);
    CX->set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (i = 0; i < p->fill_count; i++) {
        const draw_fill *fl = &s->fills[p->fill_first + i];
        fill_path(cr, s, p, fl);
        if (fl->shaded) {
            cairo_pattern_t *pat = CX->pattern_create_linear(fl->g[0], fl->g[1],
                                                               fl->g[2], fl->g[3]);
            for (j = 0; j < fl->stop_count; j++) {
                uint32_t c = s->stops[fl->stop_first + j].rgb;
                CX->pattern_add_color_stop_rgb(pat, s->stops[fl->stop_first + j].t,
                                                 ((c >> 16) & 255) / 255.0,
                                                 ((c >> 8) & 255) / 255.0,
                                                 (c & 255) / 255.0);
            }
            CX->pattern_set_extend(pat, CAIRO_EXTEND_PAD);
            CX->pattern_set_matrix(pat, &to_raw);
            CX->set_source(cr, pat);
            CX->fill(cr);
            CX->pattern_destroy(pat);
        } else {
            set_rgb(cr, fl->rgb);
            CX->fill(cr);
        }
    }
    CX->set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
}

static void
draw_facets(cairo_t *cr, const draw_scene *s, const draw_panel *p)
{
    size_t l, i, L = s->num_hidden;

    CX->set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (l = L + 1; l-- > 0;) {
        size_t layer = l == L ? 0 : L - l;
        int any = 0;
        if (layer > p->k)
            continue;
        for (i = 0; i < p->line_count; i++) {
            const draw_line *ln = &s->lines[p->line_first + i];
            double x0, y0, x1, y1;
            if (ln->layer != layer)
                continue;
            rc_draw_to_pixel(&x0, &y0, s, p, ln->p[0], ln->p[1]);
            rc_draw_to_pixel(&x1, &y1, s, p, ln->p[2], ln->p[3]);
            CX->move_to(cr, x0, y0);
            CX->line_to(cr, x1, y1);
            any = 1;
        }
        if (!any)
            continue;
        set_rgb(cr, rc_draw_layer_rgb(layer));
        CX->set_line_width(cr, rc_draw_layer_width(layer));
        CX->stroke(cr);
    }
}

static void
draw_boundary(cairo_t *cr, const draw_scene *s, const draw_panel *p)
{
    size_t i, n = rc_boundary_num_pieces(s->boundary), pass;

    CX->set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < n; i++) {
            const rc_boundary_piece *pc = rc_boundary_get_piece(s->boundary, i);
            double x0, y0, x1, y1;
            rc_draw_to_pixel(&x0, &y0, s, p, pc->points[0], pc->points[1]);
            rc_draw_to_pixel(&x1, &y1, s, p, pc->points[2], pc->points[3]);
            CX->move_to(cr, x0, y0);
            CX->line_to(cr, x1, y1);
        }
        set_rgb(cr, pass ? 0x000000 : 0xffffff);
        CX->set_line_width(cr, pass ? 1.8 : 3.8);
        CX->stroke(cr);
    }
}

static void
draw_axes(cairo_t *cr, const draw_scene *s, const draw_panel *p, int first)
{
    double t[16], px, py;
    char buf[64];
    size_t n, i;

    set_rgb(cr, 0x000000);
    CX->set_line_width(cr, 1.0);
    CX->rectangle(cr, p->x, p->y, p->w, p->h);
    CX->stroke(cr);
    n = rc_draw_ticks(t, p->w > 300 ? 7 : 4, s->view[0], s->view[1]);
    for (i = 0; i < n; i++) {
        rc_draw_to_pixel(&px, &py, s, p, t[i], s->view[2]);
        CX->move_to(cr, px, p->y + p->h);
        CX->rel_line_to(cr, 0, 4);
        CX->stroke(cr);
        snprintf(buf, sizeof buf, "%g", t[i]);
        text(cr, px, p->y + p->h + 15, 10, 1, buf);
    }
    n = rc_draw_ticks(t, 7, s->view[2], s->view[3]);
    for (i = 0; i < n; i++) {
        rc_draw_to_pixel(&px, &py, s, p, s->view[0], t[i]);
        CX->move_to(cr, p->x, py);
        CX->rel_line_to(cr, -4, 0);
        CX->stroke(cr);
        snprintf(buf, sizeof buf, "%g", t[i]);
        if (first)
            text(cr, p->x - 6, py + 3.5, 10, 2, buf);
    }
    text(cr, p->x + p->w / 2, p->y + p->h + 33, 13, 1, s->xlabel);
    if (first) {
        CX->save(cr);
        CX->translate(cr, 16, p->y + p->h / 2);
        CX->rotate(cr, -1.5707963267948966);   /* -pi/2 */
        text(cr, 0, 0, 13, 1, s->ylabel);
        CX->restore(cr);
    }
    if (p->title[0] != '\0')
        text(cr, p->x + p->w / 2, p->y - 7, 12, 1, p->title);
}

static void
draw_legend(cairo_t *cr, const draw_scene *s)
{
    double x = s->legend_x, y = s->panels[0].y, t[16];
    size_t i, n, kmax = s->panels[s->num_panels - 1].k;
    char buf[64];

    CX->select_font_face(cr, DRAW_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    if (s->legend != DRAW_LEGEND_NONE) {
        set_rgb(cr, 0x000000);
        text(cr, x, y + 10, 12, 0, s->legend_title);
        y += DRAW_LEGEND_ROW;
    }
    CX->select_font_face(cr, DRAW_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    CX->set_line_width(cr, 0.5);
    if (s->legend == DRAW_LEGEND_ITEMS) {
        for (i = 0; i < s->num_items; i++, y += DRAW_LEGEND_ROW) {
            CX->rectangle(cr, x, y, DRAW_LEGEND_SWATCH, DRAW_LEGEND_SWATCH);
            set_rgb(cr, s->items[i].rgb);
            CX->fill_preserve(cr);
            set_rgb(cr, 0x555555);
            CX->stroke(cr);
            set_rgb(cr, 0x000000);
            text(cr, x + DRAW_LEGEND_SWATCH + 6, y + 10.5, 11, 0, s->items[i].label);
        }
    } else if (s->legend == DRAW_LEGEND_BAR) {
        double h = fmin(200.0, s->panels[0].h * 0.45);
        cairo_pattern_t *pat = CX->pattern_create_linear(0, y + h, 0, y);
        for (i = 0; i <= 10; i++) {
            uint32_t c = rc_draw_colormap(i / 10.0);
            CX->pattern_add_color_stop_rgb(pat, i / 10.0, ((c >> 16) & 255) / 255.0,
                                             ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
        }
        CX->rectangle(cr, x, y, DRAW_LEGEND_BAR_W, h);
        CX->set_source(cr, pat);
        CX->fill_preserve(cr);
        CX->pattern_destroy(pat);
        set_rgb(cr, 0x555555);
        CX->stroke(cr);
        set_rgb(cr, 0x000000);
        CX->set_line_width(cr, 1.0);
        n = rc_draw_ticks(t, 5, s->bar_lo, s->bar_hi);
        for (i = 0; i < n; i++) {
            double py = y + h - (t[i] - s->bar_lo) / (s->bar_hi - s->bar_lo) * h;
            CX->move_to(cr, x + DRAW_LEGEND_BAR_W, py);
            CX->rel_line_to(cr, 4, 0);
            CX->stroke(cr);
            snprintf(buf, sizeof buf, "%g", t[i]);
            text(cr, x + DRAW_LEGEND_BAR_W + 7, py + 3.5, 10, 0, buf);
        }
        y += h + DRAW_LEGEND_ROW;
    }
    if (s->opts->facets && kmax > 0) {
        y += 6;
        CX->select_font_face(cr, DRAW_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        set_rgb(cr, 0x000000);
        text(cr, x, y + 10, 12, 0, "facets of");
        CX->select_font_face(cr, DRAW_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        y += DRAW_LEGEND_ROW;
        for (i = 1; i <= kmax; i++, y += DRAW_LEGEND_ROW) {
            CX->move_to(cr, x, y + 6);
            CX->rel_line_to(cr, 22, 0);
            set_rgb(cr, rc_draw_layer_rgb(i));
            CX->set_line_width(cr, rc_draw_layer_width(i));
            CX->stroke(cr);
            set_rgb(cr, 0x000000);
            snprintf(buf, sizeof buf, "layer %zu", i);
            text(cr, x + 28, y + 10, 11, 0, buf);
        }
    }
    if (s->boundary != NULL) {
        CX->move_to(cr, x, y + 6);
        CX->rel_line_to(cr, 22, 0);
        set_rgb(cr, 0xffffff);
        CX->set_line_width(cr, 3.8);
        CX->stroke_preserve(cr);
        set_rgb(cr, 0x000000);
        CX->set_line_width(cr, 1.8);
        CX->stroke(cr);
        text(cr, x + 28, y + 10, 11, 0,
             s->opts->boundary_opts.kind == RC_BOUNDARY_LEVEL ? "level set"
                                                              : "decision boundary");
    }
}

static void
draw_all(cairo_t *cr, const draw_scene *s)
{
    size_t i;

    set_rgb(cr, 0xffffff);
    CX->paint(cr);
    CX->select_font_face(cr, DRAW_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    set_rgb(cr, 0x000000);
    text(cr, s->width / 2.0, 22, 15, 1, s->title);
    for (i = 0; i < s->num_panels; i++) {
        const draw_panel *p = &s->panels[i];
        CX->save(cr);
        CX->rectangle(cr, p->x, p->y, p->w, p->h);
        CX->clip(cr);
        draw_fills(cr, s, p);
        draw_facets(cr, s, p);
        if (s->boundary != NULL)
            draw_boundary(cr, s, p);
        CX->restore(cr);
        draw_axes(cr, s, p, i == 0);
    }
    if (s->opts->legend)
        draw_legend(cr, s);
    if (s->caption[0] != '\0') {
        set_rgb(cr, 0x000000);
        text(cr, s->panels[0].x, s->height - 8.0, 11, 0, s->caption);
    }
}

rc_status
rc_draw_write_cairo(FILE *out, rc_draw_format format, const draw_scene *s,
                 rc_error *err)
{
    cairo_surface_t *surf;
    cairo_t *cr;
    cairo_status_t cs;
    const rc_cairo *loaded;
    rc_status st;

    if ((st = rc_cairo_get(&loaded, err)) != RC_OK)
        return st;
    if (format == RC_DRAW_PDF)
        surf = CX->pdf_surface_create_for_stream(write_stream, out, s->width,
                                                   s->height);
    else
        surf = CX->image_surface_create(CAIRO_FORMAT_RGB24, (int)s->width,
                                          (int)s->height);
    if ((cs = CX->surface_status(surf)) != CAIRO_STATUS_SUCCESS) {
        CX->surface_destroy(surf);
        return rc_error_set(err, RC_ERR_NOMEM, "cairo: %s",
                            CX->status_to_string(cs));
    }
    cr = CX->create(surf);
    draw_all(cr, s);
    cs = CX->status(cr);
    CX->destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS && format == RC_DRAW_PNG)
        cs = CX->surface_write_to_png_stream(surf, write_stream, out);
    CX->surface_finish(surf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = CX->surface_status(surf);
    CX->surface_destroy(surf);
    if (cs != CAIRO_STATUS_SUCCESS)
        return rc_error_set(err, cs == CAIRO_STATUS_WRITE_ERROR ? RC_ERR_IO : RC_ERR_NOMEM,
                            "cairo: %s", CX->status_to_string(cs));
    if (ferror(out))
        return rc_error_set(err, RC_ERR_IO, "cannot write the picture");
    return RC_OK;
}
