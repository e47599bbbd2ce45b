/* writer.c -- regions as text or JSON, written as they come.
 *
 * A writer prints a header when it is made, one region at a time, and a
 * summary at the end, so that 'enumerate' streams: no region waits for
 * the others.  The JSON is the "relucells-partition" schema, version 1
 * (man/relucells-json.5): every value is built and encoded by jansson;
 * only the punctuation joining the top-level members and the regions is
 * written here.  Exact regions are written exactly ("p/q" strings), with
 * the Chebyshev radius the one double, named so. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "io/json_util.h"
#include "io/report.h"
#include "model/domain_internal.h"
#include "model/net_internal.h"
#include "relucells/io.h"
#include "result/graph_internal.h"
#include "result/partition_internal.h"

struct rc_writer {
    FILE *out;
    const rc_net *net;
    const rc_domain *dom;
    rc_arithmetic arith;
    rc_write_opts opts;
    size_t n, count;
    size_t *free_inputs;
    char *pattern;              /* scratch for pattern strings */
    size_t *order;              /* scratch for vertex orders */
    int bad;
};

void
rc_write_opts_init(rc_write_opts *o)
{
    o->format = RC_FORMAT_TEXT;
    o->regions = 1;
    o->net_name = NULL;
    o->atoms = 0;
    o->lipschitz = NULL;
    o->records = 0;
}

void
rc_owner_string(char *buf, rc_owner owner)
{
    if (owner.kind == RC_OWNER_NEURON)
        snprintf(buf, 48, "neuron %u %u", owner.layer + 1, owner.index + 1);
    else
        snprintf(buf, 48, "domain %u", 2 * owner.index + 1 + owner.upper);
}

void
rc_pattern_string(char *buf, const unsigned char *pattern, const rc_net *net)
{
    size_t k, j, o = 0;

    for (k = 1; k < net->num_layers; k++) {
        if (k > 1)
            *buf++ = '|';
        for (j = 0; j < net->sizes[k]; j++)
            *buf++ = pattern[o++] ? '1' : '0';
    }
    *buf = '\0';
}

rc_status
rc_pattern_parse(unsigned char *pat, const char *text, const rc_net *net,
                 rc_error *err)
{
    size_t len = rc_net_num_neurons(net), k = 0, layer = 1, in_layer = 0;
    int bars = strchr(text, '|') != NULL;
    const char *p;

    for (p = text; *p != '\0'; p++) {
        if (*p == '|') {
            if (!bars || layer >= net->num_layers - 1
                || in_layer != net->sizes[layer])
                return rc_error_set(err, RC_ERR_ARG,
                                    "pattern '%s': layer %zu should have %zu "
                                    "bits", text, layer, net->sizes[layer]);
            layer++;
            in_layer = 0;
            continue;
        }
        if (*p != '0' && *p != '1')
            return rc_error_set(err, RC_ERR_ARG,
                                "pattern '%s': '%c' is not a bit", text, *p);
        if (k == len)
            break;
        pat[k++] = (unsigned char)(*p - '0');
        in_layer++;
    }
    if (k != len || *p != '\0' || (bars && layer != net->num_layers - 1))
        return rc_error_set(err, RC_ERR_ARG,
                            "pattern '%s': expected %zu bits, one per hidden "
                            "neuron (layers separated by '|' if you like)",
                            text, len);
    return RC_OK;
}

/* The vertices of a 2D region round the polygon (counter-clockwise), in
 * w->order; 0 when the region has no such order (not 2D, a line). */
static int
vertex_cycle(rc_writer *w, const rc_region *r)
{
    size_t cnt, i, k = 0;

    if (w->n != 2 || rc_region_polygon(w->order, &cnt, r) != RC_OK)
        return 0;
    for (i = 0; i < cnt; i++)   /* rays are on the cycle too: skip them */
        if (w->order[i] < r->nv)
            w->order[k++] = w->order[i];
    return k == r->nv;
}

/* ---- text ------------------------------------------------------------- */

static void
text_vector(FILE *f, const double *v, size_t n)
{
    size_t i;

    fputc('(', f);
    for (i = 0; i < n; i++)
        fprintf(f, "%s%.10g", i ? ", " : "", v[i] + 0.0);
    fputc(')', f);
}

static void
text_vector_q(FILE *f, mpq_srcptr v, size_t n)
{
    size_t i;

    fputc('(', f);
    for (i = 0; i < n; i++)
        gmp_fprintf(f, "%s%Qd", i ? ", " : "", v + i);
    fputc(')', f);
}

