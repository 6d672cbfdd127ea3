"""Page weight: the HTML of a page plus the same-origin CSS and JS it links to, gzip-compressed.

Shared by bench/run.py and tests/test_page_weight.py so that the two always agree. Each resource is
fetched uncompressed through a Django test client and gzip-compressed here (level 6, as Django's
GZipMiddleware does), then the sizes are summed: the figure does not depend on whether the server in
front compresses, only on what the page makes a browser download. CSS `@import`s are followed.
Images and fonts are not counted (the budget is HTML + CSS + JS); third-party CSS/JS is listed apart
(the brief allows none).
"""

import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SAME_ORIGIN_HOSTS = frozenset({"testserver", "127.0.0.1", "localhost"})
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.IGNORECASE)
MAX_IMPORT_DEPTH = 5


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class Resource:
    url: str
    kind: str  # "html", "css" or "js"
    status: int
    bytes: int = 0
    compressed_bytes: int = 0


@dataclass
class PageWeight:
    path: str
    status: int
    content_type: str
    resources: list[Resource] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # same-origin CSS/JS that did not answer 200
    third_party: list[str] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(resource.bytes for resource in self.resources)

    @property
    def compressed_bytes(self) -> int:
        return sum(resource.compressed_bytes for resource in self.resources)

    def summary(self) -> str:
        lines = [f"{self.path}: {self.compressed_bytes} bytes compressed ({self.bytes} raw)"]
        lines += [f"  {r.kind:<4} {r.compressed_bytes:>8} {r.url}" for r in self.resources]
        lines += [f"  missing {url}" for url in self.missing]
        lines += [f"  third-party {url}" for url in self.third_party]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "bytes": self.bytes,
            "compressed_bytes": self.compressed_bytes,
            "resources": [vars(resource) for resource in self.resources],
            "missing": self.missing,
            "third_party": self.third_party,
        }


class _AssetParser(HTMLParser):
    """Collects the stylesheets and scripts an HTML document makes the browser load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "script" and attributes.get("src"):
            self.assets.append(("js", attributes["src"]))
        elif tag == "link" and attributes.get("href"):
            rel = set(attributes.get("rel", "").lower().split())
            as_ = attributes.get("as", "").lower()
            if "stylesheet" in rel or ("preload" in rel and as_ == "style"):
                self.assets.append(("css", attributes["href"]))
            elif "modulepreload" in rel or ("preload" in rel and as_ == "script"):
                self.assets.append(("js", attributes["href"]))


def linked_assets(html: str) -> list[tuple[str, str]]:
    """(kind, url) of the CSS and JS an HTML page links to, in document order."""
    parser = _AssetParser()
    parser.feed(html)
    parser.close()
    return parser.assets


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def page_weight(client, path: str, *, same_origin_hosts=SAME_ORIGIN_HOSTS) -> PageWeight:
    """Fetch `path` and its same-origin CSS/JS with a Django test client and weigh them."""
    response = client.get(path)
    html = _body(response)
    content_type = response.get("Content-Type", "")
    weight = PageWeight(path=path, status=response.status_code, content_type=content_type)
    weight.resources.append(Resource(path, "html", response.status_code, len(html), gzip_size(html)))
    if "html" not in content_type:
        return weight
    charset = response.charset or "utf-8"
    queue = [(kind, urljoin(path, url), 0) for kind, url in linked_assets(html.decode(charset, "replace"))]
    seen = set()
    while queue:
        kind, url, depth = queue.pop(0)
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https"):
            continue  # data: and the like are part of the document already
        if parts.netloc and parts.hostname not in same_origin_hosts:
            if url not in weight.third_party:
                weight.third_party.append(url)
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local in seen:
            continue
        seen.add(local)
        asset = client.get(local)
        if asset.status_code != 200:
            weight.missing.append(local)
            continue
        data = _body(asset)
        weight.resources.append(Resource(local, kind, asset.status_code, len(data), gzip_size(data)))
        if kind == "css" and depth < MAX_IMPORT_DEPTH:
            text = data.decode("utf-8", "replace")
            queue += [("css", urljoin(local, imported), depth + 1) for imported in CSS_IMPORT.findall(text)]
    return weight
