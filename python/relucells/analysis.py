"""Analyses of a network and its regions: bounds on the number of regions,
atomic decompositions of the maps, Lipschitz constants.

Each is computed by the C library (bounds.h, atoms.h, lipschitz.h); the
mathematics is documented there and in relucells(1).
"""

import json
from ctypes import byref, c_double, c_int, c_size_t, c_void_p

from . import _lib
from ._lib import lib, np
from .errors import RC_ERR_NUMERIC, Error

__all__ = ["Bounds", "Atoms", "Lipschitz", "bounds", "partition_atoms",
           "lipschitz"]


# ---- Bounds ----------------------------------------------------------------------

class Bounds:
    """The enumerated count after each hidden layer beside the published
    upper bounds for networks of that shape, and the exact count of the
    first layer's hyperplane arrangement over all of R^n (Zaslavsky).

    Per hidden layer (index k from 0): ``widths``, ``regions`` (the
    enumerated counts, numpy int arrays), ``zaslavsky_product``,
    ``montufar``, ``serra`` (tuples of Python ints: they can exceed 64
    bits), ``tightest`` (names of the smallest bounds), ``ratio`` (regions
    / Serra bound, a float array).  ``first_layer``: a dict with
    ``hyperplanes``, ``rank``, ``characteristic_polynomial`` (coefficients
    of chi(t) from t^0), ``regions`` and ``bounded_regions`` over R^n.
    ``dimension`` (free inputs), ``bounded`` (the domain is a box),
    ``failures`` (counts above a bound, or an unbounded first layer that
    differs from Zaslavsky's count: a bug of the enumeration if not 0).
    ``str(bounds)`` is the table of ``relucells bounds``.
    """

    def __init__(self, data, text):
        layers = data["layers"]
        self.dimension = data["dimension"]
        self.bounded = data["domain"] == "box"
        self.failures = data["failures"]
        self.widths = np().array([l["width"] for l in layers], dtype=int)
        self.regions = np().array([l["regions"] for l in layers], dtype=int)
        self.zaslavsky_product = tuple(int(l["zaslavsky_product"]) for l in layers)
        self.montufar = tuple(int(l["montufar"]) for l in layers)
        self.serra = tuple(int(l["serra"]) for l in layers)
        self.tightest = tuple(l["tightest"] for l in layers)
        self.ratio = np().array([l["ratio"] for l in layers], dtype=float)
        fl = data["first_layer_arrangement"]
        self.first_layer = {
            "hyperplanes": fl["hyperplanes"], "rank": fl["rank"],
            "characteristic_polynomial": [int(c) for c in fl["characteristic_polynomial"]],
            "regions": int(fl["regions"]), "bounded_regions": int(fl["bounded_regions"]),
        }
        self._text = text

    def __str__(self):
        return self._text

    def __repr__(self):
        return "<Bounds: regions %s, serra %s>" % (list(self.regions),
                                                   list(self.serra))


def bounds(partition):
    """The :class:`Bounds` of a partition (``partition.bounds()``)."""
    failures = c_size_t()

    def writer(fmt):
        return lambda f: _lib.call(lib.rc_bounds_write, f, partition.net._ptr,
                                   partition.domain._ptr, partition._ptr, fmt,
                                   byref(failures))
    data = json.loads(_lib.write_to_string(writer(_lib.RC_FORMAT_JSON)))
    text = _lib.write_to_string(writer(_lib.RC_FORMAT_TEXT))
    return Bounds(data, text)


# ---- Atoms -----------------------------------------------------------------------

