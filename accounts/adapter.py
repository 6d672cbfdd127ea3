from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from wagtail.models import Site

from core import throttling
from core.emails import send_email

# How long an address from which a person signed in stays theirs for the per-account limit.
KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600


def current_site(request) -> SimpleNamespace:
    """The `current_site` allauth's email templates greet with: the Wagtail site's name and the host."""
    name, domain = settings.WAGTAIL_SITE_NAME, urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    if request is not None:
        site = Site.find_for_request(request)
        name, domain = (site.site_name if site and site.site_name else name), request.get_host()
    return SimpleNamespace(name=name, domain=domain)


def _login_key(credentials) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


def _known_address_key(login: str, ip: str) -> str:
    return throttling.rate_key("accounts.known_address", f"{login}\x1f{ip}")


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's emails (verification, password reset...) through the site's one email helper, and
    guards against password guessing without letting a stranger lock someone out:

    - failed sign-ins are limited per address (allauth's `login_failed`, 5 in 5 minutes): one machine
      cannot try many passwords, whatever the accounts;
    - failed sign-ins on one account, from addresses its owner never signed in from, are limited too
      (`accounts.login_failed` in `RATE_LIMITS`): many machines cannot guess one account's password;
    - that account limit never blocks an address from which the owner signed in within 90 days: a
      stranger's failures do not lock the owner out of their usual connection;
    - and on a new connection the owner can always sign in with a one-time code sent by email (allauth's
      login by code, `ACCOUNT_LOGIN_BY_CODE_ENABLED`), which these limits do not touch.
    """

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        login = _login_key(credentials)
        if not login or cache.get(_known_address_key(login, throttling.client_ip(request))):
            return
        if throttling.is_limited("accounts.login_failed", login):
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        login = _login_key(credentials)
        if user is not None and login:
            cache.set(_known_address_key(login, throttling.client_ip(request)), True, KNOWN_ADDRESS_SECONDS)
        return user

    def authentication_failed(self, request, **credentials):
        login = _login_key(credentials)
        if login and not cache.get(_known_address_key(login, throttling.client_ip(request))):
            throttling.hit("accounts.login_failed", login)

    def send_mail(self, template_prefix, email, context):
        request = context.get("request") or allauth_context.request
        context = {"request": request, "current_site": current_site(request), **context, "email": email}
        subject = render_to_string(f"{template_prefix}_subject.txt", context, request=request)
        subject = self.format_email_subject(" ".join(subject.splitlines()).strip())
        text = render_to_string(f"{template_prefix}_message.txt", context, request=request)
        send_email(to=[email], subject=subject, text=text, context=context)
