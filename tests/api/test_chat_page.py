"""The chat page at `/` and its static files: accessible structure, employer, privacy notice, embed."""
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from api.main import app
from api.settings import Settings, get_settings
from hiring_rules.agencies import default_registry

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"


class Page(HTMLParser):
    """The elements of a page (tag and attributes, in order) and its visible text."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text_parts: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag=None, **attrs) -> list[dict]:
        return [
            found
            for name, found in self.elements
            if (tag is None or name == tag) and all(found.get(key) == value for key, value in attrs.items())
        ]

    def one(self, tag=None, **attrs) -> dict:
        matches = self.find(tag, **attrs)
        assert len(matches) == 1, (tag, attrs, matches)
        return matches[0]


def chat_config(html: str) -> dict:
    start = html.index('<script type="application/json" id="chat-config">') + len(
        '<script type="application/json" id="chat-config">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def quick_reply_payloads(page: Page) -> list[str]:
    return [button["data-payload"] for button in page.find("button", **{"class": "quick-reply"})]


@pytest.fixture
def page_html(api_client):
    def get(query: str = "") -> str:
        response = api_client.get("/" + query)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        return response.text

    return get


def test_the_page_is_swedish_and_fits_a_phone(page_html):
    page = Page(page_html())
    assert page.one("html")["lang"] == "sv"
    assert "width=device-width" in page.one("meta", name="viewport")["content"]


def test_the_message_field_has_a_label_and_a_send_button(page_html):
    page = Page(page_html())
    field = page.one("textarea")
    assert page.one("label")["for"] == field["id"]
    assert field["maxlength"] == "2000"
    assert page.one("button", type="submit")["id"] == "chat-send"
    assert "Skicka" in page.text


def test_the_conversation_is_a_polite_live_log_holding_a_list(page_html):
    html = page_html()
    page = Page(html)
    log = page.one(role="log")
    assert log["aria-live"] == "polite"
    assert log.get("aria-label")
    after_log = html[html.index('role="log"') :]
    assert after_log.index('<ol id="chat-messages"') < after_log.index("</div>")


def test_the_welcome_offers_the_menu_buttons(page_html):
    page = Page(page_html())
    assert "Hej! Jag är en automatisk assistent" in page.text
    assert "inte juridisk rådgivning" in page.text
    assert quick_reply_payloads(page) == [
        "/start_appeal",
        "/check_reemployment",
        "/compute_deadline",
        "/human_handoff",
    ]


def test_every_welcome_button_is_an_intent_of_the_assistant(page_html):
    intents = set()
    for domain_file in DOMAIN_DIR.glob("*.yml"):
        domain = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
        for item in domain.get("intents", []):
            intents.add(item if isinstance(item, str) else next(iter(item)))
    for payload in quick_reply_payloads(Page(page_html())):
        assert payload.lstrip("/") in intents


def test_the_page_has_a_start_over_control(page_html):
    page = Page(page_html())
    restart = page.one("button", id="chat-restart")
    assert restart["aria-controls"] == "chat-restart-confirm"
    assert "Börja om" in page.text
    assert "Ja, börja om" in page.text


def test_the_privacy_notice_says_what_is_stored_where(page_html):
    text = Page(page_html()).text
    notice = text[text.index("Om dina uppgifter") :]
    assert "sparas på assistentens server i 30 dagar efter ditt senaste meddelande" in notice
    assert "raderas sedan automatiskt" in notice and "Radera samtalet" in notice
    assert "personnummer sparas det bara krypterat" in notice
    assert "den här fliken" in notice


@pytest.mark.parametrize("days, said", [("7", "i 7 dagar"), ("1", "i 1 dag ")])
def test_the_privacy_notice_states_the_retention_setting(api_client, monkeypatch, days, said):
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", days)
    app.dependency_overrides[get_settings] = lambda: Settings()
    text = Page(api_client.get("/").text).text
    assert said in text[text.index("Om dina uppgifter") :]


def test_the_page_has_an_erase_control_behind_a_confirmation(page_html):
    html = page_html()
    page = Page(html)
    erase = page.one("button", id="chat-erase")
    assert erase["type"] == "button"
    assert erase["aria-controls"] == "chat-erase-confirm" and erase["aria-expanded"] == "false"
    panel = page.one("div", id="chat-erase-confirm")
    assert "hidden" in panel and panel["role"] == "group"
    assert panel["aria-labelledby"] == "chat-erase-question"
    assert page.one("button", id="chat-erase-yes")["aria-describedby"] == "chat-erase-question"
    page.one("button", id="chat-erase-no")
    assert "Radera samtalet" in page.text and "Ja, radera" in page.text
    assert chat_config(html)["conversationUrl"] == "/api/conversations/SENDER"


def test_chat_js_erases_on_the_server_before_starting_anew(api_client):
    script = api_client.get("/static/chat.js").text
    assert 'method: "DELETE"' in script and "response.status !== 204" in script
    assert "conversationUrl" in script and "focusOnOpen: eraseNo" in script


@pytest.mark.parametrize("key", ["forsakringskassan", "migrationsverket", "karlstads_kommun"])
def test_the_agency_parameter_names_the_employer(page_html, key):
    html = page_html(f"?agency={key}")
    name = default_registry().get(key).display_name
    page = Page(html)
    assert f"Om att söka jobb hos {name}" in page.text
    assert name in html[html.index("<title>") : html.index("</title>")]
    assert chat_config(html)["agency"] == key


def test_a_municipality_gets_no_appeal_letter_button(page_html):
    assert "/start_appeal" not in quick_reply_payloads(Page(page_html("?agency=karlstads_kommun")))
    assert "/start_appeal" in quick_reply_payloads(Page(page_html("?agency=migrationsverket")))


def test_the_agency_parameter_accepts_any_case(page_html):
    assert chat_config(page_html("?agency=Migrationsverket"))["agency"] == "migrationsverket"


@pytest.mark.parametrize("query", ["?agency=skatteverket", "?agency=", "?agency=" + "x" * 500, ""])
def test_an_unknown_or_missing_agency_gives_the_general_page(page_html, query):
    html = page_html(query)
    assert chat_config(html)["agency"] is None
    assert "Försäkringskassan, Migrationsverket eller Karlstads kommun" in Page(html).text
    assert "skatteverket" not in html


def test_the_configuration_for_the_script(page_html):
    config = chat_config(page_html())
    assert config["chatUrl"] == "/api/chat"
    assert config["maxChars"] == 2000
    assert config["embed"] is False
    assert all(isinstance(text, str) and text for text in config["texts"].values())


def test_embed_mode(page_html):
    html = page_html("?agency=migrationsverket&embed=1")
    assert chat_config(html)["embed"] is True
    assert Page(html).one("body")["class"] == "embedded"
    assert Page(page_html("?embed=yes")).one("body")["class"] == "standalone"


def test_the_page_loads_only_its_own_files(page_html):
    page = Page(page_html())
    sources = [found["src"] for found in page.find("script") if "src" in found]
    sources += [found["href"] for found in page.find("link")]
    assert sorted(sources) == ["/static/base.css", "/static/chat.css", "/static/chat.js"]
    inline_scripts = [found for found in page.find("script") if "src" not in found]
    assert [found.get("type") for found in inline_scripts] == ["application/json"]  # data, not code
    assert all("style" not in found for _, found in page.elements)


def test_the_page_forbids_foreign_and_inline_scripts(api_client):
    policy = api_client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors" not in policy  # agencies embed the page


@pytest.mark.parametrize("name", ["chat.js", "base.css", "chat.css", "embed.js"])
def test_static_files_are_served(api_client, name):
    response = api_client.get(f"/static/{name}")
    assert response.status_code == 200
    assert {"js": "javascript", "css": "text/css"}[name.rsplit(".", 1)[1]] in response.headers["content-type"]
    assert response.text.strip()


def test_embed_js_is_served_as_javascript(api_client):
    content_type = api_client.get("/static/embed.js").headers["content-type"].split(";")[0].strip()
    assert content_type in ("text/javascript", "application/javascript")


def test_embed_js_opens_the_embedded_chat_in_a_titled_iframe(api_client):
    script = api_client.get("/static/embed.js").text
    assert "Chatta med oss" in script
    assert 'searchParams.set("embed", "1")' in script
    assert 'getAttribute("data-agency")' in script
    assert "frame.title" in script
    assert '"Escape"' in script


def test_chat_js_keeps_the_conversation_in_session_storage_only(api_client):
    script = api_client.get("/static/chat.js").text
    assert "window.sessionStorage" in script
    assert "localStorage.setItem" not in script
    assert "innerHTML" not in script  # bot text becomes DOM nodes, never markup
    assert "getRandomValues" in script
