#!/bin/sh
# relucells-mpi, end to end on 3 ranks (mpirun --oversubscribe): 'count'
# gives the output of 'relucells count' (every layer count and the decision
# counters) on 2D and 3D networks, a degenerate one, exactly (--exact), in
# floating point over R^2, and on a random network with many tasks; its
# checkpoint resumes in 'relucells count' and back; a checkpoint of another
# network is refused (exit 2); a rank killed with SIGKILL ends the job
# (mpirun exits non-zero, no hang) and the checkpoint resumes to the
# uninterrupted counts.  Tasks handed out node by node (--split-below)
# give the same output and checkpoint.
# 'enumerate' gathered by rank 0 writes what 'relucells enumerate --threads
# 1' writes, byte for byte, in text and JSON, on the same networks, with
# --atoms and --certify, with regions waiting in the temporary file
# (--gather-memory 0) and with several threads a rank; with --shards, the
# regions of the shards read in the order of the index, with the ids it
# gives, are the gathered document's, and the summary is that of count;
# stopped, the shards hold the tasks finished and the index says which; a
# time limit or SIGINT leaves a partial document whose regions are the
# first ones of the single-process run (ids 1..n); a killed rank ends the
# job and leaves no output file.  Skipped (77) when relucells-mpi was not built
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
# ranks PATTERN: the ranks whose command line has PATTERN (not mpirun or
# timeout, whose command lines have it too).
ranks() {
    for p in $(pgrep -f "$1"); do
        case $(cat "/proc/$p/comm" 2>/dev/null) in
        mpirun|orterun|prterun|timeout|"") ;;
        *) echo "$p" ;;
        esac
    done
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

# Tasks handed out node by node (--split-below; by default only the last
# few, here all of them): the same output in every arithmetic, and a
# checkpoint of whole tasks that relucells count reads.
same_split() {
    "$RC" count --quiet --threads 1 "$@" > "$T/one" 2>&1
    run3 --split-below 1000000 "$@" > "$T/three" 2> "$T/err"
    st=$?
    check "split $*: exit 0 (got $st: $(head -c 300 "$T/err"))" [ "$st" -eq 0 ]
    check "split $*: the output of relucells count" cmp -s "$T/one" "$T/three"
    check "split $*: tasks were split" \
        grep -q 'handed out node by node ([1-9]' "$T/err"
}
same_split "$D/small3d.nnet"
same_split --float "$D/small3d.nnet"
same_split --exact "$D/small3d.nnet"
same_split "$NET"
same_split --float --box -0.5,0.5 "$NET"
"$RC" count --quiet --threads 1 "$NET" > "$T/ref"
run3 --split-below 1000000 --checkpoint "$T/cks" "$NET" > "$T/out" 2>&1
"$RC" count --quiet --checkpoint "$T/cks" "$NET" > "$T/out2" 2>&1
check "split, with a checkpoint: relucells count reads it" cmp -s "$T/ref" "$T/out2"
check "... and it holds every task" \
    [ "$(tasks_in "$T/cks")" -eq "$(grep -o 'plan tasks [0-9]*' "$T/cks" | cut -d' ' -f3)" ]
run3 --split-below x "$NET" > /dev/null 2> "$T/err"
st=$?
check "--split-below x: exit 2 (got $st)" [ "$st" -eq 2 ]

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
victim=$(ranks "relucells-mpi count --threads 1 --checkpoint $CK" | tail -n 1)
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

# ---- enumerate ----------------------------------------------------------
run3e() {
    timeout 300 "$MPIRUN" --allow-run-as-root --oversubscribe -n 3 \
        "$MPI" enumerate "$@"
}
# esame ARGS...: relucells-mpi enumerate on 3 ranks writes what relucells
# enumerate --threads 1 writes; $EXTRA: options of relucells-mpi only.
EXTRA=
esame() {
    "$RC" enumerate --quiet --threads 1 "$@" > "$T/eone" 2>&1
    run3e --threads 1 $EXTRA "$@" > "$T/ethree" 2> "$T/err"
    st=$?
    check "enumerate $EXTRA $*: exit 0 (got $st: $(head -c 300 "$T/err"))" [ "$st" -eq 0 ]
    check "enumerate $EXTRA $*: the output of relucells enumerate" \
        cmp -s "$T/eone" "$T/ethree"
    grep -q '^regions: [1-9]\|^"num_regions": [1-9]' "$T/ethree" \
        || ko "enumerate $*: no regions"
}
S2="$top_srcdir/examples/small2d.nnet"
for f in text json; do
    esame --format $f "$S2"
    esame --format $f "$D/small3d.nnet"
    esame --format $f "$D/degenerate_lines.nnet"
    esame --format $f --unbounded "$D/degenerate_lines.nnet"
    esame --format $f --exact "$D/small3d.nnet"
    esame --format $f --exact --unbounded "$S2"
    esame --format $f "$NET"
