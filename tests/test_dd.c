/* test_dd.c -- the combinatorial half of the double description method
 * (src/geom/dd.h): bit sets, the adjacency test (by generators and by
 * the rows' tight sets), facets by incidence and of one side of a cut,
 * and the renumbering of incidences after rows are dropped.
 *
 * Everything here is combinatorics on hand-made incidence matrices, whose
 * answers are read off a drawing: a square (with a generator in the middle
 * of a side, which is not extreme, and with redundant rows), a triangle with a redundant row, a
 * segment, all of R^n, the cube [0,1]^3 (12 edges, 6 facets) and a square
 * pyramid whose apex lies on 4 facets (more than the dimension 3: a
 * degenerate vertex).  A generator's incidence row (words 64-bit words)
 * has bit i set when row i is tight on it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "geom/dd.h"
#include "testutil.h"

/* Incidence rows of k generators over at most 64 rows (one word each)
 * from lists of tight rows, each list ended by -1. */
/* rc_dd_facets's count of rows kept, the call asserted to succeed. */
static size_t
kept_facets(unsigned char *keep, const uint64_t *inc, size_t words, size_t k,
            size_t m, int keep_empty)
{
    size_t kept = (size_t)-1;

    CU_ASSERT_EQUAL(rc_dd_facets(&kept, keep, inc, words, k, m, keep_empty), RC_OK);
    return kept;
}

static void
incidences(uint64_t *inc, size_t k, const int *tight)
{
    size_t g;

    memset(inc, 0, k * sizeof *inc);
    for (g = 0; g < k; g++) {
        for (; *tight >= 0; tight++)
            rc_dd_set(inc + g, (size_t)*tight);
        tight++;
    }
}

/* The cube [0,1]^3: rows 2i: x_i >= 0 and 2i+1: x_i <= 1; vertex v (its
 * bits are its coordinates) is tight on row 2i + bit i of v. */
static void
cube_incidences(uint64_t *inc)
{
    size_t v, i;

    memset(inc, 0, 8 * sizeof *inc);
    for (v = 0; v < 8; v++)
        for (i = 0; i < 3; i++)
            rc_dd_set(inc + v, 2 * i + ((v >> i) & 1u));
}

/* The definition (Fukuda & Prodon), by generators: p and q are adjacent
 * iff they share need tight rows and no third generator is tight on every
 * row they share; z receives those rows.  The reference for
 * rc_dd_adjacent_sets. */
static int
adjacent_by_generators(const uint64_t *inc, size_t words, size_t k, size_t p,
                       size_t q, size_t need, uint64_t *z)
{
    size_t w, j;

    for (w = 0; w < words; w++)
        z[w] = inc[p * words + w] & inc[q * words + w];
    if (rc_dd_count(z, words) < need)
        return 0;
    for (j = 0; j < k; j++)
        if (j != p && j != q && rc_dd_subset(z, inc + j * words, words))
            return 0;
    return 1;
}

/* rc_dd_adjacent_sets on k <= 64 generators over the 64 rows of one word:
 * the hand-made cases below, with their sets made here. */
static int
adjacent_one_word(const uint64_t *inc, size_t words, size_t k, size_t p,
               size_t q, size_t need, uint64_t *z)
{
    uint64_t sets[64], t[1];

    CU_ASSERT_FATAL(words == 1 && k <= 64);
    rc_dd_transpose(sets, inc, 1, k, 64);
    return rc_dd_adjacent_sets(sets, 1, inc, 1, k, p, q, need, z, t);
}

/* Number of adjacent pairs among k generators (one word each). */
static size_t
count_adjacent(const uint64_t *inc, size_t k, size_t need)
{
    size_t p, q, c = 0;
    uint64_t z;

    for (p = 0; p < k; p++)
        for (q = p + 1; q < k; q++)
            c += (size_t)adjacent_one_word(inc, 1, k, p, q, need, &z);
    return c;
}

/* ---- bit sets ------------------------------------------------------------ */

/* Words: 64 bits a word, and at least one word (an empty set still needs
 * a word to be stored).  Bits 0, 63, 64, 127 and 130 sit at the two ends
 * of word 0 and word 1 and at bit 2 of word 2. */
