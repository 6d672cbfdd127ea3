"""Users log in with their email address; what they may do follows from their roles."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

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