done
esame --float --unbounded "$S2"
esame --format json --atoms "$D/small3d.nnet"
esame --format json --exact --certify "$S2"
"$RC" random --widths 2,30,1 --seed 5 -o "$T/one.nnet"
esame --format json "$T/one.nnet"
EXTRA="--gather-memory 0"
esame --format json "$NET"
esame "$NET"
EXTRA=
check "--gather-memory 0: the regions waited in a temporary file" \
    grep -q 'note: .* MB of regions waited' "$T/err"
"$RC" enumerate --quiet --threads 1 --format json "$NET" > "$T/gref.json"
timeout 300 "$MPIRUN" --allow-run-as-root --oversubscribe -n 2 "$MPI" enumerate \
    --threads 2 --format json -o "$T/g.json" "$NET" 2> "$T/err"
st=$?
check "2 ranks of 2 threads, -o: exit 0 (got $st)" [ "$st" -eq 0 ]
check "2 ranks of 2 threads, -o: the output of relucells enumerate" \
    cmp -s "$T/gref.json" "$T/g.json"
run3e --shards x --format json "$NET" > /dev/null 2> "$T/err"
st=$?
check "--shards with --format: exit 2 (got $st)" [ "$st" -eq 2 ]
run3e --lipschitz --format json "$NET" > /dev/null 2> "$T/err"
st=$?
check "--lipschitz: exit 2 (got $st)" [ "$st" -eq 2 ]

# Shards: every rank's regions, and the index that puts them in order.
# shards_match INDEX GATHERED: the shards' regions in the index's order,
# each with its id (first_id + place) instead of task and place, are the
# gathered document's regions, member for member and in the same order;
# every byte of every shard belongs to one task; the summaries agree.
shards_match() {
    python3 - "$1" "$2" <<'PY'
import json, os, sys
index = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
assert index["format"] == "relucells-shards" and index["version"] == 1
d = os.path.dirname(sys.argv[1])
files = [open(os.path.join(d, s), "rb") for s in index["shards"]]
spans = [[] for _ in files]
regions = []
for t in index["tasks"]:
    f = files[t["shard"]]
    f.seek(t["offset"])
    for k in range(t["regions"]):
        o = json.loads(f.readline())
        assert (o.pop("task"), o.pop("place")) == (t["task"], k), (t, k)
        r = {"id": t["first_id"] + k}
        r.update(o)
        regions.append(r)
    spans[t["shard"]].append((t["offset"], f.tell()))
for f, sp in zip(files, spans):
    sp.sort()
    end = 0
    for a, b in sp:
        assert a == end, "a gap or an overlap in a shard"
        end = b
    assert end == os.fstat(f.fileno()).st_size, "bytes after the last task"
tasks = [t["task"] for t in index["tasks"]]
assert tasks == list(range(index["num_tasks"])), "a task is missing"
assert len(regions) == len(doc["regions"]), (len(regions), len(doc["regions"]))
for a, b in zip(regions, doc["regions"]):
    assert list(a) == list(b) and a == b, a["id"]
for key in ("num_regions", "layer_counts", "complete", "stats"):
    assert index[key] == doc[key], key
PY
}
if command -v python3 > /dev/null; then
    mkdir -p "$T/sh"
    run3e --threads 1 --shards "$T/sh/run" "$NET" > "$T/shsum" 2> "$T/err"
    st=$?
    check "--shards: exit 0 (got $st: $(head -c 300 "$T/err"))" [ "$st" -eq 0 ]
    check "--shards: one file a rank and the index" \
        [ -s "$T/sh/run.0.jsonl" -a -s "$T/sh/run.2.jsonl" -a -s "$T/sh/run.index.json" ]
    "$RC" count --quiet --threads 1 "$NET" > "$T/cref"
    check "--shards: the summary of relucells count" cmp -s "$T/cref" "$T/shsum"
    check "--shards: the shards in the index's order are the gathered regions" \
        shards_match "$T/sh/run.index.json" "$T/gref.json"
    "$RC" enumerate --quiet --threads 1 --format json --exact "$D/small3d.nnet" \
        > "$T/x.json"
    run3e --threads 1 --exact --shards "$T/sh/x" "$D/small3d.nnet" > /dev/null 2>&1
    check "--shards --exact: the shards in the index's order are the gathered regions" \
        shards_match "$T/sh/x.index.json" "$T/x.json"
else
    echo "note: no python3: the shards are not read back"
fi

