/* pulling.c -- the simplices of a pulling triangulation, from incidences.
 *
 * A bounded polytope is triangulated by pulling: choose a vertex (the
 * apex) of the polytope, triangulate every facet that misses it, and cone
 * each facet simplex from the apex; recursively down to vertices.  The
 * facets of a face are read off the incidences: they are the maximal
 * proper intersections of the face's vertex set with the rows' tight sets.
 * So the recursion is combinatorial, exact whenever the incidences are,
 * and shared by the float and exact polytopes (poly_volume.c,
 * poly_q_volume.c), which only compute the determinants. */
#include <stdlib.h>
#include <string.h>

#include "geom/dd.h"
#include "geom/pulling.h"

typedef struct pull_ctx {
    const uint64_t *inc;      /* k x words: rows tight at each generator */
    size_t words, k, m, gw;
    size_t *chain;            /* apexes so far */
    rc_simplex_fn fn;
    void *user;
} pull_ctx;

/* Triangulate the face with generator set `set` (dimension f), whose
 * apexes above it are chain[0 .. depth). */
static rc_status
pull(pull_ctx *c, const uint64_t *set, size_t f, size_t depth)
{
    size_t g, apex = c->k, i, j, nsub = 0;
    uint64_t *subs;
    unsigned char *maximal;
    rc_status st = RC_OK;

    for (g = 0; g < c->k && apex == c->k; g++)
        if (rc_dd_bit(set, g))
            apex = g;
    c->chain[depth] = apex;
    if (f == 0) {
        c->fn(c->user, c->chain);
        return RC_OK;
    }
    subs = calloc(c->m * c->gw + 1, sizeof *subs);
    maximal = calloc(c->m + 1, 1);
    if (subs == NULL || maximal == NULL) {
        free(subs);
        free(maximal);
        return RC_ERR_NOMEM;
    }
    for (i = 0; i < c->m; i++) {
        uint64_t *cur = subs + nsub * c->gw;
        for (g = 0; g < c->k; g++)
            if (rc_dd_bit(set, g) && rc_dd_bit(c->inc + g * c->words, i))
                rc_dd_set(cur, g);
        if (!rc_dd_subset(set, cur, c->gw) && rc_dd_count(cur, c->gw) > 0)
            nsub++;
        else
            memset(cur, 0, c->gw * sizeof *cur);
    }
    for (i = 0; i < nsub; i++) {
        const uint64_t *si = subs + i * c->gw;
        maximal[i] = !rc_dd_bit(si, apex);
        for (j = 0; j < nsub && maximal[i]; j++) {
            const uint64_t *sj = subs + j * c->gw;
            if (j != i && rc_dd_subset(si, sj, c->gw)
                && (!rc_dd_subset(sj, si, c->gw) || j < i))
                maximal[i] = 0;
        }
    }
    for (i = 0; i < nsub && st == RC_OK; i++)
        if (maximal[i])
            st = pull(c, subs + i * c->gw, f - 1, depth + 1);
    free(subs);
    free(maximal);
    return st;
}

rc_status
rc_pull_simplices(const uint64_t *inc, size_t words, size_t k, size_t m,
                  size_t n, rc_simplex_fn fn, void *user)
{
    pull_ctx c;
    uint64_t *all;
    size_t g;
    rc_status st;

    c.inc = inc;
    c.words = words;
    c.k = k;
    c.m = m;
    c.gw = rc_dd_words(k);
    c.fn = fn;
    c.user = user;
    c.chain = calloc(n + 1, sizeof *c.chain);
    all = calloc(c.gw, sizeof *all);
    if (c.chain == NULL || all == NULL) {
        free(c.chain);
        free(all);
        return RC_ERR_NOMEM;
    }
    for (g = 0; g < k; g++)
        rc_dd_set(all, g);
    st = pull(&c, all, n, 0);
    free(c.chain);
    free(all);
    return st;
}
