"""Every feed a test reads is checked against Atom itself: the RELAX NG grammar of
RFC 4287 (atom.rng, Appendix B), its two Schematron rules, and feedparser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import pytest
from django.test import Client
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}
CONTENT_TYPE = "application/atom+xml; charset=utf-8"

_GRAMMAR = etree.parse(str(Path(__file__).with_name("atom.rng")))
SCHEMA = etree.RelaxNG(_GRAMMAR)
# The RFC's Schematron rules ride in the grammar as annotations, which RELAX NG skips.
_S = "{http://www.ascc.net/xml/schematron}"
RULES = [
    (rule.get("context"), check.get("test"), check.text)
    for rule in _GRAMMAR.iter(f"{_S}rule")
    for check in rule.iter(f"{_S}assert")
]


def check_atom(document: bytes) -> Any:
    """The parsed document, once it is valid Atom 1.0; fails the test otherwise."""
    root = etree.fromstring(document)
    assert SCHEMA.validate(root), str(SCHEMA.error_log)
    for context, test, message in RULES:
        for node in root.xpath(f"descendant-or-self::{context}", namespaces=NS):
            assert node.xpath(test, namespaces=NS), message
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return root


@dataclass
class Feed:
    response: Any
    root: Any  # lxml's element
    parsed: Any  # feedparser's

    def entries(self) -> list[Any]:
        return self.root.findall(f"{{{ATOM}}}entry")

    def titles(self) -> list[str]:
        return [entry.findtext(f"{{{ATOM}}}title") for entry in self.entries()]

    def contents(self) -> list[str]:
        """Each entry's HTML as the feed holds it (feedparser's own copy is cleaned by
        feedparser's allow-list, which knows no ``srcset``)."""
        return [entry.findtext(f"{{{ATOM}}}content") for entry in self.entries()]

    def text(self, path: str) -> str:
        return self.root.findtext(path, namespaces=NS)


def read_feed(client: Client, url: str, *, secure: bool = False, **headers: str) -> Feed:
    """A feed the site answers with 200, checked."""
    response = client.get(url, headers=headers, secure=secure)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == CONTENT_TYPE
    root = check_atom(response.content)
    return Feed(response, root, feedparser.parse(response.content))


@pytest.fixture
def read(client: Client):
    def get(url: str, **headers: str) -> Feed:
        return read_feed(client, url, **headers)

    return get
