/* draw_color.c -- the colour of each region, per colour mode, and the
 * legend that explains it (see relucells/draw.h for the modes).
 *
 * Pattern colours are stable: a region's colour is a hash of its pattern
 * (of its first k layers, for Theta_k) into a palette of 24, so the same
 * pattern has the same colour in every picture.  Only where two adjacent
 * regions of Theta_k would share a colour is the later one (in region
 * order) moved to the next colour that none of its coloured neighbours
 * uses; adjacency comes from the region graph, whose edges across facets
 * of layers 1..k join distinct regions of Theta_k. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/draw_internal.h"
#include "relucells/graph.h"

/* viridis at 0, 0.1, ..., 1 */
static const uint32_t viridis[11] = {
    0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
    0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};

/* Light fills: classes, and layers in the hues of their facets. */
static const uint32_t light[10] = {
    0xaec7e8, 0xff9896, 0x98df8a, 0xc5b0d5, 0xffbb78,
    0xc49c94, 0xf7b6d2, 0x9edae5, 0xdbdb8d, 0xc7c7c7};

#define NPAL 24

static uint32_t
mix(uint32_t a, uint32_t b, double t)
{
    int k;
    uint32_t out = 0;

    for (k = 16; k >= 0; k -= 8) {
        double x = (double)((a >> k) & 255), y = (double)((b >> k) & 255);
        out |= (uint32_t)lround(x + t * (y - x)) << k;
    }
    return out;
}

uint32_t
rc_draw_colormap(double t)
{
    double u;
    int i;

    if (!(t > 0.0))
        return viridis[0];
    if (t >= 1.0)
        return viridis[10];
    u = t * 10.0;
    i = (int)u;
    return mix(viridis[i], viridis[i + 1], u - i);
}

size_t
rc_draw_shade_stops(draw_stop *out, double lo, double hi, double vlo, double vhi)
{
    double range = vhi - vlo, tlo = (lo - vlo) / range, thi = (hi - vlo) / range;
    size_t n = 0;
    int i;

    out[n].t = 0.0;
    out[n++].rgb = rc_draw_colormap(tlo);
    for (i = 1; i < 10; i++) {
        double knot = i / 10.0;
        if (knot > tlo && knot < thi) {
            out[n].t = (knot - tlo) / (thi - tlo);
            out[n++].rgb = viridis[i];
        }
    }
    out[n].t = 1.0;
    out[n++].rgb = rc_draw_colormap(thi);
    return n;
}

uint32_t
rc_draw_class_rgb(size_t c)
{
    return light[c % 10];
}

uint32_t
rc_draw_layer_fill_rgb(size_t l)
{
    return l == 0 ? 0xeeeeee : light[(l - 1) % 10];
}

/* Pattern palette: hues a golden angle apart, three lightness levels. */
static uint32_t
palette(size_t i)
{
    double h = fmod((double)i * 0.618033988749895, 1.0) * 6.0;
    double s = i % 2 ? 0.22 : 0.36, v = 0.98 - 0.05 * (double)(i % 3);
    double c = v * s, x = c * (1.0 - fabs(fmod(h, 2.0) - 1.0)), mn = v - c;
    double rgb[3];
    int k = (int)h;

    rgb[0] = k == 0 || k == 5 ? c : k == 1 || k == 4 ? x : 0.0;
    rgb[1] = k == 1 || k == 2 ? c : k == 0 || k == 3 ? x : 0.0;
    rgb[2] = k == 3 || k == 4 ? c : k == 2 || k == 5 ? x : 0.0;
    return (uint32_t)lround((rgb[0] + mn) * 255) << 16
           | (uint32_t)lround((rgb[1] + mn) * 255) << 8
           | (uint32_t)lround((rgb[2] + mn) * 255);
}

void
rc_draw_output_name(char *buf, size_t size, const rc_draw_opts *o, size_t k)
{
    if (o->output_names != NULL)
        snprintf(buf, size, "%s", o->output_names[k]);
    else
        snprintf(buf, size, "y%zu", k + 1);
}

void
rc_draw_input_name(char *buf, size_t size, const rc_draw_opts *o, size_t input)
{
    if (o->input_names != NULL)
        snprintf(buf, size, "%s", o->input_names[input]);
    else
        snprintf(buf, size, "x%zu", input + 1);
}

