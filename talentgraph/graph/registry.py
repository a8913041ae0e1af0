"""The org registry: names and aliases to ids, parents, mergers (SPEC §3, §5).

>>> reg = OrgRegistry.from_entries([
...     {"id": "meta", "name": "Meta", "kind": "company", "country": "US"},
...     {"id": "msl", "name": "Meta Superintelligence Labs", "aliases": ["MSL"],
...      "kind": "unit", "parent": "meta"},
... ])
>>> reg.resolve("msl"), reg.top("msl"), reg.country("msl")
('msl', 'meta', 'US')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from talentgraph.errors import InputError
from talentgraph.graph.model import ORG_COLUMNS, ORG_KINDS, Org
from talentgraph.graph.names import name_key, slug

__all__ = ["OrgRegistry"]

# libyaml's loader when PyYAML was built with it: ten times faster on a large registry.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FIELDS = {"id", "name", "aliases", "kind", "parent", "country", "merged_into", "merged"}


class OrgRegistry:
    """Known orgs, looked up by any name or alias; unknown names can be registered on the fly."""

    def __init__(self, orgs: Iterable[Org] = (), source: str = "<registry>") -> None:
        self.source = source
        self._orgs: dict[str, Org] = {}
        self._by_key: dict[str, str] = {}
        self._unregistered: list[str] = []
        for org in orgs:
            self._add(org)
        self._check_links()
        self._depth_cache: dict[str, int] = {}

    # -- building ---------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path) -> OrgRegistry:
        """Read a YAML registry: a list of entries (or a mapping with an ``orgs`` list)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError("no such file; give the org registry with --orgs", str(path)) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 (byte {exc.start}); save the file as UTF-8", str(path)) from None
        try:
            data = yaml.load(text, Loader=_LOADER)  # a safe loader (C or Python), never yaml.Loader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            reason = getattr(exc, "problem", None) or str(exc)
            raise InputError(f"not valid YAML: {reason}", str(path), line) from None
        except (ValueError, TypeError, RecursionError) as exc:  # e.g. a date such as 2025-13-01
            raise InputError(f"not valid YAML: a value cannot be read ({exc})", str(path)) from None
        nested = isinstance(data, dict) and "orgs" in data
        if nested:
            data = data["orgs"]
        if not isinstance(data, list):
            raise InputError("expected a list of org entries (id, name, aliases, ...)", str(path), 1)
        try:
            return cls.from_entries(data, source=str(path))
        except InputError:
            # Only now find where each entry and field starts (a slow pure-Python pass), so
            # the error points at the line to fix.
            pass
        root = yaml.compose(text, Loader=_LOADER)
        if nested:  # None when `orgs` came in through a merge key (<<): no line numbers then
            root = next((v for k, v in root.value if k.value == "orgs"), None)
        lines = None if root is None else [
            {"": node.start_mark.line + 1}
            | ({k.value: k.start_mark.line + 1 for k, _ in node.value} if isinstance(node, yaml.MappingNode) else {})
            for node in root.value
        ]
        if lines is not None and len(lines) != len(data):
            lines = None
        return cls.from_entries(data, source=str(path), lines=lines)

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[Mapping[str, Any]],
        source: str = "<registry>",
        lines: list[dict[str, int]] | None = None,
    ) -> OrgRegistry:
        orgs = [_org_from_entry(entry, source, lines[i] if lines else {}) for i, entry in enumerate(entries)]
        return cls(orgs, source=source)

    def _add(self, org: Org) -> None:
        if org.id in self._orgs:
            raise InputError(f"duplicate org id {org.id!r}", self.source, column="id")
        self._orgs[org.id] = org
        for name in (org.id, org.name, *org.aliases):
            key = name_key(name)
            if not key:
                continue
            owner = self._by_key.get(key)
            if owner is not None and owner != org.id:
                raise InputError(
                    f"name {name!r} of {org.id!r} is already a name of {owner!r}; "
                    "an alias must point to one org",
                    self.source,
                    column="aliases",
                )
            self._by_key[key] = org.id

    def _check_links(self) -> None:
        for org in self._orgs.values():
            for column, target in (("parent", org.parent), ("merged_into", org.merged_into)):
                if target is not None and target not in self._orgs:
                    raise InputError(
                        f"{org.id!r} names unknown org {target!r}; add an entry with that id",
                        self.source,
                        column=column,
                    )
            seen = {org.id}
            current = org
            while current.parent is not None:
                if current.parent in seen:
                    raise InputError(f"parent cycle through {org.id!r}", self.source, column="parent")
                seen.add(current.parent)
                current = self._orgs[current.parent]

    # -- lookup -----------------------------------------------------------------------
    def __contains__(self, org_id: object) -> bool:
        return org_id in self._orgs

    def __getitem__(self, org_id: str) -> Org:
        return self._orgs[org_id]

    def __iter__(self):
        return iter(self._orgs.values())

    def __len__(self) -> int:
        return len(self._orgs)

    def resolve(self, name: str) -> str | None:
        """The id of the org known by ``name`` (any alias, any spelling), or None."""
        return self._by_key.get(name_key(name))

    def resolve_or_register(self, name: str) -> str:
        """Like :meth:`resolve`, but an unknown name becomes a new, unregistered org."""
        found = self.resolve(name)
        if found is not None:
            return found
        base = slug(name) or "org"
        org_id, n = base, 1
        while org_id in self._orgs:
            n += 1
            org_id = f"{base}-{n}"
        org = Org(id=org_id, name=name.strip(), registered=False)
        self._orgs[org_id] = org
        self._by_key[name_key(name)] = org_id
        self._unregistered.append(org_id)
        return org_id

    @property
    def unregistered(self) -> list[str]:
        """Ids of the orgs met in the data but absent from the registry, in order of appearance."""
        return list(self._unregistered)

    def ancestors(self, org_id: str) -> list[str]:
        """Parents of ``org_id``, nearest first."""
        chain = []
        parent = self._orgs[org_id].parent
        while parent is not None:
            chain.append(parent)
            parent = self._orgs[parent].parent
        return chain

    def top(self, org_id: str) -> str:
        """The top-level ancestor (the org itself when it has no parent)."""
        chain = self.ancestors(org_id)
        return chain[-1] if chain else org_id

    def depth(self, org_id: str) -> int:
        if org_id not in self._depth_cache:
            self._depth_cache[org_id] = len(self.ancestors(org_id))
        return self._depth_cache[org_id]

    def within(self, org_id: str, other: str) -> bool:
        """True when ``org_id`` is ``other`` or one of its units (at any depth)."""
        return org_id == other or other in self.ancestors(org_id)

    def nested(self, a: str, b: str) -> bool:
        """True when one of the two orgs is the other or a unit of it."""
        return self.within(a, b) or self.within(b, a)

    def as_of(self, org_id: str, date: dt.date | pd.Timestamp) -> str:
        """The org that ``org_id`` counts for on ``date``: mergers dated on or before it apply."""
        seen = set()
        org = self._orgs[org_id]
        while org.merged_into is not None and org.merged is not None and org.id not in seen:
            if pd.Timestamp(date) < pd.Timestamp(org.merged):
                break
            seen.add(org.id)
            org = self._orgs[org.merged_into]
        return org.id

    def country(self, org_id: str) -> str | None:
        """The org's own country, else its nearest ancestor's."""
        for oid in (org_id, *self.ancestors(org_id)):
            if self._orgs[oid].country:
                return self._orgs[oid].country
        return None

    def to_frame(self) -> pd.DataFrame:
        """Every org (registered or not) as a table with the columns of the model."""
        rows = [
            {
                "id": o.id, "name": o.name, "aliases": list(o.aliases), "kind": o.kind, "country": o.country,
                "parent": o.parent, "merged_into": o.merged_into,
                "merged": pd.Timestamp(o.merged) if o.merged else None,
                "registered": o.registered,
            }
            for o in self._orgs.values()
        ]
        return pd.DataFrame(rows, columns=ORG_COLUMNS)