static void
test_bitsets(void)
{
    static const size_t bits[5] = {0, 63, 64, 127, 130};
    uint64_t a[3] = {0, 0, 0}, b[3] = {0, 0, 0}, e[3] = {0, 0, 0};
    size_t i, set = 0;

    CU_ASSERT_EQUAL(rc_dd_words(0), 1);
    CU_ASSERT_EQUAL(rc_dd_words(1), 1);
    CU_ASSERT_EQUAL(rc_dd_words(64), 1);
    CU_ASSERT_EQUAL(rc_dd_words(65), 2);
    CU_ASSERT_EQUAL(rc_dd_words(128), 2);
    CU_ASSERT_EQUAL(rc_dd_words(129), 3);
    for (i = 0; i < 5; i++)
        rc_dd_set(a, bits[i]);
    CU_ASSERT_EQUAL(a[0], UINT64_C(0x8000000000000001));
    CU_ASSERT_EQUAL(a[1], UINT64_C(0x8000000000000001));
    CU_ASSERT_EQUAL(a[2], UINT64_C(0x4));
    for (i = 0; i < 192; i++)
        set += (size_t)rc_dd_bit(a, i);
    CU_ASSERT_EQUAL(set, 5);
    for (i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(rc_dd_bit(a, bits[i]), 1);
    CU_ASSERT_EQUAL(rc_dd_bit(a, 1), 0);
    CU_ASSERT_EQUAL(rc_dd_bit(a, 65), 0);
    CU_ASSERT_EQUAL(rc_dd_count(a, 3), 5);
    CU_ASSERT_EQUAL(rc_dd_count(a, 1), 2);      /* word 0 alone */
    CU_ASSERT_EQUAL(rc_dd_count(e, 3), 0);
    rc_dd_set(a, 0);                              /* setting twice: once */
    CU_ASSERT_EQUAL(rc_dd_count(a, 3), 5);
    /* b = {0, 64} is within a, a is not within b; the empty set is within
     * both; every set is within itself. */
    rc_dd_set(b, 0);
    rc_dd_set(b, 64);
    CU_ASSERT_TRUE(rc_dd_subset(b, a, 3));
    CU_ASSERT_FALSE(rc_dd_subset(a, b, 3));
    CU_ASSERT_TRUE(rc_dd_subset(e, a, 3));
    CU_ASSERT_TRUE(rc_dd_subset(e, b, 3));
    CU_ASSERT_TRUE(rc_dd_subset(a, a, 3));
    /* Only the words given are compared: on word 0 alone a is {0, 63}
     * and b is {0}, so b is within a but not back. */
    CU_ASSERT_TRUE(rc_dd_subset(b, a, 1));
    CU_ASSERT_FALSE(rc_dd_subset(a, b, 1));
    rc_dd_set(b, 130);                            /* 130 is in a too */
    CU_ASSERT_TRUE(rc_dd_subset(b, a, 3));
    rc_dd_set(b, 129);                            /* 129 is not */
    CU_ASSERT_FALSE(rc_dd_subset(b, a, 3));
    CU_ASSERT_TRUE(rc_dd_subset(b, a, 2));        /* not looked at */
}

/* ---- adjacency ----------------------------------------------------------- */

/* The square [0,1]^2: rows 0: x >= 0, 1: x <= 1, 2: y >= 0, 3: y <= 1;
 * vertices v0 = (0,0) on rows 0, 2; v1 = (1,0) on 1, 2; v2 = (1,1) on 1, 3;
 * v3 = (0,1) on 0, 3.  Its cone (t, x, y) has dimension 3, so a 2-face
 * (an edge of the square) needs 3 - 2 = 1 common tight row.  The four
 * sides are edges: each pair shares exactly its side's row (z), and no
 * other vertex is on it.  The diagonals v0 v2 and v1 v3 share no row. */
static void
test_adjacent_square(void)
{
    static const int sq[] = {0, 2, -1, 1, 2, -1, 1, 3, -1, 0, 3, -1};
    uint64_t inc[4], z = ~UINT64_C(0);

    incidences(inc, 4, sq);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 4, 0, 1, 1, &z), 1);
    CU_ASSERT_EQUAL(z, UINT64_C(1) << 2);        /* y >= 0 */
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 4, 1, 2, 1, &z), 1);
    CU_ASSERT_EQUAL(z, UINT64_C(1) << 1);        /* x <= 1 */
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 4, 3, 0, 1, &z), 1);
    CU_ASSERT_EQUAL(z, UINT64_C(1) << 0);        /* x >= 0 */
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 4, 2, 3, 1, &z), 1);
    CU_ASSERT_EQUAL(z, UINT64_C(1) << 3);        /* y <= 1 */
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 4, 0, 2, 1, &z), 0);
    CU_ASSERT_EQUAL(z, 0);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 4, 1, 3, 1, &z), 0);
    CU_ASSERT_EQUAL(count_adjacent(inc, 4, 1), 4);
    /* Without the count (need 0) a diagonal still fails: every other
     * vertex is tight on the empty set of rows the two share. */
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 4, 0, 2, 0, &z), 0);
    CU_ASSERT_EQUAL(count_adjacent(inc, 4, 0), 4);
    /* Asking for 2 common rows (a 3D cone's edges): no pair qualifies. */
    CU_ASSERT_EQUAL(count_adjacent(inc, 4, 2), 0);
}

