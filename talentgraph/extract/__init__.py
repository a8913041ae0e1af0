"""Candidate moves from news articles, in English and French, for a person to review.

The rules read each sentence for a named person, an org (from the registry, or clearly
named) and a move verb linking them ("joined", "left X for Y", "a rejoint", "débauché
par" ...). Precision comes first: a sentence that only reports money, a deal or a
product, or says that a move is rumoured, refused or denied, gives no candidate.

>>> from talentgraph.extract import extract_text
>>> from talentgraph.graph.registry import OrgRegistry
>>> reg = OrgRegistry.from_entries([{"id": "openai", "name": "OpenAI"}, {"id": "meta", "name": "Meta"}])
>>> frame = extract_text("Ana Lee et Bo Chen ont quitté OpenAI pour Meta en mars 2025.", reg)
>>> frame[["person", "from_org", "to_org", "date", "status"]].to_dict("records")[1]
{'person': 'Bo Chen', 'from_org': 'OpenAI', 'to_org': 'Meta', 'date': '2025-03', 'status': 'candidate'}
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from talentgraph.extract.articles import Article, read_article, read_articles
from talentgraph.extract.extractor import ArticleResult, Candidate, Extractor, candidates_frame
from talentgraph.graph.registry import OrgRegistry

__all__ = [
    "Article",
    "ArticleResult",
    "Candidate",
    "Extractor",
    "candidates_frame",
    "extract_articles",
    "extract_text",
    "read_article",
    "read_articles",
]


def extract_articles(
    paths: list[str | Path], registry: OrgRegistry, date: dt.date | None = None
) -> list[ArticleResult]:
    """Read the articles (and the pages that list files name) and extract their candidate moves.

    ``date`` is the publication date of articles that carry none in a header or metadata.
    """
    extractor = Extractor(registry)
    return [extractor.extract(article, default_date=date) for article in read_articles(paths)]


def extract_text(text: str, registry: OrgRegistry, date: dt.date | None = None, source: str = "",
                 source_url: str = "") -> pd.DataFrame:
    """Candidate moves of one text, as a moves table (SPEC §3 columns)."""
    article = Article("<text>", text, source=source, source_url=source_url,
                      source_date=date.isoformat() if date else "")
    return candidates_frame(Extractor(registry).extract(article).candidates)
