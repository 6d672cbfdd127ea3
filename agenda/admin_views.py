"""Views of the agenda in the Wagtail admin (registered in `wagtail_hooks.py`): the .ics import
("Importer un calendrier"), for the editorial groups and superusers."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.forms import ColumnLimitsMixin

from .importing import MAX_EVENTS, MAX_ICS_BYTES, ImportRefused, import_events, read_upload
from .models import agenda_index_for
from .moderation import EDITORIAL_GROUPS


def can_import(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.groups.filter(name__in=EDITORIAL_GROUPS).exists()))


class IcsImportForm(ColumnLimitsMixin, forms.Form):
    ics_file = forms.FileField(
        label=_("Fichier .ics"),
        help_text=_("%(size)s Mo et %(count)s événements au plus. Les événements sont créés en brouillon.")
        % {"size": MAX_ICS_BYTES // (1024 * 1024), "count": MAX_EVENTS},
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    report = error = None
    if request.method == "POST":
        form = IcsImportForm(request.POST, request.FILES)
        if form.is_valid():
            index = agenda_index_for(request)
            try:
                if index is None:
                    raise ImportRefused(_("Créez d’abord la page Agenda."))
                report = import_events(read_upload(form.cleaned_data["ics_file"]), index=index, user=request.user)
            except ImportRefused as refusal:
                error = refusal.message
        status = 400 if (error or form.errors) else 200
    else:
        form = IcsImportForm()
        status = 200
    context = {"form": form, "report": report, "error": error, "max_events": MAX_EVENTS}
    return render(request, "agenda/import/import.html", context, status=status)
