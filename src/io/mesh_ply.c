/* mesh_ply.c -- the boundary surfaces of a 3D partition as ASCII PLY: the
 * facets owned by neurons (and with domain_facets the domain's), each
 * shared facet once, as faces with their own vertices and the face
 * properties layer, neuron and region (see relucells/mesh.h).
 *
 * Faces come grouped by their number of corners (triangles, then
 * quadrilaterals, ...): readers that split a mesh into blocks of one cell
 * shape (meshio) then keep the face properties aligned with the faces.
 * One pass over the regions counts for the header; then, per number of
 * corners, one pass writes the vertices and one the faces. */
#include <stdlib.h>

#include "base/error_internal.h"
#include "io/mesh_internal.h"
#include "relucells/region.h"

rc_status
rc_partition_write_ply(FILE *out, const rc_partition *part,
                       const rc_mesh_opts *opts, rc_error *err)
{
    rc_mesh_opts defaults;
    size_t N = rc_partition_num_regions(part), i, f, g, pass, faces = 0, points = 0;
    size_t *order = NULL, cap = 0, n, base = 0, longest = 0;
    unsigned layer, number;
    rc_status st;

    if (opts == NULL) {
        rc_mesh_opts_init(&defaults);
        opts = &defaults;
    }
    if ((st = rc_mesh_check(part, err)) != RC_OK)
        return st;
    /* pass 0 counts; then for each number of corners k, pass 1 writes the
     * vertices of the faces with k corners, and pass 2 (after all the
     * vertices) those faces */
    for (pass = 0; pass < 3; pass++) {
        size_t k, kmin = pass == 0 ? 0 : 3, kmax = pass == 0 ? 0 : longest;
        if (pass == 1)
            fprintf(out, "ply\nformat ascii 1.0\n"
                    "comment relucells: facets of the linear regions of a ReLU network%s\n"
                    "element vertex %zu\nproperty double x\nproperty double y\n"
                    "property double z\nelement face %zu\n"
                    "property list %s int vertex_indices\nproperty int layer\n"
                    "property int neuron\nproperty int region\nend_header\n",
                    opts->domain_facets ? " (layer 0: the domain)" : "", points,
                    faces, longest > 255 ? "uint" : "uchar");
        for (k = kmin; k <= kmax; k++)
            for (i = 0; i < N; i++) {
                const rc_region *r = rc_partition_region(part, i);
                size_t nv = rc_region_num_vertices(r);
                if (nv > cap) {
                    size_t *o = realloc(order, 2 * nv * sizeof *o);
                    if (o == NULL) {
                        free(order);
                        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                    }
                    order = o;
                    cap = 2 * nv;
                }
                for (f = 0; f < rc_region_num_facets(r); f++) {
                    if (!rc_mesh_facet_owner(&layer, &number, part, r, f)
                        || (layer == 0 && !opts->domain_facets))
                        continue;
                    if (rc_region_facet_polygon(order, &n, r, f) != RC_OK) {
                        free(order);
                        return rc_error_set(err, RC_ERR_NUMERIC,
                                            "mesh: the facets of region %zu do not form "
                                            "polygons (inconsistent incidences; try --exact)",
                                            i + 1);
                    }
                    if (pass == 0) {
                        faces++;
                        points += n;
                        longest = n > longest ? n : longest;
                        continue;
                    }
                    if (n != k)
                        continue;
                    if (pass == 1) {
                        for (g = 0; g < n; g++) {
                            const double *x = rc_region_vertex(r, order[g]);
                            fprintf(out, "%.17g %.17g %.17g\n", x[0], x[1], x[2]);
                        }
                    } else {
                        fprintf(out, "%zu", n);
                        for (g = 0; g < n; g++)
                            fprintf(out, " %zu", base + g);
                        fprintf(out, " %u %u %zu\n", layer, number, i + 1);
                        base += n;
                    }
                }
            }
    }
    free(order);
    if (ferror(out))
        return rc_error_set(err, RC_ERR_IO, "cannot write the mesh");
    return RC_OK;
}
