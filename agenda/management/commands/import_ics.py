"""python manage.py import_ics FILE|- [--user EMAIL]: import a partner's calendar as draft events."""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agenda.importing import ImportRefused, import_events, read_upload
from agenda.models import agenda_index_for


class Command(BaseCommand):
    help = "Importe un fichier .ics : les événements sont créés (ou mis à jour) en brouillon sous l’agenda."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Chemin du fichier .ics, ou - pour l’entrée standard.")
        parser.add_argument("--user", help="Adresse du compte à qui attribuer l’import (facultatif).")

    def handle(self, *args, path, user=None, **options):
        index = agenda_index_for()
        if index is None:
            raise CommandError("Aucune page Agenda publiée : créez-la d’abord.")
        account = None
        if user:
            account = get_user_model().objects.filter(email__iexact=user).first()
            if account is None:
                raise CommandError(f"Aucun compte pour {user}.")
        try:
            data = read_upload(sys.stdin.buffer) if path == "-" else read_upload(path)
            report = import_events(data, index=index, user=account)
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {path}") from None
        except ImportRefused as refusal:
            raise CommandError(refusal.message) from None
        for label, lines in (("créé", report.created), ("mis à jour", report.updated), ("ignoré", report.skipped)):
            for line in lines:
                reason = f" ({line.reason})" if line.reason else ""
                self.stdout.write(f"{label} : {line.title or '—'} [{line.uid or '—'}]{reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} créé(s), {len(report.updated)} mis à jour, {len(report.skipped)} ignoré(s)."
            )
        )
