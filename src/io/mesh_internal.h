/* mesh_internal.h -- what the VTU and PLY writers share; not installed. */
#ifndef RC_MESH_INTERNAL_H
#define RC_MESH_INTERNAL_H

#include <stdint.h>

#include "relucells/mesh.h"

/* RC_OK when part is 3D and every region bounded; else RC_ERR_ARG with a
 * message. */
rc_status rc_mesh_check(const rc_partition *part, rc_error *err);

/* The deepest hidden layer (from 1) owning a facet of r; 0 for none. */
unsigned rc_mesh_region_layer(const rc_region *r);

/* Layer (0: domain) and number (from 1) of the owner of facet f of r, and
 * whether r is the region that writes it (the active side of its neuron;
 * always for domain facets). */
int rc_mesh_facet_owner(unsigned *layer, unsigned *number,
                        const rc_partition *part, const rc_region *r,
                        size_t f);

#endif
