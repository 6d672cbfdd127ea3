from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string

from home.emails import send_email


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's emails (verification, password reset...) through the site's one email helper."""

    def send_mail(self, template_prefix, email, context):
        context = {**context, "email": email}
        subject = render_to_string(f"{template_prefix}_subject.txt", context, request=context.get("request"))
        subject = self.format_email_subject(" ".join(subject.splitlines()).strip())
        text = render_to_string(f"{template_prefix}_message.txt", context, request=context.get("request"))
        send_email(to=[email], subject=subject, text=text, context=context)
