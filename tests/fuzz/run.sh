#!/bin/sh
# Fuzz the NNet reader and the enumeration with libFuzzer under ASan and
# UBSan: tests/fuzz/run.sh [SECONDS] (default 120).  Needs clang (Debian:
# clang, libclang-rt-14-dev) and the packages of .ci/deps.  Starts from the
# test data as corpus; a crash leaves crash-* files in the current folder.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
cp "$top"/tests/data/*.nnet "$top"/tests/data/bad/*.nnet "$top"/examples/*.nnet "$work"/
clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
    -I"$top/include" -I"$top/src" "$top/tests/fuzz/fuzz_nnet.c" "$top"/src/*.c \
    -o "$work/fuzz_nnet" -lcddgmp -lglpk -llapacke -lgmp -ljansson -lm
"$work/fuzz_nnet" -max_total_time="${1:-120}" -max_len=4000 "$work"