void
rc_draw_region_point(double *x, const draw_scene *s, size_t i)
{
    const rc_region *r = rc_partition_region(s->part, i);
    size_t n = s->poly_count[i], j;
    const double *p = rc_region_interior_point(r);

    if (rc_region_is_bounded(r) || !isnan(rc_region_chebyshev_radius(r)) || n == 0) {
        x[0] = p[0];
        x[1] = p[1];
        return;
    }
    x[0] = x[1] = 0.0;
    for (j = 0; j < n; j++) {
        x[0] += s->pts[2 * (s->poly_first[i] + j)] / (double)n;
        x[1] += s->pts[2 * (s->poly_first[i] + j) + 1] / (double)n;
    }
}

size_t
rc_draw_region_class(const draw_scene *s, size_t i, size_t m, int argmin)
{
    const rc_region *r = rc_partition_region(s->part, i);
    const double *A = rc_region_output_A(r), *c = rc_region_output_c(r);
    double x[2], best = 0.0;
    size_t k, cls = 0;

    rc_draw_region_point(x, s, i);
    for (k = 0; k < m; k++) {
        double y = A[2 * k] * x[0] + A[2 * k + 1] * x[1] + c[k];
        if (k == 0 || (argmin ? y < best : y > best)) {
            best = y;
            cls = k;
        }
    }
    return cls;
}

/* ---- regions of Theta_k ------------------------------------------------ */

