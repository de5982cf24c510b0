#!/usr/bin/env python3
# A loopback SMTP sink for the e-mail tests (tests/mail/smtp_sink_test.cpp): listens on a free
# port of 127.0.0.1, prints "listening PORT", and writes each message it receives to
# OUT_DIR/NNN.json — envelope, decoded headers and body (Python's email package), and the raw
# message (which must be 7-bit ASCII). A recipient whose address starts with "reject" is refused
# with 550, so the sender's error path can be seen.
import json
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import asyncore  # noqa: E402  (Python 3.11: deprecated, still shipped with smtpd)
import smtpd  # noqa: E402
from email import message_from_bytes, policy  # noqa: E402

out_dir = sys.argv[1]


class Sink(smtpd.SMTPServer):
    count = 0

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        if any(r.startswith("reject") for r in rcpttos):
            return "550 5.1.1 no such mailbox"
        Sink.count += 1
        msg = message_from_bytes(data, policy=policy.default)
        try:
            raw = data.decode("ascii")
        except UnicodeDecodeError:
            raw = None
        record = {
            "mailFrom": mailfrom,
            "rcptTo": rcpttos,
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "subject": str(msg["subject"]),
            "date": str(msg["date"]),
            "messageId": str(msg["message-id"]),
            "contentType": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "transferEncoding": str(msg["content-transfer-encoding"]),
            "body": msg.get_content(),
            "raw": raw,
        }
        path = os.path.join(out_dir, "%03d.json" % Sink.count)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return None


server = Sink(("127.0.0.1", 0), None, decode_data=False)
print("listening", server.socket.getsockname()[1], flush=True)
asyncore.loop(timeout=0.2)
