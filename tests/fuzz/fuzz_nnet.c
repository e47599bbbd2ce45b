/* fuzz_nnet.c -- libFuzzer target: any bytes as an NNet file.  The reader
 * must refuse bad input cleanly; what it accepts (small enough) is
 * enumerated in float and exact mode.  Build and run with
 * tests/fuzz/run.sh (clang with libFuzzer, ASan and UBSan). */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include "relucells.h"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FILE *f = fmemopen((void *)data, size, "r");
    rc_net *net = NULL; rc_error err;
    if (!f || size == 0) { if (f) fclose(f); return 0; }
    if (rc_net_read_nnet(&net, f, "fuzz", &err) == RC_OK) {
        rc_domain *dom = NULL; rc_partition *p = NULL; rc_enum_opts o;
        if (rc_net_num_inputs(net) <= 3 && rc_net_num_neurons(net) <= 12
            && rc_domain_new_from_net(&dom, net, &err) == RC_OK) {
            rc_enum_opts_init(&o); o.max_regions = 200;
            if (rc_enumerate(&p, net, dom, &o, &err) == RC_OK) rc_partition_free(p);
            o.arithmetic = RC_ARITH_EXACT;
            if (rc_enumerate(&p, net, dom, &o, &err) == RC_OK) rc_partition_free(p);
        }
        rc_domain_free(dom);
        rc_net_free(net);
    }
    fclose(f);
    return 0;
}
