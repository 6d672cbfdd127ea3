"""Job offers posted by ESS organisations, their states and what hangs on them.

An offer is a `core.models.Moderated` record: draft → submitted → published → closed, or refused (with a
reason) or withdrawn, through the shared transitions of `core.moderation`; every change is kept in
`OfferStateChange` (a `core.models.StateChange`). The rules around those moves (who may, when, emails)
live in `emploi.services`; the single rule for what the public sees is `JobOfferQuerySet.visible()` (and
`.listed()` for listings).

Location, département and région are copied from the commune on save (`sync_location`) so that the
public search filters and sorts on indexed columns of this table only. Code that bulk-creates offers
must fill them itself with `JobOffer.location_fields(commune)`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.search import index

from annuaire.models import Organisation
from core.models import Moderated, ModerationStatus, StateChange
from reference.models import Commune, ContractType, Departement, Region, Sector, Vocabulary

from ..checks import offer_errors

__all__ = [
    "APPLICATION_TRANSITIONS",
    "ApplicationStateChange",
    "ApplicationStatus",
    "ApplyMode",
    "JobFunction",
    "OFFER_RICH_TEXT_FEATURES",
    "JobOffer",
    "JobOfferQuerySet",
    "OfferApplication",
    "OfferFeedback",
    "OfferStateChange",
    "OfferStatus",
    "SalaryPeriod",
    "WorkingTime",
    "closed_offer_grace_days",
]

# Rich text features recruiters may use (the admin editor and the public forms' sanitiser agree on them).
OFFER_RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


def closed_offer_grace_days() -> int:
    """How long a closed offer stays reachable, marked « offre clôturée », before it disappears."""
    return getattr(settings, "EMPLOI_CLOSED_OFFER_GRACE_DAYS", 30)


# An offer's states are the shared moderation states.
OfferStatus = ModerationStatus


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("temps plein")
    PART_TIME = "part_time", _("temps partiel")


class SalaryPeriod(models.TextChoices):
    YEAR = "year", _("brut annuel")
    MONTH = "month", _("brut mensuel")
    HOUR = "hour", _("brut horaire")


class ApplyMode(models.TextChoices):
    SITE = "site", _("sur Solidaires")
    EXTERNAL = "external", _("sur un autre site")


class JobFunction(Vocabulary):
    """A job family (métier) of the ESS: « Accompagnement social », « Animation »…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("métier")
        verbose_name_plural = _("métiers")


class JobOfferQuerySet(models.QuerySet):
    def visible(self):
        """THE rule for what the public may open: published offers whose closing date is not past, plus
        offers closed (or past their closing date) within the grace period, shown as « offre clôturée »
        with `noindex` and no apply button (see `JobOffer.is_open`)."""
        grace = closed_offer_grace_days()
        today = timezone.localdate()
        return self.filter(
            Q(status=OfferStatus.PUBLISHED, closing_date__gte=today - timedelta(days=grace))
            | Q(status=OfferStatus.CLOSED, closed_at__gte=timezone.now() - timedelta(days=grace))
        )

    def listed(self):
        """Offers in listings, feeds and blocks: published and still open to applications."""
        return self.filter(status=OfferStatus.PUBLISHED, closing_date__gte=timezone.localdate())

    def expired(self):
        """Published offers whose closing date has passed: the daily task closes them."""
        return self.filter(status=OfferStatus.PUBLISHED, closing_date__lt=timezone.localdate())

    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)

    def awaiting_moderation(self):
        return self.filter(status=OfferStatus.SUBMITTED)


