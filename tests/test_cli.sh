#!/bin/sh
# End-to-end tests of the relucells program: outputs, exit statuses, and
# one-line errors naming file and line for bad input.  Prints
# "N passed, N failed" and exits non-zero on any failure.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
RC="$top_builddir/relucells"
EX="$top_srcdir/examples/small2d.nnet"
BAD="$top_srcdir/tests/data/bad"
ACAS="$top_srcdir/../shared/data/acasxu/ACASXU_run2a_1_1_batch_2000.nnet"
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

# Exit status and output of one run: run STATUS_EXPECTED ARGS...
run() {
    want=$1; shift
    "$RC" "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        ko "relucells $* exited $got, expected $want: $(head -c 300 "$T/err")"
        return 1
    fi
    ok
}

# --- help and version for every command
run 0 --help && check "--help names the commands" grep -q enumerate "$T/out"
run 0 --version && check "--version prints the version" grep -q '^relucells ' "$T/out"
for c in enumerate count info graph bounds; do
    run 0 $c --help && check "$c --help shows usage" grep -q "Usage: relucells $c" "$T/out"
done
run 2 frobnicate "$EX"
run 2
run 2 count
run 2 count "$EX" "$EX"

# --- count and enumerate agree, in text and JSON
run 0 count "$EX" || exit 1
N=$(tail -n 1 "$T/out" | sed -n 's/^regions: \([0-9][0-9]*\)$/\1/p')
check "count ends with regions: N" test -n "$N"
check "count finds several regions" test "${N:-0}" -gt 10
run 0 enumerate "$EX"
check "enumerate text ends with the same count" test "$(tail -n 1 "$T/out")" = "regions: $N"
check "enumerate lists N regions" test "$(grep -c '^region ' "$T/out")" -eq "$N"
run 0 enumerate --format json --adjacency -o "$T/e.json" "$EX"
check "-o writes nothing on stdout" test ! -s "$T/out"
if command -v python3 >/dev/null 2>&1; then
    check "JSON is valid and complete" python3 - "$T/e.json" "$N" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert d["format"] == "relucells-partition" and d["version"] == 1
assert d["num_regions"] == n == len(d["regions"]) == d["layer_counts"][-1]
assert d["domain"]["free_inputs"] == ["x1", "x2"] and d["complete"] is True
assert [r["id"] for r in d["regions"]] == list(range(1, n + 1))
pats = set()
for r in d["regions"]:
    for k in ("pattern", "interior_point", "chebyshev_radius_float", "bounded",
              "output_map", "facets", "vertices", "volume"):
        assert k in r, k
    blocks = r["pattern"].split("|")
    assert [len(b) for b in blocks] == [8, 8, 6]
    pats.add(r["pattern"])
    assert r["bounded"] is True and r["chebyshev_radius_float"] > 0
    x = r["interior_point"]
    for f in r["facets"]:
        assert f["owner"]["kind"] in ("neuron", "domain")
        assert sum(a * xi for a, xi in zip(f["a"], x)) < f["b"]
    assert len(r["output_map"]["A"]) == 1 and len(r["output_map"]["c"]) == 1
assert len(pats) == n
assert abs(sum(r["volume"] for r in d["regions"]) - 4.0) < 1e-9
PY
fi

# --- stdin, slices and domains
run 0 count - <"$EX" && check "stdin gives the same count" test "$(tail -n 1 "$T/out")" = "regions: $N"
run 0 count --box -1,1 "$EX" && check "--box -1,1 is the default box" test "$(tail -n 1 "$T/out")" = "regions: $N"
run 0 count --box -1,0,-1,1 "$EX"
M=$(tail -n 1 "$T/out" | sed 's/regions: //')
check "half the box has fewer regions" test "$M" -lt "$N"
run 0 count --unbounded "$EX"
U=$(tail -n 1 "$T/out" | sed 's/regions: //')
check "R^2 has at least the regions of the box" test "$U" -ge "$N"
run 0 enumerate --unbounded --format json -o "$T/u.json" "$EX"
if command -v python3 >/dev/null 2>&1; then
    check "unbounded regions are flagged" python3 - "$T/u.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
unb = [r for r in d["regions"] if not r["bounded"]]
assert unb, "R^2 must have unbounded regions"
assert all(r["volume"] is None for r in unb)
assert all(r["rays"] or r["lines"] for r in unb)
PY
fi
run 0 count --fix 1=0.25 "$EX"
check "a 1D slice has regions" grep -q '^regions: [1-9]' "$T/out"

