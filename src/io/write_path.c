/* write_path.c -- a path's break points, pieces and per-layer figures as
 * text (one line per break point, then the per-layer summary), JSON
 * ("relucells-path" version 1, relucells-path(5); streamed one break point
 * and one piece at a time) and CSV (the vertices of the graph of the
 * values: start, break points, end). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "base/error_internal.h"
#include "base/rational.h"
#include "io/json_util.h"
#include "io/report.h"
#include "relucells/io.h"

void
rc_path_write_opts_init(rc_path_write_opts *o)
{
    o->format = RC_PATH_TEXT;
    o->net_name = NULL;
    o->points = 1;
    o->patterns = 1;
}

static const char *
kind_name(rc_path_kind k)
{
    return k == RC_PATH_ARC ? "arc" : k == RC_PATH_POLYLINE ? "polyline" : "segment";
}

static const char *
arith_name(rc_arithmetic a)
{
    return a == RC_ARITH_EXACT ? "exact" : a == RC_ARITH_FLOAT ? "float" : "default";
}

/* The gradient (per unit length of input) of piece i at t. */
static void
gradient_at(double *g, const rc_path *p, size_t i, double t)
{
    size_t o, ng = p->ng;

    if (p->kind != RC_PATH_ARC) {
        memcpy(g, rc_path_piece_slope(p, i), ng * sizeof *g);
        return;
    }
    {
        const double *X0 = p->legs[0].R + p->nin, *X1 = X0 + p->nin;
        const double *m = rc_path_piece_map(p, i);
        double c = cos(t), s = sin(t), speed2 = 0.0;
        size_t j;
        for (j = 0; j < p->nin; j++) {
            double v = -s * X0[j] + c * X1[j];
            speed2 += v * v;
        }
        for (o = 0; o < ng; o++)
            g[o] = (-m[3 * o + 1] * s + m[3 * o + 2] * c) / sqrt(speed2);
    }
}

/* The values of piece i at t. */
static void
value_at(double *v, const rc_path *p, size_t i, double t)
{
    size_t o, ng = p->ng;

    for (o = 0; o < ng; o++) {
        const double *f = p->forms + (i * ng + o) * p->dmax;
        v[o] = p->kind == RC_PATH_ARC ? f[0] + f[1] * cos(t) + f[2] * sin(t)
                                      : f[0] + (t - (double)p->pieces[i].leg) * f[1];
    }
}

/* ---- text ----------------------------------------------------------------- */

static void
text_vector(FILE *f, const double *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        fprintf(f, "%s%.10g", i ? " " : "", v[i] + 0.0);
}

