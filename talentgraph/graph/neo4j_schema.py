"""The Cypher that writes and reads the graph model in Neo4j (SPEC §2).

Every write is idempotent: running a batch twice (a retry, or the same file loaded again)
changes nothing. Orgs, stints and links between orgs are ``MERGE``d on their ids. Moves,
the bulk of a load, take two paths in one transaction per batch: the batch's move ids
already in the graph are looked up first; the new moves are written with ``CREATE``
(nothing to match: a move node and its links are always committed together), the others
with the ``MERGE`` statement. Into a graph that had no moves when the load started, every
move is new and the look-up is skipped; persons likewise. A concurrent writer of the same
new node (or a retried batch that had in fact committed) makes the ``CREATE`` fail on the
unique constraint, never a duplicate: the load then redoes that batch with the look-up,
or with ``MERGE``.

The move statements take their batch as columns (``$id``, ``$person``, ... one list per
field, ``UNWIND $rows AS i`` over the positions to write) rather than a list of maps: half
the bytes on the wire, no per-row dict on either side. A move's reports are the slice
``$rs[i] .. $rs[i + 1] - 1`` of the report columns (``$sid``, ``$url``, ...). Its date is
``$day[$d[i]]``: the driver converts each date in Python, so a batch sends its distinct
days once.
"""

from __future__ import annotations

__all__ = [
    "CONSTRAINTS", "DELETE_BATCH", "EMPTY", "MOVES_CREATE", "MOVES_CREATE_BY_ID", "MOVES_EXISTING", "MOVES_EXTRA",
    "MOVES_MERGE", "MOVE_PROPERTIES", "PERSONS_CREATE", "READS", "WRITES",
]

CONSTRAINTS = [
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT org_id IF NOT EXISTS FOR (n:Org) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT move_id IF NOT EXISTS FOR (n:Move) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE",
]

# In the order they must run: nodes before the relationships that MATCH them. Orgs and
# persons return each node's elementId (as two lists in one record: a record per row costs
# the Python driver more than the write): the move statements find them by it, a direct
# record read instead of a unique-index seek and its lock.
WRITES = {
    "orgs": """
UNWIND $rows AS row
MERGE (o:Org {id: row.id})
SET o.name = row.name, o.aliases = row.aliases, o.kind = row.kind, o.country = row.country,
    o.registered = row.registered
RETURN collect(row.id) AS ids, collect(elementId(o)) AS nodes
""",
    "part_of": """
UNWIND $rows AS row
MATCH (unit:Org {id: row.id})
MATCH (parent:Org {id: row.parent})
MERGE (unit)-[:PART_OF]->(parent)
""",
    "merged_into": """
UNWIND $rows AS row
MATCH (old:Org {id: row.id})
MATCH (new:Org {id: row.merged_into})
MERGE (old)-[r:MERGED_INTO]->(new)
SET r.date = row.merged
""",
    "persons": """
UNWIND range(0, size($id) - 1) AS i
MERGE (p:Person {id: $id[i]})
SET p.name = $name[i]
RETURN collect($id[i]) AS ids, collect(elementId(p)) AS nodes
""",
    "stints": """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MATCH (o:Org {id: row.org})
MERGE (p)-[w:WORKED_AT {start: row.start}]->(o)
SET w.end = row.end, w.role = row.role
""",
}

# Whether the graph has any person, move, source yet (counts kept by the store: no scan).
EMPTY = """
CALL () { MATCH (p:Person) RETURN count(p) = 0 AS no_persons }
CALL () { MATCH (m:Move) RETURN count(m) = 0 AS no_moves }
CALL () { MATCH (s:Source) RETURN count(s) = 0 AS no_sources }
RETURN no_persons, no_moves, no_sources
"""

# Persons into a graph that had none: CREATE, no index seek first.
PERSONS_CREATE = """
UNWIND range(0, size($id) - 1) AS i
CREATE (p:Person {id: $id[i], name: $name[i]})
RETURN collect($id[i]) AS ids, collect(elementId(p)) AS nodes
"""

# Which of the batch's moves are already in the graph, by position.
MOVES_EXISTING = """
UNWIND range(0, size($id) - 1) AS i
MATCH (m:Move {id: $id[i]})
RETURN collect(i) AS old
"""

# Writing new move i once p, t and (when known) f are found: shared by the two statements below.
_CREATE_MOVE = """CREATE (p)-[:MADE]->(m:Move {id: $id[i], date: $day[$d[i]], precision: $precision[i],
    status: $status[i], role: $role[i], compensation_usd: $comp_usd[i], compensation_kind: $comp_kind[i],
    notes: $notes[i]})-[:TO]->(t)
FOREACH (origin IN CASE WHEN f IS NULL THEN [] ELSE [f] END | CREATE (m)-[:FROM]->(origin))
FOREACH (j IN [j IN range($rs[i], $rs[i + 1] - 1) WHERE $snew[j]] |
    CREATE (m)-[:REPORTED_BY {quote: $quote[j]}]->(:Source {id: $sid[j], url: $url[j], outlet: $outlet[j],
        published: $published[j]}))
FOREACH (j IN [j IN range($rs[i], $rs[i + 1] - 1) WHERE NOT $snew[j]] |
    MERGE (s:Source {id: $sid[j]})
    SET s.url = $url[j], s.outlet = $outlet[j], s.published = $published[j]
    CREATE (m)-[:REPORTED_BY {quote: $quote[j]}]->(s))
RETURN count(*) AS created
"""

