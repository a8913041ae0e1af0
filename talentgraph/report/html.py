"""The flow report as one self-contained HTML file: charts, sortable tables, filters, sources.

Everything the page needs is inside the file: plotly.js (from the ``plotly`` package, for
the Sankey diagram, the network and the timeline), a small script of our own
(``templates/report.js``: tables, sorting, filters, the list of moves behind a number),
its CSS, and the report's data as JSON. The page makes no network request, and its
Content-Security-Policy forbids it any (only the links to sources, followed on a click).

The data is the :class:`~talentgraph.report.build.Report` of each level, laid out
compactly (:func:`payload`): string cells, numbers, and per number its evidence, i.e.
the total, the indices of its moves into one shared move list, and per-month counts so
the page can recount flows for a shorter period. Only what the report shows is
embedded: ``top`` rows per section, ``max_moves`` moves per number, and at most
:data:`MAX_EMBEDDED_MOVES` distinct moves in all (each list is cut to fit; the numbers
stay whole), so the file stays a few megabytes even for a million moves.

Safety: the JSON sits in ``<script type="application/json">`` with ``<``, ``>``, ``&``
and U+2028/U+2029 escaped, so no data can close the script element; the page puts data
into the document only as text (``textContent``), escapes it before plotly (which reads
labels as a small HTML subset), and makes links only of ``http(s)`` URLs.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import math
import re
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import numpy as np

from talentgraph.report.build import Evidence, Item, MoveRecord, Report, Section, collector_paused, spread

__all__ = ["MAX_EMBEDDED_MOVES", "embed_json", "payload", "render_html"]

# Distinct moves the page embeds at most (their people, dates, orgs and sources): enough to
# list every move behind every number of a report on the bundled data, and a few megabytes
# for a million moves, where each list is cut (the totals stay whole).
MAX_EMBEDDED_MOVES = 20_000

_MARKER = re.compile(r"\{\{(TITLE|CSS|PLOTLY|APP|DATA)\}\}")


def render_html(reports: list[Report], *, progress: Callable[[str], None] | None = None) -> str:
    """The HTML page for one report per level (the first one opens first); ``progress(label)``
    is told each step as it starts."""
    with collector_paused():
        data = payload(reports, progress=progress)
        if progress:
            progress("writing the page")
        return _page(reports, data)


def _page(reports: list[Report], data: dict[str, Any]) -> str:
    template = _asset("report.html")
    parts = {
        "TITLE": _html_text(f"Talent flow report: {reports[0].period}"),
        "CSS": _asset("report.css"),
        "PLOTLY": _script_safe(_plotly_js()),
        "APP": _script_safe(_asset("report.js")),
        "DATA": embed_json(data),
    }
    # One pass over the template: inserted text is never scanned for markers again.
    return _MARKER.sub(lambda m: parts[m.group(1)], template)


def payload(reports: list[Report], budget: int = MAX_EMBEDDED_MOVES, *,
            progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The page's data: a shared move list and, per level, the report with move indices.

    ``strings`` holds each org and outlet name once. A move is ``[id, date, precision,
    person, from_org, to_org, from_unit, to_unit, status, role, compensation_usd,
    sources]`` (orgs as indices into ``strings``, -1 for an unknown origin; precision
    ``d``, ``m`` or ``y``), a source ``[url, outlet, published, quote]`` (outlet as an
    index). An evidence is ``{"n": total, "m": [move index...], "mo": [[month, moves]...]}``
    with ``month = year * 12 + month - 1``.

    At most ``budget`` distinct moves are embedded: when the lists of moves behind the
    numbers name more, every list is cut to the same length (moves spread over its dates,
    see :func:`~talentgraph.report.build.spread`), the longest that fits, and ``maxMoves``
    says which length; totals stay whole.
    """
    if progress:
        progress("choosing the moves to embed")
    per_list = _fit_budget([e.moves for r in reports for e in _evidences(r)], budget,
                           max(r.max_moves for r in reports))
    kept: set[str] = set()
    for report in reports:
        for evidence in _evidences(report):
            kept.update(spread(evidence.moves, per_list))
    records: dict[str, MoveRecord] = {}
    for report in reports:
        records.update((i, m) for i, m in report.moves.items() if i in kept)
    ordered = sorted(records.values(), key=lambda m: (m.date, m.person, m.id))
    index = {m.id: i for i, m in enumerate(ordered)}
    strings = _Strings()
    layout = _Layout(index, per_list, progress or (lambda label: None))
    first = reports[0]
    levels = {r.level: layout.level(r) for r in reports}
    return {
        "period": first.period,
        "since": first.since,
        "until": first.until,
        "statuses": first.statuses,
        "top": first.top,
        "maxMoves": per_list,
        "level": first.level,
        "levels": levels,
        "moves": [_move(m, strings) for m in ordered],
        "strings": strings.values,
    }


