"""Public forms of the agenda: propose an event, send the photos of a past one.

Every text field is cleaned to plain text (markup and scripts removed, `core.text`) before validation,
URLs must be http(s), dates are read in Europe/Paris, pictures are verified and re-encoded
(`core.images.reencode_image`, 200 pixels a side at least): the shared fields of `core.forms`.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DateInput,
    HoneypotMixin,
    ImageUploadField,
    MultipleFileField,
    PlainTextField,
    TimeInput,
    WebAddressField,
)
from core.images import reencode_image
from reference.forms import CommuneField

from .models import EventCategory, EventPage
from .models.events import latest_allowed_start
from .models.occurrences import MAX_EVENT_DURATION
from .recurrence import PARIS

# Pictures shown large on event pages and in galleries need some pixels.
MIN_PICTURE_SIDE = 200
MAX_PHOTOS = 10


class EventSubmissionForm(HoneypotMixin, forms.Form):
    """Everything an event needs. `user` decides the organiser choices and whether an address is asked."""

    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("Nous vous écrirons pour la confirmer, puis pour vous dire si l’événement est publié."),
        max_length=254,
    )
    organisation = forms.TypedChoiceField(
        label=_("Structure organisatrice"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    organiser_name = PlainTextField(
        label=_("Nom de l’organisateur"),
        max_length=200,
        required=False,
        help_text=_("Si l’organisateur n’est pas dans la liste de vos structures."),
    )
    title = PlainTextField(label=_("Titre de l’événement"), max_length=120, min_length=4)
    summary = PlainTextField(
        label=_("Résumé"),
        max_length=300,
        multiline=True,
        help_text=_("Une ou deux phrases, 300 caractères au plus."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = PlainTextField(
        label=_("Description"),
        max_length=8000,
        multiline=True,
        required=False,
        help_text=_("Programme, intervenants, public… Texte simple : séparez les paragraphes par une ligne vide."),
    )
    category = forms.ModelChoiceField(label=_("Catégorie"), queryset=None, empty_label=_("Choisissez…"))
    start_date = forms.DateField(label=_("Date de début"), widget=DateInput, help_text=_("Ex. : 2026-03-17"))
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=TimeInput,
        required=False,
        help_text=_("Heure de Paris, ex. : 09:30. Laissez vide pour un événement sur la journée entière."),
    )
    end_date = forms.DateField(
        label=_("Date de fin"), widget=DateInput, required=False, help_text=_("Laissez vide si c’est le même jour.")
    )
    end_time = forms.TimeField(label=_("Heure de fin"), widget=TimeInput, required=False)
    all_day = forms.BooleanField(label=_("Sur la ou les journées entières"), required=False)
    attendance_mode = forms.ChoiceField(
        label=_("Format"),
        widget=forms.RadioSelect,
        choices=[],  # set in __init__ from the EventPage's choices
    )
    venue = PlainTextField(
        label=_("Lieu"), max_length=200, required=False, help_text=_("Ex. : Maison des associations")
    )
    address = PlainTextField(label=_("Adresse"), max_length=255, required=False)
    commune = CommuneField(required=False)
    online_url = WebAddressField(
        label=_("Lien de participation en ligne"),
        required=False,
        help_text=_("Pour un webinaire ou un événement hybride."),
    )
    is_free = forms.BooleanField(label=_("Gratuit"), required=False)
    price = PlainTextField(
        label=_("Tarif"), max_length=120, required=False, help_text=_("Ex. : 10 € ; 5 € pour les adhérents")
    )
    registration_url = WebAddressField(label=_("Lien d’inscription"), required=False)
    accessibility = PlainTextField(
        label=_("Accessibilité"),
        max_length=1000,
        multiline=True,
        required=False,
        help_text=_("Accès en fauteuil, boucle magnétique, interprétation en LSF…"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    image = ImageUploadField(
        label=_("Image"),
        required=False,
        min_side=MIN_PICTURE_SIDE,
        help_text=_("JPEG, PNG ou WebP, 5 Mo au plus, entre 200 et 6 000 pixels de côté."),
    )
    image_alt = PlainTextField(
        label=_("Description de l’image"),
        max_length=250,
        required=False,
        help_text=_("Ce que montre l’image, pour les personnes qui ne la voient pas."),
    )

    field_order = [
        "email",
        "organisation",
        "organiser_name",
        "title",
        "summary",
        "description",
        "category",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "all_day",
        "attendance_mode",
        "venue",
        "address",
        "commune",
        "online_url",
        "is_free",
        "price",
        "registration_url",
        "accessibility",
        "image",
        "image_alt",
        "contact_nickname",
    ]

    def __init__(self, *args, user=None, organisations=None, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.user = user
        if user is not None and getattr(user, "is_authenticated", False):
            del self.fields["email"]
        self.fields["category"].queryset = EventCategory.objects.filter(is_active=True).order_by("order", "label")
        # The member's organisations, read once (a list): the choices and the objects they clean to.
        self.organisations = {organisation.pk: organisation for organisation in (organisations or [])}
        if self.organisations:
            self.fields["organisation"].choices = [("", _("Une autre structure (à préciser ci-dessous)"))] + [
                (pk, organisation.name) for pk, organisation in self.organisations.items()
            ]
        else:
            del self.fields["organisation"]
            self.fields["organiser_name"].required = True
            self.fields["organiser_name"].help_text = _("La structure qui organise l’événement.")
        mode_field = EventPage._meta.get_field("attendance_mode")
        self.fields["attendance_mode"].choices = list(mode_field.choices)
        self.fields["attendance_mode"].initial = mode_field.default

    def clean_organisation(self):
        pk = self.cleaned_data.get("organisation")
        return self.organisations.get(pk) if pk else None

    # --- cross-field rules ------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        self._clean_dates(cleaned)
        self._clean_place(cleaned)
        if "organisation" in self.fields and not cleaned.get("organisation") and not cleaned.get("organiser_name"):
            self.add_error(
                "organiser_name", _("Choisissez une de vos structures ou indiquez le nom de l’organisateur.")
            )
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Décrivez l’image en quelques mots (texte alternatif)."))
        if cleaned.get("is_free"):
            cleaned["price"] = ""
        elif not cleaned.get("price") and "price" not in self.errors:
            self.add_error("price", _("Indiquez le tarif, ou cochez « gratuit »."))
        return cleaned

    def _clean_dates(self, cleaned):
        start_date = cleaned.get("start_date")
        if not start_date:
            return
        all_day = cleaned.get("all_day") or not cleaned.get("start_time")
        cleaned["all_day"] = all_day
        end_date = cleaned.get("end_date") or start_date
        if all_day:
            start = datetime.combine(start_date, time.min, tzinfo=PARIS)
            end = datetime.combine(end_date, time(23, 59), tzinfo=PARIS)
        else:
            start = datetime.combine(start_date, cleaned["start_time"], tzinfo=PARIS)
            end_time = cleaned.get("end_time")
            if end_time is None:
                end = start + timedelta(hours=2) if end_date == start_date else None
                if end is None:
                    self.add_error("end_time", _("Indiquez l’heure de fin d’un événement sur plusieurs jours."))
                    return
            else:
                end = datetime.combine(end_date, end_time, tzinfo=PARIS)
        if end_date < start_date or end <= start:
            self.add_error(
                "end_date" if end_date < start_date else "end_time",
                _("La fin de l’événement doit venir après son début."),
            )
            return
        if end < self.now:
            self.add_error(
                "start_date",
                _("Cet événement est déjà passé : l’agenda n’accepte que des événements à venir."),
            )
            return
        if start > latest_allowed_start(self.now):
            self.add_error(
                "start_date",
                _("L’événement commence dans plus de deux ans : proposez-le plus tard."),
            )
            return
        if end - start > MAX_EVENT_DURATION:
            self.add_error(
                "end_date", _("Un événement dure au plus deux mois : proposez plutôt ses différentes dates.")
            )
            return
        cleaned["start"] = start
        cleaned["end"] = end

    def _clean_place(self, cleaned):
        mode = cleaned.get("attendance_mode")
        modes = EventPage.AttendanceMode
        online_modes, offline_modes = {modes.ONLINE, modes.MIXED}, {modes.IN_PERSON, modes.MIXED}
        if mode in offline_modes and not cleaned.get("commune") and "commune" not in self.errors:
            self.add_error("commune", _("Indiquez la commune où a lieu l’événement."))
        if mode in online_modes and not cleaned.get("online_url") and "online_url" not in self.errors:
            self.add_error("online_url", _("Indiquez le lien de participation en ligne."))


class EventPhotosForm(HoneypotMixin, forms.Form):
    photos = MultipleFileField(
        label=_("Photos"),
        help_text=_("%(max)s photos au plus ; JPEG, PNG ou WebP, 5 Mo au plus chacune.") % {"max": MAX_PHOTOS},
    )
    caption = PlainTextField(
        label=_("Légende"),
        max_length=250,
        required=False,
        help_text=_("Elle s’applique à chaque photo ; la rédaction pourra la modifier."),
    )
    alt_text = PlainTextField(
        label=_("Ce que montrent les photos"),
        max_length=250,
        help_text=_("Texte alternatif pour les personnes qui ne voient pas les images."),
    )
    credit = PlainTextField(label=_("Crédit photo"), max_length=120, required=False)
    rights = forms.BooleanField(
        label=_("Je détiens les droits de ces photos et les personnes reconnaissables ont donné leur accord.")
    )

    def clean_photos(self):
        files = self.cleaned_data.get("photos") or []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("%(count)s photos envoyées : %(max)s au plus."),
                code="too_many",
                params={"count": len(files), "max": MAX_PHOTOS},
            )
        cleaned, errors = [], []
        for position, upload in enumerate(files, start=1):
            try:
                cleaned.append(reencode_image(upload, basename=f"photo-{position}", min_side=MIN_PICTURE_SIDE))
            except ValidationError as error:
                errors.append(
                    ValidationError(
                        _("Photo %(position)s (%(name)s) : %(error)s"),
                        params={"position": position, "name": upload.name[:60], "error": error.messages[0]},
                    )
                )
        if errors:
            raise ValidationError(errors)
        return cleaned
