/* test_json.c -- the JSON writer ("relucells-partition" version 1,
 * relucells-json(5)) read back by jansson, every member checked against a
 * partition worked out by hand.
 *
 * The network: inputs x1, x2 on the box [-1, 1]^2, one hidden layer
 *     n1 = relu(x1),  n2 = relu(x2),  n3 = relu(x1 + x2 - 1),
 * and one output y = n1 + n2 + n3.  Its regions (pattern n1 n2 n3):
 *     000  [-1,0] x [-1,0]          y = 0                 area 1
 *     100  [0,1] x [-1,0]           y = x1                area 1
 *     010  [-1,0] x [0,1]           y = x2                area 1
 *     110  triangle (0,0) (1,0) (0,1)   y = x1 + x2       area 1/2
 *     111  triangle (1,0) (1,1) (0,1)   y = 2x1 + 2x2 - 1 area 1/2
 * (n3's line x1 + x2 = 1 meets 100 and 010 only at a corner: no cut.)
 * Facets are a . x <= b with a pointing out of the region; the squares'
 * Chebyshev balls have radius 1/2 about their centres, the triangles' are
 * the incircles, radius 1 - sqrt(2)/2 (a right isosceles triangle with
 * legs 1: (1 + 1 - sqrt 2) / 2).  Two regions are adjacent when they share
 * a segment: 000-100 and 010-110 across x1 = 0 (neuron 1), 000-010 and
 * 100-110 across x2 = 0 (neuron 2), 110-111 across x1 + x2 = 1 (neuron 3):
 * five edges, each jump A_a - A_b the owner's row of weights.
 *
 * A second case slices the same network at x2 = 1/10 on x1 in [-1, 1]:
 * the breaks are x1 = 0 and x1 + 1/10 - 1 = 0, i.e. x1 = 9/10, so the
 * regions are [-1,0] (010), [0,9/10] (110), [9/10,1] (111), and in exact
 * output the facet x1 <= 9/10 is the integer row 10 x1 <= 9.  A third case
 * cuts the cube [-1,1]^3 at x3 = 0 and checks the cyclic order of each
 * square facet's vertices.
 *
 * The region order of the enumeration is not fixed by hand, so regions are
 * found by pattern; their ids must be their positions (1-based) and the
 * edges must name the same ids. */
#include <jansson.h>
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/graph.h"
#include "relucells/io.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

#define TOL 1e-12

/* ---- the hand-made expectation ------------------------------------------- */

typedef struct exp_facet {
    int neuron;          /* 1..3, or 0 for a side of the box */
    int input, upper;    /* the side: input 1..2, upper bound or lower */
    int a[2], b;         /* the primitive integer row a . x <= b */
    int v[2][2];         /* its two endpoints */
} exp_facet;

typedef struct exp_region {
    const char *pattern;
    int nv;
    int verts[4][2];     /* counter-clockwise */
    int nf;
    exp_facet facets[4];
    const char *volume;
    int A[2], c;
    double centre[2], radius;
} exp_region;

#define R2 0.29289321881345248   /* 1 - sqrt(2)/2 */

static const exp_region square_regions[5] = {
    {"000", 4, {{-1, -1}, {0, -1}, {0, 0}, {-1, 0}}, 4,
     {{1, 0, 0, {1, 0}, 0, {{0, -1}, {0, 0}}},
      {2, 0, 0, {0, 1}, 0, {{0, 0}, {-1, 0}}},
      {0, 1, 0, {-1, 0}, 1, {{-1, -1}, {-1, 0}}},
      {0, 2, 0, {0, -1}, 1, {{-1, -1}, {0, -1}}}},
     "1", {0, 0}, 0, {-0.5, -0.5}, 0.5},
    {"100", 4, {{0, -1}, {1, -1}, {1, 0}, {0, 0}}, 4,
     {{1, 0, 0, {-1, 0}, 0, {{0, -1}, {0, 0}}},
      {2, 0, 0, {0, 1}, 0, {{1, 0}, {0, 0}}},
      {0, 1, 1, {1, 0}, 1, {{1, -1}, {1, 0}}},
      {0, 2, 0, {0, -1}, 1, {{0, -1}, {1, -1}}}},
     "1", {1, 0}, 0, {0.5, -0.5}, 0.5},
    {"010", 4, {{-1, 0}, {0, 0}, {0, 1}, {-1, 1}}, 4,
     {{1, 0, 0, {1, 0}, 0, {{0, 0}, {0, 1}}},
      {2, 0, 0, {0, -1}, 0, {{-1, 0}, {0, 0}}},
      {0, 1, 0, {-1, 0}, 1, {{-1, 0}, {-1, 1}}},
      {0, 2, 1, {0, 1}, 1, {{0, 1}, {-1, 1}}}},
     "1", {0, 1}, 0, {-0.5, 0.5}, 0.5},
    {"110", 3, {{0, 0}, {1, 0}, {0, 1}}, 3,
     {{1, 0, 0, {-1, 0}, 0, {{0, 0}, {0, 1}}},
      {2, 0, 0, {0, -1}, 0, {{0, 0}, {1, 0}}},
      {3, 0, 0, {1, 1}, 1, {{1, 0}, {0, 1}}}},
     "1/2", {1, 1}, 0, {R2, R2}, R2},
    {"111", 3, {{1, 0}, {1, 1}, {0, 1}}, 3,
     {{3, 0, 0, {-1, -1}, -1, {{1, 0}, {0, 1}}},
      {0, 1, 1, {1, 0}, 1, {{1, 0}, {1, 1}}},
      {0, 2, 1, {0, 1}, 1, {{1, 1}, {0, 1}}}},
     "1/2", {2, 2}, -1, {1 - R2, 1 - R2}, R2},
};

