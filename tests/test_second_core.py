"""The loader's work on the second core (a hashing helper process, a forked child) gives
exactly what the same work done in the loading process gives, and falls back to doing it
there when the helper or the child cannot help. The expected digests come from hashlib
itself, key by key, not from the code under test."""

from __future__ import annotations

import hashlib
import os

import pytest

from talentgraph.loaders.forked import in_background, second_core
from talentgraph.loaders.hashing import HashHelper, digests, hex_ids

PEOPLE = ["ada-lovelace", "łukasz-kaiser", "", "x" * 300, "李飞飞"]
FROM = ["openai", "", "google-brain", "meta", "stanford"]
DATES = ["2025-06-01", "2024-01-01", "", "2023-12-31", "2019-03-15"]


def expected(*columns: list[str]) -> bytes:
    return b"".join(hashlib.blake2b("|".join(row).encode("utf-8"), digest_size=8).digest() for row in zip(*columns))


def test_digests_and_hex_ids_are_hashlib_key_by_key():
    assert digests(PEOPLE, FROM, DATES) == expected(PEOPLE, FROM, DATES)
    keys = ["|".join(row) for row in zip(PEOPLE, FROM, DATES)]
    assert hex_ids("m-", digests(PEOPLE, FROM, DATES)) == [
        "m-" + hashlib.blake2b(k.encode("utf-8"), digest_size=8).hexdigest() for k in keys
    ]
    assert hex_ids("s-", b"") == []


needs_second_core = pytest.mark.skipif(not second_core(), reason="the helper runs only beside a second CPU (Linux)")


@needs_second_core
def test_the_helper_process_hashes_what_this_process_would():
    with HashHelper() as helper:
        assert helper._process is not None  # a real helper process, not the fallback
        first = helper.submit(PEOPLE, FROM, DATES)
        second = helper.submit(PEOPLE[::-1], FROM[::-1], DATES[::-1], start=1, stop=4)  # waits for the first
        assert first() == expected(PEOPLE, FROM, DATES)
        assert second() == expected(PEOPLE[::-1][1:4], FROM[::-1][1:4], DATES[::-1][1:4])


@needs_second_core
def test_a_key_with_a_line_break_and_a_dead_helper_are_hashed_here():
    with HashHelper() as helper:
        broken = ["two\nlines", "one line"]  # the helper reads keys one per line: not sent
        assert helper.submit(broken)() == expected(broken)
        helper._process.kill()
        helper._process.wait()
        assert helper.submit(PEOPLE, FROM, DATES)() == expected(PEOPLE, FROM, DATES)
        assert helper._process is None  # given up on, for the rest of the load


def _not_in_the_child(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)  # the child dies without a result
    return 42


def _fails(message: str) -> int:
    raise ValueError(message)


@needs_second_core
def test_a_forked_child_that_dies_leaves_the_work_to_this_process():
    with in_background(_not_in_the_child, os.getpid()) as result:
        assert result() == 42
    with in_background(sum, [1, 2, 3]) as total:
        assert total() == 6
    with pytest.raises(ValueError, match="bad registry"), in_background(_fails, "bad registry") as result:
        result()
