/* export_internal.h -- the JSON writer with extra members per region, for
 * the program's 'enumerate --atoms/--lipschitz'; not installed. */
#ifndef RC_EXPORT_INTERNAL_H
#define RC_EXPORT_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "relucells/export.h"

/* Members to add to region i's object (a new object, taken), or NULL on
 * failure. */
typedef json_t *(*rc_region_json_extra)(void *ctx, size_t i);

/* rc_partition_write_json, calling extra (when not NULL) for each region. */
rc_status rc_partition_write_json_ext(FILE *out, const rc_partition *part,
                                      const rc_graph *graph,
                                      rc_region_json_extra extra, void *ctx,
                                      rc_error *err);

#endif
