"""The canned queries of SPEC §6, each a module with its Cypher and its pandas code."""

from talentgraph.queries.catalog import QUERY_NAMES, Query, catalog, get_query

__all__ = ["QUERY_NAMES", "Query", "catalog", "get_query"]
