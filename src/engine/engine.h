/* engine.h -- the enumeration engine and its sinks; internal.
 *
 * The engine (refine.c) hands each finished region to a sink, which takes
 * it: the partition keeps it (rc_partition_add), the public callback of
 * rc_enumerate_each looks at it and frees it, a counter would only count
 * it.  One place completes a region (the kernel's region function), one
 * place decides what becomes of it (the sink). */
#ifndef RC_ENGINE_H
#define RC_ENGINE_H

#include "base/limits.h"
#include "model/domain_internal.h"
#include "model/view.h"
#include "model/net_internal.h"
#include "result/partition_internal.h"

/* Take region r (the sink owns it from now on, even on failure); return
 * RC_OK to go on, RC_ERR_STOPPED to stop, another status on failure. */
typedef rc_status (*rc_region_sink)(void *user, rc_region *r);

/* Enumerate the regions of net on dom into sink, in the engine's order.
 * summary (may be NULL) receives the counts; *exact (may be NULL) whether
 * the regions carry exact data (the exact kernel ran). */
rc_status rc_engine_run(const rc_net *net, const rc_domain *dom,
                        const rc_enum_opts *opts, rc_region_sink sink,
                        void *user, rc_enum_summary *summary, int *exact,
                        rc_error *err);

/* The same over any view (view.h): a segment, a plane through points. */
rc_status rc_engine_run_view(const rc_view *view, const rc_enum_opts *opts,
                             rc_region_sink sink, void *user,
                             rc_enum_summary *summary, int *exact,
                             rc_error *err);

#endif
