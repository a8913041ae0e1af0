"""From articles to candidate moves, each with the sentence that supports it.

>>> from talentgraph.graph.registry import OrgRegistry
>>> from talentgraph.extract.articles import Article
>>> reg = OrgRegistry.from_entries([{"id": "openai", "name": "OpenAI"}, {"id": "meta", "name": "Meta"}])
>>> text = "Ana Lee, a former OpenAI researcher, joined Meta in June 2025."
>>> article = Article("a.txt", text, source_date="2025-07-01")
>>> [(c.person, c.from_org, c.to_org, c.date) for c in Extractor(reg).extract(article).candidates]
[('Ana Lee', 'OpenAI', 'Meta', '2025-06')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from talentgraph.extract.articles import Article
from talentgraph.extract.orgs import OrgMatcher
from talentgraph.extract.rules import (
    Link,
    appositive_origin,
    bare_leaves,
    blocked,
    find_links,
    preceding_origin,
    role_after,
    trailing_origin,
)
from talentgraph.extract.sentence import Analysed, Entity, analyse
from talentgraph.extract.text import split_sentences
from talentgraph.graph.names import name_key, slug
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders.moves import MOVE_FIELDS

__all__ = ["MAX_QUOTE", "ArticleResult", "Candidate", "Extractor", "candidates_frame"]

MAX_QUOTE = 300


@dataclass
class Candidate:
    """One candidate move, in the columns of the moves interchange format (SPEC §3)."""

    person: str
    to_org: str
    date: str
    from_org: str = ""
    role: str = ""
    status: str = "candidate"
    source_url: str = ""
    source: str = ""
    source_date: str = ""
    quote: str = ""
    notes: str = ""
    # Not written out: what merging and evaluation need.
    to_key: str = ""
    from_key: str = ""
    dated_by_text: bool = False
    position: tuple[int, int] = (0, 0)  # (sentence, verb): candidates come out in reading order

    def row(self) -> dict[str, str]:
        values = {f: getattr(self, f, "") for f in MOVE_FIELDS}
        values["person_id"] = ""
        values["compensation_usd"] = ""
        values["compensation_kind"] = ""
        return values


@dataclass
class ArticleResult:
    """What one article gave: candidates, and moves left out for want of a date."""

    article: Article
    candidates: list[Candidate] = field(default_factory=list)
    undated: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (sentence, reason), for --explain


class Extractor:
    """Reads articles with the rules, resolving org names with ``registry``."""

    def __init__(self, registry: OrgRegistry) -> None:
        self.registry = registry
        self.matcher = OrgMatcher(registry)

    def extract(self, article: Article, default_date: dt.date | None = None) -> ArticleResult:
        """The candidate moves of one article (``default_date``: when the article has no date)."""
        base = dt.date.fromisoformat(article.source_date) if article.source_date else default_date
        source_date = article.source_date or (default_date.isoformat() if default_date else "")
        result = ArticleResult(article)
        people: dict[str, str | None] = {}
        sentences = split_sentences(article.text)
        if article.title and (not sentences or sentences[0] != article.title.strip()):
            sentences.insert(0, article.title.strip())
        found: dict[tuple[str, str], Candidate] = {}
        for number, sentence in enumerate(sentences):
            s = analyse(sentence, self.matcher, base, people)
            links = find_links(s)
            leaves = bare_leaves(s)
            for link in links:
                reason = blocked(s, link)
                if reason:
                    result.rejected.append((sentence, reason))
                    continue
                for person in link.persons:
                    cand = self._candidate(s, link, links, person, leaves, base, article, source_date)
                    if cand is None:
                        result.undated += 1
                        continue
                    cand.position = (number, link.verb_start)
                    key = (slug(cand.person), cand.to_key)
                    if key in found:
                        _merge(found[key], cand)
                    else:
                        found[key] = cand
        result.candidates = sorted(found.values(), key=lambda c: c.position)
        return result

    def _candidate(self, s: Analysed, link: Link, links: list[Link], person: Entity,
                   leaves: dict[int, Entity], base: dt.date | None, article: Article,
                   source_date: str) -> Candidate | None:
        region_end = _region_end(s, link, links)
        src = (link.src or trailing_origin(s, link, region_end) or appositive_origin(s, link)
               or link.chained_from or preceding_origin(s, link) or leaves.get(s.entities.index(person)))
        to_name, to_key = self._org(link.dest)
        from_name, from_key = self._org(src) if src is not None else ("", "")
        if from_key == to_key:
            from_name, from_key = "", ""
        if link.rule == "agent-named" and not from_key:
            return None  # named to a post, origin unknown: maybe a promotion, not a move
        date, by_text = _date(s, link, region_end, base)
        if not date:
            return None
        return Candidate(
            person=person.name or person.text,
            to_org=to_name,
            from_org=from_name,
            date=date,
            role=role_after(s, link),
            source_url=article.source_url,
            source=article.source,
            source_date=source_date,
            quote=_quote(s.sentence),
            notes=f"extracted by rule {link.rule!r} from {Path(article.path).name}",
            to_key=to_key,
            from_key=from_key,
            dated_by_text=by_text,
        )

    def _org(self, e: Entity) -> tuple[str, str]:
        """The registry name and id of an org entity, else its text and name key."""
        if e.kind == "O" and e.org_id in self.registry:
            return self.registry[e.org_id].name, e.org_id
        text = " ".join(e.text.split())
        text = re.sub(r"'s$", "", text)
        return text, self.matcher.resolve(text) or name_key(text)


def _region_end(s: Analysed, link: Link, links: list[Link]) -> int:
    """Where the clause of a move ends: at the next move's verb, the next person, or a semicolon."""
    start = link.object_end if link.object_end is not None else link.end
    ends = [len(s.abstract)]
    ends += [other.verb_start for other in links if other.verb_start >= start]
    nxt = re.search(r"⟨P\d+⟩|;", s.abstract[start:])
    if nxt:
        ends.append(start + nxt.start())
    return min(ends)


def _date(s: Analysed, link: Link, region_end: int, base: dt.date | None) -> tuple[str, bool]:
    """The move's date: one written in its clause, else one before its subject, else the article's."""
    for e in s.entities_in(s.abstract[link.verb_start:region_end], "D"):
        return e.value or "", True
    if not link.rule.startswith("agent"):
        before = s.entities_in(s.abstract[:link.subject_start], "D")
        if before and not s.entities_in(s.abstract[:link.subject_start], "P"):
            return before[-1].value or "", True
    if base is not None:
        return base.isoformat(), False
    return "", False


def _quote(sentence: str) -> str:
    text = " ".join(sentence.split())
    if len(text) <= MAX_QUOTE:
        return text
    cut = text[: MAX_QUOTE - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _merge(kept: Candidate, other: Candidate) -> None:
    """Two sentences of one article report the same move: keep what each adds."""
    if not kept.from_org and other.from_org:
        kept.from_org, kept.from_key = other.from_org, other.from_key
    if not kept.role and other.role:
        kept.role = other.role
    if other.dated_by_text and not kept.dated_by_text:
        kept.date, kept.dated_by_text = other.date, True


def candidates_frame(candidates: list[Candidate]) -> pd.DataFrame:
    """Candidates as a moves table with the columns of SPEC §3, ready for ``talentgraph load``."""
    return pd.DataFrame([c.row() for c in candidates], columns=list(MOVE_FIELDS))
