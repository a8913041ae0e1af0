"""Reading articles: plain text, saved HTML pages, and lists of saved pages with their URLs.

- ``.txt``: the text itself. It may start with a header block, one ``Key: value`` a line
  (``Title``, ``Source``, ``Date``, ``URL``; French ``Titre``, ``Lien`` too), ended by an
  empty line.
- ``.html`` / ``.htm``: the main text is pulled out with trafilatura (menus, footers and
  side bars left out); the outlet comes from the page's site name, the date from its
  metadata, the URL from its canonical link.
- ``.urls`` / ``.list``: one saved page a line, ``URL<TAB>path`` or just ``path`` (relative
  to the list file); the URL becomes the source URL of what is found in that page. Empty
  lines and lines starting with ``#`` are skipped.

Anything else is read as HTML when it looks like HTML, else as plain text. Every failure
is an :class:`~talentgraph.errors.InputError` naming the file (and the line of a list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from talentgraph.errors import InputError
from talentgraph.extract.dates import parse_article_date

__all__ = ["Article", "read_articles"]

_HEADER = re.compile(r"^(title|titre|source|outlet|site|date|published|publie|url|lien)\s*:\s*(.*?)\s*$", re.I)
_HEADER_KEYS = {"title": "title", "titre": "title", "source": "source", "outlet": "source", "site": "source",
                "date": "date", "published": "date", "publie": "date", "url": "url", "lien": "url"}
_URL = re.compile(r"^https?://\S+$", re.I)
LIST_SUFFIXES = {".urls", ".list"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass
class Article:
    """The text of one article and what is known of its source."""

    path: str
    text: str
    title: str = ""
    source_url: str = ""
    source: str = ""
    source_date: str = ""  # YYYY-MM-DD, or "" when unknown


def read_articles(paths: list[str | Path]) -> list[Article]:
    """Every article named by ``paths`` (list files expanded), in order."""
    out: list[Article] = []
    for path in paths:
        path = Path(path)
        if re.match(r"(?i)^https?:/", str(path)):  # Path() folds "https://" to "https:/"
            raise InputError("cannot fetch pages (talentgraph works offline); save the page and list it in a "
                             ".urls file as URL<TAB>saved-page.html",
                             re.sub(r"(?i)^(https?):/(?!/)", r"\1://", str(path)))
        if path.suffix.lower() in LIST_SUFFIXES:
            out.extend(_read_list(path))
        else:
            out.append(read_article(path))
    return out


def read_article(path: str | Path, url: str = "") -> Article:
    """One article file (plain text or HTML); ``url`` is its source URL when known."""
    path = Path(path)
    text = _read_text(path)
    looks_html = path.suffix.lower() in HTML_SUFFIXES or (
        path.suffix.lower() not in {".txt", ".text", ".md"}
        and re.search(r"<(?:!doctype|html|body|p)\b", text[:2000], re.I)
    )
    article = _from_html(path, text) if looks_html else _from_text(path, text)
    if url:
        article.source_url = url
    return article


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder; give article files (.txt, .html) or a .urls list", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Saved pages often declare another charset; a page is tried as Windows-1252 before giving up.
        if path.suffix.lower() in HTML_SUFFIXES and b"\x00" not in data:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the article as UTF-8", str(path)) from None


def _from_text(path: Path, text: str) -> Article:
    lines = text.splitlines()
    meta: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                body_start = i + 1
            break
        m = _HEADER.match(line)
        if m is None:
            meta = {}
            break
        meta[_HEADER_KEYS[m.group(1).lower()]] = m.group(2)
    else:
        if meta:  # a file that is all header: no body
            body_start = len(lines)
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise InputError("no article text (an empty file, or only a header)", str(path))
    article = Article(str(path), body, title=meta.get("title", ""), source=meta.get("source", ""))
    if meta.get("url"):
        if not _URL.match(meta["url"]):
            raise InputError(f"URL: {meta['url']!r} is not an http(s) URL", str(path))
        article.source_url = meta["url"]
    if meta.get("date"):
        parsed = parse_article_date(meta["date"])
        if parsed is None or parsed[1] != "day":
            raise InputError(f"Date: {meta['date']!r} is not a date (write it as YYYY-MM-DD)", str(path))
        article.source_date = parsed[0]
    return article


def _from_html(path: Path, html: str) -> Article:
    import trafilatura  # imported here: it loads lxml and its models, which only HTML needs

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"cannot read the page as HTML: {exc}", str(path)) from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise InputError("no article text found in the page", str(path))
    title = (doc.title or "").strip()
    if title and not text.startswith(title):
        text = title + "\n" + text
    article = Article(str(path), text, title=title, source=(doc.sitename or doc.hostname or "").strip())
    url = (doc.url or "").strip()
    if _URL.match(url):
        article.source_url = url
    if doc.date:
        parsed = parse_article_date(str(doc.date))
        if parsed is not None and parsed[1] == "day":
            article.source_date = parsed[0]
    return article


def _read_list(path: Path) -> list[Article]:
    text = _read_text(path)
    out: list[Article] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        url, page = "", line
        if "\t" in line:
            url, page = (part.strip() for part in line.split("\t", 1))
        elif _URL.match(line.split()[0]) and len(line.split()) == 2:
            url, page = line.split()
        if _URL.match(page):
            raise InputError(f"{page!r} is a URL with no saved page; write URL<TAB>path-to-saved-page",
                             str(path), number)
        if url and not _URL.match(url):
            raise InputError(f"{url!r} is not an http(s) URL", str(path), number)
        page_path = Path(page) if Path(page).is_absolute() else path.parent / page
        try:
            out.append(read_article(page_path, url=url))
        except InputError as exc:
            raise InputError(f"{page_path}: {exc.reason}", str(path), number) from None
    if not out:
        raise InputError("lists no saved page (one a line: URL<TAB>path, or a path)", str(path))
    return out
