"""How names become keys and ids: the matching rules of SPEC §3.

>>> name_key("Open AI")  == name_key("OpenAI Inc.") == name_key("openai")
True
>>> slug("Łukasz Kaiser")
'lukasz-kaiser'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "name_key", "slug", "slugs"]

# Legal-form words the press adds or drops at will ("OpenAI Inc.", "Mistral AI SAS").
_LEGAL_SUFFIXES = re.compile(
    r"(?:\s|,)+(?:inc|incorporated|llc|ltd|limited|corp|corporation|co|gmbh|sa|sas|plc|pbc)\.?\s*$",
    re.IGNORECASE,
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ALNUM_LINES = re.compile(r"[^a-z0-9\n]+")  # the same, line by line
# Letters that NFKD does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "ı": "i"}
)


def fold(text: str) -> str:
    """Lower case, accents stripped: the common ground of every comparison."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_key(name: str) -> str:
    """The key an org name or alias is matched on: case, accents, punctuation, legal suffix ignored."""
    stripped = name.strip()
    while True:
        shorter = _LEGAL_SUFFIXES.sub("", stripped)
        if shorter == stripped or not shorter:
            break
        stripped = shorter
    return _NON_ALNUM.sub("", fold(stripped))


def slug(text: str) -> str:
    """The default person id: accents stripped, lower case, other characters runs -> ``-``."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def slugs(texts: list[str]) -> list[str]:
    """:func:`slug` of many texts at once, with one regex pass over them all.

    >>> slugs(["Ada  Lovelace", "Łukasz Kaiser", ""])
    ['ada-lovelace', 'lukasz-kaiser', '']
    """
    if any("\n" in t for t in texts):
        return [slug(t) for t in texts]
    joined = "\n".join(texts)
    folded = joined.lower() if joined.isascii() else "\n".join(fold(t) for t in texts)
    return [s.strip("-") for s in _NON_ALNUM_LINES.sub("-", folded).split("\n")]