def _evidences(report: Report) -> list[Evidence]:
    found = [report.headline_evidence]
    for item in [*report.orgs, *(i for s in report.sections for i in s.items)]:
        found.extend(item.evidence.values())
    return found


def _fit_budget(lists: list[list[str]], budget: int, longest: int) -> int:
    """The longest cut of every list (at most ``longest``) whose union has at most ``budget`` ids.

    The union grows with the cut almost always; where spreading makes it dip, the search
    may settle on a slightly shorter cut than possible, never on one over the budget.
    """
    def union(cut: int) -> int:
        return len(set().union(*(spread(ids, cut) for ids in lists))) if lists else 0

    if union(longest) <= budget:
        return longest
    low, high = 1, longest  # union(low) may exceed the budget: one move per number is the floor
    while low < high:
        middle = (low + high + 1) // 2
        if union(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    return low


class _Strings:
    """Org and outlet names, each stored once and referred to by index."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if not text:
            return -1
        if text not in self._index:
            self._index[text] = len(self.values)
            self.values.append(text)
        return self._index[text]


class _Layout:
    """A level's report with its move ids turned into indices of the shared list."""

    def __init__(self, index: dict[str, int], per_list: int, progress: Callable[[str], None]) -> None:
        self.index = index
        self.per_list = per_list
        self.progress = progress

    def level(self, report: Report) -> dict[str, Any]:
        self.progress(f"laying out the {report.level}-level network")
        return {
            "headline": report.headline,
            "headlineMoves": self.evidence(report.headline_evidence),
            "months": [[_month(label), n] for label, n in report.months],
            "sections": [self.section(s) for s in report.sections],
            "orgs": [self.item(item) for item in report.orgs],
            "layout": _layout(report),
        }

    def section(self, section: Section) -> dict[str, Any]:
        return {
            "key": section.key,
            "title": section.title,
            "blurb": section.blurb,
            "empty": section.empty,
            "total": section.total_items,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in section.columns],
            "rows": [self.item(item) for item in section.items],
        }

    def item(self, item: Item) -> dict[str, Any]:
        out: dict[str, Any] = {
            "c": {k: _value(v) for k, v in item.cells.items()},
            "ev": {k: self.evidence(e) for k, e in item.evidence.items()},
        }
        if item.joined:
            out["join"] = item.joined
        return out

    def evidence(self, evidence: Evidence) -> dict[str, Any]:
        return {"n": evidence.total, "m": [self.index[i] for i in spread(evidence.moves, self.per_list)],
                "mo": [[_month(label), n] for label, n in evidence.months]}


def _move(m: MoveRecord, strings: _Strings) -> list[Any]:
    precision = "y" if len(m.when) == 4 else "m" if len(m.when) == 7 else "d"
    return [m.id, m.date, precision, m.person, strings(m.from_org), strings(m.to_org), strings(m.from_unit),
            strings(m.to_unit), m.status, m.role, _value(m.compensation_usd),
            [[s.url, strings(s.outlet), s.published, s.quote] for s in m.sources]]


