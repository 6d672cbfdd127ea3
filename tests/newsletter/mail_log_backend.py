"""The email backend of the worker restart test: the provider takes a while (NL_TEST_SEND_DELAY seconds per
call), then accepts the whole call and each recipient is written to NL_TEST_MAIL_LOG, one line each."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class MailLogBackend(BaseEmailBackend):
    def send_messages(self, messages):
        time.sleep(float(os.environ.get("NL_TEST_SEND_DELAY", "0")))
        with open(os.environ["NL_TEST_MAIL_LOG"], "a", encoding="utf-8") as log:
            for message in messages:
                log.write(f"{message.to[0]}\n")
            log.flush()
            os.fsync(log.fileno())
        return len(messages)
