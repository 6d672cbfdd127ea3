"""Share links: plain links to the networks' share pages, the same on every page of the site. No
third-party script runs and nothing is requested from those sites before a reader clicks."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


def _query(params: dict) -> str:
    return urlencode(params, quote_via=quote)


def share_links(title: str, url: str) -> list[dict]:
    """[{"label", "url"}] to share a page by email, on Mastodon, LinkedIn, Facebook and X."""
    text = f"{title} {url}"
    return [
        {"label": _("Par courriel"), "url": f"mailto:?{_query({'subject': title, 'body': url})}"},
        {"label": _("Sur Mastodon"), "url": f"https://mastodonshare.com/?{_query({'text': text})}"},
        {"label": _("Sur LinkedIn"), "url": f"https://www.linkedin.com/sharing/share-offsite/?{_query({'url': url})}"},
        {"label": _("Sur Facebook"), "url": f"https://www.facebook.com/sharer/sharer.php?{_query({'u': url})}"},
        {"label": _("Sur X"), "url": f"https://x.com/intent/post?{_query({'text': title, 'url': url})}"},
    ]