static int
write_text(FILE *f, const rc_path *p, const rc_net *net, const rc_path_write_opts *o)
{
    size_t k, i, l, nh = p->nh, ng = p->ng;

    fprintf(f, "# relucells path: %s, %zu inputs, %s %zu, arithmetic %s%s\n",
            kind_name(p->kind), p->nin, p->comb ? "combination of outputs"
            : "outputs", p->comb ? p->nout : ng, arith_name(p->arithmetic),
            p->complete ? "" : " (incomplete)");
    if (p->kind == RC_PATH_ARC)
        fprintf(f, "# theta in [0, %.17g]\n", p->t_end);
    else
        for (k = 0; k < p->nlegs; k++)
            fprintf(f, "# segment %zu: t in [%zu, %zu], |X1 - X0| = %.10g\n",
                    k + 1, k, k + 1, p->legs[k].norm);
    for (k = 0; k < p->nbp; k++) {
        const rc_bp *b = &p->bps[k];
        fprintf(f, "breakpoint %zu  t ", k + 1);
        if (p->bp_tq != NULL)
            gmp_fprintf(f, "%Qd", p->bp_tq[k]);
        else
            fprintf(f, "%.17g", b->t);
        fputs("  flips", f);
        for (i = 0; i < b->nflips; i++) {
            rc_path_flip fl = p->flips[b->flip0 + i];
            fprintf(f, " %u:%u%c", fl.layer + 1, fl.neuron + 1, fl.to ? '+' : '-');
        }
        fputs("  value ", f);
        if (p->values_q != NULL) {
            for (i = 0; i < ng; i++)
                gmp_fprintf(f, "%s%Qd", i ? " " : "", p->values_q[k * ng + i]);
        } else if (p->values != NULL) {
            text_vector(f, p->values + k * ng, ng);
        }
        if (p->gaps != NULL) {
            fputs("  gap ", f);
            text_vector(f, p->gaps + k * ng, ng);
        }
        fputc('\n', f);
    }
    fprintf(f, "breakpoints: %zu  pieces: %zu  patterns: %zu\n", p->nbp,
            p->npieces, p->num_patterns);
    if (p->arithmetic == RC_ARITH_FLOAT)
        fprintf(f, "uncertain decisions: %zu\n", p->uncertain);
    else if (p->arithmetic == RC_ARITH_FILTERED)
        fprintf(f, "exact steps: %zu\n", p->exact_steps);
    fprintf(f, "%-8s %8s %12s %10s %16s\n", "layer", "width", "transitions",
            "patterns", "length");
    fprintf(f, "%-8s %8zu %12s %10s %16.10g\n", "input", p->nin, "", "", p->lengths[0]);
    for (l = 0; l < nh; l++)
        fprintf(f, "%-8zu %8zu %12zu %10zu %16.10g\n", l + 1, p->sizes[l],
                p->transitions[l], p->layer_patterns[l], p->lengths[l + 1]);
    fprintf(f, "%-8s %8zu %12s %10s %16.10g", "output", ng, "", "", p->lengths[nh + 1]);
    if (p->kind == RC_PATH_ARC) {
        double e = 0;
        for (l = 0; l <= nh + 1; l++)
            e = fmax(e, p->length_err[l]);
        fprintf(f, "\n(lengths by quadrature where needed: error below %.3g)", e);
    }
    fputc('\n', f);
    (void)net;
    (void)o;
    return ferror(f);
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *
qnum_json(const rc_qnum *x)
{
    char *s = rc_qnum_str(x);
    json_t *j = s ? json_string(s) : NULL;

    free(s);
    return j;
}

static json_t *
bp_json(const rc_path *p, size_t k, const rc_path_write_opts *o, mpq_t *xq,
        double *x)
{
    const rc_bp *b = &p->bps[k];
    json_t *j = json_object(), *flips = json_array();
    size_t i, ng = p->ng;

    if (p->bp_tq != NULL)
        json_object_set_new(j, "t", rc_json_q(p->bp_tq[k]));
    else
        json_object_set_new(j, "t", rc_json_num(b->t));
    if (p->bp_u != NULL) {
        json_t *u = json_object(), *iv = json_array();
        json_object_set_new(u, "quarter", json_integer(p->legs[b->leg].quarter));
        json_object_set_new(u, "u", qnum_json(&p->bp_u[k]));
        json_array_append_new(iv, rc_json_q(p->bp_ulo[k]));
        json_array_append_new(iv, rc_json_q(p->bp_uhi[k]));
        json_object_set_new(u, "interval", iv);
        json_object_set_new(j, "theta_exact", u);
    }
    if (o->points) {
        if (p->bp_tq != NULL && rc_path_breakpoint_point_q(xq, p, k) == RC_OK) {
            json_object_set_new(j, "x", rc_json_qvector(xq[0], p->nin));
        } else {
            rc_path_point(x, p, b->t);
            json_object_set_new(j, "x", rc_json_vector(x, p->nin));
        }
    }
    for (i = 0; i < b->nflips; i++) {
        rc_path_flip fl = p->flips[b->flip0 + i];
        json_array_append_new(flips, json_pack("{s:i, s:i, s:i}", "layer",
                                               (int)fl.layer + 1, "neuron",
                                               (int)fl.neuron + 1, "to", fl.to));
    }
    json_object_set_new(j, "flips", flips);
    json_object_set_new(j, "layer", json_integer((json_int_t)b->layer + 1));
    if (p->values_q != NULL)
        json_object_set_new(j, "value", rc_json_qvector(p->values_q[k * ng], ng));
    else if (p->values != NULL)
        json_object_set_new(j, "value", rc_json_vector(p->values + k * ng, ng));
    if (p->gaps != NULL)
        json_object_set_new(j, "gap", rc_json_vector(p->gaps + k * ng, ng));
    return j;
}

static json_t *
piece_json(const rc_path *p, const rc_net *net, size_t i,
           const rc_path_write_opts *o, char *pat)
{
    json_t *j = json_object();
    size_t ng = p->ng;

    if (p->t_q != NULL) {
        json_object_set_new(j, "t0", rc_json_q(p->t_q[2 * i]));
        json_object_set_new(j, "t1", rc_json_q(p->t_q[2 * i + 1]));
    } else {
        json_object_set_new(j, "t0", rc_json_num(p->pieces[i].t0));
        json_object_set_new(j, "t1", rc_json_num(p->pieces[i].t1));
    }
    if (o->patterns && p->keep_patterns) {
        rc_pattern_string(pat, rc_path_piece_pattern(p, i), net);
        json_object_set_new(j, "pattern", json_string(pat));
    }
    if (p->kind == RC_PATH_ARC) {
        json_t *m = json_array();
        size_t v;
        for (v = 0; v < ng; v++)
            json_array_append_new(m, p->forms_q != NULL
                                  ? rc_json_qvector(p->forms_q[(i * ng + v) * 3], 3)
                                  : rc_json_vector(p->forms + (i * ng + v) * 3, 3));
        json_object_set_new(j, "map", m);
    } else {
        json_object_set_new(j, "slope", rc_json_vector(p->slopes + i * ng, ng));
        json_object_set_new(j, "slope_t", p->slopes_q != NULL
                            ? rc_json_qvector(p->slopes_q[i * ng], ng)
                            : rc_json_vector(p->slopes_t + i * ng, ng));
    }
    return j;
}

static json_t *
path_json(const rc_path *p)
{
    json_t *j = json_object(), *legs = json_array();
    size_t k, nin = p->nin;

    json_object_set_new(j, "kind", json_string(kind_name(p->kind)));
    json_object_set_new(j, "t_end", rc_json_num(p->t_end));
    if (p->kind == RC_PATH_ARC) {
        const rc_leg *lg = &p->legs[0];
        json_object_set_new(j, "x0", lg->Rq ? rc_json_qvector(lg->Rq[nin], nin)
                                            : rc_json_vector(lg->R + nin, nin));
        json_object_set_new(j, "x1", lg->Rq ? rc_json_qvector(lg->Rq[2 * nin], nin)
                                            : rc_json_vector(lg->R + 2 * nin, nin));
        json_decref(legs);
        return j;
    }
    for (k = 0; k < p->nlegs; k++) {
        const rc_leg *lg = &p->legs[k];
        json_t *s = json_object();
        json_object_set_new(s, "from", lg->Rq && p->exact ? rc_json_qvector(lg->Rq[0], nin)
                                                          : rc_json_vector(lg->R, nin));
        json_object_set_new(s, "direction", lg->Rq && p->exact
                            ? rc_json_qvector(lg->Rq[nin], nin)
                            : rc_json_vector(lg->R + nin, nin));
        json_object_set_new(s, "norm", rc_json_num(lg->norm));
        if (p->exact)
            json_object_set_new(s, "norm2", rc_json_q(lg->norm2));
        json_array_append_new(legs, s);
    }
    json_object_set_new(j, "segments", legs);
    return j;
}

static json_t *
sizes_json(const size_t *v, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(a, json_integer((json_int_t)v[i]));
    return a;
}

static int
write_json(FILE *f, const rc_path *p, const rc_net *net,
           const rc_path_write_opts *o)
{
    size_t k, i, nh = p->nh;
    int bad = 0;
    mpq_t *xq = rc_mpq_array_new(p->nin);
    double *x = malloc((p->nin + 1) * sizeof *x);
    char *pat = malloc(p->npat + nh + 2);

    if (xq == NULL || x == NULL || pat == NULL) {
        rc_mpq_array_free(xq, p->nin);
        free(x);
        free(pat);
        return -1;
    }
    bad |= rc_json_member(f, "format", json_string("relucells-path"), 1);
    bad |= rc_json_member(f, "version", json_integer(1), 0);
    if (o->net_name != NULL)
        bad |= rc_json_member(f, "network", json_string(o->net_name), 0);
    bad |= rc_json_member(f, "path", path_json(p), 0);
    bad |= rc_json_member(f, "arithmetic", json_string(arith_name(p->arithmetic)), 0);
    bad |= rc_json_member(f, "exact", json_boolean(p->exact), 0);
    bad |= rc_json_member(f, "complete", json_boolean(p->complete), 0);
    bad |= rc_json_member(f, "values", p->comb != NULL
                          ? json_pack("{s:o}", "combine", rc_json_vector(p->comb, p->nout))
                          : json_pack("{s:I}", "outputs", (json_int_t)p->ng), 0);
    bad |= fputs(",\n\"breakpoints\": [", f) == EOF;
    for (k = 0; k < p->nbp && !bad; k++)
        bad |= rc_report_put(f, bp_json(p, k, o, xq, x), k == 0);
    bad |= fputs("],\n\"pieces\": [", f) == EOF;
    for (i = 0; i < p->npieces && !bad; i++)
        bad |= rc_report_put(f, piece_json(p, net, i, o, pat), i == 0);
    bad |= fputs("]", f) == EOF;
    bad |= rc_json_member(f, "num_breakpoints", json_integer((json_int_t)p->nbp), 0);
    bad |= rc_json_member(f, "num_pieces", json_integer((json_int_t)p->npieces), 0);
    bad |= rc_json_member(f, "num_patterns", json_integer((json_int_t)p->num_patterns), 0);
    bad |= rc_json_member(f, "layer_widths", sizes_json(p->sizes, nh), 0);
    bad |= rc_json_member(f, "layer_transitions", sizes_json(p->transitions, nh), 0);
    bad |= rc_json_member(f, "layer_patterns", sizes_json(p->layer_patterns, nh), 0);
    bad |= rc_json_member(f, "trajectory_length", rc_json_vector(p->lengths, nh + 2), 0);
    if (p->kind == RC_PATH_ARC)
        bad |= rc_json_member(f, "trajectory_length_error",
                              rc_json_vector(p->length_err, nh + 2), 0);
    bad |= rc_json_member(f, "uncertain", json_integer((json_int_t)p->uncertain), 0);
    bad |= rc_json_member(f, "exact_steps", json_integer((json_int_t)p->exact_steps), 0);
    bad |= fputs("}\n", f) == EOF;
    rc_mpq_array_free(xq, p->nin);
    free(x);
    free(pat);
    return bad;
}

/* ---- CSV ------------------------------------------------------------------- */

static void
csv_row(FILE *f, const rc_path *p, const char *kind, double t, const char *tq,
        long layer, size_t nflips, size_t piece, double *v, double *g)
{
    size_t o;

    value_at(v, p, piece, t);
    gradient_at(g, p, piece, t);
    if (tq != NULL)
        fprintf(f, "%s,%s,", tq, kind);
    else
        fprintf(f, "%.17g,%s,", t, kind);
    if (layer >= 0)
        fprintf(f, "%ld,%zu", layer, nflips);
    else
        fputc(',', f);
    for (o = 0; o < p->ng; o++)
        fprintf(f, ",%.17g", v[o] + 0.0);
    for (o = 0; o < p->ng; o++)
        fprintf(f, ",%.17g", g[o] + 0.0);
    fputc('\n', f);
}

static int
write_csv(FILE *f, const rc_path *p)
{
    size_t k, o, ng = p->ng;
    double *v = malloc((ng + 1) * sizeof *v), *g = malloc((ng + 1) * sizeof *g);

    if (v == NULL || g == NULL || p->npieces == 0) {
        free(v);
        free(g);
        return v == NULL || g == NULL;
    }
    fputs("t,kind,layer,flips", f);
    for (o = 0; o < ng; o++)
        fprintf(f, ",value%zu", o + 1);
    for (o = 0; o < ng; o++)
        fprintf(f, ",gradient%zu", o + 1);
    fputc('\n', f);
    csv_row(f, p, "start", 0.0, NULL, -1, 0, 0, v, g);
    for (k = 0; k < p->nbp; k++) {
        char *tq = p->bp_tq != NULL ? mpq_get_str(NULL, 10, p->bp_tq[k]) : NULL;
        size_t piece = p->bps[k].piece < p->npieces ? p->bps[k].piece : p->npieces - 1;
        csv_row(f, p, "break", p->bps[k].t, tq, (long)p->bps[k].layer + 1,
                p->bps[k].nflips, piece, v, g);
        if (tq != NULL) {
            void (*freefunc)(void *, size_t);
            mp_get_memory_functions(NULL, NULL, &freefunc);
            freefunc(tq, strlen(tq) + 1);
        }
    }
    csv_row(f, p, "end", p->pieces[p->npieces - 1].t1, NULL, -1, 0,
            p->npieces - 1, v, g);
    free(v);
    free(g);
    return ferror(f);
}

rc_status
rc_path_write(FILE *out, const rc_path *path, const rc_net *net,
              const rc_path_write_opts *opts_in, rc_error *err)
{
    rc_path_write_opts o;
    int bad;

    if (opts_in != NULL)
        o = *opts_in;
    else
        rc_path_write_opts_init(&o);
    if (rc_net_num_neurons(net) != path->npat || rc_net_num_inputs(net) != path->nin)
        return rc_error_set(err, RC_ERR_ARG, "the path is of another network");
    switch (o.format) {
    case RC_PATH_JSON: bad = write_json(out, path, net, &o); break;
    case RC_PATH_CSV: bad = write_csv(out, path); break;
    default: bad = write_text(out, path, net, &o); break;
    }
    if (bad)
        return rc_error_set(err, RC_ERR_IO, "writing the path failed");
    return RC_OK;
}
