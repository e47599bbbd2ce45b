/* domain_spec.c -- a domain from the textual options a user types.
 *
 * The program (and the Python module) describe a domain by texts: the box
 * of the network's file, or of a VNN-LIB property (--vnnlib), or --box
 * (one interval for all inputs, one per input, or one per free input), or
 * --unbounded; and --fix (inputs held at a value: a slice).  The numbers
 * are read exactly (0.1 is 1/10), so a domain given as text is the same
 * in float and exact mode.  Messages name the option at fault. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "model/domain_internal.h"
#include "model/net_internal.h"
#include "relucells/io.h"

void
rc_domain_spec_init(rc_domain_spec *spec)
{
    spec->box = NULL;
    spec->unbounded = 0;
    spec->fix = NULL;
    spec->vnnlib = NULL;
    spec->net_name = NULL;
}

/* The box of a VNN-LIB property: lo, hi; inputs it pins to one value are
 * fixed there (unless --fix says otherwise). */
static rc_status
vnnlib_box(mpq_t *lo, mpq_t *hi, unsigned char *fixed, mpq_t *val, size_t n,
           const char *path, rc_error *err)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    rc_status st;
    size_t i;

    if (in == NULL)
        return rc_error_set(err, RC_ERR_IO, "%s: cannot open: %s", path,
                            strerror(errno));
    st = rc_vnnlib_read_box(lo, hi, NULL, n, in, in == stdin ? "<stdin>" : path,
                            err);
    if (in != stdin)
        fclose(in);
    for (i = 0; i < n && st == RC_OK; i++)
        if (!fixed[i] && mpq_equal(lo[i], hi[i])) {
            fixed[i] = 1;
            mpq_set(val[i], lo[i]);
        }
    return st;
}

/* The numbers of a comma-separated list into a new array (*count of them). */
static rc_status
parse_list(mpq_t **out, size_t *count, const char *text, const char *option,
           rc_error *err)
{
    size_t cap = 0, n = 0;
    mpq_t *vals = NULL;
    const char *p = text;
    rc_status st = RC_OK;

    for (;;) {
        const char *e = strchr(p, ',');

        if (e == NULL)
            e = p + strlen(p);
        if (n == cap) {
            mpq_t *v = realloc(vals, (cap = 2 * cap + 4) * sizeof *v);
            if (v == NULL) {
                st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                break;
            }
            vals = v;
        }
        mpq_init(vals[n++]);
        if (rc_q_set_text(vals[n - 1], p, (size_t)(e - p)) != 0) {
            st = rc_error_set(err, RC_ERR_ARG, "%s: '%.*s' is not a number",
                              option, (int)(e - p), p);
            break;
        }
        if (*e == '\0')
            break;
        p = e + 1;
    }
    if (st != RC_OK) {
        rc_mpq_array_free(vals, n);
        vals = NULL;
        n = 0;
    }
    *out = vals;
    *count = n;
    return st;
}

/* Apply --box to lo, hi (n inputs, of which those not fixed are free). */
static rc_status
apply_box(mpq_t *lo, mpq_t *hi, size_t n, const unsigned char *fixed,
          const char *text, rc_error *err)
{
    size_t nfree = 0, count, i, k;
    mpq_t *vals;
    rc_status st;

    for (i = 0; i < n; i++)
        nfree += !fixed[i];
    if ((st = parse_list(&vals, &count, text, "--box", err)) != RC_OK)
        return st;
    if (count == 2) {
        for (i = 0; i < n; i++) {
            mpq_set(lo[i], vals[0]);
            mpq_set(hi[i], vals[1]);
        }
    } else if (count == 2 * n) {
        for (i = 0; i < n; i++) {
            mpq_set(lo[i], vals[2 * i]);
            mpq_set(hi[i], vals[2 * i + 1]);
        }
    } else if (count == 2 * nfree) {
        for (i = 0, k = 0; i < n; i++)
            if (!fixed[i]) {
                mpq_set(lo[i], vals[2 * k]);
                mpq_set(hi[i], vals[2 * k + 1]);
                k++;
            }
    } else if (nfree == n || nfree == 1) {
        st = rc_error_set(err, RC_ERR_ARG,
                          "--box: expected %s%zu numbers (lo,hi pairs), "
                          "found %zu", n == 1 ? "" : "2 or ",
                          2 * n, count);
    } else {
        st = rc_error_set(err, RC_ERR_ARG,
                          "--box: expected 2, %zu (every input) or %zu (the "
                          "free inputs) numbers, found %zu", 2 * n,
                          2 * nfree, count);
    }
    rc_mpq_array_free(vals, count);
    return st;
}

