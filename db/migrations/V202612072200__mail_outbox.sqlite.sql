-- E-mail of notifications (issue #13 item 6): a transactional outbox. A notification's e-mail is
-- written in the transaction that writes the notification (a rolled-back step sends nothing);
-- `tienbo serve` (or `tienbo mail send-pending`) sends what is due, retrying with backoff, and
-- keeps the last error of a message it gave up on.
CREATE TABLE mail_outbox (
  id               INTEGER PRIMARY KEY,
  notification_id  INTEGER REFERENCES notification (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL,
  user_id          INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  address          TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  sent_at          TEXT,
  failed_at        TEXT,
  last_error       TEXT
);
CREATE UNIQUE INDEX mail_outbox_notification_idx ON mail_outbox (notification_id);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
