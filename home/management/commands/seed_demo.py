"""Build the demo site: `python manage.py seed_demo [--scale small|full]`.

Each app contributes a `demo.seed(scale, stdout)` function listed in settings.DEMO_SEEDERS, run in
order. Every seeder is idempotent: a second run finds what exists and adds nothing twice. The `full`
scale adds the volumes used by `make bench`, with bulk inserts.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Crée le contenu de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "full"], default="small")
        parser.add_argument("--quiet-accounts", action="store_true", help="Ne pas afficher les comptes.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Créer la démo même là où les réglages l’interdisent (jamais sur un site public).",
        )

    def handle(self, *args, scale, quiet_accounts=False, force=False, **options):
        if not (settings.SEED_DEMO_ALLOWED or force):
            raise CommandError(
                "Ces réglages n’autorisent pas le contenu de démonstration : ses comptes ont des mots de "
                "passe publics (administrateur compris). Utilisez config.settings.dev, ou --force sur une "
                "copie jetable."
            )
        for dotted_path in settings.DEMO_SEEDERS:
            seeder = import_string(dotted_path)
            with transaction.atomic():
                seeder(scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Contenu de démonstration prêt (échelle : {scale})."))
        if not quiet_accounts:
            base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            self.stdout.write("")
            self.stdout.write(f"  Site :            {base_url}/")
            self.stdout.write(f"  Administration :  {base_url}/admin/")
            self.stdout.write(f"  Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}")
            for email, label in DEMO_USERS:
                self.stdout.write(f"    {label:<28} {email}")
