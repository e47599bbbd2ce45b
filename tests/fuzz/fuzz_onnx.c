/* fuzz_onnx.c -- libFuzzer target: any bytes as an ONNX model.  The reader
 * must refuse bad input cleanly (malformed protobuf, deep nesting, bad
 * shapes and attributes); what it accepts (small enough) is enumerated on
 * [-1,1]^n in float and exact mode.  Build and run with
 * tests/fuzz/run.sh onnx (clang with libFuzzer, ASan and UBSan). */
#include <stdint.h>
#include <stdlib.h>
#include "relucells.h"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rc_net *net = NULL; rc_error err;
    if (rc_net_read_onnx(&net, data, size, "fuzz", &err) == RC_OK) {
        rc_domain *dom = NULL; rc_partition *p = NULL; rc_enum_opts o;
        size_t n = rc_net_num_inputs(net), i;
        double *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
        for (i = 0; lo && hi && i < n; i++) { lo[i] = -1; hi[i] = 1; }
        if (lo && hi && n <= 3 && rc_net_num_neurons(net) <= 12
            && rc_net_set_input_bounds(net, lo, hi, &err) == RC_OK
            && rc_domain_new_from_net(&dom, net, &err) == RC_OK) {
            rc_enum_opts_init(&o); o.max_regions = 200;
            if (rc_enumerate(&p, net, dom, &o, &err) == RC_OK) rc_partition_free(p);
            o.arithmetic = RC_ARITH_EXACT;
            if (rc_enumerate(&p, net, dom, &o, &err) == RC_OK) rc_partition_free(p);
        }
        free(lo); free(hi);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    return 0;
}
