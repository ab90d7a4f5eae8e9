"""The store: one SQLite file holding articles, every score each model gave them, and reviews.

Where the file is: ``--db`` / the ``db`` argument, else the ``RELIABILITY_DB`` environment
variable, else ``reliability.db`` in the current working directory (git-ignored in this repo).

Scores are never overwritten: re-scoring with a new model adds rows under that model's id, and
the views (``latest_scores``, ``get_article``) show each article's latest score. Reviews are
append-only (``scoring.review``); the schema refuses UPDATE and DELETE on them.

The schema is versioned with ``PRAGMA user_version``. Opening an older file migrates it forward
inside one transaction; opening a file written by a newer version is refused.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from scoring.outlets import NO_OUTLET, STATS_COLUMNS

DEFAULT_DB = "reliability.db"
ENV_VAR = "RELIABILITY_DB"

ARTICLE_FIELDS = ("id", "outlet", "url", "title", "author", "published", "text")
COUNT_COLUMNS = (
    "named_sources", "unnamed_sources", "quotes", "hedges", "boosters", "assessments", "words",
)  # fmt: skip
# A CSV written by `reliability score` carries these; such rows are stored as they are.
SCORED_MARKERS = ("score", "band", "model_id")

# How many articles are scored and written per transaction while importing or re-scoring.
CHUNK = 500

_V1 = """
CREATE TABLE outlets (
    name TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL
);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    outlet TEXT REFERENCES outlets(name),
    url TEXT,
    title TEXT,
    author TEXT,
    published TEXT,
    text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
-- The same text under the same outlet is the same article, whatever id it came with.
CREATE UNIQUE INDEX articles_outlet_text ON articles(ifnull(outlet, ''), text_sha256);
CREATE INDEX articles_outlet ON articles(outlet);
-- A model's feature names (a JSON list), stored once: scores keep only the values.
CREATE TABLE feature_sets (
    id INTEGER PRIMARY KEY,
    names TEXT NOT NULL UNIQUE
);
CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    article TEXT NOT NULL REFERENCES articles(id),
    model_id TEXT NOT NULL,
    score REAL,
    band TEXT NOT NULL DEFAULT '',
    probability REAL,
    named_sources INTEGER,
    unnamed_sources INTEGER,
    quotes INTEGER,
    hedges INTEGER,
    boosters INTEGER,
    assessments INTEGER,
    words INTEGER,
    warnings TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    scored_at TEXT NOT NULL,
    feature_set INTEGER REFERENCES feature_sets(id),
    features BLOB,
    contributions TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX scores_article ON scores(article, id);
CREATE INDEX scores_model ON scores(model_id);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    article TEXT NOT NULL REFERENCES articles(id),
    score INTEGER REFERENCES scores(id),
    reviewer TEXT NOT NULL,
    verdict TEXT NOT NULL,
    corrected_score REAL CHECK (corrected_score IS NULL OR corrected_score BETWEEN 0 AND 100),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX reviews_article ON reviews(article, id);
