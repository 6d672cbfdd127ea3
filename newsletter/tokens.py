"""Signed links of the newsletter: confirmation (expires), preferences and one-click unsubscribe (kept
valid as long as the letters that carry them are read). Nothing secret is in them but an id."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
PREFERENCES_SALT = "newsletter.preferences"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class InvalidToken(Exception):
    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


_preferences = signing.Signer(salt=PREFERENCES_SALT)
_unsubscribe = signing.Signer(salt=UNSUBSCRIBE_SALT)


def confirmation_token(subscriber_id: int, list_ids) -> str:
    return signing.dumps({"s": subscriber_id, "l": sorted(int(i) for i in list_ids)}, salt=CONFIRM_SALT)


def read_confirmation_token(token: str) -> tuple[int, list[int]]:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidToken(expired=True) from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    try:
        return int(data["s"]), [int(i) for i in data["l"]]
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidToken from error


def preferences_token(subscriber_id: int) -> str:
    return _preferences.sign(str(subscriber_id))


def read_preferences_token(token: str) -> int:
    try:
        return _positive_int(_preferences.unsign(token))
    except signing.BadSignature as error:
        raise InvalidToken from error


def unsubscribe_token(subscriber_id: int, list_id: int) -> str:
    return _unsubscribe.sign(f"{subscriber_id}.{list_id}")


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    try:
        subscriber, _dot, mailing_list = _unsubscribe.unsign(token).partition(".")
    except signing.BadSignature as error:
        raise InvalidToken from error
    return _positive_int(subscriber), _positive_int(mailing_list)


def _positive_int(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise InvalidToken
    return int(value)
