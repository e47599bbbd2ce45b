#!/bin/sh
# End-to-end tests of 'relucells path', 'paths' and 'random': outputs in
# text, JSON and CSV that agree with each other and across arithmetics,
# the values options, determinism of seeds and threads, and exit statuses
# with one-line errors.  JSON checks use /usr/bin/python3 and are skipped
# without it.  Prints "N passed, N failed" and exits non-zero on failure.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
RC="$top_builddir/relucells"
EX="$top_srcdir/examples/small2d.nnet"
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    d=$1; shift
    if "$@"; then ok; else ko "$d"; fi
}
run() { # run STATUS_EXPECTED ARGS...
    want=$1; shift
    "$RC" "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        ko "relucells $* exited $got, expected $want: $(head -c 300 "$T/err")"
        return 1
    fi
    ok
}
have_py() { [ -x "$PY" ] && "$PY" -c 'import json' 2>/dev/null; }
if ! have_py; then echo "note: $PY missing: JSON checks skipped"; fi

# --- help
for c in path paths random; do
    run 0 $c --help && check "$c --help shows usage" grep -q "Usage: relucells $c" "$T/out"
done

# --- random: the seed names the network; the initialisations
run 0 random --widths 3,12,10,2 --seed 7 -o "$T/a.nnet"
run 0 random --widths 3,12,10,2 --seed 7 -o "$T/b.nnet"
check "the same seed gives the same network" cmp -s "$T/a.nnet" "$T/b.nnet"
run 0 random --widths 3,12,10,2 --seed 8 -o "$T/c.nnet"
check "another seed another network" test -n "$(cmp "$T/a.nnet" "$T/c.nnet" 2>&1)"
for init in he-normal he-uniform normal:1.5,0.2 truncated-normal:1,1; do
    run 0 random --widths 4,5,1 --init $init -o "$T/i.nnet"
    run 0 info "$T/i.nnet" && check "$init: 4-5-1" grep -q 'architecture: 4-5-1' "$T/out"
done
run 0 random --widths 4,5,1 --init he-normal -o "$T/i.onnx"
run 0 info "$T/i.onnx" && check "random writes ONNX for .onnx" grep -q 'ONNX' "$T/out"
run 2 random --widths 4,5,1 --init gauss -o "$T/x.nnet"
check "a bad --init is one line naming it" grep -q "gauss" "$T/err"
run 2 random --widths 4 -o "$T/x.nnet"
run 2 random --widths 4,5,1
run 0 random --points 6 --dim 3 --seed 3 -o "$T/s.csv"
check "random points: 6 lines of 3 numbers" test "$(grep -c '^[^,]*,[^,]*,[^,]*$' "$T/s.csv")" -eq 6
run 0 random --points 6 --dim 3 --seed 3 --init truncated-normal:1,1 -o "$T/st.csv"
check "truncated points lie in [-1, 1]" awk -F, '{for (i = 1; i <= NF; i++) if ($i > 1 || $i < -1) exit 1}' "$T/st.csv"

# --- path: text, JSON and CSV agree; float, default and exact agree
run 0 path --from -1,-1 --to 1,0.5 "$EX" || exit 1
NB=$(grep -c '^breakpoint ' "$T/out")
check "several break points" test "$NB" -gt 5
check "text ends with the per-layer table" grep -q '^output ' "$T/out"
run 0 path --float --from -1,-1 --to 1,0.5 "$EX"
check "float: the same number" test "$(grep -c '^breakpoint ' "$T/out")" -eq "$NB"
run 0 path --exact --from -1,-1 --to 1,0.5 "$EX"
check "exact: the same number" test "$(grep -c '^breakpoint ' "$T/out")" -eq "$NB"
check "exact t are fractions" grep -q '^breakpoint 1  t [0-9]*/[0-9]*  ' "$T/out"
run 0 path --format csv --from -1,-1 --to 1,0.5 "$EX"
check "CSV: header, start, break points, end" test "$(wc -l < "$T/out")" -eq $((NB + 3))
check "CSV header" grep -q '^t,kind,layer,flips,value1,gradient1$' "$T/out"
if have_py; then
    run 0 path --format json --from -1,-1 --to 1,0.5 -o "$T/p.json" "$EX"
    run 0 path --format json --exact --from -1,-1 --to 1,0.5 -o "$T/q.json" "$EX"
    check "JSON: schema, counts, pieces in order, exact agrees" "$PY" - "$T/p.json" "$T/q.json" "$NB" <<'PY'