/* The edges: a is the side where the owner is active; the facet as a has
 * it (a . x <= b on a), its endpoints, and the jump A_a - A_b. */
typedef struct exp_edge {
    const char *pa, *pb;
    int neuron;
    int fa[2], fb;
    int v[2][2];
    int jump[2];
    const char *norm2;
} exp_edge;

static const exp_edge square_edges[5] = {
    {"100", "000", 1, {-1, 0}, 0, {{0, -1}, {0, 0}}, {1, 0}, "1"},
    {"110", "010", 1, {-1, 0}, 0, {{0, 0}, {0, 1}}, {1, 0}, "1"},
    {"010", "000", 2, {0, -1}, 0, {{-1, 0}, {0, 0}}, {0, 1}, "1"},
    {"110", "100", 2, {0, -1}, 0, {{0, 0}, {1, 0}}, {0, 1}, "1"},
    {"111", "110", 3, {-1, -1}, -1, {{1, 0}, {0, 1}}, {1, 1}, "2"},
};

/* ---- reading numbers back ------------------------------------------------ */

/* Is j the number p/q?  Exact output: the string in lowest terms exactly
 * ("-1/2", "3"); else a JSON number within TOL of p/q. */
static int
is_q(const json_t *j, int exact, long p, long q)
{
    char want[64];

    if (exact) {
        if (q == 1)
            snprintf(want, sizeof want, "%ld", p);
        else
            snprintf(want, sizeof want, "%ld/%ld", p, q);
        if (json_is_string(j) && strcmp(json_string_value(j), want) == 0)
            return 1;
        printf("\n  found %s, expected \"%s\"\n",
               json_is_string(j) ? json_string_value(j) : "(not a string)", want);
        return 0;
    }
    if (json_is_number(j) && fabs(json_number_value(j) - (double)p / (double)q) <= TOL)
        return 1;
    printf("\n  found %.17g, expected %ld/%ld\n",
           json_is_number(j) ? json_number_value(j) : NAN, p, q);
    return 0;
}

/* A number in any arithmetic, read as a double (strings through GMP). */
static double
num(const json_t *j)
{
    mpq_t q;
    double x;

    if (json_is_number(j))
        return json_number_value(j);
    CU_ASSERT_FATAL(json_is_string(j));
    mpq_init(q);
    CU_ASSERT_EQUAL(mpq_set_str(q, json_string_value(j), 10), 0);
    x = mpq_get_d(q);
    mpq_clear(q);
    return x;
}

/* The exact rational of a "p/q" string, which must be in lowest terms with
 * a positive denominator (mpq_get_str writes that form back). */
static void
get_q(mpq_t q, const json_t *j)
{
    char *back;

    CU_ASSERT_FATAL(json_is_string(j));
    CU_ASSERT_EQUAL_FATAL(mpq_set_str(q, json_string_value(j), 10), 0);
    back = mpq_get_str(NULL, 10, q);
    mpq_canonicalize(q);
    CU_ASSERT_STRING_EQUAL(back, json_string_value(j));
    free(back);
}

/* The keys of an object in order, against a NULL-ended list. */
static int
keys_are(const json_t *o, const char *const *keys)
{
    void *it = json_object_iter((json_t *)o);
    size_t i = 0;

    for (; it != NULL && keys[i] != NULL; it = json_object_iter_next((json_t *)o, it), i++)
        if (strcmp(json_object_iter_key(it), keys[i]) != 0) {
            printf("\n  key %zu is '%s', expected '%s'\n", i, json_object_iter_key(it),
                   keys[i]);
            return 0;
        }
    if (it != NULL || keys[i] != NULL) {
        printf("\n  %s keys than expected\n", it ? "more" : "fewer");
        return 0;
    }
    return 1;
}

/* No number of the text is a negative zero: "-0" followed by anything but
 * a digit or a point, or "-0." followed by zeros only. */
static int
no_negative_zero(const char *text)
{
    const char *p;

    for (p = strstr(text, "-0"); p != NULL; p = strstr(p + 1, "-0")) {
        const char *q = p + 2;
        if (*q == '.') {
            for (q++; *q == '0'; q++)
                ;
            if (*q < '1' || *q > '9')
                return 0;
        } else if (*q < '0' || *q > '9') {
            return 0;
        }
    }
    return 1;
}

static int
point_is(const json_t *pt, int exact, const int *xy)
{
    return json_array_size(pt) == 2 && is_q(json_array_get(pt, 0), exact, xy[0], 1)
           && is_q(json_array_get(pt, 1), exact, xy[1], 1);
}

/* ---- running the writer -------------------------------------------------- */

/* n1 = x1, n2 = x2, n3 = x1 + x2 - 1; y = n1 + n2 + n3 */
static rc_net *
hand_net(void)
{
    static const double l1[] = {1, 0, 0, 0, 1, 0, 1, 1, -1};

    return test_rows_net(2, 3, l1, 0, NULL);
}

typedef struct stream {
    rc_writer *w;
    rc_status st;
} stream;

static int
to_writer(void *user, const rc_region *r)
{
    stream *s = user;

    s->st = rc_writer_region(s->w, r, NULL);
    return s->st != RC_OK;
}

