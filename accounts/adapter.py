from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.template.loader import render_to_string
from wagtail.models import Site

from home.emails import send_email


def current_site(request) -> SimpleNamespace:
    """The `current_site` allauth's email templates greet with: the Wagtail site's name and the host."""
    name, domain = settings.WAGTAIL_SITE_NAME, urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    if request is not None:
        site = Site.find_for_request(request)
        name, domain = (site.site_name if site and site.site_name else name), request.get_host()
    return SimpleNamespace(name=name, domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's emails (verification, password reset...) through the site's one email helper."""

    def send_mail(self, template_prefix, email, context):
        request = context.get("request") or allauth_context.request
        context = {"request": request, "current_site": current_site(request), **context, "email": email}
        subject = render_to_string(f"{template_prefix}_subject.txt", context, request=request)
        subject = self.format_email_subject(" ".join(subject.splitlines()).strip())
        text = render_to_string(f"{template_prefix}_message.txt", context, request=request)
        send_email(to=[email], subject=subject, text=text, context=context)