"""

# Version 2: reviewers may correct the band as well as the score; reviews become append-only in
# the schema itself, so no code path can rewrite history; articles are found by date quickly.
_V2 = """
ALTER TABLE reviews ADD COLUMN corrected_band TEXT;
CREATE TRIGGER reviews_are_append_only_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only: add a new review instead'); END;
CREATE TRIGGER reviews_are_append_only_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only: add a new review instead'); END;
CREATE INDEX articles_published ON articles(published);
"""

# Version 3: each article points at its latest score, kept current by a trigger in the same
# transaction as every score insert, so the outlet views aggregate 100,000 articles without a
# max(id) lookup per article. The index lists articles in their latest score's order: reading
# scores through it visits the score rows in the order they are stored.
_V3 = """
ALTER TABLE articles ADD COLUMN latest_score INTEGER REFERENCES scores(id);
UPDATE articles SET latest_score = (SELECT max(id) FROM scores WHERE article = articles.id);
CREATE INDEX articles_latest_score ON articles(latest_score, outlet, published);
CREATE TRIGGER scores_become_latest AFTER INSERT ON scores
BEGIN UPDATE articles SET latest_score = NEW.id WHERE id = NEW.article; END;
"""

MIGRATIONS = (_V1, _V2, _V3)  # MIGRATIONS[n] takes a version-n database to version n + 1
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database cannot be used as asked (e.g. written by a newer version)."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    scored: int


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def resolve_db(path: str | os.PathLike | None = None) -> Path:
    """The database file: ``path``, else $RELIABILITY_DB, else ./reliability.db."""
    chosen = path if path not in (None, "") else os.environ.get(ENV_VAR) or Path.cwd() / DEFAULT_DB
    return Path(chosen).expanduser()


def connect(db: str | os.PathLike | None = None) -> sqlite3.Connection:
    """Open (creating or migrating as needed) the store; rows come back as ``sqlite3.Row``.

    The connection is in autocommit mode: write inside ``with transaction(conn):``.
    """
    path = resolve_db(db)
    if path.is_dir():
        raise StoreError(f"database path {path} is a folder, not a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    # timeout: a writer waits up to 30 s for another's lock instead of failing at once.
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        _check_version(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; one fsync per checkpoint
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a usable reliability database: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; waits for other writers."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def opened(db: str | os.PathLike | None) -> Iterator[sqlite3.Connection]:
    """``connect(db)``, closed when the block ends."""
    with closing(connect(db)) as conn:
        yield conn


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema version {version}, but this program only knows up to version "
            f"{SCHEMA_VERSION}: upgrade source-reliability to open it"
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with transaction(conn):
        # Read again under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        _check_version(conn, path)
        for step in MIGRATIONS[version:]:
            for statement in _statements(step):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    statements, current = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        if sqlite3.complete_statement("\n".join(current)):
            statements.append("\n".join(current))
            current = []
    return statements


# ---------------------------------------------------------------------------------------------
# Writing


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def storable(text: str) -> str:
    """Text SQLite can hold: lone surrogates (from broken JSON, say) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def derive_article_id(outlet: str | None, text: str) -> str:
    """A stable id for an article that came without one: a hash of its outlet and text.

    The outlet is part of it because syndicated wire copy runs word for word in several outlets,
    and each outlet's copy counts for that outlet.
    """
    return "sha-" + hashlib.sha256(f"{outlet or ''}\x00{text}".encode()).hexdigest()[:16]


