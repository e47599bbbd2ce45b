/* draw_internal.h -- the scene a picture is drawn from, shared by the
 * scene builder (draw.c), the colours (draw_color.c) and the two writers
 * (draw_svg.c by hand, draw_cairo.c for PNG and PDF); not installed.
 *
 * Geometry stays in raw input coordinates; each panel maps its view to a
 * rectangle of pixels, y upwards. */
#ifndef RC_DRAW_INTERNAL_H
#define RC_DRAW_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "relucells/boundary.h"
#include "relucells/draw.h"

/* A colour stop of a shaded fill: offset t in [0, 1]. */
typedef struct draw_stop {
    double t;
    uint32_t rgb;
} draw_stop;

/* One filled polygon: a region's, or a part of a region cut by the
 * decision boundary (ARGMAX/ARGMIN, filled with class cls). */
typedef struct draw_fill {
    size_t region;
    int part;
    unsigned cls;
    size_t first, count;       /* its points (x, y) in scene.pts */
    uint32_t rgb;
    int shaded;                /* linear gradient: t = 0 at g[0..1], */
    double g[4];               /* t = 1 at g[2..3] (raw coordinates) */
    size_t stop_first, stop_count;
} draw_fill;

/* A facet segment (raw coordinates) and the layer owning it: 0 for the
 * domain, l for hidden layer l (from 1). */
typedef struct draw_line {
    double p[4];
    unsigned layer;
    size_t region;
} draw_line;

typedef struct draw_panel {
    double x, y, w, h;         /* plot rectangle, pixels (y down) */
    size_t k;                  /* Theta_k */
    char title[128];
    size_t fill_first, fill_count, line_first, line_count;
} draw_panel;

/* A legend entry: a swatch (or a line sample) and its label. */
typedef struct draw_item {
    uint32_t rgb;
    long key;                  /* class (from 1) or layer */
    char label[96];
} draw_item;

typedef enum draw_legend_kind {
    DRAW_LEGEND_NONE = 0,
    DRAW_LEGEND_ITEMS,         /* classes or layers: swatches */
    DRAW_LEGEND_BAR,           /* a colour bar from lo to hi */
    DRAW_LEGEND_TEXT           /* one line of text (pattern colours) */
} draw_legend_kind;

typedef struct draw_scene {
    const rc_partition *part;
    const rc_draw_opts *opts;
    unsigned width, height;
    double view[4];            /* xmin, xmax, ymin, ymax */
    char title[256], caption[512], xlabel[64], ylabel[64];
    size_t num_hidden;
    /* Each region's polygon in the view (points in pts; count 0 when it is
     * outside), its area, and whether it was cut to the view. */
    size_t *poly_first, *poly_count;
    double *area;
    unsigned char *cut;
    double out_lo, out_hi;     /* output k over the drawn vertices */
    draw_panel *panels;
    size_t num_panels;
    draw_fill *fills;
    size_t num_fills, cap_fills;
    double *pts;
    size_t num_pts, cap_pts;
    draw_stop *stops;
    size_t num_stops, cap_stops;
    draw_line *lines;
    size_t num_lines, cap_lines;
    rc_boundary *boundary;     /* the overlay, or NULL */
    /* Legend */
    draw_legend_kind legend;
    char legend_title[96];
    draw_item *items;
    size_t num_items;
    double bar_lo, bar_hi;     /* colour bar values (log10 when bar_log) */
    int bar_log;
    double legend_x, legend_w;
} draw_scene;

/* Pixel coordinates of the raw point (x, y) in panel p. */
static inline void
rc_draw_to_pixel(double *px, double *py, const draw_scene *s, const draw_panel *p,
              double x, double y)
{
    *px = p->x + (x - s->view[0]) / (s->view[1] - s->view[0]) * p->w;
    *py = p->y + p->h - (y - s->view[2]) / (s->view[3] - s->view[2]) * p->h;
}

/* draw.c */
rc_status rc_draw_scene_build(draw_scene *s, const rc_partition *part,
                           const rc_domain *dom, const rc_draw_opts *opts,
                           int colors_only, rc_error *err);
void rc_draw_scene_clear(draw_scene *s);
/* The facet style of layer l (0: domain). */
uint32_t rc_draw_layer_rgb(size_t l);
double rc_draw_layer_width(size_t l);

/* Tick values for an axis from lo to hi: multiples of 1, 2 or 5 times a
 * power of ten, at most max of them; returns their number. */
size_t rc_draw_ticks(double *t, size_t max, double lo, double hi);

/* Legend geometry shared by the writers (pixels from the legend's top
 * left: the top of the first panel at legend_x). */
#define DRAW_LEGEND_ROW 18.0      /* one entry */
#define DRAW_LEGEND_SWATCH 13.0
#define DRAW_LEGEND_BAR_W 16.0
#define DRAW_FONT "sans-serif"

/* draw_color.c */
/* The flat colour of every region for Theta_k; with legend set, also the
 * scene's legend. */
rc_status rc_draw_colors(uint32_t *rgb, draw_scene *s, size_t k, int legend,
                      rc_error *err);
/* The colour map (viridis) at t in [0, 1], and the stops of a fill whose
 * values run from lo to hi on a bar from vlo to vhi; returns their number
 * (at most DRAW_MAX_STOPS). */
#define DRAW_MAX_STOPS 16
uint32_t rc_draw_colormap(double t);
size_t rc_draw_shade_stops(draw_stop *out, double lo, double hi, double vlo,
                        double vhi);
/* Fill colour of class c (0-based) and of layer l (LAYER mode). */
uint32_t rc_draw_class_rgb(size_t c);
uint32_t rc_draw_layer_fill_rgb(size_t l);
/* A point inside region i: its interior point, or when that was not
 * computed (an unbounded region enumerated without Chebyshev balls) the
 * mean of its drawn polygon's corners. */
void rc_draw_region_point(double *x, const draw_scene *s, size_t i);
/* The class of region i at that point (ARGMAX/ARGMIN; ties: the first). */
size_t rc_draw_region_class(const draw_scene *s, size_t i, size_t m, int argmin);
/* The name of output k and of free input k ("y1", "x3" by default). */
void rc_draw_output_name(char *buf, size_t size, const rc_draw_opts *o, size_t k);
void rc_draw_input_name(char *buf, size_t size, const rc_draw_opts *o,
                     size_t input);

/* draw_svg.c, draw_cairo.c */
rc_status rc_draw_write_svg(FILE *out, const draw_scene *s, rc_error *err);
rc_status rc_draw_write_cairo(FILE *out, rc_draw_format format,
                           const draw_scene *s, rc_error *err);

#endif
