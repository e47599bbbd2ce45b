/* fuzz_diff.c -- differential fuzz target: the same tiny network in the
 * three arithmetics.
 *
 * The bytes choose a network (2 or 3 inputs, one or two hidden layers of
 * at most 6 neurons) whose numbers come from a table with the hard cases
 * in it: 0, +-1, small dyadics, decimals like 0.1 that no double holds,
 * 1e+-300, 2^+-600, subnormals; and a box (unit, tiny far from the
 * origin, huge).  It is written as NNet text, read, and enumerated:
 *   - the default (filtered) mode must give exactly the exact mode's
 *     pattern set;
 *   - float mode may differ from exact mode only if it reports uncertain
 *     decisions (or refuses the network);
 *   - exact mode's first layer over all of R^n must have as many regions
 *     as Zaslavsky's count of the first layer's arrangement.
 * Any disagreement aborts (a crash for libFuzzer).  Build and run with
 * tests/fuzz/run.sh; tests/fuzz/corpus_diff holds inputs worth keeping,
 * its coverage-minimal subset tests/fuzz/seeds and the inputs that
 * once failed, tests/fuzz/regress, are replayed by make check
 * (tests/test_fuzz_replay.sh). */
#include <gmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relucells.h"

static const char *const values[] = {
    "0", "1", "-1", "2", "-2", "1/2", "-1/2", "3/4", "-3", "0.1", "-0.1",
    "0.3", "-0.7", "1.5", "1e300", "-1e300", "1e-300", "-1e-300", "5e-324",
    "-5e-324", "1e-17", "-1e-17", "3", "0.25", "-0.25", "7", "-5", "1e-6",
    "1e6", "-1e6", "2.5e-308", "1",
};
#define NVALUES (sizeof values / sizeof *values)

static const char *const boxes[][2] = {
    { "-1", "1" }, { "0", "1" }, { "1", "1.000001" }, { "-1e6", "1e6" },
    { "-1e-300", "1e-300" },
};
#define NBOXES (sizeof boxes / sizeof *boxes)

typedef struct reader {
    const uint8_t *data;
    size_t size, pos;
} reader;

static unsigned
next(reader *r)
{
    return r->pos < r->size ? r->data[r->pos++] : 0u;
}

static void
append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);

    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *buf = realloc(*buf, *cap);
        if (*buf == NULL)
            abort();
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* The NNet text of the network the bytes describe. */
static char *
build(reader *r)
{
    unsigned b = next(r), n = 2 + (b & 1u), hidden = 1 + ((b >> 1) & 1u);
    unsigned box = (b >> 2) % NBOXES, widths[4], l, i, j, maxw = n;
    char *buf = NULL, line[64];
    size_t len = 0, cap = 0;

    for (l = 0; l < hidden; l++) {
        widths[l] = 1 + next(r) % 6;
        if (widths[l] > maxw)
            maxw = widths[l];
    }
    snprintf(line, sizeof line, "%u,%u,1,%u,\n%u,", hidden + 1, n, maxw, n);
    append(&buf, &len, &cap, line);
    for (l = 0; l < hidden; l++) {
        snprintf(line, sizeof line, "%u,", widths[l]);
        append(&buf, &len, &cap, line);
    }
    append(&buf, &len, &cap, "1,\n0,\n");
    for (i = 0; i < 2; i++) {
        for (j = 0; j < n; j++) {
            append(&buf, &len, &cap, boxes[box][i]);
            append(&buf, &len, &cap, ",");
        }
        append(&buf, &len, &cap, "\n");
    }
    for (i = 0; i < 2; i++) {
        for (j = 0; j <= n; j++)
            append(&buf, &len, &cap, i ? "1," : "0,");
        append(&buf, &len, &cap, "\n");
    }
    for (l = 0; l <= hidden; l++) {
        unsigned in = l ? widths[l - 1] : n, out = l < hidden ? widths[l] : 1;
        for (i = 0; i < out; i++) {
            for (j = 0; j < in; j++) {
                append(&buf, &len, &cap, l < hidden ? values[next(r) % NVALUES] : "1");
                append(&buf, &len, &cap, ",");
            }
            append(&buf, &len, &cap, "\n");
        }
        for (i = 0; i < out; i++) {
            append(&buf, &len, &cap, l < hidden ? values[next(r) % NVALUES] : "0");
            append(&buf, &len, &cap, ",\n");
        }
    }
    return buf;
}

