"""The rules: which sentences say that a person moved to an org, and from where.

Each rule is a regular expression over the abstract text of a sentence (see
``sentence.py``), built from the word lists of ``lexicon.py``. A rule needs a person
(``⟨P⟩``) and a destination org linked by a move verb, with nothing between them but
auxiliaries, adverbs and dates (``GAP_WORDS``): "⟨P0⟩ has reportedly joined ⟨O1⟩" is a
move, "⟨P0⟩ declined to join ⟨O1⟩" and "⟨P0⟩ is in talks to join ⟨O1⟩" are not.

>>> import datetime as dt
>>> from talentgraph.graph.registry import OrgRegistry
>>> from talentgraph.extract.orgs import OrgMatcher
>>> from talentgraph.extract.sentence import analyse
>>> reg = OrgRegistry.from_entries([{"id": "openai", "name": "OpenAI"}, {"id": "meta", "name": "Meta"}])
>>> s = analyse("Ana Lee and Bo Chen left OpenAI for Meta.", OrgMatcher(reg), None, {})
>>> [([p.name for p in link.persons], link.src.text, link.dest.text) for link in find_links(s)]
[(['Ana Lee', 'Bo Chen'], 'OpenAI', 'Meta')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from talentgraph.extract.lexicon import (
    AGENT_VERBS,
    BLOCKING_CUES,
    FILLERS,
    FROM_TO_VERBS,
    GAP_WORDS,
    JOIN_VERBS,
    LEAVE_LINKS,
    LEAVE_VERBS,
    LOSING_VERBS,
    NAMING_VERBS,
    PASSIVE_VERBS,
)
from talentgraph.extract.sentence import Analysed, Entity

__all__ = ["Link", "blocked", "find_links"]


def _alt(phrases: list[str]) -> str:
    """An alternation, longest phrase first, spaces matching any run of white space."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) + ")"


_W = r"(?![\w'])"  # the end of a word
P = r"⟨P\d+⟩"
PLIST = rf"{P}(?:\s*,\s*{P})*(?:\s*,?\s+(?:and|et|&)\s+{P})?"
ORG = r"⟨[OU]\d+⟩"
DEST_ENTITY = r"⟨[OUN]\d+⟩"
DATE = r"⟨D\d+⟩"
# A comma or a dash ("A, B and C - were hired") may close what stands before the gap.
GAP = rf"(?:\s*(?:,|-(?=\s))?\s*(?:{_alt(GAP_WORDS)}{_W}|{DATE})){{0,8}}\s*(?:,|-(?=\s))?\s*"
_FILL_WORDS = [f for f in FILLERS if not f.endswith("'")]
FILL = rf"(?:(?:{_alt(_FILL_WORDS)}{_W}|l'|d')\s*){{0,6}}"
# The owner before the org joined: "joined Elon Musk's xAI".
POSSESSOR = rf"(?:⟨[PONU]\d+⟩\s*'s?\s+{FILL})?"
DEST = rf"{FILL}{POSSESSOR}(?P<dest>{DEST_ENTITY})"
_APP_CHUNK = r"(?:[^,;:⟨()]|⟨[OUND]\d+⟩)"
APPOSITION = (rf"(?:\s*,(?P<app>{_APP_CHUNK}{{1,160}}?(?:,{_APP_CHUNK}{{1,60}}?)?),"
              rf"|\s*\((?P<par>[^()]{{1,80}})\)|\s+-\s(?P<dash>{_APP_CHUNK}{{1,160}}?)\s-(?=\s))")
SUBJECT = rf"(?P<subj>{PLIST})"
# After the org left: "left Google Brain in 2019 for", "left the ChatGPT maker for".
_AFTER_SRC = r"(?:\s*'s?)?(?:\s*(?<![\w'])[a-z][a-z'-]*){0,4}?"
_BY = r"(?:by|par)"

_JOIN = _alt(JOIN_VERBS)
_LEAVE = _alt(LEAVE_VERBS)
_LINK = _alt(LEAVE_LINKS)
_FROM_TO = _alt(FROM_TO_VERBS)
_PASSIVE = _alt(PASSIVE_VERBS)
_AGENT = _alt(AGENT_VERBS)
_NOT_OBJECT = r"(?!\b(?:by|with|said|says|told|than|that|que|qui|par|avec|and|et|who|which|whose)\b)"
OBJECT_PREFIX = (rf"(?P<objpre>(?:{_NOT_OBJECT}[^⟨;.!?()]){{0,60}}?"
                 rf"(?:(?P<osrc>{ORG})\s*'?s?(?:{_NOT_OBJECT}[^⟨;.!?()]){{0,40}}?)?)")


