"""The admin list of a vocabulary (`reference.models.Vocabulary`: label, slug, order, active), shared by
the reference lists and the features' own (job functions, expertises)."""

from wagtail.snippets.views.snippets import SnippetViewSet


class VocabularyViewSet(SnippetViewSet):
    list_display = ["label", "slug", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["label", "slug"]
    search_backend_name = None  # a plain database search: these lists are short
    ordering = ["order", "label"]
    list_per_page = 100
    copy_view_enabled = False