# --- bad input: exit 2, one line naming file and line, nothing written
for f in "$BAD"/*.nnet; do
    run 2 count "$f"
    check "$(basename "$f"): one line" test "$(wc -l <"$T/err")" -eq 1
    check "$(basename "$f"): names the file" grep -q "$(basename "$f")" "$T/err"
done
run 2 count "$BAD/short_row.nnet" && check "short row names its line" grep -q 'short_row.nnet:[0-9][0-9]*: ' "$T/err"
run 2 count "$T/missing.nnet" && check "missing file is named" grep -q "missing.nnet" "$T/err"
run 2 count --fix 3=0 "$EX" && check "--fix out of range" grep -q "out of range" "$T/err"
run 2 count --fix 1=5 "$EX" && check "--fix outside the box" grep -q "outside" "$T/err"
run 2 count --fix 1=0,2=0 "$EX"
run 2 count --fix x "$EX"
run 2 count --box 1,0 "$EX"
run 2 count --box 0,1,2 "$EX"
run 2 count --box 0,nan "$EX"
run 2 count --box -1,1 --unbounded "$EX"
run 2 enumerate --format xml "$EX"
echo keep >"$T/keep.json"
run 2 enumerate --format json -o "$T/keep.json" "$BAD/nan.nnet"
check "a failed run leaves -o FILE untouched" test "$(cat "$T/keep.json")" = keep
check "and leaves no temporary file" test "$(ls "$T" | grep -c keep.json.tmp)" -eq 0
run 3 count --max-regions 5 "$EX" && check "--max-regions stops" grep -q "more than 5 regions" "$T/err" \
    && check "--max-regions: the partial count says so" grep -q "^stopped: max-regions after" "$T/out"

# --- exact mode: same regions, exact numbers
run 0 count --exact "$EX" && check "exact count equals float count" test "$(tail -n 1 "$T/out")" = "regions: $N"
run 0 enumerate --exact --format json --adjacency -o "$T/x.json" "$EX"
if command -v python3 >/dev/null 2>&1; then
    check "exact JSON: rationals, volumes sum to 4 exactly" python3 - "$T/x.json" "$T/e.json" <<'PY'
import json, sys
from fractions import Fraction
x = json.load(open(sys.argv[1]))
e = json.load(open(sys.argv[2]))
assert x["arithmetic"] == "exact" and e["arithmetic"] == "default"
assert sum(Fraction(r["volume"]) for r in x["regions"]) == 4
assert sorted(r["pattern"] for r in x["regions"]) == sorted(r["pattern"] for r in e["regions"])
for r in x["regions"]:
    p = [Fraction(v) for v in r["interior_point"]]
    assert Fraction(r["interior_margin"]) > 0
    for f in r["facets"]:
        assert sum(Fraction(a) * v for a, v in zip(f["a"], p)) < Fraction(f["b"])
assert len(x["adjacency"]) == len(e["adjacency"]) > 0
regions = {r["id"]: r for r in x["regions"]}
for edge in x["adjacency"]:
    f = edge["facet"]
    a, b = [Fraction(v) for v in f["a"]], Fraction(f["b"])
    assert len(f["vertices"]) >= 2
    for v in f["vertices"]:
        v = [Fraction(c) for c in v]
        assert sum(ai * vi for ai, vi in zip(a, v)) == b
        for side in (edge["a"], edge["b"]):
            for g in regions[side]["facets"]:
                assert sum(Fraction(ai) * vi for ai, vi in zip(g["a"], v)) <= Fraction(g["b"])
PY
fi
run 0 count --exact --box 1/3,1/2,-1,0.1 "$EX"
run 2 count --exact --box 1/0,1 "$EX"

# --- the region graph
run 0 graph "$EX" && check "graph: connected" grep -q '^connected: yes$' "$T/out" \
    && check "graph: per-layer statistics" grep -q '^largest mean jump: layer ' "$T/out"
run 0 graph --neurons "$EX" && check "graph --neurons lists neurons" grep -q '^neuron 3 6 ' "$T/out"
run 0 graph --format csv -o "$T/g.csv" "$EX"
E=$(($(wc -l <"$T/g.csv") - 1))
if command -v python3 >/dev/null 2>&1; then
    check "graph CSV has the JSON adjacency's edges" python3 -c "import json,sys; d=json.load(open('$T/e.json')); sys.exit(len(d['adjacency']) != $E)"
fi
run 0 graph --format dot -o "$T/g.dot" "$EX"
if command -v dot >/dev/null 2>&1; then
    check "DOT renders with Graphviz" dot -Tsvg "$T/g.dot" -o "$T/g.svg"
else
    echo "SKIP: graphviz not installed"
fi
run 0 graph --format graphml -o "$T/g.graphml" "$EX"
if command -v python3 >/dev/null 2>&1 && python3 -c 'import networkx' 2>/dev/null; then
    check "GraphML loads in networkx" python3 -c "
import networkx as nx, sys
g = nx.read_graphml('$T/g.graphml')
sys.exit(not (g.number_of_nodes() == $N and g.number_of_edges() == $E and nx.is_connected(g)))"
else
    echo "SKIP: networkx not available"
fi
run 0 graph --format json -o "$T/g.json" "$EX"
if command -v python3 >/dev/null 2>&1; then
    check "graph JSON: nodes, edges and statistics agree" python3 - "$T/g.json" "$N" "$E" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n, e = int(sys.argv[2]), int(sys.argv[3])
assert d["num_nodes"] == n == len(d["nodes"]) and d["num_edges"] == e == len(d["edges"])
assert d["connected"] is True and d["unmatched_facets"] == 0
assert sum(l["facets"] for l in d["layer_stats"]) == e
assert sum(s["facets"] for s in d["neuron_stats"]) == e
best = max(d["layer_stats"], key=lambda l: l["mean"])
assert d["largest_mean_layer"] == best["layer"]
PY
fi
run 2 graph --format xml "$EX"

# --- atoms and lipschitz (issue 5)
for c in atoms lipschitz; do
    run 0 $c --help && check "$c --help shows usage" grep -q "Usage: relucells $c" "$T/out"
    run 2 $c
    run 2 $c --format xml "$EX"
done
run 0 atoms "$EX" && check "atoms: every check passes" grep -q "^regions: $N  checks failed: 0$" "$T/out"
check "atoms: one block per region" test "$(grep -c '^region ' "$T/out")" -eq "$N"
run 0 lipschitz "$EX" && check "lipschitz: global constant" grep -q '^global Lipschitz constant: ' "$T/out"
check "lipschitz: all regions" test "$(tail -n 1 "$T/out")" = "regions: $N"
PAT=$(sed -n 's/^global Lipschitz constant: .*pattern \(.*\))$/\1/p' "$T/out")
run 0 atoms --region "$PAT" "$EX" && check "--region: one region" grep -q '^regions: 1  checks failed: 0$' "$T/out"
run 2 atoms --region 0101 "$EX" && check "--region: bad pattern" grep -q 'expected 22 bits' "$T/err"
run 2 atoms --region 1111111111111111111111 "$EX" && check "--region: no such region" grep -q 'no region' "$T/err"
run 2 lipschitz --region 0 "$EX"
run 0 atoms --format json -o "$T/a.json" "$EX"
run 0 lipschitz --format json -o "$T/l.json" "$EX"
run 0 lipschitz --normalised --fix 1=0.25 --format json -o "$T/l1.json" "$EX"
run 0 atoms --exact "$EX" && check "atoms --exact: every check passes" grep -q "^regions: $N  checks failed: 0$" "$T/out"
check "atoms --exact: one exact check per region" test "$(grep -c '^  exact check: ok (linear part equal, offset equal)$' "$T/out")" -eq "$N"
run 0 lipschitz --exact "$EX" && check "lipschitz --exact: global square exact" grep -q '^certified: global constant^2 = [0-9]*/[0-9]* exactly' "$T/out"
if command -v python3 >/dev/null 2>&1; then
    check "atoms/lipschitz JSON" python3 - "$T/a.json" "$T/l.json" "$T/l1.json" "$N" <<'PY'
