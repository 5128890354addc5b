"""The HR answer search: the index is the bot's own answers, the search tolerates Swedish as people type
it, and `GET /api/answers` and the page `/hr` show it (hiring_rules.answer_index, answer_files, swedish_terms)."""
import re
from html.parser import HTMLParser

import pytest
import yaml

from hiring_rules import messages
from hiring_rules.agencies import default_registry
from hiring_rules.answer_files import SOURCES_PATH, AnswerIndexError, default_index, load_answers
from hiring_rules.errors import InvalidInput
from hiring_rules.faq import Button, FaqAnswer, default_faq
from hiring_rules.swedish_terms import Analyzer, analyzer_for, fold, stem

EMPLOYERS = {"forsakringskassan", "migrationsverket", "karlstads_kommun"}
LEGAL = "LEGAL.md"


@pytest.fixture(scope="module")
def index():
    return default_index()


# --- one source: the answers the bot sends ---


def test_a_chat_answer_comes_back_verbatim(index):
    chat_text = default_faq().answer("interview", "migrationsverket").text
    hits = index.search("Skype")
    assert [(hit.answer.item, hit.answer.agency) for hit in hits if hit.answer.text == chat_text] == [
        ("faq/interview", "migrationsverket")
    ]


def test_every_faq_answer_is_indexed_once(index):
    faq = list(default_faq())
    assert faq, "there are FAQ answers"
    indexed = [(a.item, a.agency or "", a.text) for a in index.answers if a.item.startswith("faq/")]
    expected = [(f"faq/{reply.item}", reply.agency or "", reply.text) for reply in faq]
    assert sorted(indexed) == sorted(expected)


def test_buttons_come_from_the_domain(index):
    hit = next(hit for hit in index.search("anslagstavlan", "forsakringskassan") if hit.answer.agency)
    assert hit.answer.item == "faq/notice_board"
    assert hit.answer.buttons == (Button("Räkna ut sista dag", "/compute_deadline"),)


def test_a_general_answer_is_for_every_employer(index):
    general = [answer for answer in index.answers if answer.agency is None]
    assert general and {answer.agency_name for answer in general} == {messages.ANSWER_ALL_EMPLOYERS}
    names = {agency.key: agency.display_name for agency in default_registry()}
    assert all(answer.agency_name == names[answer.agency] for answer in index.answers if answer.agency)


# --- sources ---


def sources_of(index, item, agency):
    answer = next(a for a in index.answers if (a.item, a.agency) == (item, agency))
    return [page.file for page in answer.sources]


def test_an_answer_cites_its_employers_page(index):
    for agency in default_registry():
        assert sources_of(index, "faq/interview", agency.key) == [agency.source[0]]


def test_a_general_answer_cites_every_employers_page(index):
    assert sources_of(index, "faq/interview", None) == [agency.source[0] for agency in default_registry()]


def test_a_page_about_the_topic_wins_over_the_main_page(index):
    assert sources_of(index, "faq/trainee", "forsakringskassan") == ["003_bd87efefb6a796f4.txt"]
    assert sources_of(index, "faq/trainee", None) == ["003_bd87efefb6a796f4.txt"]
    assert sources_of(index, "faq/trainee", "migrationsverket") == ["001_40f0ffba8fc1b026.txt"]
    assert sources_of(index, "faq/fair_project", None) == ["004_9135a0a71ffb0d6b.txt"]


def test_appeal_and_deadline_answers_cite_the_law_too(index):
    fk_page = "000_608113aa403d07d1.txt"
    assert sources_of(index, "faq/appeal_deadline", "forsakringskassan") == [fk_page, LEGAL]
    assert sources_of(index, "faq/appeal_how", "karlstads_kommun") == ["002_4908dcc2fa554fee.txt", LEGAL]
    assert sources_of(index, "appeal_deadline_today", None) == [LEGAL]
    assert LEGAL not in sources_of(index, "faq/interview", "migrationsverket")


def test_every_cited_page_has_a_swedish_title(index):
    titles = {page.file: page.title for answer in index.answers for page in answer.sources}
    assert titles["000_608113aa403d07d1.txt"].startswith("Steg för steg: Från ansökan till anställd")
    assert all(title and not title.endswith(".txt") for title in titles.values())


# --- the search ---


def interview_agencies(hits):
    return {hit.answer.agency for hit in hits if hit.answer.item == "faq/interview"}


@pytest.mark.parametrize("query", ["intervju", "intervjuer", "intervjun", "Intervjuerna", "INTERVJU"])
def test_interview_finds_the_answer_of_each_employer_first(index, query):
    hits = index.search(query)
    assert interview_agencies(hits) == EMPLOYERS | {None}
    assert {hit.answer.item for hit in hits[:4]} == {"faq/interview"}


# Spellings without å, ä, ö and inflections people type, by the answer they must find first.
FOLDED_AND_INFLECTED = {
    "faq/appeal_address": ("overklagan", "överklagan"),  # the envelope marking "Överklagan", without ö
    "faq/reemployment_register": ("företrädesrätt", "foretradesratt", "företrädesrätten"),
    "faq/notice_board": ("anslagstavlan", "anslagstavla", "anslagstavlorna"),
    "faq/duration": ("hur lång tid tar rekryteringen",),
    "faq/application_confirmation": ("bekraftelse",),
    "faq/protected_identity": ("skyddad identitet",),
}


