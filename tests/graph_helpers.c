/* graph_helpers.c -- helpers of the region-graph tests (test_graph.c,
 * test_graph_export.c): small networks, enumeration, and the invariants
 * every region graph must satisfy. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/graph.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/rational.h"
#include "relucells/region.h"
#include "graph_helpers.h"
#include "testutil.h"

/* A network on n inputs with hidden widths w[0..L) and m outputs.  p holds,
 * hidden layer after layer and neuron after neuron, the weights then the
 * bias; every output sums the last hidden layer. */
rc_net *
gh_make_net(size_t n, size_t L, const size_t *w, size_t m, const double *p)
{
    size_t sizes[GH_MAXL + 2], l, i, j;
    rc_net *net = NULL;

    sizes[0] = n;
    for (l = 0; l < L; l++)
        sizes[l + 1] = w[l];
    sizes[L + 1] = m;
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L + 1, sizes, NULL), RC_OK);
    for (l = 0; l <= L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, l < L ? *p++ : 1.0);
            rc_net_set_bias(net, l, i, l < L ? *p++ : 0.0);
        }
    return net;
}

rc_partition *
gh_run(const rc_net *net, const rc_domain *dom, int exact)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_enum_opts opts;
    rc_status st;

    rc_enum_opts_init(&opts);
    opts.arithmetic = exact ? RC_ARITH_EXACT : RC_ARITH_FLOAT;
    st = rc_enumerate(&part, net, dom, &opts, &err);
    CU_ASSERT_EQUAL(st, RC_OK);
    if (st != RC_OK)
        printf("\n  rc_enumerate (%s): %s\n", exact ? "exact" : "float", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(part);
    return part;
}

rc_graph *
gh_build(const rc_partition *part)
{
    rc_graph *g = NULL;
    rc_error err = {RC_OK, ""};

    CU_ASSERT_EQUAL(rc_graph_build(&g, part, &err), RC_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    return g;
}

/* Offset of hidden layer l in a pattern. */
static size_t
layer_off(const rc_partition *part, size_t l)
{
    size_t k, o = 0;

    for (k = 0; k < l; k++)
        o += rc_partition_hidden_size(part, k);
    return o;
}

int
gh_size_cmp(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;

    return a < b ? -1 : a > b;
}

static int
dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;

    return a < b ? -1 : a > b;
}

double
gh_vnorm(const double *a, size_t n)
{
    double s = 0.0;

    while (n-- > 0)
        s += a[n] * a[n];
    return sqrt(s);
}

void
gh_release(rc_graph *g, rc_partition *part, rc_net *net, rc_domain *dom)
{
    rc_graph_free(g);
    rc_partition_free(part);
    rc_net_free(net);
    rc_domain_free(dom);
}

/* Do facet f of r and facet f2 of r2 lie on one hyperplane with opposite
 * orientations?  Exact partitions: (a2, b2) = lambda (a, b) with lambda < 0,
 * in rationals.  Float: unit normals and offsets agree to 1e-9. */
int
gh_opposite(const rc_partition *part, const rc_region *r, size_t f,
         const rc_region *r2, size_t f2)
{
    size_t n = rc_partition_dim(part), j;

    if (rc_partition_is_exact(part)) {
        mpq_srcptr b, b2, a = rc_region_facet_q(r, f, &b), a2 = rc_region_facet_q(r2, f2, &b2);
        mpq_t lam, t;
        int ok = 1;
        for (j = 0; j < n && mpq_sgn(a + j) == 0; j++)
            ;
        if (j == n)
            return 0;
        mpq_init(lam);
        mpq_init(t);
        mpq_div(lam, a2 + j, a + j);
        ok = mpq_sgn(lam) < 0;
        for (j = 0; j <= n && ok; j++) {
            mpq_mul(t, lam, j < n ? a + j : b);
            ok = mpq_equal(t, j < n ? a2 + j : b2);
        }
        mpq_clear(lam);
        mpq_clear(t);
        return ok;
    } else {
        double b, b2;
        const double *a = rc_region_facet(r, f, &b, NULL);
        const double *a2 = rc_region_facet(r2, f2, &b2, NULL);
        double na = gh_vnorm(a, n), na2 = gh_vnorm(a2, n);
        for (j = 0; j < n; j++)
            if (fabs(a[j] / na + a2[j] / na2) > 1e-9)
                return 0;
        return fabs(b / na + b2 / na2) <= 1e-9 * (1.0 + fabs(b / na));
    }
}