/* a . x REL b, or a . x + b when rel is NULL, with signs written once. */
static void
text_affine(FILE *f, const rc_writer *w, const double *a, double b,
            const char *rel)
{
    size_t i;
    int first = 1;

    for (i = 0; i < w->n; i++) {
        double v = a[i] + 0.0;   /* + 0.0 turns -0 into 0 */
        if (v == 0.0)
            continue;
        fprintf(f, first ? "%s%.10g*x%zu" : " %s %.10g*x%zu",
                v < 0 ? "-" : (first ? "" : "+"), fabs(v),
                w->free_inputs[i] + 1);
        first = 0;
    }
    if (rel != NULL)
        fprintf(f, "%s %s %.10g", first ? "0" : "", rel, b + 0.0);
    else if (first)
        fprintf(f, "%.10g", b + 0.0);
    else
        fprintf(f, " %c %.10g", b < 0 ? '-' : '+', fabs(b));
}

static void
text_affine_q(FILE *f, const rc_writer *w, mpq_srcptr a, mpq_srcptr b,
              const char *rel)
{
    size_t i;
    int first = 1;
    mpq_t t;

    mpq_init(t);
    for (i = 0; i < w->n; i++) {
        if (mpq_sgn(a + i) == 0)
            continue;
        mpq_abs(t, a + i);
        gmp_fprintf(f, first ? "%s%Qd*x%zu" : " %s %Qd*x%zu",
                    mpq_sgn(a + i) < 0 ? "-" : (first ? "" : "+"), t,
                    w->free_inputs[i] + 1);
        first = 0;
    }
    mpq_abs(t, b);
    if (rel != NULL)
        gmp_fprintf(f, "%s %s %Qd", first ? "0" : "", rel, b);
    else if (first)
        gmp_fprintf(f, "%Qd", b);
    else
        gmp_fprintf(f, " %c %Qd", mpq_sgn(b) < 0 ? '-' : '+', t);
    mpq_clear(t);
}

static void
text_generators(FILE *f, const rc_writer *w, const rc_region *r,
                const char *name, size_t count,
                const double *(*get)(const rc_region *, size_t),
                mpq_srcptr (*get_q)(const rc_region *, size_t))
{
    size_t i;

    for (i = 0; i < count; i++) {
        fputs(i ? " " : name, f);
        if (r->exact != NULL)
            text_vector_q(f, get_q(r, i), w->n);
        else
            text_vector(f, get(r, i), w->n);
    }
    if (count)
        fputc('\n', f);
}

static void
text_region(rc_writer *w, const rc_region *r)
{
    FILE *f = w->out;
    size_t n = w->n, m = r->outputs, i;
    char owner[48];

    rc_pattern_string(w->pattern, r->pattern, w->net);
    if (w->opts.records) {
        size_t k, t = rc_region_task(r, &k);
        fprintf(f, "region %zu:%zu", t, k);
    } else {
        fprintf(f, "region %zu", r->id);
    }
    fprintf(f, "  pattern %s  %s\n", w->pattern,
            r->bounded ? "bounded" : "unbounded");
    fputs("  interior point ", f);
    if (rc_region_interior_point_q(r) != NULL) {
        text_vector_q(f, rc_region_interior_point_q(r), n);
        gmp_fprintf(f, "  margin %Qd", rc_region_interior_margin_q(r));
    } else {
        text_vector(f, r->point, n);
    }
    fprintf(f, "  chebyshev radius %.6g", r->radius);
    if (rc_region_volume_q(r) != NULL)
        gmp_fprintf(f, "  volume %Qd (%.10g)", rc_region_volume_q(r), r->volume);
    else if (r->bounded && !isnan(r->volume))
        fprintf(f, "  volume %.10g", r->volume);
    fputc('\n', f);
    for (i = 0; i < r->num_facets; i++) {
        rc_owner_string(owner, r->owners[i]);
        fprintf(f, "  facet %-14s ", owner);
        if (r->exact != NULL)
            text_affine_q(f, w, r->exact->facet_a[i * n], r->exact->facet_b[i], "<=");
        else
            text_affine(f, w, r->facet_a + i * n, r->facet_b[i], "<=");
        fputc('\n', f);
    }
    /* In 2D the vertices go round the polygon. */
    if (vertex_cycle(w, r)) {
        for (i = 0; i < r->nv; i++) {
            fputs(i ? " " : "  vertices ", f);
            if (r->exact != NULL)
                text_vector_q(f, rc_region_vertex_q(r, w->order[i]), n);
            else
                text_vector(f, rc_region_vertex(r, w->order[i]), n);
        }
        if (r->nv)
            fputc('\n', f);
    } else {
        text_generators(f, w, r, "  vertices ", r->nv, rc_region_vertex,
                        rc_region_vertex_q);
    }
    text_generators(f, w, r, "  rays ", r->nr, rc_region_ray, rc_region_ray_q);
    text_generators(f, w, r, "  lines ", r->nl, rc_region_line, rc_region_line_q);
    for (i = 0; i < m; i++) {
        fprintf(f, "  y%zu = ", i + 1);
        if (r->exact != NULL)
            text_affine_q(f, w, r->exact->A[i * n], r->exact->c[i], NULL);
        else
            text_affine(f, w, r->A + i * n, r->c[i], NULL);
        fputc('\n', f);
    }
}

