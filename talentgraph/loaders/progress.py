"""Progress on stderr for long loads, shown only when a person is watching.

``progress_steps`` names the step under way with a spinner and its elapsed time (reading,
checking, merging: each takes seconds at a million rows); ``progress_lines`` adds a bar
for the line-by-line reader, inside the same display when one is open.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["PROGRESS_MIN_BYTES", "PROGRESS_MIN_LINES", "progress_lines", "progress_steps"]

# Below this many lines a read takes well under a second: a bar would only flicker.
PROGRESS_MIN_LINES = 5_000
# Below this much input (about 20,000 rows) a whole load takes well under a second.
PROGRESS_MIN_BYTES = 2_000_000
_open: list[Progress] = []  # the display progress_steps opened, for progress_lines to join


@contextlib.contextmanager
def progress_steps(show: bool) -> Iterator[Callable[[str], None]]:
    """Yield ``step(label)``, which shows ``label`` as the step under way."""
    console = Console(stderr=True)
    if not show or not console.is_terminal:
        yield lambda label: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as display:
        task = display.add_task("", total=None)
        _open.append(display)
        try:
            yield lambda label: display.update(task, description=label)
        finally:
            _open.remove(display)


@contextlib.contextmanager
def progress_lines(text: str, label: str, show: bool) -> Iterator[Iterator[str]]:
    """Yield the lines of ``text``, advancing a bar on stderr when ``show`` and the text is long."""
    # newline="" keeps "\r\n" and lone "\r" inside quoted CSV fields for the csv module.
    lines = io.StringIO(text, newline="")
    total = text.count("\n")
    console = Console(stderr=True)
    if not show or total < PROGRESS_MIN_LINES or not (console.is_terminal or _open):
        yield lines
        return
    with contextlib.ExitStack() as stack:
        if _open:
            bar = _open[-1]
        else:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            bar = stack.enter_context(Progress(*columns, console=console, transient=True))
        task = bar.add_task(label, total=total)
        stack.callback(bar.remove_task, task)

        def advancing() -> Iterator[str]:
            for i, line in enumerate(lines, start=1):
                if i % 2048 == 0:
                    bar.update(task, completed=i)
                yield line
            bar.update(task, completed=total)

        yield advancing()
