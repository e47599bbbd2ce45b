/* refine_helpers.c -- helpers of the enumeration tests (test_refine.c,
 * test_refine_random.c): boxes, enumeration, a forward pass written
 * independently of rc_net_eval, and the properties every partition of a
 * box must have. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "refine_helpers.h"
#include "testutil.h"

/* Copy layer ls of src into layer ld of dst (same shape). */
void
rh_copy_layer(rc_net *dst, size_t ld, const rc_net *src, size_t ls)
{
    size_t in = ls ? rc_net_layer_size(src, ls - 1) : rc_net_num_inputs(src);
    size_t i, j;

    for (i = 0; i < rc_net_layer_size(src, ls); i++) {
        for (j = 0; j < in; j++)
            rc_net_set_weight(dst, ld, i, j, rc_net_weights(src, ls)[i * in + j]);
        rc_net_set_bias(dst, ld, i, rc_net_biases(src, ls)[i]);
    }
}

/* The box lo..hi, or R^n when lo is NULL. */
rc_domain *
rh_make_dom(size_t n, const double *lo, const double *hi)
{
    rc_domain *dom = NULL;
    rc_status st = lo ? rc_domain_new_box(&dom, n, lo, hi, NULL)
                      : rc_domain_new_unbounded(&dom, n, NULL, NULL);

    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    return dom;
}