# A partial document: its regions are the first of the single-process run.
# prefix A B WHY: both stopped early, A for the reason WHY, ids 1..n, one's regions begin the other's.
prefix() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["stopped"] == sys.argv[3], a.get("stopped")
for d in a, b:
    assert not d["complete"]
    assert [r["id"] for r in d["regions"]] == list(range(1, len(d["regions"]) + 1))
    assert d["num_regions"] == len(d["regions"])
n = min(len(a["regions"]), len(b["regions"]))
assert n > 0 and a["regions"][:n] == b["regions"][:n]
PY
}
run3e --threads 1 --time-limit 2 --format json -o "$T/part.json" "$BIG" 2> "$T/err"
st=$?
check "--time-limit: exit 3 (got $st)" [ "$st" -eq 3 ]
"$RC" enumerate --quiet --threads 1 --time-limit 3 --format json -o "$T/part1.json" "$BIG" \
    2> /dev/null
if command -v python3 > /dev/null; then
    check "--time-limit: the first regions of relucells enumerate" \
        prefix "$T/part.json" "$T/part1.json" "time limit"
fi
# Stopped shards: each shard ends with its last task finished, the index
# lists the tasks finished, and the ids after one that was not are null.
shards_partial() {
    python3 - "$1" <<'PY'
import json, os, sys
index = json.load(open(sys.argv[1]))
assert not index["complete"] and index["stopped"] == "time limit"
d = os.path.dirname(sys.argv[1])
files = [open(os.path.join(d, s), "rb") for s in index["shards"]]
spans = [[] for _ in files]
n, gap, next_id = 0, False, 1
for t in index["tasks"]:
    f = files[t["shard"]]
    f.seek(t["offset"])
    for k in range(t["regions"]):
        o = json.loads(f.readline())
        assert (o["task"], o["place"]) == (t["task"], k), (t, k)
    spans[t["shard"]].append((t["offset"], f.tell()))
    gap = gap or t["task"] != n
    assert t["first_id"] == (None if gap else next_id), t
    n += 1
    next_id += t["regions"]
for f, sp in zip(files, spans):
    sp.sort()
    end = 0
    for a, b in sp:
        assert a == end
        end = b
    assert end == os.fstat(f.fileno()).st_size, "a task cut short is left"
assert index["num_regions"] == sum(t["regions"] for t in index["tasks"])
PY
}
if command -v python3 > /dev/null; then
    run3e --threads 1 --time-limit 2 --shards "$T/sh/part" "$BIG" > /dev/null 2>&1
    st=$?
    check "--shards --time-limit: exit 3 (got $st)" [ "$st" -eq 3 ]
    check "--shards --time-limit: the shards hold the tasks finished, indexed" \
        shards_partial "$T/sh/part.index.json"
fi
# SIGINT to mpirun (which passes it on): a partial document, marked so.
# (timeout passes SIGINT on to mpirun, which a background job would ignore.)
timeout 300 "$MPIRUN" --allow-run-as-root --oversubscribe -n 3 "$MPI" enumerate \
    --threads 1 --time-limit 30 --format json -o "$T/int.json" "$BIG" 2> "$T/err" &
pid=$!
# Interrupt once regions are being written (every rank is then past its
# start-up and its signal handlers), not after a fixed time, which a
# loaded machine can spend starting the ranks.
n=1200
while [ "$n" -gt 0 ] && running "$pid"; do
    size=$(cat "$T"/int.json.tmp.* 2>/dev/null | wc -c)
    [ "${size:-0}" -ge 20000 ] && break
    sleep 0.1
    n=$((n - 1))
done
kill -INT "$pid"
wait "$pid"
st=$?
pid=
check "SIGINT: mpirun exits non-zero (got $st)" [ "$st" -ne 0 ]
if command -v python3 > /dev/null; then
    check "SIGINT: the first regions of relucells enumerate, marked interrupted" \
        prefix "$T/int.json" "$T/part1.json" "interrupted"
fi
# A killed rank ends the job; no output file is left.
run3e --threads 1 --format json -o "$T/killed.json" "$BIG" > /dev/null 2> "$T/err" &
pid=$!
sleep 2
victim=$(ranks "relucells-mpi enumerate --threads 1 --format json -o $T/killed.json" | tail -n 1)
if [ -n "$victim" ] && running "$pid"; then
    kill -9 "$victim"
    n=3000
    while running "$pid" && [ "$n" -gt 0 ]; do
        n=$((n - 1))
        sleep 0.02
    done
    check "enumerate: a killed rank ends the job within a minute" [ "$n" -gt 0 ]
    wait "$pid"
    st=$?
    pid=
    check "enumerate: mpirun exits non-zero after a rank died (got $st)" [ "$st" -ne 0 ]
    check "enumerate: no output file after a rank died" [ ! -e "$T/killed.json" ]
else
    echo "note: the enumeration ended before a rank could be killed"
    wait "$pid"
    pid=
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
