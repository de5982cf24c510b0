-- Evidence (minh chứng, issue #4): files attached to a value, a section or a
-- whole report; the content type is taken from the bytes, the SHA-256 kept.
-- SQLite dialect; the .pg.sql file is the PostgreSQL twin.
CREATE TABLE evidence (
  id            INTEGER PRIMARY KEY,
  report_id     INTEGER NOT NULL REFERENCES report (id),
  target        TEXT NOT NULL DEFAULT '',
  file_name     TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size_bytes    INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  content       BLOB NOT NULL,
  uploaded_by   TEXT NOT NULL,
  uploaded_at   TEXT NOT NULL
);
CREATE INDEX evidence_report_idx ON evidence (report_id);
