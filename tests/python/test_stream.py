"""Streaming (Net.iter_regions): the same regions as enumerate, in the same
order, without holding them; leaving early stops the enumeration; limits
and interrupts end it cleanly."""

import _thread
import gc
import threading

import numpy as np
import pytest

import relucells
from conftest import cli_message, data

SMALL2D = data("examples", "small2d.nnet")


@pytest.fixture(scope="module")
def small2d():
    return relucells.load(SMALL2D)


def big_net(seed=5):
    """3 inputs, 2 x 60 neurons: seconds of work."""
    rng = np.random.default_rng(seed)
    return relucells.from_arrays([
        (rng.standard_normal((60, 3)), rng.standard_normal(60)),
        (rng.standard_normal((60, 60)), rng.standard_normal(60)),
        (rng.standard_normal((1, 60)), rng.standard_normal(1))])


@pytest.mark.parametrize("mode", [{}, {"exact": True}, {"unbounded": True}])
def test_stream_equals_enumerate(small2d, mode):
    part = small2d.enumerate(**mode)
    stream = small2d.iter_regions(buffer=4, **mode)
    assert stream.layer_counts is None
    regions = list(stream)
    assert stream.layer_counts == part.layer_counts and stream.complete
    assert stream.stats == part.stats
    assert len(regions) == len(part)
    for s, r in zip(regions, part):
        assert s.partition is None and s.id == r.id and s.pattern == r.pattern
        for key in ("A", "c", "vertices", "rays", "interior_point"):
            assert np.array_equal(getattr(s, key), getattr(r, key)), key
        assert s.volume == r.volume and s.exact == r.exact
        assert [str(o) for o in s.facets.owners] == [str(o) for o in r.facets.owners]
        assert np.array_equal(s.facets.a, r.facets.a)
        assert (s.cycle is None) == (r.cycle is None)


def test_leaving_early_stops_the_enumeration():
    net = big_net()
    with net.iter_regions(buffer=2) as stream:
        first = [next(stream) for _ in range(3)]
        producer = stream._producer
    assert [r.id for r in first] == [1, 2, 3]
    assert producer.job.done.wait(10), "the enumeration did not stop"
    # a stream nobody holds any more is stopped by the garbage collector
    stream = net.iter_regions(buffer=2)
    next(stream)
    producer = stream._producer
    del stream
    gc.collect()
    assert producer.job.done.wait(10), "the enumeration did not stop"


def test_stream_limit_after_the_regions(small2d):
    stream = small2d.iter_regions(max_regions=20)
    got = []
    with pytest.raises(relucells.LimitError) as info:
        for r in stream:
            got.append(r)
    assert str(info.value) == cli_message("count", "--max-regions", "20", SMALL2D)
    assert len(got) <= 20 and stream.complete is False
    full = small2d.enumerate()
    assert all(full.find(r.pattern) is not None for r in got)
    # past the hidden layers' counts (14 and 76), some final regions are
    # finished before the limit bites
    got = []
    with pytest.raises(relucells.LimitError):
        for r in small2d.iter_regions(max_regions=100):
            got.append(r)
    assert 0 < len(got) <= 100
    assert all(full.find(r.pattern).volume == r.volume for r in got)


def test_stream_time_limit():
    stream = big_net().iter_regions(time_limit=0.2)
    with pytest.raises(relucells.LimitError) as info:
        for _ in stream:
            pass
    assert "time limit" in str(info.value)


def test_interrupt_stops_enumerate(ctrl_c):
    # Ten times big_net's work (minutes if the interrupt were lost), so the
    # run cannot end before the interrupt however fast the machine; nothing
    # left for the garbage collector, whose finalizers would swallow it.
    rng = np.random.default_rng(7)
    net = relucells.from_arrays([
        (rng.standard_normal((150, 3)), rng.standard_normal(150)),
        (rng.standard_normal((150, 150)), rng.standard_normal(150)),
        (rng.standard_normal((1, 150)), rng.standard_normal(1))])
    gc.collect()
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            net.enumerate()
    finally:
        timer.cancel()
    # the worker is free again
    assert len(relucells.load(SMALL2D).enumerate()) == 155


def test_workers_are_reused(small2d):
    for _ in range(5):
        small2d.enumerate()
        for r in small2d.iter_regions():
            break
    gc.collect()
    before = threading.active_count()
    for _ in range(20):
        small2d.enumerate()
        stream = small2d.iter_regions()
        next(stream)
        stream.close()
    assert threading.active_count() <= before
