def test_every_page_sends_csp_and_security_headers(client, cast):
    client.force_login(cast.director)
    for url in ("/account/inloggen/", f"/{cast.school_a.brin}/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client, cast):
    import re

    client.force_login(cast.director)
    html = client.get(f"/{cast.school_a.brin}/").content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    assert " style=" not in html
