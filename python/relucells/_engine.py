"""Running the enumeration where it can be stopped.

An enumeration is one long call into C.  Run in the caller's thread it
could not be interrupted: Python handles Ctrl-C (KeyboardInterrupt, a
notebook's interrupt) only between bytecodes.  So each run goes to a worker
thread (ctypes releases the GIL during the call) while the caller waits,
and the library's stop flag (rc_enum_opts.stop) ends it early: on
KeyboardInterrupt, on the time limit, or when a stream's reader goes away.
The library then returns RC_ERR_STOPPED with what is finished, complete
and correct.

Workers are kept and reused: the LP solver (GLPK) keeps its environment
per thread, so a new thread per call would leave one behind each time.
There are as many workers as runs at once (a stream being read while
another enumeration runs needs two), usually one.
"""

import queue
import threading
import time
from ctypes import c_int

_idle = []                   # workers waiting for a job
_idle_lock = threading.Lock()


class _Worker(threading.Thread):
    def __init__(self):
        super().__init__(name="relucells-worker", daemon=True)
        self.jobs = queue.SimpleQueue()

    def run(self):
        while True:
            job = self.jobs.get()
            job.run()
            del job
            with _idle_lock:
                _idle.append(self)


class Job:
    """fn(stop) run by a worker; stop is the ctypes int the library polls."""

    def __init__(self, fn):
        self.fn = fn
        self.stop = c_int(0)
        self.done = threading.Event()
        self.result = None
        self.exc = None
        self.thread = None

    def run(self):
        self.thread = threading.current_thread()
        try:
            self.result = self.fn(self.stop)
        except BaseException as e:   # handed to the waiting thread
            self.exc = e
        finally:
            self.fn = None
            self.done.set()

    def request_stop(self):
        self.stop.value = 1


def submit(fn):
    """Start fn(stop) on a worker; return its Job."""
    job = Job(fn)
    with _idle_lock:
        worker = _idle.pop() if _idle else None
    if worker is None:
        worker = _Worker()
        worker.start()
    worker.jobs.put(job)
    return job


def _wait_out(job):
    """Wait until the job has returned, whatever interrupts the wait: the
    caller frees what the job is using once this returns."""
    interrupt = None
    while True:
        try:
            job.done.wait()
            break
        except BaseException as e:  # a second Ctrl-C: the run must end first
            interrupt = e
            job.request_stop()
    if interrupt is not None:       # then it goes on
        raise interrupt


def run(fn, time_limit=None):
    """Run fn(stop) on a worker and wait for it.  Returns (result,
    timed_out): past time_limit seconds the stop flag is raised and the
    wait goes on until fn returns.  On KeyboardInterrupt the flag is raised,
    fn is waited for, and the interrupt goes on."""
    job = submit(fn)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    timed_out = False
    try:
        while not job.done.is_set():
            wait = 0.25
            if deadline is not None and not timed_out:
                left = deadline - time.monotonic()
                if left <= 0:
                    timed_out = True
                    job.request_stop()
                    continue
                wait = min(wait, left)
            job.done.wait(wait)
    except BaseException:
        job.request_stop()
        _wait_out(job)
        raise
    if job.exc is not None:
        raise job.exc
    return job.result, timed_out