rc_partition *
rh_enumerate(const rc_net *net, const rc_domain *dom)
{
    rc_partition *part = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st = rc_enumerate(&part, net, dom, NULL, &err);

    CU_ASSERT_EQUAL(st, RC_OK);
    if (st != RC_OK)
        printf("\nrc_enumerate: %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(part);
    return part;
}

/* Pre-activations of every hidden neuron at raw input x, written here
 * independently of rc_net_eval. */
void
rh_forward(double *pre, const rc_net *net, const double *x)
{
    double cur[RH_MAXN], next[RH_MAXN];
    size_t L = rc_net_num_layers(net), l, i, j, n = rc_net_num_inputs(net);
    size_t o = 0;

    for (i = 0; i < n; i++)
        cur[i] = (x[i] - rc_net_input_mean(net)[i]) / rc_net_input_range(net)[i];
    for (l = 0; l + 1 < L; l++) {
        size_t in = l ? rc_net_layer_size(net, l - 1) : n;
        size_t out = rc_net_layer_size(net, l);
        const double *W = rc_net_weights(net, l), *b = rc_net_biases(net, l);
        for (i = 0; i < out; i++) {
            double s = b[i];
            for (j = 0; j < in; j++)
                s += W[i * in + j] * cur[j];
            pre[o++] = s;
            next[i] = s > 0 ? s : 0;
        }
        memcpy(cur, next, out * sizeof(double));
    }
}

/* Full input vector from the free coordinates p of a slice. */
static void
full_input(double *x, const rc_domain *dom, const double *p)
{
    size_t i, k = 0;

    for (i = 0; i < rc_domain_num_inputs(dom); i++)
        x[i] = rc_domain_is_fixed(dom, i) ? rc_domain_fixed_value(dom, i) : p[k++];
}

/* a . p - b for facet f of r; its owner goes to *ow unless ow is NULL. */
static double
facet_gap(const rc_region *r, size_t f, const double *p, size_t n,
          rc_owner *ow)
{
    double b, s = 0.0;
    const double *a = rc_region_facet(r, f, &b, ow);
    size_t j;

    for (j = 0; j < n; j++)
        s += a[j] * p[j];
    return s - b;
}

static int
in_region(const rc_region *r, const double *p, size_t n, double tol)
{
    size_t f;

    for (f = 0; f < rc_region_num_facets(r); f++)
        if (facet_gap(r, f, p, n, NULL) > tol)
            return 0;
    return 1;
}

/* Properties (a)-(e) and the owners of facets (refine_helpers.h). */
void
rh_check_properties(const rc_partition *part, const rc_net *net,
                    const rc_domain *dom, size_t samples, unsigned long *rng)
{
    size_t n = rc_partition_dim(part), N = rc_net_num_neurons(net);
    size_t m = rc_net_num_outputs(net), nreg = rc_partition_num_regions(part);
    size_t i, j, f, s, o, offs[16] = {0};
    double lo[8], hi[8], p[8], x[8], y[8], pre[RH_MAXN], ipre[RH_MAXN];
    double tol, diam = 0.0, vol = 0.0, box = 1.0;
    unsigned char pat[RH_MAXN];

    CU_ASSERT_FATAL(N <= RH_MAXN && rc_net_num_inputs(net) <= 8 && m <= 8);
    CU_ASSERT_EQUAL(rc_partition_pattern_length(part), N);
    for (j = 0; j + 1 < rc_net_num_layers(net) && j < 15; j++)
        offs[j + 1] = offs[j] + rc_net_layer_size(net, j);
    for (j = 0; j < n; j++) {
        size_t in = rc_partition_free_input(part, j);
        lo[j] = rc_domain_lo(dom, in);
        hi[j] = rc_domain_hi(dom, in);
        box *= hi[j] - lo[j];
        diam = fmax(diam, fmax(hi[j] - lo[j], fmax(fabs(lo[j]), fabs(hi[j]))));
    }
    tol = 1e-9 * diam;
    /* (a) the pattern of a random point is a region that contains it */
    for (s = 0; s < samples; s++) {
        size_t k;
        for (j = 0; j < n; j++)
            p[j] = lo[j] + (hi[j] - lo[j]) * test_urand(rng);
        full_input(x, dom, p);
        CU_ASSERT_EQUAL(rc_net_eval(net, y, pat, x), RC_OK);
        k = rc_partition_find(part, pat);
        CU_ASSERT(k != (size_t)-1);
        if (k != (size_t)-1)
            CU_ASSERT(in_region(rc_partition_region(part, k), p, n, tol));
    }
    for (i = 0; i < nreg; i++) {
        const rc_region *r = rc_partition_region(part, i);
        const double *ip = rc_region_interior_point(r);
        const double *A = rc_region_output_A(r), *c = rc_region_output_c(r);

        CU_ASSERT_EQUAL(rc_partition_find(part, rc_region_pattern(r)), i);
        CU_ASSERT(rc_region_is_bounded(r));
        CU_ASSERT(rc_region_chebyshev_radius(r) > 0.0);
        /* (b) the output map at the interior point, which is strictly
         * inside every facet; (c) whose pattern is the region's */
        full_input(x, dom, ip);
        CU_ASSERT_EQUAL(rc_net_eval(net, y, pat, x), RC_OK);
        rh_forward(ipre, net, x);
        for (o = 0; o < m; o++) {
            double v = c[o], mag = fabs(c[o]) + fabs(y[o]);
            for (j = 0; j < n; j++) {
                v += A[o * n + j] * ip[j];
                mag += fabs(A[o * n + j] * ip[j]);
            }
            CU_ASSERT(fabs(v - y[o]) <= 1e-9 * mag);
        }
        for (f = 0; f < rc_region_num_facets(r); f++)
            CU_ASSERT(facet_gap(r, f, ip, n, NULL) < 0.0);
        CU_ASSERT(memcmp(pat, rc_region_pattern(r), N) == 0);
        /* (d) volumes */
        CU_ASSERT(rc_region_volume(r) > 0.0);
        vol += rc_region_volume(r);
        /* (e) vertices satisfy every facet and lie on at least n */
        CU_ASSERT(rc_region_num_vertices(r) >= n + 1);
        for (s = 0; s < rc_region_num_vertices(r); s++) {
            size_t tight = 0;
            for (f = 0; f < rc_region_num_facets(r); f++) {
                double g = facet_gap(r, f, rc_region_vertex(r, s), n, NULL);
                CU_ASSERT(g <= tol);
                tight += fabs(g) <= tol;
            }
            CU_ASSERT(tight >= n);
        }
        /* Owners: a domain facet is x_i = lo_i or hi_i; a neuron facet lies
         * in the zero set of that neuron's pre-activation, a continuous
         * function, so it vanishes at the facet's vertices (relative to
         * its value at the interior point). */
        for (f = 0; f < rc_region_num_facets(r); f++) {
            rc_owner ow;
            double b;
            const double *a = rc_region_facet(r, f, &b, &ow);
            if (ow.kind == RC_OWNER_DOMAIN) {
                size_t k = 0;
                while (k < n && rc_partition_free_input(part, k) != ow.index)
                    k++;
                CU_ASSERT_FATAL(k < n);
                CU_ASSERT_DOUBLE_EQUAL(a[k], ow.upper ? 1.0 : -1.0, 1e-12);
                CU_ASSERT_DOUBLE_EQUAL(b, ow.upper ? hi[k] : -lo[k], tol);
                continue;
            }
            CU_ASSERT_FATAL(ow.kind == RC_OWNER_NEURON
                            && ow.layer < rc_net_num_hidden(net)
                            && ow.index < rc_net_layer_size(net, ow.layer));
            for (s = 0; s < rc_region_num_vertices(r); s++) {
                const double *v = rc_region_vertex(r, s);
                size_t q = offs[ow.layer] + ow.index;
                if (fabs(facet_gap(r, f, v, n, NULL)) > tol)
                    continue;
                full_input(x, dom, v);
                rh_forward(pre, net, x);
                CU_ASSERT(fabs(pre[q]) <= 1e-9 * fmax(fabs(ipre[q]), 1.0));
            }
        }
    }
    /* (d) the regions tile the box */
    CU_ASSERT(fabs(vol - box) <= 1e-9 * box);
    CU_ASSERT(fabs(rc_domain_volume(dom) - box) <= 1e-12 * box);
}