def _org_from_entry(entry: Mapping[str, Any], source: str, lines: dict[str, int]) -> Org:
    def fail(reason: str, column: str | None = None) -> InputError:
        return InputError(reason, source, lines.get(column or "", lines.get("")), column)

    if not isinstance(entry, Mapping):
        raise fail("each entry must be a mapping with at least id and name")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise fail(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                   f"known: {', '.join(sorted(_FIELDS))}")
    for required in ("id", "name"):
        if not entry.get(required) or not isinstance(entry[required], str):
            raise fail("missing or not a string", required)
    for link in ("parent", "merged_into"):
        if entry.get(link) and not isinstance(entry[link], str):
            raise fail(f"{entry[link]!r} is not an org id", link)
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise fail("must be a list of strings", "aliases")
    kind = entry.get("kind") or "other"
    if kind not in ORG_KINDS:
        raise fail(f"{kind!r} is not one of {', '.join(ORG_KINDS)}", "kind")
    country = entry.get("country")
    if country is not None and not (isinstance(country, str) and len(country) == 2 and country.isalpha()):
        raise fail(f"{country!r} is not an ISO 3166 alpha-2 code such as US or FR", "country")
    merged = entry.get("merged")
    if merged is not None and not isinstance(merged, dt.date):
        try:
            merged = dt.date.fromisoformat(str(merged))
        except ValueError:
            raise fail(f"{merged!r} is not a date (YYYY-MM-DD)", "merged") from None
    if bool(entry.get("merged_into")) != bool(merged):
        raise fail("merged_into and merged (its date) go together", "merged")
    return Org(
        id=entry["id"],
        name=entry["name"],
        kind=kind,
        country=country.upper() if country else None,
        parent=entry.get("parent") or None,
        merged_into=entry.get("merged_into") or None,
        merged=merged,
        aliases=tuple(aliases),
    )
