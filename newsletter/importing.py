"""Import of an existing list from CSV: `email`, `lists` (slugs separated by `|` or `;`), `consent_date`
(ISO date or `JJ/MM/AAAA`). Valid lines become active subscribers with an import consent record; every
refused line is reported with its number and the reason. Blocked addresses (bounces, complaints) and
unsubscribed ones are left as they are: an import never re-subscribes someone who left."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from .models import EMAIL_MAX_LENGTH, ConsentSource, MailingList, Subscriber, SubscriberStatus

MAX_LINES = 200_000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.created} abonné·es créé·es, {self.updated} mis·es à jour, {len(self.rejected)} ligne(s) refusée(s)."
        )


def parse_date(value: str):
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if parsed.year < 1990:
            return None
        return timezone.make_aware(datetime.combine(parsed.date(), parsed.time() or time(12)))
    return None


def import_csv(data: bytes | str) -> ImportReport:
    report = ImportReport()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.rejected.append((0, "Le fichier n’est pas en UTF-8."))
            return report
    if "\x00" in data:
        report.rejected.append((0, "Le fichier contient des caractères nuls."))
        return report
    lists = {mailing_list.slug: mailing_list for mailing_list in MailingList.objects.all()}
    reader = csv.DictReader(io.StringIO(data), delimiter=";" if data.split("\n", 1)[0].count(";") else ",")
    if not reader.fieldnames or "email" not in [name.strip().lower() for name in reader.fieldnames]:
        report.rejected.append((1, "La première ligne doit nommer les colonnes email, lists, consent_date."))
        return report
    seen = set()
    valid = []
    try:
        for line, row in enumerate(reader, start=2):
            if line > MAX_LINES + 1:
                report.rejected.append((line, f"Au-delà de {MAX_LINES} lignes : le reste est ignoré."))
                break
            row = {
                (key or "").strip().lower(): (value or "") if isinstance(value, str) else ""
                for key, value in row.items()
            }
            email = row.get("email", "").strip().lower()
            if not email:
                report.rejected.append((line, "Adresse vide."))
                continue
            if len(email) > EMAIL_MAX_LENGTH:
                report.rejected.append((line, "Adresse trop longue (254 caractères au plus)."))
                continue
            try:
                validate_email(email)
            except ValidationError:
                report.rejected.append((line, f"Adresse invalide : {email[:80]}"))
                continue
            if email in seen:
                report.rejected.append((line, f"Adresse en double dans le fichier : {email}"))
                continue
            slugs = [slug.strip() for slug in row.get("lists", "").replace(";", "|").split("|") if slug.strip()]
            unknown = [slug for slug in slugs if slug not in lists]
            if unknown or not slugs:
                report.rejected.append((line, f"Liste inconnue ou absente : {', '.join(unknown)[:80] or '(vide)'}"))
                continue
            consent = parse_date(row.get("consent_date", ""))
            if consent is None:
                report.rejected.append((line, "Date de consentement absente ou invalide (AAAA-MM-JJ ou JJ/MM/AAAA)."))
                continue
            seen.add(email)
            valid.append((email, [lists[slug] for slug in slugs], consent))
    except csv.Error as error:
        report.rejected.append((reader.line_num, f"Ligne illisible : {error}"))
    with transaction.atomic():
        for email, chosen, consent in valid:
            subscriber, created = Subscriber.objects.get_or_create(
                email=email,
                defaults={
                    "status": SubscriberStatus.ACTIVE,
                    "consent_at": consent,
                    "consent_source": ConsentSource.IMPORT,
                    "consent_page": "import",
                },
            )
            if created:
                report.created += 1
            elif subscriber.status in (SubscriberStatus.ACTIVE, SubscriberStatus.PENDING):
                if subscriber.status == SubscriberStatus.PENDING:
                    subscriber.status = SubscriberStatus.ACTIVE
                    subscriber.consent_at = consent
                    subscriber.consent_source = ConsentSource.IMPORT
                    subscriber.save(update_fields=["status", "consent_at", "consent_source"])
                report.updated += 1
            else:
                report.rejected.append((0, f"{email} : désinscrit·e ou bloqué·e, laissé·e tel·le quel·le."))
                continue
            subscriber.lists.add(*chosen)
    return report