def _clean(value) -> str | None:
    """A cell as text, or None when missing (NaN, None, blank)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    text = storable(str(value)).strip()
    return text or None


@lru_cache(maxsize=4096)  # a batch's articles share a few hundred dates; parsing is the slow part
def _normalize_published_text(text: str) -> str | None:
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return None
    if stamp is pd.NaT:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def normalize_published(value) -> str | None:
    """ISO date (``2026-01-12``) or UTC time (``2026-01-12T08:30:00Z``); None when unparseable."""
    text = _clean(value)
    return None if text is None else _normalize_published_text(text)


def _article_record(raw: Mapping) -> dict:
    text = raw.get("text")
    text = storable(text) if isinstance(text, str) else ""
    outlet = _clean(raw.get("outlet"))
    return {
        "id": _clean(raw.get("id")) or derive_article_id(outlet, text),
        "outlet": outlet,
        "url": _clean(raw.get("url")),
        "title": _clean(raw.get("title")),
        "author": _clean(raw.get("author")),
        "published": normalize_published(raw.get("published")),
        "text": text,
        "text_sha256": text_sha256(text),
    }


def _insert_article(conn: sqlite3.Connection, article: dict, imported_at: str) -> bool:
    """Insert one article (and its outlet); False when it is already stored."""
    if article["outlet"] is not None:
        conn.execute(
            "INSERT OR IGNORE INTO outlets (name, first_seen) VALUES (?, ?)", (article["outlet"], imported_at)
        )
    cur = conn.execute(
        "INSERT OR IGNORE INTO articles (id, outlet, url, title, author, published, text, text_sha256,"
        " imported_at) VALUES (:id, :outlet, :url, :title, :author, :published, :text, :text_sha256,"
        " :imported_at)",
        {**article, "imported_at": imported_at},
    )
    return cur.rowcount == 1


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _count(value) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def feature_set_id(conn: sqlite3.Connection, names) -> int | None:
    """The id of this list of feature names (stored on first use); None for no features."""
    if not names:
        return None
    key = json.dumps(list(names))
    conn.execute("INSERT OR IGNORE INTO feature_sets (names) VALUES (?)", (key,))
    return conn.execute("SELECT id FROM feature_sets WHERE names = ?", (key,)).fetchone()[0]


def feature_matrix(frame: pd.DataFrame) -> np.ndarray:
    """Feature values as stored, one row per score: little-endian float64, missing ones NaN.

    Not JSON: turning 100,000 JSON objects back into columns takes seconds, these blobs take
    milliseconds (``np.frombuffer``), and latest_scores must stay well under half a second.
    """
    return frame.apply(pd.to_numeric, errors="coerce").to_numpy(dtype="<f8")


def _insert_score(conn: sqlite3.Connection, article_id: str, row: Mapping, feature_set: int | None,
                  features: bytes | None, contributions: Mapping, scored_at: str) -> int:
    """One score row from a mapping with ``score_frame``'s column names."""
    cur = conn.execute(
        "INSERT INTO scores (article, model_id, score, band, probability,"
        f" {', '.join(COUNT_COLUMNS)}, warnings, error, scored_at, feature_set, features, contributions)"
        f" VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(COUNT_COLUMNS))}, ?, ?, ?, ?, ?, ?)",
        (
            article_id,
            _clean(row.get("model_id")) or "unknown",
            _number(row.get("score")),
            _clean(row.get("band")) or "",
            _number(row.get("probability")),
            *(_count(row.get(c)) for c in COUNT_COLUMNS),
            _clean(row.get("warnings")) or "",
            _clean(row.get("error")) or "",
            scored_at,
            feature_set,
            features,
            json.dumps({k: _number(v) for k, v in contributions.items()}),
        ),
    )
    return cur.lastrowid


def _store_scored_rows(conn: sqlite3.Connection, article_ids: list[str], scored: pd.DataFrame) -> None:
    # Imported here, as in save_scored_article: scoring.features pulls in scikit-learn, which
    # reading the store and recording reviews do not need.
    from scoring.features import FEATURE_NAMES

    features = [c for c in FEATURE_NAMES if c in scored.columns]
    feature_set = feature_set_id(conn, features)
    values = feature_matrix(scored[features]) if features else None
    scored_at = now_utc()
    for i, (article_id, row) in enumerate(zip(article_ids, scored.to_dict("records"), strict=True)):
        blob = values[i].tobytes() if values is not None else None
        _insert_score(conn, article_id, row, feature_set, blob, {}, scored_at)


