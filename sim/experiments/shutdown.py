"""Clean shutdown: worker processes die with their parent, and SIGTERM stops a batch the way
Ctrl-C does (finished chunks kept, the rest dropped, workers ended).

A pool worker asks the kernel for SIGKILL when its parent dies (`prctl(PR_SET_PDEATHSIG)` on
Linux) and, everywhere, watches its parent's PID from a daemon thread, so that a parent
killed with SIGKILL leaves no worker behind (each holds some 180 MB).
"""

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def watch_parent(parent: int) -> None:
    """Pool initializer: end this worker when process `parent` is gone; leave Ctrl-C to the
    parent (it ends the workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # died before the request above took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watch").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_interrupts():
    """Inside this block SIGTERM raises KeyboardInterrupt, as Ctrl-C does (main thread only;
    elsewhere the block changes nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def end_workers(pool) -> None:
    """Stop a ProcessPoolExecutor's workers now (an interrupt: their chunks are dropped)."""
    processes = getattr(pool, "_processes", None) or {}  # private, but the only handle
    for process in list(processes.values()):
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()
    # A worker ended while it sent a result leaves half a message in the result pipe: the
    # pool's manager thread then waits in recv() for the rest forever, and shutdown(wait=True)
    # with it (CPython 3.11; seen as a batch that SIGTERM never stopped). Once the parent's
    # copy of the pipe's write end is closed too (the dead workers' copies close with them),
    # that recv() ends in EOFError: the manager marks the pool broken and exits.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    with contextlib.suppress(OSError, AttributeError):
        writer.close()
