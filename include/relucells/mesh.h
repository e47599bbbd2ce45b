/* relucells/mesh.h -- the partition of a 3D domain as meshes for ParaView
 * and other viewers.
 *
 * VTK XML unstructured grid (.vtu, ASCII): every region one polyhedron
 * cell (VTK_POLYHEDRON, 42) whose faces are its facets, each in cyclic
 * order counter-clockwise seen from outside (rc_region_facet_polygon), so
 * that VTK's outward normals are right.  Cell data: "region" (its number,
 * from 1), "pattern_hash" (32-bit FNV-1a of its pattern: equal patterns
 * colour alike), "output" (all outputs at the interior point, one
 * component each), "gradient_norm" (Frobenius norm of the Jacobian, |grad
 * f| for one output), "layer" (the deepest hidden layer owning one of its
 * facets, from 1; 0 when it has domain facets only) and "volume".  Each
 * cell has its own points (a region's vertices), so every cell is exactly
 * its region; neighbours do not share point ids.  Cells are ordered by
 * their number of points, then by region (meshio groups polyhedra that
 * way and keeps cell data aligned only then): "region" tells each cell's
 * region.
 *
 * With facets set, the .vtu holds the facets instead, as polygon cells
 * (VTK_POLYGON, 7), each shared facet once (from the region on its
 * neuron's active side), with cell data "layer" (0 for domain facets),
 * "neuron" (from 1 within its layer; for a domain facet its number
 * 2i-1 or 2i) and "region".
 *
 * PLY (ASCII): the boundary surfaces, the facets owned by neurons (and,
 * with domain_facets, the domain's), each once, with face properties
 * "layer", "neuron" and "region" as above, for viewers that read no VTK.
 *
 * Regions must be bounded (a box domain): RC_ERR_ARG otherwise, and for
 * partitions that are not 3D. */
#ifndef RELUCELLS_MESH_H
#define RELUCELLS_MESH_H

#include <stdio.h>

#include "relucells/partition.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options; rc_mesh_opts_init sets every default. */
typedef struct rc_mesh_opts {
    int facets;                /* .vtu: facets as polygons, not regions
                                  (default 0) */
    int domain_facets;         /* PLY: the domain's facets too (default 0) */
} rc_mesh_opts;

void rc_mesh_opts_init(rc_mesh_opts *opts);

rc_status rc_partition_write_vtu(FILE *out, const rc_partition *part,
                                 const rc_mesh_opts *opts, rc_error *err);
rc_status rc_partition_write_ply(FILE *out, const rc_partition *part,
                                 const rc_mesh_opts *opts, rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
