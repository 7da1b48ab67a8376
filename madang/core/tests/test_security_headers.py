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
