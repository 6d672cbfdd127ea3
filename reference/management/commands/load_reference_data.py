"""Bring the régions, départements, communes and postcodes in the database in line with reference/data/."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from reference.building import DATA_DIR
from reference.loading import load_reference_data


class Command(BaseCommand):
    help = (
        "Charge ou met à jour (idempotent) les régions, départements, communes et codes postaux depuis les "
        "fichiers de reference/data/. Les communes disparues sont marquées « hors vigueur », jamais supprimées."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", default=str(DATA_DIR), help="Dossier des fichiers (par défaut reference/data)."
        )

    def handle(self, *args, data_dir, **options):
        started = time.monotonic()
        with transaction.atomic():
            report = load_reference_data(data_dir=data_dir)
        self.stdout.write(str(report))
        self.stdout.write(self.style.SUCCESS(f"Référentiel géographique à jour ({time.monotonic() - started:.1f} s)."))
