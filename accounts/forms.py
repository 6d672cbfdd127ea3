from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from core.forms import ColumnLimitsMixin, PlainTextField

from .models import Role

SELF_SERVICE_ROLES = [
    (Role.CANDIDATE.value, _("Je cherche un emploi (candidat·e)")),
    (Role.RECRUITER.value, _("Je recrute pour une structure de l’ESS (recruteur·se)")),
    (Role.CONSULTANT.value, _("Je propose mes services de conseil (consultant·e)")),
]


class SignupForm(ColumnLimitsMixin, AllauthSignupForm):
    """allauth's sign-up form plus the person's name and the roles they start with."""

    first_name = PlainTextField(label=_("Prénom"), max_length=150, required=False)
    last_name = PlainTextField(label=_("Nom"), max_length=150, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Vous venez pour…"),
        choices=SELF_SERVICE_ROLES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Vous pourrez en changer plus tard dans votre espace."),
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2", "roles"]

    def save(self, request):
        user = super().save(request)
        roles = set(self.cleaned_data.get("roles") or [])
        user.first_name = self.cleaned_data.get("first_name", "")
        user.last_name = self.cleaned_data.get("last_name", "")
        user.is_candidate = Role.CANDIDATE in roles
        user.is_recruiter = Role.RECRUITER in roles
        user.is_consultant = Role.CONSULTANT in roles
        user.save()
        return user


class RolesForm(ColumnLimitsMixin, forms.Form):
    """Lets a signed-in person change the self-service roles they hold."""

    roles = forms.MultipleChoiceField(
        label=_("Mes rôles"),
        choices=SELF_SERVICE_ROLES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


# The self-service roles, also editable by administrators in Wagtail's user admin.
ROLE_FIELDS = {"is_candidate", "is_recruiter", "is_consultant"}


class AdminUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | ROLE_FIELDS


class AdminUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | ROLE_FIELDS


class DeleteAccountForm(ColumnLimitsMixin, forms.Form):
    """Deleting one's account: the password, and a box saying one understands it cannot be undone."""

    password = forms.CharField(
        label=_("Mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte, mon profil et mes données seront supprimés définitivement."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n’est pas le bon."))
        return password
