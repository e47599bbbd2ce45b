/* stream_stats.c -- statistics of the regions of a network without keeping
 * the regions: rc_enumerate_each hands each finished region to a callback,
 * which looks at it and lets it go, so memory stays flat however many
 * regions there are.  Runs on every core, shows its progress on stderr and
 * stops after SECONDS if given (what it saw so far is still printed, and
 * the exit status says it is partial).
 *
 * Build: cc stream_stats.c $(pkg-config --cflags --libs relucells)
 * Run:   ./stream_stats NET [SECONDS]
 * Prints the number of regions, how many have k active neurons, the
 * total volume of the bounded ones and the largest region.  Exit status 0
 * when complete, 3 when the time limit cut it short, 2 on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <relucells.h>

/* What the callback keeps: a few numbers per run, none per region. */
typedef struct stats {
    size_t neurons;          /* length of a pattern */
    size_t regions;
    size_t *by_active;       /* by_active[k]: regions with k neurons on */
    double bounded_volume;
    size_t largest_id;       /* 0 until a bounded region is seen */
    double largest_volume;
    unsigned char *largest_pattern;
} stats;

/* The engine calls this with each region in order (ids 1, 2, ...), from
 * one thread at a time, so st needs no lock even with many threads.  The
 * region lives only during the call: copy what must outlive it. */
static int
take_region(void *user, const rc_region *r)
{
    stats *st = user;
    const unsigned char *pattern = rc_region_pattern(r);
    size_t i, active = 0;

    for (i = 0; i < st->neurons; i++)
        active += pattern[i];
    st->by_active[active]++;
    st->regions++;
    if (rc_region_is_bounded(r)) {
        double v = rc_region_volume(r);
        st->bounded_volume += v;
        if (st->largest_id == 0 || v > st->largest_volume) {
            st->largest_id = rc_region_id(r);
            st->largest_volume = v;
            memcpy(st->largest_pattern, pattern, st->neurons);
        }
    }
    return 0;   /* nonzero would stop the enumeration */
}

/* Called every progress_interval seconds, and once more at the end. */
static void
show_progress(void *user, const rc_progress *p)
{
    (void)user;
    if (p->finished)
        fprintf(stderr, "done: %zu regions in %.1f s\n", p->regions, p->elapsed);
    else
        fprintf(stderr, "%zu regions, layer %zu, ~%.0f%% done, %.1f s\n",
                p->regions, p->depth, 100.0 * p->fraction, p->elapsed);
}

int
main(int argc, char **argv)
{
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_enum_opts opts;
    rc_enum_summary summary;
    rc_error err;
    rc_status status;
    stats st;
    size_t k;
    char *end;
    int code = 2;

    memset(&st, 0, sizeof st);
    rc_enum_opts_init(&opts);
    rc_enum_summary_init(&summary);
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s NET [SECONDS]\n", argv[0]);
        return 2;
    }
    if (argc == 3) {
        opts.time_limit = strtod(argv[2], &end);
        if (end == argv[2] || *end != '\0' || !(opts.time_limit >= 0.0)) {
            fprintf(stderr, "%s: not a number of seconds\n", argv[2]);
            return 2;
        }
    }
    opts.threads = 0;                 /* one per core; same result as 1 */
    opts.progress = show_progress;
    opts.progress_interval = 1.0;
    if (rc_net_load(&net, argv[1], RC_NET_AUTO, &err) != RC_OK
        || rc_domain_new_from_net(&dom, net, &err) != RC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        goto done;
    }
    st.neurons = rc_net_num_neurons(net);
    st.by_active = calloc(st.neurons + 1, sizeof *st.by_active);
    st.largest_pattern = malloc(st.neurons + 1);
    if (st.by_active == NULL || st.largest_pattern == NULL) {
        fprintf(stderr, "out of memory\n");
        goto done;
    }

    status = rc_enumerate_each(net, dom, &opts, take_region, &st, &summary, &err);
    /* A limit is not a failure: the regions seen so far are exact. */
    if (status != RC_OK && status != RC_ERR_LIMIT) {
        fprintf(stderr, "%s\n", err.msg);
        goto done;
    }

    printf("regions: %zu\n", st.regions);
    if (summary.complete)
        printf("complete: yes\n");
    else
        printf("complete: no (%s)\n", rc_stop_reason_name(summary.stop_reason));
    printf("active neurons: regions\n");
    for (k = 0; k <= st.neurons; k++)
        if (st.by_active[k] > 0)
            printf("  %zu: %zu\n", k, st.by_active[k]);
    printf("bounded volume: %.12g of %.12g\n", st.bounded_volume,
           rc_domain_volume(dom));
    if (st.largest_id > 0) {
        printf("largest: region %zu, volume %.12g, pattern ", st.largest_id,
               st.largest_volume);
        for (k = 0; k < st.neurons; k++)
            putchar('0' + st.largest_pattern[k]);
        putchar('\n');
    }
    code = summary.complete ? 0 : 3;
done:
    free(st.by_active);
    free(st.largest_pattern);
    rc_enum_summary_clear(&summary);
    rc_domain_free(dom);
    rc_net_free(net);
    return code;
}
