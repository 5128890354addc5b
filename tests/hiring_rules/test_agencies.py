"""The employer registry: the shipped file, and broken files that must stop the program."""
import copy

import pytest
import yaml

from hiring_rules.agencies import Recipient, RegistryError, default_registry, load_registry
from hiring_rules.errors import InvalidInput

# --- the shipped registry, checked against the seed pages ---


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def test_three_employers(registry):
    assert sorted(registry.keys()) == ["forsakringskassan", "karlstads_kommun", "migrationsverket"]
    assert len(registry) == 3


@pytest.mark.parametrize(
    "key, name, appeal_address, appeal_email, notice_board_street, registration_required",
    [
        pytest.param(
            "forsakringskassan",
            "Försäkringskassan",
            ("HR-avdelningen Bemanning och rekrytering 1", "Försäkringskassan", "103 51 Stockholm"),
            None,  # the seed page gives only a postal address
            "LM Ericssons väg 30",
            True,
            id="forsakringskassan",
        ),
        pytest.param(
            "migrationsverket",
            "Migrationsverket",
            ("Migrationsverket", "Kompetensförsörjningsenheten", "Box 1430", "171 27 Solna"),
            "rekrytering@migrationsverket.se",
            "Slottsgatan 82",
            None,  # the seed page does not say
            id="migrationsverket",
        ),
    ],
)
def test_state_employers(
    registry, key, name, appeal_address, appeal_email, notice_board_street, registration_required
):
    agency = registry.get(key)
    assert agency.display_name == name
    assert agency.state_appeal_route is True
    assert agency.appeal_address == appeal_address
    assert agency.appeal_email == appeal_email
    assert agency.envelope_marking == "Överklagan"
    assert notice_board_street in agency.notice_board
    assert agency.reemployment.registration_required is registration_required


def test_forsakringskassans_hr_contacts(registry):
    contacts = registry.get("forsakringskassan").hr_contacts
    assert (contacts.phone, contacts.email) == ("0771-524 440", "hr-fragor@forsakringskassan.se")


def test_karlstads_kommun_has_no_state_appeal_route(registry):
    karlstad = registry.get("karlstads_kommun")
    assert karlstad.display_name == "Karlstads kommun"
    assert karlstad.kind == "kommun"
    assert karlstad.state_appeal_route is False
    assert karlstad.appeal_address == ()
    assert karlstad.appeal_email is None


def test_get_ignores_case_and_spaces(registry):
    assert registry.get("  Migrationsverket ").key == "migrationsverket"


@pytest.mark.parametrize("key", ["skatteverket", "", None])
def test_get_unknown_key(registry, key):
    with pytest.raises(InvalidInput) as info:
        registry.get(key)
    assert info.value.field == "agency"
    assert "myndighet" in info.value.message
    assert "forsakringskassan" in info.value.message  # the message lists the known employers


def test_get_unknown_key_uses_given_field(registry):
    with pytest.raises(InvalidInput) as info:
        registry.get("skatteverket", field="employer")
    assert info.value.field == "employer"


# --- broken registries ---

VALID_ENTRY = {
    "display_name": "Testverket",
    "kind": "statlig myndighet",
    "state_appeal_route": True,
    "appeal_address": ["Testverket", "Box 1", "123 45 Teststad"],
    "appeal_email": "rekrytering@testverket.se",
    "envelope_marking": "Överklagan",
    "notice_board": "Anslagstavlan i entrén",
    "hr_contacts": {"name": "HR", "phone": None, "email": "hr@testverket.se", "note": None},
    "reemployment": {"registration_required": None, "how_to_register": None},
    "aliases": ["testverket"],
    "source": ["000_test.txt"],
}


_DELETE = object()  # marks a field to remove in _entry


def _write(tmp_path, data):
    path = tmp_path / "agencies.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _entry(**changes):
    entry = copy.deepcopy(VALID_ENTRY)
    for dotted, value in changes.items():
        target = entry
        *parents, name = dotted.split("__")
        for parent in parents:
            target = target[parent]
        if value is _DELETE:
            del target[name]
        else:
            target[name] = value
    return entry



def test_valid_entry_loads(tmp_path):
    registry = load_registry(_write(tmp_path, {"testverket": _entry()}))
    agency = registry.get("testverket")
    assert agency.appeal_address == ("Testverket", "Box 1", "123 45 Teststad")
    assert agency.hr_contacts.email == "hr@testverket.se"


def test_letters_to_the_employer_go_to_the_registrar_or_else_the_recruiting_unit(tmp_path):
    registrar = {"address": ["Testverket", "Registraturen", "123 45 Teststad"], "email": "reg@testverket.se"}
    registry = load_registry(_write(tmp_path, {"med": _entry(registrar=registrar), "utan": _entry()}))
    with_registrar, without = registry.get("med"), registry.get("utan")
    assert with_registrar.records_contact == Recipient(tuple(registrar["address"]), "reg@testverket.se", True)
    assert without.registrar is None
    assert without.records_contact == without.recruitment_contact == Recipient(
        ("Testverket", "Box 1", "123 45 Teststad"), "hr@testverket.se", True
    )
    e_mail_only = load_registry(_write(tmp_path, {"e": _entry(registrar={"email": "reg@testverket.se"})}))
    assert e_mail_only.get("e").records_contact == Recipient(("Testverket",), "reg@testverket.se", False)