import json, sys
from fractions import Fraction
p = json.load(open(sys.argv[1])); q = json.load(open(sys.argv[2])); nb = int(sys.argv[3])
for d in (p, q):
    assert d["format"] == "relucells-path" and d["version"] == 1 and d["complete"]
    assert d["num_breakpoints"] == nb == len(d["breakpoints"])
    assert len(d["pieces"]) == nb + 1
    for k in ("layer_transitions", "layer_patterns", "trajectory_length"):
        assert k in d, k
    assert len(d["trajectory_length"]) == 5
    assert sum(d["layer_transitions"]) == sum(len(b["flips"]) for b in d["breakpoints"])
    for b in d["breakpoints"]:
        assert set(b) >= {"t", "x", "flips", "value", "gap", "layer"}
        assert min(f["layer"] for f in b["flips"]) == b["layer"]
    pieces = d["pieces"]
    for a, b in zip(pieces, pieces[1:]):
        assert a["t1"] == b["t0"] and a["pattern"] != b["pattern"]
assert p["exact"] is False and q["exact"] is True and q["arithmetic"] == "exact"
for a, b in zip(p["breakpoints"], q["breakpoints"]):
    assert abs(a["t"] - float(Fraction(b["t"]))) < 1e-12
    assert a["flips"] == b["flips"]
    # the exact point is X0 + t (X1 - X0), exactly
    t = Fraction(b["t"])
    x = [Fraction(-1) + t * 2, Fraction(-1) + t * Fraction(3, 2)]
    assert [Fraction(v) for v in b["x"]] == x
for a, b in zip(p["pieces"], q["pieces"]):
    assert a["pattern"] == b["pattern"]
    assert abs(a["slope"][0] - b["slope"][0]) <= 1e-9 * (1 + abs(b["slope"][0]))
    assert abs(float(Fraction(b["slope_t"][0])) - b["slope"][0] * 2.5) < 1e-9 * (1 + abs(b["slope"][0]))
PY
fi

# --- a random network in 6 dimensions, points from files, polyline, arc
run 0 random --widths 6,16,16,3 --seed 11 -o "$T/r.nnet"
printf '0.5\n-1\n2\n0\n1.25\n-0.75\n' > "$T/x0"
printf '1,1,-2,0.5,0,3\n' > "$T/x1"
run 0 path --from @"$T/x0" --to @"$T/x1" "$T/r.nnet"
NR=$(grep -c '^breakpoint ' "$T/out")
check "6D path has break points" test "$NR" -gt 3
run 0 path --exact --from 0.5,-1,2,0,1.25,-0.75 --to @"$T/x1" "$T/r.nnet"
check "exact 6D: same count" test "$(grep -c '^breakpoint ' "$T/out")" -eq "$NR"
printf '# a polyline\n0.5,-1,2,0,1.25,-0.75\n1,1,-2,0.5,0,3\n0,0,0,0,0,0\n' > "$T/poly"
run 0 path --polyline "$T/poly" "$T/r.nnet"
check "polyline: t runs to 2" grep -q 'segment 2: t in \[1, 2\]' "$T/out"
NP=$(grep -c '^breakpoint ' "$T/out")
check "polyline: at least the first segment's break points" test "$NP" -ge "$NR"
run 0 path --arc @"$T/x0",@"$T/x1",pi "$T/r.nnet"
NA=$(grep -c '^breakpoint ' "$T/out")
run 0 path --exact --arc @"$T/x0",@"$T/x1",pi "$T/r.nnet"
check "arc: exact and default agree" test "$(grep -c '^breakpoint ' "$T/out")" -eq "$NA"
run 0 path --arc 1,0,0,0,0,0,0,1,0,0,0,0 "$T/r.nnet"
check "arc given inline, default 2pi" grep -q 'theta in \[0, 6.28318530717958' "$T/out"

# --- ONNX: the same random network as ONNX gives the same path, exactly
run 0 random --widths 6,16,16,3 --seed 11 -o "$T/r.onnx"
run 0 path --exact --from @"$T/x0" --to @"$T/x1" "$T/r.nnet" && cp "$T/out" "$T/pn"
run 0 path --exact --from @"$T/x0" --to @"$T/x1" "$T/r.onnx"
check "the NNet and ONNX of one network: the same exact path" cmp -s "$T/out" "$T/pn"

