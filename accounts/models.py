"""Users log in with their email address; what they may do follows from their roles."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CANDIDATE = "candidate", _("Candidat·e")
    RECRUITER = "recruiter", _("Recruteur·se")
    CONSULTANT = "consultant", _("Consultant·e")
    EDITOR = "editor", _("Rédaction")


# Wagtail groups that make a user an editor or a moderator (created by a data migration).
EDITOR_GROUP = "Rédacteurs"
MODERATOR_GROUP = "Modérateurs"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. The email address is the login; there is no username."""

    username = None
    email = models.EmailField(_("adresse électronique"), unique=True)
    is_candidate = models.BooleanField(_("candidat·e"), default=False)
    is_recruiter = models.BooleanField(_("recruteur·se"), default=False)
    is_consultant = models.BooleanField(_("consultant·e"), default=False)
    message_notifications = models.BooleanField(
        _("prévenir par courriel des nouveaux messages"),
        default=True,
        help_text=_("Un courriel à chaque message reçu sur le site ; le lien « se désinscrire » l’arrête."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    @property
    def display_name(self) -> str:
        """The name shown to other people: never the email address."""
        return self.get_full_name() or str(_("Membre de Solidaires"))

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_editor(self) -> bool:
        """Members of the editorial committee: Wagtail editors, moderators and superusers."""
        if self.is_superuser:
            return True
        return any(group.name in (EDITOR_GROUP, MODERATOR_GROUP) for group in self.groups.all())

    @property
    def roles(self) -> list[Role]:
        """The roles this user holds, in a stable order."""
        held = [
            (self.is_candidate, Role.CANDIDATE),
            (self.is_recruiter, Role.RECRUITER),
            (self.is_consultant, Role.CONSULTANT),
            (self.is_editor, Role.EDITOR),
        ]
        return [role for has_role, role in held if has_role]


class MessageThreadQuerySet(models.QuerySet):
    def of(self, user):
        """The threads `user` takes part in (the one rule for who may read a thread)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(models.Q(starter=user) | models.Q(recipient=user))


class MessageThread(models.Model):
    """A conversation between two people on the site. Neither sees the other's address: every message
    is relayed and the email that announces it links to the thread. `about` optionally names what the
    conversation is about (a consultant's profile, a mission, an offer…)."""

    starter = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="threads_started", verbose_name=_("à l’initiative de")
    )
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="threads_received", verbose_name=_("destinataire")
    )
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    about_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    created = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated = models.DateTimeField(_("dernier message le"), auto_now_add=True, db_index=True)

    objects = MessageThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated", "-pk"]
        indexes = [models.Index(fields=["about_type", "about_id"], name="accounts_thread_about")]

    def __str__(self):
        return self.subject or str(_("Conversation"))

    def get_absolute_url(self):
        return reverse("messages_thread", args=[self.pk])

    def other(self, user):
        """The other participant, seen from `user`."""
        return self.recipient if user.pk == self.starter_id else self.starter

    def has_participant(self, user) -> bool:
        return getattr(user, "pk", None) in (self.starter_id, self.recipient_id)


class Message(models.Model):
    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("expéditeur·rice"))
    body = models.TextField(_("message"), max_length=5000)
    created = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["thread", "created"], name="accounts_message_thread")]

    def __str__(self):
        return self.body[:60]