@pytest.mark.parametrize(
    "query, item", [(query, item) for item, queries in FOLDED_AND_INFLECTED.items() for query in queries]
)
def test_folding_and_inflections_find_the_topic(index, query, item):
    hits = index.search(query)
    assert hits and hits[0].answer.item == item


def test_missing_a_with_rings_and_dots_changes_nothing(index):
    def ranking(query):
        return [(hit.answer.item, hit.answer.agency, hit.score) for hit in index.search(query)]

    assert ranking("foretradesratt") == ranking("företrädesrätt")
    assert ranking("overklagandet") == ranking("överklagandet")


def test_the_deadline_question_finds_the_deadline_answers(index):
    top = index.search("sista dag att overklaga")[:5]
    assert {hit.answer.item for hit in top} == {"faq/appeal_deadline", "appeal_deadline_today"}
    deadline_answers = [hit.answer for hit in top if hit.answer.item == "faq/appeal_deadline"]
    assert {answer.agency for answer in deadline_answers} == EMPLOYERS | {None}


def test_appeal_words_find_the_appeal_answers(index):
    items = {hit.answer.item for hit in index.search("overklagan")[:12]}
    assert {"faq/appeal_address", "faq/appeal_how", "faq/appeal_deadline"} <= items


def test_a_word_in_no_answer_finds_nothing(index):
    assert index.search("sjukpenninggrundande inkomst") == []


def test_hits_are_best_first(index):
    scores = [hit.score for hit in index.search("intervju referenser")]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_the_employer_filter_keeps_that_employer_and_the_general_answers(index):
    hits = index.search("intervju", "migrationsverket")
    assert {hit.answer.agency for hit in hits} == {"migrationsverket", None}
    assert interview_agencies(hits) == {"migrationsverket", None}


@pytest.mark.parametrize("query", ["", "   ", "?!", "– …"])
def test_a_query_without_words_is_refused(index, query):
    with pytest.raises(InvalidInput) as exc:
        index.search(query)
    assert (exc.value.field, exc.value.message) == ("q", messages.ANSWER_QUERY_EMPTY)


def test_a_query_over_200_characters_is_refused(index):
    assert index.search("intervju " * 22)  # 198 characters are fine
    with pytest.raises(InvalidInput) as exc:
        index.search("a" * 201)
    assert exc.value.message == messages.ANSWER_QUERY_TOO_LONG.format(max=200)


# --- Swedish terms ---


def test_fold_and_stem():
    assert fold("Överklagandenämnden är här") == "overklagandenamnden ar har"
    assert stem("anslagstavlan") == "anslagstavl"
    assert stem("overklagan") == stem("overklaga") == stem("overklagande") == "overklag"
    assert stem("man") == "man"  # too short to strip


def test_a_word_typed_without_a_with_rings_and_dots_finds_its_lemma():
    analyzer = Analyzer({"överklagandet": "överklagande", "intervjuer": "intervju"})
    assert "overklagande" in analyzer.word_terms("overklagandet")
    assert analyzer.word_terms("intervjuer") == {"intervjuer", "intervju"}


def test_the_lemma_table_keeps_only_words_that_can_find_something():
    table = {"intervjuerna": "intervju", "intervjuer": "intervju", "cyklarna": "cykel"}
    analyzer = analyzer_for(["En intervju"], table)
    assert "intervju" in analyzer.word_terms("intervjuerna")
    assert analyzer.word_terms("cyklarna") == {"cyklarna", "cykl"}


# --- loading refuses what it cannot cite or title ---


def test_an_untitled_faq_item_stops_the_loading():
    untitled = FaqAnswer(item="new_topic", agency=None, text="Ett nytt svar.", buttons=())

    class WithNewItem:
        def __iter__(self):
            return iter([*default_faq(), untitled])

    with pytest.raises(AnswerIndexError, match="faq/new_topic"):
        load_answers(faq=WithNewItem())


