"""The Cypher that writes and reads the graph model in Neo4j (SPEC §2).

Every write is ``UNWIND $rows`` + ``MERGE`` on the unique ``id``, so it is idempotent:
running a batch twice (a retry, or the same file loaded again) changes nothing.
"""

from __future__ import annotations

__all__ = ["CONSTRAINTS", "DELETE_BATCH", "READS", "WRITES"]

CONSTRAINTS = [
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT org_id IF NOT EXISTS FOR (n:Org) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT move_id IF NOT EXISTS FOR (n:Move) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE",
]

# In the order they must run: nodes before the relationships that MATCH them.
WRITES = {
    "orgs": """
UNWIND $rows AS row
MERGE (o:Org {id: row.id})
SET o.name = row.name, o.aliases = row.aliases, o.kind = row.kind, o.country = row.country,
    o.registered = row.registered
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
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p.name = row.name
""",
    # One pass per move: the node, who made it, where it went and (when known) where from.
    # Extra input columns first, so the model's own properties always win a name clash.
    "moves": """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MATCH (t:Org {id: row.to_org})
OPTIONAL MATCH (f:Org {id: row.from_org})
MERGE (m:Move {id: row.id})
SET m += row.extra
SET m += row.props
MERGE (p)-[:MADE]->(m)
MERGE (m)-[:TO]->(t)
FOREACH (origin IN CASE WHEN f IS NULL THEN [] ELSE [f] END | MERGE (m)-[:FROM]->(origin))
""",
    # One pass per report: the source node and the move's link to it.
    "reports": """
UNWIND $rows AS row
MATCH (m:Move {id: row.move_id})
MERGE (s:Source {id: row.source_id})
SET s.url = row.url, s.outlet = row.outlet, s.published = row.published
MERGE (m)-[r:REPORTED_BY]->(s)
SET r.quote = row.quote
""",
    "stints": """
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MATCH (o:Org {id: row.org})
MERGE (p)-[w:WORKED_AT {start: row.start}]->(o)
SET w.end = row.end, w.role = row.role
""",
}

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

DELETE_BATCH = """
MATCH (n)
WHERE n:Person OR n:Org OR n:Move OR n:Source
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
"""