/* The whole text of f (rewound), new (free). */
static char *
slurp(FILE *f)
{
    long size;
    char *text;

    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    text = malloc((size_t)size + 1);
    CU_ASSERT_FATAL(text != NULL);
    CU_ASSERT_EQUAL_FATAL(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    return text;
}

/* Enumerate net on dom in arith and write it through the streaming writer
 * (rc_writer_new, rc_writer_region for each region as the enumeration hands
 * it over, rc_writer_finish); or, with_graph, through rc_partition_write
 * with the region graph.  Returns the text (new). */
static char *
write_json(const rc_net *net, const rc_domain *dom, rc_arithmetic arith,
           const char *name, int with_graph)
{
    rc_enum_opts opts;
    rc_write_opts wo;
    rc_enum_summary sum;
    rc_error err = {RC_OK, ""};
    stream s = {NULL, RC_OK};
    FILE *f = tmpfile();
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    rc_enum_opts_init(&opts);
    opts.arithmetic = arith;
    rc_write_opts_init(&wo);
    wo.format = RC_FORMAT_JSON;
    wo.net_name = name;
    if (with_graph) {
        rc_partition *part = NULL;
        rc_graph *g = NULL;
        CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, &opts, &err), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_graph_build(&g, part, &err), RC_OK);
        CU_ASSERT_EQUAL(rc_partition_write(f, part, net, dom, g, &wo, &err), RC_OK);
        rc_graph_free(g);
        rc_partition_free(part);
    } else {
        rc_enum_summary_init(&sum);
        CU_ASSERT_EQUAL_FATAL(rc_writer_new(&s.w, f, net, dom, arith, &wo, &err), RC_OK);
        CU_ASSERT_EQUAL(rc_enumerate_each(net, dom, &opts, to_writer, &s, &sum, &err), RC_OK);
        CU_ASSERT_EQUAL(s.st, RC_OK);
        CU_ASSERT_EQUAL(rc_writer_finish(s.w, &sum, NULL, &err), RC_OK);
        rc_writer_free(s.w);
        rc_enum_summary_clear(&sum);
    }
    if (err.status != RC_OK)
        printf("\n  %s\n", err.msg);
    text = slurp(f);
    fclose(f);
    return text;
}

static json_t *
parse(const char *text)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);

    if (root == NULL)
        printf("\n  JSON: line %d: %s\n", jerr.line, jerr.text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    return root;
}

/* ---- the checks ---------------------------------------------------------- */

static const char *const top_keys[] = {"format", "version", "network", "domain",
    "arithmetic", "regions", "num_regions", "layer_counts", "complete", "stats", NULL};
static const char *const top_keys_adj[] = {"format", "version", "network", "domain",
    "arithmetic", "regions", "num_regions", "layer_counts", "complete", "stats",
    "adjacency", NULL};
static const char *const region_keys[] = {"id", "pattern", "bounded", "interior_point",
    "chebyshev_radius_float", "volume", "output_map", "facets", "vertices", "rays",
    "lines", NULL};
static const char *const region_keys_exact[] = {"id", "pattern", "bounded",
    "interior_point", "interior_margin", "chebyshev_radius_float", "volume",
    "output_map", "facets", "vertices", "rays", "lines", NULL};
static const char *const stats_keys[] = {"classifications", "cuts", "uncertain",
    "lp_decisions", "lp_calls", "exact_signs", "exact_decisions", "exact_pieces", NULL};

static const char *
arith_name(rc_arithmetic a)
{
    return a == RC_ARITH_EXACT ? "exact" : a == RC_ARITH_FLOAT ? "float" : "default";
}

/* The header: format, version, network, domain (inputs named x1.., box
 * bounds lo, hi as given, fixed values, free inputs), arithmetic; the
 * summary: counts, complete, stats.  lo, hi, fixed are p/q per input
 * (fixed q = 0: free). */
static void
check_header(const json_t *root, rc_arithmetic arith, const char *name, size_t nregions,
             const long (*bounds)[6], size_t nfree, const char *const *free_names)
{
    const json_t *net = json_object_get(root, "network"), *dom = json_object_get(root, "domain");
    const json_t *arch = json_object_get(net, "architecture"), *inputs, *stats;
    int exact = arith == RC_ARITH_EXACT;
    size_t i;

    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(root, "format")),
                           "relucells-partition");
    CU_ASSERT(json_is_integer(json_object_get(root, "version")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "version")), 1);
    CU_ASSERT(keys_are(net, (const char *const[]){"file", "architecture", NULL}));
    if (name != NULL) {
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(net, "file")), name);
    } else {
        CU_ASSERT(json_is_null(json_object_get(net, "file")));
    }
    CU_ASSERT_EQUAL(json_array_size(arch), 3);
    CU_ASSERT_EQUAL(json_integer_value(json_array_get(arch, 0)), 2);
    CU_ASSERT_EQUAL(json_integer_value(json_array_get(arch, 1)), 3);
    CU_ASSERT_EQUAL(json_integer_value(json_array_get(arch, 2)), 1);

    CU_ASSERT(keys_are(dom, (const char *const[]){"bounded", "inputs", "free_inputs", NULL}));
    CU_ASSERT(json_is_true(json_object_get(dom, "bounded")));
    inputs = json_object_get(dom, "inputs");
    CU_ASSERT_EQUAL_FATAL(json_array_size(inputs), 2);
    for (i = 0; i < 2; i++) {
        const json_t *in = json_array_get(inputs, i);
        char nm[8];
        snprintf(nm, sizeof nm, "x%zu", i + 1);
        CU_ASSERT(keys_are(in, (const char *const[]){"name", "lo", "hi", "fixed", NULL}));
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(in, "name")), nm);
        CU_ASSERT(is_q(json_object_get(in, "lo"), exact, bounds[i][0], bounds[i][1]));
        CU_ASSERT(is_q(json_object_get(in, "hi"), exact, bounds[i][2], bounds[i][3]));
        if (bounds[i][5] == 0) {
            CU_ASSERT(json_is_null(json_object_get(in, "fixed")));
        } else {
            CU_ASSERT(is_q(json_object_get(in, "fixed"), exact, bounds[i][4], bounds[i][5]));
        }
    }
    CU_ASSERT_EQUAL_FATAL(json_array_size(json_object_get(dom, "free_inputs")), nfree);
    for (i = 0; i < nfree; i++)
        CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(dom,
                               "free_inputs"), i)), free_names[i]);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(root, "arithmetic")),
                           arith_name(arith));

    CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "num_regions")),
                    (json_int_t)nregions);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(root, "regions")), nregions);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(root, "layer_counts")), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_array_get(json_object_get(root, "layer_counts"), 0)),
                    (json_int_t)nregions);
    CU_ASSERT(json_is_true(json_object_get(root, "complete")));
    CU_ASSERT_PTR_NULL(json_object_get(root, "stopped"));
    stats = json_object_get(root, "stats");
    CU_ASSERT(keys_are(stats, stats_keys));
    for (i = 0; stats_keys[i] != NULL; i++)
        CU_ASSERT(json_is_integer(json_object_get(stats, stats_keys[i])));
    /* one piece becomes nregions: nregions - 1 cuts, each after a test */
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(stats, "cuts")),
                    (json_int_t)nregions - 1);
    CU_ASSERT(json_integer_value(json_object_get(stats, "classifications"))
              >= (json_int_t)nregions - 1);
    /* exact_signs is 0 in float; the default arithmetic counts there the
     * GMP signs of its exact fallback (relucells-json(5) calls the counter
     * exact-only) */
    if (arith == RC_ARITH_FLOAT)
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(stats, "exact_signs")), 0);
    if (arith != RC_ARITH_FILTERED) {
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(stats, "exact_decisions")), 0);
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(stats, "exact_pieces")), 0);
    }
    if (arith != RC_ARITH_FLOAT) {
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(stats, "uncertain")), 0);
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(stats, "lp_decisions")), 0);
    }
}