def test_a_registry_page_missing_from_sources_stops_the_loading(tmp_path):
    pages = yaml.safe_load(SOURCES_PATH.read_text(encoding="utf-8"))
    del pages["002_4908dcc2fa554fee.txt"]
    sources = tmp_path / "sources.yml"
    sources.write_text(yaml.safe_dump(pages, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AnswerIndexError, match="002_4908dcc2fa554fee.txt"):
        load_answers(sources_path=sources)


# --- GET /api/answers ---


def test_api_lists_hits_in_the_contract_shape(api_client):
    response = api_client.get("/api/answers", params={"q": "intervju"})
    assert response.status_code == 200
    hits = response.json()
    assert set(hits[0]) == {
        "item", "title", "agency", "agency_name", "text", "buttons", "source", "sources", "score"
    }
    assert set(hits[0]["source"]) == {"title", "file"} and hits[0]["source"] == hits[0]["sources"][0]
    assert {hit["agency"] for hit in hits if hit["item"] == "faq/interview"} == EMPLOYERS | {None}


def test_api_filters_by_employer(api_client):
    hits = api_client.get("/api/answers", params={"q": "intervju", "agency": "karlstads_kommun"}).json()
    assert hits and {hit["agency"] for hit in hits} == {"karlstads_kommun", None}


def test_api_empty_employer_means_every_employer(api_client):
    everyone = api_client.get("/api/answers", params={"q": "intervju"}).json()
    assert api_client.get("/api/answers", params={"q": "intervju", "agency": ""}).json() == everyone


def only_error(response, field, label):
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert [item["field"] for item in detail] == [field]
    assert detail[0]["message"].startswith(f"{label}: ")
    return detail[0]["message"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "Fältet saknas."),
        ({"q": ""}, messages.ANSWER_QUERY_EMPTY),
        ({"q": " ?! "}, messages.ANSWER_QUERY_EMPTY),
        ({"q": "a" * 201}, messages.ANSWER_QUERY_TOO_LONG.format(max=200)),
    ],
)
def test_api_refuses_a_bad_query_in_swedish(api_client, params, message):
    response = api_client.get("/api/answers", params=params)
    assert only_error(response, "q", "sökfrågan") == f"sökfrågan: {message}"


def test_api_refuses_an_unknown_employer_in_swedish(api_client):
    response = api_client.get("/api/answers", params={"q": "intervju", "agency": "skatteverket"})
    message = only_error(response, "agency", messages.FIELD_LABELS["agency"])
    assert "Jag känner inte till myndigheten" in message and "migrationsverket" in message


# --- the page /hr ---


class PageOutline(HTMLParser):
    """The parts of the page the checks below need: tags, attributes, label targets, text."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.label_for = set()
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "label":
            self.label_for.add(attrs.get("for"))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def outline(response):
    page = PageOutline()
    page.feed(response.text)
    return page


def test_page_shows_the_interview_answer_of_each_employer(api_client, index):
    response = api_client.get("/hr", params={"q": "intervju"})
    assert response.status_code == 200
    text = " ".join(outline(response).text)
    for answer in index.answers:
        if answer.item == "faq/interview" and answer.agency:
            assert answer.text in text and answer.agency_name in text
    assert "Steg för steg: Från ansökan till anställd" in text and "Kopiera" in text
    assert f"{len(index.search('intervju'))} svar för ”intervju”" in text


def test_page_is_accessible_in_structure(api_client):
    page = outline(api_client.get("/hr", params={"q": "intervju"}))
    assert page.find("html", lang="sv")
    assert len(page.find("h1")) == 1
    assert page.find("header") and len(page.find("main")) == 1
    assert page.find("form", role="search", method="get")
    assert page.find("input", type="search", id="q", name="q", maxlength="200")
    assert page.find("select", id="agency", name="agency")
    assert {"q", "agency"} <= page.label_for
    assert page.find("meta", name="viewport")
    statuses = page.find("span", role="status")
    assert statuses and all(s.get("aria-live") == "polite" for s in statuses)
    assert page.find("div", **{"class": "copy"})[0].keys() >= {"hidden"}  # shown by hr.js only
    stylesheets = [link["href"] for link in page.find("link", rel="stylesheet")]
    assert stylesheets == ["/static/base.css", "/static/hr.css"]
    assert page.find("script", src="/static/hr.js")


def test_page_keeps_the_chosen_employer(api_client):
    response = api_client.get("/hr", params={"q": "intervju", "agency": "migrationsverket"})
    selected = [attrs["value"] for attrs in outline(response).find("option") if "selected" in attrs]
    assert selected == ["migrationsverket"]
    badges = set(re.findall(r'<p class="employer[^"]*">([^<]+)</p>', response.text))
    assert badges == {"Migrationsverket", messages.ANSWER_ALL_EMPLOYERS}


def test_first_visit_shows_the_form_without_results(api_client):
    response = api_client.get("/hr")
    assert response.status_code == 200
    assert outline(response).find("section", id="resultat")[0].keys() >= {"hidden"}


def test_page_explains_an_empty_search(api_client):
    response = api_client.get("/hr", params={"q": " "})
    assert response.status_code == 422
    page = outline(response)
    assert page.find("input", id="q", **{"aria-invalid": "true", "aria-describedby": "q-hint q-error"})
    assert messages.ANSWER_QUERY_EMPTY in " ".join(page.text)


def test_page_says_when_nothing_matches(api_client):
    response = api_client.get("/hr", params={"q": "sjukpenninggrundande"})
    assert response.status_code == 200
    assert "Inga svar för ”sjukpenninggrundande”" in response.text


def test_page_runs_only_its_own_files(api_client):
    response = api_client.get("/hr", params={"q": "intervju"})
    assert "default-src 'self'" in response.headers["content-security-policy"]
    scripts = outline(response).find("script")
    assert scripts and all("src" in s or s.get("type") == "application/json" for s in scripts)
    assert "style=" not in response.text
    for path in ("/static/base.css", "/static/hr.css", "/static/hr.js"):
        assert api_client.get(path).status_code == 200
