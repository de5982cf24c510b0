-- Evidence ids are never given again (issue #12, found by the authorization probe): without
-- AUTOINCREMENT SQLite gave a deleted file's id to the next upload, so an old audit entry's
-- entityId could name another unit's file. The table is rebuilt with AUTOINCREMENT, every row
-- keeping its id, and the sequence starts past both the highest id and every evidence id the
-- audit log names (a deleted last file). SQLite dialect; the .pg.sql twin changes nothing
-- (PostgreSQL's identity never reuses). Nothing references evidence, so dropping it is safe.
CREATE TABLE evidence_new (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO evidence_new (id, report_id, target, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at)
  SELECT id, report_id, target, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at
  FROM evidence ORDER BY id;
DROP TABLE evidence;
ALTER TABLE evidence_new RENAME TO evidence;
CREATE INDEX evidence_report_idx ON evidence (report_id);
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'evidence', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'evidence');
UPDATE sqlite_sequence
   SET seq = MAX(seq,
                 COALESCE((SELECT MAX(id) FROM evidence), 0),
                 COALESCE((SELECT MAX(CAST(entity_id AS INTEGER)) FROM audit_event WHERE entity_type = 'evidence'), 0))
 WHERE name = 'evidence';
