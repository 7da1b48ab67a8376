def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_handlers(client, board, make_post):
    make_post(board)
    for url in ("/", "/square/", "/square/1"):
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert " onclick=" not in html
        assert "<style" not in html
        assert 'style="' not in html


def test_every_asset_is_served_from_this_site(client, board, make_post):
    make_post(board)
    html = client.get("/square/1").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "//cdn" not in html


def test_only_editor_pages_show_pictures_from_the_writers_own_files(client, board, member):
    client.force_login(member)
    editor = client.get("/square/write")["Content-Security-Policy"]
    assert "img-src 'self' data: blob:" in editor
    assert "style-src 'self' 'nonce-" in editor
    assert "blob:" not in client.get("/square/")["Content-Security-Policy"]


def test_pictures_and_videos_from_a_separate_media_origin_are_allowed(client, board, settings):
    """MADANG_MEDIA_URL may name a CDN or a cookieless host: the pages load pictures,
    posters and videos from there, and from nowhere else."""
    settings.MEDIA_URL = "https://media.example.net/madang/"
    policy = dict(
        part.strip().split(" ", 1)
        for part in client.get(board.get_absolute_url())["Content-Security-Policy"].split(";")
    )
    assert policy["img-src"] == "'self' data: https://media.example.net"
    assert policy["media-src"] == "'self' https://media.example.net"
    assert policy["script-src"] == "'self'"
