"""Scoring the extractor against hand-labelled articles (precision, recall).

The labels are a YAML file beside the articles (``expected.yaml``): one key per article
file, its list the moves the text asserts (``person``, ``to``, and when the text says so
``from``, ``date``, ``role``). A predicted candidate matches an expected move when the
person and the destination are the same (the same registry org, or the same name when
unregistered) and, when the label gives an origin, the origin too. Each expected move is
matched at most once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from talentgraph.errors import InputError
from talentgraph.extract.articles import read_article
from talentgraph.extract.extractor import Candidate, Extractor
from talentgraph.graph.names import name_key, slug
from talentgraph.graph.registry import OrgRegistry

__all__ = ["Evaluation", "evaluate"]


@dataclass
class Evaluation:
    """Counts over the whole set, and the misses of each article for reading."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    dates_checked: int = 0
    dates_right: int = 0
    roles_checked: int = 0
    roles_right: int = 0
    articles: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def summary(self) -> str:
        return (
            f"articles {self.articles}, expected moves {self.true_positives + self.false_negatives}, "
            f"predicted {self.true_positives + self.false_positives}\n"
            f"precision {self.precision:.3f} ({self.true_positives}/{self.true_positives + self.false_positives})\n"
            f"recall    {self.recall:.3f} ({self.true_positives}/{self.true_positives + self.false_negatives})\n"
            f"dates right on matched moves {self.dates_right}/{self.dates_checked}, "
            f"roles right {self.roles_right}/{self.roles_checked}"
        )


def evaluate(folder: str | Path, registry: OrgRegistry, labels: str = "expected.yaml") -> Evaluation:
    """Run the extractor on every labelled article of ``folder`` and score it."""
    folder = Path(folder)
    try:
        expected_all = yaml.safe_load((folder / labels).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no labels file", str(folder / labels)) from None
    extractor = Extractor(registry)
    result = Evaluation()
    for name, expected in expected_all.items():
        article = read_article(folder / name)
        predicted = extractor.extract(article).candidates
        result.articles += 1
        _score(name, expected or [], predicted, extractor, result)
    return result


def _org_key(extractor: Extractor, name: str) -> str:
    return extractor.matcher.resolve(name) or name_key(name)


def _score(name: str, expected: list[dict], predicted: list[Candidate], extractor: Extractor,
           result: Evaluation) -> None:
    unmatched = list(expected)
    for cand in predicted:
        match = None
        for exp in unmatched:
            if slug(exp["person"]) != slug(cand.person):
                continue
            if _org_key(extractor, exp["to"]) != cand.to_key:
                continue
            if exp.get("from") and _org_key(extractor, exp["from"]) != cand.from_key:
                continue
            match = exp
            break
        if match is None:
            result.false_positives += 1
            result.details.append(f"{name}: unexpected {cand.person} | {cand.from_org} -> {cand.to_org}"
                                  f" | {cand.quote}")
            continue
        unmatched.remove(match)
        result.true_positives += 1
        if match.get("date"):
            result.dates_checked += 1
            if str(match["date"]) == cand.date:
                result.dates_right += 1
            else:
                result.details.append(f"{name}: date of {cand.person}: {cand.date}, expected {match['date']}")
        if match.get("role"):
            result.roles_checked += 1
            if match["role"] == cand.role:
                result.roles_right += 1
            else:
                result.details.append(f"{name}: role of {cand.person}: {cand.role!r}, expected {match['role']!r}")
    for exp in unmatched:
        result.false_negatives += 1
        result.details.append(f"{name}: missed {exp['person']} | {exp.get('from', '?')} -> {exp['to']}")
