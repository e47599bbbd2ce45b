/* test_engine_tasks.c -- the engine's tasks (rc_enum_opts.next_task,
 * task_done): the plan a caller runs pieces of.
 *
 *  - the plan (number of tasks, and what each task finds: regions, counts
 *    per layer, decisions) is the same for threads 1, 2 and 3, and in the
 *    default run (next_task NULL) every task is reported once;
 *  - the whole run's counts are top_counts plus the tasks' layer_counts,
 *    its regions the sum of theirs, its decisions top_stats plus theirs;
 *  - two runs of disjoint subsets (even tasks in order on 2 threads, odd
 *    tasks backwards on 3) add up exactly to the whole run, and each region
 *    of a subset run is the region of the whole run with the same task and
 *    place in it (rc_region_task), whose id there is the number of regions
 *    of the earlier tasks plus its place plus 1;
 *  - a next_task that chooses a task out of range, or one twice, fails the
 *    run with RC_ERR_ARG;
 *  - parts of tasks (rc_enum_opts.next_part: single nodes, halves, in a
 *    scrambled order, on 2 threads) give every region of the whole run,
 *    equal to the last bit (pattern, facets, vertices, interior point,
 *    radius, volume, output map) in float, default and exact arithmetic,
 *    and add up per task to the whole task's regions, counts and
 *    decisions; parts that overlap or leave the task are refused.
 * Random networks as in test_engine.c (RC_TEST_SEED). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/net.h"
#include "relucells/region.h"
#include "testutil.h"

static void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n + 1, size);

    if (p == NULL) {
        fputs("test_engine_tasks: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* Networks with many tasks: 2D with tasks next to the last level, 3D with
 * tasks a level above; and one hidden layer (tasks of final pieces). */
static rc_net *
test_net(int which)
{
    static const size_t s2[] = {2, 40, 40, 1}, s3[] = {3, 12, 12, 12, 1};
    static const size_t s1[] = {2, 90, 1};

    switch (which) {
    case 0: return test_random_net(3, s2, 1);
    case 1: return test_random_net(4, s3, 2);
    default: return test_random_net(2, s1, 3);
    }
}

/* What a run found, task by task; the regions by (task, place). */
typedef struct tasks_seen {
    size_t num_tasks, num_hidden, plen;
    size_t *regions;           /* per task; (size_t)-1: not reported */
    size_t *counts;            /* num_tasks x num_hidden */
    rc_enum_stats *stats;
    int bad_calls;             /* task_done with wrong data */
    /* next_task: the order to give (NULL: none), and where it is. */
    const size_t *order;
    size_t order_len, given;
    int calls_after_end;
    int ended;
    /* Regions: task, place, id and pattern. */
    size_t n, cap;
    size_t *task, *place, *id;
    unsigned char *patterns;
} tasks_seen;

static void
seen_init(tasks_seen *s, size_t plen)
{
    memset(s, 0, sizeof *s);
    s->plen = plen;
}

static void
seen_clear(tasks_seen *s)
{
    free(s->regions);
    free(s->counts);
    free(s->stats);
    free(s->task);
    free(s->place);
    free(s->id);
    free(s->patterns);
    memset(s, 0, sizeof *s);
}

static void
seen_plan(tasks_seen *s, size_t num_tasks, size_t num_hidden)
{
    size_t i;

    if (s->regions != NULL)
        return;
    s->num_tasks = num_tasks;
    s->num_hidden = num_hidden;
    s->regions = xcalloc(num_tasks, sizeof *s->regions);
    s->counts = xcalloc(num_tasks * num_hidden, sizeof *s->counts);
    s->stats = xcalloc(num_tasks, sizeof *s->stats);
    for (i = 0; i < num_tasks; i++)
        s->regions[i] = (size_t)-1;
}

static size_t
next_task(void *user, size_t num_tasks)
{
    tasks_seen *s = user;

    if (s->ended)
        s->calls_after_end++;
    if (s->given >= s->order_len) {
        s->ended = 1;
        return RC_NO_TASK;
    }
    (void)num_tasks;
    return s->order[s->given++];
}

