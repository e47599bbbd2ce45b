#!/bin/sh
# The program stopped from outside, end to end: SIGINT and SIGTERM during
# 'enumerate -o' write what is finished, marked incomplete, and exit 130
# and 143; a second SIGINT ends the program at once without leaving its
# temporary file; --time-limit exits 3 with a partial result; --threads
# does not change a byte of the output; bad --threads and --time-limit
# values are refused; examples/stream_stats agrees with 'count'.
#
# The long runs use a random 2-200-200-200-1 network (a minute or more
# to enumerate) written by bench/gen_random_nnet.py.  Every wait polls
# with a generous timeout, so that a loaded machine is slower, not wrong.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
RC="$top_builddir/relucells"
STATS="$top_builddir/examples/stream_stats"
EX="$top_srcdir/examples/small2d.nnet"
GEN="$top_srcdir/bench/gen_random_nnet.py"
PY3=/usr/bin/python3   # Debian's, as the other scripts use
[ -x "$PY3" ] || PY3=$(command -v python3)
if [ -z "$PY3" ]; then
    echo "SKIP: python3 not found (it writes the test networks)"
    exit 77
fi
T=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null; fi; rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { d=$1; shift; if "$@"; then ok; else ko "$d"; fi; }

# Milliseconds since some fixed time.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Is process $1 running?  (A finished child stays a zombie until 'wait'
# reaps it, and kill -0 still finds a zombie.)
running() {
    [ -r "/proc/$1/stat" ] || return 1
    ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}

# gone PID SECONDS: wait until the process has ended; 1 on timeout.
gone() {
    n=$(($2 * 50))
    while running "$1"; do
        [ "$n" -le 0 ] && return 1
        n=$((n - 1))
        sleep 0.02
    done
    return 0
}

# Size of the temporary file beside $1 (0 when there is none).
tmp_size() {
    s=$(stat -c %s "$1".tmp.* 2>/dev/null | head -n 1)
    echo "${s:-0}"
}

# grow FILE BYTES SECONDS: wait until FILE's temporary file holds BYTES
# while the program ($pid) runs; 1 on timeout or when the program ended.
grow() {
    n=$(($3 * 50))
    while [ "$(tmp_size "$1")" -lt "$2" ]; do
        running "$pid" || return 1
        [ "$n" -le 0 ] && return 1
        n=$((n - 1))
        sleep 0.02
    done
    return 0
}

# The last region count on the --progress lines of file $1.
progress_regions() {
    n=$(tail -n 1 "$1" 2>/dev/null | sed -n 's/^\([0-9][0-9]*\) regions .*/\1/p')
    echo "${n:-0}"
}

no_tmp() { test -z "$(ls "$T" | grep '\.tmp\.')"; }

# The partial JSON of an interrupted or limited run: incomplete, with the
# reason, regions numbered 1..N and N of them announced.
partial_json() { # FILE REASON MIN_REGIONS
    "$PY3" - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [r["id"] for r in d["regions"]]
assert d["complete"] is False, d["complete"]
assert d["stopped"] == sys.argv[2], d.get("stopped")
assert ids == list(range(1, len(ids) + 1)), "ids not consecutive"
assert d["num_regions"] == len(ids), (d["num_regions"], len(ids))
assert len(ids) >= int(sys.argv[3]), len(ids)
PY
}

BIG="$T/big.nnet"
NET2D="$T/2d.nnet"
WIDE="$T/wide.nnet"
"$PY3" "$GEN" 7 2,200,200,200,1 >"$BIG" && "$PY3" "$GEN" 7 2,40,40,1 >"$NET2D" \
    && "$PY3" "$GEN" 7 2,200,1 >"$WIDE"
check "the test networks are written" test -s "$BIG" -a -s "$NET2D" -a -s "$WIDE"

# --- one signal: what is finished is written, marked interrupted
# interrupt SIGNAL STATUS NET [OPTIONS]: send SIGNAL once regions are
# being written.
interrupt() {
    sig=$1
    want=$2
    shift 2
    what="SIG$sig, enumerate $(echo "$*" | sed "s|$T/||")"
    rm -f "$T"/sig.json*
    "$RC" enumerate --format json --quiet -o "$T/sig.json" "$@" 2>"$T/sig.err" &
    pid=$!
    if ! grow "$T/sig.json" 16384 120; then
        ko "$what: no regions written within 120 s (or the run ended)"
        kill -9 "$pid" 2>/dev/null
        wait "$pid"
        pid=
        return
    fi
    kill -"$sig" "$pid"
    if ! gone "$pid" 30; then
        ko "$what: still running 30 s after the signal"
        kill -9 "$pid"
    fi
    wait "$pid"
    st=$?
    pid=
    check "$what: exit $want (got $st)" test "$st" -eq "$want"
    check "$what: no temporary file left" no_tmp
    check "$what: the output is in place" test -s "$T/sig.json"
    check "$what: valid JSON, incomplete, interrupted, ids 1..N" \
        partial_json "$T/sig.json" interrupted 1
    check "$what: one line on stderr" test "$(wc -l <"$T/sig.err")" -le 1
}
interrupt INT 130 "$BIG"
interrupt TERM 143 "$BIG"
# One hidden layer: the tasks only make regions (here slowly, each with
# an exact LP), and the stop must be seen while they do.
interrupt INT 130 "$WIDE" --exact --certify --threads 1

