"""The pieces of `talentgraph extract`: dates, org aliases, names, lists, verbs in English and French.

Every expectation is written by hand from the sentence; a small registry is built here so
that the tests do not move when data/orgs.yaml grows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from talentgraph.extract import extract_text
from talentgraph.extract.dates import find_dates, parse_article_date
from talentgraph.extract.extractor import MAX_QUOTE
from talentgraph.extract.orgs import OrgMatcher
from talentgraph.extract.sentence import analyse
from talentgraph.extract.text import split_sentences
from talentgraph.graph.registry import OrgRegistry

REGISTRY = OrgRegistry.from_entries([
    {"id": "openai", "name": "OpenAI", "aliases": ["Open AI"]},
    {"id": "meta", "name": "Meta", "aliases": ["Facebook"]},
    {"id": "msl", "name": "Meta Superintelligence Labs", "parent": "meta",
     "aliases": ["MSL", "superintelligence team", "Meta's superintelligence team", "équipe superintelligence de Meta"]},
    {"id": "fair", "name": "FAIR", "parent": "msl", "aliases": ["Meta FAIR"]},
    {"id": "google", "name": "Google"},
    {"id": "gdm", "name": "Google DeepMind", "parent": "google"},
    {"id": "apple", "name": "Apple"},
    {"id": "mistral", "name": "Mistral AI", "aliases": ["Mistral"]},
    {"id": "x", "name": "École polytechnique", "aliases": ["Polytechnique"]},
    {"id": "runway", "name": "Runway"},
    {"id": "hume", "name": "Hume AI", "aliases": ["Hume"]},
    {"id": "scale", "name": "Scale AI"},
    {"id": "anthropic", "name": "Anthropic"},
])
JULY = dt.date(2025, 7, 10)


def moves(text: str, date: dt.date | None = JULY) -> list[tuple[str, str, str]]:
    """(person, from_org, to_org) of every candidate, in reading order."""
    frame = extract_text(text, REGISTRY, date=date)
    return [(r.person, r.from_org, r.to_org) for r in frame.itertuples()]


# -- dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("He joined Meta in June 2025.", JULY, [("2025-06", "month")]),
        ("Elle a rejoint Meta en juin 2025.", JULY, [("2025-06", "month")]),
        ("Elle a rejoint Meta le 3 juillet.", JULY, [("2025-07-03", "day")]),
        # No year: the latest year that is not more than three months after the article.
        ("Elle a rejoint Meta le 3 juillet.", dt.date(2025, 1, 15), [("2024-07-03", "day")]),
        ("He will join in December.", dt.date(2025, 9, 1), [("2025-12", "month")]),
        ("He left Google in 2019.", JULY, [("2019", "year")]),
        ("It was announced on Sept. 12, 2025.", JULY, [("2025-09-12", "day")]),
        ("She joined on 2 June 2025 and left on 2025-08-01.", JULY, [("2025-06-02", "day"), ("2025-08-01", "day")]),
        ("She joined last month.", dt.date(2025, 1, 15), [("2024-12", "month")]),
        ("Il est parti l'an dernier.", dt.date(2025, 3, 1), [("2024", "year")]),
        ("Elle est arrivée le 1er septembre.", dt.date(2025, 8, 20), [("2025-09-01", "day")]),
        # "may" and "march" in lower case are verbs, not months.
        ("She may join Meta. The lab will march on.", JULY, []),
        # A month with no year and no article date cannot be dated.
        ("He joined in June.", None, []),
    ],
)
def test_dates_in_english_and_french(text, base, expected):
    assert [(d.value, d.precision) for d in find_dates(text, base)] == expected


def test_article_dates_from_metadata_or_headers():
    assert parse_article_date("2025-06-30T10:00:00Z") == ("2025-06-30", "day")
    assert parse_article_date("30 juin 2025") == ("2025-06-30", "day")
    assert parse_article_date("not a date") is None


# -- org aliases ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She left OPENAI and Open AI", [("openai", "OPENAI"), ("openai", "Open AI")]),
        ("chercheuse d'OpenAI", [("openai", "OpenAI")]),
        ("un ancien de l'Ecole Polytechnique", [("x", "Ecole Polytechnique")]),
        ("joined Meta's superintelligence team", [("msl", "Meta's superintelligence team")]),
        ("a rejoint l'équipe superintelligence de Meta", [("msl", "équipe superintelligence de Meta")]),
        # A unit after its parent's possessive is the unit ...
        ("moved from Meta's FAIR lab", [("fair", "Meta's FAIR")]),
        # ... a generic alias of another org's unit after a possessive is the owner.
        ("Apple's superintelligence team", [("apple", "Apple's superintelligence team")]),
        # A one-word alias in lower case is a common word.
        ("a long runway and a Runway model", [("runway", "Runway")]),
        ("Google DeepMind's Zurich office", [("gdm", "Google DeepMind")]),
    ],
)
def test_org_mentions_by_any_alias(text, expected):
    found = OrgMatcher(REGISTRY).find(text)
    assert [(m.org_id, m.text) for m in found] == expected


def test_a_one_word_alias_beside_a_first_name_is_a_surname():
    s = analyse("David Hume joined Meta.", OrgMatcher(REGISTRY), JULY, {})
    assert [(e.kind, e.text) for e in s.entities] == [("P", "David Hume"), ("O", "Meta")]


# -- names and lists -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana Lee, Bo Chen and Cy Diaz left OpenAI for Meta.",
         [("Ana Lee", "OpenAI", "Meta"), ("Bo Chen", "OpenAI", "Meta"), ("Cy Diaz", "OpenAI", "Meta")]),
        ("Meta hired Ana Lee, Bo Chen, and Cy Diaz from OpenAI.",
         [("Ana Lee", "OpenAI", "Meta"), ("Bo Chen", "OpenAI", "Meta"), ("Cy Diaz", "OpenAI", "Meta")]),
        ("Meta has hired three researchers from OpenAI: Ana Lee, Bo Chen and Cy Diaz.",
         [("Ana Lee", "OpenAI", "Meta"), ("Bo Chen", "OpenAI", "Meta"), ("Cy Diaz", "OpenAI", "Meta")]),
        ("Ana Lee et Bo Chen ont quitté OpenAI pour Meta.",
         [("Ana Lee", "OpenAI", "Meta"), ("Bo Chen", "OpenAI", "Meta")]),
        ("Ana Lee and Bo Chen, both former Google researchers, joined Anthropic.",
         [("Ana Lee", "Google", "Anthropic"), ("Bo Chen", "Google", "Anthropic")]),
    ],
)
def test_several_people_in_one_sentence(text, expected):
    assert moves(text) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Jean-Luc de Villiers left Mistral for Anthropic.", "Jean-Luc de Villiers"),
        ("Marie de La Tour a rejoint Anthropic.", "Marie de La Tour"),
        ("Pieter van der Berg has joined Anthropic.", "Pieter van der Berg"),
        ("Dr. Leon Hartmann has joined Anthropic.", "Leon Hartmann"),
        ("Former OpenAI Researcher Ana Lee Joins Anthropic", "Ana Lee"),
        ("Le chercheur Mathieu Fontaine rejoint Anthropic.", "Mathieu Fontaine"),
    ],
)
def test_person_names(text, person):
    assert [m[0] for m in moves(text)] == [person]


def test_a_surname_alone_is_the_person_named_before():
    assert moves("Ana Lee is a well-known researcher. Lee joined Meta last week.") == [("Ana Lee", "", "Meta")]


# -- verbs: English ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana Lee joins Anthropic.", ("Ana Lee", "", "Anthropic")),
        ("Ana Lee has joined Anthropic.", ("Ana Lee", "", "Anthropic")),
        ("Ana Lee is joining Anthropic.", ("Ana Lee", "", "Anthropic")),
        ("Ana Lee will join Anthropic.", ("Ana Lee", "", "Anthropic")),
        ("Ana Lee left OpenAI for Anthropic.", ("Ana Lee", "OpenAI", "Anthropic")),
        ("Ana Lee left OpenAI to join Anthropic.", ("Ana Lee", "OpenAI", "Anthropic")),
        ("Meta poached Ana Lee from OpenAI.", ("Ana Lee", "OpenAI", "Meta")),
        ("Ana Lee was poached from OpenAI by Meta.", ("Ana Lee", "OpenAI", "Meta")),
        ("Meta hired Ana Lee away from OpenAI.", ("Ana Lee", "OpenAI", "Meta")),
        ("Meta hired away Ana Lee from OpenAI.", ("Ana Lee", "OpenAI", "Meta")),
        ("Ana Lee defected to Anthropic from OpenAI.", ("Ana Lee", "OpenAI", "Anthropic")),
        ("Ana Lee departs for Anthropic.", ("Ana Lee", "", "Anthropic")),
        ("Ana Lee departs to Anthropic.", ("Ana Lee", "", "Anthropic")),
        ("Anthropic recruited Ana Lee from Google.", ("Ana Lee", "Google", "Anthropic")),
        ("Ana Lee moved from Google to Anthropic.", ("Ana Lee", "Google", "Anthropic")),
        ("OpenAI lost Ana Lee to Meta.", ("Ana Lee", "OpenAI", "Meta")),
        ("Ana Lee has joined Poolside.", ("Ana Lee", "", "Poolside")),  # unregistered: as written
    ],
)
def test_english_move_verbs(text, expected):
    assert moves(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana Lee, a former OpenAI researcher, joined Meta.", ("Ana Lee", "OpenAI", "Meta")),
        ("Ana Lee, who led the Gemini team at Google, has joined Meta.", ("Ana Lee", "Google", "Meta")),
        ("Ana Lee, formerly of Apple, joined Meta.", ("Ana Lee", "Apple", "Meta")),
        ("Anthropic's Ana Lee has left for OpenAI.", ("Ana Lee", "Anthropic", "OpenAI")),
        ("Scale AI founder Ana Lee will join Meta.", ("Ana Lee", "Scale AI", "Meta")),
        ("Google DeepMind has hired Ana Lee, who led the Codex team at OpenAI.",
         ("Ana Lee", "OpenAI", "Google DeepMind")),
    ],
)
def test_appositions_give_the_origin(text, expected):
    assert moves(text) == [expected]


# -- verbs: French -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Léa Roux rejoint Mistral AI.", ("Léa Roux", "", "Mistral AI")),
        ("Léa Roux a rejoint Mistral AI.", ("Léa Roux", "", "Mistral AI")),
        ("Léa Roux va rejoindre Mistral AI.", ("Léa Roux", "", "Mistral AI")),
        ("Léa Roux a quitté OpenAI pour Mistral AI.", ("Léa Roux", "OpenAI", "Mistral AI")),
        ("Léa Roux a quitté OpenAI pour rejoindre Mistral AI.", ("Léa Roux", "OpenAI", "Mistral AI")),
        ("Léa Roux a été débauchée par Meta.", ("Léa Roux", "", "Meta")),
        ("Meta a débauché Léa Roux chez OpenAI.", ("Léa Roux", "OpenAI", "Meta")),
        ("Léa Roux, débauchée chez OpenAI par Meta, arrive lundi.", ("Léa Roux", "OpenAI", "Meta")),
        ("Léa Roux a été recrutée par Meta.", ("Léa Roux", "", "Meta")),
        ("Léa Roux a été recrutée chez Meta.", ("Léa Roux", "", "Meta")),
        ("Meta a recruté Léa Roux.", ("Léa Roux", "", "Meta")),
        ("Léa Roux passe d'OpenAI à Meta.", ("Léa Roux", "OpenAI", "Meta")),
        ("Léa Roux est passée de Google à Meta.", ("Léa Roux", "Google", "Meta")),
        ("Léa Roux, ancienne chercheuse de Google DeepMind, a rejoint Meta.", ("Léa Roux", "Google DeepMind", "Meta")),
        ("Léa Roux, qui dirigeait l'équipe de recherche de Mistral AI, rejoint Anthropic.",
         ("Léa Roux", "Mistral AI", "Anthropic")),
        ("Léa Roux, ex-OpenAI, rejoint Anthropic.", ("Léa Roux", "OpenAI", "Anthropic")),
        ("Débauchée par Meta, Léa Roux quitte OpenAI.", ("Léa Roux", "OpenAI", "Meta")),
        ("Léa Roux a intégré l'équipe superintelligence de Meta.", ("Léa Roux", "", "Meta Superintelligence Labs")),
    ],
)
def test_french_move_verbs(text, expected):
    assert moves(text) == [expected]


# -- not moves -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Meta invested $14.3 billion in Scale AI.",
        "Microsoft a investi 15 millions d'euros dans Mistral AI.",
        "Google DeepMind released a new model, and Apple joined the race.",
        "Ana Lee declined to join Meta despite a large offer.",
        "Ana Lee is in talks to join Meta.",
        "Ana Lee could leave OpenAI for Meta.",
        "Meta offered Ana Lee $100 million to join the company.",
        "Ana Lee has not joined Meta, her spokesperson said.",
        "Léa Roux pourrait rejoindre Meta.",
        "Léa Roux a refusé de rejoindre Meta.",
        "Léa Roux n'a pas rejoint Meta.",
        "Apple a démenti que Léa Roux aurait quitté l'entreprise pour Meta.",
        "Ana Lee and Bo Chen joined forces with Google to publish a benchmark.",
        '"Ana Lee is the best researcher at Google," said Bo Chen of OpenAI.',
        "Ana Lee, who left OpenAI last year, has not said where she is going.",
        "Anthropic's Ana Lee joined OpenAI's Bo Chen on stage.",
        "Meta named Ana Lee its chief scientist.",  # no known origin: maybe a promotion
    ],
)
def test_no_move(text):
    assert moves(text) == []


# -- the rest of a candidate ---------------------------------------------------------------------
def test_date_role_and_quote():
    frame = extract_text("Ana Lee joined Anthropic as chief scientist on 2 June 2025.", REGISTRY, date=JULY)
    row = frame.iloc[0]
    assert (row["date"], row["role"], row["status"]) == ("2025-06-02", "chief scientist", "candidate")
    assert row["quote"] == "Ana Lee joined Anthropic as chief scientist on 2 June 2025."
    assert row["source_date"] == "2025-07-10"


def test_french_role_and_the_article_date_when_the_sentence_has_none():
    frame = extract_text("Léa Roux va rejoindre OpenAI en tant que responsable de la sécurité, a annoncé l'entreprise.",
                         REGISTRY, date=JULY)
    assert frame[["date", "role"]].values.tolist() == [["2025-07-10", "responsable de la sécurité"]]


def test_a_long_sentence_is_trimmed_to_the_quote_limit():
    text = "Ana Lee joined Anthropic, " + "a lab that works on many things, " * 12 + "the lab said."
    frame = extract_text(text, REGISTRY, date=JULY)
    quote = frame.iloc[0]["quote"]
    assert len(quote) <= MAX_QUOTE
    assert quote.startswith("Ana Lee joined Anthropic, a lab") and quote.endswith("…")


def test_no_article_date_and_none_in_the_sentence_gives_no_candidate():
    assert moves("Ana Lee joined Anthropic.", date=None) == []
    assert moves("Ana Lee joined Anthropic in June 2025.", date=None) == [("Ana Lee", "", "Anthropic")]


def test_one_move_reported_twice_in_an_article_is_one_candidate():
    text = "Meta Hires OpenAI's Ana Lee\nAna Lee joined Meta on 3 July 2025, the company said."
    frame = extract_text(text, REGISTRY, date=JULY)
    got = frame[["person", "from_org", "to_org", "date"]].values.tolist()
    assert got == [["Ana Lee", "OpenAI", "Meta", "2025-07-03"]]


def test_sentences_are_split_after_abbreviations_only_when_they_end():
    assert split_sentences("Dr. Ana Lee joined Meta Inc. on Monday. She left OpenAI.\nNew paragraph") == [
        "Dr. Ana Lee joined Meta Inc. on Monday.", "She left OpenAI.", "New paragraph"]
