"""What readers search for, counted per day without personal data.

Every query goes to Wagtail's `Query`/`QueryDailyHits` (search_promotions: the same normalised strings
editors pin promotions to); a query that found nothing is also counted here, per day, so editors see
what readers looked for in vain (admin report « Recherches du public »)."""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string


class UnansweredSearch(models.Model):
    query_string = models.CharField(_("recherche"), max_length=MAX_QUERY_STRING_LENGTH)
    date = models.DateField(_("jour"), default=timezone.localdate)
    hits = models.PositiveIntegerField(_("nombre"), default=0)

    class Meta:
        verbose_name = _("recherche sans résultat")
        verbose_name_plural = _("recherches sans résultat")
        constraints = [models.UniqueConstraint(fields=["query_string", "date"], name="search_unanswered_unique_day")]

    def __str__(self):
        return self.query_string

    @classmethod
    def add_hit(cls, query_string: str) -> None:
        """One more for today: an UPDATE, or the day's row created the first time."""
        normalised, today = normalise_query_string(query_string), timezone.localdate()
        if cls.objects.filter(query_string=normalised, date=today).update(hits=F("hits") + 1):
            return
        row, created = cls.objects.get_or_create(query_string=normalised, date=today, defaults={"hits": 1})
        if not created:
            cls.objects.filter(pk=row.pk).update(hits=F("hits") + 1)
