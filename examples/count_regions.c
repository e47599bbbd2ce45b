/* count_regions.c -- the smallest use of librelucells: load a network,
 * enumerate its regions on the default domain and print their number and
 * the largest region's pattern.  Build: cc count_regions.c $(pkg-config
 * --cflags --libs relucells). Run: ./count_regions NET.nnet */
#include <stdio.h>
#include <stdlib.h>

#include <relucells.h>

int
main(int argc, char **argv)
{
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err;
    size_t i, best = 0;
    char *pattern;

    if (argc != 2) {
        fprintf(stderr, "usage: %s NET.nnet\n", argv[0]);
        return 2;
    }
    if (rc_net_load_nnet(&net, argv[1], &err) != RC_OK
        || rc_domain_new_from_net(&dom, net, &err) != RC_OK
        || rc_enumerate(&part, net, dom, NULL, &err) != RC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        rc_domain_free(dom);
        rc_net_free(net);
        return 2;
    }
    for (i = 1; i < rc_partition_num_regions(part); i++)
        if (rc_region_volume(rc_partition_region(part, i))
            > rc_region_volume(rc_partition_region(part, best)))
            best = i;
    pattern = malloc(rc_partition_pattern_length(part)
                     + rc_partition_num_hidden(part) + 1);
    if (pattern != NULL) {
        rc_partition_pattern_string(pattern, part, rc_partition_region(part, best));
        printf("regions: %zu\nlargest: %s (volume %g)\n",
               rc_partition_num_regions(part), pattern,
               rc_region_volume(rc_partition_region(part, best)));
    }
    free(pattern);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    return pattern != NULL ? 0 : 1;
}
