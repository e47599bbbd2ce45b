#!/bin/sh
# Fuzz relucells with libFuzzer under ASan and UBSan:
#     tests/fuzz/run.sh [SECONDS] [TARGET]     (default 120 s of nnet)
# Targets: nnet (any bytes as an NNet file: the reader must refuse bad
# input cleanly; what it accepts is enumerated), onnx (the same for ONNX
# protobufs), vnnlib (VNN-LIB boxes), diff (tiny networks at extreme
# scales in the three arithmetics, which must agree; see fuzz_diff.c).
# Needs clang (Debian: clang, libclang-rt-14-dev), protoc-c and the
# packages of .ci/deps.  A crash leaves crash-* files in the current
# folder; diff keeps its new interesting inputs in tests/fuzz/corpus_diff.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
target=${2:-nnet}
work=$(mktemp -d)
mkdir "$work/corpus" "$work/gen"
corpus="$work/corpus"
case $target in
    nnet) cp "$top"/tests/data/*.nnet "$top"/tests/data/bad/*.nnet "$top"/examples/*.nnet "$corpus"/
          maxlen=4000 ;;
    onnx) cp "$top"/tests/data/onnx/*.onnx "$top"/tests/data/onnx/bad/*.onnx "$corpus"/
          maxlen=8000 ;;
    vnnlib) cp "$top"/tests/data/vnnlib/*.vnnlib "$corpus"/
          printf '(declare-const X_0 Real)\n(assert (<= X_0 1))\n' >"$corpus/seed.vnnlib"
          maxlen=2000 ;;
    diff) corpus="$top/tests/fuzz/corpus_diff"
          mkdir -p "$corpus" && cp -n "$top"/tests/fuzz/seeds/* "$top"/tests/fuzz/regress/* "$corpus"/
          maxlen=128 ;;
    *) echo "run.sh: unknown target '$target' (nnet, onnx, vnnlib or diff)" >&2
       exit 2 ;;
esac
protoc-c --proto_path="$top/src/io" --c_out="$work/gen" "$top/src/io/onnx.proto"
mkdir "$work/gen/io" && mv "$work/gen"/onnx.pb-c.* "$work/gen/io"/
printf '#define PACKAGE_VERSION "fuzz"\n' >"$work/gen/config.h"
clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
    -I"$top/include" -I"$top/src" -I"$work/gen" -I"$work/gen/io" "$top/tests/fuzz/fuzz_$target.c" \
    $(ls "$top"/src/*/*.c | grep -v '/cli/\|pb-c\.c$') "$work/gen/io/onnx.pb-c.c" \
    $(pkg-config --cflags --libs cairo) \
    -o "$work/fuzz_$target" -lprotobuf-c -lcddgmp -lglpk -llapacke -lgmp -ljansson -lm
"$work/fuzz_$target" -max_total_time="${1:-120}" -max_len=$maxlen "$corpus"
