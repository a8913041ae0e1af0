"""The stable ids of moves and sources, in bulk: 8-byte BLAKE2b digests as ``prefix`` + hex.

hashlib has no batch interface, so a million ids cost a million Python calls (about
0.5 s), and nothing else in a load is as plainly parallel: a forked child
(:mod:`.forked`) hashes half of a large batch on the second core while this process
hashes the other half. Only that long: while a child lives, every page this process
writes to is copied first, so a child running beside the rest of the load would cost
more than it saves. The ids are the same whichever process computed them.

>>> hex_ids("m-", digests(["ada-lovelace"], [""], ["openai"], ["2025-06-01"], sep="|"))
['m-a814f534ee21786e']
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from talentgraph.loaders.forked import in_background

__all__ = ["DIGEST_SIZE", "digests", "hex_ids"]

DIGEST_SIZE = 8
# Below this many keys a second process costs more (fork, page copies) than it saves.
FORK_MIN_KEYS = 200_000


def digests(*columns: Sequence[str], sep: str = "|") -> bytes:
    """The BLAKE2b digest of each row's key, concatenated in row order.

    A row's key is its values in ``columns`` joined by ``sep`` (one column: the value), as
    UTF-8. Each process of a split batch also builds its own half of the keys.
    """
    rows = len(columns[0])
    if rows < FORK_MIN_KEYS:
        return _digest_rows(columns, sep, 0, rows)
    half = rows // 2
    with in_background(_digest_rows, columns, sep, half, rows) as second_half:
        first_half = _digest_rows(columns, sep, 0, half)
        return first_half + second_half()


def hex_ids(prefix: str, digests: bytes) -> list[str]:
    """``prefix`` + the 16 hex digits of each digest, as ``hashlib``'s ``hexdigest`` writes them."""
    if not digests:
        return []
    # One hex string for all, a line break between digests, cut in one split: no call per id.
    text = digests.hex("\n", DIGEST_SIZE)
    return (prefix + text.replace("\n", "\n" + prefix)).split("\n")


def _digest_rows(columns: tuple[Sequence[str], ...], sep: str, start: int, stop: int) -> bytes:
    parts = [column[start:stop] for column in columns]
    keys = parts[0] if len(parts) == 1 else map(sep.join, zip(*parts))
    # Copies of one fresh state: a quarter faster than a new blake2b(key, digest_size=8) per
    # key, whose keyword parsing costs more than the hashing of a short key. Same digests.
    copy = hashlib.blake2b(digest_size=DIGEST_SIZE).copy
    out: list[bytes] = []
    append = out.append
    for key in keys:
        state = copy()
        state.update(key.encode("utf-8"))
        append(state.digest())
    return b"".join(out)
