"""Each rule of link_key, and the canonical alias a page may give."""

from __future__ import annotations

import pytest

from madang.news.normalize import canonical_alias, link_key, publisher, site_of


def same(*urls: str) -> None:
    keys = {link_key(url) for url in urls}
    assert len(keys) == 1 and None not in keys, keys


def test_scheme_case_www_default_port_and_fragment_make_no_difference() -> None:
    same(
        "https://www.yna.co.kr/view/AKR20240312051200001",
        "http://yna.co.kr/view/AKR20240312051200001",
        "HTTPS://WWW.YNA.CO.KR:443/view/AKR20240312051200001#comments",
        "http://www.yna.co.kr:80/view/AKR20240312051200001",
    )
    assert link_key("https://www.yna.co.kr/view/A1") == "yna.co.kr/view/A1"


def test_other_ports_and_path_case_are_kept() -> None:
    assert link_key("https://example.com:8443/a") == "example.com:8443/a"
    assert link_key("https://example.com/News/A") != link_key("https://example.com/news/a")


def test_user_names_and_a_trailing_dot_on_the_host_go() -> None:
    same("https://reader:secret@example.com./a", "https://example.com/a")


def test_mobile_prefixes_go_from_any_host() -> None:
    same(
        "https://m.hani.co.kr/arti/1.html",
        "https://mobile.hani.co.kr/arti/1.html",
        "https://www.hani.co.kr/arti/1.html",
        "https://www.m.hani.co.kr/arti/1.html",
    )


def test_a_prefix_is_kept_where_it_is_the_whole_name() -> None:
    assert link_key("https://m.com/a") == "m.com/a"
    assert link_key("https://amp.dev/a") == "amp.dev/a"


def test_mobile_hosts_of_the_table_are_named_as_their_desktop_host() -> None:
    same(
        "https://mnews.sbs.co.kr/news/endPage.do?news_id=N1",
        "https://news.sbs.co.kr/news/endPage.do?news_id=N1",
    )
    same("https://mbiz.heraldcorp.com/view.php?ud=1", "https://biz.heraldcorp.com/view.php?ud=1")


@pytest.mark.parametrize(
    "amp",
    [
        "https://www.hankyung.com/amp/article/2024031398765",
        "https://www.hankyung.com/article/2024031398765/amp",
        "https://www.hankyung.com/article/2024031398765/amp/",
        "https://www.hankyung.com/article/2024031398765?amp=1",
        "https://www.hankyung.com/article/2024031398765?amp",
        "https://www.hankyung.com/article/2024031398765?outputType=amp",
        "https://www.hankyung.com/article/2024031398765.amp",
        "https://amp.hankyung.com/article/2024031398765",
        "https://www-hankyung-com.cdn.ampproject.org/c/s/www.hankyung.com/article/2024031398765",
        "https://www-hankyung-com.cdn.ampproject.org/v/s/www.hankyung.com/amp/article/2024031398765",
        "https://www.google.com/amp/s/www.hankyung.com/article/2024031398765",
        "https://www.google.co.kr/amp/s/m.hankyung.com/article/2024031398765.amp",
    ],
)
def test_amp_forms_key_as_the_page(amp: str) -> None:
    assert link_key(amp) == "hankyung.com/article/2024031398765"


def test_amp_suffix_before_html_goes_and_other_output_types_stay() -> None:
    assert link_key("https://example.com/news/123.amp.html") == "example.com/news/123.html"
    assert link_key("https://example.com/a?output=print") == "example.com/a?output=print"


def test_an_amp_cache_page_without_the_s_is_the_http_page() -> None:
    assert link_key("https://example-com.cdn.ampproject.org/c/example.com/a") == "example.com/a"


def test_an_amp_cache_page_of_no_page_is_keyed_as_itself() -> None:
    assert link_key("https://x.cdn.ampproject.org/") == "x.cdn.ampproject.org/"