/* The region object with this pattern, or NULL; its id must be its
 * 1-based position. */
static const json_t *
region_of(const json_t *root, const char *pattern)
{
    const json_t *regs = json_object_get(root, "regions");
    size_t i;

    for (i = 0; i < json_array_size(regs); i++) {
        const json_t *r = json_array_get(regs, i);
        if (strcmp(json_string_value(json_object_get(r, "pattern")), pattern) == 0) {
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "id")), (json_int_t)i + 1);
            return r;
        }
    }
    CU_FAIL("a region of the hand-made partition is missing");
    return NULL;
}

/* Position of point xy in the vertices array, or -1. */
static long
vertex_pos(const json_t *verts, int exact, const int *xy)
{
    size_t i;

    for (i = 0; i < json_array_size(verts); i++) {
        const json_t *p = json_array_get(verts, i);
        if (fabs(num(json_array_get(p, 0)) - xy[0]) <= TOL
            && fabs(num(json_array_get(p, 1)) - xy[1]) <= TOL)
            return (long)i;
    }
    return -1;
}

/* The interior point lies strictly inside every facet; in exact output
 * interior_margin t > 0 proves it: b - a . x >= t |a|_1 exactly. */
static void
check_interior(const json_t *r, const exp_region *e, int exact)
{
    const json_t *pt = json_object_get(r, "interior_point");
    int f;

    CU_ASSERT_EQUAL_FATAL(json_array_size(pt), 2);
    if (!exact) {
        /* the Chebyshev centre, which is unique for these regions */
        CU_ASSERT(fabs(num(json_array_get(pt, 0)) - e->centre[0]) < 1e-9);
        CU_ASSERT(fabs(num(json_array_get(pt, 1)) - e->centre[1]) < 1e-9);
        CU_ASSERT_PTR_NULL(json_object_get(r, "interior_margin"));
        for (f = 0; f < e->nf; f++) {
            const exp_facet *ef = &e->facets[f];
            CU_ASSERT(ef->a[0] * num(json_array_get(pt, 0))
                      + ef->a[1] * num(json_array_get(pt, 1)) < ef->b);
        }
    } else {
        mpq_t x, y, t, lhs, rhs;
        mpq_inits(x, y, t, lhs, rhs, NULL);
        get_q(x, json_array_get(pt, 0));
        get_q(y, json_array_get(pt, 1));
        get_q(t, json_object_get(r, "interior_margin"));
        CU_ASSERT(mpq_sgn(t) > 0);
        for (f = 0; f < e->nf; f++) {
            const exp_facet *ef = &e->facets[f];
            /* lhs = b - a . x, rhs = t |a|_1 */
            mpq_set_si(lhs, ef->b, 1);
            mpq_set_si(rhs, ef->a[0], 1);
            mpq_mul(rhs, rhs, x);
            mpq_sub(lhs, lhs, rhs);
            mpq_set_si(rhs, ef->a[1], 1);
            mpq_mul(rhs, rhs, y);
            mpq_sub(lhs, lhs, rhs);
            mpq_set_si(rhs, abs(ef->a[0]) + abs(ef->a[1]), 1);
            mpq_mul(rhs, rhs, t);
            CU_ASSERT(mpq_cmp(lhs, rhs) >= 0);
        }
        mpq_clears(x, y, t, lhs, rhs, NULL);
    }
}

