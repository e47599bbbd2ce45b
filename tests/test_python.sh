#!/bin/sh
# The Python package's tests (tests/python, pytest), run by /usr/bin/python3
# (the interpreter Debian's python3-numpy, -networkx, -torch serve; set
# RELUCELLS_TEST_PYTHON for another) on the library and program just built.
# Skipped (77) only when that interpreter or numpy is missing; otherwise
# pytest's exit status is the test's.  Tests that need torch, networkx or
# matplotlib skip themselves when those are missing.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PY=${RELUCELLS_TEST_PYTHON:-/usr/bin/python3}

if [ ! -x "$PY" ]; then
    echo "SKIP: $PY not found"
    exit 77
fi
if ! "$PY" -c 'import numpy' 2>/dev/null; then
    echo "SKIP: $PY has no numpy (Debian: python3-numpy)"
    exit 77
fi

PYTHONPATH="$top_srcdir/python${PYTHONPATH:+:$PYTHONPATH}"
RELUCELLS_LIB="$top_builddir/.libs/librelucells.so"
RELUCELLS_CLI="$top_builddir/relucells"
RELUCELLS_LAYOUT="$top_builddir/tests/python/layout"
# Nothing is written into the source tree (read-only under make distcheck).
PYTHONDONTWRITEBYTECODE=1
MPLBACKEND=Agg
export PYTHONPATH RELUCELLS_LIB RELUCELLS_CLI RELUCELLS_LAYOUT \
    PYTHONDONTWRITEBYTECODE MPLBACKEND top_srcdir top_builddir
exec "$PY" -m pytest -q -p no:cacheprovider -o addopts= \
    --rootdir "$top_srcdir/tests/python" "$top_srcdir/tests/python"
