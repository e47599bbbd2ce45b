#!/bin/sh
# relucells-mpi, end to end on 3 ranks (mpirun --oversubscribe): 'count'
# gives the output of 'relucells count' (every layer count and the decision
# counters) on 2D and 3D networks, a degenerate one, exactly (--exact), in
# floating point over R^2, and on a random network with many tasks; its
# checkpoint resumes in 'relucells count' and back; a checkpoint of another
# network is refused (exit 2); a rank killed with SIGKILL ends the job
# (mpirun exits non-zero, no hang) and the checkpoint resumes to the
# uninterrupted counts.  Skipped (77) when relucells-mpi was not built
# (configure found no MPI) or mpirun is missing.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
RC="$top_builddir/relucells"
MPI="$top_builddir/relucells-mpi"
if [ ! -x "$MPI" ]; then
    echo "SKIP: relucells-mpi not built (configure found no MPI)"
    exit 77
fi
MPIRUN=${MPIRUN:-$(command -v mpirun)}
if [ -z "$MPIRUN" ]; then
    echo "SKIP: mpirun not found (Debian: openmpi-bin)"
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

# Root may run mpirun only when it says so; one core each is plenty.
run3() {
    timeout 300 "$MPIRUN" --allow-run-as-root --oversubscribe -n 3 \
        "$MPI" count --threads 1 "$@"
}
running() {
    [ -r "/proc/$1/stat" ] || return 1
    ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}
tasks_in() { c=$(grep -c '^task ' "$1" 2>/dev/null); echo "${c:-0}"; }

# same ARGS...: relucells-mpi on 3 ranks prints what relucells prints.
same() {
    "$RC" count --quiet --threads 1 "$@" > "$T/one" 2>&1
    run3 "$@" > "$T/three" 2> "$T/err"
    st=$?
    check "$*: exit 0 (got $st: $(head -c 300 "$T/err"))" [ "$st" -eq 0 ]
    check "$*: the output of relucells count" cmp -s "$T/one" "$T/three"
    grep -q '^regions: [1-9]' "$T/three" || ko "$*: no count"
}

D="$top_srcdir/tests/data"
same "$top_srcdir/examples/small2d.nnet"
same "$D/small3d.nnet"
same "$D/degenerate_lines.nnet"
same --unbounded "$D/degenerate_lines.nnet"
same --exact "$D/degenerate_lines.nnet"
same --exact "$top_srcdir/examples/small2d.nnet"
same --exact "$D/small3d.nnet"
same --float --unbounded "$top_srcdir/examples/small2d.nnet"

# Many tasks: a random 3-24-24-24-1 network (about 950 tasks).
NET="$T/net.nnet"
"$RC" random --widths 3,24,24,24,1 --init normal:1.4,0.5 --seed 7 -o "$NET"
same "$NET"
same --exact --box -0.5,0.5 "$NET"

# Checkpoints: written by rank 0, read by relucells count and back.
"$RC" count --quiet --threads 1 "$NET" > "$T/ref"
run3 --checkpoint "$T/ck" "$NET" > "$T/out" 2>&1
check "with a checkpoint: the same output" cmp -s "$T/ref" "$T/out"
"$RC" count --quiet --checkpoint "$T/ck" "$NET" > "$T/out" 2>&1
check "relucells count reads relucells-mpi's checkpoint" cmp -s "$T/ref" "$T/out"
head -n 400 "$T/ck" > "$T/ck2"
run3 --checkpoint "$T/ck2" "$NET" > "$T/out" 2>&1
check "relucells-mpi resumes a checkpoint" cmp -s "$T/ref" "$T/out"
check "... and completes it" [ "$(tasks_in "$T/ck2")" -eq "$(tasks_in "$T/ck")" ]
"$RC" random --widths 3,24,24,24,1 --init normal:1.4,0.5 --seed 8 -o "$T/other.nnet"
run3 --checkpoint "$T/ck" "$T/other.nnet" > /dev/null 2> "$T/err"
st=$?
check "another network's checkpoint: exit 2 (got $st)" [ "$st" -eq 2 ]
check "... with the file and line named" grep -q "relucells-mpi: $T/ck:2: " "$T/err"
run3 "$T/missing.nnet" > /dev/null 2> "$T/err"
st=$?
check "a missing network: exit 2 (got $st)" [ "$st" -eq 2 ]
check "... one message" [ "$(grep -c missing.nnet "$T/err")" -eq 1 ]

# A rank killed midway ends the job; the checkpoint resumes it.
BIG="$T/big.nnet"
"$RC" random --widths 3,40,40,40,40,1 --init normal:1.4,0.5 --seed 7 -o "$BIG"
"$RC" count --quiet --threads 2 "$BIG" > "$T/bigref"
CK="$T/bigck"
run3 --checkpoint "$CK" "$BIG" > /dev/null 2> "$T/err" &
pid=$!
n=1500
while running "$pid" && [ "$n" -gt 0 ] && [ "$(tasks_in "$CK")" -lt 3 ]; do
    n=$((n - 1))
    sleep 0.02
done
victim=$(pgrep -f "relucells-mpi count --threads 1 --checkpoint $CK" | tail -n 1)
if [ -n "$victim" ] && running "$pid"; then
    kill -9 "$victim"
    n=3000           # a minute
    while running "$pid" && [ "$n" -gt 0 ]; do
        n=$((n - 1))
        sleep 0.02
    done
    check "a killed rank ends the job within a minute" [ "$n" -gt 0 ]
    wait "$pid"
    st=$?
    pid=
    check "mpirun exits non-zero after a rank died (got $st)" [ "$st" -ne 0 ]
    echo "a rank was killed after $(tasks_in "$CK") tasks"
else
    echo "note: the run ended before a rank could be killed"
    wait "$pid"
    pid=
fi
"$RC" count --quiet --threads 2 --checkpoint "$CK" "$BIG" > "$T/out" 2>&1
check "the killed job's checkpoint resumes to the uninterrupted counts" \
    cmp -s "$T/bigref" "$T/out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