static void
text_summary(rc_writer *w, const rc_enum_summary *s)
{
    FILE *f = w->out;
    const rc_enum_stats *st = &s->stats;
    size_t k;

    for (k = 0; k < s->num_hidden; k++)
        fprintf(f, "layer %zu: %zu regions\n", k + 1, s->layer_counts[k]);
    if (w->arith == RC_ARITH_EXACT)
        fprintf(f, "arithmetic: exact (signs the float filter left to GMP: %zu)\n",
                st->exact_signs);
    else if (w->arith == RC_ARITH_FILTERED)
        fprintf(f, "arithmetic: default, exact decisions (%zu signs decided "
                "exactly, in %zu pieces rebuilt exactly)\n",
                st->exact_decisions, st->exact_pieces);
    else if (st->uncertain == 0)
        fputs("arithmetic: float, no uncertain decision\n", f);
    else
        fprintf(f, "arithmetic: float, %zu uncertain decisions (%zu cuts "
                "re-decided by LP): the count may be wrong; the default mode "
                "or --exact decides them exactly\n", st->uncertain,
                st->lp_decisions);
    if (!s->complete)
        fprintf(f, "stopped: %s after %zu regions\n",
                rc_stop_reason_name(s->stop_reason), s->num_regions);
    fprintf(f, "regions: %zu\n", s->num_regions);
}

/* ---- JSON ------------------------------------------------------------- */

static const char *
arith_name(rc_arithmetic a)
{
    return a == RC_ARITH_EXACT ? "exact" : a == RC_ARITH_FLOAT ? "float"
                                                              : "default";
}

static json_t *
json_header_network(const rc_writer *w)
{
    json_t *arch = json_array();
    size_t l;

    for (l = 0; l <= w->net->num_layers; l++)
        json_array_append_new(arch, json_integer((json_int_t)w->net->sizes[l]));
    return json_pack("{s:o, s:o}", "file",
                     w->opts.net_name ? json_string(w->opts.net_name) : json_null(),
                     "architecture", arch);
}

/* An exact domain number as JSON: a double in float modes, "p/q" exact. */
static json_t *
json_number_q(const rc_writer *w, mpq_srcptr q)
{
    /* mpq_get_d truncates: the nearest double, as relucells-json(5) says */
    return w->arith == RC_ARITH_EXACT ? rc_json_q(q) : rc_json_num(rc_q_get_d(q));
}

static json_t *
json_header_domain(const rc_writer *w)
{
    const rc_domain *d = w->dom;
    json_t *inputs = json_array(), *free_names = json_array();
    size_t i;
    char name[32];

    for (i = 0; i < d->num_inputs; i++) {
        json_t *o = json_object();
        snprintf(name, sizeof name, "x%zu", i + 1);
        json_object_set_new(o, "name", json_string(name));
        json_object_set_new(o, "lo", d->bounded ? json_number_q(w, d->lo_q[i]) : json_null());
        json_object_set_new(o, "hi", d->bounded ? json_number_q(w, d->hi_q[i]) : json_null());
        json_object_set_new(o, "fixed", d->fixed[i] ? json_number_q(w, d->value_q[i])
                                                    : json_null());
        json_array_append_new(inputs, o);
        if (!d->fixed[i])
            json_array_append_new(free_names, json_string(name));
    }
    return json_pack("{s:b, s:o, s:o}", "bounded", d->bounded, "inputs", inputs,
                     "free_inputs", free_names);
}