def test_tracking_parameters_of_the_list_go() -> None:
    same(
        "https://example.com/a?id=7",
        "https://example.com/a?id=7&utm_source=naver&utm_medium=original&UTM_Campaign=x",
        "https://example.com/a?fbclid=IwAR0&id=7&gclid=Cj0&ref=main&from=share",
        "https://example.com/a?pk_campaign=x&id=7&mtm_source=y",
    )


def test_parameters_that_pick_the_page_stay() -> None:
    assert link_key("https://example.com/view?id=1") != link_key("https://example.com/view?id=2")
    assert link_key("https://example.com/view?input=1") == "example.com/view?input=1"


def test_a_sites_own_noise_goes_from_that_site_only() -> None:
    same(
        "https://www.yna.co.kr/view/AKR1?input=1195m&section=society/all",
        "https://www.yna.co.kr/view/AKR1",
    )
    same("https://www.hani.co.kr/arti/1.html?_ns=t1&_fr=mt2", "https://www.hani.co.kr/arti/1.html")
    same(
        "https://news.sbs.co.kr/news/endPage.do?news_id=N1&plink=ORI&cooper=NAVER",
        "https://news.sbs.co.kr/news/endPage.do?news_id=N1",
    )


def test_remaining_parameters_are_sorted_and_blank_ones_kept() -> None:
    assert link_key("https://example.com/a?b=2&a=1&c=") == "example.com/a?a=1&b=2&c="


def test_trailing_slash_index_pages_dot_segments_and_empty_segments() -> None:
    same(
        "https://example.com/news/section",
        "https://example.com/news/section/",
        "https://example.com/news/section/index.html",
        "https://example.com/news//section/./",
        "https://example.com/news/other/../section",
    )
    assert link_key("https://example.com") == "example.com/"
    assert link_key("https://example.com/index.php") == "example.com/"


def test_percent_encoding_has_one_spelling() -> None:
    same(
        "https://example.com/뉴스/사회?q=가나",
        "https://example.com/%eb%89%b4%ec%8a%a4/%EC%82%AC%ED%9A%8C?q=%EA%B0%80%EB%82%98",
    )
    same("https://example.com/%7Euser/a%2Db", "https://example.com/~user/a-b")
    # An escaped slash is not a slash, and a lone percent sign is escaped.
    assert link_key("https://example.com/a%2fb/%zz") == "example.com/a%2Fb/%25zz"


def test_idn_hosts_become_punycode() -> None:
    same("https://한국신문.한국/기사/1", "https://xn--3e0bp5x81f0uu.xn--3e0b707e/기사/1")
    assert link_key("https://WWW.한국신문.한국/").startswith("xn--3e0bp5x81f0uu.xn--3e0b707e/")


def test_ip_hosts_are_kept() -> None:
    assert link_key("http://[::1]:8080/x") == "[::1]:8080/x"
    assert link_key("http://127.0.0.1/x") == "127.0.0.1/x"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "javascript:alert(1)",
        "mailto:someone@example.com",
        "example.com/a",
        "//example.com/a",
        "http://",
        "https://example.com:port/a",
        "http://[::1/",
        "http://[nonsense]/",
        "https://exa mple.com/a",
        "https://xn--.com/",
        "",
        None,
    ],
)
def test_what_is_not_an_http_address_has_no_key(url: str) -> None:
    assert link_key(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://n.news.naver.com/mnews/article/001/0014567890?sid=102",
        "https://n.news.naver.com/article/001/0014567890",
        "https://news.naver.com/article/001/0014567890/",
        "https://news.naver.com/main/read.naver?mode=LSD&mid=sec&sid1=102&oid=001&aid=0014567890",
        "https://news.naver.com/main/read.nhn?oid=001&aid=0014567890",
        "https://news.naver.com/main/ranking/read.naver?oid=001&aid=0014567890&rankingType=x",
        "http://m.news.naver.com/read.nhn?oid=001&aid=0014567890&sid1=102",
        "https://entertain.naver.com/read?oid=001&aid=0014567890",
        "https://m.entertain.naver.com/article/001/0014567890",
        "https://sports.news.naver.com/news.nhn?oid=001&aid=0014567890",
        "https://m.sports.naver.com/article/001/0014567890",
        "https://finance.naver.com/news/news_read.naver?article_id=0014567890&office_id=001",
    ],
)
def test_every_naver_article_address_has_one_key(url: str) -> None:
    assert link_key(url) == "news.naver.com/article/001/0014567890"


