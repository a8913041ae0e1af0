"""Work for the second core: a function run in a forked child while this process goes on.

A large load has two kinds of work that need little input and give back little: reading
the org registry (a file name in, a few thousand orgs out) and hashing ids (keys in,
eight bytes per key out). A forked child gets its input for free (the parent's memory,
copy-on-write) and sends its result back through a temporary file, pickled.

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
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

__all__ = ["in_background", "second_core"]

T = TypeVar("T")


def second_core() -> bool:
    """Can this process fork a child that runs beside it?

    Linux only: macOS's system libraries are not safe to use in a forked child of a
    process that has used them, and Windows has no fork.
    """
    return sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2


@contextlib.contextmanager
def in_background(func: Callable[..., T], *args: Any, enabled: bool = True) -> Iterator[Callable[[], T]]:
    """Start ``func(*args)`` in a forked child; yield a function that returns its result.

    Leaving the block ends a child whose result was never asked for. With ``enabled``
    false (work too small to be worth a process), ``func`` simply runs when asked.
    """
    with contextlib.ExitStack() as stack:
        spool = _spool(stack) if enabled and second_core() else None
        pid = _start(func, args, spool) if spool is not None else None
        if pid is None:
            yield lambda: func(*args)
            return
        done = False

        def result() -> T:
            nonlocal done
            if done:
                raise RuntimeError("the result of a background call is fetched once")
            _, status = os.waitpid(pid, 0)
            done = True
            if status == 0:
                spool.seek(0)
                return pickle.load(spool)
            return func(*args)  # the child failed: the same work here, raising what it raises

        try:
            yield result
        finally:
            if not done:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _spool(stack: contextlib.ExitStack) -> IO[bytes] | None:
    """A new temporary file for the child's result, closed with ``stack`` (None: none to be had).

    A file rather than a pipe: the child leaves as soon as it has written, instead of
    waiting for this process to read, and while a child lives every page this process
    writes to must be copied first.
    """
    try:
        return stack.enter_context(tempfile.TemporaryFile())
    except OSError:
        return None


def _start(func: Callable[..., Any], args: tuple, spool: IO[bytes]) -> int | None:
    """Fork a child that writes ``func(*args)``, pickled, to ``spool``; its pid (None: no fork)."""
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking a process with threads (a progress spinner):
            # the child only computes and writes its file, taking no lock a thread may hold.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:  # no process to spare: the work runs here when asked for
        return None
    if pid == 0:
        _child(func, args, spool)
    return pid


def _child(func: Callable[..., Any], args: tuple, spool: IO[bytes]) -> None:
    """The child's whole life: compute, write, and leave without running the parent's exit code."""
    code = 1
    try:
        pickle.dump(func(*args), spool, protocol=pickle.HIGHEST_PROTOCOL)
        spool.flush()
        code = 0
    finally:
        os._exit(code)
