"""The email backend of the newsletter bench: Django's locmem backend (each message serialised, as any
backend does), counting what it is handed and then dropping it, as a provider would."""

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class CountingBackend(EmailBackend):
    sent = 0

    @classmethod
    def reset(cls):
        cls.sent = 0

    def send_messages(self, messages):
        count = super().send_messages(messages)
        type(self).sent += count
        mail.outbox = []
        return count