def test_other_naver_pages_keep_their_own_keys() -> None:
    comments = "https://n.news.naver.com/article/comment/001/0014567890"
    assert link_key(comments) == "n.news.naver.com/article/comment/001/0014567890"
    # A page that is not an article's, though it names one.
    assert link_key("https://news.naver.com/comment/list.nhn?oid=001&aid=0014567890") == (
        "news.naver.com/comment/list.nhn?aid=0014567890&oid=001"
    )
    assert link_key("https://news.naver.com/main/read.naver?oid=1&aid=2") == (
        "news.naver.com/main/read.naver?aid=2&oid=1"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://v.daum.net/v/20240315093015123",
        "https://news.v.daum.net/v/20240315093015123?f=o",
        "https://m.v.daum.net/v/20240315093015123",
        "http://v.media.daum.net/v/20240315093015123",
        "https://entertain.v.daum.net/v/20240315093015123/",
    ],
)
def test_every_daum_article_address_has_one_key(url: str) -> None:
    assert link_key(url) == "v.daum.net/v/20240315093015123"


def test_daum_short_ids_are_articles_too() -> None:
    assert link_key("https://v.daum.net/v/Kx7pQ2mZ9a?f=m") == "v.daum.net/v/Kx7pQ2mZ9a"


def test_a_mobile_page_names_its_desktop_page() -> None:
    alias = canonical_alias(
        "https://news.kbs.co.kr/news/mobile/view/view.do?ncd=7912400",
        "https://news.kbs.co.kr/news/pc/view/view.do?ncd=7912400",
    )
    assert alias == "news.kbs.co.kr/news/pc/view/view.do?ncd=7912400"


def test_a_canonical_address_may_be_relative() -> None:
    alias = canonical_alias("https://m.example.com/m/a?id=1", "/news/a?id=1")
    assert alias == "example.com/news/a?id=1"


def test_a_canonical_address_of_the_page_itself_adds_nothing() -> None:
    assert canonical_alias("https://m.example.com/a?utm_source=x", "https://example.com/a") is None


def test_a_page_may_not_name_another_sites_article() -> None:
    assert (
        canonical_alias("https://blog.example.com/x", "https://www.hani.co.kr/arti/1.html") is None
    )


def test_a_portal_page_may_name_the_press_page() -> None:
    alias = canonical_alias(
        "https://news.zum.com/articles/91234567", "https://www.sedaily.com/NewsView/2D5A"
    )
    assert alias == "sedaily.com/NewsView/2D5A"


def test_a_canonical_address_that_is_no_http_address_is_ignored() -> None:
    assert canonical_alias("https://example.com/a", "javascript:alert(1)") is None
    assert canonical_alias("ftp://example.com/a", "https://example.com/b") is None


def test_the_site_of_a_key() -> None:
    assert site_of("news.hani.co.kr/arti/1") == "hani.co.kr"
    assert site_of("news.naver.com/article/001/1") == "naver.com"
    assert site_of("example.com:8080/a") == "example.com"
    assert site_of("127.0.0.1/a") == "127.0.0.1"
    assert site_of("[::1]:8080/a") == "[::1]"


def test_the_publisher_of_a_key() -> None:
    assert publisher("news.naver.com/article/001/0014567890") == "naver:001"
    assert publisher("v.daum.net/v/20240315093015123") is None
    assert publisher("news.nate.com/view/20240312n12345") is None
    assert publisher("m.yna.co.kr/view/A1") == "yna.co.kr"
