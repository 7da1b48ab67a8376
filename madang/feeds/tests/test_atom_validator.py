"""The checks every feed test runs would catch a feed that breaks Atom."""

from __future__ import annotations

import pytest
from lxml import etree

from madang.feeds.tests.conftest import check_atom

VALID = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>t</title><id>urn:x:feed</id><updated>2024-03-01T09:00:00+09:00</updated>
<author><name>a</name></author>
<entry><title>e</title><id>urn:x:1</id><updated>2024-03-01T09:00:00+09:00</updated>
<link href="http://x/1"/></entry>
</feed>"""


def test_a_valid_document_passes():
    assert check_atom(VALID).tag == "{http://www.w3.org/2005/Atom}feed"


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        (VALID.replace(b"<id>urn:x:1</id>", b""), "an entry without an id"),
        (VALID.replace(b"<title>t</title>", b""), "a feed without a title"),
        (VALID.replace(b"2024-03-01T09:00:00+09:00", b"03.01 09:00", 1), "a date not RFC 3339"),
        (VALID.replace(b"<title>e</title>", b"<title>e</title><title>f</title>"), "two titles"),
        (VALID.replace(b"<title>e</title>", b'<title type="markdown">e</title>'), "a text type"),
        (VALID.replace(b"<author><name>a</name></author>", b""), "nobody wrote it (Schematron)"),
        (VALID.replace(b'<link href="http://x/1"/>', b""), "an entry with no link (Schematron)"),
    ],
)
def test_a_broken_document_fails(broken, why):
    with pytest.raises(AssertionError):
        check_atom(broken)


def test_a_document_that_is_no_xml_fails():
    with pytest.raises(etree.XMLSyntaxError):
        check_atom(b"<feed><title>t</feed>")
