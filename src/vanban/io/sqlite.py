"""The registry and its analysis as an SQLite file: plain tables any SQL tool reads.

``vanban export --sqlite FILE`` writes, for a registry (a file or a folder) as of a day:

====================  ==================================================================================
``meta``              what the file is: format, registry, as-of day, period, language, when, vanban version
``issuers``           one row per body: key, names, level, branch, parent, life (valid_from, valid_until)
``successions``       who took over a body's duties (issuer → successor, from, note)
``documents``         one row per document: id, code, kind, date, issuer, title, period, program, file, line
``relations``         source document, relation (``implements``, ``based_on`` …), target document
``subprojects``       the links of documents to projects and sub-projects (program, code)
``requirements``      the bodies a document requires to implement it, with the kinds and the window
``deadlines``         every deadline as of the day (a document's or a program duty's): due, state, owed by
``findings``          the findings of ``vanban check`` as of the day, in the run's language
====================  ==================================================================================

Dates are ISO text (``2025-07-01``), which SQL compares and sorts as dates; lists are one row per
item. The file is written beside the target and renamed over it when complete (a reader sees the
old file or the new one); the registry and the command's inputs are never written over.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sqlite3
from typing import Any, Iterable

from ..base.atomic import WriteError, check_writable, is_input, open_temporary, real_target
from ..base.messages import DEFAULT_LANG
from ..base.safety import require, require_path
from ..check import Analysis

__all__ = ["export_sqlite", "SQLITE_FORMAT", "TABLES", "table_columns"]

SQLITE_FORMAT = "vanban-sqlite 1"

TABLES: dict[str, str] = {
    "meta": "key TEXT PRIMARY KEY, value TEXT",
    "issuers": "key TEXT PRIMARY KEY, name TEXT NOT NULL, short TEXT, level TEXT, branch TEXT, parent TEXT, "
               "valid_from TEXT, valid_until TEXT, abbr TEXT, units TEXT, numbering TEXT, note TEXT",
    "successions": "issuer TEXT NOT NULL, successor TEXT NOT NULL, since TEXT, note TEXT",
    "documents": "id TEXT PRIMARY KEY, code TEXT NOT NULL, number TEXT, symbol TEXT, kind TEXT, date TEXT, "
                 "year INTEGER, issuer TEXT NOT NULL, title TEXT, period_start TEXT, period_end TEXT, program TEXT, "
                 "note TEXT, file TEXT, line INTEGER",
    "relations": "source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL",
    "subprojects": "document TEXT NOT NULL, program TEXT, code TEXT NOT NULL",
    "requirements": "document TEXT NOT NULL, issuer TEXT NOT NULL, kinds TEXT, within_days INTEGER",
    "deadlines": "due TEXT NOT NULL, what TEXT, state TEXT NOT NULL, owed_by TEXT, document TEXT, obligation TEXT, "
                 "unit TEXT, fulfilled_by TEXT, fulfilled_on TEXT, verified TEXT, kind TEXT",
    "findings": "rule TEXT NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL, document TEXT, citation TEXT, "
                "file TEXT, line INTEGER, message TEXT, suggestion TEXT, silenced TEXT, data TEXT",
}
_INDEXES = (
    "CREATE INDEX documents_issuer ON documents (issuer)",
    "CREATE INDEX documents_date ON documents (date)",
    "CREATE INDEX relations_source ON relations (source)",
    "CREATE INDEX relations_target ON relations (target)",
    "CREATE INDEX subprojects_document ON subprojects (document)",
    "CREATE INDEX requirements_document ON requirements (document)",
    "CREATE INDEX deadlines_owed_by ON deadlines (owed_by)",
    "CREATE INDEX findings_document ON findings (document)",
)


def table_columns(table: str) -> list[str]:
    """The column names of *table*, in order."""
    return [part.strip().split()[0] for part in TABLES[table].split(",")]


def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vanban")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree that is not installed
        return None


def _day(value: _dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_sqlite(analysis: Analysis, path: str | os.PathLike[str], *, lang: str = DEFAULT_LANG) -> dict[str, int]:
    """Write *analysis* (its registry, deadlines and findings) to the SQLite file *path*; the number of
    rows of each table. The file is replaced whole or not at all; WriteError when *path* is the
    registry, one of its files, or another input of the command."""
    require("analysis", analysis, Analysis)
    name = require_path("path", path)
    registry = analysis.registry
    target = real_target(name)
    sources = {real_target(f) for f in registry.files}
    if registry.path is not None:
        sources.add(real_target(registry.path))
    if target in sources or is_input(name):
        raise WriteError("io.output-is-input", file=name)
    if target.is_dir():
        raise IsADirectoryError(21, "is a folder", name)
    check_writable(name)
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "no such folder", str(target.parent))
    fd, temporary = open_temporary(target.parent, f".{target.name}.", ".tmp")
    os.close(fd)
    try:
        counts = _write(analysis, temporary, lang)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return counts


def _write(analysis: Analysis, path: str, lang: str) -> dict[str, int]:
    registry = analysis.registry
    counts: dict[str, int] = {}
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a new file, renamed into place when complete
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN")
        for table, columns in TABLES.items():
            connection.execute(f"CREATE TABLE {table} ({columns})")

        def insert(table: str, rows: Iterable[tuple[Any, ...]]) -> None:
            width = len(table_columns(table))
            cursor = connection.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", rows)
            counts[table] = counts.get(table, 0) + max(cursor.rowcount, 0)

        insert("meta", [
            ("format", SQLITE_FORMAT), ("registry", str(registry.path) if registry.path else None),
            ("as_of", analysis.as_of.isoformat()), ("period", str(analysis.period) if analysis.period else None),
            ("language", lang), ("created", _dt.datetime.now().isoformat(timespec="seconds")),
            ("vanban", _version()), ("locality", registry.locality.name),
            ("locality_issuer", registry.locality.issuer),
        ])
        insert("issuers", ((i.key, i.name, i.short, i.level, i.branch, i.parent, _day(i.valid_from), _day(i.valid_until),
                            ", ".join(i.abbrs) or None, ", ".join(i.units) or None, i.numbering, i.note)
                           for i in registry.issuers.values()))
        insert("successions", ((i.key, s.issuer, _day(s.since), s.note)
                               for i in registry.issuers.values() for s in i.successors))
        insert("documents", ((d.id, d.code, d.number, d.symbol, d.kind, _day(d.date), d.year, d.issuer, d.title,
                              _day(d.period.start) if d.period else None, _day(d.period.end) if d.period else None,
                              d.program, d.note, d.file or (str(registry.path) if registry.path else None), d.line)
                             for d in registry.documents))
        insert("relations", ((r.source, r.type.value, r.target) for d in registry.documents for r in d.relations))
        insert("subprojects", ((d.id, d.program, code) for d in registry.documents for code in d.subprojects))
        insert("requirements", ((d.id, issuer, ", ".join(r.kinds) or None, r.within)
                                for d in registry.documents for r in d.requires for issuer in r.issuers))
        insert("deadlines", ((_day(i.due), i.what, i.state.value, i.owed_by, i.source_doc, i.obligation, i.unit,
                              i.fulfilled_by, _day(i.fulfilled_on), i.verified, i.kind) for i in analysis.due))
        report = analysis.check(None, None)
        insert("findings", ((f.rule, f.code, f.severity.value, f.document, f.citation, f.file, f.line, f.text(lang),
                             f.hint(lang), f.silenced, json.dumps(f.data, ensure_ascii=False, default=str))
                            for f in report.findings))
        for statement in _INDEXES:
            connection.execute(statement)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return counts

