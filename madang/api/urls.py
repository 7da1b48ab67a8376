"""/api/v1/: the JSON API (``api/endpoints.py``)."""

from madang.api.endpoints import api

api_urls = api.urls
