"""The stable ids of moves and sources, in bulk: 8-byte BLAKE2b digests as ``prefix`` + hex.

hashlib has no batch interface, so a million ids cost a million Python calls (about
0.5 s), and nothing else in a load is as plainly parallel: a forked child
(:mod:`.forked`) hashes half of a large batch on the second core while this process
hashes the other half. Only that long: while a child lives, every page this process
writes to is copied first, so a child running beside the rest of the load would cost
more than it saves. The ids are the same whichever process computed them.

>>> hex_ids("m-", digests(["ada-lovelace||openai|2025-06-01"]))
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


def digests(keys: Sequence[str]) -> bytes:
    """The BLAKE2b digest of every key's UTF-8 bytes, concatenated in key order."""
    if len(keys) < FORK_MIN_KEYS:
        return _digest_all(keys)
    half = len(keys) // 2
    with in_background(_digest_all, keys[half:]) as second_half:
        first_half = _digest_all(keys[:half])
        return first_half + second_half()


def hex_ids(prefix: str, digests: bytes) -> list[str]:
    """``prefix`` + the 16 hex digits of each digest, as ``hashlib``'s ``hexdigest`` writes them."""
    if not digests:
        return []
    # One hex string for all, a line break between digests, cut in one split: no call per id.
    text = digests.hex("\n", DIGEST_SIZE)
    return (prefix + text.replace("\n", "\n" + prefix)).split("\n")


def _digest_all(keys: Sequence[str]) -> bytes:
    blake2b = hashlib.blake2b
    return b"".join([blake2b(key.encode("utf-8"), digest_size=DIGEST_SIZE).digest() for key in keys])
