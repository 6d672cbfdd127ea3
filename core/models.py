"""The shared records: the outgoing-email outbox, and the abstract bases of what people submit.

- `Submission`: what a stranger sends from a public form (a press release, an event proposal), kept apart
  from the page it becomes: its sender's address is confirmed by a signed link, then a draft page goes
  into a Wagtail workflow, and the sender is told the decision once (`core.submissions`).
- `Moderated` and `StateChange`: records that live as snippets (job offers, missions, consultant
  profiles) and move through explicit states with a history (`core.moderation`, on django-fsm-2).
- `JobRun` and `ScheduledJob`: what each scheduled job did and when, and whether staff were told it is
  overdue (`core.jobs`).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class OutgoingEmail(models.Model):
    """An email waiting to be delivered, or delivered. Saved before sending so nothing is lost.

    The bodies (which may hold password-reset or verification links) are cleared once the email is
    sent; `core.tasks.purge_old_emails` deletes sent rows after 30 days and failed ones after 90.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec définitif")

    to = models.JSONField(_("destinataires"))
    subject = models.CharField(_("objet"), max_length=255)
    text_body = models.TextField(_("texte"))
    html_body = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    from_email = models.CharField(_("expéditeur"), max_length=255, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # When a pending email may be queued again by `requeue_pending_emails`: after the back-off of a
    # failed attempt, or once the lease of a queued (not yet run) delivery has expired.
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)

    class Meta:
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"


# --- Submissions from public forms (core.submissions) -----------------------------------------------


class SubmissionStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("adresse à confirmer")
    IN_REVIEW = "in_review", _("en cours de modération")
    PUBLISHED = "published", _("publiée")
    REFUSED = "refused", _("refusée")
    EXPIRED = "expired", _("expirée")


class InvalidConfirmation(Exception):
    """A confirmation link that is forged, expired, or points to a submission that no longer exists."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


class Submission(models.Model):
    """What someone sent from a public form, apart from the page it becomes (abstract).

    Subclasses set `confirmation_salt` and `confirmation_max_age`, list their pending files in
    `pending_files()`, and write the decision email in `decision_email(published)`.
    """

    Status = SubmissionStatus

    email = models.EmailField(_("adresse électronique"))
    status = models.CharField(
        _("état"), max_length=24, choices=SubmissionStatus.choices, default=Status.AWAITING_CONFIRMATION, db_index=True
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now, editable=False, db_index=True)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)

    confirmation_salt = "core.submission"
    confirmation_max_age = timedelta(days=2)

    class Meta:
        abstract = True

    def confirmation_token(self) -> str:
        return signing.dumps({"id": self.pk, "email": self.email}, salt=self.confirmation_salt, compress=True)

    @classmethod
    def from_token(cls, token: str):
        """The submission a confirmation link points to, or InvalidConfirmation (expired or not)."""
        try:
            payload = signing.loads(token, salt=cls.confirmation_salt, max_age=cls.confirmation_max_age)
        except signing.SignatureExpired:
            raise InvalidConfirmation(expired=True) from None
        except signing.BadSignature:
            raise InvalidConfirmation() from None
        if not isinstance(payload, dict):
            raise InvalidConfirmation()
        submission = cls.objects.filter(pk=payload.get("id"), email=payload.get("email")).first()
        if submission is None:
            raise InvalidConfirmation()
        return submission

    @classmethod
    def confirmation_hours(cls) -> int:
        """How long a confirmation link is valid, in hours, as pages and emails say it."""
        return int(cls.confirmation_max_age.total_seconds() // 3600)

    def pending_files(self) -> list:
        """The stored files (FieldFile) that go with the submission when it is purged."""
        return []

    def decision_email(self, *, published: bool) -> tuple[str, str] | None:
        """(subject, text) telling the sender the decision; None to send nothing."""
        return None


class WithheldMedia(models.Model):
    """A document or picture someone sent, kept in the private collection until the page that shows it is
    published (`core.submissions.withhold_media`): a file of content still in moderation is not public."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    public_collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection une fois publiée"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    released_at = models.DateTimeField(_("rendu public le"), null=True, blank=True)

    class Meta:
        verbose_name = _("fichier en attente de publication")
        verbose_name_plural = _("fichiers en attente de publication")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False) | models.Q(image__isnull=False),
                name="withheld_media_has_a_file",
            )
        ]

    def __str__(self):
        return str(self.media)

    @property
    def media(self):
        return self.document or self.image


# --- Moderated records (core.moderation) -------------------------------------------------------------


class ModerationStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("en attente de validation")
    PUBLISHED = "published", _("publiée")
    CLOSED = "closed", _("clôturée")
    REFUSED = "refused", _("refusée")
    WITHDRAWN = "withdrawn", _("retirée")


S = ModerationStatus