static rc_partition *
run(const rc_net *net, const rc_domain *dom, rc_arithmetic a, rc_status *st)
{
    rc_partition *p = NULL;
    rc_enum_opts o;
    rc_error err;

    rc_enum_opts_init(&o);
    o.arithmetic = a;
    o.max_regions = 5000;
    *st = rc_enumerate(&p, net, dom, &o, &err);
    if (*st != RC_OK) {
        rc_partition_free(p);
        p = NULL;
    }
    return p;
}

static int
same_patterns(const rc_partition *a, const rc_partition *b)
{
    size_t i;

    if (rc_partition_num_regions(a) != rc_partition_num_regions(b))
        return 0;
    for (i = 0; i < rc_partition_num_regions(a); i++)
        if (rc_partition_find(b, rc_region_pattern(rc_partition_region(a, i)))
            == (size_t)-1)
            return 0;
    return 1;
}

static void
fail(const char *what, const char *text)
{
    fprintf(stderr, "fuzz_diff: %s\n%s\n", what, text);
    abort();
}

/* Exact layer 1 over R^n against Zaslavsky's count. */
static void
check_zaslavsky(const rc_net *net, const char *text)
{
    rc_domain *dom = NULL;
    rc_arrangement_info info;
    rc_partition *p;
    rc_status st;
    rc_error err;

    if (rc_domain_new_unbounded(&dom, rc_net_num_inputs(net), NULL, &err) != RC_OK)
        return;
    rc_arrangement_info_init(&info);
    p = run(net, dom, RC_ARITH_EXACT, &st);
    if (p != NULL && rc_arrangement_of_first_layer(&info, net, dom, NULL, &err) == RC_OK
        && mpz_cmp_ui(info.regions, (unsigned long)rc_partition_layer_count(p, 0)) != 0)
        fail("exact layer 1 over R^n differs from Zaslavsky's count", text);
    rc_partition_free(p);
    rc_arrangement_info_clear(&info);
    rc_domain_free(dom);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = { data, size, 0 };
    char *text = build(&r);
    FILE *f = fmemopen(text, strlen(text), "r");
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *pe, *pd, *pf;
    rc_status se, sd, sf;
    rc_error err;

    if (f == NULL || rc_net_read_nnet(&net, f, "fuzz", &err) != RC_OK)
        fail("the reader refused a well-formed network", text);
    fclose(f);
    if (rc_domain_new_from_net(&dom, net, &err) != RC_OK)
        fail("no domain", text);
    pe = run(net, dom, RC_ARITH_EXACT, &se);
    pd = run(net, dom, RC_ARITH_FILTERED, &sd);
    pf = run(net, dom, RC_ARITH_FLOAT, &sf);
    if (se != RC_OK && se != RC_ERR_LIMIT)
        fail("exact mode failed", text);
    if (se != sd)
        fail("default and exact mode end differently", text);
    if (pe != NULL && !same_patterns(pe, pd))
        fail("default and exact mode differ", text);
    if (pe != NULL && pf != NULL && !same_patterns(pe, pf)
        && rc_partition_stats(pf)->uncertain == 0)
        fail("float mode differs from exact with no uncertain decision", text);
    rc_partition_free(pe);
    rc_partition_free(pd);
    rc_partition_free(pf);
    rc_domain_free(dom);
    check_zaslavsky(net, text);
    rc_net_free(net);
    free(text);
    return 0;
}
