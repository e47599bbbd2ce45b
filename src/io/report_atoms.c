/* report_atoms.c -- the atomic decomposition of regions, as text or JSON.
 *
 * For each region: the atoms of its map (atoms.h) with their coefficients
 * and active path counts, the offset, and the identity check (to rounding
 * in float, equality in exact arithmetic).  Regions are streamed one at a
 * time, as the partition writer does. */
#include <gmp.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/json_util.h"
#include "io/report.h"
#include "model/net_internal.h"
#include "relucells/atoms.h"
#include "relucells/io.h"

void
rc_report_opts_init(rc_report_opts *o)
{
    o->format = RC_FORMAT_TEXT;
    o->region = NULL;
}

/* An exact rational as text "p/q" (or "p"), from GMP's allocator: free
 * with qstr_free. */
static char *
qstr(mpq_srcptr q)
{
    return mpq_get_str(NULL, 10, q);
}

static void
qstr_free(char *text)
{
    void (*freefunc)(void *, size_t);

    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(text, strlen(text) + 1);
}

json_t *
rc_report_indices(const size_t *v, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(a, json_integer((json_int_t)v[i] + 1));
    return a;
}

int
rc_report_put(FILE *out, json_t *r, int first)
{
    int bad = fputs(first ? "\n" : ",\n", out) == EOF;

    bad = bad || r == NULL
          || json_dumpf(r, out, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0;
    json_decref(r);
    return bad;
}

json_t *
rc_report_free_inputs(const rc_partition *part)
{
    json_t *a = json_array();
    size_t k;

    for (k = 0; k < rc_partition_dim(part); k++)
        json_array_append_new(a, json_integer((json_int_t)rc_partition_free_input(part, k) + 1));
    return a;
}

/* The outcome of both checks of one region; lok, ook are those of
 * rc_atoms_check_q (-1 in float mode). */
typedef struct check_result {
    double ld, od;
    int ok;
    int lok, ook;
} check_result;

static json_t *
atoms_json(const rc_atoms *a, const char *pattern, const check_result *ck)
{
    size_t nf = rc_atoms_num_first(a), nl = rc_atoms_num_last(a), p, q;
    const double *c = rc_atoms_coefficients(a);
    mpq_srcptr cq = rc_atoms_coefficients_q(a);
    const uint64_t *paths = rc_atoms_path_counts(a);
    json_t *o = json_object(), *cm = json_array(), *pm = json_array();

    for (p = 0; p < nl; p++) {
        json_t *cr = json_array(), *pr = json_array();
        for (q = 0; q < nf; q++) {
            uint64_t n = paths[p * nf + q];
            json_array_append_new(cr, cq ? rc_json_q(cq + p * nf + q)
                                         : rc_json_num(c[p * nf + q]));
            json_array_append_new(pr, n <= (uint64_t)INT64_MAX
                                      ? json_integer((json_int_t)n) : json_null());
        }
        json_array_append_new(cm, cr);
        json_array_append_new(pm, pr);
    }
    json_object_set_new(o, "pattern", json_string(pattern));
    json_object_set_new(o, "first", rc_report_indices(rc_atoms_first(a), nf));
    json_object_set_new(o, "last", rc_report_indices(rc_atoms_last(a), nl));
    json_object_set_new(o, "coefficients", cm);
    json_object_set_new(o, "paths", pm);
    json_object_set_new(o, "paths_saturated", json_boolean(rc_atoms_counts_saturated(a)));
    json_object_set_new(o, "offset", cq ? rc_json_qvector(rc_atoms_offset_q(a),
                                                       rc_atoms_num_outputs(a))
                                         : rc_json_vector(rc_atoms_offset(a),
                                                       rc_atoms_num_outputs(a)));
    json_object_set_new(o, "check", json_pack("{s:o, s:o, s:b}", "linear", rc_json_num(ck->ld),
                                              "offset", rc_json_num(ck->od),
                                              "passed", ck->ld <= RC_ATOMS_CHECK_TOL
                                                        && ck->od <= RC_ATOMS_CHECK_TOL));
    if (cq)
        json_object_set_new(o, "exact_check",
                            json_pack("{s:b, s:b, s:b}", "linear", ck->lok == 1,
                                      "offset", ck->ook == 1,
                                      "passed", ck->lok == 1 && ck->ook == 1));
    return o;
}

/* The entries of c (nl x nf) as text, exact (p/q) or %.8g; *width
 * receives the longest, at least 15.  NULL when out of memory. */
static char **
coefficient_texts(const rc_atoms *a, int *width)
{
    size_t k, count = rc_atoms_num_first(a) * rc_atoms_num_last(a);
    mpq_srcptr cq = rc_atoms_coefficients_q(a);
    char **t = calloc(count + 1, sizeof *t);

    *width = 15;
    for (k = 0; t != NULL && k < count; k++) {
        if (cq) {
            char *g = qstr(cq + k);
            t[k] = malloc(strlen(g) + 1);
            if (t[k] != NULL)
                strcpy(t[k], g);
            qstr_free(g);
        } else {
            t[k] = malloc(32);
            if (t[k] != NULL)
                snprintf(t[k], 32, "%.8g", rc_atoms_coefficients(a)[k] + 0.0);
        }
        if (t[k] == NULL) {
            while (k > 0)
                free(t[--k]);
            free(t);
            return NULL;
        }
        if ((int)strlen(t[k]) > *width)
            *width = (int)strlen(t[k]);
    }
    return t;
}

static int
atoms_text(FILE *f, const rc_atoms *a, size_t idx, const char *pattern,
           size_t L, const check_result *ck)
{
    size_t nf = rc_atoms_num_first(a), nl = rc_atoms_num_last(a), p, q, o;
    const size_t *first = rc_atoms_first(a), *last = rc_atoms_last(a);
    const double *b = rc_atoms_offset(a);
    mpq_srcptr bq = rc_atoms_offset_q(a);
    const uint64_t *paths = rc_atoms_path_counts(a);
    int w;
    char **ct = coefficient_texts(a, &w);

    if (ct == NULL)
        return -1;

    fprintf(f, "region %zu  pattern %s\n", idx, pattern);
    fputs("  first (active in layer 1):", f);
    for (q = 0; q < nf; q++)
        fprintf(f, " %zu", first[q] + 1);
    fprintf(f, "%s\n  last (active in layer %zu):", nf ? "" : " none", L - 1);
    for (p = 0; p < nl; p++)
        fprintf(f, " %zu", last[p] + 1);
    fputs(nl ? "\n" : " none\n", f);
    if (nf && nl) {
        fputs("  coefficients c[i][j] (rows i: last, columns j: first):\n         ", f);
        for (q = 0; q < nf; q++) {
            char head[32];
            snprintf(head, sizeof head, "j=%zu", first[q] + 1);
            fprintf(f, " %*s", w, head);
        }
        fputc('\n', f);
        for (p = 0; p < nl; p++) {
            fprintf(f, "    i=%-3zu", last[p] + 1);
            for (q = 0; q < nf; q++)
                fprintf(f, " %*s", w, ct[p * nf + q]);
            fputc('\n', f);
        }
        fprintf(f, "  active paths behind c[i][j]%s:\n",
                rc_atoms_counts_saturated(a) ? " (saturated at 2^64-1)" : "");
        for (p = 0; p < nl; p++) {
            fprintf(f, "    i=%-3zu", last[p] + 1);
            for (q = 0; q < nf; q++)
                fprintf(f, " %*llu", w, (unsigned long long)paths[p * nf + q]);
            fputc('\n', f);
        }
    }
    fputs("  offset b_theta = (", f);
    for (o = 0; o < rc_atoms_num_outputs(a); o++) {
        if (bq)
            gmp_fprintf(f, "%s%Qd", o ? ", " : "", bq + o);
        else
            fprintf(f, "%s%.10g", o ? ", " : "", b[o] + 0.0);
    }
    fprintf(f, ")\n  check: %s (relative deviation: linear part %.3g, offset %.3g)\n",
            ck->ld <= RC_ATOMS_CHECK_TOL && ck->od <= RC_ATOMS_CHECK_TOL ? "ok" : "FAILED",
            ck->ld, ck->od);
    if (bq)
        fprintf(f, "  exact check: %s (linear part %s, offset %s)\n",
                ck->lok == 1 && ck->ook == 1 ? "ok" : "FAILED",
                ck->lok == 1 ? "equal" : "differs", ck->ook == 1 ? "equal" : "differs");
    for (p = 0; p < nl * nf; p++)
        free(ct[p]);
    free(ct);
    return 0;
}

/* Atoms of r with both checks; *ck receives their outcome.  NULL with a
 * message when the decomposition cannot be made. */
static rc_atoms *
atoms_of(check_result *ck, const rc_net *net, const rc_domain *dom,
         const rc_region *r, rc_error *err)
{
    int exact = rc_region_is_exact(r);
    rc_atoms *at = NULL;
    rc_status st, stq = RC_OK;
    rc_error sub;

    if ((exact ? rc_atoms_new_q : rc_atoms_new)(&at, net, rc_region_pattern(r),
                                                err) != RC_OK)
        return NULL;
    ck->lok = ck->ook = -1;
    ck->ld = ck->od = NAN;
    st = rc_atoms_check(&ck->ld, &ck->od, at, net, dom, r, RC_ATOMS_CHECK_TOL,
                        &sub);
    if (exact && (st == RC_OK || st == RC_ERR_NUMERIC))
        stq = rc_atoms_check_q(&ck->lok, &ck->ook, at, net, dom, r, &sub);
    if ((st != RC_OK && st != RC_ERR_NUMERIC)
        || (stq != RC_OK && stq != RC_ERR_NUMERIC)) {
        rc_error_set(err, st != RC_OK ? st : stq, "%s", sub.msg);
        rc_atoms_free(at);
        return NULL;
    }
    /* A numeric failure of a check is a failed check, reported as such. */
    ck->ok = st == RC_OK && stq == RC_OK;
    return at;
}

json_t *
rc_report_atoms_json(const rc_net *net, const rc_domain *dom,
                     const rc_region *r, int *failed)
{
    check_result ck;
    rc_atoms *at = atoms_of(&ck, net, dom, r, NULL);
    json_t *o;

    *failed = 1;
    if (at == NULL)
        return NULL;
    o = atoms_json(at, "", &ck);
    if (o != NULL)
        json_object_del(o, "pattern");
    *failed = !ck.ok;
    rc_atoms_free(at);
    return o;
}

rc_status
rc_atoms_write(FILE *f, const rc_net *net, const rc_domain *dom,
               const rc_partition *part, const rc_report_opts *o,
               size_t *failed, rc_error *err)
{
    size_t L = rc_net_num_layers(net), i, written = 0;
    int json = o->format == RC_FORMAT_JSON, exact = rc_partition_is_exact(part);
    char *pattern = malloc(rc_net_num_neurons(net) + L + 2);
    int bad = 0;

    *failed = 0;
    if (L < 2) {
        free(pattern);
        return rc_error_set(err, RC_ERR_ARG,
                            "a network without hidden layers has no atoms");
    }
    if (pattern == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    if (json) {
        json_t *inputs = json_array();
        for (i = 0; i < rc_net_num_inputs(net); i++)
            json_array_append_new(inputs, json_integer((json_int_t)i + 1));
        bad |= rc_json_member(f, "format", json_string("relucells-atoms"), 1);
        bad |= rc_json_member(f, "version", json_integer(1), 0);
        bad |= rc_json_member(f, "coordinates", json_string("normalised"), 0);
        bad |= rc_json_member(f, "arithmetic", json_string(exact ? "exact" : "float"), 0);
        bad |= rc_json_member(f, "inputs", inputs, 0);
        bad |= rc_json_member(f, "first_layer", json_integer(1), 0);
        bad |= rc_json_member(f, "last_layer", json_integer((json_int_t)L - 1), 0);
        bad |= fputs(",\n\"regions\": [", f) == EOF;
    } else {
        fprintf(f, "# atoms w_{%zu,:i} (x) w_{1,j:}: columns of W_%zu, rows of W_1;\n"
                "# normalised coordinates x_n = (x - mean) / range, all %zu inputs,\n"
                "# output before scaling (y = M * %.10g + %.10g)\n", L, L,
                rc_net_num_inputs(net), rc_net_output_range(net),
                rc_net_output_mean(net));
        if (exact)
            fputs("# arithmetic: exact (rationals p/q from the file's numbers; the\n"
                  "# exact check is an equality with the region's exact output map)\n",
                  f);
    }
    for (i = 0; !bad && i < rc_partition_num_regions(part); i++) {
        const rc_region *r = rc_partition_region(part, i);
        check_result ck;
        rc_atoms *at;

        if (o->region != NULL
            && memcmp(rc_region_pattern(r), o->region, rc_net_num_neurons(net)) != 0)
            continue;
        if ((at = atoms_of(&ck, net, dom, r, err)) == NULL) {
            free(pattern);
            return err ? err->status : RC_ERR_NUMERIC;
        }
        *failed += !ck.ok;
        rc_pattern_string(pattern, rc_region_pattern(r), net);
        if (json) {
            json_t *x = atoms_json(at, pattern, &ck);
            if (x != NULL)
                json_object_set_new(x, "id", json_integer((json_int_t)rc_region_id(r)));
            bad |= rc_report_put(f, x, written == 0);
        } else {
            bad |= atoms_text(f, at, rc_region_id(r), pattern, L, &ck) != 0;
        }
        written++;
        rc_atoms_free(at);
    }
    if (json)
        bad |= fprintf(f, "\n],\n\"num_regions\": %zu,\n\"checks_failed\": %zu}\n",
                       written, *failed) < 0;
    else
        fprintf(f, "regions: %zu  checks failed: %zu\n", written, *failed);
    free(pattern);
    if (bad || ferror(f))
        return rc_error_set(err, RC_ERR_IO, "cannot write the output");
    return RC_OK;
}
