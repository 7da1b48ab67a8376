"""The API itself: one NinjaAPI with its routers, its errors and its caching headers.

Mounted at /api/v1/ (``madang/urls.py`` through ``api/urls.py``): the OpenAPI 3.1
document at /api/v1/openapi.json, its docs page at /api/v1/docs, served with
Swagger UI's files from this site (django-ninja ships them; docs/api.md). The site's
own Content-Security-Policy suits the page as it is: Swagger UI's scripts and styles
are files of this site, it sets its inline styles through the DOM (which the policy
allows), and it fetches nothing but the schema from here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from madang.api import boards, comments, conditional, discover, errors, me, notifying
from madang.api import posting as _posting  # noqa: F401  # its writes join the boards' router

DESCRIPTION = """\
마당의 게시판, 글, 댓글, 핫 게시판과 검색을 JSON으로 읽고, 회원은 글과 댓글을 쓰고
스크랩하고 추천합니다. 손님은 토큰 없이 읽을 수 있습니다. 회원은 내 정보 → API 토큰에서
만든 개인 토큰을 `Authorization: Bearer <토큰>`으로 보냅니다. 글쓴이는 페이지처럼 익명의
이름 하나로만 보입니다. 자세한 설명: docs/api.md.
"""


class MadangAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__  # each view's name is unique in the API

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional.finish(request, response)


api = MadangAPI(
    title="마당 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # No validator badge: it would fetch from another site.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
errors.install(api)
api.add_router("", boards.router)
api.add_router("", comments.router)
api.add_router("", discover.router)
api.add_router("", me.router)
api.add_router("", notifying.router)