def import_frame(
    db, df: pd.DataFrame, model=None, *, id_col: str = "id", text_col: str = "text",
    outlet_col: str = "outlet", title_col: str = "title",
) -> ImportResult:
    """Add a frame of articles to the store, scoring those that come unscored.

    Idempotent: a row whose id, or whose outlet and exact text, is already stored is skipped, so
    importing the same file twice adds nothing. Rows that already carry score columns (a CSV from
    ``reliability score``: score, band, model_id and the feature columns) are stored as they are;
    the others are scored with ``scoring.model.score_frame`` (``model``: a loaded model, a model
    path, or None for the default). A row without an id gets ``derive_article_id``.
    """
    if text_col not in df.columns:
        raise ValueError(
            f"no text column {text_col!r}; columns found: {', '.join(map(str, df.columns))}"
        )
    renames = {id_col: "id", text_col: "text", outlet_col: "outlet", title_col: "title"}
    frame = df.rename(columns={k: v for k, v in renames.items() if k in df.columns and k != v})
    frame = frame.loc[:, ~frame.columns.duplicated(keep="first")]
    prescored = all(c in frame.columns for c in SCORED_MARKERS)
    added = skipped = scored = 0
    with opened(db) as conn:
        for start in range(0, len(frame), CHUNK):
            chunk = frame.iloc[start:start + CHUNK]
            records = [_article_record(r) for r in chunk.to_dict("records")]
            new = _unseen(conn, records)
            skipped += len(records) - len(new)
            if not new:
                continue
            rows = chunk.iloc[new].reset_index(drop=True)
            if not prescored:
                rows = _score(rows, model)
                scored += len(rows)
            imported_at = now_utc()
            with transaction(conn):
                kept = []
                for i in new:
                    if _insert_article(conn, records[i], imported_at):
                        kept.append(i)
                    else:  # another writer stored it since we looked
                        skipped += 1
                positions = [new.index(i) for i in kept]
                _store_scored_rows(conn, [records[i]["id"] for i in kept], rows.iloc[positions])
                added += len(kept)
    return ImportResult(added=added, skipped=skipped, scored=scored)