import json, sys
a, l, l1 = (json.load(open(p)) for p in sys.argv[1:4])
n = int(sys.argv[4])
assert a["coordinates"] == "normalised" and a["checks_failed"] == 0
assert a["num_regions"] == n == len(a["regions"])
for r in a["regions"]:
    assert len(r["coefficients"]) == len(r["last"]) == len(r["paths"])
    assert all(len(row) == len(r["first"]) for row in r["coefficients"])
    assert r["check"]["passed"]
assert l["coordinates"] == "raw" and l["num_regions"] == n == len(l["regions"])
g = l["global"]["lipschitz"]
assert g == max(r["local"] for r in l["regions"]) > 0
for r in l["regions"]:
    assert r["local"] <= r["atom_sum"] * (1 + 1e-12) <= r["atom_bound"] * (1 + 1e-12)
for b in l["global"]["bounds"].values():
    assert b["value"] >= g * (1 - 1e-12) and b["ratio"] >= 1 - 1e-12
assert l1["coordinates"] == "normalised" and l1["inputs"] == [2]
assert l1["global"]["lipschitz"] <= g * (1 + 1e-12)
PY
fi

# --- enumerate --atoms --lipschitz: the reports under each region
run 0 enumerate --format json --atoms --lipschitz -o "$T/al.json" "$EX"
run 2 enumerate --atoms "$EX"
if command -v python3 >/dev/null 2>&1; then
    check "enumerate --atoms --lipschitz: figures under every region" python3 - "$T/al.json" "$T/l.json" <<'PY'
import json, sys
d, l = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert all(r["atoms"]["check"]["passed"] for r in d["regions"])
local = {r["pattern"]: r["local"] for r in l["regions"]}
assert all(abs(r["lipschitz"]["local"] - local[r["pattern"]]) <= 1e-12 * (1 + local[r["pattern"]])
           for r in d["regions"])
PY
fi

# --- bounds: Zaslavsky's exact count against the enumeration
DEG="$top_srcdir/tests/data/degenerate_lines.nnet"
run 0 bounds --unbounded "$DEG" && check "bounds: degenerate arrangement, 9 regions, 1 bounded" \
    grep -q 'over R^2: 9 regions, 1 bounded' "$T/out" \
    && check "bounds: the enumeration agrees with Zaslavsky" grep -q '^agree: enumerated first layer 9, Zaslavsky 9$' "$T/out"
