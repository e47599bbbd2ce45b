/* mesh_vtu.c -- a 3D partition as a VTK XML unstructured grid (ASCII);
 * see relucells/mesh.h.  Also the helpers both mesh writers share.
 *
 * A polyhedron cell is given by its points ("connectivity", with
 * "offsets") and by its faces: "faces" holds, per cell, the number of
 * faces and then each face as its number of points and their ids (ids of
 * the whole grid), and "faceoffsets" where each cell's part of "faces"
 * ends -- the layout VTK's XML reader takes for VTK_POLYHEDRON.  The
 * arrays are written region by region; only the ends of the face streams
 * are kept, one number per region.
 *
 * Cells come in order of their number of points (then of region): meshio
 * files polyhedra in blocks by that number, and pairs the blocks with the
 * cell data correctly only in that order.  The cell data "region" names
 * each cell's region. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/boundary_internal.h"
#include "base/error_internal.h"
#include "io/mesh_internal.h"
#include "relucells/region.h"

enum { VTK_POLYGON = 7, VTK_POLYHEDRON = 42 };

void
rc_mesh_opts_init(rc_mesh_opts *opts)
{
    opts->facets = 0;
    opts->domain_facets = 0;
}

rc_status
rc_mesh_check(const rc_partition *part, rc_error *err)
{
    size_t i;

    if (rc_partition_dim(part) != 3)
        return rc_error_set(err, RC_ERR_ARG,
                            "mesh: the partition is %zuD; meshes are of 3D domains "
                            "(fix the other inputs with a slice)", rc_partition_dim(part));
    for (i = 0; i < rc_partition_num_regions(part); i++)
        if (!rc_region_is_bounded(rc_partition_region(part, i)))
            return rc_error_set(err, RC_ERR_ARG,
                                "mesh: region %zu is unbounded; meshes need a bounded "
                                "domain (a box)", i + 1);
    return RC_OK;
}

unsigned
rc_mesh_region_layer(const rc_region *r)
{
    unsigned layer = 0;
    size_t f;

    for (f = 0; f < rc_region_num_facets(r); f++) {
        rc_owner o;
        rc_region_facet(r, f, NULL, &o);
        if (o.kind == RC_OWNER_NEURON && o.layer + 1 > layer)
            layer = o.layer + 1;
    }
    return layer;
}

int
rc_mesh_facet_owner(unsigned *layer, unsigned *number, const rc_partition *part,
                    const rc_region *r, size_t f)
{
    rc_owner o;

    rc_region_facet(r, f, NULL, &o);
    if (o.kind == RC_OWNER_NEURON) {
        *layer = o.layer + 1;
        *number = o.index + 1;
    } else {
        *layer = 0;
        *number = 2 * o.index + 1 + o.upper;
    }
    return rc_boundary_keeps_facet(part, r, f);
}

static uint32_t
pattern_hash(const rc_partition *part, const rc_region *r)
{
    const unsigned char *p = rc_region_pattern(r);
    size_t i, n = rc_partition_pattern_length(part);
    uint32_t h = 2166136261u;   /* FNV-1a, 32 bits */

    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

/* The facet polygons of region r, face after face, as generator numbers
 * (all vertices: r is bounded) into order, sizes into size; total count. */
static rc_status
region_faces(size_t **order, size_t *cap, size_t *size, const rc_region *r,
             size_t *total, rc_error *err)
{
    size_t f, n, m = rc_region_num_facets(r), nv = rc_region_num_vertices(r);

    *total = 0;
    for (f = 0; f < m; f++) {
        if (*total + nv > *cap) {
            size_t c = 2 * (*total + nv);
            size_t *o = realloc(*order, c * sizeof *o);
            if (o == NULL)
                return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            *order = o;
            *cap = c;
        }
        if (rc_region_facet_polygon(*order + *total, &n, r, f) != RC_OK)
            return rc_error_set(err, RC_ERR_NUMERIC,
                                "mesh: the facets of a region do not form polygons "
                                "(inconsistent incidences; try --exact)");
        size[f] = n;
        *total += n;
    }
    return RC_OK;
}