# --- the values options
if have_py; then
    run 0 path --format json --from @"$T/x0" --to @"$T/x1" -o "$T/all.json" "$T/r.nnet"
    run 0 path --format json --output-index 2 --from @"$T/x0" --to @"$T/x1" -o "$T/k.json" "$T/r.nnet"
    run 0 path --format json --combine 1,0,-0.5 --from @"$T/x0" --to @"$T/x1" -o "$T/c.json" "$T/r.nnet"
    check "--output-index and --combine pick and combine the outputs" "$PY" - "$T/all.json" "$T/k.json" "$T/c.json" <<'PY'
import json, sys
a, k, c = (json.load(open(f)) for f in sys.argv[1:4])
assert k["values"] == {"combine": [0, 1, 0]} and c["values"] == {"combine": [1, 0, -0.5]}
assert len(a["breakpoints"]) == len(k["breakpoints"]) == len(c["breakpoints"])
for x, y, z in zip(a["breakpoints"], k["breakpoints"], c["breakpoints"]):
    assert len(y["value"]) == 1 and abs(y["value"][0] - x["value"][1]) < 1e-12
    assert abs(z["value"][0] - (x["value"][0] - 0.5 * x["value"][2])) < 1e-12
    assert abs(z["gap"][0] - (x["gap"][0] - 0.5 * x["gap"][2])) < 1e-12
assert a["trajectory_length"][:3] == k["trajectory_length"][:3]
PY
fi
run 2 path --output-index 4 --from @"$T/x0" --to @"$T/x1" "$T/r.nnet"
check "--output-index out of range names the range" grep -q '1 to 3' "$T/err"
run 2 path --combine 1,2 --from @"$T/x0" --to @"$T/x1" "$T/r.nnet"
check "--combine needs one coefficient per output" grep -q '2 coefficients for 3 outputs' "$T/err"

# --- ONNX: the same random network as ONNX gives the same path, exactly
run 0 random --widths 6,16,16,3 --seed 11 -o "$T/r.onnx"
run 0 path --exact --from @"$T/x0" --to @"$T/x1" "$T/r.nnet" && cp "$T/out" "$T/pn"
run 0 path --exact --from @"$T/x0" --to @"$T/x1" "$T/r.onnx"
check "the NNet and ONNX of one network: the same exact path" cmp -s "$T/out" "$T/pn"

# --- the values options of graph and lipschitz: the network of g = c^T f
run 0 random --widths 2,10,10,3 --seed 4 -o "$T/g3.nnet"
run 0 graph --output-index 2 "$T/g3.nnet" && cp "$T/out" "$T/g_k"
run 0 graph --combine 0,1,0 "$T/g3.nnet"
check "graph: --combine e2 is --output-index 2" cmp -s "$T/out" "$T/g_k"
run 0 graph "$T/g3.nnet"
check "graph: one output's jumps differ from all outputs'" test -n "$(cmp "$T/out" "$T/g_k" 2>&1)"
run 0 lipschitz --output-index 3 --format json -o "$T/l.json" "$T/g3.nnet"
run 2 lipschitz --combine 1,2 "$T/g3.nnet"
if have_py; then
    run 0 lipschitz --format json -o "$T/lall.json" "$T/g3.nnet"
    check "lipschitz: one output's constant is at most all outputs'" "$PY" - "$T/l.json" "$T/lall.json" <<'PY'
import json, sys
one, every = (json.load(open(f)) for f in sys.argv[1:3])
g1 = one["global"]["lipschitz"] if isinstance(one.get("global"), dict) else one["global_lipschitz"]
g2 = every["global"]["lipschitz"] if isinstance(every.get("global"), dict) else every["global_lipschitz"]
assert 0 < g1 <= g2 * (1 + 1e-12), (g1, g2)
PY
fi

# --- paths: consecutive pairs agree with one path each; threads agree
run 0 random --points 5 --dim 6 --seed 4 -o "$T/s6.csv"
run 0 paths --samples "$T/s6.csv" --pairs consecutive "$T/r.nnet" || exit 1
KM=$(sed -n 's/^break points K: mean \([^ ]*\) .*/\1/p' "$T/out")
SUM=0
for i in 1 2 3 4; do
    sed -n "${i}p" "$T/s6.csv" > "$T/a"
    sed -n "$((i + 1))p" "$T/s6.csv" > "$T/b"
    "$RC" path --from @"$T/a" --to @"$T/b" "$T/r.nnet" > "$T/one" || ko "path $i"
    SUM=$((SUM + $(grep -c '^breakpoint ' "$T/one")))
