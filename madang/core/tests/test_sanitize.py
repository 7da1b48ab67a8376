import pytest

from madang.core.sanitize import sanitize_html


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<form action=/x><button>x</button></form>",
    ],
)
def test_dangerous_markup_never_survives(dirty):
    clean = sanitize_html(dirty).lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "<iframe",
        "<svg",
        "style=",
        "<form",
        "<img",
    ):
        assert bad not in clean


def test_ordinary_formatting_survives_and_links_get_safe_rel():
    clean = sanitize_html(
        "<p><strong>굵게</strong> <em>기울임</em></p><blockquote>인용</blockquote>"
        '<ul><li>하나</li></ul><a href="https://example.com/a">링크</a>'
    )
    assert "<strong>굵게</strong>" in clean
    assert "<blockquote>인용</blockquote>" in clean
    assert "<ul><li>하나</li></ul>" in clean
    assert 'href="https://example.com/a"' in clean
    assert 'rel="nofollow noopener noreferrer ugc"' in clean
