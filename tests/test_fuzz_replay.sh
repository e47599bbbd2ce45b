#!/bin/sh
# Every input a fuzzer found worth keeping, replayed through its target:
# tests/fuzz/regress/* (cases that once failed) and tests/fuzz/seeds/* (a
# small spread of the differential fuzzer's corpus) through fuzz_diff, the
# good and bad sample files through the parsers' targets.  A target aborts
# on a disagreement or a sanitizer finding; RC_VALGRIND (set by
# make check-valgrind) runs each replay under valgrind.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
F="$top_srcdir/tests/fuzz"
D="$top_srcdir/tests/data"
fail=0

replay() {
    target=$1
    shift
    if $RC_VALGRIND "$top_builddir/tests/fuzz/replay_$target" "$@" >/dev/null; then
        echo "ok: $target ($# inputs)"
    else
        echo "FAIL: replay of $target"
        fail=1
    fi
}

replay diff "$F"/regress/* "$F"/seeds/*
replay nnet "$D"/*.nnet "$D"/bad/*.nnet "$top_srcdir"/examples/*.nnet
replay onnx "$D"/onnx/*.onnx "$D"/onnx/bad/*.onnx
replay vnnlib "$D"/vnnlib/*.vnnlib
exit $fail
