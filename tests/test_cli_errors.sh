#!/bin/sh
# The program against a hostile user: every bad input exits 2 with exactly
# one line on stderr (naming the file and line where there is one) and
# creates or changes no file; -o honours the umask, keeps an existing
# file's mode, writes through a symbolic link and leaves no temporary file
# after SIGINT; an unwritable -o fails before the enumeration.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
RC="$top_builddir/relucells"
EX="$top_srcdir/examples/small2d.nnet"
BAD="$top_srcdir/tests/data/bad"
DATA="$top_srcdir/tests/data"
ACAS="$top_srcdir/../shared/data/acasxu/ACASXU_run2a_1_1_batch_2000.nnet"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { d=$1; shift; if "$@"; then ok; else ko "$d"; fi; }

# bad ARGS...: exit 2, one line on stderr, no -o file created
bad() {
    rm -f "$T/new.out"
    "$RC" "$@" -o "$T/new.out" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -ne 2 ]; then
        ko "relucells $* exited $got, expected 2: $(head -c 300 "$T/err")"
        return 1
    fi
    check "relucells $*: one line on stderr" test "$(wc -l <"$T/err")" -eq 1
    check "relucells $*: no output file" test ! -e "$T/new.out"
    check "relucells $*: no temporary file" test -z "$(ls "$T" | grep '\.tmp\.')"
}

# --- every bad file the reader knows, and the new ones
for f in "$BAD"/*.nnet; do
    bad count "$f" && check "$(basename "$f") is named" grep -q "$(basename "$f")" "$T/err"
done
bad count "$BAD/cr_only.nnet" && check "CR-only line endings are named" grep -q "line endings are CR" "$T/err"
# a file that declares a huge network but holds two rows costs what it holds
( ulimit -v 400000; "$RC" count "$BAD/truncated_huge.nnet" >"$T/out" 2>"$T/err"; echo $? >"$T/status" )
check "truncated huge file: exit 2 within 400 MB" test "$(cat "$T/status")" -eq 2
check "truncated huge file: the missing row is named" grep -q 'truncated_huge.nnet:10: unexpected end of file, expected 2 weights' "$T/err"

# --- min == max: a slice, named with its file and line, and --fix makes it
bad count "$DATA/min_eq_max.nnet" && check "min == max: file and line" grep -q 'min_eq_max.nnet:6: input x2: minimum equals maximum' "$T/err" \
    && check "min == max: suggests --fix" grep -q -- '--fix 2=' "$T/err"
"$RC" count --fix 2=10 "$DATA/min_eq_max.nnet" >"$T/out" 2>"$T/err"
check "min == max with --fix: a slice" test $? -eq 0

# --- options
bad count --fix 1=0,1=0.5 "$EX" && check "duplicate --fix" grep -q 'x1 is fixed twice' "$T/err"
bad count --fix 1=0 --fix 1=0.5 "$EX"
bad count --box 0,1,2 "$EX" && check "--box count message" grep -q 'expected 2 or 4 numbers' "$T/err"
bad count --eps 1 "$EX" && check "--eps too large" grep -q 'too large' "$T/err"
bad count --eps -1 "$EX"
bad count --frobnicate "$EX" && check "unknown option: try --help" grep -q "try 'relucells count --help'" "$T/err"
bad enumerate -x "$EX"
bad graph --nope "$EX"
bad count --max-regions -3 "$EX"
"$RC" count -o "" "$EX" >"$T/out" 2>"$T/err"
check "-o '': exit 2" test $? -eq 2
check "-o '': one clear line" grep -q -- '-o: the file name is empty' "$T/err"

# --- -o: mode, symbolic links, a path that cannot be written
( umask 027; "$RC" count -o "$T/m.txt" "$EX" )
check "-o respects the umask" test "$(stat -c %a "$T/m.txt")" = 640
chmod 604 "$T/m.txt"
"$RC" count -o "$T/m.txt" "$EX"
check "-o keeps an existing file's mode" test "$(stat -c %a "$T/m.txt")" = 604
echo old >"$T/target.txt"
ln -s target.txt "$T/link.txt"
"$RC" count -o "$T/link.txt" "$EX"
check "-o through a symbolic link: still a link" test -L "$T/link.txt"
check "-o through a symbolic link: the target is written" grep -q '^regions: ' "$T/target.txt"
if [ -f "$ACAS" ]; then
    start=$(date +%s)
    "$RC" enumerate --exact --fix 1=30000,5=600 -o "$T/no/such/dir/x.json" "$ACAS" >"$T/out" 2>"$T/err"
    st=$?
    check "unwritable -o: exit 2" test $st -eq 2
    check "unwritable -o: fails at once" test $(($(date +%s) - start)) -le 2
    check "unwritable -o: names the path" grep -q 'no/such/dir/x.json' "$T/err"
    # SIGINT while writing: no temporary file left behind
    "$RC" enumerate --format json --fix 1=30000,2=0,5=600 -o "$T/big.json" "$ACAS" 2>/dev/null &
    pid=$!
    sleep 0.3
    kill -INT $pid 2>/dev/null
    wait $pid
    check "SIGINT leaves no temporary file" test -z "$(ls "$T" | grep 'big.json.tmp')"
else
    echo "SKIP: $ACAS not found"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
