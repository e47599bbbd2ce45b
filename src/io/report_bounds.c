/* report_bounds.c -- the enumerated counts beside the published bounds
 * and Zaslavsky's exact count of the first layer (bounds.h), as text or
 * JSON. */
#include <gmp.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "relucells/bounds.h"
#include "relucells/io.h"

static json_t *
json_mpz(const mpz_t z)
{
    char *s = mpz_get_str(NULL, 10, z);
    void (*freefunc)(void *, size_t);
    json_t *j = json_string(s);

    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
    return j;
}

static const char *
tightest_names(unsigned mask)
{
    static char buf[64];

    buf[0] = '\0';
    if (mask & RC_BOUND_SERRA)
        strcat(buf, "serra ");
    if (mask & RC_BOUND_MONTUFAR)
        strcat(buf, "montufar ");
    if (mask & RC_BOUND_ZASLAVSKY)
        strcat(buf, "zaslavsky ");
    if (buf[0])
        buf[strlen(buf) - 1] = '\0';
    return buf;
}

rc_status
rc_bounds_write(FILE *f, const rc_net *net, const rc_domain *dom,
                const rc_partition *part, rc_format format, size_t *failures,
                rc_error *err)
{
    size_t K = rc_net_num_hidden(net), n = rc_domain_dim(dom), k;
    size_t *widths = malloc((K + 1) * sizeof *widths);
    mpz_t *zb = malloc((K + 1) * sizeof *zb), *mb = malloc((K + 1) * sizeof *mb);
    mpz_t *sb = malloc((K + 1) * sizeof *sb), count;
    rc_arrangement_info arr;
    int json = format == RC_FORMAT_JSON, fails = 0;
    rc_status st;

    *failures = 0;
    if (!widths || !zb || !mb || !sb) {
        free(widths);
        free(zb);
        free(mb);
        free(sb);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    if (K == 0) {
        free(widths);
        free(zb);
        free(mb);
        free(sb);
        return rc_error_set(err, RC_ERR_ARG,
                            "the network has no hidden layer: nothing to bound");
    }
    rc_arrangement_info_init(&arr);
    mpz_init(count);
    for (k = 0; k < K; k++) {
        widths[k] = rc_net_layer_size(net, k);
        mpz_init(zb[k]);
        mpz_init(mb[k]);
        mpz_init(sb[k]);
    }
    if ((st = rc_bound_table(zb, mb, sb, n, widths, K, err)) != RC_OK
        || (st = rc_arrangement_of_first_layer(&arr, net, dom, NULL, err)) != RC_OK)
        goto done;
    /* Failures: a count above a bound, or an unbounded first layer that
     * disagrees with Zaslavsky's count. */
    for (k = 0; k < K; k++) {
        mpz_set_ui(count, (unsigned long)rc_partition_layer_count(part, k));
        fails += mpz_cmp(count, zb[k]) > 0;
        fails += mpz_cmp(count, mb[k]) > 0;
        fails += mpz_cmp(count, sb[k]) > 0;
    }
    mpz_set_ui(count, (unsigned long)rc_partition_layer_count(part, 0));
    fails += !rc_domain_is_bounded(dom) && mpz_cmp(count, arr.regions) != 0;
    if (json) {
        json_t *o = json_object(), *layers = json_array(), *fl = json_object(), *chi = json_array();
        size_t d;
        for (k = 0; k < K; k++) {
            json_t *l = json_object();
            json_object_set_new(l, "layer", json_integer((json_int_t)k + 1));
            json_object_set_new(l, "width", json_integer((json_int_t)widths[k]));
            json_object_set_new(l, "regions", json_integer((json_int_t)rc_partition_layer_count(part, k)));
            json_object_set_new(l, "zaslavsky_product", json_mpz(zb[k]));
            json_object_set_new(l, "montufar", json_mpz(mb[k]));
            json_object_set_new(l, "serra", json_mpz(sb[k]));
            json_object_set_new(l, "tightest", json_string(tightest_names(rc_bound_tightest(zb[k], mb[k], sb[k]))));
            json_object_set_new(l, "ratio", json_real((double)rc_partition_layer_count(part, k) / mpz_get_d(sb[k])));
            json_array_append_new(layers, l);
        }
        for (d = 0; d <= arr.dim; d++)
            json_array_append_new(chi, json_mpz(arr.char_poly[d]));
        json_object_set_new(fl, "hyperplanes", json_integer((json_int_t)arr.num_hyperplanes));
        json_object_set_new(fl, "rank", json_integer((json_int_t)arr.rank));
        json_object_set_new(fl, "characteristic_polynomial", chi);
        json_object_set_new(fl, "regions", json_mpz(arr.regions));
        json_object_set_new(fl, "bounded_regions", json_mpz(arr.bounded));
        json_object_set_new(o, "dimension", json_integer((json_int_t)n));
        json_object_set_new(o, "domain", json_string(rc_domain_is_bounded(dom) ? "box" : "unbounded"));
        json_object_set_new(o, "first_layer_arrangement", fl);
        json_object_set_new(o, "layers", layers);
        json_object_set_new(o, "failures", json_integer(fails));
        st = json_dumpf(o, f, JSON_INDENT(1)) == 0 && fputc('\n', f) != EOF
             ? RC_OK : RC_ERR_IO;
        json_decref(o);
    } else {
        fprintf(f, "input dimension n = %zu; the bounds hold on all of R^n%s\n", n,
                rc_domain_is_bounded(dom) ? " (a box can only lower the count)" : "");
        gmp_fprintf(f, "first layer (%zu distinct hyperplanes, rank %zu) over R^%zu: "
                    "%Zd regions, %Zd bounded (Zaslavsky, exact)\n",
                    arr.num_hyperplanes, arr.rank, n, arr.regions, arr.bounded);
        if (!rc_domain_is_bounded(dom))
            gmp_fprintf(f, "%s: enumerated first layer %zu, Zaslavsky %Zd\n",
                        mpz_cmp_ui(arr.regions, (unsigned long)rc_partition_layer_count(part, 0)) == 0
                        ? "agree" : "FAIL", rc_partition_layer_count(part, 0), arr.regions);
        fprintf(f, "%-6s %6s %12s %22s %22s %22s %9s  %s\n", "layer", "width",
                "regions", "zaslavsky-prod", "montufar", "serra", "ratio", "tightest");
        for (k = 0; k < K; k++) {
            size_t c = rc_partition_layer_count(part, k);
            gmp_fprintf(f, "%-6zu %6zu %12zu %22Zd %22Zd %22Zd %9.3g  %s\n", k + 1,
                        widths[k], c, zb[k], mb[k], sb[k], (double)c / mpz_get_d(sb[k]),
                        tightest_names(rc_bound_tightest(zb[k], mb[k], sb[k])));
            mpz_set_ui(count, (unsigned long)c);
            if (mpz_cmp(count, sb[k]) > 0 || mpz_cmp(count, mb[k]) > 0
                || mpz_cmp(count, zb[k]) > 0)
                fprintf(f, "FAIL: layer %zu has %zu regions, above a bound\n", k + 1, c);
        }
        fprintf(f, "(ratio = regions / serra bound)\nfailures: %d\n", fails);
        st = RC_OK;
    }
    *failures = (size_t)fails;
    if (st != RC_OK || ferror(f))
        st = rc_error_set(err, RC_ERR_IO, "cannot write the output");
done:
    for (k = 0; k < K; k++) {
        mpz_clear(zb[k]);
        mpz_clear(mb[k]);
        mpz_clear(sb[k]);
    }
    free(zb);
    free(mb);
    free(sb);
    free(widths);
    mpz_clear(count);
    rc_arrangement_info_clear(&arr);
    return st;
}