run 0 count --unbounded --exact "$DEG" && check "exact count of the degenerate lines: 9" test "$(tail -n 1 "$T/out")" = "regions: 9"
run 0 count --unbounded "$DEG" && check "float count of the degenerate lines: 9" test "$(tail -n 1 "$T/out")" = "regions: 9"
run 0 count --exact "$DEG" && check "the same lines in the box [-2,2]^2: 9" test "$(tail -n 1 "$T/out")" = "regions: 9"
run 0 bounds "$EX" && check "bounds: no failure" grep -q '^failures: 0$' "$T/out"
run 0 bounds --format json -o "$T/b.json" "$EX"
if command -v python3 >/dev/null 2>&1; then
    check "bounds JSON: counts never above the bounds" python3 - "$T/b.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["failures"] == 0 and len(d["layers"]) == 3
for l in d["layers"]:
    assert l["regions"] <= int(l["serra"]) <= int(l["montufar"]) <= int(l["zaslavsky_product"])
assert int(d["first_layer_arrangement"]["regions"]) == 37
PY
fi

# --- ACAS Xu (shared data beside the checkout): the published 2D slice
if [ -f "$ACAS" ]; then
    run 0 count --fix 1=30000,2=0,5=600 "$ACAS"
    check "ACAS Xu 1_1 slice: 7243 regions" test "$(tail -n 1 "$T/out")" = "regions: 7243"
    check "ACAS Xu 1_1 slice: per-layer counts" test "$(grep '^layer' "$T/out" | sed 's/.*: \([0-9]*\) regions/\1/' | tr '\n' ' ')" = "116 633 2313 3831 5588 7243 "
    run 0 info "$ACAS" && check "info: architecture" grep -q '^architecture: 5-50-50-50-50-50-50-5$' "$T/out" \
        && check "info: parameters" grep -q '^parameters: 13305$' "$T/out"
else
    echo "SKIP: $ACAS not found"
fi

# --- pictures, decision boundaries and meshes (issue 14)
PY3=/usr/bin/python3   # Debian's: python3-vtk9 and python3-meshio live there
[ -x "$PY3" ] || { PY3=; echo "SKIP: /usr/bin/python3 not found (SVG, boundary and mesh read-back)"; }
S3="$top_srcdir/tests/data/small3d.nnet"
for c in draw boundary mesh; do
    run 0 $c --help && check "$c --help shows usage" grep -q "Usage: relucells $c" "$T/out"
done
run 0 draw -o "$T/p.svg" "$EX" && check "draw -o writes nothing on stdout" test ! -s "$T/out"
run 0 enumerate --format json -o "$T/d.json" "$EX"
if [ -n "$PY3" ]; then
    check "draw SVG: one region element per region, areas sum to the box" "$PY3" - "$T/p.svg" "$T/d.json" <<'PY'
import json, sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
d = json.load(open(sys.argv[2]))
paths = [e for e in root.iter(ns + "path") if e.get("class") == "region"]
assert sorted(int(e.get("id")) for e in paths) == list(range(1, len(d["regions"]) + 1))
area = 0.0
for e in paths:
    r = d["regions"][int(e.get("id")) - 1]
    pts = [tuple(map(float, t.split())) for t in e.get("d")[1:-1].replace("L", ",").split(",")]
    assert len(pts) == len(r["vertices"])
    for p in pts:
        assert min(abs(p[0] - v[0]) + abs(p[1] - v[1]) for v in r["vertices"]) < 1e-12
    a = 0.5 * sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(pts, pts[1:] + pts[:1]))
    assert a > 0
    area += a
    assert e.find(ns + "title").text.startswith("region %s\npattern %s" % (e.get("id"), r["pattern"]))
assert abs(area - 4.0) < 1e-9
PY
fi
run 0 draw --size 400x300 --color output -o "$T/p.png" "$EX"
check "draw PNG: a 400x300 PNG" test "$(od -An -tx1 -j12 -N12 "$T/p.png" | tr -d ' \n')" = "49484452000001900000012c"
run 0 draw --layers 2 --strip --color layer -o "$T/s.pdf" "$EX" && check "draw PDF" test "$(head -c 4 "$T/s.pdf")" = "%PDF"
run 0 draw --layers 2 --strip --format svg "$EX" && check "--strip --layers 2: two panels" test "$(grep -c '<g class="panel"' "$T/out")" -eq 2
check "--layers 2: no facet of layer 3" test "$(grep -c 'class="facet layer-3"' "$T/out")" -eq 0
run 0 draw --unbounded --view -3,3,-3,3 --color gradient -o "$T/u.svg" "$EX"
run 2 draw "$EX" && check "draw without -o says so" grep -q "needs -o" "$T/err"
run 2 draw -o "$T/p.gif" "$EX" && check "unknown picture format" grep -q "svg, .png or .pdf" "$T/err"
check "no picture left behind" test ! -e "$T/p.gif"
run 2 draw --fix 1=0.25 -o "$T/q.svg" "$EX" && check "draw needs 2D" grep -q "2D domain" "$T/err"
run 2 draw --color rainbow -o "$T/q.svg" "$EX"
run 2 draw --layers 4 -o "$T/q.svg" "$EX" && check "--layers out of range" grep -q "3 hidden layers" "$T/err"
run 2 draw --size 10x10 -o "$T/q.svg" "$EX"
run 2 draw --level 1=0 -o "$T/q.svg" "$EX" && check "--level needs --boundary" grep -q "needs --boundary" "$T/err"
run 0 draw --boundary --level 1=0 -o "$T/lv.svg" "$EX"

