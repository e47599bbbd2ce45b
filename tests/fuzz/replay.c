/* replay.c -- run a fuzz target over saved inputs, without libFuzzer:
 * replay FILE...  (make check replays the saved inputs this way). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        uint8_t *buf;
        long size;

        if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
            fprintf(stderr, "replay: %s: cannot read\n", argv[i]);
            return 2;
        }
        rewind(f);
        buf = malloc((size_t)size + 1);
        if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
            fprintf(stderr, "replay: %s: cannot read\n", argv[i]);
            return 2;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, (size_t)size);
        free(buf);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
