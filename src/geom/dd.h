/* dd.h -- the combinatorial half of the double description method, shared
 * by the float and the exact polyhedral kernels; internal.
 *
 * Generators carry the set of rows they make tight as a bitset.  Two
 * generators on opposite sides of a cutting hyperplane are adjacent (span a
 * 2-face of the cone) iff no third generator is tight on every row that
 * both are tight on (the combinatorial test of Fukuda & Prodon); a new
 * generator on the hyperplane comes from each adjacent pair. */
#ifndef RC_DD_H
#define RC_DD_H

#include <stddef.h>
#include <stdint.h>

#include "relucells/status.h"

static inline size_t
rc_dd_words(size_t bits)
{
    return bits ? (bits + 63) / 64 : 1;
}

static inline int
rc_dd_bit(const uint64_t *a, size_t i)
{
    return (int)((a[i / 64] >> (i % 64)) & 1u);
}

static inline void
rc_dd_set(uint64_t *a, size_t i)
{
    a[i / 64] |= (uint64_t)1 << (i % 64);
}

static inline size_t
rc_dd_count(const uint64_t *a, size_t words)
{
    size_t c = 0, w;

    for (w = 0; w < words; w++)
        c += (size_t)__builtin_popcountll(a[w]);
    return c;
}

/* Has a at least need bits?  Stops there: cheaper than a count where
 * the processor has no population count instruction (the x86-64
 * baseline that Debian builds for), need being small (a dimension). */
static inline int
rc_dd_at_least(const uint64_t *a, size_t words, size_t need)
{
    size_t c = 0, w;

    for (w = 0; w < words && c < need; w++) {
        uint64_t b = a[w];
        while (b != 0 && c < need) {
            b &= b - 1;
            c++;
        }
    }
    return c >= need;
}

/* Are generators p and q (incidence rows of words words) tight on at
 * least need rows in common?  The first test of rc_dd_adjacent_sets,
 * inline: most pairs across a cut fail it, and the call would cost more
 * than the test. */
static inline int
rc_dd_share_at_least(const uint64_t *inc, size_t words, size_t p, size_t q,
                     size_t need)
{
    const uint64_t *a = inc + p * words, *b = inc + q * words;
    size_t c = 0, w;

    for (w = 0; w < words && c < need; w++) {
        uint64_t x = a[w] & b[w];
        while (x != 0 && c < need) {
            x &= x - 1;
            c++;
        }
    }
    return c >= need;
}

/* The pairs (ip[a], in[b]) of generators tight on at least need rows in
 * common, as a * nn + b in increasing order, into pairs (room for np *
 * nn); their number.  The candidates for rc_dd_adjacent_sets across a
 * cut: most pairs are not, and this test is most of the cost of finding
 * the edges a hyperplane crosses. */
size_t rc_dd_candidates(size_t *pairs, const uint64_t *inc, size_t words,
                        const size_t *ip, size_t np, const size_t *in,
                        size_t nn, size_t need);
/* The same without the processor's population count (what
 * rc_dd_candidates does where it has none; for the tests). */
size_t rc_dd_candidates_portable(size_t *pairs, const uint64_t *inc,
                                 size_t words, const size_t *ip, size_t np,
                                 const size_t *in, size_t nn, size_t need);

/* Is a a subset of b? */
static inline int
rc_dd_subset(const uint64_t *a, const uint64_t *b, size_t words)
{
    size_t w;

    for (w = 0; w < words; w++)
        if ((a[w] & b[w]) != a[w])
            return 0;
    return 1;
}

/* Are generators p and q (of k, with incidence rows of words words over
 * m rows) adjacent?  need is the least number of common tight rows a
 * 2-face can have (pointed dimension - 2); z receives their common tight
 * rows.  The test is read by rows: p and q are adjacent iff the generators
 * tight on every row of z are p and q alone, which costs |z| set
 * intersections instead of k subset tests.  sets holds, for each of the
 * m rows, the generators tight on it (rc_dd_transpose; gw =
 * rc_dd_words(k) words each); t has room for gw words. */
void rc_dd_transpose(uint64_t *sets, const uint64_t *inc, size_t words,
                     size_t k, size_t m);
int rc_dd_adjacent_sets(const uint64_t *sets, size_t gw, const uint64_t *inc,
                        size_t words, size_t k, size_t p, size_t q,
                        size_t need, uint64_t *z, uint64_t *t);

/* The facets of one side of a proper cut of a polyhedron whose m rows are
 * all facets (both sides hold generators strictly off the hyperplane):
 * a facet stays one iff a generator strictly on the side is tight on it
 * (near that generator the facet lies in the open half-space), and the
 * cutting row (index m) is one.  side lists those num generators; keep
 * receives m + 1 flags, acc (words words) is scratch; returns the number
 * kept.  The same rows as rc_dd_facets, in O(num words). */
size_t rc_dd_cut_facets(unsigned char *keep, uint64_t *acc,
                        const uint64_t *inc, size_t words, const size_t *side,
                        size_t num, size_t m);

/* Which of m rows are facets, by incidence alone: row i is kept unless
 * the set of generators tight on it is strictly contained in another
 * row's, or equal to that of an earlier kept row.  Exact when the
 * incidences are (exact kernel).  A row no generator is tight on is a
 * facet only of a cone that is a line space plus one ray (all of R^n,
 * whose one row is t >= 0): say so with keep_empty.  keep[i] receives 0/1
 * and *kept the count kept. */
rc_status rc_dd_facets(size_t *kept, unsigned char *keep, const uint64_t *inc,
                       size_t words, size_t k, size_t m, int keep_empty);

/* Renumber the incidences after dropping rows: inc (k x words, rows
 * indexed as before) into out (k x rc_dd_words(kept)); out may be inc. */
rc_status rc_dd_renumber(uint64_t *out, const uint64_t *inc, size_t words,
                         size_t k, size_t m, const unsigned char *keep);

#endif