/* The test holds for extreme generators only.  Add to the square a fifth
 * generator m = (1/2, 0), in the middle of the side y = 0 (tight on row 2
 * alone) and so not extreme: v0 v1 are no longer adjacent (m is on their
 * common row), and neither are v0 m and m v1 (v1, resp. v0, is on their
 * common row {2} too).  The other three sides stay: 3 pairs.  With k = 2
 * (m and v1 not looked at) v0 v1 are adjacent again. */
static void
test_adjacent_third_generator(void)
{
    static const int sq[] = {0, 2, -1, 1, 2, -1, 1, 3, -1, 0, 3, -1, 2, -1};
    uint64_t inc[8], z;

    incidences(inc, 5, sq);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 5, 0, 1, 1, &z), 0);
    CU_ASSERT_EQUAL(z, UINT64_C(1) << 2);        /* z is filled anyway */
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 5, 0, 4, 1, &z), 0);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 5, 4, 1, 1, &z), 0);
    CU_ASSERT_EQUAL(count_adjacent(inc, 5, 1), 3);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 2, 0, 1, 1, &z), 1);
    /* The cube asked with need 1 (as if it were 2D): the face diagonal
     * (0,0,0) (1,1,0) shares the row z >= 0, enough for the count, but
     * (1,0,0) is on that row too: not adjacent. */
    cube_incidences(inc);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 8, 0, 3, 1, &z), 0);
    CU_ASSERT_EQUAL(z, UINT64_C(1) << 4);
}

/* The segment [0,1] (rows 0: x >= 0, 1: x <= 1; vertices 0 and 1 on one
 * row each): its cone has dimension 2, need 0, and the two vertices share
 * no row yet are adjacent (the whole segment is the 2-face). */
static void
test_adjacent_segment(void)
{
    static const int seg[] = {0, -1, 1, -1};
    uint64_t inc[2], z;

    incidences(inc, 2, seg);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 2, 0, 1, 0, &z), 1);
    CU_ASSERT_EQUAL(z, 0);
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 2, 0, 1, 1, &z), 0);
}

/* The cube (cube_incidences): its cone has dimension 4, need 2.  Two vertices differing in
 * one coordinate share 2 rows and are an edge (12 of them: 4 per
 * direction); in two coordinates they share 1 row (a face diagonal), in
 * three none (a space diagonal): 28 pairs, 12 adjacent. */
static void
test_adjacent_cube(void)
{
    uint64_t inc[8], z;
    size_t p, q, edges = 0;

    cube_incidences(inc);
    for (p = 0; p < 8; p++)
        for (q = p + 1; q < 8; q++) {
            size_t diff = (size_t)__builtin_popcount((unsigned)(p ^ q));
            int adj = adjacent_one_word(inc, 1, 8, p, q, 2, &z);
            CU_ASSERT_EQUAL(adj, diff == 1);
            CU_ASSERT_EQUAL(rc_dd_count(&z, 1), 3 - diff);
            edges += (size_t)adj;
        }
    CU_ASSERT_EQUAL(edges, 12);
    /* The edge from (0,0,0) to (1,0,0) lies on y >= 0 and z >= 0. */
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 8, 0, 1, 2, &z), 1);
    CU_ASSERT_EQUAL(z, (UINT64_C(1) << 2) | (UINT64_C(1) << 4));
}