static void
begin_array(FILE *out, const char *type, const char *name, size_t comps)
{
    fprintf(out, "<DataArray type=\"%s\" Name=\"%s\"", type, name);
    if (comps > 1)
        fprintf(out, " NumberOfComponents=\"%zu\"", comps);
    fputs(" format=\"ascii\">\n", out);
}

static void
end_array(FILE *out)
{
    fputs("\n</DataArray>\n", out);
}

/* The regions by number of vertices, then by number: a counting sort. */
static size_t *
cell_order(const rc_partition *part)
{
    size_t N = rc_partition_num_regions(part), i, most = 0, *start, *perm;

    for (i = 0; i < N; i++)
        if (rc_region_num_vertices(rc_partition_region(part, i)) > most)
            most = rc_region_num_vertices(rc_partition_region(part, i));
    start = calloc(most + 2, sizeof *start);
    perm = malloc((N + 1) * sizeof *perm);
    if (start == NULL || perm == NULL) {
        free(start);
        free(perm);
        return NULL;
    }
    for (i = 0; i < N; i++)
        start[rc_region_num_vertices(rc_partition_region(part, i)) + 1]++;
    for (i = 0; i <= most; i++)
        start[i + 1] += start[i];
    for (i = 0; i < N; i++)
        perm[start[rc_region_num_vertices(rc_partition_region(part, i))]++] = i;
    free(start);
    return perm;
}

/* Cell data of the regions, in the order perm. */
static void
region_cell_data(FILE *out, const rc_partition *part, const size_t *perm)
{
    size_t N = rc_partition_num_regions(part), m = rc_partition_num_outputs(part);
    size_t c, k, j;

    fputs("<CellData Scalars=\"region\">\n", out);
    begin_array(out, "Int64", "region", 1);
    for (c = 0; c < N; c++)
        fprintf(out, "%zu%c", perm[c] + 1, c % 16 == 15 ? '\n' : ' ');
    end_array(out);
    begin_array(out, "UInt32", "pattern_hash", 1);
    for (c = 0; c < N; c++)
        fprintf(out, "%lu%c", (unsigned long)pattern_hash(part, rc_partition_region(part, perm[c])),
                c % 8 == 7 ? '\n' : ' ');
    end_array(out);
    begin_array(out, "Float64", "output", m);
    for (c = 0; c < N; c++) {
        const rc_region *r = rc_partition_region(part, perm[c]);
        const double *x = rc_region_interior_point(r), *A = rc_region_output_A(r);
        for (k = 0; k < m; k++)
            fprintf(out, "%.17g ", A[3 * k] * x[0] + A[3 * k + 1] * x[1]
                                   + A[3 * k + 2] * x[2] + rc_region_output_c(r)[k]);
        fputc('\n', out);
    }
    end_array(out);
    begin_array(out, "Float64", "gradient_norm", 1);
    for (c = 0; c < N; c++) {
        const double *A = rc_region_output_A(rc_partition_region(part, perm[c]));
        double s = 0.0;
        for (j = 0; j < 3 * m; j++)
            s += A[j] * A[j];
        fprintf(out, "%.17g\n", sqrt(s));
    }
    end_array(out);
    begin_array(out, "Int32", "layer", 1);
    for (c = 0; c < N; c++)
        fprintf(out, "%u%c", rc_mesh_region_layer(rc_partition_region(part, perm[c])),
                c % 16 == 15 ? '\n' : ' ');
    end_array(out);
    begin_array(out, "Float64", "volume", 1);
    for (c = 0; c < N; c++)
        fprintf(out, "%.17g\n", rc_region_volume(rc_partition_region(part, perm[c])));
    end_array(out);
    fputs("</CellData>\n", out);
}

static void
write_points(FILE *out, const double *x)
{
    fprintf(out, "%.17g %.17g %.17g\n", x[0], x[1], x[2]);
}

