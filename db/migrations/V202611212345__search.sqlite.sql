-- Diacritic-insensitive search (issue #4) over unit names and report
-- narratives. `folded` holds the text folded by core::fold_for_search
-- ("bạo lực gia đình" → "bao luc gia dinh"), so "đ" and "d" match alike.
-- SQLite dialect: an FTS5 index whose rowid is search_doc.id.
CREATE TABLE search_doc (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,
  ref      TEXT NOT NULL,
  unit_id  INTEGER REFERENCES unit (id),
  title    TEXT NOT NULL,
  body     TEXT NOT NULL,
  folded   TEXT NOT NULL,
  UNIQUE (kind, ref)
);
CREATE VIRTUAL TABLE search_fts USING fts5 (folded, tokenize = 'unicode61 remove_diacritics 0');
