/* dd.c -- combinatorial tests of the double description method; see dd.h. */
#include <stdlib.h>
#include <string.h>

#include "geom/dd.h"

void
rc_dd_transpose(uint64_t *sets, const uint64_t *inc, size_t words, size_t k,
                size_t m)
{
    size_t gw = rc_dd_words(k), g, w;

    memset(sets, 0, m * gw * sizeof *sets);
    for (g = 0; g < k; g++)
        for (w = 0; w < words; w++) {
            uint64_t b = inc[g * words + w];
            while (b != 0) {
                size_t i = w * 64 + (size_t)__builtin_ctzll(b);
                b &= b - 1;
                if (i < m)
                    rc_dd_set(sets + i * gw, g);
            }
        }
}

size_t
rc_dd_candidates_portable(size_t *pairs, const uint64_t *inc, size_t words,
                          const size_t *ip, size_t np, const size_t *in,
                          size_t nn, size_t need)
{
    size_t a, b, n = 0;

    for (a = 0; a < np; a++)
        for (b = 0; b < nn; b++)
            if (rc_dd_share_at_least(inc, words, ip[a], in[b], need))
                pairs[n++] = a * nn + b;
    return n;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* With the processor's population count (x86-64 has it since 2008, but
 * Debian builds for the baseline without it): a few instructions a pair
 * instead of a loop over the bits. */
__attribute__((target("popcnt"))) static size_t
candidates_popcnt(size_t *pairs, const uint64_t *inc, size_t words,
                  const size_t *ip, size_t np, const size_t *in, size_t nn,
                  size_t need)
{
    size_t a, b, w, n = 0;

    for (a = 0; a < np; a++) {
        const uint64_t *x = inc + ip[a] * words;
        for (b = 0; b < nn; b++) {
            const uint64_t *y = inc + in[b] * words;
            size_t c = 0;
            for (w = 0; w < words; w++)
                c += (size_t)__builtin_popcountll(x[w] & y[w]);
            if (c >= need)
                pairs[n++] = a * nn + b;
        }
    }
    return n;
}
#endif

size_t
rc_dd_candidates(size_t *pairs, const uint64_t *inc, size_t words,
                 const size_t *ip, size_t np, const size_t *in, size_t nn,
                 size_t need)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("popcnt"))
        return candidates_popcnt(pairs, inc, words, ip, np, in, nn, need);
#endif
    return rc_dd_candidates_portable(pairs, inc, words, ip, np, in, nn, need);
}

int
rc_dd_adjacent_sets(const uint64_t *sets, size_t gw, const uint64_t *inc,
                    size_t words, size_t k, size_t p, size_t q, size_t need,
                    uint64_t *z, uint64_t *t)
{
    const uint64_t *ip = inc + p * words, *iq = inc + q * words;
    size_t w, c;

    for (w = 0; w < words; w++)
        z[w] = ip[w] & iq[w];
    if (!rc_dd_at_least(z, words, need))
        return 0;
    /* t: the generators tight on every row of z, p and q left out. */
    for (c = 0; c < gw; c++)
        t[c] = c + 1 < gw || k % 64 == 0 ? ~(uint64_t)0
                                          : ((uint64_t)1 << (k % 64)) - 1;
    t[p / 64] &= ~((uint64_t)1 << (p % 64));
    t[q / 64] &= ~((uint64_t)1 << (q % 64));
    for (w = 0; w < words; w++) {
        uint64_t b = z[w];
        while (b != 0) {
            const uint64_t *s = sets + (w * 64 + (size_t)__builtin_ctzll(b)) * gw;
            uint64_t any = 0;
            b &= b - 1;
            for (c = 0; c < gw; c++)
                any |= (t[c] &= s[c]);
            if (any == 0)
                return 1;    /* t only shrinks */
        }
    }
    for (c = 0; c < gw; c++)
        if (t[c] != 0)
            return 0;
    return 1;
}

size_t
rc_dd_cut_facets(unsigned char *keep, uint64_t *acc, const uint64_t *inc,
                 size_t words, const size_t *side, size_t num, size_t m)
{
    size_t a, w, i, kept = 1;

    memset(acc, 0, words * sizeof *acc);
    for (a = 0; a < num; a++)
        for (w = 0; w < words; w++)
            acc[w] |= inc[side[a] * words + w];
    for (i = 0; i < m; i++)
        kept += keep[i] = (unsigned char)rc_dd_bit(acc, i);
    keep[m] = 1;
    return kept;
}

rc_status
rc_dd_facets(size_t *kept_out, unsigned char *keep, const uint64_t *inc,
             size_t words, size_t k, size_t m, int keep_empty)
{
    size_t gw = rc_dd_words(k), i, j, g, kept = 0;
    uint64_t small[256], *sets = m * gw + 1 <= 256 ? small
                                 : malloc((m * gw + 1) * sizeof *sets);

    if (sets == NULL)
        return RC_ERR_NOMEM;
    memset(sets, 0, (m * gw + 1) * sizeof *sets);
    /* Transpose: for each row, the generators tight on it. */
    for (g = 0; g < k; g++)
        for (i = 0; i < m; i++)
            if (rc_dd_bit(inc + g * words, i))
                rc_dd_set(sets + i * gw, g);
    for (i = 0; i < m; i++) {
        const uint64_t *si = sets + i * gw;
        keep[i] = keep_empty || rc_dd_count(si, gw) > 0;
        for (j = 0; j < m && keep[i]; j++) {
            const uint64_t *sj = sets + j * gw;
            if (j == i || !rc_dd_subset(si, sj, gw))
                continue;
            /* si within sj: drop i if strictly, or if equal to an earlier
             * row (the same facet written twice). */
            if (!rc_dd_subset(sj, si, gw) || j < i)
                keep[i] = 0;
        }
        kept += keep[i];
    }
    if (sets != small)
        free(sets);
    *kept_out = kept;
    return RC_OK;
}

rc_status
rc_dd_renumber(uint64_t *out, const uint64_t *inc, size_t words, size_t k,
               size_t m, const unsigned char *keep)
{
    size_t nw = 0, g, i, c, w;
    size_t small_to[256], *to = m <= 256 ? small_to : malloc(m * sizeof *to);
    uint64_t small[64], *old = words <= 64 ? small : malloc(words * sizeof *old);

    if (old == NULL || to == NULL) {
        if (old != small)
            free(old);
        if (to != small_to)
            free(to);
        return RC_ERR_NOMEM;
    }
    /* Each row's new number; a generator is tight on a few rows, so its
     * set bits are moved one by one. */
    for (i = 0; i < m; i++) {
        to[i] = nw;
        nw += keep[i];
    }
    nw = rc_dd_words(nw);
    /* Generator g's new words end where g + 1's old ones start (nw <=
     * words), so out may be inc: copy g's old words, then write. */
    for (g = 0; g < k; g++) {
        memcpy(old, inc + g * words, words * sizeof *old);
        for (c = 0; c < nw; c++)
            out[g * nw + c] = 0;
        for (w = 0; w < words; w++) {
            uint64_t b = old[w];
            while (b != 0) {
                i = w * 64 + (size_t)__builtin_ctzll(b);
                b &= b - 1;
                if (i < m && keep[i])
                    rc_dd_set(out + g * nw, to[i]);
            }
        }
    }
    if (old != small)
        free(old);
    if (to != small_to)
        free(to);
    return RC_OK;
}