static void
task_done(void *user, const rc_task_result *r)
{
    tasks_seen *s = user;

    seen_plan(s, r->num_tasks, r->num_hidden);
    if (r->index >= s->num_tasks || s->regions[r->index] != (size_t)-1
        || r->num_tasks != s->num_tasks || !(r->seconds >= 0.0)) {
        s->bad_calls++;
        return;
    }
    s->regions[r->index] = r->regions;
    memcpy(s->counts + r->index * s->num_hidden, r->layer_counts,
           s->num_hidden * sizeof *s->counts);
    s->stats[r->index] = r->stats;
}

static int
region_seen(void *user, const rc_region *r)
{
    tasks_seen *s = user;
    size_t k;

    if (s->n == s->cap) {
        s->cap = 2 * s->cap + 1024;
        s->task = realloc(s->task, s->cap * sizeof *s->task);
        s->place = realloc(s->place, s->cap * sizeof *s->place);
        s->id = realloc(s->id, s->cap * sizeof *s->id);
        s->patterns = realloc(s->patterns, s->cap * s->plen);
        if (!s->task || !s->place || !s->id || !s->patterns)
            abort();
    }
    s->task[s->n] = rc_region_task(r, &k);
    s->place[s->n] = k;
    s->id[s->n] = rc_region_id(r);
    memcpy(s->patterns + s->n * s->plen, rc_region_pattern(r), s->plen);
    s->n++;
    return 0;
}

static rc_status
run(tasks_seen *s, rc_enum_summary *sum, const rc_net *net,
    const rc_domain *dom, int threads, const size_t *order, size_t len,
    int choose)
{
    rc_enum_opts o;
    rc_error err;
    rc_status st;

    rc_enum_opts_init(&o);
    o.threads = threads;
    o.geometry = 0;
    o.task_done = task_done;
    o.task_user = s;
    if (choose)
        o.next_task = next_task;
    s->order = order;
    s->order_len = len;
    st = rc_enumerate_each(net, dom, &o, region_seen, s, sum, &err);
    if (s->regions == NULL)
        seen_plan(s, sum->num_tasks, sum->num_hidden);
    return st;
}

