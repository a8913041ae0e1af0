"""Is a Cypher statement read-only? A small tokenizer that refuses writes before they are sent.

``talentgraph cypher`` runs an analyst's Cypher against Neo4j and refuses anything that
could change the database unless ``--write`` is given. :func:`check_read_only` is that
gate. It works on tokens, not on raw text, so that a keyword inside a string literal
(``RETURN 'CREATE' AS s``), a backticked name (```CREATE```), a property key
(``n.set``), a label (``:SET``), a map key (``{create: 1}``) or a parameter
(``$delete``) is not taken for a clause, while comments cannot hide or split one.

What is refused (outside literals, comments and names):

- the updating clauses ``CREATE``, ``INSERT``, ``MERGE``, ``SET``, ``REMOVE``, ``DELETE``,
  ``DETACH DELETE``, ``NODETACH DELETE``, ``FOREACH`` (its body can only write) and
  ``LOAD CSV`` (it makes the server read files and URLs);
- schema and administration commands: ``DROP``, ``ALTER``, ``RENAME``, ``GRANT``,
  ``DENY``, ``REVOKE``, ``TERMINATE``, ``DEALLOCATE``, ``REALLOCATE``, ``START``/``STOP
  DATABASE``, ``ENABLE SERVER`` (``CREATE INDEX`` and friends are caught by ``CREATE``);
- ``CALL { ... } IN TRANSACTIONS`` (any ``TRANSACTIONS`` that does not follow ``SHOW``);
- ``CALL`` of any procedure not in :data:`READ_ONLY_PROCEDURES` (an unknown procedure
  may write, so it is refused rather than trusted);
- more than one statement (``;`` between two statements): Neo4j runs one at a time.

The rules lean to refusing: a variable named like a keyword (``WITH 1 AS set``) is
refused too, and the message says to put the name in backticks.

Neo4j's parser decodes ``\\uXXXX`` escapes in the whole query text before it reads it
(``\\u0053ET`` is ``SET``, and ``'\\u0027`` closes a string), so the tokenizer does the
same first. Line comments end at ``\\n`` or ``\\r``, as in Neo4j.

This check is the gate. As defence in depth the command also runs the statement in a
READ-access session (``execute_read``): Neo4j 5.26 refuses writes there even on a single
instance ("Writing in read access mode not allowed"), and a cluster routes the
transaction to a reader, but older or other servers may not enforce the access mode on a
single instance, so nothing relies on it alone.

>>> check_read_only("MATCH (p:Person) RETURN p.name AS name // CREATE nothing")
>>> check_read_only("RETURN 'DETACH DELETE' AS s, 1 AS `SET`")
>>> check_read_only("MATCH (n) /* harmless? */ DETACH /**/ DELETE n")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
talentgraph.cypher_guard.WriteRefused: DETACH at line 1, column 27 deletes nodes or relationships; add --write ...
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from talentgraph.errors import QueryError

__all__ = ["READ_ONLY_PROCEDURES", "Token", "WriteRefused", "check_read_only", "decode_unicode_escapes", "tokenize"]

# Procedures of Neo4j 5 / 2025 whose mode is READ or DBMS and that change nothing
# (SHOW PROCEDURES YIELD name, mode). Names are case-sensitive in Neo4j, so they are here.
READ_ONLY_PROCEDURES = frozenset({
    "db.info",
    "db.labels",
    "db.ping",
    "db.propertyKeys",
    "db.relationshipTypes",
    "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties",
    "db.schema.visualization",
    "db.index.fulltext.listAvailableAnalyzers",
    "db.index.fulltext.queryNodes",
    "db.index.fulltext.queryRelationships",
    "db.index.vector.queryNodes",
    "db.index.vector.queryRelationships",
    "db.stats.retrieve",
    "db.stats.status",
    "dbms.components",
    "dbms.info",
    "dbms.showCurrentUser",
})

# Keyword -> what it does, for the message. Refused wherever they stand as a keyword.
_WRITE_KEYWORDS = {
    "CREATE": "creates data or schema",
    "INSERT": "creates nodes or relationships",
    "MERGE": "creates data when it is missing",
    "SET": "sets properties or labels",
    "REMOVE": "removes properties or labels",
    "DELETE": "deletes nodes or relationships",
    "DETACH": "deletes nodes or relationships",
    "NODETACH": "deletes nodes",
    "FOREACH": "runs updating clauses",
    "LOAD": "makes the server read a file or URL (LOAD CSV)",
    "DROP": "drops schema or databases",
    "ALTER": "changes users, databases or servers",
    "RENAME": "renames users, roles or servers",
    "GRANT": "changes privileges",
    "DENY": "changes privileges",
    "REVOKE": "changes privileges",
    "TERMINATE": "terminates transactions",
    "DEALLOCATE": "moves databases between servers",
    "REALLOCATE": "moves databases between servers",
}
# Common words as variables (`AS start`), so refused only with the word that makes them a command.
_COMMAND_PAIRS = {("START", "DATABASE"), ("STOP", "DATABASE"), ("ENABLE", "SERVER")}

# Neo4j decodes \uXXXX before parsing (Java style): a backslash starts an escape only when
# an even number of backslashes stands before it.
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u+([0-9A-Fa-f]{4})")
# An identifier: a letter or connector, then letters, digits, connectors and currency
# symbols (Neo4j reads `a$b` as one name).
_NAME_START = re.compile(r"[^\W\d]", re.UNICODE)


class WriteRefused(QueryError):
    """A statement that would write, given without ``--write``."""


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is word, name (backticked), string, param, number or punct."""

    kind: str
    text: str
    offset: int  # in the decoded text