def test_an_employer_without_an_address_is_written_to_by_name(tmp_path):
    entry = _entry(kind="kommun", state_appeal_route=False, appeal_address=[], appeal_email=None,
                   envelope_marking=None, notice_board=None, hr_contacts__email=None)
    agency = load_registry(_write(tmp_path, {"testkommun": entry})).get("testkommun")
    assert agency.recruitment_contact == Recipient(("Testverket",), None, False)
    assert not agency.is_state_agency


def test_municipality_needs_no_appeal_address(tmp_path):
    entry = _entry(
        kind="kommun", state_appeal_route=False, appeal_address=[], appeal_email=None,
        envelope_marking=None, notice_board=None,
    )
    registry = load_registry(_write(tmp_path, {"testkommun": entry}))
    assert registry.get("testkommun").state_appeal_route is False


BROKEN = [
    ("missing-display-name", {"display_name": _DELETE}, "display_name"),
    ("missing-kind", {"kind": _DELETE}, "kind"),
    ("missing-state-route", {"state_appeal_route": _DELETE}, "state_appeal_route"),
    ("missing-hr-contacts", {"hr_contacts": _DELETE}, "hr_contacts"),
    ("missing-reemployment", {"reemployment": _DELETE}, "reemployment"),
    ("missing-contact-phone", {"hr_contacts__phone": _DELETE}, "phone"),
    ("empty-display-name", {"display_name": "  "}, "display_name"),
    ("display-name-number", {"display_name": 123}, "display_name"),
    ("state-route-text", {"state_appeal_route": "ja"}, "state_appeal_route"),
    ("address-not-list", {"appeal_address": "Testverket, 123 45 Teststad"}, "appeal_address"),
    ("address-empty-line", {"appeal_address": ["Testverket", ""]}, "appeal_address"),
    ("hr-contacts-text", {"hr_contacts": "ring oss"}, "hr_contacts"),
    ("registration-text", {"reemployment__registration_required": "yes"}, "registration_required"),
    ("source-numbers", {"source": [1, 2]}, "source"),
    ("bad-appeal-email", {"appeal_email": "rekrytering(at)testverket.se"}, "appeal_email"),
    ("bad-contact-email", {"hr_contacts__email": "hr@testverket"}, "email"),
    ("email-with-space", {"appeal_email": "rek rytering@testverket.se"}, "appeal_email"),
    ("state-route-no-address", {"appeal_address": []}, "appeal_address"),
    ("state-route-one-line-address", {"appeal_address": ["Testverket"]}, "appeal_address"),
    ("state-route-no-address-field", {"appeal_address": _DELETE}, "appeal_address"),
    ("state-route-no-envelope", {"envelope_marking": None}, "envelope_marking"),
    ("state-route-no-notice-board", {"notice_board": None}, "notice_board"),
    ("registrar-text", {"registrar": "registrator@testverket.se"}, "registrar"),
    ("registrar-one-line", {"registrar": {"address": ["Testverket"], "email": None}}, "registrar"),
    ("registrar-empty", {"registrar": {"address": [], "email": None}}, "registrar"),
    ("registrar-address-text", {"registrar": {"address": "Box 1, 123 45 Teststad"}}, "registrar.address"),
    ("registrar-bad-email", {"registrar": {"email": "registrator@testverket"}}, "email"),
    (
        "no-contact-at-all",
        {"hr_contacts": {"name": None, "phone": None, "email": None, "note": None}},
        "hr_contacts",
    ),
]


@pytest.mark.parametrize("changes, field", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_entry_names_entry_and_field(tmp_path, changes, field):
    path = _write(tmp_path, {"forsakringskassan": _entry(), "testverket": _entry(**changes)})
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    message = str(info.value)
    assert "'testverket'" in message
    assert f"'{field}'" in message


@pytest.mark.parametrize("raw", ["just a text", ["a", "list"], None, 42])
def test_entry_not_a_mapping(tmp_path, raw):
    with pytest.raises(RegistryError) as info:
        load_registry(_write(tmp_path, {"testverket": raw}))
    assert "'testverket'" in str(info.value)
    assert "mapping" in str(info.value)


@pytest.mark.parametrize("key", ["Testverket", "test-verket", "1verket", 7])
def test_bad_entry_key(tmp_path, key):
    with pytest.raises(RegistryError) as info:
        load_registry(_write(tmp_path, {key: _entry()}))
    assert f"'{key}'" in str(info.value)


@pytest.mark.parametrize(
    "text", ["- a\n- list\n", "", "just text\n", "{}\n"], ids=["list", "empty", "scalar", "empty-map"]
)
def test_file_not_a_mapping(tmp_path, text):
    path = tmp_path / "agencies.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match="non-empty mapping"):
        load_registry(path)


def test_bad_yaml(tmp_path):
    path = tmp_path / "agencies.yml"
    path.write_text("testverket:\n  display_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(path)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yml"
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert "not found" in str(info.value)
    assert str(path) in str(info.value)
