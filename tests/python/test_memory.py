"""Memory: objects are freed when collected, and 1,000 enumerations (with
their regions read, graphs and streams) do not grow the process."""

import gc
import os
import weakref

import pytest

import relucells
from conftest import data

SMALL2D = data("examples", "small2d.nnet")


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    pytest.skip("no /proc/self/status")


def work(net, k):
    part = net.enumerate(exact=(k % 10 == 0))
    r = part[k % len(part)]
    r.vertices, r.facets, r.A, r.pattern
    if k % 25 == 0:
        part.graph() if _have_networkx() else None
        for region in net.iter_regions():
            break
    return len(part)


def _have_networkx():
    try:
        import networkx  # noqa: F401
        return True
    except ImportError:
        return False


def test_objects_are_freed_when_collected():
    net = relucells.load(SMALL2D)
    part = net.enumerate()
    region = part[3]
    fin_part, fin_net = part._finalizer, net._finalizer
    del part, net
    gc.collect()
    assert fin_part.alive and fin_net.alive      # the region holds them
    del region
    gc.collect()
    assert not fin_part.alive and not fin_net.alive


def test_memory_does_not_grow_over_1000_enumerations():
    net = relucells.load(SMALL2D)
    for k in range(100):                  # allocators and caches settle
        work(net, k)
    gc.collect()
    before = rss_kib()
    for k in range(1000):
        assert work(net, k) == 155
    gc.collect()
    grown = rss_kib() - before
    # one partition of small2d with its regions is about 100 KiB: a leak of
    # any of them would grow the process by about 100 MiB
    assert grown < 8 * 1024, "RSS grew by %d KiB" % grown