def _layout(report: Report) -> dict[str, list[float]]:
    """Positions of the network's labs (presentation only; the same input, the same picture).

    Kamada-Kawai over hop distances spreads the labs evenly (move counts as weights would
    clump the big labs together); a hidden hub tied to every lab keeps separate groups of
    labs from drifting apart.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(item.cells["org"] for item in report.orgs))
    for item in report.section("flows").items:
        graph.add_edge(item.cells["from_org"], item.cells["to_org"])
    if graph.number_of_nodes() == 0:
        return {}
    hub = "\0hub"
    graph.add_edges_from((hub, org) for org in list(graph.nodes))
    positions = _kamada_kawai(graph)
    positions.pop(hub)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {org: [round((x - cx) / span, 4), round((y - cy) / span, 4)] for org, (x, y) in positions.items()}


def _kamada_kawai(graph: Any) -> dict[Any, np.ndarray]:
    """``nx.kamada_kawai_layout(graph, weight=None)``: the same steps and the same numbers, faster.

    With the top 50 rows of every section a network has some 250 labs, and NetworkX's
    layout took 2-4 s per level there: its cost function (called a few hundred times)
    builds n x n x 2 arrays, and the optimizer's small matrix products crossed OpenBLAS's
    threading threshold, so a second thread was woken for each (seconds on a busy 2-core
    machine, for nothing: every product's element is computed by one thread either way).
    :func:`_kk_cost` computes bit for bit what NetworkX's does (tests/test_report_html.py
    compares them), and the optimizer runs with one BLAS thread.
    """
    import networkx as nx
    import scipy.optimize

    nodes = list(graph)
    place = {node: i for i, node in enumerate(nodes)}
    dist = np.full((len(nodes), len(nodes)), 1e6)  # unreachable: far
    for source, lengths in nx.shortest_path_length(graph):
        dist[place[source], [place[n] for n in lengths]] = list(lengths.values())
    start = nx.circular_layout(graph, dim=2)
    eye = np.eye(len(nodes)) * 1e-3
    with _one_blas_thread():
        solved = scipy.optimize.minimize(_kk_cost, np.array([start[n] for n in nodes]).ravel(), method="L-BFGS-B",
                                         args=(1 / (dist + eye), eye, 1e-3), jac=True)
    positions = nx.rescale_layout(solved.x.reshape((-1, 2)), scale=1) + np.zeros(2)
    return dict(zip(nodes, positions))


def _kk_cost(flat: np.ndarray, invdist: np.ndarray, eye: np.ndarray, meanweight: float) -> tuple[float, np.ndarray]:
    """NetworkX's ``_kamada_kawai_costfn`` (cost and gradient), the same float operations in
    the same order, on n x n arrays instead of n x n x 2 ones.

    Its gradient is ``sum_j W[i,j] D[i,j]`` minus ``sum_i W[i,j] D[i,j]`` (W symmetric, the
    unit directions D antisymmetric, so bit for bit the first sum is minus the second; both
    are plain sums in index order, as np.add.reduce over the first axis makes them).
    """
    n = invdist.shape[0]
    pos = flat.reshape((n, 2))
    dx = pos[:, 0][:, np.newaxis] - pos[:, 0][np.newaxis, :]
    dy = pos[:, 1][:, np.newaxis] - pos[:, 1][np.newaxis, :]
    nodesep = np.sqrt(dx * dx + dy * dy)
    inverse = 1 / (nodesep + eye)
    offset = nodesep * invdist - 1.0
    offset[np.diag_indices(n)] = 0
    cost = 0.5 * np.sum(offset**2)
    weight = invdist * offset
    half = np.empty((n, 2))
    half[:, 0] = np.add.reduce(weight * (dx * inverse), axis=0)
    half[:, 1] = np.add.reduce(weight * (dy * inverse), axis=0)
    grad = -half - half
    sumpos = np.sum(pos, axis=0)
    cost += 0.5 * meanweight * np.sum(sumpos**2)
    grad += meanweight * sumpos
    return cost, grad.ravel()


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run the block with every loaded OpenBLAS (NumPy's, SciPy's) on one thread, then restore.

    What ``threadpoolctl`` does, for OpenBLAS on Linux only (its libraries are found in
    /proc/self/maps); elsewhere, or if anything is unexpected, nothing changes.
    """
    controls = []
    for lib in _openblas_libraries():
        for get_name, set_name in _OPENBLAS_THREADS:
            getter, setter = getattr(lib, get_name, None), getattr(lib, set_name, None)
            if getter is not None and setter is not None:
                getter.restype, setter.argtypes, setter.restype = ctypes.c_int, [ctypes.c_int], None
                controls.append((setter, getter()))
                break
    for setter, _ in controls:
        setter(1)
    try:
        yield
    finally:
        for setter, before in controls:
            setter(before)


# (get, set) function pairs: NumPy's 64-bit-integer build, SciPy's build, a system OpenBLAS.
_OPENBLAS_THREADS = (
    ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
    ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
    ("openblas_get_num_threads", "openblas_set_num_threads"),
)


def _openblas_libraries() -> list[ctypes.CDLL]:
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.rsplit("/", 1)[-1].lower()}
    except OSError:
        return []
    libraries = []
    for path in sorted(paths):
        try:
            libraries.append(ctypes.CDLL(path))  # already loaded: the same library, no second copy
        except OSError:
            continue
    return libraries


def _value(value: Any) -> Any:
    """JSON has no infinity or NaN: ``inf`` travels as the text "inf", NaN as null."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return value


@functools.lru_cache(maxsize=4096)
def _month(label: str) -> int:
    year, month = label.split("-")
    return int(year) * 12 + int(month) - 1


def embed_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and
    the JavaScript line separators are written as ``\\u`` escapes (JSON.parse reads them back)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _script_safe(code: str) -> str:
    # Inside <script>, only "</script" and "<!--" can end or confuse the element; both can
    # only appear in string literals of our scripts, where "<\/" and "<\!" mean the same.
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _asset(name: str) -> str:
    return resources.files("talentgraph.report").joinpath("templates", name).read_text(encoding="utf-8")


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()