/* ---- invariants of every graph ------------------------------------------ */

/* Recompute the statistics of the edges whose owner is in layer l (and is
 * neuron j when j >= 0) and compare with st. */
static void
check_stats(const rc_graph *g, const rc_jump_stats *st, unsigned l, long j)
{
    size_t E = rc_graph_num_edges(g), i, c = 0;
    double *v = malloc((E + 1) * sizeof *v), sum = 0.0, med, tol;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    for (i = 0; i < E; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        if (e->owner.layer == l && (j < 0 || e->owner.index == (unsigned)j)) {
            v[c++] = e->norm;
            sum += e->norm;
        }
    }
    CU_ASSERT_EQUAL(st->count, c);
    qsort(v, c, sizeof *v, dbl_cmp);
    med = c == 0 ? 0.0 : c % 2 ? v[c / 2] : (v[c / 2 - 1] + v[c / 2]) / 2;
    tol = 1e-12 * (1.0 + (c ? v[c - 1] : 0.0));
    CU_ASSERT(fabs(st->mean - (c ? sum / (double)c : 0.0)) <= tol);
    CU_ASSERT(fabs(st->median - med) <= tol);
    CU_ASSERT(fabs(st->max - (c ? v[c - 1] : 0.0)) <= tol);
    free(v);
}

/* Everything a graph must satisfy; generic: the network is in general
 * position, so an edge's patterns differ in its owner alone up to the
 * owner's layer. */
