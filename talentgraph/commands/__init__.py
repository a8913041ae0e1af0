"""CLI verbs that live in their own modules.

``talentgraph/cli.py`` holds the group and the core verbs (load, queries, query) and
registers the verbs listed in :data:`VERBS`: a module ``talentgraph/commands/<name>.py``
with a ``command`` attribute (a ``click.Command``), or a ``commands`` list when the
module defines several verbs (e.g. ``person`` and ``org`` in ``profile.py``).
"""

from __future__ import annotations

import importlib

import click

# Add a module name here when you add a verb module.
VERBS: list[str] = ["cypher", "export", "extract", "profile", "report", "synth"]


def register(group: click.Group) -> None:
    """Add every verb module's command to the CLI group."""
    for name in VERBS:
        module = importlib.import_module(f"talentgraph.commands.{name}")
        for command in getattr(module, "commands", None) or [module.command]:
            group.add_command(command)

