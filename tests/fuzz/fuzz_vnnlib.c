/* fuzz_vnnlib.c -- libFuzzer target: any bytes as a VNN-LIB property on 3
 * inputs.  The reader must refuse what is not a box cleanly and give
 * lo <= hi when it accepts.  Run with tests/fuzz/run.sh vnnlib. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include "relucells.h"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FILE *f = fmemopen((void *)data, size, "r");
    mpq_t lo[3], hi[3]; rc_error err; size_t i, ignored;
    if (!f || size == 0) { if (f) fclose(f); return 0; }
    for (i = 0; i < 3; i++) { mpq_init(lo[i]); mpq_init(hi[i]); }
    if (rc_vnnlib_read_box(lo, hi, &ignored, 3, f, "fuzz", &err) == RC_OK)
        for (i = 0; i < 3; i++) if (mpq_cmp(lo[i], hi[i]) > 0) abort();
    for (i = 0; i < 3; i++) { mpq_clear(lo[i]); mpq_clear(hi[i]); }
    fclose(f);
    return 0;
}