/* A square pyramid: base corners b0 = (-1,-1,0), b1 = (1,-1,0),
 * b2 = (1,1,0), b3 = (-1,1,0) and apex a = (0,0,1).  Rows: 0: z >= 0 (the
 * base) and the sides 1: b0 b1 a, 2: b1 b2 a, 3: b2 b3 a, 4: b3 b0 a.  The
 * apex is on the 4 sides: a degenerate vertex (4 rows in dimension 3).
 * need = 2.  Edges: the 4 base sides (base row and one side row), the 4
 * lateral edges (two side rows; no base corner other than the edge's own
 * is on both), so 8 of the 10 pairs; the base diagonals share the base
 * row only. */
static const int pyramid[] = {0, 1, 4, -1, 0, 1, 2, -1, 0, 2, 3, -1,
                              0, 3, 4, -1, 1, 2, 3, 4, -1};

static void
test_adjacent_pyramid(void)
{
    uint64_t inc[5], z;
    size_t b;

    incidences(inc, 5, pyramid);
    for (b = 0; b < 4; b++) {
        CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 5, b, 4, 2, &z), 1);
        CU_ASSERT_EQUAL(rc_dd_count(&z, 1), 2);
        CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 5, b, (b + 1) % 4, 2, &z), 1);
        CU_ASSERT_EQUAL(z, UINT64_C(1) | (UINT64_C(1) << (b + 1)));
    }
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 5, 0, 2, 2, &z), 0);
    CU_ASSERT_EQUAL(z, UINT64_C(1));
    CU_ASSERT_EQUAL(adjacent_one_word(inc, 1, 5, 1, 3, 2, &z), 0);
    CU_ASSERT_EQUAL(count_adjacent(inc, 5, 2), 8);
}

/* ---- facets by incidence ------------------------------------------------- */

/* The square's 4 rows, and 3 more: 4: x + y >= -1 (tight nowhere), 5:
 * 2x >= 0 (the facet x >= 0 written again: tight on v0, v3 like row 0),
 * 6: x + y >= 0 (tight on v0 alone, within row 0's and row 2's sets).
 * Rows 0-3 are the facets; 4, 5 and 6 go (of two equal sets the earlier
 * row stays). */
static void
test_facets_square(void)
{
    static const int sq[] = {0, 2, 5, 6, -1, 1, 2, -1, 1, 3, -1, 0, 3, 5, -1};
    static const unsigned char want[7] = {1, 1, 1, 1, 0, 0, 0};
    unsigned char keep[7];
    uint64_t inc[4];

    incidences(inc, 4, sq);
    memset(keep, 9, sizeof keep);
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 4, 7, 0), 4);
    CU_ASSERT_EQUAL(memcmp(keep, want, 7), 0);
    /* keep_empty does not save row 4: its empty set is strictly within
     * every other row's. */
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 4, 7, 1), 4);
    CU_ASSERT_EQUAL(memcmp(keep, want, 7), 0);
}

/* The triangle (0,0), (1,0), (0,1): rows 0: x >= 0 (v0, v2), 1: y >= 0
 * (v0, v1), 2: x + y <= 1 (v1, v2), and the redundant 3: x <= 1, tight on
 * v1 alone: its set {v1} is strictly within rows 1's and 2's.  A duplicate
 * of a facet is dropped however late: rows 4 = row 2 again and 5 = row 0
 * again go, the first copies stay. */
static void
test_facets_triangle(void)
{
    static const int tri[] = {0, 1, 5, -1, 1, 2, 3, 4, -1, 0, 2, 4, 5, -1};
    static const unsigned char want[6] = {1, 1, 1, 0, 0, 0};
    unsigned char keep[6];
    uint64_t inc[3];

    incidences(inc, 3, tri);
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 3, 6, 0), 3);
    CU_ASSERT_EQUAL(memcmp(keep, want, 6), 0);
    /* Rows 0-3 only: the redundant row still goes. */
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 3, 4, 0), 3);
    CU_ASSERT_EQUAL(memcmp(keep, want, 4), 0);
}

