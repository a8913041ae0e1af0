"""The stable ids of moves and sources, in bulk: 8-byte BLAKE2b digests as ``prefix`` + hex.

hashlib has no batch interface, so a million ids cost a million Python calls (0.3 s),
and nothing else in a load is as plainly parallel. :class:`HashHelper` runs a fresh
Python process (:mod:`._blake2b_worker`) that hashes batches of keys on the second core
while this process goes on: all of the sources' keys while the moves are merged, half
of the moves' keys while this process hashes the other half. A fresh interpreter, not a
fork: it shares no memory with the load, so neither process pays for copy-on-write pages
(a forked child of a 1 GB load spent longer copying pages than hashing). The ids are the
same whichever process computed them.

>>> hex_ids("m-", digests(["ada-lovelace"], [""], ["openai"], ["2025-06-01"], sep="|"))
['m-a814f534ee21786e']
"""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType

from talentgraph.loaders.forked import second_core

__all__ = ["DIGEST_SIZE", "HELPER_MIN_KEYS", "HashHelper", "digests", "hex_ids"]

DIGEST_SIZE = 8
# Below this many keys, sending them to another process costs more than it saves.
HELPER_MIN_KEYS = 200_000
_WORKER = Path(__file__).with_name("_blake2b_worker.py")

Columns = tuple[Sequence[str], ...]


def digests(*columns: Sequence[str], sep: str = "|") -> bytes:
    """The BLAKE2b digest of each row's key, concatenated in row order, computed here.

    A row's key is its values in ``columns`` joined by ``sep`` (one column: the value), as UTF-8.
    """
    return _digest_rows(columns, sep, 0, len(columns[0]))


def hex_ids(prefix: str, digests: bytes) -> list[str]:
    """``prefix`` + the 16 hex digits of each digest, as ``hashlib``'s ``hexdigest`` writes them."""
    if not digests:
        return []
    # One hex string for all, a line break between digests, cut in one split: no call per id.
    text = digests.hex("\n", DIGEST_SIZE)
    return (prefix + text.replace("\n", "\n" + prefix)).split("\n")


class HashHelper:
    """:func:`digests` computed by a helper process beside this one; a context manager.

    One batch at a time is with the helper. Whatever goes wrong with it (no second CPU,
    no interpreter to start, the helper dies, a key holding a line break), the digests
    of the batch are computed here instead: the same bytes.
    """

    def __init__(self, enabled: bool = True) -> None:
        self._process = _start_worker() if enabled and second_core() else None
        self._in_flight: Callable[[], bytes] | None = None

    def __enter__(self) -> HashHelper:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop()

    def submit(self, *columns: Sequence[str], sep: str = "|", start: int = 0,
               stop: int | None = None) -> Callable[[], bytes]:
        """Send rows ``start:stop`` to the helper; returns a getter of their digests."""
        stop = len(columns[0]) if stop is None else stop

        def here() -> bytes:
            return _digest_rows(columns, sep, start, stop)

        blob = _blob(columns, sep, start, stop) if self._process is not None and stop > start else None
        if blob is None or not self._send(blob):
            return here
        answer: list[bytes] = []

        def result() -> bytes:
            if not answer:
                answer.append(self._receive(DIGEST_SIZE * (stop - start)) or here())
                self._in_flight = None
            return answer[0]

        self._in_flight = result
        return result

    def split(self, *columns: Sequence[str], sep: str = "|") -> bytes:
        """:func:`digests`, the second half of a large batch hashed by the helper meanwhile."""
        rows = len(columns[0])
        if self._process is None or rows < HELPER_MIN_KEYS:
            return digests(*columns, sep=sep)
        half = rows // 2
        second_half = self.submit(*columns, sep=sep, start=half, stop=rows)
        return _digest_rows(columns, sep, 0, half) + second_half()

    def _send(self, blob: bytes) -> bool:
        if self._in_flight is not None:  # read the last answer first: the helper may be waiting to write it
            self._in_flight()
        if self._process is None:
            return False
        try:
            self._process.stdin.write(len(blob).to_bytes(8, "little") + blob)
            self._process.stdin.flush()
        except OSError:  # the helper is gone
            self._stop()
            return False
        return True

    def _receive(self, size: int) -> bytes | None:
        if self._process is None:
            return None
        try:
            data = self._process.stdout.read(size)
        except OSError:
            data = b""
        if len(data) != size:  # the helper died mid-batch: no more batches for it
            self._stop()
            return None
        return data

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:  # nothing to save in a helper: ended, not asked to finish
            process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                # Closing stdin flushes what a dead helper never read: a broken pipe, harmless now.
                with contextlib.suppress(OSError):
                    pipe.close()


def _start_worker() -> subprocess.Popen | None:
    try:  # -I -S: no site-packages, no environment: a standard-library program starts fastest
        return subprocess.Popen([sys.executable, "-I", "-S", str(_WORKER)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except OSError:
        return None


def _keys(columns: Columns, sep: str, start: int, stop: int) -> Iterable[str]:
    parts = [column[start:stop] for column in columns]
    return parts[0] if len(parts) == 1 else map(sep.join, zip(*parts))


def _blob(columns: Columns, sep: str, start: int, stop: int) -> bytes | None:
    """The keys joined by line breaks, as the helper reads them (None: a key holds one)."""
    text = "\n".join(_keys(columns, sep, start, stop))
    if text.count("\n") != stop - start - 1:
        return None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # half a surrogate pair: hashed here, where it fails as it always did
        return None


def _digest_rows(columns: Columns, sep: str, start: int, stop: int) -> bytes:
    # Copies of one fresh state: a quarter faster than a new blake2b(key, digest_size=8) per
    # key, whose keyword parsing costs more than the hashing of a short key. Same digests.
    copy = hashlib.blake2b(digest_size=DIGEST_SIZE).copy
    out: list[bytes] = []
    append = out.append
    for key in _keys(columns, sep, start, stop):
        state = copy()
        state.update(key.encode("utf-8"))
        append(state.digest())
    return b"".join(out)
