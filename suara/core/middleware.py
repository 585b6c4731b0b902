"""Content-Security-Policy: the site loads nothing from anywhere but itself (it must work inside a
closed government network), and nothing may frame it except, for the embeddable pages, the origins a
city app registered (``suara.integrations.embedding``)."""

from django.conf import settings


def policy_with(*, frame_ancestors: str = "'none'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


_POLICY = policy_with()


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = _POLICY
        response.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if settings.HTTPS:
            response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class IndonesianFirstMiddleware:
    """Bahasa Indonesia unless the visitor chose otherwise with the language switch (its cookie).

    Django would otherwise follow the browser's Accept-Language, and most phones and browsers in
    Indonesia are set to English; a public election site speaks Indonesian first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
