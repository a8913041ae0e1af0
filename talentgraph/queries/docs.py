"""The query reference (docs/queries.md), generated from the catalog so it cannot drift.

    python -m talentgraph.queries.docs > docs/queries.md

tests/test_docs.py fails when the file and the catalog disagree.
"""

from __future__ import annotations

import re
import textwrap

from talentgraph.api import TalentGraph
from talentgraph.api import open as open_graph
from talentgraph.output import markdown_table
from talentgraph.queries.catalog import Query, catalog

__all__ = ["render_reference"]

# Parameters that make the example on the bundled data say something.
EXAMPLES: dict[str, dict] = {
    "flows": {"since": "2025-01-01", "min_moves": 2},
    "net_flow": {"since": "2025-01-01"},
    "asymmetry": {"min_total": 3},
    "bursts": {"min_moves": 3},
    "lift_outs": {"min_moves": 3},
    "retention": {"min_hires": 5},
    "boomerangs": {},
    "paths": {"length": 2, "min_people": 2},
    "alumni": {"org": "OpenAI"},
    "hubs": {},
    "compensation": {},
    "timeline": {"org": "Meta", "freq": "quarter", "since": "2025-01-01"},
    "geography": {},
    "person": {"name": "Andrew Tulloch"},
}
EXAMPLE_ROWS = 5


def _section(query: Query, tg: TalentGraph) -> str:
    params = EXAMPLES[query.name]
    frame = tg.query(query.name, **params)
    shown = frame.head(EXAMPLE_ROWS)
    args = " ".join(f"-p {k}={v}" if k not in ("since", "until", "level") else f"--{k} {v}" for k, v in params.items())
    param_rows = "\n".join(
        f"| `{p.name}` | {p.kind} | {'' if p.default in (None, ()) else f'`{p.default}`'} | {p.help} |"
        for p in query.params
    )
    more = f"\n\n({len(frame) - EXAMPLE_ROWS} more rows)" if len(frame) > EXAMPLE_ROWS else ""
    body = _markdown(query.description)
    return f"""## {query.name}: {query.title}

{body}

| parameter | kind | default | meaning |
|---|---|---|---|
{param_rows}

Columns: {", ".join(f"`{c}`" for c in query.columns)}; sorted by
{", ".join(f"`{c}` {'ascending' if asc else 'descending'}" for c, asc in query.sort)}, ties by the
remaining text columns.

Example on the bundled data: `{f"talentgraph query {query.name} {args}".strip()}`

{markdown_table(shown)}{more}

```cypher
{query.cypher.strip()}
```
"""


def _markdown(docstring: str) -> str:
    """A module docstring as Markdown: reST literals to backticks, doctest blocks left out."""
    paragraphs = textwrap.dedent(docstring).strip().split("\n\n")
    kept = [p for p in paragraphs if not p.lstrip().startswith(">>>")]
    text = "\n\n".join(kept)
    text = re.sub(r"\s*\(see\s+:mod:`talentgraph\.queries\.counted`\)", "", text)
    text = re.sub(r":mod:`talentgraph\.queries\.counted`", "the definition at the top of this page", text)
    text = re.sub(r":\w+:`([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def render_reference() -> str:
    """The whole of docs/queries.md."""
    tg = open_graph()  # the bundled data, in-process
    parts = [
        "# Query reference\n",
        "Generated from the catalog by `python -m talentgraph.queries.docs > docs/queries.md`;",
        "do not edit by hand. Every query runs in-process and on Neo4j with the same parameters",
        "and the same output. Common parameters: `since`/`until` (inclusive move dates),",
        "`level` (`org` rolls units up to their top-level org, `unit` keeps orgs as named) and",
        "`include_status`. **Counted moves** are the moves with status confirmed, reported,",
        "derived or rumored (plus any `include_status`), dated in the window and not internal",
        "at the level. Paste a Cypher query into Neo4j Browser after",
        "`talentgraph query NAME --show-cypher` prints its `:params`.\n",
    ]
    parts += [_section(q, tg) for q in catalog()]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render_reference(), end="")
