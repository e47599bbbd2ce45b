#!/bin/sh
# Fuzz relucells with libFuzzer under ASan and UBSan:
#   tests/fuzz/run.sh [SECONDS] [TARGET]
# TARGET is nnet (any bytes as an NNet file: the reader must refuse bad
# input cleanly; what it accepts is enumerated) or diff (tiny networks at
# extreme scales in the three arithmetics, which must agree; see
# fuzz_diff.c).  Default: 120 seconds of nnet.  Needs clang (Debian: clang,
# libclang-rt-14-dev) and the packages of .ci/deps.  A crash leaves crash-*
# files in the current folder; new interesting inputs of diff are kept in
# tests/fuzz/corpus_diff.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
target=${2:-nnet}
work=$(mktemp -d)
srcs=$(ls "$top"/src/*/*.c | grep -v /cli/)
clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
    -I"$top/include" -I"$top/src" "$top/tests/fuzz/fuzz_$target.c" $srcs \
    -o "$work/fuzz_$target" -lcddgmp -lglpk -llapacke -lgmp -ljansson -lm
if [ "$target" = diff ]; then
    corpus="$top/tests/fuzz/corpus_diff"
    mkdir -p "$corpus"
else
    corpus="$work/corpus"
    mkdir -p "$corpus"
    cp "$top"/tests/data/*.nnet "$top"/tests/data/bad/*.nnet "$top"/examples/*.nnet "$corpus"/
fi
maxlen=4000
[ "$target" = diff ] && maxlen=128
"$work/fuzz_$target" -max_total_time="${1:-120}" -max_len=$maxlen "$corpus"
