"""Signal receivers of the editorial workflow (`connect()` is called at the end of `magazine.models`).

- a new magazine index page gets the "Comité de rédaction" workflow;
- a press release the editors publish, or refuse by requesting changes with a comment, is announced to
  the person who sent it (once per decision, whatever the signal is sent again).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_rejected


def _magazine_models():
    from magazine.models import ArticlePage, MagazineIndexPage

    return ArticlePage, MagazineIndexPage


def on_magazine_index_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    from magazine.services import ensure_editorial_workflow

    ensure_editorial_workflow(instance)


def on_page_published(sender, instance, **kwargs):
    ArticlePage, _index = _magazine_models()
    # Wagtail sends page_published for a revision scheduled for later too: wait until it is live.
    if not isinstance(instance, ArticlePage) or not instance.live:
        return
    from magazine.press.services import notify_published

    notify_published(instance)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    ArticlePage, _index = _magazine_models()
    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is not ArticlePage:
        return
    task_state = instance.current_task_state
    reason = task_state.get_comment() if task_state is not None else ""
    from magazine.press.services import notify_refused

    notify_refused(int(instance.object_id), reason)


def connect() -> None:
    _article, MagazineIndexPage = _magazine_models()
    post_save.connect(on_magazine_index_saved, sender=MagazineIndexPage, dispatch_uid="magazine.index_workflow")
    page_published.connect(on_page_published, dispatch_uid="magazine.press_release_published")
    workflow_rejected.connect(on_workflow_rejected, sender=WorkflowState, dispatch_uid="magazine.press_release_refused")
