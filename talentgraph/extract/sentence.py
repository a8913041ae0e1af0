"""One sentence, read for the rules: its orgs, dates and names replaced by placeholders.

The rules see ``abstract``: the folded sentence where every org is ``⟨O3⟩`` (``⟨U3⟩`` for an
org the registry does not know), every person ``⟨P1⟩``, every undecided capitalised word
``⟨N2⟩`` and every date ``⟨D0⟩``; the number is the entity's index. So a rule reads
``⟨P0⟩, a former ⟨O1⟩ researcher, has joined ⟨O2⟩`` whatever the names were.

>>> import datetime as dt
>>> from talentgraph.graph.registry import OrgRegistry
>>> from talentgraph.extract.orgs import OrgMatcher
>>> reg = OrgRegistry.from_entries([{"id": "openai", "name": "OpenAI"}, {"id": "meta", "name": "Meta"}])
>>> s = analyse("Ana Lee, ex-OpenAI, a rejoint Meta en juin 2025.", OrgMatcher(reg), dt.date(2025, 7, 1), {})
>>> s.abstract
'⟨P0⟩, ex-⟨O1⟩, a rejoint ⟨O2⟩ en ⟨D3⟩.'
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from talentgraph.extract.dates import find_dates
from talentgraph.extract.orgs import OrgMatcher, OrgMention
from talentgraph.extract.people import _is_name_word, find_names
from talentgraph.extract.text import Folded
from talentgraph.graph.names import fold

__all__ = ["Analysed", "Entity", "analyse"]

_PLACEHOLDER = re.compile(r"⟨([OUNPD])(\d+)⟩")


@dataclass
class Entity:
    """An org, person, undecided name or date of the sentence, at folded positions [start, end)."""

    kind: str
    start: int
    end: int
    text: str
    org_id: str | None = None
    name: str | None = None
    value: str | None = None
    precision: str | None = None


@dataclass
class Analysed:
    """A sentence with its entities and the abstract text the rules match."""

    sentence: str
    folded: Folded
    entities: list[Entity]
    abstract: str
    amap: list[int]  # abstract position -> folded position

    def entity(self, placeholder: str) -> Entity:
        m = _PLACEHOLDER.fullmatch(placeholder.strip())
        if m is None:
            raise ValueError(f"not a placeholder: {placeholder!r}")
        return self.entities[int(m.group(2))]

    def entities_in(self, text: str, kinds: str = "OUNPD") -> list[Entity]:
        return [self.entities[int(m.group(2))] for m in _PLACEHOLDER.finditer(text) if m.group(1) in kinds]

    def original(self, start: int, end: int) -> str:
        """The original text under the abstract span [start, end)."""
        if start >= end:
            return ""
        a = self.amap[start]
        b = self.amap[end - 1]
        ent = self._entity_ending_at(end)
        fa, fb = self.folded.span(a, (ent.end if ent is not None else b + 1))
        return self.sentence[fa:fb]

    def _entity_ending_at(self, end: int) -> Entity | None:
        m = re.search(r"⟨[OUNPD](\d+)⟩$", self.abstract[:end])
        return self.entities[int(m.group(1))] if m else None


def _to_folded(folded: Folded, start: int, end: int) -> tuple[int, int]:
    return bisect.bisect_left(folded.origin, start), bisect.bisect_left(folded.origin, end)


def _surname_not_org(sentence: str, mention: OrgMention, matcher: OrgMatcher) -> bool:
    """ "Mila Kunis", "David Hume": a one-word alias beside a first name or a surname is a name."""
    if not matcher.is_plain_alias(mention):
        return False
    before = re.search(r"([^\W\d_][\w'-]*)\s+$", sentence[:mention.start])
    after = re.match(r"\s+([^\W\d_][\w'-]*)", sentence[mention.end:])
    return bool((before and _is_name_word(before.group(1))) or (after and _is_name_word(after.group(1))))


def analyse(sentence: str, matcher: OrgMatcher, base: dt.date | None, people: dict[str, str | None]) -> Analysed:
    """Find the entities of ``sentence`` and build its abstract text.

    ``people`` maps a folded surname to the full name of the person it stands for (None
    when two people share it); it grows with the persons named in this sentence, so that
    a later "Beyer" is Lucas Beyer.
    """
    folded = Folded(sentence)
    entities: list[Entity] = []
    orgs = [m for m in matcher.find(sentence) if not _surname_not_org(sentence, m, matcher)]
    for m in orgs:
        a, b = _to_folded(folded, m.start, m.end)
        entities.append(Entity("O", a, b, m.text, org_id=m.org_id))
    org_spans = [(e.start, e.end) for e in entities]
    for d in find_dates(folded, base):
        if any(d.start < e and s < d.end for s, e in org_spans):
            continue
        entities.append(Entity("D", d.start, d.end, d.text, value=d.value, precision=d.precision))
    taken = [(m.start, m.end) for m in orgs] + [folded.span(e.start, e.end) for e in entities if e.kind == "D"]
    found = find_names(sentence, taken)
    for n in found:
        if n.kind == "person":
            name = " ".join(n.text.split())
            _remember(people, name)
    for n in found:
        a, b = _to_folded(folded, n.start, n.end)
        if n.kind == "person":
            entities.append(Entity("P", a, b, n.text, name=" ".join(n.text.split())))
        elif n.kind == "org":
            entities.append(Entity("U", a, b, n.text))
        elif n.kind == "single":
            full = people.get(fold(n.text))
            if full:
                entities.append(Entity("P", a, b, n.text, name=full))
            else:
                entities.append(Entity("N", a, b, n.text))
    entities.sort(key=lambda e: e.start)
    pieces: list[str] = []
    amap: list[int] = []
    pos = 0
    for i, e in enumerate(entities):
        pieces.append(folded.text[pos:e.start])
        amap.extend(range(pos, e.start))
        token = f"⟨{e.kind}{i}⟩"
        pieces.append(token)
        amap.extend([e.start] * len(token))
        pos = e.end
    pieces.append(folded.text[pos:])
    amap.extend(range(pos, len(folded.text)))
    return Analysed(sentence, folded, entities, "".join(pieces), amap)


def _remember(people: dict[str, str | None], name: str) -> None:
    surname = fold(name.split()[-1])
    known = people.get(surname, name)
    people[surname] = name if known == name else None
