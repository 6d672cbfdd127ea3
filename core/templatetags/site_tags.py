"""Template tags for the site frame: navigation, cached card lists, JSON-LD, form fields and
machine-readable dates."""

import datetime
import json

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from core.fragments import cached_fragment
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


class CardsCacheNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return cached_fragment(context.get("request"), self.name, parts, lambda: self.nodelist.render(context))


@register.tag("cardscache")
def cardscache(parser, token):
    """Keep a list of cards rendered (`core.fragments`), keyed by the cards and the other values given::

        {% cardscache "magazine-cards" articles heading_level %}<ul>…</ul>{% endcardscache %}

    Whatever the block shows must come from those values (and the site): they make its key."""
    bits = token.split_contents()
    if len(bits) < 3 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} expects a quoted name, then the cards and other values.")
    nodelist = parser.parse(("endcardscache",))
    parser.delete_first_token()
    return CardsCacheNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])


@register.simple_tag
def json_ld(data):
    """Render a schema.org object as a JSON-LD script that no text inside it can close."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(JSON_SCRIPT_ESCAPES)
    # Safe: every character that could end the script element or open markup is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def datetime_attr(value) -> str:
    """The value of a `<time datetime>` attribute: a valid HTML date or global date and time.

    A datetime becomes ISO 8601 in the current time zone, to the second, with its offset
    (`2026-03-03T09:30:00+01:00`; `|date:'c'` would add microseconds, which HTML refuses);
    a date stays a date (`2026-03-03`). Anything else gives an empty string."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def image_loading(position, eager_count) -> str:
    """`loading` of the image of the card at `position` (1-based, `forloop.counter`) in a listing whose
    first `eager_count` cards are above the fold: "eager" for those, "lazy" after and by default."""
    try:
        return "eager" if int(position) <= int(eager_count or 0) else "lazy"
    except (TypeError, ValueError):
        return "lazy"


@register.filter
def image_priority(position, eager_count) -> str:
    """`fetchpriority` of the image of the card at `position`: "high" for the first card of a listing that
    starts above the fold (likely the largest image in view), "auto" otherwise."""
    return "high" if image_loading(position, eager_count) == "eager" and str(position) == "1" else "auto"


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