done
check "paths: K mean is that of the paths one by one ($KM vs $SUM/4)" \
    awk -v a="$KM" -v b="$SUM" 'BEGIN { exit !(a * 4 == b) }'
run 0 paths --samples "$T/s6.csv" --pairs consecutive --arc pi/2 "$T/r.nnet"
KA=$(sed -n 's/^break points K: mean \([^ ]*\) .*/\1/p' "$T/out")
SUM=0
for i in 1 2 3 4; do
    sed -n "${i}p" "$T/s6.csv" > "$T/a"
    sed -n "$((i + 1))p" "$T/s6.csv" > "$T/b"
    "$RC" path --arc @"$T/a",@"$T/b",pi/2 "$T/r.nnet" > "$T/one" || ko "path --arc $i"
    SUM=$((SUM + $(grep -c '^breakpoint ' "$T/one")))
done
check "paths --arc: K mean is that of the arcs one by one ($KA vs $SUM/4)" \
    awk -v a="$KA" -v b="$SUM" 'BEGIN { exit !(a * 4 == b) }'
check "paths --arc: no deflection" grep -q 'defined along segments only' "$T/out"
run 0 paths --samples "$T/s6.csv" --pairs 30 --seed 2 --threads 1 --format json --grid 4 -o "$T/t1.json" "$T/r.nnet"
run 0 paths --samples "$T/s6.csv" --pairs 30 --seed 2 --threads 2 --format json --grid 4 -o "$T/t2.json" "$T/r.nnet"
check "paths: the same with 1 and 2 threads" cmp -s "$T/t1.json" "$T/t2.json"
run 0 paths --samples "$T/s6.csv" --pairs 30 --seed 3 --format json -o "$T/t3.json" "$T/r.nnet"
check "paths: another seed, other pairs" test -n "$(cmp "$T/t1.json" "$T/t3.json" 2>&1)"
if have_py; then
    check "paths JSON: schema and sums" "$PY" - "$T/t1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "relucells-paths" and d["version"] == 1 and d["paths"] == 30
assert sum(h["count"] for h in d["k"]["histogram"]) == 30
assert len(d["kubo"]["deflection_grid"]) == 5
assert d["kubo"]["deflection_grid"][0]["deflection"] < 1e-12   # D(0) = 0
assert d["kubo"]["deflection_grid"][4]["deflection"] < 1e-12   # D(1) = 0
assert abs(sum(l["share"] for l in d["kim"]["layers"]) - 100) < 1e-9
assert len(d["raghu"]["trajectory_length"]) == 4
PY
fi
printf 'a,b,c,d,e,f\n1,2,3,4,5,6\n1,2,3,4,5,7\n' > "$T/h.csv"
run 0 paths --samples "$T/h.csv" --pairs all --exact "$T/r.nnet"
check "a header line is skipped" grep -q '^paths: 1 ' "$T/out"

# --- errors and limits
run 2 path --from 1,2 "$EX"
check "--from without --to" grep -q 'give one path' "$T/err"
run 2 path --from 1,2,3 --to 1,1 "$EX"
check "too many numbers" grep -q -- '--from: more than 2 numbers' "$T/err"
run 2 path --from 1,x --to 1,1 "$EX"
check "not a number" grep -q "'x' is not a number" "$T/err"
run 2 path --from 1,1 --to 1,1 "$EX"
check "a segment of one point" grep -q 'same point' "$T/err"
run 2 path --from @"$T/nope" --to 1,1 "$EX"
check "a missing file" grep -q 'cannot open' "$T/err"
run 2 path --arc 1,0,0,1,7 "$EX"
check "an angle beyond 2 pi" grep -q 'angle' "$T/err"
run 3 path --max-breakpoints 2 --format json --from -1,-1 --to 1,0.5 -o "$T/lim.json" "$EX"
check "a limit writes what it found" grep -q '"complete": false' "$T/lim.json"
run 2 paths --samples "$T/nope.csv" "$EX"
printf '1,2\n3\n' > "$T/bad.csv"
run 2 paths --samples "$T/bad.csv" "$EX"
check "a short sample names file and line" grep -q 'bad.csv:2: 1 numbers, expected 2' "$T/err"
run 2 paths --samples "$T/s6.csv" --pairs 0 "$T/r.nnet"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
