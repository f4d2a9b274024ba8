from io import StringIO

import pytest
from django.core.management import call_command

from municipalities.models import County, Municipality, WrittenStandard

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_municipalities", stdout=out)
    return out.getvalue()


def test_loading_gives_the_357_municipalities_of_2024_and_their_15_counties():
    load()

    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15


def test_loading_twice_duplicates_nothing():
    load()
    output = load()

    assert Municipality.objects.count() == 357
    assert output == "357 municipalities (0 new).\n"


def test_loading_into_an_empty_table_reports_every_municipality_as_new():
    Municipality.objects.all().delete()

    assert load() == "357 municipalities (357 new).\n"
    assert Municipality.objects.count() == 357


def test_a_reload_keeps_the_written_standard_staff_chose():
    Municipality.objects.filter(name="Kinn").update(written_standard=WrittenStandard.NYNORSK)

    load()

    assert Municipality.objects.get(name="Kinn").written_standard == WrittenStandard.NYNORSK


def test_a_municipality_has_its_number_county_and_sami_name():
    kautokeino = Municipality.objects.get(number="5612")

    assert kautokeino.name == "Kautokeino"
    assert kautokeino.sami_name == "Guovdageaidnu"
    assert kautokeino.county.name == "Finnmark"
    assert kautokeino.display_name == "Kautokeino – Guovdageaidnu"


def test_the_written_standard_is_neutral_until_staff_set_it():
    assert set(Municipality.objects.values_list("written_standard", flat=True)) == {"neutral"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("baerum", "Bærum"),
        ("Bærum", "Bærum"),
        ("barum", "Bærum"),
        ("tromso", "Tromsø"),
        ("tromsoe", "Tromsø"),
        ("raelingen", "Rælingen"),
        ("aasnes", "Åsnes"),
        ("guovdageaidnu", "Kautokeino"),
        ("karasjohka", "Karasjok"),
        ("porsangu", "Porsanger"),
        ("  LØRENSKOG ", "Lørenskog"),
    ],
)
def test_search_finds_names_typed_with_or_without_norwegian_letters(query, expected):
    assert expected in [m.name for m in Municipality.objects.search(query)]


def test_search_for_nothing_finds_nothing():
    assert list(Municipality.objects.search("   ")) == []


def test_municipalities_with_the_same_name_get_distinct_addresses():
    slugs = set(Municipality.objects.filter(name__startswith="Våler").values_list("slug", flat=True))

    assert slugs == {"valer-ostfold", "valer-innlandet"}
