/* read_points.c -- points from text (relucells/io.h, rc_points_read): the
 * end points of a path, a polyline, a data set of samples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "relucells/io.h"

typedef struct numbers {
    double *d;
    mpq_t *q;
    size_t len, cap;
    int exact;
} numbers;

static int
push(numbers *n, const char *s, size_t len)
{
    char buf[128], *end;

    if (n->len == n->cap) {
        size_t cap = n->cap ? 2 * n->cap : 1024, i;
        double *d = realloc(n->d, cap * sizeof *d);
        if (d == NULL)
            return -1;
        n->d = d;
        if (n->exact) {
            mpq_t *q = realloc(n->q, cap * sizeof *q);
            if (q == NULL)
                return -1;
            n->q = q;
            for (i = n->cap; i < cap; i++)
                mpq_init(n->q[i]);
        }
        n->cap = cap;
    }
    if (n->exact || len >= sizeof buf || memchr(s, '/', len) != NULL) {
        mpq_t t;
        mpq_init(t);
        if (rc_q_set_text(t, s, len) != 0) {
            mpq_clear(t);
            return 1;
        }
        n->d[n->len] = rc_q_get_d(t);
        if (n->exact)
            mpq_set(n->q[n->len], t);
        mpq_clear(t);
    } else {
        memcpy(buf, s, len);
        buf[len] = '\0';
        n->d[n->len] = strtod(buf, &end);
        if (*end != '\0' || end == buf)
            return 1;
    }
    n->len++;
    return 0;
}

/* The numbers of one line; 0, 1 (not numbers), -1 (out of memory). */
static int
parse_line(numbers *n, const char *line, const char **bad, size_t *badlen)
{
    const char *p = line;

    for (;;) {
        size_t len;
        int r;
        while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '\0')
            return 0;
        len = strcspn(p, " \t,\r\n");
        if ((r = push(n, p, len)) != 0) {
            *bad = p;
            *badlen = len;
            return r;
        }
        p += len;
    }
}

rc_status
rc_points_read(double **points, mpq_t **points_q, size_t *count, FILE *in,
               const char *name, size_t dim, int one_point, rc_error *err)
{
    numbers n = {NULL, NULL, 0, 0, points_q != NULL};
    char *line = NULL;
    size_t cap = 0, lineno = 0, i, seen = 0;
    ssize_t got;
    rc_status st = RC_OK;

    *points = NULL;
    if (points_q != NULL)
        *points_q = NULL;
    *count = 0;
    if (dim == 0)
        return rc_error_set(err, RC_ERR_ARG, "points of no coordinates");
    while ((got = getline(&line, &cap, in)) != -1) {
        size_t before = n.len, badlen = 0;
        const char *p = line, *bad = NULL;
        int r;
        lineno++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
            continue;
        r = parse_line(&n, p, &bad, &badlen);
        if (r < 0) {
            st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            break;
        }
        if (r > 0 && seen == 0 && !one_point) {
            n.len = before;    /* a header */
            seen++;
            continue;
        }
        seen++;
        if (r > 0) {
            st = rc_error_set(err, RC_ERR_PARSE, "%s:%zu: '%.*s' is not a number",
                              name, lineno, (int)(badlen > 40 ? 40 : badlen), bad);
            break;
        }
        if (!one_point && n.len - before != dim) {
            st = rc_error_set(err, RC_ERR_PARSE, "%s:%zu: %zu numbers, expected %zu",
                              name, lineno, n.len - before, dim);
            break;
        }
    }
    free(line);
    if (st == RC_OK && ferror(in))
        st = rc_error_set(err, RC_ERR_IO, "%s: read error", name);
    if (st == RC_OK && one_point && n.len != dim)
        st = rc_error_set(err, RC_ERR_PARSE, "%s: %zu numbers, expected %zu",
                          name, n.len, dim);
    if (st == RC_OK && n.len == 0)
        st = rc_error_set(err, RC_ERR_PARSE, "%s: no points", name);
    if (st != RC_OK) {
        free(n.d);
        for (i = 0; i < n.cap && n.q != NULL; i++)
            mpq_clear(n.q[i]);
        free(n.q);
        return st;
    }
    for (i = n.len; i < n.cap && n.q != NULL; i++)
        mpq_clear(n.q[i]);
    *points = n.d;
    if (points_q != NULL)
        *points_q = n.q;
    *count = n.len / dim;
    return RC_OK;
}