run 2 boundary "$EX" && check "boundary of one output: use a level set" grep -q "two outputs" "$T/err"
run 2 boundary --level 2=0 "$EX"
run 2 boundary --level x "$EX"
run 0 boundary --level 1=0 -o "$T/lv.json" "$EX"
check "draw --boundary: one element per segment" test "$(grep -c '<path class="boundary" data-region' "$T/lv.svg")" -eq \
    "$(grep -c '"from"' "$T/lv.json")"
run 0 boundary --exact --level 1=1/10 -o "$T/lx.json" "$EX"
run 0 enumerate --exact --format json -o "$T/dx.json" "$EX"
run 0 boundary --level 1=0 --format csv -o "$T/lv.csv" "$EX"
check "boundary CSV: a line per segment" test "$(($(wc -l <"$T/lv.csv") - 1))" -eq "$(grep -c '"from"' "$T/lv.json")"
if [ -n "$PY3" ]; then
    check "boundary: y1 = 0 at the ends (float), y1 = 1/10 exactly (exact)" "$PY3" - "$T/lv.json" "$T/d.json" "$T/lx.json" "$T/dx.json" <<'PY'
import json, sys
from fractions import Fraction as F
b, d, bx, dx = (json.load(open(p)) for p in sys.argv[1:5])
assert b["kind"] == "level" and b["output"] == 1 and len(b["segments"]) > 5
for s in b["segments"]:
    r = d["regions"][s["region"] - 1]
    A, c = r["output_map"]["A"][0], r["output_map"]["c"][0]
    assert s["classes"] == [1]
    for p in (s["from"], s["to"]):
        assert abs(A[0] * p[0] + A[1] * p[1] + c) < 1e-9
assert bx["arithmetic"] == "exact" and bx["level"] == "1/10"
for s in bx["segments"]:
    r = dx["regions"][s["region"] - 1]
    A, c = [F(v) for v in r["output_map"]["A"][0]], F(r["output_map"]["c"][0])
    for p in (s["from"], s["to"]):
        p = [F(v) for v in p]
        assert A[0] * p[0] + A[1] * p[1] + c == F(1, 10)
        for f in r["facets"]:
            assert sum(F(a) * v for a, v in zip(f["a"], p)) <= F(f["b"])
PY
fi

run 0 count "$S3"
N3=$(tail -n 1 "$T/out" | sed 's/regions: //')
run 0 mesh -o "$T/m.vtu" "$S3" && check "mesh -o writes nothing on stdout" test ! -s "$T/out"
run 0 mesh --facets -o "$T/mf.vtu" "$S3"
run 0 mesh -o "$T/m.ply" "$S3"
run 0 enumerate --format json -o "$T/d3.json" "$S3"
run 0 boundary --format json -o "$T/b3.json" "$S3"
run 2 mesh -o "$T/q.vtu" "$EX" && check "mesh needs 3D" grep -q "3D domain" "$T/err"
run 2 mesh --unbounded -o "$T/q.vtu" "$S3"
run 2 mesh -o "$T/q.obj" "$S3"
if [ -n "$PY3" ] && "$PY3" -c 'import vtk' 2>/dev/null; then
    check "VTU read by VTK: cells, points, faces, face areas = surface areas" "$PY3" - "$T/m.vtu" "$T/d3.json" "$N3" <<'PY'
import json, math, sys, vtk
errors = []
class Catch:
    def __call__(self, obj, event):
        errors.append(event)
r = vtk.vtkXMLUnstructuredGridReader()
r.AddObserver("ErrorEvent", Catch())
r.AddObserver("WarningEvent", Catch())
r.SetFileName(sys.argv[1])
r.Update()
g = r.GetOutput()
d = json.load(open(sys.argv[2]))
n = int(sys.argv[3])
assert not errors and r.GetErrorCode() == 0, errors
assert g.GetNumberOfCells() == n == len(d["regions"])
assert g.GetNumberOfPoints() == sum(len(x["vertices"]) for x in d["regions"])
cd = g.GetCellData()
for name in ("region", "pattern_hash", "output", "gradient_norm", "layer", "volume"):
    assert cd.GetArray(name) is not None, name
assert cd.GetArray("output").GetNumberOfComponents() == 2

def sub(p, q): return [a - b for a, b in zip(p, q)]
def cross(p, q): return [p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0]]
def dot(p, q): return sum(a * b for a, b in zip(p, q))