/* One region of the square case against its expectation. */
static void
check_region(const json_t *r, const exp_region *e, int exact)
{
    const json_t *verts = json_object_get(r, "vertices"), *facets = json_object_get(r, "facets");
    const json_t *map = json_object_get(r, "output_map"), *A, *c;
    long start;
    int i, f;

    CU_ASSERT(keys_are(r, exact ? region_keys_exact : region_keys));
    CU_ASSERT(json_is_integer(json_object_get(r, "id")));
    CU_ASSERT(json_is_true(json_object_get(r, "bounded")));
    check_interior(r, e, exact);
    CU_ASSERT(json_is_real(json_object_get(r, "chebyshev_radius_float")));
    CU_ASSERT(fabs(num(json_object_get(r, "chebyshev_radius_float")) - e->radius) < 1e-9);
    CU_ASSERT(is_q(json_object_get(r, "volume"), exact, e->volume[0] - '0',
                   e->volume[1] ? 2 : 1));
    /* y = A x + c */
    CU_ASSERT(keys_are(map, (const char *const[]){"A", "c", NULL}));
    A = json_object_get(map, "A");
    c = json_object_get(map, "c");
    CU_ASSERT_EQUAL_FATAL(json_array_size(A), 1);
    CU_ASSERT(point_is(json_array_get(A, 0), exact, e->A));
    CU_ASSERT_EQUAL_FATAL(json_array_size(c), 1);
    CU_ASSERT(is_q(json_array_get(c, 0), exact, e->c, 1));
    CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "rays")), 0);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "lines")), 0);

    /* vertices: the hand-made cycle from wherever the writer starts */
    CU_ASSERT_EQUAL_FATAL(json_array_size(verts), (size_t)e->nv);
    start = vertex_pos(verts, exact, e->verts[0]);
    CU_ASSERT_FATAL(start >= 0);
    for (i = 0; i < e->nv; i++)
        CU_ASSERT(point_is(json_array_get(verts, ((size_t)start + (size_t)i) % (size_t)e->nv),
                           exact, e->verts[i]));

    /* facets, in any order; each with its owner, row and endpoints */
    CU_ASSERT_EQUAL_FATAL(json_array_size(facets), (size_t)e->nf);
    for (f = 0; f < e->nf; f++) {
        const exp_facet *ef = &e->facets[f];
        const json_t *jf = NULL, *own, *fv;
        size_t k;
        long p0, p1;
        for (k = 0; k < json_array_size(facets) && jf == NULL; k++) {
            const json_t *cand = json_array_get(facets, k), *o = json_object_get(cand, "owner");
            const char *kind = json_string_value(json_object_get(o, "kind"));
            if (ef->neuron && strcmp(kind, "neuron") == 0
                && json_integer_value(json_object_get(o, "neuron")) == ef->neuron)
                jf = cand;
            if (!ef->neuron && strcmp(kind, "domain") == 0
                && json_integer_value(json_object_get(o, "input")) == ef->input
                && strcmp(json_string_value(json_object_get(o, "bound")),
                          ef->upper ? "upper" : "lower") == 0)
                jf = cand;
        }
        CU_ASSERT_PTR_NOT_NULL(jf);
        if (jf == NULL) {
            printf("\n  region %s: no facet of neuron %d / input %d\n", e->pattern,
                   ef->neuron, ef->input);
            continue;
        }
        CU_ASSERT(keys_are(jf, (const char *const[]){"owner", "a", "b", "vertices", NULL}));
        own = json_object_get(jf, "owner");
        if (ef->neuron) {
            CU_ASSERT(keys_are(own, (const char *const[]){"kind", "layer", "neuron", NULL})
                      && json_integer_value(json_object_get(own, "layer")) == 1);
        } else {
            CU_ASSERT(keys_are(own, (const char *const[]){"kind", "input", "bound", NULL}));
        }
        /* a . x <= b: primitive integers when exact, a of norm 1 else */
        if (exact) {
            CU_ASSERT(is_q(json_array_get(json_object_get(jf, "a"), 0), 1, ef->a[0], 1));
            CU_ASSERT(is_q(json_array_get(json_object_get(jf, "a"), 1), 1, ef->a[1], 1));
            CU_ASSERT(is_q(json_object_get(jf, "b"), 1, ef->b, 1));
        } else {
            double norm = sqrt((double)(ef->a[0] * ef->a[0] + ef->a[1] * ef->a[1]));
            CU_ASSERT(fabs(num(json_array_get(json_object_get(jf, "a"), 0)) - ef->a[0] / norm) < TOL);
            CU_ASSERT(fabs(num(json_array_get(json_object_get(jf, "a"), 1)) - ef->a[1] / norm) < TOL);
            CU_ASSERT(fabs(num(json_object_get(jf, "b")) - ef->b / norm) < TOL);
        }
        /* its vertices: positions in "vertices", increasing (2D) */
        fv = json_object_get(jf, "vertices");
        p0 = vertex_pos(verts, exact, ef->v[0]);
        p1 = vertex_pos(verts, exact, ef->v[1]);
        CU_ASSERT_EQUAL_FATAL(json_array_size(fv), 2);
        CU_ASSERT(json_is_integer(json_array_get(fv, 0)));
        CU_ASSERT_EQUAL(json_integer_value(json_array_get(fv, 0)), p0 < p1 ? p0 : p1);
        CU_ASSERT_EQUAL(json_integer_value(json_array_get(fv, 1)), p0 < p1 ? p1 : p0);
    }
}