class Atoms:
    """The atomic decomposition of the network's map for one activation
    pattern (atoms.h): the linear part is the sum over the active neurons i
    of the last hidden layer and j of the first of
    ``coefficients[p, q] * outer(out_vectors[p], in_vectors[q])``, in the
    network's own coordinates (normalised inputs, all of them; un-scaled
    outputs).

    ``first``, ``last`` (the active neurons of the first and last hidden
    layers, from 0), ``coefficients`` (len(last) x len(first)),
    ``path_counts`` (active paths behind each coefficient, uint64;
    ``counts_saturated`` if one overflowed), ``out_vectors`` (columns of
    W_L, one a row), ``in_vectors`` (rows of W_1), ``offset``,
    ``linear_part`` (outputs x inputs).  Fractions when ``exact``.
    ``check(region)`` checks the decomposition against a region's map.
    From :meth:`relucells.Net.atoms` or, with ``region`` and ``checked``
    set, :meth:`relucells.Partition.atoms`.
    """

    def __init__(self):
        self.region = None
        self.checked = None

    @classmethod
    def _new(cls, net, pattern, exact):
        self = cls()
        ptr = c_void_p()
        _lib.call(lib.rc_atoms_new_q if exact else lib.rc_atoms_new,
                  byref(ptr), net._ptr, pattern)
        self._ptr = ptr.value
        self._finalizer = _lib_finalize(self, lib.rc_atoms_free, self._ptr)
        self.net = net
        a = self._ptr
        nf, nl = lib.rc_atoms_num_first(a), lib.rc_atoms_num_last(a)
        n, m = lib.rc_atoms_num_inputs(a), lib.rc_atoms_num_outputs(a)
        first, last = lib.rc_atoms_first(a), lib.rc_atoms_last(a)
        self.exact = bool(exact)
        self.first = np().array([first[k] for k in range(nf)], dtype=int)
        self.last = np().array([last[k] for k in range(nl)], dtype=int)
        counts = lib.rc_atoms_path_counts(a)
        self.path_counts = np().array([counts[k] for k in range(nf * nl)],
                                      dtype=np().uint64).reshape(nl, nf)
        self.counts_saturated = bool(lib.rc_atoms_counts_saturated(a))
        if exact:
            self.coefficients = _lib.fractions(lib.rc_atoms_coefficients_q(a), nl, nf)
            self.out_vectors = _rows(nl, m, lambda p: _lib.q_texts(
                lib.rc_atoms_out_vector_q(a, p), m))
            self.in_vectors = _rows(nf, n, lambda q: _lib.q_texts(
                lib.rc_atoms_in_vector_q(a, q), n))
            self.offset = _lib.fractions(lib.rc_atoms_offset_q(a), m)
            # sum_pq c_pq out_p (x) in_q, in Fractions (numpy object arrays)
            self.linear_part = (self.out_vectors.T.dot(self.coefficients)
                                .dot(self.in_vectors) if nf and nl else
                                np().full((m, n), _lib.Fraction(0), dtype=object))
        else:
            self.coefficients = _lib.doubles(lib.rc_atoms_coefficients(a), nl, nf)
            self.out_vectors = _rows(nl, m, lambda p: _lib.doubles(
                lib.rc_atoms_out_vector(a, p), m), float)
            self.in_vectors = _rows(nf, n, lambda q: _lib.doubles(
                lib.rc_atoms_in_vector(a, q), n), float)
            self.offset = _lib.doubles(lib.rc_atoms_offset(a), m)
            lin = (c_double * max(m * n, 1))()
            lib.rc_atoms_linear_part(lin, a)
            self.linear_part = np().array(lin[:m * n]).reshape(m, n)
        return self

    def check(self, region, tol=1e-9):
        """Check the decomposition against the map y = A x + c of a region
        of a partition of this network (region.partition must be set): the
        identity of rc_atoms_check, with deviations relative to the terms'
        sizes within tol; exactly, equality.  Returns a dict: ``ok``,
        ``message`` (the library's, when not ok) and ``lin_dev``,
        ``off_dev`` (float) or ``lin_ok``, ``off_ok`` (exact: 1 equal, 0
        not, -1 nothing compared)."""
        part = region.partition
        if part is None:
            raise Error("check: the region must belong to a Partition")
        r = lib.rc_partition_region(part._ptr, region.index)
        err = lib.rc_error_new()
        try:
            if self.exact:
                lin_ok, off_ok = c_int(-1), c_int(-1)
                st = lib.rc_atoms_check_q(byref(lin_ok), byref(off_ok), self._ptr,
                                          self.net._ptr, part.domain._ptr, r, err)
                out = {"lin_ok": lin_ok.value, "off_ok": off_ok.value}
            else:
                lin, off = c_double(), c_double()
                st = lib.rc_atoms_check(byref(lin), byref(off), self._ptr,
                                        self.net._ptr, part.domain._ptr, r, tol,
                                        err)
                out = {"lin_dev": lin.value, "off_dev": off.value}
            msg = _lib.message(err)
        finally:
            lib.rc_error_free(err)
        if st not in (0, RC_ERR_NUMERIC):
            from .errors import error_for
            raise error_for(st, msg)
        out["ok"] = st == 0
        out["message"] = msg if st != 0 else None
        return out

    def __repr__(self):
        return "<Atoms: %d x %d coefficients%s>" % (
            len(self.last), len(self.first), " (exact)" if self.exact else "")