def facet_area(f, verts):
    # the facet's vertices sorted by angle about their centroid: an order of its own
    on = [v for v in verts if abs(dot(f["a"], v) - f["b"]) < 1e-9]
    c = [sum(v[k] for v in on) / len(on) for k in range(3)]
    u = sub(on[0], c)
    w = cross(f["a"], u)
    on.sort(key=lambda v: math.atan2(dot(sub(v, c), w), dot(sub(v, c), u)))
    s = [0.0, 0.0, 0.0]
    for p, q in zip(on, on[1:] + on[:1]):
        s = [a + b for a, b in zip(s, cross(sub(p, c), sub(q, c)))]
    return 0.5 * math.sqrt(dot(s, s))

for i in range(n):
    cell = g.GetCell(i)
    region = d["regions"][int(cd.GetArray("region").GetValue(i)) - 1]
    assert cell.GetCellType() == vtk.VTK_POLYHEDRON
    assert cell.GetNumberOfFaces() == len(region["facets"])
    area = 0.0
    for k in range(cell.GetNumberOfFaces()):
        pts = cell.GetFace(k).GetPoints()
        P = [pts.GetPoint(j) for j in range(pts.GetNumberOfPoints())]
        s = [0.0, 0.0, 0.0]
        for p, q in zip(P, P[1:] + P[:1]):
            s = [a + b for a, b in zip(s, cross(p, q))]
        area += 0.5 * math.sqrt(dot(s, s))
    surface = sum(facet_area(f, region["vertices"]) for f in region["facets"])
    assert abs(area - surface) < 1e-9 * (1 + surface), (i, area, surface)
    assert abs(cd.GetArray("volume").GetValue(i) - region["volume"]) < 1e-12
PY
    check "VTU facets read by VTK: polygons with layer, neuron, region" "$PY3" - "$T/mf.vtu" "$T/d3.json" <<'PY'
import json, sys, vtk
r = vtk.vtkXMLUnstructuredGridReader()
r.SetFileName(sys.argv[1])
r.Update()
g = r.GetOutput()
d = json.load(open(sys.argv[2]))
neuron = sum(f["owner"]["kind"] == "neuron" for x in d["regions"] for f in x["facets"])
domain = sum(f["owner"]["kind"] == "domain" for x in d["regions"] for f in x["facets"])
assert g.GetNumberOfCells() == neuron // 2 + domain
assert all(g.GetCellType(i) == vtk.VTK_POLYGON for i in range(g.GetNumberOfCells()))
layers = g.GetCellData().GetArray("layer")
assert sorted(set(int(layers.GetValue(i)) for i in range(g.GetNumberOfCells()))) == [0, 1, 2]
PY
else
    echo "SKIP: python3-vtk9 not installed (VTU read-back)"
fi
if [ -n "$PY3" ] && "$PY3" -c 'import meshio' 2>/dev/null; then
    check "meshio reads the VTU and the PLY" "$PY3" - "$T/m.vtu" "$T/m.ply" "$T/d3.json" <<'PY'
import json, sys, meshio
d = json.load(open(sys.argv[3]))
m = meshio.read(sys.argv[1])
assert len(m.points) == sum(len(x["vertices"]) for x in d["regions"])
assert sum(len(b.data) for b in m.cells) == len(d["regions"])
p = meshio.read(sys.argv[2])
neuron = sum(f["owner"]["kind"] == "neuron" for x in d["regions"] for f in x["facets"])
assert sum(len(b.data) for b in p.cells) == neuron // 2
assert len(p.points) == sum(len(b.data[0]) * len(b.data) for b in p.cells)
layer = [v for block in p.cell_data["layer"] for v in block]
assert len(layer) == neuron // 2 and set(layer) == {1, 2}
PY
else
    echo "SKIP: python3-meshio not installed (VTU/PLY read-back)"
fi
if [ -n "$PY3" ]; then
    check "3D boundary: polygons in their regions, outputs tie" "$PY3" - "$T/b3.json" "$T/d3.json" <<'PY'
import json, sys
b, d = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert b["dimension"] == 3 and len(b["polygons"]) > 5
for s in b["polygons"]:
    r = d["regions"][s["region"] - 1]
    A, c = r["output_map"]["A"], r["output_map"]["c"]
    i, j = (k - 1 for k in s["classes"])
    assert len(s["points"]) >= 3
    for p in s["points"]:
        fi = sum(a * x for a, x in zip(A[i], p)) + c[i]
        fj = sum(a * x for a, x in zip(A[j], p)) + c[j]
        assert abs(fi - fj) < 1e-9
        for f in r["facets"]:
            assert sum(a * x for a, x in zip(f["a"], p)) <= f["b"] + 1e-9