class Moderated(models.Model):
    """A record moderators publish or refuse, which its owner may withdraw and which closes (abstract).

        draft ──submit──▶ submitted ──publish──▶ published ──close──▶ closed
                              │  ▲                   │
                           refuse └──send_back───────┘ (changed in a way that matters)
                              ▼
                           refused ──submit──▶ submitted
        draft, submitted, published, refused ──withdraw──▶ withdrawn

    The transitions are django-fsm-2 methods: they check the current state (TransitionNotAllowed
    otherwise), set the dates, and `core.moderation` records each one in the model's history
    (`state_history_model`, a concrete `StateChange`) with who did it and why. Callers lock the row,
    call the transition and save (`core.moderation.move`).
    """

    Status = ModerationStatus

    status = FSMField(_("état"), max_length=10, choices=ModerationStatus.choices, default=S.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    # The concrete StateChange model that keeps this model's history (its FK to this model: `subject_field`).
    state_history_model: type["StateChange"] | None = None
    state_history_subject_field = "subject"

    class Meta:
        abstract = True

    @transition(field="status", source=[S.DRAFT, S.REFUSED], target=S.SUBMITTED)
    def submit(self, *, by=None, reason: str = ""):
        self.submitted_at = timezone.now()

    @transition(field="status", source=S.PUBLISHED, target=S.SUBMITTED)
    def send_back(self, *, by=None, reason: str = ""):
        """A published record changed in a way that matters goes back to moderation."""
        self.submitted_at = timezone.now()

    @transition(field="status", source=S.SUBMITTED, target=S.PUBLISHED)
    def publish(self, *, by=None, reason: str = ""):
        self.published_at = self.published_at or timezone.now()

    @transition(field="status", source=S.SUBMITTED, target=S.REFUSED)
    def refuse(self, *, by=None, reason: str = ""):
        pass

    @transition(field="status", source=[S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.REFUSED], target=S.WITHDRAWN)
    def withdraw(self, *, by=None, reason: str = ""):
        self.closed_at = timezone.now()

    @transition(field="status", source=S.PUBLISHED, target=S.CLOSED)
    def close(self, *, by=None, reason: str = ""):
        self.closed_at = timezone.now()


class StateChange(models.Model):
    """One step in a moderated record's life: who moved it from which state to which, when and why
    (abstract: each moderated model has its own history table, with a foreign key to it)."""

    from_status = models.CharField(_("état précédent"), max_length=10, choices=ModerationStatus.choices, blank=True)
    to_status = models.CharField(_("nouvel état"), max_length=10, choices=ModerationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


# --- Scheduled jobs (core.jobs) ------------------------------------------------------------------------


class JobRun(models.Model):
    """One run of a scheduled job (a task of the beat schedule): when it started and ended, what it did,
    or the error it failed with. Recorded by Celery's task signals (`core.jobs.runs`), kept 30 days
    (`core.tasks.purge_job_runs`). A run still « en cours » long after it started died with its worker."""

    class Status(models.TextChoices):
        RUNNING = "running", _("en cours")
        SUCCEEDED = "succeeded", _("réussie")
        FAILED = "failed", _("échec")

    task = models.CharField(_("tâche"), max_length=200)
    task_id = models.CharField(_("identifiant Celery"), max_length=255, blank=True)
    worker = models.CharField(_("processus"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("début"), default=timezone.now)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    result = models.TextField(_("résultat"), blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("exécution de tâche planifiée")
        verbose_name_plural = _("exécutions des tâches planifiées")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["task", "-started_at"], name="jobrun_task_idx"),
            models.Index(fields=["task", "status", "finished_at"], name="jobrun_outcome_idx"),
            models.Index(fields=["started_at"], name="jobrun_started_idx"),
        ]

    def __str__(self):
        return f"{self.task} ({self.started_at:%Y-%m-%d %H:%M:%S})"


class ScheduledJob(models.Model):
    """A job of the beat schedule as its monitoring knows it: since when it is watched (a job that never
    ran is overdue one period and margin after that), and when staff were told it is overdue (cleared
    when it is back to normal: one email per outage). Rows are made by the first check that sees the job."""

    task = models.CharField(_("tâche"), max_length=200, unique=True)
    watched_since = models.DateTimeField(_("surveillée depuis"), default=timezone.now)
    alerted_at = models.DateTimeField(_("alerte envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche planifiée")
        verbose_name_plural = _("tâches planifiées")

    def __str__(self):
        return self.task


class PageViewDay(models.Model):
    """Views of one page (its path) on one day, counted without cookie, address or user agent
    (`core.audience`)."""

    day = models.DateField(_("jour"))
    path = models.CharField(_("adresse"), max_length=300)
    views = models.PositiveIntegerField(_("vues"), default=0)

    class Meta:
        verbose_name = _("vues d’une page par jour")
        verbose_name_plural = _("vues des pages par jour")
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="core_pageviewday_unique")]
        indexes = [models.Index(fields=["path", "day"])]

    def __str__(self):
        return f"{self.path} {self.day}: {self.views}"


class ReferrerDay(models.Model):
    """Views coming from another site (its domain only) on one day."""

    day = models.DateField(_("jour"))
    domain = models.CharField(_("domaine"), max_length=100)
    views = models.PositiveIntegerField(_("vues"), default=0)

    class Meta:
        verbose_name = _("provenance par jour")
        verbose_name_plural = _("provenances par jour")
        constraints = [models.UniqueConstraint(fields=["day", "domain"], name="core_referrerday_unique")]

    def __str__(self):
        return f"{self.domain} {self.day}: {self.views}"
