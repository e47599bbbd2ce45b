/* test_mesh.c -- 3D partitions as VTU and PLY (rc_partition_write_vtu,
 * rc_partition_write_ply), read back by a strict reader of the arrays.
 *
 * On random generic and degenerate 3D networks, float and exact:
 *   - VTU regions: as many cells as regions (each once, ordered by number
 *     of points), all VTK_POLYHEDRON; each
 *     cell's points are its region's vertices; its faces, one per facet,
 *     use only the cell's points, lie on their facet's plane and turn
 *     counter-clockwise seen from outside (Newell normal along the
 *     facet's outward normal); the face areas add up to the region's
 *     surface area computed here independently (each facet's vertices
 *     sorted by angle), and give its volume by the divergence theorem;
 *     cell data region, layer, volume and output agree with the partition
 *     and with the network evaluated at the interior point;
 *   - VTU facets and PLY: every neuron facet is shared by two regions, so
 *     there are half as many faces as neuron facets (plus the domain's,
 *     in the VTU), with half their area; each face lies on the zero set
 *     of the neuron its layer and neuron properties name (the network's
 *     pre-activation at the face's corners is 0);
 *   - unbounded and 2D partitions are refused.
 * ParaView's reader (python3-vtk9) and meshio read the same files in
 * tests/test_cli.sh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "picture_helpers.h"
#include "testutil.h"

/* ---- reading ------------------------------------------------------------ */