def _unseen(conn: sqlite3.Connection, records: list[dict]) -> list[int]:
    """Positions of records not yet stored (nor repeated earlier in ``records``)."""
    ids = [r["id"] for r in records]
    marks = ",".join("?" * len(records))
    known_ids = {r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", ids)}
    known_texts = {
        (r[0] or "", r[1])
        for r in conn.execute(
            f"SELECT outlet, text_sha256 FROM articles WHERE text_sha256 IN ({marks})",
            [r["text_sha256"] for r in records],
        )
    }
    new = []
    for i, r in enumerate(records):
        key = (r["outlet"] or "", r["text_sha256"])
        if r["id"] in known_ids or key in known_texts:
            continue
        known_ids.add(r["id"])
        known_texts.add(key)
        new.append(i)
    return new


def _score(rows: pd.DataFrame, model) -> pd.DataFrame:
    from scoring.model import load_model, score_frame

    if model is None or isinstance(model, str | os.PathLike):
        model = load_model(model)
    return score_frame(rows, model=model)


def save_scored_article(db, article: Mapping, article_score) -> str:
    """Store one article (if new) and a new score row from an ``ArticleScore``; its article id.

    When the article is already stored (same id, or same outlet and text) the score is added to
    the stored article.
    """
    from scoring.features import feature_vector

    record = _article_record(article)
    analysis = article_score.analysis
    counts = dict(analysis.counts) if analysis is not None else {}
    row = {
        "model_id": article_score.model_id,
        "score": article_score.score,
        "band": article_score.band,
        "probability": article_score.probability,
        "warnings": "; ".join(article_score.warnings),
        **counts,
    }
    features = feature_vector(analysis) if analysis is not None else {}
    contributions = article_score.contributions or {}
    with opened(db) as conn, transaction(conn):
        if not _insert_article(conn, record, now_utc()):
            record["id"] = _stored_id(conn, record)
        feature_set = feature_set_id(conn, list(features))
        blob = feature_matrix(pd.DataFrame([features]))[0].tobytes() if features else None
        _insert_score(conn, record["id"], row, feature_set, blob, contributions, now_utc())
    return record["id"]


def _stored_id(conn: sqlite3.Connection, record: dict) -> str:
    found = conn.execute(
        "SELECT id FROM articles WHERE id = ? OR (ifnull(outlet, '') = ? AND text_sha256 = ?)",
        (record["id"], record["outlet"] or "", record["text_sha256"]),
    ).fetchone()
    return found[0]


def rescore(db, model, *, progress=None) -> int:
    """Score every article whose latest score is not from ``model``; old scores stay. The count.

    ``progress``, if given, is called with the number of articles done after each chunk.
    """
    from scoring.model import load_model

    if model is None or isinstance(model, str | os.PathLike):
        model = load_model(model)
    done = 0
    with opened(db) as conn:
        todo = [
            r[0]
            for r in conn.execute(
                f"SELECT a.id FROM articles a {_LATEST_JOIN} WHERE s.model_id IS NOT ? ORDER BY a.id",
                (model.model_id,),
            )
        ]
        for start in range(0, len(todo), CHUNK):
            ids = todo[start:start + CHUNK]
            marks = ",".join("?" * len(ids))
            rows = pd.DataFrame(
                [dict(r) for r in conn.execute(f"SELECT id, title, text FROM articles WHERE id IN ({marks})", ids)]
            )
            scored = _score(rows, model)
            with transaction(conn):
                _store_scored_rows(conn, scored["id"].tolist(), scored)
            done += len(ids)
            if progress is not None:
                progress(done)
    return done


# ---------------------------------------------------------------------------------------------
# Reading

# Each article joined to its latest score (kept in articles.latest_score by a trigger).
_LATEST_JOIN = "LEFT JOIN scores s ON s.id = a.latest_score"
# The outlet views scan every article in the period: through articles_latest_score the score
# rows are read in stored order, several times faster than in article order at 100,000 articles.
_LATEST_SCAN = f"FROM articles a INDEXED BY articles_latest_score {_LATEST_JOIN}"

LATEST_COLUMNS = (
    "article_id", "outlet", "url", "title", "author", "published", "score", "band", "probability",
    "model_id", "scored_at", *COUNT_COLUMNS, "warnings", "error",
)  # fmt: skip


def period_bounds(since=None, until=None) -> tuple[str | None, str | None]:
    """``published`` bounds for a period given as dates, both days included.

    Returns (lowest allowed value, first value past the end) in the stored ISO form.
    """
    def day(value, name):
        if value in (None, ""):
            return None
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{name} {value!r} is not a date: use YYYY-MM-DD") from exc
        if stamp is pd.NaT:
            raise ValueError(f"{name} {value!r} is not a date: use YYYY-MM-DD")
        return stamp.tz_localize(None) if stamp.tzinfo else stamp

    low, high = day(since, "since"), day(until, "until")
    if low is not None and high is not None and high < low:
        raise ValueError(f"the period ends ({until}) before it starts ({since})")
    return (
        None if low is None else low.normalize().strftime("%Y-%m-%d"),
        None if high is None else (high.normalize() + pd.Timedelta(days=1)).strftime("%Y-%m-%d"),
    )


def _where(since, until, outlets, alias="a") -> tuple[str, list]:
    low, high = period_bounds(since, until)
    clauses, params = [], []
    if low is not None:
        clauses.append(f"{alias}.published >= ?")
        params.append(low)
    if high is not None:
        clauses.append(f"{alias}.published < ?")
        params.append(high)
    if outlets:
        outlets = [outlets] if isinstance(outlets, str) else list(outlets)
        named = [o for o in outlets if o != NO_OUTLET]
        matches = [f"{alias}.outlet IN ({','.join('?' * len(named))})"] if named else []
        if NO_OUTLET in outlets:  # the outlet views' name for articles stored without an outlet
            matches.append(f"{alias}.outlet IS NULL")
        clauses.append("(" + " OR ".join(matches) + ")")
        params.extend(named)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def latest_scores(db, since=None, until=None, outlets=None) -> pd.DataFrame:
    """One row per article with its latest score (LATEST_COLUMNS, then one column per feature),
    in the order the articles were stored.

    ``since`` / ``until`` are dates, both included, on the article's published date (articles
    without a date are left out when either is given); ``outlets`` is a list of outlet names
    (``scoring.outlets.NO_OUTLET`` picks articles stored without one).
    Articles whose scoring failed have score NaN and the reason in ``error``.
    """
    where, params = _where(since, until, outlets)
    query = (
        "SELECT a.id AS article_id, a.outlet, a.url, a.title, a.author, a.published, s.score, s.band,"
        " s.probability, s.model_id, s.scored_at, "
        + ", ".join(f"s.{c}" for c in COUNT_COLUMNS)
        + f", s.warnings, s.error, s.feature_set, s.features FROM articles a {_LATEST_JOIN}{where}"
        " ORDER BY a.rowid"  # the order they were stored in: a sequential read of the table
    )
    with opened(db) as conn:
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: much faster than sqlite3.Row at 100,000 rows
        rows = cursor.execute(query, params).fetchall()
        feature_sets = {i: json.loads(names) for i, names in conn.execute("SELECT id, names FROM feature_sets")}
    names = [*LATEST_COLUMNS, "feature_set", "features"]
    # Column by column with the dtype known: a third faster than letting pandas infer each one.
    columns = dict(zip(names, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(names, ())
    frame = pd.DataFrame({name: _typed(name, values) for name, values in columns.items()})
    return pd.concat([frame, _feature_columns(frame.pop("feature_set"), frame.pop("features"), feature_sets)], axis=1)


_NUMBER_COLUMNS = frozenset(("score", "probability", "feature_set"))


def _typed(name: str, values: tuple):
    if name == "features":
        return pd.Series(values, dtype=object)
    if name in _NUMBER_COLUMNS or name in COUNT_COLUMNS:
        numbers = np.array(values, dtype=float)
        whole = name in COUNT_COLUMNS and not np.isnan(numbers).any()
        return numbers.astype(np.int64) if whole else numbers
    return pd.array(values, dtype="str")


def _feature_columns(sets: pd.Series, blobs: pd.Series, feature_sets: dict[int, list[str]]) -> pd.DataFrame:
    """Stored feature blobs as one float column per feature name (NaN where a score lacks it)."""
    names = list(dict.fromkeys(n for i in sets.dropna().unique() for n in feature_sets.get(int(i), [])))
    columns = pd.DataFrame(np.nan, index=sets.index, columns=names)
    sizes = np.fromiter((len(b) if isinstance(b, bytes) else -1 for b in blobs), dtype=int, count=len(blobs))
    for set_id in sets.dropna().unique():
        set_names = feature_sets[int(set_id)]
        rows = (sets == set_id).to_numpy() & (sizes == 8 * len(set_names))
        if rows.any():
            values = np.frombuffer(b"".join(blobs[rows]), dtype="<f8").reshape(-1, len(set_names))
            columns.loc[rows, set_names] = values
    return columns


def get_article(db, article_id: str) -> dict | None:
    """An article with its latest score, its features and contributions, and every score it had.

    Keys: the article fields, ``text_sha256``, ``imported_at``, ``latest`` (a score dict, or None)
    and ``scores`` (all score dicts, newest first). Each score dict has model_id, score, band,
    probability, features (dict), contributions (dict), the counts, warnings, error, scored_at.
    """
    with opened(db) as conn:
        article = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if article is None:
            return None
        scores = conn.execute(
            "SELECT s.*, f.names FROM scores s LEFT JOIN feature_sets f ON f.id = s.feature_set"
            " WHERE s.article = ? ORDER BY s.id DESC",
            (article_id,),
        ).fetchall()
    history = []
    for s in scores:
        entry = dict(s)
        names, blob = json.loads(entry.pop("names") or "[]"), entry.pop("features")
        values = np.frombuffer(blob, dtype="<f8") if blob and len(blob) == 8 * len(names) else []
        entry["features"] = {n: float(v) for n, v in zip(names, values, strict=False)}
        entry.pop("feature_set")
        entry["contributions"] = json.loads(entry["contributions"])
        history.append(entry)
    return {**dict(article), "latest": history[0] if history else None, "scores": history}


def outlets(db) -> list[str]:
    """Every outlet in the store, sorted by name."""
    with opened(db) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM outlets ORDER BY name")]


# ---------------------------------------------------------------------------------------------
# Outlet views, aggregated in SQL over each article's latest score. Filters as latest_scores;
# articles stored without an outlet are counted under scoring.outlets.NO_OUTLET.


def _rows(db, query: str, params: list) -> list[tuple]:
    with opened(db) as conn:
        cursor = conn.cursor()
        cursor.row_factory = None
        return cursor.execute(query, params).fetchall()


def outlet_stats(db, since=None, until=None, outlets=None) -> pd.DataFrame:
    """Per-outlet sums over the articles' latest scores (``scoring.outlets.STATS_COLUMNS``),
    by outlet name: ``scoring.outlets.summarize_outlets`` of it is the ranking."""
    where, params = _where(since, until, outlets)
    query = (
        "SELECT ifnull(a.outlet, ?), count(s.score), count(*) - count(s.score),"
        " total(s.score), total(s.score * s.score), "
        + ", ".join(f"total(s.{c})" for c in STATS_COLUMNS[5:])
        + f" {_LATEST_SCAN}{where} GROUP BY a.outlet ORDER BY a.outlet"
    )
    return pd.DataFrame(_rows(db, query, [NO_OUTLET, *params]), columns=list(STATS_COLUMNS))


TREND_COLUMNS = ("outlet", "period", "articles", "mean_score")


def score_trend(db, freq: str = "M", since=None, until=None, outlets=None) -> pd.DataFrame:
    """Articles and mean latest score per outlet per week (``freq="W"``, weeks start on Monday)
    or month (``"M"``), as ``scoring.outlets.outlet_trend``: period is the period's first day.

    Articles without a date or a score are left out.
    """
    if freq not in ("W", "M"):
        raise ValueError(f"freq must be 'W' (weekly) or 'M' (monthly), got {freq!r}")
    day = "substr(a.published, 1, 10)"  # the stored date, or the UTC date of a stored time
    period = f"date({day}, 'weekday 0', '-6 days')" if freq == "W" else f"substr({day}, 1, 8) || '01'"
    where, params = _where(since, until, outlets)
    where += (" AND" if where else " WHERE") + " a.published IS NOT NULL AND s.score IS NOT NULL"
    query = (
        f"SELECT ifnull(a.outlet, ?), {period} AS period, count(*), avg(s.score)"
        f" {_LATEST_SCAN}{where} GROUP BY a.outlet, period ORDER BY a.outlet, period"
    )
    trend = pd.DataFrame(_rows(db, query, [NO_OUTLET, *params]), columns=list(TREND_COLUMNS))
    trend["period"] = pd.to_datetime(trend["period"])
    return trend


def score_histogram(db, since=None, until=None, outlets=None) -> pd.DataFrame:
    """How many articles of each outlet have each latest score rounded to a whole point
    (columns outlet, score, articles; at most 101 rows per outlet). Unscored articles are left out."""
    where, params = _where(since, until, outlets)
    where += (" AND" if where else " WHERE") + " s.score IS NOT NULL"
    query = (
        "SELECT ifnull(a.outlet, ?), CAST(round(s.score) AS INTEGER) AS bin, count(*)"
        f" {_LATEST_SCAN}{where} GROUP BY a.outlet, bin ORDER BY a.outlet, bin"
    )
    return pd.DataFrame(_rows(db, query, [NO_OUTLET, *params]), columns=["outlet", "score", "articles"])


def outlet_articles(db, outlet: str, since=None, until=None, limit: int = 200) -> pd.DataFrame:
    """An outlet's most recent articles in the period, newest first, with their latest score
    (columns article_id, published, title, score, band); NO_OUTLET lists those without one."""
    where, params = _where(since, until, [outlet])
    query = (
        f"SELECT a.id, a.published, a.title, s.score, s.band FROM articles a {_LATEST_JOIN}{where}"
        " ORDER BY a.published DESC LIMIT ?"
    )
    rows = _rows(db, query, [*params, limit])
    frame = pd.DataFrame(rows, columns=["article_id", "published", "title", "score", "band"])
    frame["score"] = frame["score"].astype(float)
    return frame


def published_range(db) -> tuple[str, str] | None:
    """The first and last stored ``published`` values, or None when no article has a date."""
    first, last = _rows(db, "SELECT min(published), max(published) FROM articles", [])[0]
    return None if first is None else (first, last)
