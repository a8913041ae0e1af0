"""What a load did, in numbers that add up (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["LoadSummary"]


@dataclass
class LoadSummary:
    """The accounting of one load.

    Every move row is accounted for: ``rows_read + implied_moves == moves_loaded +
    rows_merged + rows_rejected``, where ``implied_moves`` are the moves that
    consecutive stints imply (they merge with reported moves like any report).
    """

    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    rows_merged: int = 0
    moves_loaded: int = 0
    implied_moves: int = 0
    stint_rows_read: int = 0
    stint_rows_rejected: int = 0
    stints_loaded: int = 0
    persons: int = 0
    orgs: int = 0
    sources: int = 0
    unregistered: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        moves_ok = self.rows_read + self.implied_moves == (
            self.moves_loaded + self.rows_merged + self.rows_rejected
        )
        stints_ok = self.stint_rows_read == self.stints_loaded + self.stint_rows_rejected
        return moves_ok and stints_ok

    def lines(self) -> list[str]:
        """The summary as plain lines, the way `talentgraph load` prints it."""
        out = [
            f"rows read       {self.rows_read:>9,}",
            f"moves loaded    {self.moves_loaded:>9,}",
            f"rows merged     {self.rows_merged:>9,}  (duplicate reports folded into a move)",
            f"rows rejected   {self.rows_rejected:>9,}",
        ]
        if self.stint_rows_read:
            out += [
                f"stint rows read {self.stint_rows_read:>9,}  "
                f"({self.stints_loaded:,} loaded, {self.stint_rows_rejected:,} rejected)",
                f"implied moves   {self.implied_moves:>9,}  (from consecutive stints, counted above)",
            ]
        out.append(f"people {self.persons:,} · orgs {self.orgs:,} · sources {self.sources:,}")
        if self.unregistered:
            shown = ", ".join(self.unregistered[:20])
            more = f" and {len(self.unregistered) - 20} more" if len(self.unregistered) > 20 else ""
            out.append(f"unregistered orgs ({len(self.unregistered)}): {shown}{more}")
        return out
