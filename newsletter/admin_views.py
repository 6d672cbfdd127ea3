"""The newsletter in the Wagtail admin: a letter's « Envoi » page (preview as email, send a test to
oneself, send now, schedule, cancel a schedule) and the CSV import of subscribers."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ColumnLimitsMixin

from . import services
from .importing import import_csv
from .models import NewsletterPage, SendStatus
from .sending import send_test

MAX_CSV_BYTES = 20 * 1024 * 1024


def can_send(user, letter) -> bool:
    return bool(user.is_authenticated and letter.permissions_for_user(user).can_publish())


class ScheduleForm(ColumnLimitsMixin, forms.Form):
    at = forms.DateTimeField(
        label=gettext_lazy("Date et heure d’envoi"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )


def send_view(request, pk):
    letter = get_object_or_404(NewsletterPage.objects.select_related("mailing_list"), pk=pk)
    if not can_send(request.user, letter):
        raise PermissionDenied
    form = ScheduleForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "test":
                send_test(letter, request.user.email)
                messages.success(request, _("Un test a été envoyé à %(email)s.") % {"email": request.user.email})
            elif action == "send":
                services.start_sending(letter)
                messages.success(request, _("L’envoi a commencé."))
            elif action == "schedule" and form.is_valid() and form.cleaned_data["at"]:
                services.start_sending(letter, at=form.cleaned_data["at"])
                messages.success(request, _("L’envoi est programmé."))
            elif action == "cancel":
                services.cancel_schedule(letter)
                messages.success(request, _("La programmation est annulée."))
            else:
                messages.error(request, _("Indiquez une date d’envoi."))
        except services.SendRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("newsletter_send", pk=letter.pk)
    context = {
        "letter": letter,
        "form": form,
        "recipients": services.recipient_count(letter.mailing_list),
        "counts": services.delivery_counts(letter),
        "can_start": letter.send_status in (SendStatus.DRAFT, SendStatus.SCHEDULED),
        "scheduled": letter.send_status == SendStatus.SCHEDULED,
    }
    return render(request, "newsletter/admin/send.html", context)


def can_import(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("newsletter.add_subscriber"))


class CsvImportForm(ColumnLimitsMixin, forms.Form):
    csv_file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        help_text=gettext_lazy("Colonnes : email, lists (identifiants séparés par |), consent_date (AAAA-MM-JJ)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    report = None
    status = 200
    if request.method == "POST":
        form = CsvImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["csv_file"]
            if upload.size > MAX_CSV_BYTES:
                form.add_error("csv_file", _("Le fichier dépasse 20 Mo."))
                status = 400
            else:
                report = import_csv(upload.read())
        else:
            status = 400
    else:
        form = CsvImportForm()
    return render(request, "newsletter/admin/import.html", {"form": form, "report": report}, status=status)