def _subject_rules(verbs_and_tails: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """Each rule twice: with an apposition after the subject, and without."""
    out = []
    for name, tail in verbs_and_tails:
        with_app = re.compile(rf"{SUBJECT}{APPOSITION}{GAP}{tail}")
        without = re.compile(rf"{SUBJECT}{GAP}{tail}")
        out.append((name, with_app, without))
    return out


SUBJECT_RULES = _subject_rules([
    ("join", rf"(?P<verb>{_JOIN}){_W}\s*{DEST}"),
    ("leave-for", rf"(?P<verb>{_LEAVE}){_W}\s+(?:{FILL}(?P<src>{ORG}))?{_AFTER_SRC}{GAP},?\s*"
                  rf"(?P<link>{_LINK}){_W}\s*{DEST}"),
    ("from-to", rf"(?P<verb>{_FROM_TO}){_W}\s+(?:away\s+)?(?:from|de|d')\s*{FILL}(?P<src>{ORG}){_AFTER_SRC}{GAP}"
                rf"(?:to|for|a|chez|vers|pour){_W}\s*{DEST}"),
    ("passive", rf"(?P<verb>{_PASSIVE}){_W}\s+(?:away\s+)?(?:(?:from|chez|de\s+chez|d'|de|at)\s*{FILL}(?P<src>{ORG})"
                rf"{_AFTER_SRC}{GAP})?{_BY}\s+{DEST}"),
    # "P is the latest Apple engineer to join OpenAI", "... the third to leave OpenAI for Meta"
    ("latest", rf"(?:is|was|becomes|became|est|devient)\s+(?:the|la|le)\s+(?:latest|newest|last|first|second|third"
               rf"|fourth|fifth|dernier|derniere|nouveau|nouvelle|premier|premiere|deuxieme|troisieme)\s+"
               rf"(?P<mid>(?:[^⟨,;.]|{ORG}){{0,60}}?)\s*(?P<verb>to\s+(?:join|defect\s+to|jump\s+to|move\s+to)"
               rf"|to\s+(?:leave|quit)\s+(?P<src>{ORG})\s+(?:for|to\s+join)|a\s+rejoindre){_W}\s*{DEST}"),
    ("noun", rf"'s?\s+(?P<verb>move|departure|defection|switch|jump|exit|return|arrival){_W}\s+"
             rf"(?:from\s+(?P<src>{ORG}){_AFTER_SRC}\s+)?(?:to|for|at)\s+{DEST}"),
])

FRONT_RULES = [
    # "Débauché par xAI, Julien Marchand quitte Kyutai"
    ("front-passive", re.compile(
        rf"^\W*(?P<verb>{_PASSIVE}){_W}\s+(?:away\s+)?(?:(?:from|chez|d'|de)\s*{FILL}(?P<src>{ORG})\s*)?{_BY}\s+"
        rf"{DEST}{GAP},\s*{SUBJECT}")),
    # "Arrivé chez Google Brain en 2017, Olivier Chastel ..."; "After joining Meta in 2020, ..."
    ("front-join", re.compile(
        rf"^\W*(?P<verb>(?:having|after|since)\s+join(?:ed|ing)|(?:arrive|arrivee|arrives|arrivees|entre|entree"
        rf"|recrute|recrutee|embauche|embauchee|passe|passee)\s+chez){_W}\s*{DEST}{GAP},\s*{SUBJECT}")),
    # "the departure of P from O1 to O2", "le départ de P pour O2"
    ("noun-of", re.compile(
        rf"\b(?P<verb>departure|defection|exit|move|hiring|arrival|recruitment|depart|transfert|arrivee|recrutement"
        rf"|embauche|debauchage)\s+(?:of|de|d')\s*{SUBJECT}(?:\s+(?:from|de\s+chez|de|d')\s*(?P<src>{ORG}))?"
        rf"(?:\s*,(?:[^,⟨]|{DATE}){{0,40}},)?\s*(?:to|for|by|at|pour|vers|chez|a|par)\s+{DEST}")),
]

AGENT_RULES = [
    ("agent", re.compile(
        rf"(?P<agent>{ORG})(?:\s*'s?)?{GAP}(?P<verb>{_AGENT}){_W}\s+(?:away\s+)?{OBJECT_PREFIX}:?\s*(?P<obj>{PLIST})")),
    ("agent-named", re.compile(
        rf"(?P<agent>{ORG})(?:\s*'s?)?{GAP}(?P<verb>{_alt(NAMING_VERBS)}){_W}\s+{OBJECT_PREFIX}:?\s*(?P<obj>{PLIST})")),
    ("agent-noun", re.compile(
        rf"(?P<agent>{ORG}){GAP}(?P<verb>announced|announces|confirmed|confirms|annonce|confirme|officialise)"
        rf"\s+(?:the\s+)?(?:hiring|hire|arrival|recruitment|l'arrivee|l'embauche|le\s+recrutement)\s+"
        rf"(?:of|de|d')\s*(?P<obj>{PLIST})")),
]

# "OpenAI lost P to Meta", "OpenAI has lost another researcher to Meta: P": the agent is the origin.
LOSING_RULES = [
    ("lost", re.compile(
        rf"(?P<agent>{ORG})(?:\s*'s?)?{GAP}(?P<verb>{_alt(LOSING_VERBS)}){_W}\s+{OBJECT_PREFIX}:?\s*(?P<obj>{PLIST})"
        rf"(?:\s*,(?P<app>{_APP_CHUNK}{{1,120}}?),)?\s*{GAP}(?:to|au\s+profit\s+de)\s+{DEST}")),
    ("lost", re.compile(
        rf"(?P<agent>{ORG})(?:\s*'s?)?{GAP}(?P<verb>{_alt(LOSING_VERBS)}){_W}\s+(?:[^⟨;.!?:]){{0,60}}?"
        rf"(?:to|au\s+profit\s+de)\s+{DEST}\s*(?:{GAP})?:\s*(?P<obj>{PLIST})")),
]

# "P quitte Kyutai", "P, who left OpenAI last year, ...": where a person came from, no destination.
BARE_LEAVE = re.compile(rf"{SUBJECT}(?:{APPOSITION})?{GAP}(?:{_LEAVE}){_W}\s+{FILL}(?P<src>{ORG})")
# A second move of the same subject: "..., avant de revenir chez Google DeepMind".
CHAIN = re.compile(
    rf"(?P<pre>(?:\s*,?\s*(?:and|et|then|puis|before|avant\s+de|avant\s+d'|later|plus\s+tard|ensuite"
    rf"|{_alt(GAP_WORDS)}{_W}|{DATE}))+?)\s*(?P<verb>{_JOIN}){_W}\s*{DEST}")
_CONNECTOR = re.compile(r"\b(?:and|et|then|puis|before|avant|later|tard|ensuite)\b")
TRAIL_FROM = re.compile(rf"^\s*{GAP},?\s*(?:away\s+)?(?:from|de\s+chez|en\s+provenance\s+(?:de\s+|d'))\s*{FILL}"
                        rf"(?P<src>{ORG})")
AGENT_TRAIL_FROM = re.compile(rf"^\s*(?:away\s+)?(?:from|chez|de\s+chez|d'|de)\s*{FILL}(?P<src>{ORG})")
AFTER_FROM = re.compile(rf"\b(?:after|apres)\s+(?:[\w'-]+\s+){{0,5}}?(?:at|with|from|leaving|quitting|chez|quitte"
                        rf"|de|d')\s*{FILL}(?P<src>{ORG})")
OBJECT_APPOSITION = re.compile(rf"\s*(?:,(?P<app>{_APP_CHUNK}{{1,160}}?)(?:,|\.|$)|\((?P<par>[^()]{{1,80}})\))")
ROLE = re.compile(
    r"\s*(?:as|en\s+tant\s+que|comme|au\s+poste\s+de)\s+(?:(?:its|the|a|an|their|his|her|son|sa|le|la|l')\s*)?"
    r"(?P<role>[^,;.⟨()]{2,80}?)(?=\s*(?:[,;.()]|$|⟨|\b(?:on|in|from|after|before|to|where|when|and|et|ou"
    r"|apres|avant|depuis|since|at|pour|effective|starting|beginning|dans|with|avec)\b))")
_FUTURE = re.compile(r"\b(?:will|new|future|nouveau|nouvelle|futur|future|va|bientot|soon|incoming)\b")
_REPORTING = re.compile(r"\b(?:said|says|told|announced|confirmed|reported|according|that|que|qu'|selon|annonce"
                        r"|confirme|dit|declare|appris|reports?|writes|wrote|ecrit)\b")
_BLOCKING = re.compile("|".join(BLOCKING_CUES))
# Set phrases that contain a blocking word but say nothing about the move.
_HARMLESS = re.compile(r"\b(?:declined|refused|did\s+not\s+respond|did\s+not\s+reply|n'a\s+pas\s+(?:souhaite|repondu|"
                       r"voulu|pu))\s+(?:to\s+|a\s+|de\s+)?(?:comment|commenter|respond|repondre|etre\s+joint)\w*"
                       r"|\bcould\s+not\s+be\s+reached\b|\bnot\s+immediately\b|\bnot\s+respond\w*\s+to\b")
_DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|dementi|dement\w*|rumou?r\w*|rumeurs?|speculat\w*|hypothe\w*)")


