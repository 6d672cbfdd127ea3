"""Keep the articles' denormalised rubrique right when Wagtail moves a page (it saves a plain Page)."""

from wagtail.signals import post_page_move

from .listings import listings_changed


def article_moved(sender, instance, parent_page_after, **kwargs):
    from .models import ArticlePage, RubriquePage

    if issubclass(sender, ArticlePage):
        rubrique_id = parent_page_after.pk if isinstance(parent_page_after.specific_deferred, RubriquePage) else None
        ArticlePage.objects.filter(pk=instance.pk).update(rubrique_id=rubrique_id)
        listings_changed()


def connect() -> None:
    post_page_move.connect(article_moved, dispatch_uid="magazine_article_moved")