static char *
write_to_string(const rc_partition *part, int ply, int facets, int domain)
{
    FILE *f = tmpfile();
    rc_mesh_opts o;
    rc_error err = {RC_OK, ""};
    rc_status st;
    long n;
    char *buf;

    rc_mesh_opts_init(&o);
    o.facets = facets;
    o.domain_facets = domain;
    st = ply ? rc_partition_write_ply(f, part, &o, &err)
             : rc_partition_write_vtu(f, part, &o, &err);
    if (st != RC_OK)
        printf("\n  mesh: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    CU_ASSERT_EQUAL_FATAL(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The numbers of the DataArray named name; *count of them. */
static double *
data_array(const char *xml, const char *name, size_t *count)
{
    char key[96];
    const char *p, *end;
    double *v = NULL;
    size_t n = 0, cap = 0;
    char *e;

    snprintf(key, sizeof key, "Name=\"%s\"", name);
    p = strstr(xml, key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    p = strchr(p, '>') + 1;
    end = strstr(p, "</DataArray>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    for (;;) {
        double x;
        while (p < end && (*p == ' ' || *p == '\n'))
            p++;
        if (p >= end)
            break;
        x = strtod(p, &e);
        CU_ASSERT_FATAL(e != p && e <= end);
        if (n == cap)
            v = realloc(v, (cap = 2 * cap + 256) * sizeof *v);
        v[n++] = x;
        p = e;
    }
    *count = n;
    return v;
}

static size_t
piece_attr(const char *xml, const char *name)
{
    char key[64];
    const char *p;

    snprintf(key, sizeof key, "%s=\"", name);
    p = strstr(xml, key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return strtoul(p + strlen(key), NULL, 10);
}

/* ---- geometry ----------------------------------------------------------- */

/* Newell normal of the polygon of points ids[0..n) of P (3 per point). */
static void
newell(double *N, const double *P, const double *ids, size_t n)
{
    size_t i;

    N[0] = N[1] = N[2] = 0.0;
    for (i = 0; i < n; i++) {
        const double *p = P + 3 * (size_t)ids[i], *q = P + 3 * (size_t)ids[(i + 1) % n];
        N[0] += (p[1] - q[1]) * (p[2] + q[2]);
        N[1] += (p[2] - q[2]) * (p[0] + q[0]);
        N[2] += (p[0] - q[0]) * (p[1] + q[1]);
    }
}

/* Twice the area of the vertices of r on facet f, sorted by angle about
 * their centroid in the facet's plane: independent of any cyclic order. */
static double
facet_area2(const rc_region *r, size_t f)
{
    double c[3] = {0, 0, 0}, u[3], w[3], ang[128], nu = 0, s = 0, b;
    const double *a = rc_region_facet(r, f, &b, NULL);
    size_t idx[128], k = 0, i, j, g;
    const double *v[128];

    for (g = 0; g < rc_region_num_vertices(r); g++)
        if (rc_region_facet_has_generator(r, f, g) && k < 128)
            v[k++] = rc_region_vertex(r, g);
    for (i = 0; i < k; i++)
        for (j = 0; j < 3; j++)
            c[j] += v[i][j] / (double)k;
    for (i = 0, g = 0; i < k; i++) {
        double d = 0;
        for (j = 0; j < 3; j++)
            d += (v[i][j] - c[j]) * (v[i][j] - c[j]);
        if (d > nu) {
            nu = d;
            g = i;
        }
    }
    for (j = 0; j < 3; j++)
        u[j] = (v[g][j] - c[j]) / sqrt(nu);
    w[0] = a[1] * u[2] - a[2] * u[1];
    w[1] = a[2] * u[0] - a[0] * u[2];
    w[2] = a[0] * u[1] - a[1] * u[0];
    for (i = 0; i < k; i++) {
        double p = 0, q = 0;
        for (j = 0; j < 3; j++) {
            p += (v[i][j] - c[j]) * u[j];
            q += (v[i][j] - c[j]) * w[j];
        }
        ang[i] = atan2(q, p);
        idx[i] = i;
    }
    for (i = 1; i < k; i++)
        for (j = i; j > 0 && ang[idx[j]] < ang[idx[j - 1]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    for (i = 0; i < k; i++) {
        double p0 = 0, p1 = 0, q0 = 0, q1 = 0;
        for (j = 0; j < 3; j++) {
            p0 += (v[idx[i]][j] - c[j]) * u[j];
            p1 += (v[idx[i]][j] - c[j]) * w[j];
            q0 += (v[idx[(i + 1) % k]][j] - c[j]) * u[j];
            q1 += (v[idx[(i + 1) % k]][j] - c[j]) * w[j];
        }
        s += p0 * q1 - q0 * p1;
    }
    return fabs(s);
}

/* Pre-activation of neuron (l, j) (0-based) at the raw point x of a
 * network without normalisation (rc_net_new). */
static double
preact(const rc_net *net, size_t l, size_t j, const double *x)
{
    double a[64], b[64];
    size_t width = rc_net_num_inputs(net), k, i, q;

    memcpy(a, x, width * sizeof *a);
    for (k = 0; k <= l; k++) {
        size_t w = rc_net_layer_size(net, k);
        for (i = 0; i < w; i++) {
            b[i] = rc_net_biases(net, k)[i];
            for (q = 0; q < width; q++)
                b[i] += rc_net_weights(net, k)[i * width + q] * a[q];
        }
        if (k == l)
            return b[j];
        for (i = 0; i < w; i++)
            a[i] = b[i] > 0 ? b[i] : 0.0;
        width = w;
    }
    return 0.0;
}

/* ---- checks ------------------------------------------------------------- */

static void
check_vtu_regions(const rc_partition *part, const rc_net *net, const char *xml)
{
    size_t N = rc_partition_num_regions(part), m = rc_partition_num_outputs(part);
    size_t np, nconn, noff, ntypes, nfaces, nfo, nreg, nlay, nvol, nout, i, g, f;
    double *P = data_array(xml, "Points", &np), *conn = data_array(xml, "connectivity", &nconn);
    double *off = data_array(xml, "offsets", &noff), *types = data_array(xml, "types", &ntypes);
    double *faces = data_array(xml, "faces", &nfaces), *fo = data_array(xml, "faceoffsets", &nfo);
    double *reg = data_array(xml, "region", &nreg), *lay = data_array(xml, "layer", &nlay);
    double *vol = data_array(xml, "volume", &nvol), *out = data_array(xml, "output", &nout);
    size_t points = 0, good = 0, pos = 0, start = 0, c, prev_nv = 0;
    unsigned char *seen;

    for (i = 0; i < N; i++)
        points += rc_region_num_vertices(rc_partition_region(part, i));
    CU_ASSERT_EQUAL(piece_attr(xml, "NumberOfCells"), N);
    CU_ASSERT_EQUAL(piece_attr(xml, "NumberOfPoints"), points);
    CU_ASSERT_EQUAL(np, 3 * points);
    CU_ASSERT_EQUAL(nconn, points);
    CU_ASSERT_FATAL(noff == N && ntypes == N && nfo == N && nreg == N && nlay == N
                    && nvol == N && nout == m * N);
    seen = calloc(N + 1, 1);
    for (c = 0; c < N; c++) {
        size_t i = (size_t)reg[c] - 1;
        const rc_region *r = rc_partition_region(part, i < N ? i : 0);
        size_t nv = rc_region_num_vertices(r), nf, ok = 1, q;
        double area = 0.0, surface = 0.0, V = 0.0, y[8], x[3];
        unsigned layer = 0;

        /* each region once, cells by number of points */
        ok &= i < N && !seen[i];
        if (!ok)
            break;
        seen[i] = 1;
        ok &= prev_nv <= nv;
        prev_nv = nv;
        ok &= types[c] == 42;
        ok &= off[c] == (double)(start + nv);
        /* the cell's points are its vertices */
        for (g = 0; g < nv; g++) {
            const double *v = rc_region_vertex(r, g);
            const double *p = P + 3 * (size_t)conn[start + g];
            ok &= conn[start + g] >= (double)start && conn[start + g] < (double)(start + nv);
            ok &= p[0] == v[0] && p[1] == v[1] && p[2] == v[2];
        }
        /* faces */
        nf = (size_t)faces[pos++];
        ok &= nf == rc_region_num_facets(r);
        for (f = 0; f < nf && ok; f++) {
            size_t k = (size_t)faces[pos++], best = 0;
            double N3[3], nn, dmax = 0.0;
            /* which facet: the one whose plane holds the face */
            for (q = 0; q < rc_region_num_facets(r); q++) {
                double b, d = 0.0;
                const double *a = rc_region_facet(r, q, &b, NULL);
                for (g = 0; g < k; g++) {
                    const double *p = P + 3 * (size_t)faces[pos + g];
                    d = fmax(d, fabs(a[0] * p[0] + a[1] * p[1] + a[2] * p[2] - b));
                }
                if (q == 0 || d < dmax) {
                    dmax = d;
                    best = q;
                }
            }
            for (g = 0; g < k; g++)
                ok &= faces[pos + g] >= (double)start && faces[pos + g] < (double)(start + nv);
            ok &= dmax <= 1e-9;
            newell(N3, P, faces + pos, k);
            nn = sqrt(N3[0] * N3[0] + N3[1] * N3[1] + N3[2] * N3[2]);
            {
                double b;
                const double *a = rc_region_facet(r, best, &b, NULL);
                const double *p = P + 3 * (size_t)faces[pos];
                ok &= N3[0] * a[0] + N3[1] * a[1] + N3[2] * a[2] > 0.999 * nn;
                V += (N3[0] * p[0] + N3[1] * p[1] + N3[2] * p[2]) / 6.0;
            }
            area += 0.5 * nn;
            pos += k;
        }
        ok &= fo[c] == (double)pos;
        for (f = 0; f < rc_region_num_facets(r); f++) {
            rc_owner o;
            surface += 0.5 * facet_area2(r, f);
            rc_region_facet(r, f, NULL, &o);
            if (o.kind == RC_OWNER_NEURON && o.layer + 1 > layer)
                layer = o.layer + 1;
        }
        ok &= fabs(area - surface) <= 1e-9 * (1.0 + surface);
        ok &= fabs(V - rc_region_volume(r)) <= 1e-9 * (1.0 + rc_region_volume(r));
        ok &= fabs(vol[c] - rc_region_volume(r)) <= 1e-15 * (1.0 + vol[c]);
        ok &= lay[c] == (double)layer;
        memcpy(x, rc_region_interior_point(r), sizeof x);
        rc_net_eval(net, y, NULL, x);
        for (q = 0; q < m; q++)
            ok &= fabs(out[c * m + q] - y[q]) <= 1e-9 * (1.0 + fabs(y[q]));
        if (!ok && good + 5 > c)
            printf("\n  VTU cell %zu does not match its region %zu\n", c + 1, i + 1);
        good += ok;
        start += nv;
    }
    CU_ASSERT_EQUAL(good, N);
    CU_ASSERT_EQUAL(pos, nfaces);
    free(seen);
    free(P); free(conn); free(off); free(types); free(faces); free(fo);
    free(reg); free(lay); free(vol); free(out);
}

/* Neuron facets (each counted in both its regions), domain facets, and
 * the areas of each kind. */
static void
facet_totals(const rc_partition *part, size_t *neuron, size_t *domain,
             double *neuron_area, double *domain_area)
{
    size_t i, f;

    *neuron = *domain = 0;
    *neuron_area = *domain_area = 0.0;
    for (i = 0; i < rc_partition_num_regions(part); i++) {
        const rc_region *r = rc_partition_region(part, i);
        for (f = 0; f < rc_region_num_facets(r); f++) {
            rc_owner o;
            rc_region_facet(r, f, NULL, &o);
            if (o.kind == RC_OWNER_NEURON) {
                (*neuron)++;
                *neuron_area += 0.5 * facet_area2(r, f);
            } else {
                (*domain)++;
                *domain_area += 0.5 * facet_area2(r, f);
            }
        }
    }
}

/* Faces given as (count, point ids, layer, neuron): each lies on its
 * neuron's zero set.  Returns the total area, counts the good ones. */
static double
check_faces(size_t *good, const double *P, const double *ids, const size_t *count,
            size_t nf, const double *layer, const double *neuron,
            const rc_net *net, double *domain_area)
{
    size_t i, g, pos = 0;
    double total = 0.0;

    *good = 0;
    *domain_area = 0.0;
    for (i = 0; i < nf; i++) {
        double N3[3], a;
        int ok = 1;
        newell(N3, P, ids + pos, count[i]);
        a = 0.5 * sqrt(N3[0] * N3[0] + N3[1] * N3[1] + N3[2] * N3[2]);
        if (layer[i] >= 1)
            for (g = 0; g < count[i]; g++)
                ok &= fabs(preact(net, (size_t)layer[i] - 1, (size_t)neuron[i] - 1,
                                  P + 3 * (size_t)ids[pos + g])) <= 1e-9;
        else
            *domain_area += a;
        total += a;
        *good += (size_t)ok;
        pos += count[i];
    }
    return total;
}

static void
check_vtu_facets(const rc_partition *part, const rc_net *net, const char *xml)
{
    size_t nn, nd, np, nconn, noff, nlay, nneu, ntyp, i, good, *count;
    double an, ad, dom_area, total;
    double *P = data_array(xml, "Points", &np), *conn = data_array(xml, "connectivity", &nconn);
    double *off = data_array(xml, "offsets", &noff), *lay = data_array(xml, "layer", &nlay);
    double *neu = data_array(xml, "neuron", &nneu), *typ = data_array(xml, "types", &ntyp);

    facet_totals(part, &nn, &nd, &an, &ad);
    CU_ASSERT_EQUAL(nn % 2, 0);
    CU_ASSERT_EQUAL(piece_attr(xml, "NumberOfCells"), nn / 2 + nd);
    CU_ASSERT_FATAL(noff == nn / 2 + nd && nlay == noff && nneu == noff && ntyp == noff);
    count = malloc(noff * sizeof *count);
    for (i = 0; i < noff; i++) {
        count[i] = (size_t)off[i] - (i ? (size_t)off[i - 1] : 0);
        CU_ASSERT(typ[i] == 7);
    }
    CU_ASSERT_EQUAL(nconn, np / 3);
    total = check_faces(&good, P, conn, count, noff, lay, neu, net, &dom_area);
    CU_ASSERT_EQUAL(good, noff);
    CU_ASSERT(fabs(total - (0.5 * an + ad)) <= 1e-9 * (1.0 + total));
    CU_ASSERT(fabs(dom_area - ad) <= 1e-9 * (1.0 + ad));
    free(count);
    free(P); free(conn); free(off); free(lay); free(neu); free(typ);
}

static void
check_ply(const rc_partition *part, const rc_net *net, const char *ply)
{
    size_t nn, nd, nv, nf, i, g, good, pos = 0, *count;
    double an, ad, *P, *ids, *lay, *neu, dom_area, total;
    const char *p = ply;
    char *e;

    facet_totals(part, &nn, &nd, &an, &ad);
    CU_ASSERT_FATAL(strncmp(ply, "ply\nformat ascii 1.0\n", 21) == 0);
    nv = strtoul(strstr(ply, "element vertex ") + 15, NULL, 10);
    nf = strtoul(strstr(ply, "element face ") + 13, NULL, 10);
    CU_ASSERT_EQUAL(nf, nn / 2);
    p = strstr(ply, "end_header\n") + 11;
    P = malloc(3 * nv * sizeof *P);
    for (i = 0; i < 3 * nv; i++) {
        P[i] = strtod(p, &e);
        CU_ASSERT_FATAL(e != p);
        p = e;
    }
    count = malloc(nf * sizeof *count);
    ids = malloc(nv * sizeof *ids);
    lay = malloc(nf * sizeof *lay);
    neu = malloc(nf * sizeof *neu);
    for (i = 0; i < nf; i++) {
        count[i] = strtoul(p, &e, 10);
        p = e;
        CU_ASSERT_FATAL(pos + count[i] <= nv);
        for (g = 0; g < count[i]; g++) {
            ids[pos++] = (double)strtoul(p, &e, 10);
            p = e;
        }
        lay[i] = strtod(p, &e);
        neu[i] = strtod(e, &e);
        strtoul(e, &e, 10);
        p = e;
        CU_ASSERT(i == 0 || count[i] >= count[i - 1]);   /* grouped by size */
    }
    while (*p == '\n' || *p == ' ')
        p++;
    CU_ASSERT_EQUAL(*p, '\0');
    CU_ASSERT_EQUAL(pos, nv);
    total = check_faces(&good, P, ids, count, nf, lay, neu, net, &dom_area);
    CU_ASSERT_EQUAL(good, nf);
    CU_ASSERT(fabs(total - 0.5 * an) <= 1e-9 * (1.0 + total));
    CU_ASSERT_EQUAL(dom_area, 0.0);
    free(P); free(count); free(ids); free(lay); free(neu);
}

static void
test_random(void)
{
    unsigned long rng = test_seed() + 71;
    size_t trial, trials = ph_quick() ? 2 : 6;

    for (trial = 0; trial < trials; trial++) {
        size_t w[2] = {4 + trial % 3, 4};
        int exact = trial % 2, kind = (trial / 2) % 2;
        rc_net *net = ph_random_net(3, 1 + trial % 2, w, 2, kind, &rng);
        rc_domain *dom = test_box(3, -1.0, 1.0);
        rc_partition *part = ph_enumerate(net, dom, exact);
        char *s;

        s = write_to_string(part, 0, 0, 0);
        check_vtu_regions(part, net, s);
        free(s);
        s = write_to_string(part, 0, 1, 0);
        check_vtu_facets(part, net, s);
        free(s);
        s = write_to_string(part, 1, 0, 0);
        check_ply(part, net, s);
        free(s);
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

static void
test_refused(void)
{
    unsigned long rng = test_seed() + 73;
    size_t w[1] = {3};
    rc_net *net3 = ph_random_net(3, 1, w, 1, 0, &rng), *net2 = ph_random_net(2, 1, w, 1, 0, &rng);
    rc_domain *du = test_box(3, 1.0, 1.0), *d2 = test_box(2, -1.0, 1.0);
    rc_partition *pu = ph_enumerate(net3, du, 0), *p2 = ph_enumerate(net2, d2, 0);
    rc_error err;
    FILE *f = tmpfile();

    CU_ASSERT_EQUAL(rc_partition_write_vtu(f, pu, NULL, &err), RC_ERR_ARG);
    CU_ASSERT(strstr(err.msg, "unbounded") != NULL);
    CU_ASSERT_EQUAL(rc_partition_write_ply(f, p2, NULL, &err), RC_ERR_ARG);
    CU_ASSERT(strstr(err.msg, "3D") != NULL);
    CU_ASSERT_EQUAL(ftell(f), 0);
    fclose(f);
    rc_partition_free(pu);
    rc_partition_free(p2);
    rc_domain_free(du);
    rc_domain_free(d2);
    rc_net_free(net3);
    rc_net_free(net2);
}

int
main(void)
{
    static const test_case tests[] = {
        {"VTU regions, VTU facets and PLY read back (random, degenerate)", test_random},
        {"unbounded and 2D partitions refused", test_refused},
    };

    return test_run_suite("mesh", tests, sizeof tests / sizeof tests[0]);
}
