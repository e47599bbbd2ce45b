#!/bin/sh
# Fuzz a reader and the enumeration with libFuzzer under ASan and UBSan:
#     tests/fuzz/run.sh [nnet|onnx|vnnlib] [SECONDS]    (default nnet, 120 s)
# (tests/fuzz/run.sh SECONDS fuzzes the NNet reader, as before.)  Targets:
# fuzz_nnet.c (NNet text, then enumeration), fuzz_onnx.c (ONNX protobuf,
# then enumeration), fuzz_vnnlib.c (VNN-LIB boxes).  Needs clang (Debian:
# clang, libclang-rt-14-dev), protoc-c and the packages of .ci/deps.
# Starts from the test data as corpus; a crash leaves crash-* files in the
# current folder.
set -e
target=nnet
case ${1:-} in
    nnet|onnx|vnnlib) target=$1; shift ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
mkdir "$work/corpus" "$work/gen"
case $target in
    nnet) cp "$top"/tests/data/*.nnet "$top"/tests/data/bad/*.nnet "$top"/examples/*.nnet "$work/corpus"/
          maxlen=4000 ;;
    onnx) cp "$top"/tests/data/onnx/*.onnx "$top"/tests/data/onnx/bad/*.onnx "$work/corpus"/
          maxlen=8000 ;;
    vnnlib) cp "$top"/../shared/data/onnx/*.vnnlib "$work/corpus"/ 2>/dev/null || true
          printf '(declare-const X_0 Real)\n(assert (<= X_0 1))\n' >"$work/corpus/seed.vnnlib"
          maxlen=2000 ;;
esac
protoc-c --proto_path="$top/src/io" --c_out="$work/gen" "$top/src/io/onnx.proto"
mkdir "$work/gen/io" && mv "$work/gen"/onnx.pb-c.* "$work/gen/io"/
printf '#define PACKAGE_VERSION "fuzz"\n' >"$work/gen/config.h"
clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
    -I"$top/include" -I"$top/src" -I"$work/gen" -I"$work/gen/io" "$top/tests/fuzz/fuzz_$target.c" \
    "$top"/src/base/*.c "$top"/src/model/*.c "$top"/src/geom/*.c "$top"/src/lp/*.c \
    "$top"/src/kernel/*.c "$top"/src/engine/*.c "$top"/src/result/*.c \
    "$top"/src/analysis/*.c $(ls "$top"/src/io/*.c | grep -v 'pb-c\.c$') "$work/gen/io/onnx.pb-c.c" \
    -o "$work/fuzz_$target" -lprotobuf-c -lcddgmp -lglpk -llapacke -lgmp -ljansson -lm
"$work/fuzz_$target" -max_total_time="${1:-120}" -max_len=$maxlen "$work/corpus"