/* The five edges of the square case. */
static void
check_adjacency(const json_t *root, int exact)
{
    static const char *const edge_keys[] = {"a", "b", "pattern_a", "pattern_b", "owner",
        "flips", "grad_diff", "facet", "grad_diff_norm", NULL};
    static const char *const edge_keys_exact[] = {"a", "b", "pattern_a", "pattern_b",
        "owner", "flips", "grad_diff", "facet", "grad_diff_norm", "grad_diff_norm2", NULL};
    const json_t *adj = json_object_get(root, "adjacency");
    size_t i, k;

    CU_ASSERT_EQUAL_FATAL(json_array_size(adj), 5);
    for (i = 0; i < 5; i++) {
        const exp_edge *ee = &square_edges[i];
        const json_t *je = NULL, *own, *flips, *fc, *fv;
        json_int_t ia = json_integer_value(json_object_get(region_of(root, ee->pa), "id"));
        json_int_t ib = json_integer_value(json_object_get(region_of(root, ee->pb), "id"));
        for (k = 0; k < 5 && je == NULL; k++) {
            const json_t *cand = json_array_get(adj, k);
            if (strcmp(json_string_value(json_object_get(cand, "pattern_a")), ee->pa) == 0
                && strcmp(json_string_value(json_object_get(cand, "pattern_b")), ee->pb) == 0)
                je = cand;
        }
        CU_ASSERT_PTR_NOT_NULL(je);
        if (je == NULL) {
            printf("\n  no edge %s - %s\n", ee->pa, ee->pb);
            continue;
        }
        CU_ASSERT(keys_are(je, exact ? edge_keys_exact : edge_keys));
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(je, "a")), ia);
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(je, "b")), ib);
        own = json_object_get(je, "owner");
        CU_ASSERT(keys_are(own, (const char *const[]){"kind", "layer", "neuron", NULL}));
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(own, "kind")), "neuron");
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(own, "layer")), 1);
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(own, "neuron")), ee->neuron);
        flips = json_object_get(je, "flips");
        CU_ASSERT_EQUAL_FATAL(json_array_size(flips), 1);
        CU_ASSERT(keys_are(json_array_get(flips, 0),
                           (const char *const[]){"layer", "neuron", NULL}));
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(flips, 0), "neuron")),
                        ee->neuron);
        CU_ASSERT_EQUAL_FATAL(json_array_size(json_object_get(je, "grad_diff")), 1);
        CU_ASSERT(point_is(json_array_get(json_object_get(je, "grad_diff"), 0), exact, ee->jump));
        CU_ASSERT(fabs(num(json_object_get(je, "grad_diff_norm")) - sqrt(ee->norm2[0] - '0'))
                  < TOL);
        CU_ASSERT(json_is_real(json_object_get(je, "grad_diff_norm")));
        if (exact)
            CU_ASSERT(is_q(json_object_get(je, "grad_diff_norm2"), 1, ee->norm2[0] - '0', 1));
        /* the facet as region a has it */
        fc = json_object_get(je, "facet");
        CU_ASSERT(keys_are(fc, (const char *const[]){"a", "b", "vertices", "rays", NULL}));
        if (exact) {
            CU_ASSERT(point_is(json_object_get(fc, "a"), 1, ee->fa));
            CU_ASSERT(is_q(json_object_get(fc, "b"), 1, ee->fb, 1));
        } else {
            double norm = sqrt((double)(ee->fa[0] * ee->fa[0] + ee->fa[1] * ee->fa[1]));
            CU_ASSERT(fabs(num(json_array_get(json_object_get(fc, "a"), 0)) - ee->fa[0] / norm) < TOL);
            CU_ASSERT(fabs(num(json_array_get(json_object_get(fc, "a"), 1)) - ee->fa[1] / norm) < TOL);
            CU_ASSERT(fabs(num(json_object_get(fc, "b")) - ee->fb / norm) < TOL);
        }
        fv = json_object_get(fc, "vertices");
        CU_ASSERT_EQUAL_FATAL(json_array_size(fv), 2);
        CU_ASSERT(vertex_pos(fv, exact, ee->v[0]) >= 0);
        CU_ASSERT(vertex_pos(fv, exact, ee->v[1]) >= 0);
        CU_ASSERT(point_is(json_array_get(fv, (size_t)vertex_pos(fv, exact, ee->v[0]) % 2),
                           exact, ee->v[0]));
        CU_ASSERT_EQUAL(json_array_size(json_object_get(fc, "rays")), 0);
    }
}

/* The square case in one arithmetic, streamed and as a whole partition
 * with its graph: the two documents hold the same regions. */
static void
square_case(rc_arithmetic arith)
{
    static const long box[2][6] = {{-1, 1, 1, 1, 0, 0}, {-1, 1, 1, 1, 0, 0}};
    static const char *const names[2] = {"x1", "x2"};
    rc_net *net = hand_net();
    rc_domain *dom = NULL;
    char *text, *text_g;
    json_t *root, *root_g;
    int exact = arith == RC_ARITH_EXACT;
    size_t i;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, NULL), RC_OK);
    text = write_json(net, dom, arith, "hand.nnet", 0);
    CU_ASSERT(no_negative_zero(text));
    root = parse(text);
    CU_ASSERT(keys_are(root, top_keys));
    check_header(root, arith, "hand.nnet", 5, box, 2, names);
    for (i = 0; i < 5; i++) {
        const json_t *r = region_of(root, square_regions[i].pattern);
        if (r != NULL)
            check_region(r, &square_regions[i], exact);
    }

    text_g = write_json(net, dom, arith, NULL, 1);
    CU_ASSERT(no_negative_zero(text_g));
    root_g = parse(text_g);
    CU_ASSERT(keys_are(root_g, top_keys_adj));
    check_header(root_g, arith, NULL, 5, box, 2, names);
    CU_ASSERT(json_equal(json_object_get(root, "regions"), json_object_get(root_g, "regions")));
    check_adjacency(root_g, exact);

    json_decref(root);
    json_decref(root_g);
    free(text);
    free(text_g);
    rc_domain_free(dom);
    rc_net_free(net);
}

static void test_square_float(void) { square_case(RC_ARITH_FLOAT); }
static void test_square_exact(void) { square_case(RC_ARITH_EXACT); }
static void test_square_default(void) { square_case(RC_ARITH_FILTERED); }

