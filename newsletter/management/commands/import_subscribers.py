from django.core.management.base import BaseCommand, CommandError

from newsletter.importing import import_csv


class Command(BaseCommand):
    help = "Importe des abonné·es depuis un CSV (colonnes email, lists, consent_date) et liste les lignes refusées."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Impossible de lire {path} : {error}") from error
        report = import_csv(data)
        for line, reason in report.rejected:
            self.stderr.write(f"ligne {line} : {reason}")
        self.stdout.write(report.summary())
