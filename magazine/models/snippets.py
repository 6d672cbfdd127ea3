"""The magazine's snippets: authors of articles, and the revue de presse (links to other media).
Their admin views are registered in `magazine/wagtail_hooks.py`."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..caching import listings_changed


class Author(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    bio = models.TextField(_("présentation"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("auteur·rice")
        verbose_name_plural = _("auteur·rices")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        listings_changed()  # article pages cache their authors' names


class PressReviewLink(models.Model):
    """An article published elsewhere that the editors point readers to (« revue de presse »)."""

    title = models.CharField(_("titre"), max_length=255)
    source = models.CharField(_("source"), max_length=120, help_text=_("Le média qui a publié l’article."))
    published_on = models.DateField(_("date de publication"), default=timezone.localdate, db_index=True)
    url = models.URLField(_("adresse"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("source"), FieldPanel("published_on"), FieldPanel("url")]

    class Meta:
        verbose_name = _("lien de revue de presse")
        verbose_name_plural = _("revue de presse")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["-published_on", "-id"], name="press_review_recent_idx")]

    def __str__(self):
        return f"{self.title} ({self.source})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        listings_changed()