/* The cube: all 6 rows are facets, each with 4 vertices; a 7th row
 * x + y + z <= 3 tight on (1,1,1) alone is not. */
static void
test_facets_cube(void)
{
    unsigned char keep[7];
    uint64_t inc[8];
    size_t i;

    cube_incidences(inc);
    rc_dd_set(inc + 7, 6);
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 8, 7, 0), 6);
    for (i = 0; i < 6; i++)
        CU_ASSERT_EQUAL(keep[i], 1);
    CU_ASSERT_EQUAL(keep[6], 0);
}

/* The pyramid: the base and the 4 sides are facets although the apex is on
 * 4 of them.  Two valid rows that are not: 5: z <= 1, tight on the apex
 * alone, and 6: x + y - 2z >= -2, which holds the lateral edge b0 a (it is
 * -2 at b0 and at a, 0, 2, 0 at b1, b2, b3): its set {b0, a} lies strictly
 * within the sides 1 and 4. */
static void
test_facets_pyramid(void)
{
    static const int pyr[] = {0, 1, 4, 6, -1, 0, 1, 2, -1, 0, 2, 3, -1,
                              0, 3, 4, -1, 1, 2, 3, 4, 5, 6, -1};
    static const unsigned char want[7] = {1, 1, 1, 1, 1, 0, 0};
    unsigned char keep[7];
    uint64_t inc[5];

    incidences(inc, 5, pyr);
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 5, 7, 0), 5);
    CU_ASSERT_EQUAL(memcmp(keep, want, 7), 0);
}

/* All of R^n: the cone is a line space plus the ray (1, 0) (the origin as
 * a vertex), whose one row t >= 0 is tight on no generator.  That row is a
 * facet only when the caller says so (keep_empty).  Two such rows: the
 * earlier stays. */
static void
test_facets_space(void)
{
    unsigned char keep[2] = {9, 9};
    uint64_t inc[1] = {0};

    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 1, 1, 0), 0);
    CU_ASSERT_EQUAL(keep[0], 0);
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 1, 1, 1), 1);
    CU_ASSERT_EQUAL(keep[0], 1);
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 1, 2, 1), 1);
    CU_ASSERT(keep[0] == 1 && keep[1] == 0);
    /* No generator at all (k = 0): every row's set is empty. */
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 1, 0, 2, 0), 0);
}

/* Rows past the first word: 70 rows (2 words), generators tight on rows
 * {0, 64, 69}, {0, 64}, {69}.  Row 0 and row 64 have the same set {g0, g1}:
 * row 0 stays, row 64 goes; row 69 ({g0, g2}) stays; every other row is
 * tight nowhere and goes. */
static void
test_facets_two_words(void)
{
    uint64_t inc[3 * 2] = {0};
    unsigned char keep[70];
    size_t i;

    rc_dd_set(inc + 0, 0);
    rc_dd_set(inc + 0, 64);
    rc_dd_set(inc + 0, 69);
    rc_dd_set(inc + 2, 0);
    rc_dd_set(inc + 2, 64);
    rc_dd_set(inc + 4, 69);
    CU_ASSERT_EQUAL(kept_facets(keep, inc, 2, 3, 70, 0), 2);
    for (i = 0; i < 70; i++)
        CU_ASSERT_EQUAL(keep[i], i == 0 || i == 69);
}

/* ---- renumbering ------------------------------------------------------------ */

/* The square's 7 rows of test_facets_square with rows 4-6 dropped: the
 * incidences come back as the plain square's (rows 0-3 keep their
 * numbers), in a new array and in place. */