@dataclass
class Link:
    """A move a rule found: persons, the org joined, and what the rule knows of the rest."""

    rule: str
    persons: list[Entity]
    dest: Entity
    start: int  # where the clause starts in the abstract text (subject or agent)
    verb_start: int
    end: int  # where the rule's match ends
    src: Entity | None = None
    apposition: str = ""
    object_end: int | None = None  # agent rules: the end of the hired persons
    chained_from: Entity | None = None
    subject_start: int = 0
    notes: list[str] = field(default_factory=list)


def _persons(s: Analysed, text: str) -> list[Entity]:
    return s.entities_in(text, "P")


def _ok_dest(s: Analysed, m: re.Match[str]) -> Entity | None:
    dest = s.entity(m.group("dest"))
    after = s.abstract[m.end("dest"):]
    if dest.kind in "NU" and re.match(r"\s*'s?\b", after):
        return None  # "joined Altman's team": the person's name, not an org
    if re.match(r"\s*'s?\s+(?:[a-z-]+\s+){0,3}⟨P\d+⟩", after):
        return None  # "joined OpenAI's Sam Hale on stage": joined a person, not the org
    return dest


def find_links(s: Analysed) -> list[Link]:
    """Every move the rules read in the sentence (before the checks for negation and rumour)."""
    text = s.abstract
    links: list[Link] = []
    starts = [m.start() for m in re.finditer(P, text)]
    for pos in starts:
        for name, with_app, without in SUBJECT_RULES:
            for pattern in (with_app, without):
                m = pattern.match(text, pos)
                if m is None:
                    continue
                dest = _ok_dest(s, m)
                if dest is None:
                    continue
                groups = m.groupdict()
                app = groups.get("app") or groups.get("par") or groups.get("dash") or groups.get("mid") or ""
                src = s.entity(m.group("src")) if groups.get("src") else None
                links.append(Link(name, _persons(s, m.group("subj")), dest, m.start(), m.start("verb"), m.end(),
                                  src=src, apposition=app, subject_start=m.start()))
    for name, pattern in FRONT_RULES:
        for m in pattern.finditer(text):
            dest = _ok_dest(s, m)
            if dest is None:
                continue
            src = s.entity(m.group("src")) if m.groupdict().get("src") else None
            links.append(Link(name, _persons(s, m.group("subj")), dest, m.start(), m.start("verb"), m.end(),
                              src=src, subject_start=m.start("subj")))
    for name, pattern in AGENT_RULES:
        for pos in [m.start() for m in re.finditer(ORG, text)]:
            m = pattern.match(text, pos)
            if m is None:
                continue
            dest = s.entity(m.group("agent"))
            src = s.entity(m.group("osrc")) if m.groupdict().get("osrc") else None
            link = Link(name, _persons(s, m.group("obj")), dest, m.start(), m.start("verb"), m.end(),
                        src=src, object_end=m.end("obj"), subject_start=m.start())
            after = OBJECT_APPOSITION.match(text, m.end("obj"))
            if after:
                link.apposition = after.group("app") or after.group("par") or ""
            links.append(link)
    for name, pattern in LOSING_RULES:
        for pos in [m.start() for m in re.finditer(ORG, text)]:
            m = pattern.match(text, pos)
            if m is None:
                continue
            dest = _ok_dest(s, m)
            if dest is None:
                continue
            link = Link(name, _persons(s, m.group("obj")), dest, m.start(), m.start("verb"), m.end(),
                        src=s.entity(m.group("agent")), subject_start=m.start())
            links.append(link)
    links.extend(_chains(s, links))
    return _without_partial_lists(links)


