"""Finding the registry's orgs in a sentence, by any name or alias.

Matching is on word runs: a mention is a run of words whose joined key (SPEC §3: case,
accents and punctuation ignored) is the key of a name or alias, longest run first. So
"d'OpenAI", "OPENAI" and "Open AI" all find OpenAI, and an alias written with a
possessive ("Meta's superintelligence team") matches as written or without the "'s".

>>> from talentgraph.graph.registry import OrgRegistry
>>> reg = OrgRegistry.from_entries([
...     {"id": "meta", "name": "Meta"},
...     {"id": "msl", "name": "Meta Superintelligence Labs", "parent": "meta",
...      "aliases": ["superintelligence team"]},
...     {"id": "openai", "name": "OpenAI"},
... ])
>>> [(m.org_id, m.text) for m in OrgMatcher(reg).find("Ex-OpenAI staff joined Meta's superintelligence team")]
[('openai', 'OpenAI'), ('msl', "Meta's superintelligence team")]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from talentgraph.graph.names import fold, name_key
from talentgraph.graph.registry import OrgRegistry

__all__ = ["OrgMatcher", "OrgMention"]

_WORD = re.compile(r"[^\W_]+")
# What may stand between two words of one org name: a space, a dot ("Character.AI"),
# a hyphen, an apostrophe, "&", parentheses, a comma ("University of California, Berkeley").
_JOINER = re.compile(r"^[\s.'&()\-,]{1,3}$")
_MAX_WORDS = 8


@dataclass(frozen=True)
class OrgMention:
    """An org named in a sentence: ``text`` is ``sentence[start:end]``."""

    start: int
    end: int
    org_id: str
    text: str


class OrgMatcher:
    """Finds the orgs of a registry in text (names, aliases and ids)."""

    def __init__(self, registry: OrgRegistry) -> None:
        self.registry = registry
        self._keys: dict[str, str] = {}
        self._primary: set[str] = set()  # keys of the orgs' own names
        for org in registry:
            for name in (org.id, org.name, *org.aliases):
                key = name_key(name)
                if key:
                    self._keys.setdefault(key, org.id)
            self._primary.add(name_key(org.name))

    def resolve(self, name: str) -> str | None:
        """The org id of a name or alias, or None."""
        return self._keys.get(name_key(name))

    def find(self, sentence: str) -> list[OrgMention]:
        """Every org mention, left to right, the longest match winning at each place."""
        words = list(_WORD.finditer(sentence))
        mentions: list[OrgMention] = []
        i = 0
        while i < len(words):
            found = self._longest(sentence, words, i)
            if found is None:
                i += 1
                continue
            n, org_id = found
            start, end = words[i].start(), words[i + n - 1].end()
            mentions.append(OrgMention(start, end, org_id, sentence[start:end]))
            i += n
        return self._merge_possessives(sentence, mentions)

    def _longest(self, sentence: str, words: list[re.Match[str]], i: int) -> tuple[int, str] | None:
        first = words[i].group()
        # "s" after an apostrophe is the possessive, never the start of a name.
        if first.lower() == "s" and i > 0 and sentence[words[i].start() - 1] == "'":
            return None
        # Elided articles stay outside the name: "d'OpenAI", "l'Inria".
        if len(first) == 1 and i + 1 < len(words) and sentence[words[i].end():words[i + 1].start()] == "'" \
                and first.lower() in "dlcjmnst":
            return None
        parts: list[str] = []
        best: tuple[int, str] | None = None
        for j in range(i, min(i + _MAX_WORDS, len(words))):
            if j > i and not _JOINER.match(sentence[words[j - 1].end():words[j].start()]):
                break
            parts.append(fold(words[j].group()))
            n = j - i + 1
            key = "".join(parts)
            org_id = self._keys.get(key)
            if org_id is None and "s" in parts[1:-1]:
                # "Microsoft's superintelligence team" -> the alias "Microsoft superintelligence team".
                kept = [p for k, p in enumerate(parts) if not (k > 0 and p == "s" and
                                                              sentence[words[i + k].start() - 1] == "'")]
                org_id = self._keys.get("".join(kept)) if len(kept) < len(parts) else None
            if org_id is not None and self._plausible(sentence, words[i].start(), words[j].end(), n, key):
                best = (n, org_id)
        return best

    def _plausible(self, sentence: str, start: int, end: int, n: int, key: str) -> bool:
        text = sentence[start:end]
        # A one-word alias written in lower case is a common word: "runway", "cursor", "inflection".
        return n > 1 or any(c.isupper() or c.isdigit() for c in text)

    def _merge_possessives(self, sentence: str, mentions: list[OrgMention]) -> list[OrgMention]:
        """ "Meta's FAIR" is FAIR when FAIR is a unit of Meta; otherwise the owner is the org named."""
        out: list[OrgMention] = []
        for m in mentions:
            if out:
                prev = out[-1]
                between = sentence[prev.end:m.start]
                if re.fullmatch(r"'s?\s+", between):
                    if self.registry.within(m.org_id, prev.org_id):
                        out[-1] = OrgMention(prev.start, m.end, m.org_id, sentence[prev.start:m.end])
                        continue
                    if not self._is_primary(m.text) and not m.text[:1].isupper():
                        # "Apple's superintelligence team": a generic alias of another org's unit.
                        out[-1] = OrgMention(prev.start, m.end, prev.org_id, sentence[prev.start:m.end])
                        continue
            out.append(m)
        return out

    def _is_primary(self, text: str) -> bool:
        return name_key(text) in self._primary

    def is_plain_alias(self, mention: OrgMention) -> bool:
        """A one-word alias in title case that is not the org's own name ("Mila", "Hume").

        Such a word next to a first name is more likely a surname than the org.
        """
        text = mention.text
        return (
            " " not in text
            and text[:1].isupper()
            and text[1:].islower()
            and not self._is_primary(text)
        )
