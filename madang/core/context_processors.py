from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.MADANG_SITE_NAME,
        "site_description": settings.MADANG_SITE_DESCRIPTION,
        "anonymous_name": settings.MADANG_ANONYMOUS_NAME,
    }