static json_t *
json_region(rc_writer *w, const rc_region *r)
{
    size_t n = w->n, m = r->outputs, i, cnt;
    const rc_region_exact *e = r->exact;
    json_t *o = json_object(), *facets = json_array(), *map = json_object();
    json_t *verts;
    int ordered = 0;

    rc_pattern_string(w->pattern, r->pattern, w->net);
    if (w->opts.records) {
        size_t k, t = rc_region_task(r, &k);
        json_object_set_new(o, "task", json_integer((json_int_t)t));
        json_object_set_new(o, "place", json_integer((json_int_t)k));
    } else {
        json_object_set_new(o, "id", json_integer((json_int_t)r->id));
    }
    json_object_set_new(o, "pattern", json_string(w->pattern));
    json_object_set_new(o, "bounded", json_boolean(r->bounded));
    if (e != NULL && e->has_point) {
        json_object_set_new(o, "interior_point", rc_json_qvector(e->point[0], n));
        json_object_set_new(o, "interior_margin", rc_json_q(e->margin));
    } else {
        json_object_set_new(o, "interior_point", rc_json_vector(r->point, n));
    }
    json_object_set_new(o, "chebyshev_radius_float", rc_json_num(r->radius));
    if (e != NULL && r->bounded && !isnan(r->volume))
        json_object_set_new(o, "volume", rc_json_q(e->volume));
    else
        json_object_set_new(o, "volume", rc_json_num(r->volume));
    json_object_set_new(map, "A", e ? rc_json_qpoints(e->A[0], m, n)
                                    : rc_json_points(r->A, m, n));
    json_object_set_new(map, "c", e ? rc_json_qvector(e->c[0], m)
                                    : rc_json_vector(r->c, m));
    json_object_set_new(o, "output_map", map);
    /* Vertices: in 2D counter-clockwise round the polygon. */
    ordered = vertex_cycle(w, r);
    verts = json_array();
    for (i = 0; i < r->nv; i++) {
        size_t v = ordered ? w->order[i] : i;
        json_array_append_new(verts, e ? rc_json_qvector(e->vertices[v * n], n)
                                       : rc_json_vector(r->vertices + v * n, n));
    }
    for (i = 0; i < r->num_facets; i++) {
        json_t *f = json_object(), *fv = json_array();
        size_t g, k;
        json_object_set_new(f, "owner", rc_json_owner(r->owners[i]));
        json_object_set_new(f, "a", e ? rc_json_qvector(e->facet_a[i * n], n)
                                      : rc_json_vector(r->facet_a + i * n, n));
        json_object_set_new(f, "b", e ? rc_json_q(e->facet_b[i])
                                      : rc_json_num(r->facet_b[i]));
        /* The facet's vertices, as indices into "vertices" (from 0);
         * in 3D in cyclic order. */
        if (n == 3 && rc_region_facet_polygon(w->order, &cnt, r, i) == RC_OK) {
            for (k = 0; k < cnt; k++)
                if (w->order[k] < r->nv)
                    json_array_append_new(fv, json_integer((json_int_t)w->order[k]));
        } else {
            for (g = 0; g < r->nv; g++)
                if (rc_region_facet_has_generator(r, i, ordered ? w->order[g] : g))
                    json_array_append_new(fv, json_integer((json_int_t)g));
        }
        json_object_set_new(f, "vertices", fv);
        json_array_append_new(facets, f);
    }
    json_object_set_new(o, "facets", facets);
    json_object_set_new(o, "vertices", verts);
    json_object_set_new(o, "rays", e ? rc_json_qpoints(e->rays[0], r->nr, n)
                                     : rc_json_points(r->rays, r->nr, n));
    json_object_set_new(o, "lines", e ? rc_json_qpoints(e->lines[0], r->nl, n)
                                      : rc_json_points(r->lines, r->nl, n));
    return o;
}

static json_t *
json_stats(const rc_enum_stats *s)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
                     "classifications", (json_int_t)s->classifications,
                     "cuts", (json_int_t)s->cuts,
                     "uncertain", (json_int_t)s->uncertain,
                     "lp_decisions", (json_int_t)s->lp_decisions,
                     "lp_calls", (json_int_t)s->lp_calls,
                     "exact_signs", (json_int_t)s->exact_signs,
                     "exact_decisions", (json_int_t)s->exact_decisions,
                     "exact_pieces", (json_int_t)s->exact_pieces);
}

static int
json_put(FILE *out, json_t *v, const char *before)
{
    int bad = v == NULL || fputs(before, out) == EOF
              || json_dumpf(v, out, JSON_COMPACT | JSON_REAL_PRECISION(17)
                                    | JSON_ENCODE_ANY) != 0;
    json_decref(v);
    return bad;
}

