"""A board on a 360 px phone: no label broken inside a word, the header at hand while
scrolling, anchors not hidden under it. Screenshots at 360 and 1280 px land in
test-artifacts/screenshots/ (phone-*)."""

from __future__ import annotations

import pytest

from madang.boards import actions
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "phone-test-password"
LONG_NAME = "자유게시판 이야기 마당 모음집"

# Every word of every label, as the browser laid it out: a word whose characters sit on
# more than one line box is broken inside.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) continue;  // not shown
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""

LABELS = (
    ".site-header a, .site-header button, .list-title, .list-title-row .button,"
    " .category-filter a, .pagination a, .pagination strong, .page-jump, .notice-toggle button,"
    " .posts .title, .post-title, .post-actions .button, .field label"
)


@pytest.fixture
def long_board(make_board, make_member, make_post, make_comment, notice_kind):
    board = make_board("free", categories=("잡담", "질문과 답변", "정보 공유"), name=LONG_NAME)
    member = make_member("phone_reader")
    member.set_password(PASSWORD)
    member.save()
    posts = [
        make_post(board, title=f"오늘 점심 메뉴 추천 부탁드립니다 {index}번째", author=member)
        for index in range(45)
    ]
    for index in range(25):
        make_comment(posts[-1], body=f"{index + 1}번째 댓글입니다. 저도 궁금하네요.")
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    return board, posts


def phone_member(browser, live_server):
    context = browser.new_context(locale="ko-KR", viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill("phone_reader")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()
    return context, page


def board_name_width(page) -> tuple[float, float]:
    return page.evaluate("""() => {
      const name = document.querySelector('.brand-board');
      return [name.getBoundingClientRect().width,
              parseFloat(getComputedStyle(name).fontSize)];
    }""")


def test_no_label_breaks_inside_a_word_at_360_px(browser, live_server, long_board):
    context, page = phone_member(browser, live_server)
    page.goto(f"{live_server.url}/free/1")  # the notice, read: "모든 공지 확인하기 (1)" shows
    for path in ("/free/", "/free/?page=2", "/free/45", "/free/write", "/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(BROKEN_WORDS, LABELS) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.goto(f"{live_server.url}/free/")
    assert page.get_by_role("button", name="모든 공지 확인하기 (1)").is_visible()
    width, font = board_name_width(page)
    assert width >= 4 * font  # shortened, maybe, but still readable: never "…" alone
    shoot(page, "phone-list-member")
    page.goto(f"{live_server.url}/free/45")
    shoot(page, "phone-post-member")
    page.goto(f"{live_server.url}/free/write")
    shoot(page, "phone-write-member", caret="initial")
    context.close()


def test_a_guest_at_360_px_too(page, live_server, long_board):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/free/")
    assert page.evaluate(BROKEN_WORDS, LABELS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, "phone-list-guest")


def test_the_header_stays_at_hand_and_covers_no_anchor(browser, live_server, long_board):
    context, page = phone_member(browser, live_server)
    _board, posts = long_board
    page.goto(f"{live_server.url}/free/45")
    page.mouse.wheel(0, 2500)
    page.wait_for_function("window.scrollY > 1000")
    header = page.locator(".site-header").bounding_box()
    assert header["y"] == 0  # still on screen after scrolling
    assert page.get_by_role("link", name="게시판 목록").is_visible()
    assert page.locator(".site-header").get_by_role("link", name="글쓰기").is_visible()
    # A link to a comment lands with the comment below the header, not under it.
    comment = posts[-1].comments.order_by("pk")[12]
    page.goto(f"{live_server.url}/free/45#c{comment.pk}")
    page.wait_for_function("window.scrollY > 0")
    header = page.locator(".site-header").bounding_box()
    target = page.locator(f"#c{comment.pk}").bounding_box()
    assert target["y"] >= header["y"] + header["height"]
    context.close()
