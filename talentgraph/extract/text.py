"""Plain-text groundwork: sentences, and folded text that remembers where each character came from.

>>> split_sentences("Dr. Ada Lee joined Meta. She left OpenAI in 2024!")
['Dr. Ada Lee joined Meta.', 'She left OpenAI in 2024!']
>>> folded = Folded("Débauché par xAI")
>>> folded.text, folded.origin[1]
('debauche par xai', 1)
"""

from __future__ import annotations

import re
import unicodedata

from talentgraph.graph.names import fold

__all__ = ["Folded", "clean_text", "split_sentences"]

# Typographic variants the press uses for the same character.
_PUNCT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                        "–": "-", "—": " - ", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
# Abbreviations after which a full stop does not end a sentence (English and French).
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "inc", "corp", "ltd", "co", "vs", "etc",
    "e.g", "i.e", "u.s", "u.k", "u.n", "no", "mt", "gen", "gov", "sen", "rep", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "m", "mme", "mlle", "pr", "me",
    "approx", "dept", "est", "fig",
}
_END = re.compile(r"""([.!?…]+)(["»)\]]*)\s+(?=["«(\[]?\s*[^\W\d_]|["«]|\d)""")


def clean_text(text: str) -> str:
    """One apostrophe, one kind of dash, no non-breaking spaces: what the rules expect."""
    return unicodedata.normalize("NFC", text).translate(_PUNCT)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``: every line break ends one; so does . ! ? before a capital or a digit."""
    out: list[str] = []
    for line in clean_text(text).splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        start = 0
        for match in _END.finditer(line):
            before = line[start:match.start()]
            word = re.search(r"([\w.]+)$", before)
            token = word.group(1).lower() if word else ""
            # "Dr." or "U.S." or an initial ("J. Smith") is not the end of a sentence.
            if match.group(1) == "." and (token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())):
                continue
            out.append(line[start:match.end(2)].strip())
            start = match.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return out


class Folded:
    """``text`` folded (lower case, accents stripped) with ``origin[i]``: where char ``i`` came from.

    The rules match on folded text ("débauché" and "debauche" alike) and cut quotes and
    role titles from the original, so each folded character keeps its origin.
    """

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            folded = fold(ch) if not ch.isascii() else ch.lower()
            for c in folded:
                chars.append(c)
                origin.append(i)
        self.source = text
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end)."""
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else len(self.source)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1