/* ---- the writer ------------------------------------------------------- */

void
rc_writer_free(rc_writer *w)
{
    if (w == NULL)
        return;
    free(w->free_inputs);
    free(w->pattern);
    free(w->order);
    free(w);
}

rc_status
rc_writer_new(rc_writer **out, FILE *f, const rc_net *net, const rc_domain *dom,
              rc_arithmetic arith, const rc_write_opts *opts, rc_error *err)
{
    rc_writer *w = calloc(1, sizeof *w);
    size_t i, k = 0;

    *out = NULL;
    if (w == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    w->out = f;
    w->net = net;
    w->dom = dom;
    w->arith = arith;
    if (opts != NULL)
        w->opts = *opts;
    else
        rc_write_opts_init(&w->opts);
    w->n = rc_domain_dim(dom);
    w->free_inputs = malloc((w->n + 1) * sizeof *w->free_inputs);
    w->pattern = malloc(rc_net_num_neurons(net) + net->num_layers + 2);
    w->order = NULL;
    if (!w->free_inputs || !w->pattern) {
        rc_writer_free(w);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < dom->num_inputs; i++)
        if (!dom->fixed[i])
            w->free_inputs[k++] = i;
    if (w->opts.format == RC_FORMAT_JSON && !w->opts.records) {
        w->bad |= rc_json_member(f, "format", json_string("relucells-partition"), 1);
        w->bad |= rc_json_member(f, "version", json_integer(1), 0);
        w->bad |= rc_json_member(f, "network", json_header_network(w), 0);
        w->bad |= rc_json_member(f, "domain", json_header_domain(w), 0);
        w->bad |= rc_json_member(f, "arithmetic", json_string(arith_name(arith)), 0);
        w->bad |= fputs(",\n\"regions\": [", f) == EOF;
    }
    if (w->bad) {
        rc_writer_free(w);
        return rc_error_set(err, RC_ERR_IO, "cannot write the output");
    }
    *out = w;
    return RC_OK;
}

rc_status
rc_writer_region(rc_writer *w, const rc_region *r, rc_error *err)
{
    if (!w->opts.regions) {
        w->count++;
        return RC_OK;
    }
    if (r->nv + r->nr > 0) {
        size_t *o = realloc(w->order, (r->nv + r->nr + 1) * sizeof *o);
        if (o == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        w->order = o;
    }
    if (w->opts.format == RC_FORMAT_TEXT) {
        text_region(w, r);
    } else {
        json_t *o = json_region(w, r);
        if (o != NULL && w->opts.atoms) {
            int failed;
            json_t *a = rc_report_atoms_json(w->net, w->dom, r, &failed);
            if (a == NULL)
                w->bad = 1;
            else
                json_object_set_new(o, "atoms", a);
        }
        if (o != NULL && w->opts.lipschitz != NULL && !w->opts.records
            && r->id >= 1 && r->id <= w->opts.lipschitz->num_regions) {
            json_t *l = rc_report_lipschitz_json(w->opts.lipschitz, r->id - 1);
            if (l == NULL)
                w->bad = 1;
            else
                json_object_set_new(o, "lipschitz", l);
        }
        if (w->opts.records)
            w->bad |= json_put(w->out, o, "") || fputc('\n', w->out) == EOF;
        else
            w->bad |= json_put(w->out, o, w->count ? ",\n" : "\n");
    }
    w->count++;
    if (w->bad || ferror(w->out))
        return rc_error_set(err, RC_ERR_IO, "cannot write the output");
    return RC_OK;
}

/* The digits at *p, skipped; 0 when there are none. */
static int
skip_digits(const char **p, const char *end)
{
    const char *q = *p;

    while (q < end && *q >= '0' && *q <= '9')
        q++;
    if (q == *p)
        return 0;
    *p = q;
    return 1;
}

/* Does [p, end) start with the text s?  Then skip it. */
static int
skip_text(const char **p, const char *end, const char *s)
{
    size_t n = strlen(s);

    if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
        return 0;
    *p += n;
    return 1;
}

/* A record of a records writer differs from the region's output in its
 * first bytes only: "region T:K" for "region ID" (text), {"task":T,
 * "place":K, for {"id":ID, (JSON, which also ends in a newline instead of
 * being joined to the next by a comma). */
rc_status
rc_writer_record(rc_writer *w, const char *rec, size_t len, size_t id,
                 rc_error *err)
{
    const char *p = rec, *end = rec + len;
    int ok;

    if (w->opts.records)
        return rc_error_set(err, RC_ERR_ARG, "rc_writer_record: the writer "
                            "writes records itself");
    if (w->opts.format == RC_FORMAT_TEXT)
        ok = skip_text(&p, end, "region ") && skip_digits(&p, end)
             && skip_text(&p, end, ":") && skip_digits(&p, end)
             && end > p && end[-1] == '\n';
    else
        ok = skip_text(&p, end, "{\"task\":") && skip_digits(&p, end)
             && skip_text(&p, end, ",\"place\":") && skip_digits(&p, end)
             && skip_text(&p, end, ",") && end > p && end[-1] == '\n'
             && memchr(p, '\n', (size_t)(end - p) - 1) == NULL;
    if (!ok)
        return rc_error_set(err, RC_ERR_PARSE, "rc_writer_record: not a %s "
                            "region record of relucells",
                            w->opts.format == RC_FORMAT_TEXT ? "text" : "JSON");
    if (w->opts.regions) {
        if (w->opts.format == RC_FORMAT_TEXT)
            w->bad |= fprintf(w->out, "region %zu", id) < 0
                      || fwrite(p, 1, (size_t)(end - p), w->out)
                             != (size_t)(end - p);
        else
            w->bad |= fprintf(w->out, "%s{\"id\":%zu,", w->count ? ",\n" : "\n",
                              id) < 0
                      || fwrite(p, 1, (size_t)(end - p) - 1, w->out)
                             != (size_t)(end - p) - 1;
    }
    w->count++;
    if (w->bad || ferror(w->out))
        return rc_error_set(err, RC_ERR_IO, "cannot write the output");
    return RC_OK;
}

rc_status
rc_writer_finish(rc_writer *w, const rc_enum_summary *s,
                 const rc_graph *graph, rc_error *err)
{
    size_t i;

    if (w->opts.records) {
        /* Records are put together elsewhere, with their summary. */
    } else if (w->opts.format == RC_FORMAT_TEXT) {
        text_summary(w, s);
    } else {
        json_t *counts = json_array();
        for (i = 0; i < s->num_hidden; i++)
            json_array_append_new(counts, json_integer((json_int_t)s->layer_counts[i]));
        w->bad |= fputs("\n]", w->out) == EOF;
        w->bad |= rc_json_member(w->out, "num_regions", json_integer((json_int_t)s->num_regions), 0);
        w->bad |= rc_json_member(w->out, "layer_counts", counts, 0);
        w->bad |= rc_json_member(w->out, "complete", json_boolean(s->complete), 0);
        if (!s->complete)
            w->bad |= rc_json_member(w->out, "stopped",
                                     json_string(rc_stop_reason_name(s->stop_reason)), 0);
        w->bad |= rc_json_member(w->out, "stats", json_stats(&s->stats), 0);
        if (graph != NULL) {
            w->bad |= fputs(",\n\"adjacency\": [", w->out) == EOF;
            for (i = 0; i < rc_graph_num_edges(graph) && !w->bad; i++)
                w->bad |= json_put(w->out, rc_graph_edge_json(graph, i),
                                   i ? ",\n" : "\n");
            w->bad |= fputs("\n]", w->out) == EOF;
        }
        w->bad |= fputs("}\n", w->out) == EOF;
    }
    if (w->bad || ferror(w->out))
        return rc_error_set(err, RC_ERR_IO, "cannot write the output");
    return RC_OK;
}

rc_status
rc_partition_write(FILE *out, const rc_partition *part, const rc_net *net,
                   const rc_domain *dom, const rc_graph *graph,
                   const rc_write_opts *opts, rc_error *err)
{
    rc_writer *w;
    rc_enum_summary s;
    size_t i;
    rc_status st;

    st = rc_writer_new(&w, out, net, dom, part->arithmetic, opts, err);
    for (i = 0; st == RC_OK && i < part->num_regions; i++)
        st = rc_writer_region(w, part->regions[i], err);
    if (st == RC_OK) {
        s.num_regions = part->num_regions;
        s.num_hidden = part->num_hidden;
        s.layer_counts = part->layer_counts;
        s.complete = part->complete;
        s.stop_reason = part->stop_reason;
        s.stats = part->stats;
        st = rc_writer_finish(w, &s, graph, err);
    }
    rc_writer_free(w);
    return st;
}