static void
test_renumber_square(void)
{
    static const int sq7[] = {0, 2, 5, 6, -1, 1, 2, -1, 1, 3, -1, 0, 3, 5, -1};
    static const int sq4[] = {0, 2, -1, 1, 2, -1, 1, 3, -1, 0, 3, -1};
    static const unsigned char keep[7] = {1, 1, 1, 1, 0, 0, 0};
    uint64_t inc[4], out[4], want[4];

    incidences(inc, 4, sq7);
    incidences(want, 4, sq4);
    CU_ASSERT_EQUAL(rc_dd_renumber(out, inc, 1, 4, 7, keep), RC_OK);
    CU_ASSERT_EQUAL(memcmp(out, want, sizeof want), 0);
    CU_ASSERT_EQUAL(rc_dd_renumber(inc, inc, 1, 4, 7, keep), RC_OK);
    CU_ASSERT_EQUAL(memcmp(inc, want, sizeof want), 0);
}

/* Two words down to one, in place: 70 rows, keep rows 0, 3, 65, 69 (new
 * numbers 0, 1, 2, 3).  g0 on {0, 3, 65, 69} -> {0, 1, 2, 3} = 0xf;
 * g1 on {1, 64, 66} (all dropped) -> {}; g2 on {1, 65} -> {2} = 0x4.  In
 * place, g1's new word is written over g0's old second word, g2's over
 * g1's old first word: each generator's old words must be read before. */
static void
test_renumber_in_place(void)
{
    uint64_t inc[3 * 2] = {0}, out[3 * 2], copy[3 * 2];
    unsigned char keep[70] = {0};

    keep[0] = keep[3] = keep[65] = keep[69] = 1;
    rc_dd_set(inc + 0, 0);
    rc_dd_set(inc + 0, 3);
    rc_dd_set(inc + 0, 65);
    rc_dd_set(inc + 0, 69);
    rc_dd_set(inc + 2, 1);
    rc_dd_set(inc + 2, 64);
    rc_dd_set(inc + 2, 66);
    rc_dd_set(inc + 4, 1);
    rc_dd_set(inc + 4, 65);
    memcpy(copy, inc, sizeof inc);
    memset(out, 0xff, sizeof out);
    CU_ASSERT_EQUAL(rc_dd_renumber(out, inc, 2, 3, 70, keep), RC_OK);
    CU_ASSERT(out[0] == 0xf && out[1] == 0 && out[2] == 0x4);
    CU_ASSERT_EQUAL(memcmp(inc, copy, sizeof inc), 0);   /* input untouched */
    CU_ASSERT_EQUAL(rc_dd_renumber(inc, inc, 2, 3, 70, keep), RC_OK);
    CU_ASSERT(inc[0] == 0xf && inc[1] == 0 && inc[2] == 0x4);
    /* Nothing kept: one zero word per generator. */
    memcpy(inc, copy, sizeof inc);
    memset(keep, 0, sizeof keep);
    CU_ASSERT_EQUAL(rc_dd_renumber(inc, inc, 2, 3, 70, keep), RC_OK);
    CU_ASSERT(inc[0] == 0 && inc[1] == 0 && inc[2] == 0);
}

/* More than 64 words (the scratch copy is allocated, not on the stack):
 * 4480 rows (70 words), 2 generators, every 71st row kept (rows 71 j for
 * j = 0..63, up to 4473: 64 rows, new numbers 0..63, one word).  g0 is
 * tight on every row (new word all ones), g1 on the odd rows (71 j is odd
 * when j is odd: new bits 1, 3, ..., 63).  In place. */
static void
test_renumber_many_words(void)
{
    size_t words = 70, m = 64 * words, i;
    uint64_t *inc = calloc(2 * words, sizeof *inc);
    unsigned char *keep = calloc(m, 1);

    CU_ASSERT_FATAL(inc != NULL && keep != NULL);
    for (i = 0; i < m; i++) {
        rc_dd_set(inc, i);
        if (i % 2)
            rc_dd_set(inc + words, i);
        keep[i] = i % 71 == 0;
    }
    CU_ASSERT_EQUAL(rc_dd_renumber(inc, inc, words, 2, m, keep), RC_OK);
    CU_ASSERT_EQUAL(inc[0], ~UINT64_C(0));
    CU_ASSERT_EQUAL(inc[1], UINT64_C(0xaaaaaaaaaaaaaaaa));
    free(inc);
    free(keep);
}

/* ---- adjacency through the rows' tight sets, facets of a cut ------------ */