void
gh_check_graph(const rc_graph *g, int generic)
{
    const rc_partition *part = rc_graph_partition(g);
    size_t R = rc_partition_num_regions(part), E = rc_graph_num_edges(g);
    size_t n = rc_partition_dim(part), mn = rc_partition_num_outputs(part) * n;
    size_t L = rc_partition_num_hidden(part), P = rc_partition_pattern_length(part);
    size_t i, k, f, total = 0, sum = 0, *fo = malloc((R + 1) * sizeof *fo);
    size_t *pairs = malloc((2 * E + 1) * sizeof *pairs);
    unsigned char *hits;
    int exact = rc_partition_is_exact(part);
    const rc_jump_stats *ls = rc_graph_layer_stats(g), *ns = rc_graph_neuron_stats(g);
    mpq_t t, s;

    CU_ASSERT_FATAL(fo != NULL && pairs != NULL && P <= GH_MAXP);
    for (i = 0; i < R; i++) {
        fo[i] = total;
        total += rc_region_num_facets(rc_partition_region(part, i));
    }
    fo[R] = total;
    hits = calloc(total + 1, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hits);
    mpq_init(t);
    mpq_init(s);
    for (i = 0; i < E; i++) {
        const rc_edge *e = rc_graph_edge(g, i);
        const rc_region *ra, *rb;
        const unsigned char *pa, *pb;
        rc_owner oa, ob;
        double b, norm = 0.0;
        size_t c = 0, off;

        CU_ASSERT_FATAL(e->a < R && e->b < R && e->a != e->b);
        ra = rc_partition_region(part, e->a);
        rb = rc_partition_region(part, e->b);
        pa = rc_region_pattern(ra);
        pb = rc_region_pattern(rb);
        CU_ASSERT_FATAL(e->facet_a < rc_region_num_facets(ra)
                        && e->facet_b < rc_region_num_facets(rb));
        hits[fo[e->a] + e->facet_a]++;
        hits[fo[e->b] + e->facet_b]++;
        pairs[2 * i] = e->a < e->b ? e->a : e->b;
        pairs[2 * i + 1] = e->a < e->b ? e->b : e->a;
        rc_region_facet(ra, e->facet_a, &b, &oa);
        rc_region_facet(rb, e->facet_b, &b, &ob);
        /* both facets lie on the owner, made by one cut */
        CU_ASSERT(e->owner.kind == RC_OWNER_NEURON && oa.kind == RC_OWNER_NEURON
                  && ob.kind == RC_OWNER_NEURON);
        CU_ASSERT(oa.layer == e->owner.layer && oa.index == e->owner.index
                  && oa.cut == e->owner.cut && e->owner.cut != 0);
        CU_ASSERT(ob.layer == e->owner.layer && ob.index == e->owner.index
                  && ob.cut == e->owner.cut);
        CU_ASSERT(gh_opposite(part, ra, e->facet_a, rb, e->facet_b));
        CU_ASSERT_FATAL(e->owner.layer < L);
        off = layer_off(part, e->owner.layer) + e->owner.index;
        CU_ASSERT(pa[off] == 1 && pb[off] == 0);   /* a: owner active */
        /* neurons: exactly the differing bits, in pattern order */
        for (k = 0; k < L; k++) {
            size_t j, o = layer_off(part, k);
            for (j = 0; j < rc_partition_hidden_size(part, k); j++)
                if (pa[o + j] != pb[o + j]) {
                    CU_ASSERT(c < e->num_neurons && e->neurons[2 * c] == k
                              && e->neurons[2 * c + 1] == j);
                    c++;
                }
        }
        CU_ASSERT_EQUAL(c, e->num_neurons);
        if (generic) {   /* equal before the owner's layer, then the owner */
            size_t end = layer_off(part, e->owner.layer + 1);
            for (k = 0; k < end; k++)
                CU_ASSERT_EQUAL(pa[k] != pb[k], k == off);
        }
        for (k = 0; k < mn; k++) {
            double d = rc_region_output_A(ra)[k] - rc_region_output_A(rb)[k];
            CU_ASSERT_EQUAL(e->grad_diff[k], d);
            norm += d * d;
        }
        CU_ASSERT(fabs(e->norm - sqrt(norm)) <= 1e-12 * (1.0 + e->norm));
        if (exact) {
            mpq_srcptr dq = rc_graph_edge_grad_diff_q(g, i);
            mpq_srcptr Aa = rc_region_output_A_q(ra), Ab = rc_region_output_A_q(rb);
            CU_ASSERT_FATAL(dq != NULL && rc_graph_edge_norm2_q(g, i) != NULL);
            mpq_set_ui(s, 0, 1);
            for (k = 0; k < mn; k++) {
                mpq_sub(t, Aa + k, Ab + k);
                CU_ASSERT(mpq_equal(t, dq + k));
                mpq_mul(t, t, t);
                mpq_add(s, s, t);
            }
            CU_ASSERT(mpq_equal(s, rc_graph_edge_norm2_q(g, i)));
            CU_ASSERT(fabs(e->norm - sqrt(mpq_get_d(s))) <= 1e-9 * (1.0 + e->norm));
        } else {
            CU_ASSERT(rc_graph_edge_grad_diff_q(g, i) == NULL
                      && rc_graph_edge_norm2_q(g, i) == NULL);
        }
    }
    /* every neuron facet in exactly one edge, every domain facet in none */
    for (i = 0; i < R; i++)
        for (f = 0; f < rc_region_num_facets(rc_partition_region(part, i)); f++) {
            rc_owner ow;
            double b;
            rc_region_facet(rc_partition_region(part, i), f, &b, &ow);
            if (hits[fo[i] + f] != (ow.kind == RC_OWNER_NEURON)) {
                CU_FAIL("a facet is not in exactly one edge");
                printf("\n  region %zu facet %zu (%s): in %d edges\n", i, f,
                       ow.kind == RC_OWNER_NEURON ? "neuron" : "domain",
                       hits[fo[i] + f]);
            }
        }
    /* no pair twice: convex regions share at most one facet */
    qsort(pairs, E, 2 * sizeof *pairs, gh_size_cmp);   /* by the smaller end */
    for (i = 0; i + 1 < E; i++)
        for (k = i + 1; k < E && pairs[2 * k] == pairs[2 * i]; k++)
            CU_ASSERT(pairs[2 * k + 1] != pairs[2 * i + 1]);
    CU_ASSERT_EQUAL(rc_graph_unmatched(g), 0);
    CU_ASSERT_EQUAL(rc_graph_is_connected(g), 1);
    for (k = 0; k < L; k++) {
        size_t j;
        sum += ls[k].count;
        check_stats(g, &ls[k], (unsigned)k, -1);
        for (j = 0; j < rc_partition_hidden_size(part, k); j++)
            check_stats(g, &ns[layer_off(part, k) + j], (unsigned)k, (long)j);
    }
    CU_ASSERT_EQUAL(sum, E);
    mpq_clear(t);
    mpq_clear(s);
    free(hits);
    free(pairs);
    free(fo);
}