static uint64_t
fnv(const unsigned char *p, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* gid[i]: the region of Theta_k that region i lies in, numbered in order
 * of first appearance; *ng of them.  hash[g]: the hash of g's prefix. */
static int
groups(size_t *gid, size_t *ng, uint64_t *hash, const rc_partition *part,
       size_t k)
{
    size_t n = rc_partition_num_regions(part), plen = 0, l, i, size = 16;
    size_t *table, *first;

    for (l = 0; l < k; l++)
        plen += rc_partition_hidden_size(part, l);
    while (size < 2 * n)
        size *= 2;
    table = malloc(size * sizeof *table);
    first = malloc((n + 1) * sizeof *first);
    if (!table || !first) {
        free(table);
        free(first);
        return -1;
    }
    for (i = 0; i < size; i++)
        table[i] = SIZE_MAX;
    *ng = 0;
    for (i = 0; i < n; i++) {
        const unsigned char *p = rc_region_pattern(rc_partition_region(part, i));
        uint64_t h = fnv(p, plen);
        size_t slot = (size_t)h & (size - 1);
        while (table[slot] != SIZE_MAX
               && memcmp(rc_region_pattern(rc_partition_region(part, first[table[slot]])),
                         p, plen) != 0)
            slot = (slot + 1) & (size - 1);
        if (table[slot] == SIZE_MAX) {
            table[slot] = *ng;
            first[*ng] = i;
            hash[*ng] = h;
            (*ng)++;
        }
        gid[i] = table[slot];
    }
    free(table);
    free(first);
    return 0;
}

/* Pattern colours of the ng groups, neighbours distinct where the palette
 * allows (see the top of the file). */
static rc_status
pattern_colors(uint32_t *col, const size_t *gid, size_t ng,
               const uint64_t *hash, const rc_partition *part, size_t k,
               rc_error *err)
{
    rc_graph *g = NULL;
    size_t e, ne, i, *deg = NULL, *adj = NULL, *pos = NULL;
    unsigned char *done = NULL;
    rc_status st;

    if ((st = rc_graph_build(&g, part, err)) != RC_OK)
        return st;
    ne = rc_graph_num_edges(g);
    deg = calloc(ng + 1, sizeof *deg);
    pos = calloc(ng + 1, sizeof *pos);
    adj = malloc((2 * ne + 1) * sizeof *adj);
    done = calloc(ng + 1, 1);
    if (!deg || !pos || !adj || !done) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (e = 0; e < ne; e++) {
        const rc_edge *ed = rc_graph_edge(g, e);
        if (ed->owner.layer < k && gid[ed->a] != gid[ed->b]) {
            deg[gid[ed->a] + 1]++;
            deg[gid[ed->b] + 1]++;
        }
    }
    for (i = 0; i < ng; i++)
        deg[i + 1] += deg[i];
    memcpy(pos, deg, (ng + 1) * sizeof *pos);
    for (e = 0; e < ne; e++) {
        const rc_edge *ed = rc_graph_edge(g, e);
        if (ed->owner.layer < k && gid[ed->a] != gid[ed->b]) {
            adj[pos[gid[ed->a]]++] = gid[ed->b];
            adj[pos[gid[ed->b]]++] = gid[ed->a];
        }
    }
    for (i = 0; i < ng; i++) {
        unsigned char used[NPAL];
        size_t want = (size_t)(hash[i] % NPAL), c, q;
        memset(used, 0, sizeof used);
        for (q = deg[i]; q < deg[i + 1]; q++)
            if (done[adj[q]])
                used[col[adj[q]]] = 1;
        for (c = 0; c < NPAL && used[(want + c) % NPAL]; c++)
            ;
        col[i] = (uint32_t)((want + (c < NPAL ? c : 0)) % NPAL);
        done[i] = 1;
    }
    for (i = 0; i < ng; i++)
        col[i] = palette(col[i]);
out:
    free(deg);
    free(pos);
    free(adj);
    free(done);
    rc_graph_free(g);
    return st;
}

/* ---- per mode ---------------------------------------------------------- */

static void
legend_bar(draw_scene *s, const char *title, double lo, double hi, int logscale)
{
    s->legend = DRAW_LEGEND_BAR;
    snprintf(s->legend_title, sizeof s->legend_title, "%s", title);
    s->bar_lo = lo;
    s->bar_hi = hi;
    s->bar_log = logscale;
}

static int
legend_item(draw_scene *s, uint32_t rgb, long key, const char *label)
{
    draw_item *it = realloc(s->items, (s->num_items + 1) * sizeof *it);

    if (it == NULL)
        return -1;
    s->items = it;
    it += s->num_items++;
    it->rgb = rgb;
    it->key = key;
    snprintf(it->label, sizeof it->label, "%s", label);
    return 0;
}

/* Colours on a bar: value v[i] of each region (NAN: grey), log10 when the
 * values span more than three decades (and force_log). */
static void
bar_colors(uint32_t *rgb, draw_scene *s, const double *v, size_t n,
           const char *title, int legend, int force_log)
{
    double lo = INFINITY, hi = -INFINITY;
    size_t i;
    int logscale = force_log;

    for (i = 0; i < n; i++)
        if (isfinite(v[i]) && s->poly_count[i] > 0) {
            lo = fmin(lo, v[i]);
            hi = fmax(hi, v[i]);
        }
    if (!force_log && lo > 0.0 && hi > 1000.0 * lo)
        logscale = 1;
    if (logscale) {
        lo = log10(lo);
        hi = log10(hi);
    }
    if (!(hi > lo)) {
        hi = lo + 1.0;
        lo = lo - 1.0;
    }
    if (!isfinite(lo)) {
        lo = 0.0;
        hi = 1.0;
    }
    for (i = 0; i < n; i++) {
        double x = logscale ? log10(v[i]) : v[i];
        rgb[i] = isfinite(x) ? rc_draw_colormap((x - lo) / (hi - lo)) : 0xcccccc;
    }
    if (legend) {
        char t[96];
        snprintf(t, sizeof t, "%s%s", logscale ? "log10 " : "", title);
        legend_bar(s, t, lo, hi, logscale);
    }
}

rc_status
rc_draw_colors(uint32_t *rgb, draw_scene *s, size_t k, int legend,
            rc_error *err)
{
    const rc_partition *part = s->part;
    const rc_draw_opts *o = s->opts;
    size_t n = rc_partition_num_regions(part), m = rc_partition_num_outputs(part);
    size_t i, j, ng = 0, out = o->output;
    size_t *gid = malloc((n + 1) * sizeof *gid);
    uint64_t *hash = malloc((n + 1) * sizeof *hash);
    uint32_t *gcol = malloc((n + 1) * sizeof *gcol);
    double *v = malloc((n + 1) * sizeof *v);
    char name[96], title[128];
    rc_status st = RC_OK;

    if (legend) {
        free(s->items);
        s->items = NULL;
        s->num_items = 0;
        s->legend = DRAW_LEGEND_NONE;
    }
    if (!gid || !hash || !gcol || !v || groups(gid, &ng, hash, part, k) != 0) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    switch (o->color) {
    case RC_DRAW_PATTERN:
        if ((st = pattern_colors(gcol, gid, ng, hash, part, k, err)) != RC_OK)
            goto done;
        for (i = 0; i < n; i++)
            rgb[i] = gcol[gid[i]];
        if (legend) {
            s->legend = DRAW_LEGEND_TEXT;
            if (k > 0)
                snprintf(s->legend_title, sizeof s->legend_title,
                         "pattern (layers 1..%zu)", k);
            else
                snprintf(s->legend_title, sizeof s->legend_title, "pattern");
        }
        break;
    case RC_DRAW_ARGMAX:
    case RC_DRAW_ARGMIN:
        for (i = 0; i < n; i++)
            rgb[i] = rc_draw_class_rgb(rc_draw_region_class(s, i, m,
                                                      o->color == RC_DRAW_ARGMIN));
        if (legend) {
            s->legend = DRAW_LEGEND_ITEMS;
            snprintf(s->legend_title, sizeof s->legend_title, "%s of the outputs",
                     o->color == RC_DRAW_ARGMIN ? "argmin" : "argmax");
            for (j = 0; j < m; j++) {
                rc_draw_output_name(name, sizeof name, o, j);
                if (legend_item(s, rc_draw_class_rgb(j), (long)j + 1, name) != 0) {
                    st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                    goto done;
                }
            }
        }
        break;
    case RC_DRAW_LAYER:
        for (j = 0; j < ng; j++)
            gcol[j] = 0;
        for (i = 0; i < n; i++) {
            const rc_region *r = rc_partition_region(part, i);
            size_t f;
            for (f = 0; f < rc_region_num_facets(r); f++) {
                rc_owner ow;
                rc_region_facet(r, f, NULL, &ow);
                if (ow.kind == RC_OWNER_NEURON && ow.layer < k
                    && ow.layer + 1 > gcol[gid[i]])
                    gcol[gid[i]] = ow.layer + 1;
            }
        }
        for (i = 0; i < n; i++)
            rgb[i] = rc_draw_layer_fill_rgb(gcol[gid[i]]);
        if (legend) {
            s->legend = DRAW_LEGEND_ITEMS;
            snprintf(s->legend_title, sizeof s->legend_title, "last layer to cut");
            for (j = 0; j <= k; j++) {
                if (j == 0)
                    snprintf(name, sizeof name, "none (domain)");
                else
                    snprintf(name, sizeof name, "layer %zu", j);
                if (legend_item(s, rc_draw_layer_fill_rgb(j), (long)j, name) != 0) {
                    st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                    goto done;
                }
            }
        }
        break;
    case RC_DRAW_VOLUME:
        for (j = 0; j < ng; j++)
            v[j] = 0.0;
        for (i = 0; i < n; i++) {
            const rc_region *r = rc_partition_region(part, i);
            double a = !rc_region_is_bounded(r) ? INFINITY
                       : !s->cut[i] || isnan(rc_region_volume(r)) ? s->area[i]
                       : rc_region_volume(r);
            v[gid[i]] += a;
        }
        for (i = 0; i < n; i++)
            gcol[i] = 0;
        {
            double *vr = malloc((n + 1) * sizeof *vr);
            if (vr == NULL) {
                st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                goto done;
            }
            for (i = 0; i < n; i++)
                vr[i] = v[gid[i]];
            bar_colors(rgb, s, vr, n, "area", legend, 1);
            free(vr);
        }
        break;
    case RC_DRAW_GRADIENT:
        for (i = 0; i < n; i++) {
            const double *A = rc_region_output_A(rc_partition_region(part, i));
            double sum = 0.0;
            for (j = 0; j < 2 * m; j++)
                if (out == RC_DRAW_ALL_OUTPUTS || j / 2 == out)
                    sum += A[j] * A[j];
            v[i] = sqrt(sum);
        }
        if (out == RC_DRAW_ALL_OUTPUTS)
            snprintf(title, sizeof title, "|Jacobian| (Frobenius)");
        else {
            rc_draw_output_name(name, sizeof name, o, out);
            snprintf(title, sizeof title, "|grad %s|", name);
        }
        bar_colors(rgb, s, v, n, title, legend, 0);
        break;
    case RC_DRAW_OUTPUT:
        for (i = 0; i < n; i++) {
            const rc_region *r = rc_partition_region(part, i);
            double x[2];
            rc_draw_region_point(x, s, i);
            v[i] = rc_region_output_A(r)[2 * out] * x[0]
                   + rc_region_output_A(r)[2 * out + 1] * x[1]
                   + rc_region_output_c(r)[out];
        }
        for (i = 0; i < n; i++) {
            double range = s->out_hi - s->out_lo;
            rgb[i] = rc_draw_colormap(range > 0 ? (v[i] - s->out_lo) / range : 0.5);
        }
        if (legend) {
            rc_draw_output_name(name, sizeof name, o, out);
            legend_bar(s, name, s->out_lo, s->out_hi, 0);
        }
        break;
    case RC_DRAW_WHITE:
        for (i = 0; i < n; i++)
            rgb[i] = 0xffffff;
        break;
    }
done:
    free(gid);
    free(hash);
    free(gcol);
    free(v);
    return st;
}
