"""Fixtures of the API tests: a caller with a token, and a board with a little of everything."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from madang.accounts.models import Member
from madang.api.tokens import make_token
from madang.boards.models import Board, Post


class Api:
    """A client of /api/v1/: as a guest, with a token, or with the session of ``client``."""

    def __init__(self, client: Client | None = None, token: str | None = None) -> None:
        self.client = client or Client()
        self.token = token

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        if self.token:
            headers = {"Authorization": f"Bearer {self.token}", **headers}
        return headers

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self._headers(headers))

    def send(self, method: str, path: str, data: Any = None, **headers: str) -> Any:
        body = json.dumps(data) if data is not None else ""
        call = getattr(self.client, method.lower())
        return call(
            f"/api/v1{path}",
            data=body,
            content_type="application/json",
            headers=self._headers(headers),
        )

    def post(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.send("POST", path, data, **headers)

    def put(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.send("PUT", path, data, **headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.send("DELETE", path, None, **headers)


@pytest.fixture
def guest(db: None) -> Api:
    return Api()


@pytest.fixture
def token_for(db: None) -> Callable[..., str]:
    def make(member: Member, scope: str = "write", days: int | None = None) -> str:
        _token, raw = make_token(member=member, name="테스트", scope=scope, days=days)
        return raw

    return make


@pytest.fixture
def as_member(token_for: Callable[..., str]) -> Callable[..., Api]:
    """An API client with a token of the member's (``scope`` "write" unless told)."""

    def make(member: Member, scope: str = "write") -> Api:
        return Api(token=token_for(member, scope))

    return make


@pytest.fixture
def writer_api(member: Member, as_member: Callable[..., Api]) -> Api:
    """The member of the ``member`` fixture (who writes ``make_post``'s posts), by token."""
    return as_member(member)


@pytest.fixture
def posts(board: Board, make_post: Callable[..., Post]) -> list[Post]:
    """Five posts on the square board, the first in the category 이슈 (slug c0)."""
    issue = board.categories.get(slug="c0")
    made = [make_post(board, title="첫 글", category=issue)]
    made += [make_post(board, title=f"글 {n}") for n in range(2, 6)]
    return made