/* A small generator of test data (the tests' own, so that the sets are
 * the same on every libc). */
static uint64_t
next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* rc_dd_adjacent_sets answers as the definition, with the same z, for
 * every pair of generators of random incidence matrices: the two tests
 * are the same statement (no third generator is tight on every row of
 * z), read by generators or by rows.  Sizes cross word boundaries (k and
 * m up to 130), densities from sparse to dense, need from 0 to 3. */
static void
test_adjacent_sets_agree(void)
{
    uint64_t x = 88172645463325252u;
    size_t trial, disagree = 0, adjacent = 0, pairs = 0;

    for (trial = 0; trial < 60; trial++) {
        size_t k = 2 + next_random(&x) % 129, m = 1 + next_random(&x) % 130;
        size_t words = rc_dd_words(m), gw = rc_dd_words(k), need = trial % 4;
        unsigned density = 2 + (unsigned)(trial % 5);   /* 1 in density */
        uint64_t *inc = calloc(k * words, sizeof *inc);
        uint64_t *sets = calloc(m * gw, sizeof *sets);
        uint64_t *z1 = calloc(words, sizeof *z1);
        uint64_t *z2 = calloc(words + gw, sizeof *z2);
        size_t g, i, p, q;

        CU_ASSERT_FATAL(inc && sets && z1 && z2);
        for (g = 0; g < k; g++)
            for (i = 0; i < m; i++)
                if (next_random(&x) % density == 0)
                    rc_dd_set(inc + g * words, i);
        rc_dd_transpose(sets, inc, words, k, m);
        for (p = 0; p < k; p++)
            for (q = p + 1; q < k; q++) {
                int a = adjacent_by_generators(inc, words, k, p, q, need, z1);
                int b = rc_dd_adjacent_sets(sets, gw, inc, words, k, p, q,
                                            need, z2, z2 + words);
                disagree += a != b || memcmp(z1, z2, words * sizeof *z1) != 0;
                adjacent += (size_t)a;
                pairs++;
            }
        free(inc);
        free(sets);
        free(z1);
        free(z2);
    }
    CU_ASSERT_EQUAL(disagree, 0);
    /* both answers occur: the comparison means something */
    CU_ASSERT(adjacent > 100);
    CU_ASSERT(pairs - adjacent > 100);
}

/* The cube [0,1]^3 cut by x + y + z = 1/2: only vertex 000 is on the
 * negative side, the others on the positive side; the new vertices are
 * (1/2,0,0), (0,1/2,0), (0,0,1/2), on the edges from 000 (tight on the
 * two rows x_j >= 0 they share) and on the new row 6.  The negative side
 * is the corner tetrahedron: facets x_i >= 0 (rows 0, 2, 4) and the cut;
 * the positive side keeps all six faces of the cube and the cut.  Both
 * agree with rc_dd_facets applied to the sides' own incidences. */
static void
test_cut_facets_cube(void)
{
    uint64_t inc[8], side_inc[11], acc;
    unsigned char keep[7], keep2[7];
    size_t neg[1] = {0}, pos[7] = {1, 2, 3, 4, 5, 6, 7}, i, k, kept, kept2;

    cube_incidences(inc);
    kept = rc_dd_cut_facets(keep, &acc, inc, 1, neg, 1, 6);
    CU_ASSERT_EQUAL(kept, 4);
    for (i = 0; i < 6; i++)
        CU_ASSERT_EQUAL(keep[i], i % 2 == 0);
    CU_ASSERT_EQUAL(keep[6], 1);
    /* the negative side: 000, then the three new vertices */
    side_inc[0] = inc[0];
    for (i = 0; i < 3; i++)
        side_inc[1 + i] = (inc[0] & inc[(size_t)1 << i]) | UINT64_C(1) << 6;
    CU_ASSERT_EQUAL(kept_facets(keep2, side_inc, 1, 4, 7, 0), kept);
    CU_ASSERT_EQUAL(memcmp(keep, keep2, 7), 0);

    kept = rc_dd_cut_facets(keep, &acc, inc, 1, pos, 7, 6);
    CU_ASSERT_EQUAL(kept, 7);
    for (i = 0, k = 0; i < 7; i++)
        side_inc[k++] = inc[pos[i]];
    for (i = 0; i < 3; i++)
        side_inc[k++] = (inc[0] & inc[(size_t)1 << i]) | UINT64_C(1) << 6;
    kept2 = kept_facets(keep2, side_inc, 1, k, 7, 0);
    CU_ASSERT_EQUAL(kept2, kept);
    CU_ASSERT_EQUAL(memcmp(keep, keep2, 7), 0);
}

