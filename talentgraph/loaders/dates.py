"""Dates of the interchange format: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, precision kept.

>>> parse_dates(pd.Series(["2025", "2025-06", "2025-06-17", "June 2025"]))[["date", "precision"]]
        date precision
0 2025-01-01      year
1 2025-06-01     month
2 2025-06-17       day
3        NaT      <NA>
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DATE_HELP", "format_date", "parse_dates"]

DATE_HELP = "expected YYYY, YYYY-MM or YYYY-MM-DD"
_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
_PATTERN = r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$"


def parse_dates(values: pd.Series) -> pd.DataFrame:
    """Parse a column of date strings, vectorised.

    Returns a frame with ``date`` (datetime64; a month means its first day, a year
    1 January) and ``precision`` (``year``, ``month``, ``day``); both are missing
    where the text is not a valid date, so callers can reject those rows. ``blank``
    says the text was empty or only spaces (a missing date, rather than a wrong one);
    ``iso`` is the date as ``YYYY-MM-DD`` ("" when there is none).
    """
    # Parse each distinct text once: a file repeats the same few thousand dates.
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    parsed = _parse(pd.Series(uniques, dtype=object).astype(str).str.strip())
    # One row more, missing, for code -1 (a missing cell).
    dates = parsed["date"].to_numpy()
    date = np.append(dates, np.array(["NaT"], dtype=dates.dtype))[codes]
    precision = np.append(parsed["precision"].to_numpy(dtype=object), pd.NA)[codes]
    blank = np.append([not str(v).strip() for v in uniques], True)[codes]
    iso = np.append(np.asarray(parsed["date"].dt.strftime("%Y-%m-%d").fillna(""), dtype=object), "")[codes]
    # copy=False: the columns are fresh arrays, so pandas need not copy them (nor join them in a block).
    return pd.DataFrame({"date": date, "precision": pd.Series(precision, index=values.index, dtype=object, copy=False),
                         "blank": blank, "iso": pd.Series(iso, index=values.index, dtype=object, copy=False)},
                        index=values.index, copy=False)


def _parse(text: pd.Series) -> pd.DataFrame:
    parts = text.str.extract(_PATTERN)
    precision = pd.Series(pd.NA, index=text.index, dtype=object)
    precision[parts["y"].notna()] = "year"
    precision[parts["m"].notna()] = "month"
    precision[parts["d"].notna()] = "day"
    full = parts["y"] + "-" + parts["m"].fillna("01") + "-" + parts["d"].fillna("01")
    date = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")
    precision[date.isna()] = pd.NA
    return pd.DataFrame({"date": date, "precision": precision}, index=text.index)


def format_date(date: pd.Timestamp, precision: str) -> str:
    """A date as its precision shows it: ``2025``, ``2025-06`` or ``2025-06-17``."""
    return date.strftime(_FORMATS.get(precision, "%Y-%m-%d"))
