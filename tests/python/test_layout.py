"""The ctypes mirrors of the library's structs (python/relucells/_lib.py)
have the C layouts: sizes and field offsets as tests/python/layout prints
them.  A header change that the mirror misses fails here."""

import ctypes
import os
import subprocess

import pytest

from conftest import LAYOUT
from relucells import _lib


def c_layouts():
    if not os.path.exists(LAYOUT):
        pytest.fail("%s is missing: build it with make" % LAYOUT)
    out = subprocess.run([LAYOUT], capture_output=True, text=True,
                         check=True).stdout
    layouts = {}
    for line in out.splitlines():
        name, size, *fields = line.split()
        layouts[name] = (int(size), [(f.split("=")[0], int(f.split("=")[1]))
                                     for f in fields])
    return layouts


def test_every_mirror_is_printed():
    assert set(c_layouts()) == set(_lib.STRUCTS)


@pytest.mark.parametrize("name", sorted(_lib.STRUCTS))
def test_mirror_has_the_c_layout(name):
    size, fields = c_layouts()[name]
    mirror = _lib.STRUCTS[name]
    assert ctypes.sizeof(mirror) == size, name
    names = [f[0] for f in mirror._fields_]
    assert [n.rstrip("_") for n in names] == [f for f, _ in fields], name
    assert [getattr(mirror, n).offset for n in names] == [o for _, o in fields]


def test_options_init_fills_the_mirror():
    """rc_enum_opts_init writes the documented defaults where the mirror
    expects them."""
    opts = _lib.EnumOpts()
    _lib.lib.rc_enum_opts_init(ctypes.byref(opts))
    assert opts.arithmetic == _lib.RC_ARITH_FILTERED
    assert (opts.eps, opts.lp_margin, opts.filter_margin) == (1e-9, 1e-7, 2.0 ** -40)
    assert (opts.max_regions, opts.chebyshev, opts.volume, opts.certify_lp) == (0, 1, 1, 0)
    assert not opts.stop