/* Parse --fix "I=V,I=V,..." into fixed[] and val[]. */
static rc_status
parse_fix(unsigned char *fixed, mpq_t *val, size_t n, const char *text,
          rc_error *err)
{
    const char *p;

    for (p = text; *p != '\0';) {
        const char *e = strchr(p, ','), *eq;
        char *stop;
        long idx;

        if (e == NULL)
            e = p + strlen(p);
        eq = memchr(p, '=', (size_t)(e - p));
        errno = 0;
        idx = strtol(p, &stop, 10);
        if (eq == NULL || stop != eq || stop == p || errno != 0)
            return rc_error_set(err, RC_ERR_ARG,
                                "--fix: '%.*s' is not of the form I=VALUE",
                                (int)(e - p), p);
        if (idx < 1 || (size_t)idx > n)
            return rc_error_set(err, RC_ERR_ARG,
                                "--fix: input %ld out of range: the network "
                                "has %zu input%s (x1..x%zu)", idx, n,
                                n == 1 ? "" : "s", n);
        if (fixed[idx - 1])
            return rc_error_set(err, RC_ERR_ARG,
                                "--fix: x%ld is fixed twice", idx);
        if (rc_q_set_text(val[idx - 1], eq + 1, (size_t)(e - eq - 1)) != 0)
            return rc_error_set(err, RC_ERR_ARG,
                                "--fix: value of x%ld '%.*s' is not a number",
                                idx, (int)(e - eq - 1), eq + 1);
        fixed[idx - 1] = 1;
        p = *e ? e + 1 : e;
    }
    return RC_OK;
}

rc_status
rc_domain_from_spec(rc_domain **dom, const rc_net *net,
                    const rc_domain_spec *spec, rc_error *err)
{
    size_t n = net->sizes[0], i, nfree = 0;
    mpq_t *lo = rc_mpq_array_new(n), *hi = rc_mpq_array_new(n),
          *val = rc_mpq_array_new(n);
    unsigned char *fixed = calloc(n, 1);
    rc_status st = RC_OK;
    rc_error sub;

    *dom = NULL;
    if (!lo || !hi || !val || !fixed) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((spec->box != NULL || spec->vnnlib != NULL) && spec->unbounded) {
        st = rc_error_set(err, RC_ERR_ARG, "%s and --unbounded exclude each "
                          "other", spec->box ? "--box" : "--vnnlib");
        goto done;
    }
    if (!spec->box && !spec->vnnlib && !spec->unbounded
        && !rc_net_has_input_bounds(net)) {
        st = rc_error_set(err, RC_ERR_ARG, "%s: an ONNX network has no input "
                          "box: give --box, --vnnlib or --unbounded",
                          spec->net_name ? spec->net_name : "network");
        goto done;
    }
    if (spec->fix != NULL
        && (st = parse_fix(fixed, val, n, spec->fix, err)) != RC_OK)
        goto done;
    for (i = 0; i < n; i++)
        nfree += !fixed[i];
    if (nfree == 0) {
        st = rc_error_set(err, RC_ERR_ARG,
                          "--fix: every input is fixed; at least one must "
                          "stay free");
        goto done;
    }
    if (spec->unbounded) {
        st = rc_domain_new_unbounded(dom, n, net->in_range, err);
    } else {
        for (i = 0; i < n; i++) {
            mpq_set(lo[i], net->in_min_q[i]);
            mpq_set(hi[i], net->in_max_q[i]);
        }
        if (spec->vnnlib != NULL
            && (st = vnnlib_box(lo, hi, fixed, val, n, spec->vnnlib, err)) != RC_OK)
            goto done;
        if (spec->box != NULL
            && (st = apply_box(lo, hi, n, fixed, spec->box, err)) != RC_OK)
            goto done;
        for (i = 0; i < n; i++) {
            int c = mpq_cmp(lo[i], hi[i]);
            if (fixed[i]) {
                /* A fixed input needs no extent, only its value. */
                if (c >= 0) {
                    mpq_set(lo[i], val[i]);
                    mpq_set(hi[i], val[i]);
                }
                continue;
            }
            if (c == 0 && spec->box == NULL && spec->vnnlib == NULL) {
                st = rc_error_set(err, RC_ERR_ARG,
                                  "%s: input x%zu: minimum equals maximum "
                                  "(%.17g): fix it with --fix %zu=VALUE to make "
                                  "a slice, or give --box",
                                  net->bounds_where ? net->bounds_where
                                                    : "network",
                                  i + 1, rc_q_get_d(lo[i]), i + 1);
                goto done;
            }
            if (c >= 0) {
                st = rc_error_set(err, RC_ERR_ARG,
                                  "--box: the interval of x%zu is %s: [%.17g, "
                                  "%.17g]", i + 1, c == 0 ? "flat" : "empty",
                                  rc_q_get_d(lo[i]), rc_q_get_d(hi[i]));
                goto done;
            }
        }
        st = rc_domain_new_box_q_fixed(dom, n, (const mpq_t *)lo,
                                       (const mpq_t *)hi, fixed, err);
    }
    if (st != RC_OK)
        goto done;
    for (i = 0; i < n; i++)
        if (fixed[i] && (st = rc_domain_fix_q(*dom, i, val[i], &sub)) != RC_OK) {
            rc_error_set(err, st, "--fix: %s", sub.msg);
            rc_domain_free(*dom);
            *dom = NULL;
            goto done;
        }
done:
    rc_mpq_array_free(lo, n);
    rc_mpq_array_free(hi, n);
    rc_mpq_array_free(val, n);
    free(fixed);
    return st;
}
