/* relucells/draw.h -- pictures of the partition of a 2D domain (a 2D
 * network or a 2D slice): SVG, PNG and PDF.
 *
 * Each region is drawn as the polygon of its vertices in boundary order
 * (rc_region_polygon), in raw input coordinates; unbounded regions, and
 * regions that leave the view, are cut to the view rectangle.  Facets are
 * stroked in the colour of the layer whose neuron owns them, thinner for
 * deeper layers (domain facets black), each shared facet once.
 *
 * Layers: with layers = k the picture is Theta_k, the partition after the
 * first k hidden layers (Heinecke & Hwang, Prop. 3).  Its regions are the
 * unions of the final regions that share the first k layers of their
 * pattern, and its boundaries are exactly the facets owned by neurons of
 * layers 1..k: the two sides of a facet owned by a neuron of layer l differ
 * in that neuron, and lie in one region of Theta_{l-1}.  So Theta_k is
 * drawn from the final regions, filled by their pattern prefix, with only
 * those facets stroked; strip draws Theta_1 .. Theta_k side by side.
 *
 * Colours (color):
 *   PATTERN   a stable colour per pattern (prefix, for Theta_k), chosen
 *             from a hash of the pattern, changed only where two adjacent
 *             regions (rc_graph_build) would share it;
 *   OUTPUT    output k shaded across each region: f_k is affine there, so
 *             a linear gradient along its gradient, with the colour map's
 *             stops between the region's least and largest value, is the
 *             exact picture of f_k (viridis, bar from the least to the
 *             largest value in the view);
 *   ARGMAX, ARGMIN   the index of the largest (smallest) output: a
 *             classifier's decision (ACAS Xu's advisory is the argmin).  A
 *             region the decision boundary crosses is cut along it exactly
 *             and each part filled with its class;
 *   GRADIENT  |grad f_k| (output = RC_DRAW_ALL_OUTPUTS: the Frobenius norm
 *             of the Jacobian), constant on a region; a log10 scale when
 *             the values span more than three decades;
 *   LAYER     for each region of Theta_k, the deepest layer that owns one
 *             of its facets: the layer whose cut shaped it last (0 when it
 *             has domain facets only);
 *   VOLUME    log10 of the area of each region of Theta_k (unbounded ones
 *             grey).
 *
 * The SVG is written by hand for people who read it: each region is one
 * <path class="region"> whose id is its region number (from 1; in a strip,
 * "kK-N" in the panel of Theta_K) with data-region, a <title> (a tooltip)
 * giving its pattern, its output at the interior point and (up to three
 * outputs) its affine map,
 * and its polygon in raw coordinates at full precision inside a <g> whose
 * transform="matrix(...)" maps them to pixels; facets are <path
 * class="facet layer-L">, decision boundary segments <path
 * class="boundary"> with data-region, data-classes and their exact ends in
 * the title; the legend is <g class="legend"> with entries <g
 * class="legend-entry" data-class="K"> holding a <rect fill="#rrggbb">.
 * PNG and PDF are drawn by cairo from the same scene, with the same pixel
 * layout as the SVG (one SVG user unit is one PNG pixel). */
#ifndef RELUCELLS_DRAW_H
#define RELUCELLS_DRAW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "relucells/boundary.h"
#include "relucells/domain.h"
#include "relucells/partition.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_draw_color {
    RC_DRAW_PATTERN = 0,
    RC_DRAW_OUTPUT,
    RC_DRAW_ARGMAX,
    RC_DRAW_ARGMIN,
    RC_DRAW_GRADIENT,
    RC_DRAW_LAYER,
    RC_DRAW_VOLUME,
    RC_DRAW_WHITE              /* no fill: the facets alone */
} rc_draw_color;

typedef enum rc_draw_format {
    RC_DRAW_SVG = 0,
    RC_DRAW_PNG,
    RC_DRAW_PDF
} rc_draw_format;

/* For rc_draw_opts.output with RC_DRAW_GRADIENT: all outputs. */
#define RC_DRAW_ALL_OUTPUTS ((size_t)-1)

/* Options; rc_draw_opts_init sets every default. */
typedef struct rc_draw_opts {
    unsigned width, height;    /* pixels (SVG user units, PDF points);
                                  default 800 x 640 */
    rc_draw_color color;       /* default RC_DRAW_PATTERN */
    size_t output;             /* OUTPUT, GRADIENT: the output, 0-based
                                  (default 0) */
    size_t layers;             /* draw Theta_k, k = layers; 0 (default):
                                  all hidden layers */
    int strip;                 /* panels Theta_1 .. Theta_k (default 0) */
    int facets;                /* stroke the facets (default 1) */
    int legend;                /* legend or colour bar (default 1) */
    int boundary;              /* overlay the decision boundary, or the
                                  level set, of boundary_opts (default 0) */
    rc_boundary_opts boundary_opts;   /* its clip box is the view */
    /* The view xmin, xmax, ymin, ymax in raw coordinates; NULL (default):
     * the domain's box, or for an unbounded domain the bounding box of all
     * vertices grown by half its size on each side. */
    const double *view;
    /* Names of all the network's inputs (rc_domain_num_inputs of them) for
     * the axes and the caption, and of its outputs for legends; NULL
     * (default): x1, x2, ... and y1, y2, ... */
    const char *const *input_names;
    const char *const *output_names;
    const char *title;         /* NULL (default): the number of regions */
} rc_draw_opts;

void rc_draw_opts_init(rc_draw_opts *opts);

/* The format named by path's extension: .svg, .png or .pdf (any case);
 * RC_ERR_ARG otherwise. */
rc_status rc_draw_format_from_path(rc_draw_format *format, const char *path,
                                   rc_error *err);

/* Draw the partition part of the domain dom (for the caption's fixed
 * inputs and the view; may be NULL) into the file path, whose extension
 * chooses the format.  RC_ERR_ARG unless part is 2D. */
rc_status rc_partition_draw(const char *path, const rc_partition *part,
                            const rc_domain *dom, const rc_draw_opts *opts,
                            rc_error *err);
/* The same into an open stream. */
rc_status rc_partition_draw_stream(FILE *out, rc_draw_format format,
                                   const rc_partition *part,
                                   const rc_domain *dom,
                                   const rc_draw_opts *opts, rc_error *err);

/* The fill colour of each region (0xRRGGBB, rc_partition_num_regions
 * entries) for the colour mode and layers of opts: OUTPUT gives the colour
 * at the interior point, ARGMAX and ARGMIN the class there. */
rc_status rc_draw_region_colors(uint32_t *rgb, const rc_partition *part,
                                const rc_domain *dom, const rc_draw_opts *opts,
                                rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