PY
fi
if [ -f "$ACAS" ]; then
    run 0 boundary --argmin --fix 1=30000,2=0,5=600 --format csv -o "$T/acas.csv" "$ACAS"
    check "ACAS Xu advisories: boundary segments" test "$(wc -l <"$T/acas.csv")" -gt 100
    run 0 draw --fix 1=30000,2=0,5=600 --color argmin --boundary --output-names COC,WL,WR,SL,SR \
        --input-names rho,theta,psi,v_own,v_int -o "$T/acas.svg" "$ACAS"
    check "ACAS Xu picture: 7243 regions" test "$(grep -c '<path class="region"' "$T/acas.svg")" -eq 7243
    check "ACAS Xu picture: caption with the fixed inputs" grep -q 'slice rho = 30000, theta = 0, v_int = 600' "$T/acas.svg"
    check "ACAS Xu picture: legend names the advisories" grep -q '<text x="[0-9.]*" y="[0-9.]*">SR</text>' "$T/acas.svg"
fi

# --- ONNX and VNN-LIB (issue 12)
OX="$top_srcdir/tests/data/onnx"
ACAS_ONNX="$top_srcdir/../shared/data/onnx/ACASXU_run2a_1_2_batch_2000.onnx"
ACAS_PROP="$top_srcdir/../shared/data/onnx/prop_2.vnnlib"
run 0 convert --help && check "convert --help shows usage" grep -q "Usage: relucells convert" "$T/out"
run 0 info "$OX/old_exporter.onnx" && check "info: ONNX provenance" grep -q '^format: ONNX (IR version 3, opset 8)$' "$T/out" \
    && check "info: operators folded" grep -q '^nodes: 7 (Sub 1, Flatten 1, MatMul 2, Add 2, Relu 1)$' "$T/out" \
    && check "info: architecture" grep -q '^architecture: 2-3-1$' "$T/out" \
    && check "info: no box in the file" grep -q '^domain: none in the file' "$T/out"
run 2 count "$OX/gemm.onnx" && check "an ONNX network needs a box: one line" test "$(wc -l <"$T/err")" -eq 1 \
    && check "and it says so, naming the file" grep -q 'gemm.onnx: an ONNX network has no input box: give --box, --vnnlib or --unbounded' "$T/err"
run 0 count --box -1,1 "$OX/torch_mlp.onnx" && check "torch MLP on [-1,1]^2: 44 regions" test "$(tail -n 1 "$T/out")" = "regions: 44"
run 0 count --exact --box -1,1 "$OX/torch_mlp.onnx" && check "exact: 44" test "$(tail -n 1 "$T/out")" = "regions: 44"
run 0 count --input-format onnx --box -1,1 - <"$OX/torch_mlp.onnx" && check "ONNX on stdin" test "$(tail -n 1 "$T/out")" = "regions: 44"
run 0 count --unbounded "$OX/torch_mlp.onnx"
run 2 count --input-format nnet --box -1,1 "$OX/torch_mlp.onnx" && check "--input-format nnet on ONNX: one line" test "$(wc -l <"$T/err")" -eq 1
run 2 count --input-format xml --box -1,1 "$OX/torch_mlp.onnx"
run 0 count --input-format nnet "$EX" && check "--input-format nnet" test "$(tail -n 1 "$T/out")" = "regions: $N"
# every refused ONNX file: exit 2, one line naming the file and the node
while IFS="$(printf '\t')" read -r f msg; do
    case $f in \#*) continue ;; esac
    run 2 count --box -1,1 "$OX/bad/$f"
    check "$f: one line" test "$(wc -l <"$T/err")" -eq 1
    check "$f: names the file and says why" grep -qF "$f: $msg" "$T/err"
done <"$OX/bad/expected.txt"
# --vnnlib: the box of a property; output assertions noted and skipped
cat >"$T/p.vnnlib" <<'VNN'
(declare-const X_0 Real)
(declare-const X_1 Real)
(declare-const Y_0 Real)
(assert (<= X_0 1))
(assert (>= X_0 -1))
(assert (or (and (<= X_1 1) (>= X_1 -1))))
(assert (>= Y_0 0))
VNN
run 0 count --vnnlib "$T/p.vnnlib" "$OX/torch_mlp.onnx" && check "--vnnlib: the box [-1,1]^2" test "$(tail -n 1 "$T/out")" = "regions: 44" \
    && check "--vnnlib: a note on the output assertion" grep -q 'note: .*p.vnnlib: 1 assertion on outputs ignored' "$T/err"
run 0 count --vnnlib "$T/p.vnnlib" --box -1,0,-1,1 "$OX/torch_mlp.onnx"
check "--box applies on top of --vnnlib" test "$(tail -n 1 "$T/out" | sed 's/regions: //')" -lt 44
run 0 count --vnnlib "$T/p.vnnlib" --fix 1=0.5 "$OX/torch_mlp.onnx" && check "--fix on top of --vnnlib" grep -q '^regions: [1-9]' "$T/out"
run 2 count --vnnlib "$T/p.vnnlib" --unbounded "$OX/torch_mlp.onnx"
printf '(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 X_1))\n' >"$T/bad.vnnlib"
run 2 count --vnnlib "$T/bad.vnnlib" "$OX/torch_mlp.onnx" && check "bad VNN-LIB: one line with file:line" grep -q 'bad.vnnlib:3: a bound relating two inputs is not a box constraint' "$T/err" \
    && check "bad VNN-LIB: one line" test "$(wc -l <"$T/err")" -eq 1