class JobOffer(index.Indexed, Moderated):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="job_offers"
    )
    title = models.CharField(_("intitulé du poste"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, db_index=False, blank=True)
    contract_type = models.ForeignKey(
        ContractType, verbose_name=_("type de contrat"), on_delete=models.PROTECT, related_name="job_offers"
    )
    working_time = models.CharField(
        _("temps de travail"), max_length=10, choices=WorkingTime.choices, default=WorkingTime.FULL_TIME
    )
    function = models.ForeignKey(
        JobFunction, verbose_name=_("métier"), on_delete=models.PROTECT, related_name="job_offers"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("secteur d’activité"), on_delete=models.PROTECT, related_name="job_offers"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="job_offers",
        help_text=_("Lieu de travail ; laisser vide en télétravail complet."),
    )
    full_remote = models.BooleanField(_("télétravail complet"), default=False)
    remote_days = models.PositiveSmallIntegerField(
        _("jours de télétravail par semaine"), default=0, choices=[(n, str(n)) for n in range(6)]
    )
    salary_min = models.PositiveIntegerField(_("salaire minimum (€)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salaire maximum (€)"), null=True, blank=True)
    salary_period = models.CharField(
        _("période du salaire"), max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    description = RichTextField(_("description du poste"), features=OFFER_RICH_TEXT_FEATURES)
    profile = RichTextField(_("profil recherché"), features=OFFER_RICH_TEXT_FEATURES, blank=True)
    apply_mode = models.CharField(_("candidature"), max_length=10, choices=ApplyMode.choices, default=ApplyMode.SITE)
    apply_url = models.URLField(_("adresse de candidature"), max_length=500, blank=True)
    start_date = models.DateField(_("date de prise de poste"), null=True, blank=True)
    closing_date = models.DateField(_("date limite de candidature"), db_index=True)
    reference = models.CharField(_("référence"), max_length=60, blank=True)
    # `status`, `submitted_at` and `closed_at` come from Moderated; listings sort on this one.
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_offers",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    views_count = models.PositiveIntegerField(_("nombre de vues"), default=0, editable=False)
    # Copied from the commune on save (see sync_location): filters and radius search on this table only.
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="job_offers",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="job_offers",
    )

    objects = JobOfferQuerySet.as_manager()

    # core.moderation records each move in OfferStateChange (set below), whose foreign key is `offer`.
    state_history_subject_field = "offer"

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("profile"),
        index.FilterField("status"),
        index.FilterField("organisation_id"),
    ]

    class Meta:
        verbose_name = _("offre d’emploi")
        verbose_name_plural = _("offres d’emploi")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="emploi_offer_status_published"),
            models.Index(fields=["status", "closing_date"], name="emploi_offer_status_closing"),
            models.Index(fields=["status", "closed_at"], name="emploi_offer_status_closed"),
            models.Index(fields=["latitude", "longitude"], name="emploi_offer_latlon"),
            models.Index(fields=["status", "region", "-published_at"], name="emploi_offer_status_region"),
            models.Index(fields=["status", "departement", "-published_at"], name="emploi_offer_status_dept"),
            models.Index(fields=["organisation", "status"], name="emploi_offer_org_status"),
            models.Index(fields=["status", "submitted_at"], name="emploi_offer_status_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="emploi_offer_salary_range",
            ),
            models.CheckConstraint(condition=Q(remote_days__lte=5), name="emploi_offer_remote_days"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:180] or "offre"
        self.sync_location()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"commune", "full_remote"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {"commune", "latitude", "longitude", "departement", "region"}
        super().save(*args, **kwargs)

    def clean(self):
        """The checks that hold in the admin too (the recruiters' forms also check the closing date)."""
        super().clean()
        values = {name: getattr(self, name) for name in ("salary_min", "salary_max", "full_remote", "remote_days")}
        values |= {"commune": self.commune if self.commune_id else None, "apply_mode": self.apply_mode}
        values |= {"apply_url": self.apply_url, "closing_date": self.closing_date, "start_date": self.start_date}
        errors = offer_errors(values, check_closing_date=False)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def location_fields(commune: Commune | None) -> dict:
        """The denormalised location columns for a commune (or none, for full remote work)."""
        if commune is None:
            return {"latitude": None, "longitude": None, "departement_id": None, "region_id": None}
        return {
            "latitude": commune.latitude,
            "longitude": commune.longitude,
            "departement_id": commune.departement_id,
            "region_id": commune.region_id,
        }

    def sync_location(self) -> None:
        if self.full_remote:
            self.commune = None
        for name, value in self.location_fields(self.commune if self.commune_id else None).items():
            setattr(self, name, value)

    # --- What the public and recruiters see -----------------------------------------------------

    @property
    def url_key(self) -> str:
        """The stable part of the offer's public URL: slug then id (the slug may change, the id not)."""
        return f"{self.slug}-{self.pk}"

    @property
    def is_open(self) -> bool:
        """Open to applications: published and the closing date (last day to apply) not past."""
        return self.status == OfferStatus.PUBLISHED and self.closing_date >= timezone.localdate()

    @property
    def is_visible(self) -> bool:
        """`JobOfferQuerySet.visible()` for one loaded offer, without a query (tests keep them in step)."""
        grace = timedelta(days=closed_offer_grace_days())
        if self.status == OfferStatus.PUBLISHED:
            return self.closing_date >= timezone.localdate() - grace
        return (
            self.status == OfferStatus.CLOSED
            and self.closed_at is not None
            and self.closed_at >= timezone.now() - grace
        )

    @property
    def is_shown_closed(self) -> bool:
        """Reachable by the public but marked « offre clôturée »: no apply button, `noindex`."""
        return not self.is_open

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None or self.salary_max is not None

    @property
    def is_editable_by_recruiter(self) -> bool:
        return self.status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED, OfferStatus.REFUSED)

    @property
    def location_label(self) -> str:
        if self.full_remote:
            return str(_("Télétravail complet"))
        return self.commune.label if self.commune_id else ""


