// The index's tables. Everything here can be rebuilt by a scan (and other Reelvaults' entries by
// a full copy): what a scan cannot rebuild (the id key, devices, pairings) lives in files of its
// own, so that moving a damaged database aside never loses it.

/** Bumped when the tables change; a database from a newer version is set aside, not guessed at. */
export const SCHEMA_VERSION = 1;

/** One bucket of the per-camera rollup (facets): a UTC day. */
export const DAY_MS = 86_400_000;

/**
 * The entries' query indexes. A cold scan of many files drops them and makes them again after
 * (sorting once is far cheaper than a million inserts into each); every open makes any that a
 * crash in between left missing.
 */
export const INDEXES = [
  'CREATE INDEX IF NOT EXISTS entries_rec ON entries (rec, cam)',
  'CREATE INDEX IF NOT EXISTS entries_cam_rec ON entries (cam, rec)',
  'CREATE INDEX IF NOT EXISTS entries_name ON entries (name_key, rel_key)',
  'CREATE INDEX IF NOT EXISTS entries_size ON entries (size, rec)',
  'CREATE INDEX IF NOT EXISTS entries_dur ON entries (dur, rec)',
  'CREATE INDEX IF NOT EXISTS entries_rel ON entries (rel)',
  'CREATE INDEX IF NOT EXISTS entries_lane ON entries (cam, span_start) WHERE span_start IS NOT NULL',
  "CREATE INDEX IF NOT EXISTS entries_problems ON entries (status) WHERE status <> 'ok'",
];

export const SCHEMA = `
CREATE TABLE meta (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE roots (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
-- A lane of the timeline and a facet chip: one camera of one root.
CREATE TABLE cameras (
  id INTEGER PRIMARY KEY,
  root INTEGER NOT NULL REFERENCES roots(id),
  name TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  -- The longest span ever seen in the lane, so a window's search may start that much earlier.
  max_len REAL NOT NULL DEFAULT 0,
  -- Bumped by every change to the camera's entries: what the timeline's lane cache checks.
  ver INTEGER NOT NULL DEFAULT 0,
  UNIQUE (root, name)
);
CREATE TABLE entries (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  cam INTEGER NOT NULL REFERENCES cameras(id),
  rel TEXT NOT NULL,
  name TEXT NOT NULL,
  size REAL NOT NULL,
  mtime REAL NOT NULL,
  rec REAL NOT NULL,
  started REAL NOT NULL,
  rec_from TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  probe TEXT NOT NULL,
  -- What probing found (JSON of the contract's MediaSummary), and why it failed.
  media TEXT,
  probe_error TEXT,
  dur REAL,
  height REAL,
  -- Where it sits on the timeline (timeline-index.ts spanOf); null when it is not a recording.
  span_start REAL,
  span_end REAL,
  span_flags INTEGER,
  rel_key TEXT NOT NULL,
  name_key TEXT NOT NULL
);
${''/* The query indexes (INDEXES below) are made by db.ts at every open. */}
-- The per-camera-day rollup the facets read, kept by the triggers below.
CREATE TABLE cam_days (cam INTEGER NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (cam, day)) WITHOUT ROWID;
CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
  INSERT INTO cam_days (cam, day, n) VALUES (new.cam, CAST(floor(new.rec / ${DAY_MS}) AS INTEGER), 1)
    ON CONFLICT (cam, day) DO UPDATE SET n = n + 1;
  UPDATE cameras SET n = n + 1, ver = ver + 1, max_len = max(max_len, coalesce(new.span_end - new.span_start, 0)) WHERE id = new.cam;
  INSERT INTO fts (rowid, hay) SELECT new.rid, lower(new.rel) WHERE new.rid <= (SELECT v FROM meta WHERE k = 'fts_upto');
END;
CREATE TRIGGER entries_ad AFTER DELETE ON entries BEGIN
  UPDATE cam_days SET n = n - 1 WHERE cam = old.cam AND day = CAST(floor(old.rec / ${DAY_MS}) AS INTEGER);
  UPDATE cameras SET n = n - 1, ver = ver + 1 WHERE id = old.cam;
  DELETE FROM fts WHERE rowid = old.rid;
END;
CREATE TRIGGER entries_au AFTER UPDATE OF cam, rec, rel, span_start, span_end, span_flags, height ON entries BEGIN
  UPDATE cam_days SET n = n - 1 WHERE cam = old.cam AND day = CAST(floor(old.rec / ${DAY_MS}) AS INTEGER);
  INSERT INTO cam_days (cam, day, n) VALUES (new.cam, CAST(floor(new.rec / ${DAY_MS}) AS INTEGER), 1)
    ON CONFLICT (cam, day) DO UPDATE SET n = n + 1;
  UPDATE cameras SET n = n - 1, ver = ver + 1 WHERE id = old.cam;
  UPDATE cameras SET n = n + 1, ver = ver + 1, max_len = max(max_len, coalesce(new.span_end - new.span_start, 0)) WHERE id = new.cam;
  DELETE FROM fts WHERE rowid = old.rid AND old.rel <> new.rel;
  INSERT INTO fts (rowid, hay) SELECT new.rid, lower(new.rel)
    WHERE old.rel <> new.rel AND new.rid <= (SELECT v FROM meta WHERE k = 'fts_upto');
END;
-- Text search: trigram substrings of each path, filled in the background after a scan
-- (text-index.ts) up to meta 'fts_upto'; the triggers keep what is filled in step.
CREATE VIRTUAL TABLE fts USING fts5 (hay, tokenize = 'trigram case_sensitive 1');
INSERT INTO meta (k, v) VALUES ('fts_upto', 0);
-- Other Reelvaults' event streams: where each mirror resumes.
CREATE TABLE remote_cursors (key TEXT PRIMARY KEY, cursor INTEGER NOT NULL) WITHOUT ROWID;
`;