/* The slice x2 = 1/10 of x1 in [-1, 1], the box of x2 [-1/10, 7/10]
 * (given as text, so exact): regions [-1, 0], [0, 9/10], [9/10, 1] with
 * the facets -x1 <= 1 (domain), x1 <= 0 (neuron 1) / -x1 <= 0, 10 x1 <= 9
 * (neuron 3) / -10 x1 <= -9, x1 <= 1 (domain), and in the float
 * arithmetics the nearest doubles of -1/10, 7/10, 1/10, 9/10. */
static void
slice_case(rc_arithmetic arith)
{
    static const long box[2][6] = {{-1, 1, 1, 1, 0, 0}, {-1, 10, 7, 10, 1, 10}};
    static const char *const names[1] = {"x1"};
    static const struct {
        const char *pattern;
        long lo[2], hi[2];        /* the ends p/q */
        long len[2];              /* the length p/q */
        int owner_lo, owner_hi;   /* neuron of each end, 0: the box */
        long a_lo, b_lo, a_hi, b_hi;   /* a x <= b, exact integers */
    } regs[3] = {
        {"010", {-1, 1}, {0, 1}, {1, 1}, 0, 1, -1, 1, 1, 0},
        {"110", {0, 1}, {9, 10}, {9, 10}, 1, 3, -1, 0, 10, 9},
        {"111", {9, 10}, {1, 1}, {1, 10}, 3, 0, -10, -9, 1, 1},
    };
    rc_net *net = hand_net();
    rc_domain *dom = NULL;
    rc_domain_spec spec;
    rc_error err = {RC_OK, ""};
    int exact = arith == RC_ARITH_EXACT;
    char *text;
    json_t *root;
    size_t i, f;

    rc_domain_spec_init(&spec);
    spec.box = "-1,1,-1/10,7/10";
    spec.fix = "2=1/10";
    CU_ASSERT_EQUAL_FATAL(rc_domain_from_spec(&dom, net, &spec, &err), RC_OK);
    text = write_json(net, dom, arith, "hand.nnet", 0);
    CU_ASSERT(no_negative_zero(text));
    root = parse(text);
    check_header(root, arith, "hand.nnet", 3, box, 1, names);
    for (i = 0; i < 3; i++) {
        const json_t *r = region_of(root, regs[i].pattern), *v, *fs;
        if (r == NULL)
            continue;
        v = json_object_get(r, "vertices");
        CU_ASSERT_EQUAL_FATAL(json_array_size(v), 2);
        /* 1D: the two ends in either order */
        {
            const json_t *v0 = json_array_get(json_array_get(v, 0), 0);
            const json_t *v1 = json_array_get(json_array_get(v, 1), 0);
            int lo_first = num(v0) < num(v1);
            CU_ASSERT(is_q(lo_first ? v0 : v1, exact, regs[i].lo[0], regs[i].lo[1]));
            CU_ASSERT(is_q(lo_first ? v1 : v0, exact, regs[i].hi[0], regs[i].hi[1]));
        }
        CU_ASSERT(is_q(json_object_get(r, "volume"), exact, regs[i].len[0], regs[i].len[1]));
        /* y = x1 + x2 + relu(...): A = [[1]], [[1]], [[2]]; c = 0, 1/10, -8/10 */
        CU_ASSERT(is_q(json_array_get(json_array_get(json_object_get(json_object_get(r,
                  "output_map"), "A"), 0), 0), exact, i == 0 ? 0 : i == 1 ? 1 : 2, 1));
        CU_ASSERT(is_q(json_array_get(json_object_get(json_object_get(r, "output_map"), "c"), 0),
                       exact, i == 0 ? 1 : i == 1 ? 1 : -4, i == 2 ? 5 : 10));
        fs = json_object_get(r, "facets");
        CU_ASSERT_EQUAL_FATAL(json_array_size(fs), 2);
        for (f = 0; f < 2; f++) {
            const json_t *jf = json_array_get(fs, f), *own = json_object_get(jf, "owner");
            double a = num(json_array_get(json_object_get(jf, "a"), 0));
            int upper = a > 0;   /* the facet bounding x1 from above */
            int neuron = upper ? regs[i].owner_hi : regs[i].owner_lo;
            long ea = upper ? regs[i].a_hi : regs[i].a_lo, eb = upper ? regs[i].b_hi : regs[i].b_lo;
            if (neuron) {
                CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(own, "kind")), "neuron");
                CU_ASSERT_EQUAL(json_integer_value(json_object_get(own, "neuron")), neuron);
            } else {
                CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(own, "kind")), "domain");
                CU_ASSERT_EQUAL(json_integer_value(json_object_get(own, "input")), 1);
                CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(own, "bound")),
                                       upper ? "upper" : "lower");
            }
            if (exact) {
                CU_ASSERT(is_q(json_array_get(json_object_get(jf, "a"), 0), 1, ea, 1));
                CU_ASSERT(is_q(json_object_get(jf, "b"), 1, eb, 1));
            } else {
                /* a = +-1 and b = eb / |ea| */
                CU_ASSERT(is_q(json_array_get(json_object_get(jf, "a"), 0), 0, ea > 0 ? 1 : -1, 1));
                CU_ASSERT(is_q(json_object_get(jf, "b"), 0, eb, labs(ea)));
            }
            CU_ASSERT_EQUAL(json_array_size(json_object_get(jf, "vertices")), 1);
        }
    }
    /* the domain's numbers in float output are the nearest doubles */
    if (!exact) {
        const json_t *in = json_array_get(json_object_get(json_object_get(root, "domain"),
                                                          "inputs"), 1);
        CU_ASSERT_EQUAL(json_number_value(json_object_get(in, "lo")), -0.1);
        CU_ASSERT_EQUAL(json_number_value(json_object_get(in, "hi")), 0.7);
        CU_ASSERT_EQUAL(json_number_value(json_object_get(in, "fixed")), 0.1);
    }
    json_decref(root);
    free(text);
    rc_domain_free(dom);
    rc_net_free(net);
}

