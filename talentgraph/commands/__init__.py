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
VERBS: list[str] = ["extract"]


def register(group: click.Group) -> None:
    """Add every verb module's command to the CLI group."""
    for name in VERBS:
        module = importlib.import_module(f"talentgraph.commands.{name}")
        for command in getattr(module, "commands", None) or [module.command]:
            group.add_command(command)


# Verb modules import their option bundles from talentgraph.cli, and talentgraph.cli
# registers the verbs when it is imported. Importing the CLI here, once register() exists,
# makes that cycle safe whichever module is imported first (e.g. a verb module alone, as
# pytest --doctest-modules does): the CLI then imports each verb module before its caller
# resumes.
import talentgraph.cli  # noqa: E402, F401
