"""Site-wide response headers."""

from csp.constants import HEADER, NONCE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, sending the admin's policy under `ADMIN_PATH_PREFIX` and the strict
    public one elsewhere. A view may still change its own policy with django-csp's decorators
    (`csp_update`, `csp_replace`) or by setting the response attributes they set.

    On public pages, a template or view that reads `request.csp_nonce` (to inline a script) gets that nonce
    added to `script-src`. The admin's policy never gets one: browsers would then ignore its
    'unsafe-inline', which Wagtail's own inline scripts need.

    The header of a response that changes nothing in its policy (no decorator, no nonce: nearly all) is
    built once per policy and reused: django-csp rebuilds it from the settings for every response, which
    made small answers (robots.txt, cached feeds) a quarter slower than the hand-written header before."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built: dict[int, tuple[object, str]] = {}  # id(directives) -> (directives, header)

    def process_response(self, request, response):
        if (
            settings.DEBUG  # django-csp leaves debug error pages alone
            or HEADER in response
            or getattr(response, "_csp_exempt", False)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES")
        ):
            return super().process_response(request, response)
        parts = self.get_policy_parts(request, response)
        if parts.update is not None or parts.replace is not None or parts.nonce is not None:
            return super().process_response(request, response)
        header = self._plain_header(parts.config)
        if header:
            response[HEADER] = header
        # As django-csp does once the header is written: reading the nonce from now on is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _plain_header(self, config) -> str:
        """The header of `config` (None: the public policy of the settings), built on first use."""
        source = config if config is not None else getattr(settings, "CONTENT_SECURITY_POLICY", None)
        built = self._built.get(id(source))
        if built is None or built[0] is not source:  # settings replaced (tests): build again
            built = (source, build_policy(config=config))
            self._built[id(source)] = built
        return built[1]

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        elif parts.nonce:
            update = dict(parts.update or {})
            update["script-src"] = [*(update.get("script-src") or []), NONCE]
            parts.update = update
        return parts
