"""Security headers on every response, framing only for the embeddable chat page, and /docs from
local assets (no CDN) under a policy that allows its one inline script by hash."""
import base64
import hashlib
import re

import pytest

from api.pages import content_security_policy
from api.routers import docs_page
from api.security_headers import DEFAULT_POLICY
from tests.api.contract import LETTER


# (method, path, body): one of each kind of response, errors included.
RESPONSES = {
    "chat page": ("GET", "/", None),
    "embedded chat page": ("GET", "/?agency=migrationsverket&embed=1", None),
    "HR page": ("GET", "/hr?q=intervju", None),
    "docs": ("GET", "/docs", None),
    "OpenAPI": ("GET", "/openapi.json", None),
    "JSON": ("GET", "/api/agencies", None),
    "letter": ("POST", "/api/letters?format=html", LETTER),
    "static file": ("GET", "/static/chat.js", None),
    "docs asset": ("GET", "/docs-assets/swagger-ui.css", None),
    "404": ("GET", "/finns-inte", None),
    "405": ("DELETE", "/api/deadline", None),
    "422": ("POST", "/api/deadline", {}),
    "413": ("POST", "/api/deadline", {"x": "a" * 70_000}),
}
EMBEDDABLE = {"chat page", "embedded chat page"}


@pytest.fixture
def client(api_client):
    return api_client


def fetch(client, kind):
    method, path, body = RESPONSES[kind]
    return client.request(method, path, json=body)


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_has_the_security_headers(client, kind):
    response = fetch(client, kind)
    assert response.status_code < 500
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] in ("no-referrer", "same-origin")
    assert response.headers["content-security-policy"]


@pytest.mark.parametrize("kind", sorted(set(RESPONSES) - EMBEDDABLE))
def test_nothing_but_the_chat_page_may_be_framed(client, kind):
    response = fetch(client, kind)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("kind", sorted(EMBEDDABLE))
def test_the_chat_page_may_be_framed_by_agency_pages(client, kind):
    response = fetch(client, kind)
    assert response.headers["content-security-policy"] == content_security_policy(embeddable=True)
    assert "frame-ancestors" not in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers
    assert response.headers["referrer-policy"] == "same-origin"


def test_pages_keep_their_own_policy_and_everything_else_gets_the_default(client):
    hr_policy = fetch(client, "HR page").headers["content-security-policy"]
    assert hr_policy == content_security_policy(embeddable=False)
    assert "img-src" not in hr_policy and "script-src" not in hr_policy  # nothing but the page's own files
    for kind in ("JSON", "letter", "404", "413"):
        assert fetch(client, kind).headers["content-security-policy"] == DEFAULT_POLICY


def test_docs_load_nothing_from_another_host(client):
    page = client.get("/docs").text
    urls = re.findall(r"""(?:src|href)="([^"]+)"|url: '([^']+)'""", page)
    urls = [url for pair in urls for url in pair if url]
    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert "https://" not in page and "http://" not in page
    assets = [url for url in urls if url.startswith(docs_page.ASSETS_URL)]
    assert len(assets) == 3  # the bundle, its style sheet, the icon
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200 and len(response.content) > 100, url
    assert client.get("/openapi.json").json()["openapi"].startswith("3.")


def test_the_docs_policy_allows_exactly_its_inline_script(client):
    response = client.get("/docs")
    (script,) = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = response.headers["content-security-policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'", f"'sha256-{digest}'"]
    assert "validatorUrl\": null" in script  # no call to the online validator


def test_there_is_no_redoc_page_loading_a_cdn_bundle(client):
    assert client.get("/redoc").status_code == 404