# New moves: the node with its properties (a null is left out), who made it, where it went
# and (when known) where from, each report's source and link. A source is CREATEd when
# $snew says it is new: the graph had no sources when the load started and this is the
# only report of it in the load (the MERGE's locking unique-index seek was a tenth of the
# server's work at a million moves); shared or possibly known sources are MERGEd.
# $pe, $te, $fe: elementIds of the person and orgs. The id check guards against a node
# deleted and its record reused since they were read: the caller compares `created` with
# the rows it sent and falls back to MOVES_CREATE_BY_ID. It sits in its own WITH so that
# the planner cannot turn it into a unique-index seek (what the elementIds are there to
# avoid).
MOVES_CREATE = """
UNWIND $rows AS i
MATCH (p:Person) WHERE elementId(p) = $pe[i]
MATCH (t:Org) WHERE elementId(t) = $te[i]
OPTIONAL MATCH (f:Org) WHERE elementId(f) = $fe[i]
WITH i, p, t, f WHERE p.id = $person[i] AND t.id = $to[i] AND (f IS NULL OR f.id = $from[i])
""" + _CREATE_MOVE

# The same, finding the person and orgs by id.
MOVES_CREATE_BY_ID = """
UNWIND $rows AS i
MATCH (p:Person {id: $person[i]})
MATCH (t:Org {id: $to[i]})
OPTIONAL MATCH (f:Org {id: $from[i]})
""" + _CREATE_MOVE

# Moves already in the graph (a reload): properties set again (a null removes one), links
# and reports MERGEd, so a report added since the last load is linked and nothing doubles.
MOVES_MERGE = """
UNWIND $rows AS i
MATCH (p:Person {id: $person[i]})
MATCH (t:Org {id: $to[i]})
OPTIONAL MATCH (f:Org {id: $from[i]})
MERGE (m:Move {id: $id[i]})
SET m.date = $day[$d[i]], m.precision = $precision[i], m.status = $status[i], m.role = $role[i],
    m.compensation_usd = $comp_usd[i], m.compensation_kind = $comp_kind[i], m.notes = $notes[i]
MERGE (p)-[:MADE]->(m)
MERGE (m)-[:TO]->(t)
FOREACH (origin IN CASE WHEN f IS NULL THEN [] ELSE [f] END | MERGE (m)-[:FROM]->(origin))
FOREACH (j IN range($rs[i], $rs[i + 1] - 1) |
    MERGE (s:Source {id: $sid[j]})
    SET s.url = $url[j], s.outlet = $outlet[j], s.published = $published[j]
    MERGE (m)-[r:REPORTED_BY]->(s)
    SET r.quote = $quote[j])
"""

# Extra input columns of the few moves that have any, in the same transaction. Their
# names never clash with the model's properties (the loader renames those), so the order
# of the two SETs does not matter; kept apart because a map SET in the statements above
# makes the planner materialise every row first (an Eager).
MOVES_EXTRA = """
UNWIND $rows AS row
MATCH (m:Move {id: row.id})
SET m += row.extra
"""

MOVE_PROPERTIES = ["id", "date", "precision", "status", "role", "compensation_usd", "compensation_kind", "notes"]

READS = {
    "persons": "MATCH (p:Person) RETURN p.id AS id, p.name AS name ORDER BY id",
    "orgs": """
MATCH (o:Org)
OPTIONAL MATCH (o)-[:PART_OF]->(parent:Org)
OPTIONAL MATCH (o)-[m:MERGED_INTO]->(new:Org)
RETURN o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases, o.kind AS kind, o.country AS country,
       parent.id AS parent, new.id AS merged_into, toString(m.date) AS merged,
       o.registered AS registered
ORDER BY id
""",
    "moves": """
MATCH (p:Person)-[:MADE]->(m:Move)-[:TO]->(t:Org)
OPTIONAL MATCH (m)-[:FROM]->(f:Org)
RETURN m.id AS id, p.id AS person_id, f.id AS from_org, t.id AS to_org,
       toString(m.date) AS date, m.precision AS precision, m.status AS status,
       m.role AS role, m.compensation_usd AS compensation_usd,
       m.compensation_kind AS compensation_kind, m.notes AS notes,
       properties(m) AS properties
ORDER BY id
""",
    "sources": """
MATCH (s:Source)
RETURN s.id AS id, s.url AS url, s.outlet AS outlet, s.published AS published
ORDER BY id
""",
    "reports": """
MATCH (m:Move)-[r:REPORTED_BY]->(s:Source)
RETURN m.id AS move_id, s.id AS source_id, r.quote AS quote
ORDER BY move_id, source_id
""",
    "stints": """
MATCH (p:Person)-[w:WORKED_AT]->(o:Org)
RETURN p.id AS person_id, o.id AS org, w.start AS start, w.end AS end, w.role AS role
ORDER BY person_id, start, org
""",
}

# One statement per label, moves first: an org of a big graph has hundreds of thousands of
# TO/FROM relationships, and deleting it before its moves put them all in one transaction
# (at 1M moves, more than a 3 GB heap). With the moves gone, no node has more than a few.
DELETE_BATCH = [
    "MATCH (n:Move) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
    "MATCH (n:Source) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
    "MATCH (n:Person) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
    "MATCH (n:Org) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted",
]
