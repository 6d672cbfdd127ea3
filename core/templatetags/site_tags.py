"""Template tags for the site frame: navigation, JSON-LD and form fields."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from core.pages import public_pages

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """Top-level pages marked "show in menus" under the current site's home page (one query)."""
    request = context.get("request")
    if request is None:
        return []
    cache = getattr(request, "_main_navigation", None)
    if cache is not None:
        return cache
    site = Site.find_for_request(request)
    if site is None:
        return []
    menu = Page.objects.child_of(site.root_page).live().in_menu().only("id", "title", "url_path", "path", "depth")
    pages = list(public_pages(menu, request))
    items = [(page.get_url(request=request), page) for page in pages]
    request._main_navigation = items
    return items


@register.simple_tag
def json_ld(data):
    """Render a schema.org object as a JSON-LD script that no text inside it can close."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(JSON_SCRIPT_ESCAPES)
    # Safe: every character that could end the script element or open markup is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.inclusion_tag("components/form_field.html")
def form_field(field):
    return {"field": field}


@register.filter
def is_active_section(page, current):
    """True when `current` is `page` or one of its descendants."""
    if current is None or not hasattr(current, "path"):
        return False
    return current.path.startswith(page.path)


@register.filter
def described(bound_field):
    """Render a field's widget with aria-describedby pointing at its help text and errors."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_errors")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)
