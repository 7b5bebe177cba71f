"""The browser tests' mail server: a real SMTP server (aiosmtpd) on loopback that writes each
message it accepts to a directory, one JSON file per message, for the tests to read.

    python smtp_sink.py PORT DIRECTORY
"""

import asyncio
import json
import os
import sys
import uuid
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "to": list(envelope.rcpt_tos),
            "subject": str(message["subject"]),
            "list_unsubscribe": message["list-unsubscribe"],
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        }
        # Written under a temporary name, then renamed: a reader never sees half a message.
        name = os.path.join(self.directory, f"{uuid.uuid4()}.json")
        with open(name + ".tmp", "w", encoding="utf-8") as file:
            json.dump(record, file)
        os.replace(name + ".tmp", name)
        return "250 Message accepted"


async def main(port, directory):
    os.makedirs(directory, exist_ok=True)
    # Each run starts with an empty mailbox.
    for old in os.listdir(directory):
        if old.endswith(".json"):
            os.remove(os.path.join(directory, old))
    controller = Controller(Keep(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"SMTP sink listening on 127.0.0.1:{port}, keeping mail in {directory}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
