"""Progress bars for long reads, shown on stderr only when a person is watching."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["PROGRESS_MIN_LINES", "progress_lines"]

# Below this many lines a read takes well under a second: a bar would only flicker.
PROGRESS_MIN_LINES = 5_000


@contextlib.contextmanager
def progress_lines(text: str, label: str, show: bool) -> Iterator[Iterator[str]]:
    """Yield the lines of ``text``, advancing a bar on stderr when ``show`` and the text is long."""
    # newline="" keeps "\r\n" and lone "\r" inside quoted CSV fields for the csv module.
    lines = io.StringIO(text, newline="")
    total = text.count("\n")
    console = Console(stderr=True)
    if not show or total < PROGRESS_MIN_LINES or not console.is_terminal:
        yield lines
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advancing() -> Iterator[str]:
            for i, line in enumerate(lines, start=1):
                if i % 2048 == 0:
                    bar.update(task, completed=i)
                yield line
            bar.update(task, completed=total)

        yield advancing()
