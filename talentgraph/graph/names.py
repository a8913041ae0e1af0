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
# The same for ASCII text, as a table: lower case kept, upper case lowered, the rest "-".
_SLUG_TABLE = str.maketrans({
    chr(c): chr(c).lower() if chr(c).lower().isalnum() else "-" for c in range(128) if chr(c) != "\n"
})
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
    """:func:`slug` of many texts at once, with whole-text passes over them all.

    >>> slugs(["Ada  Lovelace", "Łukasz Kaiser", "", "-- R2-D2! --"])
    ['ada-lovelace', 'lukasz-kaiser', '', 'r2-d2']
    """
    joined = "\n".join(texts)
    if not texts or joined.count("\n") != len(texts) - 1:  # a text holding a line break: one by one
        return [slug(t) for t in texts]
    folded = joined if joined.isascii() else "\n".join(fold(t) for t in texts)
    if not folded.isascii():  # letters beyond a-z stay letters to no table: the regex decides
        return [s.strip("-") for s in _NON_ALNUM_LINES.sub("-", folded.lower()).split("\n")]
    # ASCII: one table maps upper to lower case and every other character to "-"; then runs
    # of "-" fold to one and the "-" at each text's ends go. All C loops, no call per text.
    dashed = folded.translate(_SLUG_TABLE)
    while "--" in dashed:
        dashed = dashed.replace("--", "-")
    dashed = dashed.replace("\n-", "\n").replace("-\n", "\n").removeprefix("-").removesuffix("-")
    return dashed.split("\n")
