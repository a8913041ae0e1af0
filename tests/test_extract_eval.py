"""The quality gate of `talentgraph extract`: precision and recall on the hand-labelled articles.

The articles (tests/fixtures/articles, English and French, with hard negatives) were
written and labelled before the rules were tuned; benchmarks/eval_extract.py prints the
same numbers with every miss. This is a check on fixed data, not a timing.
"""

from __future__ import annotations

import yaml

from talentgraph.extract.evaluate import evaluate
from talentgraph.graph.registry import OrgRegistry

from .conftest import FIXTURES, REPO

ARTICLES = FIXTURES / "articles"


def test_the_evaluation_set_is_large_bilingual_and_has_negatives():
    labels = yaml.safe_load((ARTICLES / "expected.yaml").read_text(encoding="utf-8"))
    assert len(labels) >= 40
    assert sum(name.startswith("fr") for name in labels) >= 15
    assert sum(name.startswith("en") for name in labels) >= 15
    assert sum(1 for moves in labels.values() if not moves) >= 15  # hard negatives
    assert sum(len(moves) for moves in labels.values()) >= 50
    assert all((ARTICLES / name).is_file() for name in labels)


def test_precision_and_recall_meet_the_targets():
    result = evaluate(ARTICLES, OrgRegistry.from_yaml(REPO / "data" / "orgs.yaml"))
    report = result.summary() + "\n" + "\n".join(result.details)
    assert result.precision >= 0.9, report
    assert result.recall >= 0.7, report
