"""Site-wide response headers."""

from csp.constants import NONCE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, sending the admin's policy under `ADMIN_PATH_PREFIX` and the strict
    public one elsewhere. A view may still change its own policy with django-csp's decorators
    (`csp_update`, `csp_replace`) or by setting the response attributes they set.

    On public pages, a template or view that reads `request.csp_nonce` (to inline a script) gets that nonce
    added to `script-src`. The admin's policy never gets one: browsers would then ignore its
    'unsafe-inline', which Wagtail's own inline scripts need."""

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