def _rows(count, width, row, dtype=object):
    out = np().empty((count, width), dtype=dtype)
    for k in range(count):
        out[k, :] = row(k)
    return out


def _lib_finalize(owner, free, ptr):
    import weakref
    return weakref.finalize(owner, free, ptr)


def partition_atoms(partition):
    """The atoms of every region of a partition, each checked against its
    region (``partition.atoms()``): a list of :class:`Atoms` with
    ``region`` and ``checked`` (the result of :meth:`Atoms.check`)."""
    from .partition import _pattern_bytes
    out = []
    for region in partition:
        atoms = Atoms._new(partition.net,
                           _pattern_bytes(partition.net, region.pattern),
                           partition.exact)
        atoms.region = region
        atoms.checked = atoms.check(region)
        out.append(atoms)
    return out


# ---- Lipschitz -------------------------------------------------------------------

class Lipschitz:
    """Lipschitz constants, region by region, and the bounds beside them
    (lipschitz.h): Euclidean norms, the raw map of the free inputs (or with
    ``normalised`` the network's own coordinates).

    Per region (arrays in the partition's order): ``local`` (||J||_2, the
    constant on the region), ``atom_sum`` and ``atom_bound`` (bounds from
    the atoms); exact partitions also ``local_lo``, ``local_hi`` (a
    certified enclosure) and ``local_sq_lo``, ``local_sq_hi`` (Fractions:
    lo <= ||J||_2^2 <= hi, equal when known exactly).  Whole domain:
    ``global_constant`` (max of local), ``argmax`` (a region id attaining
    it), ``bounds`` (a dict: sigma_power, spectral_product, path_norm,
    l1_power, max_atom_sum, max_atom_bound), ``sigma``, ``C``, ``alpha``,
    ``beta``, ``unit_columns``, ``unit_rows``; exact: ``global_lo``,
    ``global_hi``, ``global_exact``.
    """

    def __init__(self, info):
        n = info.num_regions
        regions = [info.regions[k] for k in range(n)]
        self.normalised = bool(info.normalised)
        self.exact = bool(info.exact)
        for name in ("local", "atom_sum", "atom_bound", "local_lo", "local_hi"):
            setattr(self, name, np().array([getattr(r, name) for r in regions],
                                           dtype=float))
        self.global_constant = info.global_
        self.argmax = info.argmax + 1 if n else None
        self.bounds = {name: getattr(info, name) for name in (
            "sigma_power", "spectral_product", "path_norm", "l1_power",
            "max_atom_sum", "max_atom_bound")}
        for name in ("sigma", "C", "alpha", "beta"):
            setattr(self, name, getattr(info, name))
        self.unit_columns = bool(info.unit_columns)
        self.unit_rows = bool(info.unit_rows)
        if self.exact:
            self.local_sq_lo = _lib.fractions(info.local_sq_lo, n)
            self.local_sq_hi = _lib.fractions(info.local_sq_hi, n)
            self.global_lo, self.global_hi = info.global_lo, info.global_hi
            self.global_exact = bool(info.global_exact)
        else:
            self.local_sq_lo = self.local_sq_hi = None
            self.global_lo = self.global_hi = self.global_exact = None

    def __repr__(self):
        return "<Lipschitz: global %g (region %s)%s>" % (
            self.global_constant, self.argmax, " exact" if self.exact else "")


def lipschitz(partition, normalised=False):
    """The :class:`Lipschitz` figures of a partition
    (``partition.lipschitz()``)."""
    opts = _lib.LipschitzOpts()
    lib.rc_lipschitz_opts_init(byref(opts))
    opts.normalised = 1 if normalised else 0
    info = _lib.LipschitzInfo()
    lib.rc_lipschitz_info_init(byref(info))
    try:
        _lib.call(lib.rc_lipschitz_compute, byref(info), partition.net._ptr,
                  partition._ptr, byref(opts))
        return Lipschitz(info)
    finally:
        lib.rc_lipschitz_info_clear(byref(info))