def _without_partial_lists(links: list[Link]) -> list[Link]:
    """Trying each person as a subject finds "B and C left" inside "A, B and C left": keep the whole list."""
    out = []
    for link in links:
        ids = {id(p) for p in link.persons}
        if any(other is not link and other.dest is link.dest and other.verb_start == link.verb_start
               and ids < {id(p) for p in other.persons} for other in links):
            continue
        out.append(link)
    return out


def _chains(s: Analysed, links: list[Link]) -> list[Link]:
    out = []
    for link in links:
        m = CHAIN.match(s.abstract, link.end)
        if m is None or not _CONNECTOR.search(m.group("pre")):
            continue
        dest = _ok_dest(s, m)
        if dest is None:
            continue
        out.append(Link("chain", link.persons, dest, link.start, m.start("verb"), m.end(),
                        chained_from=link.dest, subject_start=link.subject_start))
    return out


def blocked(s: Analysed, link: Link) -> str | None:
    """Why the move is not one (negation, refusal, rumour, denial), or None."""
    text = _HARMLESS.sub(" ", s.abstract)
    if _DENIAL.search(text):
        return "denial or rumour in the sentence"
    clause = _HARMLESS.sub(" ", s.abstract[:link.end])
    cue = _BLOCKING.search(clause)
    if cue:
        return f"'{cue.group().strip()}' before the move"
    return None


