/* report.h -- pieces of the atoms and Lipschitz reports that the
 * partition writer adds under each region (enumerate --atoms --lipschitz);
 * internal to io/. */
#ifndef RC_REPORT_H
#define RC_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "relucells/domain.h"
#include "relucells/lipschitz.h"
#include "relucells/net.h"
#include "relucells/partition.h"

/* The atoms of region r as a JSON object (without "pattern"); *failed is
 * set when its identity check fails.  NULL when out of memory. */
json_t *rc_report_atoms_json(const rc_net *net, const rc_domain *dom,
                             const rc_region *r, int *failed);
/* Region i's Lipschitz figures as a JSON object. */
json_t *rc_report_lipschitz_json(const rc_lipschitz_info *info, size_t i);

/* Shared by the reports: 1-based indices, one streamed array element
 * (",\n" before all but the first; takes r), the free inputs. */
json_t *rc_report_indices(const size_t *v, size_t n);
int rc_report_put(FILE *out, json_t *r, int first);
json_t *rc_report_free_inputs(const rc_partition *part);

#endif
