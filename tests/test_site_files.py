"""/favicon.ico and /robots.txt: what browsers and crawlers ask of every site."""

import pytest


@pytest.mark.django_db
def test_the_site_has_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.django_db
def test_every_page_names_the_icon(client):
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_robots_lets_crawlers_read_the_public_site_and_not_the_staff_or_tracking_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert {"Disallow: /workbench/", "Disallow: /admin/", "Disallow: /ysqgk/track/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)
    assert client.post("/robots.txt").status_code == 405