def appositive_origin(s: Analysed, link: Link) -> Entity | None:
    """An org named in the apposition of the person: "P, a former OpenAI researcher, ..."."""
    text = link.apposition
    if not text or _FUTURE.search(text):
        return None
    for e in s.entities_in(text, "OU"):
        if e is not link.dest and e.org_id != link.dest.org_id:
            return e
    return None


def preceding_origin(s: Analysed, link: Link) -> Entity | None:
    """An org just before the subject: "Anthropic's Marcus Chen", "Former Meta researcher P"."""
    if link.rule.startswith("agent") or link.rule.startswith("front"):
        return None
    before = s.abstract[:link.subject_start]
    cut = max(before.rfind(c) for c in ';:"«»')
    window = before[cut + 1:]
    if len(window) > 90 or s.entities_in(window, "P") or _REPORTING.search(window):
        return None
    found = [e for e in s.entities_in(window, "OU") if e is not link.dest and e.org_id != link.dest.org_id]
    return found[-1] if found else None


def trailing_origin(s: Analysed, link: Link, region_end: int) -> Entity | None:
    """ "joined Meta from OpenAI", "hired P away from Google", "after six years at Google"."""
    start = link.object_end if link.object_end is not None else link.end
    region = s.abstract[start:region_end]
    pattern = AGENT_TRAIL_FROM if link.object_end is not None else TRAIL_FROM
    if link.object_end is not None and link.apposition:
        app = OBJECT_APPOSITION.match(region)
        if app:
            region = region[app.end():]
    m = pattern.match(region) or AFTER_FROM.search(region)
    if m:
        e = s.entity(m.group("src"))
        if e.org_id != link.dest.org_id or e.kind == "U":
            return e
    return None


def role_after(s: Analysed, link: Link) -> str:
    """The title at the destination: "as chief scientist", "en tant que responsable de ..."."""
    start = link.object_end if link.object_end is not None else link.end
    m = ROLE.match(s.abstract, start)
    if not m:
        # "joins Anthropic from Google DeepMind as a member of technical staff"
        after = TRAIL_FROM.match(s.abstract[start:])
        m = ROLE.match(s.abstract, start + after.end()) if after else None
    if not m:
        return ""
    role = s.original(m.start("role"), m.end("role")).strip()
    if re.match(r"(?i)(part of|well|such|soon|early|long)\b", role):
        return ""
    return role


def bare_leaves(s: Analysed) -> dict[int, Entity]:
    """Person entity index -> the org they are said to leave, with no destination named."""
    out: dict[int, Entity] = {}
    text = s.abstract
    for m in re.finditer(P, text):
        found = BARE_LEAVE.match(text, m.start())
        if found:
            src = s.entity(found.group("src"))
            for p in _persons(s, found.group("subj")):
                out.setdefault(s.entities.index(p), src)
    return out