run 2 count --vnnlib "$T/missing.vnnlib" "$OX/torch_mlp.onnx"
# convert: NNet -> ONNX -> NNet, the same regions; NNet -> NNet byte for byte
run 0 convert "$EX" "$T/ex.onnx" && check "convert to ONNX notes the rounded decimals" grep -q 'note: .* not a double and .* rounded' "$T/err"
if /usr/bin/python3 -c 'import onnx' 2>/dev/null; then
    check "the ONNX written passes the onnx checker" /usr/bin/python3 -c "import onnx; onnx.checker.check_model(onnx.load('$T/ex.onnx'))"
fi
run 0 count --box -1,1 "$T/ex.onnx" && check "ONNX copy: same count" test "$(tail -n 1 "$T/out")" = "regions: $N"
run 0 convert --box -1,1 "$T/ex.onnx" "$T/ex2.nnet"
run 0 count "$T/ex2.nnet" && check "back to NNet: same count" test "$(tail -n 1 "$T/out")" = "regions: $N"
run 0 count --exact "$T/ex2.nnet" && check "back to NNet, exact: same count" test "$(tail -n 1 "$T/out")" = "regions: $N"
run 0 convert "$EX" "$T/ex3.nnet"
run 0 convert "$T/ex3.nnet" "$T/ex4.nnet" && check "NNet -> NNet is a fixed point" cmp -s "$T/ex3.nnet" "$T/ex4.nnet"
# Files written look as fopen would make them: 0666 less the umask for a
# new file (not mkstemp's 0600), the old mode for a file replaced.
(umask 022; rm -f "$T/m.onnx"; "$RC" convert "$EX" "$T/m.onnx" 2>/dev/null)
check "a new file gets 0666 less the umask" test "$(stat -c %a "$T/m.onnx")" = 644
chmod 640 "$T/ex4.nnet"
run 0 convert "$T/ex3.nnet" "$T/ex4.nnet" && check "a replaced file keeps its mode" test "$(stat -c %a "$T/ex4.nnet")" = 640
run 0 enumerate --exact --format json -o "$T/x3.json" "$T/ex3.nnet"
if command -v python3 >/dev/null 2>&1; then
    check "NNet copy: the same exact regions" python3 -c "
import json, sys
a, b = json.load(open('$T/x.json')), json.load(open('$T/x3.json'))
key = lambda r: r['pattern']
sys.exit(not ([(r['pattern'], r['output_map']) for r in sorted(a['regions'], key=key)]
              == [(r['pattern'], r['output_map']) for r in sorted(b['regions'], key=key)]))"
fi
run 2 convert "$OX/gemm.onnx" "$T/g.nnet" && check "convert: NNet needs a box" grep -q 'no input box and NNet needs one' "$T/err"
run 2 convert --box -1,1 "$OX/div.onnx" "$T/d.nnet" && check "convert: 1/3 refused" grep -q 'is 1/3 exactly: it has no finite decimal expansion' "$T/err" \
    && check "convert: nothing written" test ! -e "$T/d.nnet"
run 2 convert "$EX"
# ACAS Xu as VNN-COMP ships it, and its NNet copy
if [ -f "$ACAS_ONNX" ] && [ -f "$ACAS_PROP" ]; then
    run 0 info "$ACAS_ONNX" && check "ACAS ONNX: architecture" grep -q '^architecture: 5-50-50-50-50-50-50-5$' "$T/out"
    run 0 count --vnnlib "$ACAS_PROP" --fix 3=0,4=0.475,5=-0.475 "$ACAS_ONNX" && check "ACAS ONNX slice of prop 2: 323 regions" test "$(tail -n 1 "$T/out")" = "regions: 323"
    run 0 convert --vnnlib "$ACAS_PROP" "$ACAS_ONNX" "$T/acas.nnet"
    run 0 count --fix 3=0,4=0.475,5=-0.475 "$T/acas.nnet" && check "its NNet copy: 323" test "$(tail -n 1 "$T/out")" = "regions: 323"
    run 0 count --exact --fix 3=0,4=0.475,5=-0.475 "$T/acas.nnet" && check "its NNet copy, exact: 323" test "$(tail -n 1 "$T/out")" = "regions: 323"
else
    echo "SKIP: $ACAS_ONNX not found"
fi
# The PyTorch example, where torch is installed
if /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
    if /usr/bin/python3 "$top_srcdir/examples/pytorch/train_mlp.py" --steps 100 --out "$T/moons.onnx" \
        --relucells "$RC" >"$T/py.out" 2>"$T/py.err"; then ok; else ko "examples/pytorch/train_mlp.py: $(tail -n 3 "$T/py.err")"; fi
    check "the PyTorch example counts regions" grep -q '^regions: [1-9]' "$T/py.out"
else
    echo "SKIP: torch not available to /usr/bin/python3"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
