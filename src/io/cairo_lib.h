/* cairo_lib.h -- cairo, opened on first use; internal.
 *
 * Only the PNG and PDF pictures need cairo.  Linked at start-up, cairo and
 * the seventeen libraries behind it (pixman, fontconfig, freetype, libpng,
 * X11 and xcb ...) are mapped and bound by every run of every command and
 * by every program that loads librelucells, a few milliseconds each time;
 * so it is opened with dlopen when a picture first needs it, once per
 * process (base/dynlib.h).  The table's types come from cairo's own
 * header. */
#ifndef RC_CAIRO_LIB_H
#define RC_CAIRO_LIB_H

#include <cairo.h>
#include <cairo-pdf.h>

#include "relucells/status.h"

#define RC_CAIRO_FUNCTIONS(X)                                              \
    X(clip) X(close_path) X(create) X(destroy) X(fill) X(fill_preserve)     \
    X(image_surface_create) X(line_to) X(matrix_init) X(move_to) X(paint)   \
    X(pattern_add_color_stop_rgb) X(pattern_create_linear)                  \
    X(pattern_destroy) X(pattern_set_extend) X(pattern_set_matrix)          \
    X(pdf_surface_create_for_stream) X(rectangle) X(rel_line_to)            \
    X(restore) X(rotate) X(save) X(select_font_face) X(set_antialias)       \
    X(set_font_size) X(set_line_cap) X(set_line_width) X(set_source)        \
    X(set_source_rgb) X(show_text) X(status) X(status_to_string) X(stroke)  \
    X(stroke_preserve) X(surface_destroy) X(surface_finish)                 \
    X(surface_status) X(surface_write_to_png_stream) X(text_extents)        \
    X(translate)

/* cairo_NAME as NAME. */
typedef struct rc_cairo {
#define RC_CAIRO_FIELD(name) __typeof__(&cairo_##name) name;
    RC_CAIRO_FUNCTIONS(RC_CAIRO_FIELD)
#undef RC_CAIRO_FIELD
} rc_cairo;

/* The functions, or RC_ERR_IO with the loader's reason when the library
 * (RC_CAIRO_SONAME, chosen by configure) cannot be opened. */
rc_status rc_cairo_get(const rc_cairo **out, rc_error *err);

/* The same table, for code that runs after rc_cairo_get succeeded (it is
 * written once, before that call returns, and only read after). */
extern rc_cairo rc_cairo_table;

#endif