static void
test_plan_and_subsets(void)
{
    static const int threads[] = {1, 2, 3};
    int which;
    size_t i, k, t;

    for (which = 0; which < 3; which++) {
        rc_net *net = test_net(which);
        size_t n = rc_net_num_inputs(net), plen = rc_net_num_neurons(net);
        rc_domain *dom = test_unit_box(n);
        tasks_seen full, run_t, even, odd;
        rc_enum_summary fs, ts, es, os;
        size_t *order, *first, nt, H, ne = 0, no = 0, total;
        rc_enum_stats st;

        rc_enum_summary_init(&fs);
        seen_init(&full, plen);
        CU_ASSERT_EQUAL_FATAL(run(&full, &fs, net, dom, 1, NULL, 0, 0), RC_OK);
        nt = fs.num_tasks;
        H = fs.num_hidden;
        printf("\n  net %d: %zu tasks, %zu regions", which, nt, fs.num_regions);
        CU_ASSERT(nt >= 4);
        CU_ASSERT_EQUAL(fs.tasks_run, nt);
        CU_ASSERT_EQUAL(full.bad_calls, 0);
        CU_ASSERT_FATAL(fs.top_counts != NULL);
        /* The whole run from its tasks. */
        total = 0;
        st = fs.top_stats;
        for (t = 0; t < nt; t++) {
            CU_ASSERT_FATAL(full.regions[t] != (size_t)-1);
            total += full.regions[t];
            st.classifications += full.stats[t].classifications;
            st.cuts += full.stats[t].cuts;
            st.exact_decisions += full.stats[t].exact_decisions;
        }
        CU_ASSERT_EQUAL(total, fs.num_regions);
        CU_ASSERT_EQUAL(st.classifications, fs.stats.classifications);
        CU_ASSERT_EQUAL(st.cuts, fs.stats.cuts);
        CU_ASSERT_EQUAL(st.exact_decisions, fs.stats.exact_decisions);
        for (k = 0; k < H; k++) {
            size_t c = fs.top_counts[k];
            for (t = 0; t < nt; t++)
                c += full.counts[t * H + k];
            CU_ASSERT_EQUAL(c, fs.layer_counts[k]);
        }
        /* Ids in the whole run: by task, then place. */
        first = xcalloc(nt + 1, sizeof *first);
        for (t = 0; t < nt; t++)
            first[t + 1] = first[t] + full.regions[t];
        for (i = 0; i < full.n; i++)
            if (full.task[i] >= nt
                || full.id[i] != first[full.task[i]] + full.place[i] + 1) {
                CU_FAIL("a region's id is not its task's first id + place");
                break;
            }
        /* The same plan, task by task, on 1, 2 and 3 threads with every
         * task chosen in order. */
        order = xcalloc(nt, sizeof *order);
        for (t = 0; t < nt; t++)
            order[t] = t;
        for (i = 0; i < 3; i++) {
            rc_enum_summary_init(&ts);
            seen_init(&run_t, plen);
            CU_ASSERT_EQUAL(run(&run_t, &ts, net, dom, threads[i], order, nt, 1),
                            RC_OK);
            CU_ASSERT_EQUAL(ts.num_tasks, nt);
            CU_ASSERT_EQUAL(run_t.calls_after_end, 0);
            CU_ASSERT(memcmp(run_t.regions, full.regions,
                             nt * sizeof *full.regions) == 0);
            CU_ASSERT(memcmp(run_t.counts, full.counts,
                             nt * H * sizeof *full.counts) == 0);
            CU_ASSERT(memcmp(run_t.stats, full.stats,
                             nt * sizeof *full.stats) == 0);
            CU_ASSERT(memcmp(ts.top_counts, fs.top_counts,
                             H * sizeof *fs.top_counts) == 0);
            CU_ASSERT(run_t.n == full.n
                      && memcmp(run_t.patterns, full.patterns, full.n * plen) == 0);
            rc_enum_summary_clear(&ts);
            seen_clear(&run_t);
        }
        /* Disjoint subsets: even tasks in order, odd ones backwards. */
        for (t = 0; t < nt; t += 2)
            order[ne++] = t;
        rc_enum_summary_init(&es);
        seen_init(&even, plen);
        CU_ASSERT_EQUAL(run(&even, &es, net, dom, 2, order, ne, 1), RC_OK);
        for (t = nt; t-- > 0;)
            if (t % 2 == 1)
                order[no++] = t;
        rc_enum_summary_init(&os);
        seen_init(&odd, plen);
        CU_ASSERT_EQUAL(run(&odd, &os, net, dom, 3, order, no, 1), RC_OK);
        CU_ASSERT_EQUAL(es.tasks_run, ne);
        CU_ASSERT_EQUAL(os.tasks_run, no);
        CU_ASSERT_EQUAL(es.num_regions + os.num_regions, fs.num_regions);
        for (k = 0; k < H; k++) {
            CU_ASSERT_EQUAL(es.top_counts[k], fs.top_counts[k]);
            CU_ASSERT_EQUAL(es.layer_counts[k] + os.layer_counts[k]
                            - os.top_counts[k], fs.layer_counts[k]);
        }
        /* Each region is the whole run's region of its task and place;
         * the odd run's come backwards, task by task, numbered 1, 2, ... */
        for (i = 0; i < even.n + odd.n; i++) {
            const tasks_seen *s = i < even.n ? &even : &odd;
            size_t j = i < even.n ? i : i - even.n, tk = s->task[j];
            size_t id = tk < nt ? first[tk] + s->place[j] : 0;
            if (tk >= nt || id >= full.n
                || memcmp(s->patterns + j * plen, full.patterns + id * plen,
                          plen) != 0
                || s->id[j] != j + 1
                || (j > 0 && s == &odd && s->task[j - 1] < tk)) {
                CU_FAIL("a subset's region is not the whole run's");
                break;
            }
        }
        free(order);
        free(first);
        seen_clear(&full);
        seen_clear(&even);
        seen_clear(&odd);
        rc_enum_summary_clear(&fs);
        rc_enum_summary_clear(&es);
        rc_enum_summary_clear(&os);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

static void
test_bad_next_task(void)
{
    rc_net *net = test_net(0);
    rc_domain *dom = test_unit_box(2);
    size_t order[2] = {1, 1};
    tasks_seen s;
    rc_enum_summary sum;

    rc_enum_summary_init(&sum);
    seen_init(&s, rc_net_num_neurons(net));
    CU_ASSERT_EQUAL(run(&s, &sum, net, dom, 2, order, 2, 1), RC_ERR_ARG);
    CU_ASSERT_EQUAL(sum.complete, 0);
    seen_clear(&s);
    order[0] = 100000;
    seen_init(&s, rc_net_num_neurons(net));
    CU_ASSERT_EQUAL(run(&s, &sum, net, dom, 1, order, 1, 1), RC_ERR_ARG);
    CU_ASSERT_EQUAL(s.n, 0);
    seen_clear(&s);
    /* No task at all: only the top levels. */
    seen_init(&s, rc_net_num_neurons(net));
    CU_ASSERT_EQUAL(run(&s, &sum, net, dom, 2, order, 0, 1), RC_OK);
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT_EQUAL(sum.num_regions, 0);
    CU_ASSERT_EQUAL(sum.tasks_run, 0);
    CU_ASSERT(sum.num_tasks > 0);
    CU_ASSERT_EQUAL(sum.layer_counts[0], sum.top_counts[0]);
    seen_clear(&s);
    rc_enum_summary_clear(&sum);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* ---- parts of tasks --------------------------------------------------------- */

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ c[i]) * 0x100000001b3ULL;
    return h;
}

/* Everything a region holds, as bits. */
static uint64_t
fingerprint(const rc_region *r, size_t plen, size_t n, size_t outputs)
{
    uint64_t h = fnv(0xcbf29ce484222325ULL, rc_region_pattern(r), plen);
    size_t i;
    double v;

    for (i = 0; i < rc_region_num_facets(r); i++) {
        double b;
        rc_owner owner;
        h = fnv(h, rc_region_facet(r, i, &b, &owner), n * sizeof(double));
        h = fnv(h, &b, sizeof b);
        h = fnv(h, &owner, sizeof owner);
    }
    for (i = 0; i < rc_region_num_vertices(r); i++)
        h = fnv(h, rc_region_vertex(r, i), n * sizeof(double));
    for (i = 0; i < rc_region_num_rays(r); i++)
        h = fnv(h, rc_region_ray(r, i), n * sizeof(double));
    if (rc_region_interior_point(r) != NULL)
        h = fnv(h, rc_region_interior_point(r), n * sizeof(double));
    v = rc_region_chebyshev_radius(r);
    h = fnv(h, &v, sizeof v);
    v = rc_region_volume(r);
    h = fnv(h, &v, sizeof v);
    h = fnv(h, rc_region_output_A(r), outputs * n * sizeof(double));
    h = fnv(h, rc_region_output_c(r), outputs * sizeof(double));
    return h;
}

typedef struct part {
    size_t task, first, count, regions;
} part;

typedef struct parts_run {
    size_t plen, n;
    /* The parts to give (made at the first call from the plan). */
    part *give;
    size_t num_give, given;
    int layout;                /* 0: scrambled; 1: overlap; 2: past the end */
    /* What came back: parts done, in order; regions, in order. */
    part *done;
    size_t num_done;
    size_t num_tasks, num_hidden;
    size_t *counts;            /* per task, summed over its parts */
    rc_enum_stats *stats;
    uint64_t *print;
    size_t num_regions, cap;
    int bad_calls;
} parts_run;

/* Tasks backwards; of each, single nodes in reverse order (odd tasks) or
 * two halves, the second first (even tasks). */
static size_t
next_part(void *user, size_t num_tasks, const size_t *nodes, size_t *first,
          size_t *count)
{
    parts_run *p = user;

    if (p->give == NULL) {
        size_t t, k, n = 0;
        for (t = 0; t < num_tasks; t++)
            n += nodes[t] + 2;
        p->give = xcalloc(n, sizeof *p->give);
        for (t = num_tasks; t-- > 0;) {
            if (p->layout == 1) {           /* node 0 twice */
                p->give[n = p->num_give++] = (part){t, 0, nodes[t], 0};
                p->give[p->num_give++] = (part){t, 0, 1, 0};
                break;
            }
            if (p->layout == 2) {           /* one node past the end */
                p->give[p->num_give++] = (part){t, 0, nodes[t] + 1, 0};
                break;
            }
            if (t % 2 == 1 || nodes[t] < 2) {
                for (k = nodes[t]; k-- > 0;)
                    p->give[p->num_give++] = (part){t, k, 1, 0};
            } else {
                p->give[p->num_give++] = (part){t, nodes[t] / 2,
                                                nodes[t] - nodes[t] / 2, 0};
                p->give[p->num_give++] = (part){t, 0, nodes[t] / 2, 0};
            }
        }
    }
    if (p->given == p->num_give)
        return RC_NO_TASK;
    *first = p->give[p->given].first;
    *count = p->give[p->given].count;
    return p->give[p->given++].task;
}

static void
part_done(void *user, const rc_task_result *r)
{
    parts_run *p = user;
    size_t k;

    if (p->counts == NULL) {
        p->num_tasks = r->num_tasks;
        p->num_hidden = r->num_hidden;
        p->counts = xcalloc(r->num_tasks * r->num_hidden, sizeof *p->counts);
        p->stats = xcalloc(r->num_tasks, sizeof *p->stats);
        p->done = xcalloc(p->num_give, sizeof *p->done);
    }
    if (r->index >= p->num_tasks || p->num_done >= p->num_give
        || r->count == 0 || r->first + r->count > r->nodes) {
        p->bad_calls++;
        return;
    }
    p->done[p->num_done++] = (part){r->index, r->first, r->count, r->regions};
    for (k = 0; k < p->num_hidden; k++)
        p->counts[r->index * p->num_hidden + k] += r->layer_counts[k];
    p->stats[r->index].classifications += r->stats.classifications;
    p->stats[r->index].cuts += r->stats.cuts;
    p->stats[r->index].exact_decisions += r->stats.exact_decisions;
    p->stats[r->index].exact_signs += r->stats.exact_signs;
}

static int
part_region(void *user, const rc_region *r)
{
    parts_run *p = user;

    if (p->num_regions == p->cap) {
        p->cap = 2 * p->cap + 1024;
        if ((p->print = realloc(p->print, p->cap * sizeof *p->print)) == NULL)
            abort();
    }
    p->print[p->num_regions++] = fingerprint(r, p->plen, p->n, 1);
    return 0;
}

static rc_status
run_parts(parts_run *p, rc_enum_summary *sum, const rc_net *net,
          const rc_domain *dom, rc_arithmetic arith, int threads, int parts)
{
    rc_enum_opts o;
    rc_error err;

    rc_enum_opts_init(&o);
    o.arithmetic = arith;
    o.threads = threads;
    o.task_done = part_done;
    o.task_user = p;
    if (parts)
        o.next_part = next_part;
    return rc_enumerate_each(net, dom, &o, part_region, p, sum, &err);
}

static void
parts_clear(parts_run *p)
{
    free(p->give);
    free(p->done);
    free(p->counts);
    free(p->stats);
    free(p->print);
}

static void
test_parts(void)
{
    static const rc_arithmetic arith[] = {RC_ARITH_FLOAT, RC_ARITH_FILTERED,
                                          RC_ARITH_EXACT};
    int which, a;

    for (which = 0; which < 3; which++)
        for (a = 0; a < 3; a++) {
            rc_net *net = test_net(which);
            size_t n = rc_net_num_inputs(net), i, j, k, t, H, *first;
            rc_domain *dom = test_unit_box(n);
            parts_run whole, pr;
            rc_enum_summary ws, ps;
            size_t mismatched = 0, at;

            if (arith[a] == RC_ARITH_EXACT && which == 1) {
                rc_domain_free(dom);      /* long in exact arithmetic */
                rc_net_free(net);
                continue;
            }
            memset(&whole, 0, sizeof whole);
            memset(&pr, 0, sizeof pr);
            whole.plen = pr.plen = rc_net_num_neurons(net);
            whole.n = pr.n = n;
            /* The whole run, task by task (num_give: the tasks). */
            whole.num_give = 100000;
            rc_enum_summary_init(&ws);
            rc_enum_summary_init(&ps);
            CU_ASSERT_EQUAL_FATAL(run_parts(&whole, &ws, net, dom, arith[a], 1, 0),
                                  RC_OK);
            CU_ASSERT_EQUAL_FATAL(run_parts(&pr, &ps, net, dom, arith[a], 2, 1),
                                  RC_OK);
            H = ws.num_hidden;
            printf("\n  net %d, %s: %zu tasks in %zu parts, %zu regions", which,
                   arith[a] == RC_ARITH_EXACT ? "exact" : arith[a] == RC_ARITH_FLOAT
                   ? "float" : "default", ws.num_tasks, pr.num_done, ps.num_regions);
            CU_ASSERT_EQUAL(whole.bad_calls + pr.bad_calls, 0);
            CU_ASSERT_EQUAL(whole.num_done, ws.num_tasks);
            CU_ASSERT_EQUAL(pr.num_done, pr.num_give);
            CU_ASSERT(pr.num_done > ws.num_tasks);
            CU_ASSERT_EQUAL(ps.num_regions, ws.num_regions);
            CU_ASSERT_EQUAL_FATAL(pr.num_regions, whole.num_regions);
            for (k = 0; k < H; k++)
                CU_ASSERT_EQUAL(ps.layer_counts[k], ws.layer_counts[k]);
            /* Per task: the parts add up to the whole task. */
            CU_ASSERT(memcmp(pr.counts, whole.counts,
                             ws.num_tasks * H * sizeof *pr.counts) == 0);
            CU_ASSERT(memcmp(pr.stats, whole.stats,
                             ws.num_tasks * sizeof *pr.stats) == 0);
            /* Each region is the whole run's at the same place: its task's
             * first region, plus the regions of the task's earlier parts,
             * plus its place in its part. */
            first = xcalloc(ws.num_tasks + 1, sizeof *first);
            for (t = 0; t < whole.num_done; t++)
                first[whole.done[t].task + 1] = whole.done[t].regions;
            for (t = 0; t < ws.num_tasks; t++)
                first[t + 1] += first[t];
            at = 0;
            for (i = 0; i < pr.num_done; i++) {
                const part *q = &pr.done[i];
                size_t before = 0;
                for (j = 0; j < pr.num_done; j++)
                    if (pr.done[j].task == q->task && pr.done[j].first < q->first)
                        before += pr.done[j].regions;
                for (k = 0; k < q->regions; k++, at++)
                    if (pr.print[at] != whole.print[first[q->task] + before + k])
                        mismatched++;
            }
            CU_ASSERT_EQUAL(at, pr.num_regions);
            CU_ASSERT_EQUAL(mismatched, 0);
            if (mismatched)
                printf(" (%zu regions differ)", mismatched);
            free(first);
            parts_clear(&whole);
            parts_clear(&pr);
            rc_enum_summary_clear(&ws);
            rc_enum_summary_clear(&ps);
            rc_domain_free(dom);
            rc_net_free(net);
        }
}

static void
test_bad_parts(void)
{
    rc_net *net = test_net(0);
    rc_domain *dom = test_unit_box(2);
    int layout;

    for (layout = 1; layout <= 2; layout++) {
        parts_run p;
        rc_enum_summary sum;
        memset(&p, 0, sizeof p);
        p.plen = rc_net_num_neurons(net);
        p.n = 2;
        p.layout = layout;
        rc_enum_summary_init(&sum);
        CU_ASSERT_EQUAL(run_parts(&p, &sum, net, dom, RC_ARITH_FILTERED, 2, 1),
                        RC_ERR_ARG);
        CU_ASSERT_EQUAL(sum.complete, 0);
        parts_clear(&p);
        rc_enum_summary_clear(&sum);
    }
    rc_domain_free(dom);
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"plan: the same on any threads; subsets add up", test_plan_and_subsets},
        {"next_task: bad choices refused, none accepted", test_bad_next_task},
        {"next_part: parts give the whole run's regions, to the bit", test_parts},
        {"next_part: overlapping and out-of-range parts refused", test_bad_parts},
    };

    return test_run_suite("engine_tasks", tests, sizeof tests / sizeof *tests);
}
