"""Work for the second core: a function run in a forked child while this process goes on.

A large load has two kinds of work that need little input and give back little: reading
the org registry (a file name in, a few thousand orgs out) and hashing ids (keys in,
eight bytes per key out). A forked child gets its input for free (the parent's memory,
copy-on-write) and sends its result back through a pipe, pickled.

The result is always what calling the function here would give: where there is no fork
or no second CPU, or when the child fails in any way (an exception, a signal, memory),
the function runs here when its result is asked for, and raises here what it raises.

>>> with in_background(sum, [1, 2, 3]) as total:
...     total()
6
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = ["in_background", "second_core"]

T = TypeVar("T")


def second_core() -> bool:
    """Can this process fork a child that runs beside it?"""
    if not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # no affinity on this platform: count the machine's CPUs
        return (os.cpu_count() or 1) >= 2


@contextlib.contextmanager
def in_background(func: Callable[..., T], *args: Any, enabled: bool = True) -> Iterator[Callable[[], T]]:
    """Start ``func(*args)`` in a forked child; yield a function that returns its result.

    Leaving the block ends a child whose result was never asked for. With ``enabled``
    false (work too small to be worth a process), ``func`` simply runs when asked.
    """
    child = _start(func, args) if enabled and second_core() else None
    if child is None:
        yield lambda: func(*args)
        return
    pid, reader = child
    done = False

    def result() -> T:
        nonlocal done
        if done:
            raise RuntimeError("the result of a background call is fetched once")
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        done = True
        if status == 0 and data:
            return pickle.loads(data)
        return func(*args)  # the child failed: the same work here, raising what it raises

    try:
        yield result
    finally:
        if not done:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(reader)


def _start(func: Callable[..., Any], args: tuple) -> tuple[int, int] | None:
    """Fork a child that writes ``func(*args)``, pickled, to a pipe; (its pid, the pipe's read end)."""
    reader, writer = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking a process with threads (a progress spinner):
            # the child only computes and writes to its pipe, taking no lock a thread may hold.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:  # no process to spare: the work runs here when asked for
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:
        os.close(reader)
        _child(func, args, writer)
    os.close(writer)
    return pid, reader


def _child(func: Callable[..., Any], args: tuple, writer: int) -> None:
    """The child's whole life: compute, write, and leave without running the parent's exit code."""
    code = 1
    try:
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(func(*args), protocol=pickle.HIGHEST_PROTOCOL))
        code = 0
    finally:
        os._exit(code)
