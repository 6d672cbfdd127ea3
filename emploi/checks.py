"""What an offer must hold, checked on its values alone (no query): the recruiters' forms, the services
that save offers and the admin's `JobOffer.clean` all ask here, so they give the same French messages."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

# The last day to apply may be at most this far ahead (about six months).
MAX_CLOSING_DAYS = 183


def closing_date_error(closing_date: date | None, *, today: date | None = None) -> str | None:
    today = today or timezone.localdate()
    if closing_date is None:
        return _("Indiquez la date limite de candidature.")
    if closing_date < today:
        return _("La date limite de candidature est déjà passée : choisissez aujourd’hui ou une date à venir.")
    if closing_date > today + timedelta(days=MAX_CLOSING_DAYS):
        return _("La date limite de candidature ne peut pas dépasser six mois : choisissez une date plus proche.")
    return None


def offer_errors(values: dict, *, check_closing_date: bool = True) -> dict[str, str]:
    """What is wrong with an offer's values, field by field, in French (empty when all is well)."""
    errors = {}
    if check_closing_date and (message := closing_date_error(values.get("closing_date"))):
        errors["closing_date"] = message
    salary_min, salary_max = values.get("salary_min"), values.get("salary_max")
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        errors["salary_max"] = _("Le salaire maximum doit être supérieur ou égal au salaire minimum.")
    if not values.get("full_remote") and values.get("commune") is None:
        errors["commune"] = _("Indiquez la commune du poste, ou cochez « télétravail complet ».")
    remote_days = values.get("remote_days") or 0
    if not 0 <= remote_days <= 5:
        errors["remote_days"] = _("Le nombre de jours de télétravail va de 0 à 5.")
    if values.get("apply_mode") == "external" and not values.get("apply_url"):
        errors["apply_url"] = _("Indiquez l’adresse où candidater, ou choisissez la candidature sur Solidaires.")
    start_date, closing_date = values.get("start_date"), values.get("closing_date")
    if start_date and closing_date and start_date < closing_date - timedelta(days=MAX_CLOSING_DAYS):
        errors["start_date"] = _("La date de prise de poste semble trop ancienne.")
    return errors
