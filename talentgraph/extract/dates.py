"""Dates in English and French sentences, with the precision they are written at.

Date expressions are spotted by pattern (so that "may" the verb or "Mars" the planet is
never a date) and read by dateparser. A date written without a year takes the year that
puts it closest to the article's date; relative ones ("last month", "l'an dernier") count
from the article's date.

>>> import datetime as dt
>>> base = dt.date(2025, 7, 10)
>>> [(m.text, m.value) for m in find_dates("He joined Meta in June 2025, not on 3 July.", base)]
[('June 2025', '2025-06'), ('3 July', '2025-07-03')]
>>> [(m.text, m.value) for m in find_dates("Elle a rejoint Kyutai le 1er septembre, en 2019 ou l'an dernier.", base)]
[('1er septembre', '2025-09-01'), ('2019', '2019'), ("l'an dernier", '2024')]
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from talentgraph.extract.text import Folded

__all__ = ["DateMention", "find_dates", "parse_article_date"]

_EN_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_EN_ABBREVIATED = "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
_FR_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
_MONTH = rf"(?:{_EN_MONTHS}|{_FR_MONTHS}|(?:{_EN_ABBREVIATED})\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:er|st|nd|rd|th)?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_PREP = r"(?:in|since|by|until|from|early|late|mid-?|en|depuis|debut|fin|mi-|courant|of)"

# Longest forms first; each has a kind that says how to read it.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<d>{_YEAR}-[01]\d-[0-3]\d)\b")),
    ("abs", re.compile(rf"\b(?P<d>{_DAY}\s+{_MONTH}\s+{_YEAR})\b")),
    ("abs", re.compile(rf"\b(?P<d>{_MONTH}\s+{_DAY},?\s+{_YEAR})\b")),
    ("abs", re.compile(rf"\b(?P<d>{_MONTH}\s+(?:of\s+)?{_YEAR})\b")),
    ("abs", re.compile(rf"\b(?P<d>{_DAY}\s+{_MONTH})(?![\w-])")),
    ("abs", re.compile(rf"\bon\s+(?P<d>{_MONTH}\s+{_DAY})\b")),
    ("abs", re.compile(rf"\b(?P<d>{_MONTH}\s+{_DAY})(?=,|\s+(?:and|after|before|to|when|in)\b)")),
    ("abs", re.compile(rf"\b{_PREP}\s+(?P<d>{_MONTH})(?![\w-])")),
    ("year", re.compile(rf"\b{_PREP}\s+(?:(?:early|late|mid|debut|fin)\s+)?(?P<d>{_YEAR})\b")),
    ("rel", re.compile(r"(?P<d>\b(?:(?:earlier|later)\s+)?this\s+(?:month|year)\b|\b(?:last|next)\s+(?:month|year)\b"
                       r"|\bce\s+mois(?:-ci)?\b|\bcette\s+annee\b|\b(?:le\s+)?mois\s+(?:dernier|prochain)\b"
                       r"|\bl'an\s+(?:dernier|passe|prochain)\b|\bl'annee\s+(?:derniere|passee|prochaine)\b)")),
]
# English month names are capitalised: "may" or "march" in lower case is a verb.
_EN_ONLY = set(f"{_EN_MONTHS}|{_EN_ABBREVIATED}".split("|")) - set(_FR_MONTHS.split("|"))


@dataclass(frozen=True)
class DateMention:
    """A date found at folded positions [start, end) of a sentence; ``value`` is YYYY[-MM[-DD]]."""

    start: int
    end: int
    text: str
    value: str
    precision: str


def find_dates(sentence: str | Folded, base: dt.date | None) -> list[DateMention]:
    """The dates written in ``sentence``, left to right (``base``: the article's date)."""
    folded = sentence if isinstance(sentence, Folded) else Folded(sentence)
    text = folded.text
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span("d")
            if any(start < e and s < end for s, e in taken):
                continue
            a, b = folded.span(start, end)
            original = folded.source[a:b]
            if not _capitalised_if_english(original):
                continue
            parsed = _read(kind, m.group("d"), original, base)
            if parsed is None:
                continue
            taken.append((start, end))
            found.append(DateMention(start, end, original, *parsed))
    return sorted(found, key=lambda d: d.start)


def parse_article_date(text: str) -> tuple[str, str] | None:
    """A publication date as metadata or a header gives it ("2025-06-30", "30 June 2025", ...)."""
    text = text.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat(), "day"
        except ValueError:
            return None
    return _dateparser(text)


def _capitalised_if_english(original: str) -> bool:
    for word in re.findall(r"[^\W\d_]+", original):
        if word.lower() in _EN_ONLY or word.lower() in {"march", "may"}:
            return word[0].isupper()
    return True


def _read(kind: str, folded: str, original: str, base: dt.date | None) -> tuple[str, str] | None:
    if kind == "iso":
        try:
            return dt.date.fromisoformat(folded).isoformat(), "day"
        except ValueError:
            return None
    if kind == "year":
        return folded, "year"
    if kind == "rel":
        return _relative(folded, base)
    parsed = _dateparser(original)
    if parsed is None:
        return None
    value, precision = parsed
    if not re.search(r"\d{4}", original) and base is not None:
        value = _nearest_year(value, precision, base)
    elif not re.search(r"\d{4}", original):
        return None  # "in June" with no article date: no year to give it
    return value, precision


def _relative(text: str, base: dt.date | None) -> tuple[str, str] | None:
    if base is None:
        return None
    if "month" in text or "mois" in text:
        step = -1 if ("last" in text or "dernier" in text) else 1 if ("next" in text or "prochain" in text) else 0
        month = base.month + step
        year = base.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return f"{year:04d}-{month:02d}", "month"
    past = any(w in text for w in ("last", "dernier", "derniere", "passe", "passee"))
    future = any(w in text for w in ("next", "prochain", "prochaine"))
    return f"{base.year - past + future:04d}", "year"


@functools.lru_cache(maxsize=1)
def _parser():
    # Imported on first use: dateparser takes a moment to load its language data.
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en", "fr"], settings={"PREFER_DAY_OF_MONTH": "first"})


def _dateparser(text: str) -> tuple[str, str] | None:
    # Ordinal suffixes confuse dateparser in French ("1er septembre"); the day is enough.
    cleaned = re.sub(r"\b(\d{1,2})(?:er|st|nd|rd|th)\b", r"\1", text)
    # A year-less date gets dateparser's current year here; _read() then gives it the right one.
    data = _parser().get_date_data(cleaned)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return f"{d.year:04d}", "year"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    return d.isoformat(), "day"


def _nearest_year(value: str, precision: str, base: dt.date) -> str:
    """Give a year-less date a year: the latest that is not more than three months after the article.

    Moves are mostly reported after the fact ("joined in January", in a September
    article, is last January), but an announced one may lie a little ahead.
    """
    parts = [int(p) for p in value.split("-")]
    month, day = parts[1], parts[2] if len(parts) > 2 else 1
    year = base.year + 1
    while year > base.year - 2:
        try:
            if (dt.date(year, month, day) - base).days <= 92:
                break
        except ValueError:  # 29 February
            pass
        year -= 1
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if precision == "day" else "")
