/* paths_run.c -- many segments between pairs of samples, in parallel.
 *
 * The network is prepared once (its exact integers too, unless in plain
 * floating point) and shared read-only by the threads; each path is its
 * own walk.  Pairs are taken in blocks: the threads compute a block (OpenMP,
 * dynamic schedule: paths differ in length), then the calling thread adds
 * the paths to the statistics in the order of the pairs and reports
 * progress, so the statistics are the same whatever the number of threads
 * and memory holds one block of paths. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/path_internal.h"
#include "base/random.h"
#include "base/rational.h"
#include "relucells/pathstats.h"

void
rc_paths_opts_init(rc_paths_opts *o)
{
    rc_path_opts_init(&o->path);
    o->path.keep_patterns = 0;
    o->arc = 0.0;
    o->threads = 0;
    o->progress = NULL;
    o->progress_user = NULL;
}

rc_status
rc_pairs_make(size_t **out, size_t *num, rc_pairs_kind kind, size_t count,
              size_t n, unsigned long seed, rc_error *err)
{
    size_t *p = NULL, m = 0, i, j;
    rc_rng r;

    *out = NULL;
    *num = 0;
    if (n < 2)
        return rc_error_set(err, RC_ERR_ARG, "pairs need two samples, "
                            "there %s %zu", n == 1 ? "is" : "are", n);
    switch (kind) {
    case RC_PAIRS_ALL:
        if (n > 100000)
            return rc_error_set(err, RC_ERR_ARG, "all pairs of %zu samples "
                                "are too many", n);
        m = n * (n - 1) / 2;
        break;
    case RC_PAIRS_CONSECUTIVE:
        m = n - 1;
        break;
    default:
        if (count == 0 || count > ((size_t)1 << 32))
            return rc_error_set(err, RC_ERR_ARG, "the number of pairs must be "
                                "1 to 2^32");
        m = count;
        break;
    }
    if ((p = malloc(2 * m * sizeof *p)) == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    if (kind == RC_PAIRS_ALL) {
        size_t k = 0;
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++) {
                p[k++] = i;
                p[k++] = j;
            }
    } else if (kind == RC_PAIRS_CONSECUTIVE) {
        for (i = 0; i < m; i++) {
            p[2 * i] = i;
            p[2 * i + 1] = i + 1;
        }
    } else {
        rc_rng_seed(&r, seed);
        for (i = 0; i < m; i++) {
            size_t a = (size_t)rc_rng_below(&r, n), b = (size_t)rc_rng_below(&r, n - 1);
            p[2 * i] = a;
            p[2 * i + 1] = b >= a ? b + 1 : b;
        }
    }
    *out = p;
    *num = m;
    return RC_OK;
}

/* The segment (or arc) of pair k. */
static rc_status
one_path(rc_path **out, rc_pnet *pn, const double *samples,
         const mpq_t *samples_q, size_t a, size_t b, const rc_path_opts *po,
         double arc, rc_error *err)
{
    size_t nin = pn->nin, j;
    rc_status st;

    if (po->arithmetic == RC_ARITH_FLOAT) {
        double *d = malloc((2 * nin + 1) * sizeof *d);
        if (d == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        memcpy(d, samples + a * nin, nin * sizeof *d);
        memcpy(d + nin, samples + b * nin, nin * sizeof *d);
        if (arc > 0)
            st = rc_path_arc_pn(out, pn, NULL, NULL, d, d + nin, arc, po, err);
        else
            st = rc_path_polyline_pn(out, pn, NULL, d, 2, RC_PATH_SEGMENT, po, err);
        free(d);
    } else {
        mpq_t *q = rc_mpq_array_new(2 * nin);
        if (q == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        for (j = 0; j < nin; j++) {
            if (samples_q != NULL) {
                mpq_set(q[j], samples_q[a * nin + j]);
                mpq_set(q[nin + j], samples_q[b * nin + j]);
            } else {
                mpq_set_d(q[j], samples[a * nin + j]);
                mpq_set_d(q[nin + j], samples[b * nin + j]);
            }
        }
        if (arc > 0)
            st = rc_path_arc_pn(out, pn, (const mpq_t *)q, (const mpq_t *)q + nin,
                                NULL, NULL, arc, po, err);
        else
            st = rc_path_polyline_pn(out, pn, (const mpq_t *)q, NULL, 2,
                                     RC_PATH_SEGMENT, po, err);
        rc_mpq_array_free(q, 2 * nin);
    }
    if (st == RC_ERR_ARG)
        st = rc_error_set(err, st, "samples %zu and %zu: %s", a + 1, b + 1,
                          err->msg);
    return st;
}

rc_status
rc_paths_run(rc_path_stats *stats, const rc_net *net, const double *samples,
             const mpq_t *samples_q, size_t num_samples, const size_t *pairs,
             size_t num_pairs, const rc_paths_opts *opts_in, rc_error *err)
{
    rc_paths_opts opts;
    rc_path_opts po;
    rc_pnet *pn = NULL;
    size_t nt, block, start, i, done = 0, bps = 0;
    rc_path **slot = NULL;
    rc_status *sst = NULL, st = RC_OK;
    rc_error *errs = NULL;

    if (opts_in != NULL)
        opts = *opts_in;
    else
        rc_paths_opts_init(&opts);
    po = opts.path;
    po.keep_patterns = 0;
    for (i = 0; i < 2 * num_pairs; i++)
        if (pairs[i] >= num_samples)
            return rc_error_set(err, RC_ERR_ARG, "pair %zu: no sample %zu",
                                i / 2 + 1, pairs[i] + 1);
    if (samples == NULL && samples_q == NULL)
        return rc_error_set(err, RC_ERR_ARG, "no samples");
    if (samples == NULL && po.arithmetic == RC_ARITH_FLOAT)
        po.arithmetic = RC_ARITH_FILTERED;
    if (samples != NULL && (samples_q == NULL || po.arithmetic == RC_ARITH_FLOAT)) {
        /* The doubles become the points (mpq_set_d aborts on inf or nan). */
        size_t nin = rc_net_num_inputs(net);
        for (i = 0; i < num_samples * nin; i++)
            if (!isfinite(samples[i]))
                return rc_error_set(err, RC_ERR_ARG, "sample %zu: coordinate %zu "
                                    "is not a finite number", i / nin + 1,
                                    i % nin + 1);
    }
    if ((st = rc_pnet_new(&pn, net, &po, po.arithmetic != RC_ARITH_FLOAT,
                          err)) != RC_OK)
        return st;
    nt = opts.threads;
    if (nt == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        nt = c > 0 ? (size_t)c : 1;
    }
    block = 4 * nt;
    slot = calloc(block, sizeof *slot);
    sst = calloc(block, sizeof *sst);
    errs = calloc(block, sizeof *errs);
    if (slot == NULL || sst == NULL || errs == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (start = 0; start < num_pairs && st == RC_OK; start += block) {
        size_t n = num_pairs - start < block ? num_pairs - start : block;
        long k, nn = (long)n;
        int nthreads = (int)nt;

        #pragma omp parallel for schedule(dynamic, 1) num_threads(nthreads)
        for (k = 0; k < nn; k++) {
            size_t a = pairs[2 * (start + (size_t)k)], b = pairs[2 * (start + (size_t)k) + 1];
            sst[k] = one_path(&slot[k], pn, samples, samples_q, a, b, &po,
                              opts.arc, &errs[k]);
        }
        (void)nthreads;
        for (i = 0; i < n; i++) {
            if (st == RC_OK && sst[i] != RC_OK) {
                st = sst[i];
                if (err != NULL)
                    *err = errs[i];
            }
            if (st == RC_OK) {
                st = rc_path_stats_add(stats, slot[i], err);
                bps += rc_path_num_breakpoints(slot[i]);
                done++;
            }
            rc_path_free(slot[i]);
            slot[i] = NULL;
        }
        if (opts.progress != NULL)
            opts.progress(opts.progress_user, done, num_pairs, bps);
        if (st == RC_OK && po.stop != NULL && *po.stop && done < num_pairs)
            st = rc_error_set(err, RC_ERR_STOPPED, "stopped on request");
    }
done:
    free(slot);
    free(sst);
    free(errs);
    rc_pnet_free(pn);
    return st;
}