/* Regions as polyhedra, in the order of cell_order. */
static rc_status
write_regions(FILE *out, const rc_partition *part, rc_error *err)
{
    size_t N = rc_partition_num_regions(part), c, g, f, q, points = 0, pos = 0;
    size_t *order = NULL, cap = 0, *size = NULL, scap = 0, total, base;
    size_t *perm = cell_order(part), *ends = malloc((N + 1) * sizeof *ends);
    rc_status st = RC_OK;

    if (perm == NULL || ends == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (c = 0; c < N; c++)
        points += rc_region_num_vertices(rc_partition_region(part, c));
    fprintf(out, "<Piece NumberOfPoints=\"%zu\" NumberOfCells=\"%zu\">\n", points, N);
    region_cell_data(out, part, perm);
    fputs("<Points>\n", out);
    begin_array(out, "Float64", "Points", 3);
    for (c = 0; c < N; c++) {
        const rc_region *r = rc_partition_region(part, perm[c]);
        for (g = 0; g < rc_region_num_vertices(r); g++)
            write_points(out, rc_region_vertex(r, g));
    }
    end_array(out);
    fputs("</Points>\n<Cells>\n", out);
    begin_array(out, "Int64", "connectivity", 1);
    for (c = 0, base = 0; c < N; c++) {
        size_t nv = rc_region_num_vertices(rc_partition_region(part, perm[c]));
        for (g = 0; g < nv; g++)
            fprintf(out, "%zu ", base + g);
        fputc('\n', out);
        base += nv;
    }
    end_array(out);
    begin_array(out, "Int64", "offsets", 1);
    for (c = 0, base = 0; c < N; c++) {
        base += rc_region_num_vertices(rc_partition_region(part, perm[c]));
        fprintf(out, "%zu%c", base, c % 16 == 15 ? '\n' : ' ');
    }
    end_array(out);
    begin_array(out, "UInt8", "types", 1);
    for (c = 0; c < N; c++)
        fprintf(out, "%d%c", VTK_POLYHEDRON, c % 32 == 31 ? '\n' : ' ');
    end_array(out);
    begin_array(out, "Int64", "faces", 1);
    for (c = 0, base = 0; c < N; c++) {
        const rc_region *r = rc_partition_region(part, perm[c]);
        size_t m = rc_region_num_facets(r);
        if (m > scap) {
            size_t *s = realloc(size, 2 * m * sizeof *s);
            if (s == NULL) {
                st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                goto done;
            }
            size = s;
            scap = 2 * m;
        }
        if ((st = region_faces(&order, &cap, size, r, &total, err)) != RC_OK)
            goto done;
        fprintf(out, "%zu\n", m);
        pos += 1;
        for (f = 0, q = 0; f < m; f++) {
            fprintf(out, "%zu", size[f]);
            for (g = 0; g < size[f]; g++, q++)
                fprintf(out, " %zu", base + order[q]);
            fputc('\n', out);
            pos += 1 + size[f];
        }
        ends[c] = pos;
        base += rc_region_num_vertices(r);
    }
    end_array(out);
    begin_array(out, "Int64", "faceoffsets", 1);
    for (c = 0; c < N; c++)
        fprintf(out, "%zu%c", ends[c], c % 16 == 15 ? '\n' : ' ');
    end_array(out);
    fputs("</Cells>\n</Piece>\n", out);
done:
    free(perm);
    free(ends);
    free(order);
    free(size);
    return st;
}

/* Facets as polygons, each shared one once. */
static rc_status
write_facets(FILE *out, const rc_partition *part, rc_error *err)
{
    size_t N = rc_partition_num_regions(part), i, f, g, cells = 0, points = 0;
    size_t *order = NULL, cap = 0, *size = NULL, scap = 0, total, pass, base = 0;
    unsigned layer, number;
    rc_status st = RC_OK;

    /* pass 0 counts, 1 writes the points, 2 connectivity, 3 offsets, 4..6
     * the cell data; the facet polygons are recomputed each time rather
     * than kept. */
    for (pass = 0; pass < 7 && st == RC_OK; pass++) {
        size_t off = 0, cell = 0;
        if (pass == 1) {
            fprintf(out, "<Piece NumberOfPoints=\"%zu\" NumberOfCells=\"%zu\">\n"
                    "<Points>\n", points, cells);
            begin_array(out, "Float64", "Points", 3);
        } else if (pass == 2) {
            end_array(out);
            fputs("</Points>\n<Cells>\n", out);
            begin_array(out, "Int64", "connectivity", 1);
        } else if (pass == 3) {
            end_array(out);
            begin_array(out, "Int64", "offsets", 1);
        } else if (pass == 4) {
            end_array(out);
            begin_array(out, "UInt8", "types", 1);
            for (i = 0; i < cells; i++)
                fprintf(out, "%d%c", VTK_POLYGON, i % 32 == 31 ? '\n' : ' ');
            end_array(out);
            fputs("</Cells>\n<CellData Scalars=\"layer\">\n", out);
            begin_array(out, "Int32", "layer", 1);
        } else if (pass == 5) {
            end_array(out);
            begin_array(out, "Int32", "neuron", 1);
        } else if (pass == 6) {
            end_array(out);
            begin_array(out, "Int64", "region", 1);
        }
        for (i = 0; i < N && st == RC_OK; i++) {
            const rc_region *r = rc_partition_region(part, i);
            size_t m = rc_region_num_facets(r), q = 0;
            if (m > scap) {
                size_t *s = realloc(size, 2 * m * sizeof *s);
                if (s == NULL) {
                    st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                    break;
                }
                size = s;
                scap = 2 * m;
            }
            if ((st = region_faces(&order, &cap, size, r, &total, err)) != RC_OK)
                break;
            for (f = 0; f < m; q += size[f], f++) {
                if (!rc_mesh_facet_owner(&layer, &number, part, r, f))
                    continue;
                switch (pass) {
                case 0: cells++; points += size[f]; break;
                case 1:
                    for (g = 0; g < size[f]; g++)
                        write_points(out, rc_region_vertex(r, order[q + g]));
                    break;
                case 2:
                    for (g = 0; g < size[f]; g++)
                        fprintf(out, "%zu ", base + g);
                    fputc('\n', out);
                    base += size[f];
                    break;
                case 3:
                    off += size[f];
                    fprintf(out, "%zu%c", off, ++cell % 16 == 0 ? '\n' : ' ');
                    break;
                case 4: fprintf(out, "%u%c", layer, ++cell % 16 == 0 ? '\n' : ' '); break;
                case 5: fprintf(out, "%u%c", number, ++cell % 16 == 0 ? '\n' : ' '); break;
                default: fprintf(out, "%zu%c", i + 1, ++cell % 16 == 0 ? '\n' : ' '); break;
                }
            }
        }
    }
    if (st == RC_OK) {
        end_array(out);
        fputs("</CellData>\n</Piece>\n", out);
    }
    free(order);
    free(size);
    return st;
}

rc_status
rc_partition_write_vtu(FILE *out, const rc_partition *part,
                       const rc_mesh_opts *opts, rc_error *err)
{
    rc_mesh_opts defaults;
    rc_status st;

    if (opts == NULL) {
        rc_mesh_opts_init(&defaults);
        opts = &defaults;
    }
    if ((st = rc_mesh_check(part, err)) != RC_OK)
        return st;
    fputs("<?xml version=\"1.0\"?>\n<!-- relucells: the linear regions of a ReLU "
          "network on a 3D domain -->\n"
          "<VTKFile type=\"UnstructuredGrid\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
          "<UnstructuredGrid>\n", out);
    st = opts->facets ? write_facets(out, part, err) : write_regions(out, part, err);
    if (st != RC_OK)
        return st;
    fputs("</UnstructuredGrid>\n</VTKFile>\n", out);
    if (ferror(out))
        return rc_error_set(err, RC_ERR_IO, "cannot write the mesh");
    return RC_OK;
}