static void test_slice_float(void) { slice_case(RC_ARITH_FLOAT); }
static void test_slice_exact(void) { slice_case(RC_ARITH_EXACT); }
static void test_slice_default(void) { slice_case(RC_ARITH_FILTERED); }

/* 3D: the cube [-1,1]^3 cut by the neuron n1 = x3 into two boxes of
 * volume 2 * 2 * 1 = 4, patterns 0 (x3 < 0) and 1.  Each has 8 vertices and
 * 6 facets, and each facet is a square whose 4 vertices the writer lists
 * in cyclic order, counter-clockwise seen from outside: consecutive
 * corners differ in one coordinate (they share an edge of the square), and
 * (v1 - v0) x (v2 - v1) points along a, out of the region. */
static void
cube_case(rc_arithmetic arith)
{
    static const double l1[] = {0, 0, 1, 0};
    rc_net *net = test_rows_net(3, 1, l1, 0, NULL);
    rc_domain *dom = NULL;
    int exact = arith == RC_ARITH_EXACT;
    char *text;
    json_t *root;
    size_t i, f, k, c;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, NULL), RC_OK);
    text = write_json(net, dom, arith, NULL, 0);
    CU_ASSERT(no_negative_zero(text));
    root = parse(text);
    CU_ASSERT_EQUAL_FATAL(json_array_size(json_object_get(root, "regions")), 2);
    for (i = 0; i < 2; i++) {
        const json_t *r = region_of(root, i ? "1" : "0");
        const json_t *verts = json_object_get(r, "vertices"), *fs = json_object_get(r, "facets");
        int neuron_facets = 0;
        CU_ASSERT(is_q(json_object_get(r, "volume"), exact, 4, 1));
        CU_ASSERT_EQUAL_FATAL(json_array_size(verts), 8);
        CU_ASSERT_EQUAL_FATAL(json_array_size(fs), 6);
        for (f = 0; f < 6; f++) {
            const json_t *jf = json_array_get(fs, f), *fv = json_object_get(jf, "vertices");
            const json_t *own = json_object_get(jf, "owner");
            double a[3], b = num(json_object_get(jf, "b")), p[4][3];
            for (c = 0; c < 3; c++)
                a[c] = num(json_array_get(json_object_get(jf, "a"), c));
            if (strcmp(json_string_value(json_object_get(own, "kind")), "neuron") == 0) {
                /* the cut x3 = 0: -x3 <= 0 on pattern 1, x3 <= 0 on 0 */
                neuron_facets++;
                CU_ASSERT(fabs(a[2] - (i ? -1.0 : 1.0)) < TOL && fabs(b) < TOL);
            }
            CU_ASSERT_EQUAL_FATAL(json_array_size(fv), 4);
            for (k = 0; k < 4; k++) {
                json_int_t pos = json_integer_value(json_array_get(fv, k));
                CU_ASSERT_FATAL(pos >= 0 && pos < 8);
                for (c = 0; c < 3; c++)
                    p[k][c] = num(json_array_get(json_array_get(verts, (size_t)pos), c));
                /* on the facet */
                CU_ASSERT(fabs(a[0] * p[k][0] + a[1] * p[k][1] + a[2] * p[k][2] - b) < TOL);
            }
            for (k = 0; k < 4; k++) {
                const double *u = p[k], *v = p[(k + 1) % 4], *w = p[(k + 2) % 4];
                double e1[3], e2[3], cr[3];
                size_t diff = 0;
                for (c = 0; c < 3; c++) {
                    diff += fabs(u[c] - v[c]) > TOL;
                    e1[c] = v[c] - u[c];
                    e2[c] = w[c] - v[c];
                }
                CU_ASSERT_EQUAL(diff, 1);
                cr[0] = e1[1] * e2[2] - e1[2] * e2[1];
                cr[1] = e1[2] * e2[0] - e1[0] * e2[2];
                cr[2] = e1[0] * e2[1] - e1[1] * e2[0];
                CU_ASSERT(cr[0] * a[0] + cr[1] * a[1] + cr[2] * a[2] > 0);
            }
        }
        CU_ASSERT_EQUAL(neuron_facets, 1);
    }
    json_decref(root);
    free(text);
    rc_domain_free(dom);
    rc_net_free(net);
}

static void test_cube_float(void) { cube_case(RC_ARITH_FLOAT); }
static void test_cube_exact(void) { cube_case(RC_ARITH_EXACT); }

/* The scanner for -0 finds what it should (it is part of the test). */
static void
test_negative_zero_scanner(void)
{
    CU_ASSERT(no_negative_zero("[-0.5, -1e-300, -10, 0.0, \"-3/10\"]"));
    CU_ASSERT(!no_negative_zero("[1, -0.0]"));
    CU_ASSERT(!no_negative_zero("[-0]"));
    CU_ASSERT(!no_negative_zero("[\"-0\"]"));
    CU_ASSERT(!no_negative_zero("{\"b\": -0.000}"));
}

int
main(void)
{
    static const test_case tests[] = {
        {"negative zero scanner", test_negative_zero_scanner},
        {"square, float", test_square_float},
        {"square, exact", test_square_exact},
        {"square, default", test_square_default},
        {"slice, float", test_slice_float},
        {"slice, exact", test_slice_exact},
        {"slice, default", test_slice_default},
        {"3D facets in cyclic order, float", test_cube_float},
        {"3D facets in cyclic order, exact", test_cube_exact},
    };

    return test_run_suite("json", tests, sizeof tests / sizeof *tests);
}