/* rc_dd_candidates (with the processor's population count where it has
 * one) and its portable loop give the pairs a bit-by-bit count gives, in
 * the same order, on random incidence rows of one to three words with
 * need 0 to 6. */
static void
test_candidates(void)
{
    size_t trial, bad = 0, total = 0;
    uint64_t state = 88172645463325252ULL;

    for (trial = 0; trial < 300; trial++) {
        size_t words = 1 + trial % 3, k = 2 + trial % 29, need = trial % 7;
        size_t np = 0, nn = 0, g, a, b, w, n = 0, n1, n2;
        uint64_t *inc = calloc(k * words + 1, sizeof *inc);
        size_t *ip = calloc(k + 1, sizeof *ip), *in = calloc(k + 1, sizeof *in);
        size_t *ref = calloc(k * k + 1, sizeof *ref);
        size_t *p1 = calloc(k * k + 1, sizeof *p1), *p2 = calloc(k * k + 1, sizeof *p2);

        CU_ASSERT_FATAL(inc && ip && in && ref && p1 && p2);
        for (g = 0; g < k * words; g++) {
            /* sparse rows: a few tight rows each, as at a vertex */
            uint64_t r = 0;
            int j;
            for (j = 0; j < 3; j++) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                r |= state;
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            inc[g] = r & state & (state >> 3);
        }
        for (g = 0; g < k; g++) {
            if (g % 3 == 0)
                ip[np++] = g;
            else if (g % 3 == 1)
                in[nn++] = g;
        }
        for (a = 0; a < np; a++)
            for (b = 0; b < nn; b++) {
                size_t c = 0;
                for (w = 0; w < words * 64; w++)
                    c += (inc[ip[a] * words + w / 64] >> (w % 64))
                         & (inc[in[b] * words + w / 64] >> (w % 64)) & 1u;
                if (c >= need)
                    ref[n++] = a * nn + b;
            }
        n1 = rc_dd_candidates(p1, inc, words, ip, np, in, nn, need);
        n2 = rc_dd_candidates_portable(p2, inc, words, ip, np, in, nn, need);
        if (n1 != n || n2 != n || memcmp(p1, ref, n * sizeof *ref) != 0
            || memcmp(p2, ref, n * sizeof *ref) != 0)
            bad++;
        total += n;
        free(inc);
        free(ip);
        free(in);
        free(ref);
        free(p1);
        free(p2);
    }
    printf("\n  %zu candidate pairs in 300 trials", total);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(total > 100);
}

int
main(void)
{
    static const test_case tests[] = {
        { "bit sets", test_bitsets },
        { "adjacency: the square", test_adjacent_square },
        { "adjacency: a third generator on the common rows", test_adjacent_third_generator },
        { "adjacency: the segment", test_adjacent_segment },
        { "adjacency: the cube", test_adjacent_cube },
        { "adjacency: a pyramid's degenerate apex", test_adjacent_pyramid },
        { "facets: the square with redundant rows", test_facets_square },
        { "facets: a triangle with a redundant row", test_facets_triangle },
        { "facets: the cube", test_facets_cube },
        { "facets: the pyramid", test_facets_pyramid },
        { "facets: all of R^n", test_facets_space },
        { "facets: rows past one word", test_facets_two_words },
        { "renumber: the square", test_renumber_square },
        { "renumber: in place, two words to one", test_renumber_in_place },
        { "renumber: more than 64 words", test_renumber_many_words },
        { "adjacency by tight sets agrees", test_adjacent_sets_agree },
        { "facets of a cut: the cube's corner", test_cut_facets_cube },
        { "candidate pairs across a cut", test_candidates },
    };

    return test_run_suite("dd", tests, sizeof tests / sizeof tests[0]);
}
