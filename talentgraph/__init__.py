"""talentgraph: reported moves of AI researchers between labs, as a knowledge graph.

>>> import talentgraph
>>> tg = talentgraph.open()                 # the bundled data, no server needed
>>> tg.net_flow().columns.tolist()
['org', 'inflow', 'outflow', 'net']
"""

from talentgraph.api import TalentGraph, open  # noqa: A004 - talentgraph.open(...) is the entry point
from talentgraph.errors import (
    BackendUnavailable,
    InputError,
    OrgNotFound,
    PersonNotFound,
    QueryError,
    QueryNotFound,
    TalentGraphError,
)

__version__ = "0.1.0"

__all__ = [
    "BackendUnavailable",
    "InputError",
    "OrgNotFound",
    "PersonNotFound",
    "QueryError",
    "QueryNotFound",
    "TalentGraph",
    "TalentGraphError",
    "__version__",
    "open",
]