def decode_unicode_escapes(cypher: str) -> tuple[str, list[int]]:
    """The text as Neo4j's parser sees it, and for each of its characters the offset in ``cypher``.

    >>> decode_unicode_escapes(r"\\u0053ET")[0]
    'SET'
    """
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for match in _UNICODE_ESCAPE.finditer(cypher):
        start = match.start()
        out.append(cypher[pos:start])
        where.extend(range(pos, start))
        # The escaped backslashes before the escape stay as they are.
        slashes = match.group(1)
        out.append(slashes)
        where.extend(range(start, start + len(slashes)))
        out.append(chr(int(match.group(2), 16)))
        where.append(start + len(slashes))
        pos = match.end()
    out.append(cypher[pos:])
    where.extend(range(pos, len(cypher)))
    return "".join(out), where


def _is_name_part(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Pc", "Sc")


def tokenize(cypher: str) -> list[Token]:
    """Tokens of ``cypher`` (already unicode-decoded), without whitespace and comments.

    :class:`QueryError` for an unterminated string, backticked name or comment.

    >>> [t.text for t in tokenize("MATCH (n) // CREATE\\nRETURN 'SET' AS `x`")]
    ['MATCH', '(', 'n', ')', 'RETURN', 'SET', 'AS', 'x']
    """
    tokens: list[Token] = []
    i, n = 0, len(cypher)
    while i < n:
        ch = cypher[i]
        if ch.isspace():
            i += 1
        elif cypher.startswith("//", i):
            while i < n and cypher[i] not in "\n\r":
                i += 1
        elif cypher.startswith("/*", i):
            end = cypher.find("*/", i + 2)
            if end < 0:
                raise QueryError(f"unterminated /* comment at {_where(cypher, i)}")
            i = end + 2
        elif ch in "'\"":
            j = i + 1
            while j < n and cypher[j] != ch:
                j += 2 if cypher[j] == "\\" else 1
            if j >= n:
                raise QueryError(f"unterminated string literal at {_where(cypher, i)}")
            tokens.append(Token("string", cypher[i + 1 : j], i))
            i = j + 1
        elif ch == "`":
            j, text = i + 1, []
            while True:
                if j >= n:
                    raise QueryError(f"unterminated `backticked name` at {_where(cypher, i)}")
                if cypher[j] == "`":
                    if cypher.startswith("``", j):  # `` is an escaped backtick
                        text.append("`")
                        j += 2
                        continue
                    break
                text.append(cypher[j])
                j += 1
            tokens.append(Token("name", "".join(text), i))
            i = j + 1
        elif ch == "$":
            j = i + 1
            if j < n and cypher[j] == "`":
                tokens.append(Token("punct", "$", i))  # $`name`: the name token follows
                i = j
                continue
            while j < n and _is_name_part(cypher[j]):
                j += 1
            tokens.append(Token("param", cypher[i + 1 : j], i))
            i = j
        elif ch.isdigit():
            # Digits only: letters after them make a separate word, so `1SET` still shows SET.
            j = i
            while j < n and cypher[j].isdigit():
                j += 1
            tokens.append(Token("number", cypher[i:j], i))
            i = j
        elif _NAME_START.match(ch):
            j = i + 1
            while j < n and _is_name_part(cypher[j]):
                j += 1
            tokens.append(Token("word", cypher[i:j], i))
            i = j
        else:
            tokens.append(Token("punct", ch, i))
            i += 1
    return tokens


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _keyword(token: Token) -> str | None:
    """The upper-cased keyword a word token may be (folded the way Java or Python might)."""
    if token.kind != "word":
        return None
    return unicodedata.normalize("NFKC", token.text).upper()


def _is_keyword_position(tokens: list[Token], i: int) -> bool:
    """False for a word that can only be a name: a property key, a map key, a label or type, a parameter."""
    if i + 1 < len(tokens) and tokens[i + 1].kind == "punct" and tokens[i + 1].text == ":":
        # {create: 1}, set:Label: no clause keyword is ever followed by ':' (Neo4j: syntax error).
        return False
    if i == 0:
        return True
    before = tokens[i - 1]
    if before.kind == "punct" and before.text in (":", "$"):
        return False
    if before.kind == "punct" and before.text == "." and i >= 2:
        owner = tokens[i - 2]
        # n.set, $map.set, (expr).set, list[0].set: a property key. After a number or
        # another dot it may be a decimal or a range, so it stays a keyword (refusing more).
        return not (owner.kind in ("word", "name", "param") or owner.text in (")", "]", "}"))
    return True


def check_read_only(cypher: str) -> None:
    """Raise :class:`WriteRefused` when ``cypher`` may write; :class:`QueryError` when it is not one statement.

    >>> check_read_only("CALL db.labels() YIELD label RETURN label")
    >>> check_read_only("CALL db.createLabel('X')")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    talentgraph.cypher_guard.WriteRefused: procedure db.createLabel (CALL at line 1, column 1) is not known ...
    """
    decoded, where = decode_unicode_escapes(cypher)
    tokens = tokenize(decoded)

    def at(token: Token) -> str:
        return _where(cypher, where[token.offset] if token.offset < len(where) else len(cypher))

    for i, token in enumerate(tokens):
        if _is_semicolon(token) and not all(map(_is_semicolon, tokens[i + 1 :])):
            raise QueryError(f"more than one statement (';' at {at(token)}); run one statement at a time")
        keyword = _keyword(token)
        if keyword is None or not _is_keyword_position(tokens, i):
            continue
        following = _keyword(tokens[i + 1]) if i + 1 < len(tokens) else None
        if keyword in _WRITE_KEYWORDS:
            raise WriteRefused(
                f"{token.text} at {at(token)} {_WRITE_KEYWORDS[keyword]}; add --write to allow writes"
                + _name_hint(token, keyword)
            )
        if (keyword, following) in _COMMAND_PAIRS:
            raise WriteRefused(f"{token.text} {tokens[i + 1].text} at {at(token)} is an administration command; "
                               "add --write to run it")
        if keyword in ("TRANSACTIONS", "TRANSACTION"):
            previous = _keyword(tokens[i - 1]) if i else None
            if previous != "SHOW":
                raise WriteRefused(f"IN TRANSACTIONS at {at(token)} commits batches of writes; "
                                   "add --write to run it" + _name_hint(token, keyword))
        if keyword == "CALL":
            name = _procedure_name(tokens, i + 1)
            if name is not None and name not in READ_ONLY_PROCEDURES:
                raise WriteRefused(f"procedure {name} (CALL at {at(token)}) is not known to be read-only; "
                                   "add --write to run it")


def _is_semicolon(token: Token) -> bool:
    return token.kind == "punct" and token.text == ";"


def _name_hint(token: Token, keyword: str) -> str:
    # A variable may legally be called `set`; the refusal must say how to keep it.
    return f" (if {token.text} is a name here, write it in backticks: `{token.text}`)" if keyword not in (
        "CREATE", "MERGE", "DELETE", "DETACH", "FOREACH") else ""


def _procedure_name(tokens: list[Token], i: int) -> str | None:
    """The dotted procedure name after CALL, or None for a subquery (``CALL {`` / ``CALL (x) {``)."""
    parts: list[str] = []
    while i < len(tokens) and tokens[i].kind in ("word", "name"):
        parts.append(tokens[i].text)
        if i + 1 < len(tokens) and tokens[i + 1].kind == "punct" and tokens[i + 1].text == ".":
            i += 2
            continue
        break
    return ".".join(parts) if parts else None
