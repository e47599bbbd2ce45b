/* nnet_write.c -- writing a network in the NNet text format, losslessly.
 *
 * A rational p/q in lowest terms has a finite decimal expansion exactly
 * when q = 2^a 5^b; it then has n = max(a, b) digits after the point, and
 * p 10^n / q is the integer of its digits.  Every value of a network read
 * from ONNX (dyadic: b = 0) or from NNet (decimal) has one, so writing these
 * expansions in full makes reading the file back give the same network,
 * exactly (the NNet reader reads decimals exactly, and their doubles are
 * the correctly rounded ones).  A value without one is refused rather than
 * rounded.  The layout is the one nnet.c reads (man relucells-nnet). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "io/out_file.h"
#include "model/net_internal.h"
#include "relucells/io.h"

/* Print the exact decimal expansion of q to f; -1 (nothing printed) when
 * it has none. */
static int
print_decimal(FILE *f, const mpq_t q)
{
    mpz_t den, num;
    unsigned long a, b = 0, n;
    size_t len;
    char *digits;
    int ok = 0;

    mpz_init_set(den, mpq_denref(q));
    mpz_init(num);
    a = mpz_scan1(den, 0);
    mpz_tdiv_q_2exp(den, den, a);
    while (mpz_divisible_ui_p(den, 5)) {
        mpz_divexact_ui(den, den, 5);
        b++;
    }
    if (mpz_cmp_ui(den, 1) != 0)
        goto done;
    n = a > b ? a : b;
    /* p 10^n / q = p 2^(n-a) 5^(n-b) */
    mpz_ui_pow_ui(den, 5, n - b);
    mpz_mul(num, mpq_numref(q), den);
    mpz_mul_2exp(num, num, n - a);
    if (mpz_sgn(num) < 0) {
        fputc('-', f);
        mpz_neg(num, num);
    }
    len = mpz_sizeinbase(num, 10) + n + 2;
    digits = malloc(len + 1);
    if (digits == NULL)
        goto done;
    mpz_get_str(digits, 10, num);
    len = strlen(digits);
    if (n == 0) {
        fputs(digits, f);
    } else if (len > n) {
        fprintf(f, "%.*s.%s", (int)(len - n), digits, digits + len - n);
    } else {
        fputs("0.", f);
        for (; len < n; n--)
            fputc('0', f);
        fputs(digits, f);
    }
    free(digits);
    ok = 1;
done:
    mpz_clear(den);
    mpz_clear(num);
    return ok ? 0 : -1;
}

typedef struct writer {
    FILE *f;
    const char *path;
    rc_error *err;
} writer;

/* One line of values "v1,v2,...,"; what names them in messages. */
static rc_status
write_values(writer *w, const mpq_t *v, size_t n, const char *what)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (print_decimal(w->f, v[i]) != 0) {
            char *s = mpq_get_str(NULL, 10, v[i]);
            void (*freefunc)(void *, size_t);
            rc_status st = rc_error_set(w->err, RC_ERR_ARG,
                                        "%s: %s, value %zu, is %.60s%s exactly: "
                                        "it has no finite decimal expansion, so "
                                        "NNet cannot hold it", w->path, what,
                                        i + 1, s, strlen(s) > 60 ? "..." : "");
            mp_get_memory_functions(NULL, NULL, &freefunc);
            freefunc(s, strlen(s) + 1);
            return st;
        }
        fputc(',', w->f);
    }
    fputc('\n', w->f);
    return RC_OK;
}

static rc_status
write_net(writer *w, const rc_net *net)
{
    size_t L = net->num_layers, n = net->sizes[0], l, i, widest = 0;
    mpq_t *v;
    char what[96];
    rc_status st = RC_OK;
    const char *src = net->source;

    fputs("// Written by relucells: every number is the exact decimal expansion "
          "of the\n// network's value, so reading it back gives the same "
          "network exactly.\n", w->f);
    while (src != NULL && *src != '\0') {
        size_t len = strcspn(src, "\n");
        fprintf(w->f, "// %.*s\n", (int)len, src);
        src += len + (src[len] == '\n');
    }
    for (l = 0; l <= L; l++)
        if (net->sizes[l] > widest)
            widest = net->sizes[l];
    fprintf(w->f, "%zu,%zu,%zu,%zu,\n", L, n, net->sizes[L], widest);
    for (l = 0; l <= L; l++)
        fprintf(w->f, "%zu,", net->sizes[l]);
    fputs("\n0,\n", w->f);
    if ((st = write_values(w, net->in_min_q, n, "input minimums")) != RC_OK
        || (st = write_values(w, net->in_max_q, n, "input maximums")) != RC_OK)
        return st;
    v = malloc((n + 1) * sizeof *v);
    if (v == NULL)
        return rc_error_set(w->err, RC_ERR_NOMEM, "out of memory");
    /* The means and ranges lines end with the output's: shallow copies of
     * the mpq_t structs, read only. */
    memcpy(v, net->in_mean_q, n * sizeof *v);
    memcpy(v + n, &net->out_mean_q, sizeof *v);
    st = write_values(w, (const mpq_t *)v, n + 1, "means");
    memcpy(v, net->in_range_q, n * sizeof *v);
    memcpy(v + n, &net->out_range_q, sizeof *v);
    if (st == RC_OK)
        st = write_values(w, (const mpq_t *)v, n + 1, "ranges");
    free(v);
    for (l = 0; l < L && st == RC_OK; l++) {
        size_t in = net->sizes[l], out = net->sizes[l + 1];

        for (i = 0; i < out && st == RC_OK; i++) {
            snprintf(what, sizeof what, "layer %zu, neuron %zu, weights", l + 1, i + 1);
            st = write_values(w, (const mpq_t *)net->weights_q[l] + i * in, in, what);
        }
        for (i = 0; i < out && st == RC_OK; i++) {
            snprintf(what, sizeof what, "layer %zu, neuron %zu, bias", l + 1, i + 1);
            st = write_values(w, (const mpq_t *)net->biases_q[l] + i, 1, what);
        }
    }
    return st;
}

rc_status
rc_net_write_nnet(const rc_net *net, const char *path, rc_error *err)
{
    rc_out_file o;
    writer w;
    rc_status st;

    if (net->no_input_box)
        return rc_error_set(err, RC_ERR_ARG, "%s: the network has no input box "
                            "(an ONNX file gives none) and NNet needs one: give "
                            "it bounds first", path != NULL ? path : "");
    if ((st = rc_out_file_open(&o, path, err)) != RC_OK)
        return st;
    w.f = o.f;
    w.path = path;
    w.err = err;
    st = write_net(&w, net);
    if (st != RC_OK) {
        rc_out_file_close(&o, 0, err);
        return st;
    }
    return rc_out_file_close(&o, 1, err);
}
