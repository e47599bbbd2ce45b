#!/bin/sh
# 'relucells count --checkpoint', end to end: a run killed with SIGKILL
# midway resumes from its checkpoint to the uninterrupted run's output
# (every layer count, the decision counters), also after a torn last line
# (dropped with a note), and so does a run stopped by --time-limit; a
# finished checkpoint gives the same output
# again at once; a checkpoint of another network, domain or arithmetic,
# a damaged line, a duplicated task or a file that is no checkpoint is
# refused with exit 2 and a message naming the file and the line.
#
# The network is random (relucells random, a fixed seed): 3-40-40-40-40-1,
# about 200,000 regions, about a second on one core.  Waits poll with
# generous timeouts, so that a loaded machine is slower, not wrong.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
RC="$top_builddir/relucells"
T=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null; fi; rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { d=$1; shift; if "$@"; then ok; else ko "$d"; fi; }

running() {
    [ -r "/proc/$1/stat" ] || return 1
    ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}
tasks_in() { c=$(grep -c '^task ' "$1" 2>/dev/null); echo "${c:-0}"; }
plan_of() { sed -n 's/^plan tasks \([0-9]*\) .*/\1/p' "$1" 2>/dev/null; }

NET="$T/net.nnet"
"$RC" random --widths 3,40,40,40,40,1 --init normal:1.4,0.5 --seed 7 -o "$NET" \
    || { echo "FAIL: relucells random"; exit 1; }
"$RC" random --widths 3,40,40,40,40,1 --init normal:1.4,0.5 --seed 8 -o "$T/other.nnet"
"$RC" count --quiet --threads 1 "$NET" > "$T/ref" || ko "the uninterrupted run"

# Killed midway (on one thread, the slower, so that the polls below see
# it midway), then resumed on two.
CK="$T/ck"
"$RC" count --quiet --threads 1 --checkpoint "$CK" "$NET" > /dev/null 2>&1 &
pid=$!
n=1500
while running "$pid" && [ "$n" -gt 0 ]; do
    N=$(plan_of "$CK")
    if [ -n "$N" ] && [ "$(tasks_in "$CK")" -ge $((N / 4)) ]; then
        break
    fi
    n=$((n - 1))
    sleep 0.02
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
N=$(plan_of "$CK")
done_tasks=$(tasks_in "$CK")
echo "killed after $done_tasks of $N tasks"
check "the checkpoint has a plan" [ -n "$N" ]
check "killed midway ($done_tasks of $N tasks recorded)" \
    [ "$done_tasks" -gt 0 -a "$done_tasks" -lt "${N:-0}" ]
# A kill while writing leaves a torn last line: make one.
printf 'task 3 regions 12 lay' >> "$CK"
"$RC" count --quiet --threads 2 --checkpoint "$CK" "$NET" > "$T/resumed" 2> "$T/err"
check "resume exits 0" [ $? -eq 0 ]
check "resume: the uninterrupted run's output" cmp -s "$T/ref" "$T/resumed"
check "the torn line is noted" grep -q "incomplete last line" "$T/err"
check "every task recorded once" [ "$(tasks_in "$CK")" -eq "${N:-0}" ]
check "no task twice" [ "$(grep '^task ' "$CK" | cut -d' ' -f2 | sort -n | uniq -d | wc -l)" -eq 0 ]
# Finished: the same output again.
"$RC" count --quiet --checkpoint "$CK" "$NET" > "$T/again"
check "a finished checkpoint: the same output" cmp -s "$T/ref" "$T/again"

# Stopped by --time-limit (a job's time limit), then resumed.  The whole
# count takes about 1.2 s on one thread here: the limit is a sixth of
# that, so that a faster machine or build still stops midway (1 s was
# passed by a fresh build under CI).
"$RC" count --quiet --threads 1 --time-limit 0.2 --checkpoint "$T/tl" "$NET" > /dev/null 2>&1
st=$?
check "--time-limit with a checkpoint: exit 3 (got $st)" [ "$st" -eq 3 ]
"$RC" count --quiet --threads 2 --checkpoint "$T/tl" "$NET" > "$T/resumed" 2>&1
check "resumed after --time-limit: the uninterrupted run's output" cmp -s "$T/ref" "$T/resumed"

# refused FILE LINE WHAT ARGS...: exit 2, one line naming FILE:LINE.
refused() {
    f=$1; line=$2; what=$3; shift 3
    "$RC" count --quiet --checkpoint "$f" "$@" > /dev/null 2> "$T/err"
    st=$?
    check "$what: exit 2 (got $st)" [ "$st" -eq 2 ]
    check "$what: the message names $f:$line" grep -q "^relucells: $f:$line: " "$T/err"
    check "$what: one line" [ "$(wc -l < "$T/err")" -eq 1 ]
}
cp "$CK" "$T/keep"
refused "$CK" 2 "another network" "$T/other.nnet"
refused "$CK" 3 "another domain" --box -1,0.5 "$NET"
refused "$CK" 4 "another arithmetic" --float "$NET"
refused "$CK" 4 "another tolerance" --float --eps 1e-8 "$NET"
check "a refused run leaves the file alone" cmp -s "$CK" "$T/keep"
sed '7s/regions/regoins/' "$T/keep" > "$T/bad1"
refused "$T/bad1" 7 "a damaged task line" "$NET"
{ cat "$T/keep"; sed -n 6p "$T/keep"; } > "$T/bad2"
refused "$T/bad2" $(($(wc -l < "$T/keep") + 1)) "a task twice" "$NET"
printf 'hello\n' > "$T/bad3"
refused "$T/bad3" 1 "not a checkpoint" "$NET"
sed "5s/tasks [0-9]*/tasks $((N + 5))/" "$T/keep" > "$T/bad4"
refused "$T/bad4" 5 "another plan" "$NET"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