class OfferStateChange(StateChange):
    """One step in an offer's life: who moved it from which state to which, when and why."""

    offer = models.ForeignKey(JobOffer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="state_changes")

    class Meta:
        verbose_name = _("changement d’état d’une offre")
        verbose_name_plural = _("historique des offres")
        ordering = ["offer", "at", "id"]
        indexes = [models.Index(fields=["offer", "to_status", "-at"], name="emploi_statechange_offer")]

    def __str__(self):
        return f"{self.offer_id}: {self.from_status or '—'} → {self.to_status}"


JobOffer.state_history_model = OfferStateChange


class OfferFeedback(models.Model):
    """What the recruiter tells after closing: was the post filled, and through the site? Created when
    the request is emailed, answered later through a signed link."""

    offer = models.OneToOneField(JobOffer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="feedback")
    was_filled = models.BooleanField(_("poste pourvu"), null=True, blank=True)
    filled_through_site = models.BooleanField(_("pourvu grâce au site"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("retour sur une offre")
        verbose_name_plural = _("retours sur les offres")

    def __str__(self):
        return f"{self.offer}"


class ApplicationStatus(models.TextChoices):
    SENT = "sent", _("envoyée")
    READ = "read", _("lue")
    SHORTLISTED = "shortlisted", _("présélectionnée")
    INTERVIEW = "interview", _("entretien")
    REFUSED = "refused", _("refusée")
    HIRED = "hired", _("retenue")
    WITHDRAWN = "withdrawn", _("retirée")


_A = ApplicationStatus
# Which state may follow which (`emploi.applications.move` checks it); refused, hired and withdrawn end it.
APPLICATION_TRANSITIONS = {
    _A.SENT: {_A.READ, _A.SHORTLISTED, _A.INTERVIEW, _A.REFUSED, _A.HIRED, _A.WITHDRAWN},
    _A.READ: {_A.SHORTLISTED, _A.INTERVIEW, _A.REFUSED, _A.HIRED, _A.WITHDRAWN},
    _A.SHORTLISTED: {_A.INTERVIEW, _A.REFUSED, _A.HIRED, _A.WITHDRAWN},
    _A.INTERVIEW: {_A.SHORTLISTED, _A.REFUSED, _A.HIRED, _A.WITHDRAWN},
    _A.REFUSED: set(),
    _A.HIRED: set(),
    _A.WITHDRAWN: set(),
}


class OfferApplication(models.Model):
    """An application sent through the site (the public side's form creates them), in a state with its
    history (`ApplicationStateChange`)."""

    offer = models.ForeignKey(JobOffer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidat·e"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_applications",
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique"))
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    status = models.CharField(
        _("état"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SENT
    )
    status_changed_at = models.DateTimeField(_("état changé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["offer", "-created_at"], name="emploi_application_offer"),
            models.Index(fields=["applicant", "-created_at"], name="emploi_application_applicant"),
        ]

    def __str__(self):
        return f"{self.name} — {self.offer_id}"

    @property
    def is_over(self) -> bool:
        return not APPLICATION_TRANSITIONS[self.status]

    @property
    def can_withdraw(self) -> bool:
        return ApplicationStatus.WITHDRAWN in APPLICATION_TRANSITIONS[self.status]


class ApplicationStateChange(models.Model):
    """One step of an application: from which state to which, by whom, when, with what message."""

    application = models.ForeignKey(
        OfferApplication, verbose_name=_("candidature"), on_delete=models.CASCADE, related_name="state_changes"
    )
    from_status = models.CharField(_("état précédent"), max_length=12, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("nouvel état"), max_length=12, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    reason = models.TextField(_("message"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("étape d’une candidature")
        verbose_name_plural = _("étapes des candidatures")
        ordering = ["application", "at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
