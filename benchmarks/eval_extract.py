"""Precision and recall of `talentgraph extract` on the hand-labelled articles.

    .venv/bin/python benchmarks/eval_extract.py            # the numbers
    .venv/bin/python benchmarks/eval_extract.py --details  # and every miss, to read

The articles and their labels are in tests/fixtures/articles (expected.yaml says how they
were labelled), and a second set in its heldout/ folder (written after the rules; its
expected.yaml records its first, untuned score). tests/test_extract_eval.py asserts the
main set stays above target.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from talentgraph.extract.evaluate import evaluate  # noqa: E402
from talentgraph.graph.registry import OrgRegistry  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=REPO / "tests" / "fixtures" / "articles")
    parser.add_argument("--orgs", type=Path, default=REPO / "data" / "orgs.yaml")
    parser.add_argument("--details", action="store_true", help="list every miss and every unexpected candidate")
    args = parser.parse_args()
    registry = OrgRegistry.from_yaml(args.orgs)
    folders = [args.articles, *sorted(p.parent for p in args.articles.glob("*/expected.yaml"))]
    for folder in folders:
        print(f"== {folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder}")
        result = evaluate(folder, registry)
        print(result.summary())
        if args.details:
            for line in result.details:
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