# --- a second SIGINT: the program ends at once, removing its temporary
# file.  With --adjacency every region is written at the end, so after
# the first SIGINT the program spends a while writing the thousands it
# holds: the second one comes while it does (once the temporary file has
# begun to grow), and must not wait for it.
rm -f "$T"/two.json* "$T/two.err"
"$RC" enumerate --format json --adjacency --progress -o "$T/two.json" "$BIG" 2>"$T/two.err" &
pid=$!
n=6000
while [ "$(progress_regions "$T/two.err")" -lt 5000 ] && [ "$n" -gt 0 ] && running "$pid"; do
    n=$((n - 1))
    sleep 0.02
done
if [ "$(progress_regions "$T/two.err")" -ge 5000 ]; then
    kill -INT "$pid"
    if grow "$T/two.json" 1 60; then
        kill -INT "$pid"
        t0=$(now_ms)
        gone "$pid" 30 || kill -9 "$pid"
        took=$(($(now_ms) - t0))
        wait "$pid"
        st=$?
        pid=
        check "second SIGINT: exit 130 (got $st)" test "$st" -eq 130
        check "second SIGINT: ends at once (took $took ms)" test "$took" -lt 3000
        check "second SIGINT: no output file" test ! -e "$T/two.json"
        check "second SIGINT: no temporary file left" no_tmp
    else
        ko "second SIGINT: the partial output was not being written within 60 s"
    fi
else
    ko "second SIGINT: fewer than 5000 regions after 120 s"
fi
if [ -n "$pid" ]; then
    kill -9 "$pid" 2>/dev/null
    wait "$pid"
    pid=
fi

# --- --time-limit: exit 3, the partial result marked, soon
t0=$(now_ms)
"$RC" count --time-limit 0.5 "$BIG" >"$T/out" 2>"$T/err"
st=$?
took=$(($(now_ms) - t0))
check "count --time-limit 0.5: exit 3 (got $st)" test "$st" -eq 3
check "count --time-limit 0.5: says so" grep -q '^stopped: time limit after [0-9]* regions$' "$T/out"
check "count --time-limit 0.5: within 10 s (took $took ms)" test "$took" -lt 10000
check "count --time-limit 0.5: one line on stderr" test "$(wc -l <"$T/err")" -eq 1
"$RC" enumerate --format json --time-limit 0.5 -o "$T/tl.json" "$BIG" 2>"$T/err"
st=$?
check "enumerate --time-limit 0.5: exit 3 (got $st)" test "$st" -eq 3
check "enumerate --time-limit 0.5: partial JSON" partial_json "$T/tl.json" "time limit" 0
check "enumerate --time-limit 0.5: no temporary file left" no_tmp

# --- --threads changes nothing in the output
for net in "$EX" "$NET2D"; do
    "$RC" enumerate --format json --threads 1 -o "$T/t1.json" "$net"
    check "$(basename "$net"): --threads 1 runs" test $? -eq 0
    for t in 0 2 3; do
        "$RC" enumerate --format json --threads $t -o "$T/t$t.json" "$net"
        check "$(basename "$net"): --threads $t runs" test $? -eq 0
        check "$(basename "$net"): --threads $t gives the bytes of --threads 1" \
            cmp -s "$T/t1.json" "$T/t$t.json"
    done
done

# --- bad values: exit 2, one line on stderr, no output file
for args in "--threads -1" "--threads x" "--threads 257" "--threads 2x" \
            "--time-limit -1" "--time-limit x" "--time-limit nan"; do
    # shellcheck disable=SC2086  # $args is two words on purpose
    "$RC" count $args -o "$T/bad.out" "$EX" >"$T/out" 2>"$T/err"
    st=$?
    check "count $args: exit 2 (got $st)" test "$st" -eq 2
    check "count $args: one line on stderr" test "$(wc -l <"$T/err")" -eq 1
    check "count $args: no output file" test ! -e "$T/bad.out"
done

# --- --progress into a file: report lines on stderr, the same output
"$RC" count --quiet "$EX" >"$T/quiet.out" 2>"$T/quiet.err"
"$RC" count --progress "$EX" >"$T/prog.out" 2>"$T/prog.err"
check "--progress does not change the output" cmp -s "$T/quiet.out" "$T/prog.out"
check "--quiet: nothing on stderr" test ! -s "$T/quiet.err"
check "--progress: report lines on stderr" grep -q '^[0-9][0-9]* regions  layer ' "$T/prog.err"

# --- examples/stream_stats: the regions of 'count', statistics that add up
if [ -x "$STATS" ]; then
    N=$("$RC" count "$EX" | sed -n 's/^regions: //p')
    "$STATS" "$EX" >"$T/stats.out" 2>"$T/stats.err"
    check "stream_stats: exit 0" test $? -eq 0
    check "stream_stats: the count of 'relucells count' ($N)" grep -q "^regions: $N\$" "$T/stats.out"
    check "stream_stats: complete" grep -q '^complete: yes$' "$T/stats.out"
    check "stream_stats: by active neurons adds up to $N" \
        test "$(sed -n 's/^  [0-9]*: //p' "$T/stats.out" | awk '{s += $1} END {print s}')" = "$N"
    check "stream_stats: bounded regions tile the box of area 4" \
        grep -q '^bounded volume: 4 of 4$' "$T/stats.out"
    check "stream_stats: its progress ends with done" grep -q "^done: $N regions" "$T/stats.err"
    "$STATS" "$BIG" 0.5 >"$T/stats.out" 2>"$T/stats.err"
    check "stream_stats with a time limit: exit 3" test $? -eq 3
    check "stream_stats with a time limit: says so" grep -q '^complete: no (time limit)$' "$T/stats.out"
    "$STATS" "$EX" -1 >"$T/stats.out" 2>"$T/stats.err"
    check "stream_stats: a negative time limit is refused" test $? -eq 2
else
    ko "$STATS not built"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
