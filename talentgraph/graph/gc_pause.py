"""Python's cyclic garbage collector held off while a large answer is built.

Decoding a large Neo4j answer makes about a million Python objects (names, and a list per
pair of orgs) that live on. Every 700 new container objects start a collection, and some
of those walk the older generations too, so the collector keeps walking the objects just
made: at a million moves, flows spent 0.35 s of its 3.3 s so. Nothing built there is
garbage in a cycle; what the collector would have found waits for its next run.

>>> with gc_paused():
...     rows = [[name] for name in ("Ada", "Grace")]
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; the last of overlapping blocks (threads) restores it."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
