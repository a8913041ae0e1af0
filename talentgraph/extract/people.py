"""A small, careful name finder: runs of capitalised words that are not orgs.

A run of 2 to 4 capitalised words (particles such as de, van, von, da allowed inside)
reads as a person; a run that ends with an org word ("Liquid AI", "Acme Robotics") as an
unregistered org; a single capitalised word is left undecided (a surname met earlier in
the article, or an org named after a join verb).

>>> [(n.text, n.kind) for n in find_names("Dr. Jean-Luc de Villiers joined Liquid AI, said Beyer.", [])]
[('Jean-Luc de Villiers', 'person'), ('Liquid AI', 'org'), ('Beyer', 'single')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from talentgraph.extract.lexicon import ALL_WORDS, NAME_STOPWORDS, ORG_SUFFIXES, PARTICLES, PLACES
from talentgraph.graph.names import fold

__all__ = ["NameMention", "find_names"]

# A word: letters, inner hyphens ("Jean-Luc", "Al-Sayed"), or O'Brien-like apostrophes.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*\.?")
_STOP = (NAME_STOPWORDS | ALL_WORDS) - {"will"}


@dataclass(frozen=True)
class NameMention:
    """A capitalised run at original positions [start, end); ``kind``: person, org or single."""

    start: int
    end: int
    text: str
    kind: str


def _is_name_word(word: str) -> bool:
    """Title case with at least one lower-case letter ("Wójcik", "McKay", "Jean-Luc"), no stop word."""
    core = word.rstrip(".")
    if not core[:1].isupper() or not any(c.islower() for c in core):
        return False
    if core.endswith("-based"):  # "Paris-based", "San Francisco-based"
        return False
    return fold(core) not in _STOP and fold(core.split("-")[0]) not in {"ex", "anti", "pro", "non"}


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def find_names(sentence: str, taken: Sequence[tuple[int, int]]) -> list[NameMention]:
    """Capitalised runs of ``sentence`` outside the ``taken`` spans (the orgs and dates found)."""
    tokens = [m for m in _TOKEN.finditer(sentence)
              if not any(m.start() < e and s < m.end() for s, e in taken)]
    out: list[NameMention] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and (fold(run[-1].group()) in PARTICLES or _is_initial(run[-1].group())):
            run.pop()
        if run:
            out.append(_mention(sentence, run))
        run.clear()

    for i, tok in enumerate(tokens):
        word = tok.group()
        gap = sentence[run[-1].end():tok.start()] if run else ""
        if run and not re.fullmatch(r"\s+|\.\s+", gap):
            close()
        if word.endswith(".") and not _is_initial(word):
            word = word[:-1]
        starts_or_continues = _is_name_word(word) or (_is_initial(word) and (bool(run) or _next_is_name(tokens, i)))
        particle = bool(run) and fold(word) in PARTICLES and _next_is_name(tokens, i)
        if starts_or_continues or particle:
            run.append(tok)
        elif run and word in {"AI", "ML", "AGI", "SAS", "AG", "SE"}:
            run.append(tok)
            close()
        else:
            close()
        if tok.group().endswith(".") and not _is_initial(tok.group()):
            close()
    close()
    return out


def _next_is_name(tokens: list[re.Match[str]], i: int) -> bool:
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1].group()
    return _is_name_word(nxt.rstrip(".")) or fold(nxt) in PARTICLES


def _mention(sentence: str, run: list[re.Match[str]]) -> NameMention:
    start, end = run[0].start(), run[-1].end()
    text = sentence[start:end].rstrip(".")
    end = start + len(text)
    words = text.split()
    last = fold(words[-1])
    if fold(text) in PLACES or fold(" ".join(words[1:])) in PLACES:
        kind = "other"
    elif len(words) > 1 and (last in ORG_SUFFIXES or words[-1].isupper()):
        kind = "org"
    elif len(words) == 1:
        kind = "single"
    else:
        capitals = [w for w in words if fold(w) not in PARTICLES]
        kind = "person" if 2 <= len(capitals) <= 4 else "other"
    return NameMention(start, end, text, kind)
