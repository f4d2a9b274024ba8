"""The archive of past editions in fixtures/history.json, loaded as the site loads it."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from award.models import Edition, Phase, PrizeName
from nominations.models import Nominee

WINNERS = {
    2008: "Vadsø",
    2009: "Levanger",
    2010: "Kristiansand",
    2011: "Kragerø",
    2012: "Molde",
    2013: "Hammerfest",
    2014: "Drammen",
    2015: "Grimstad",
    2016: "Trondheim",
    2018: "Bærum",
    2020: "Sunndal",
    2021: "Lørenskog",
    2022: "Kinn",
}
NOMINEES_2020 = {"Asker", "Gjøvik", "Randaberg", "Sunndal", "Tromsø", "Voss"}
NOMINEES_2022 = {"Kinn", "Bodø", "Haugesund", "Rælingen", "Vennesla"}
LONG_AFTER = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def nominee_names(year):
    return set(
        Nominee.objects.filter(edition__year=year).values_list("municipality__name", flat=True)
    )


@pytest.mark.django_db
def test_the_archive_has_thirteen_editions_and_thirteen_winners(history):
    assert Edition.objects.count() == 13
    assert Nominee.objects.filter(is_winner=True).count() == 13


@pytest.mark.django_db
def test_the_winner_of_each_year_is_the_municipality_the_sources_name(history):
    winners = {
        nominee.edition.year: nominee.municipality.name
        for nominee in Nominee.objects.filter(is_winner=True).select_related(
            "edition", "municipality"
        )
    }
    assert winners == WINNERS


@pytest.mark.django_db
def test_every_winner_is_also_a_finalist(history):
    assert not Nominee.objects.filter(is_winner=True, is_finalist=False).exists()


@pytest.mark.django_db
def test_2019_and_2020_are_one_edition_labelled_2019_2020(history):
    assert not Edition.objects.filter(year__in=[2017, 2019]).exists()
    assert Edition.objects.get(year=2020).label == "2019/2020"


@pytest.mark.django_db
def test_loading_the_history_twice_adds_nothing(history):
    editions, nominees = Edition.objects.count(), Nominee.objects.count()

    call_command("load_history", stdout=StringIO())

    assert Edition.objects.count() == editions == 13
    assert Nominee.objects.count() == nominees
    assert Nominee.objects.filter(is_winner=True).count() == 13


@pytest.mark.django_db
def test_the_2020_nominees_are_exactly_the_six_named_municipalities(history):
    assert nominee_names(2020) == NOMINEES_2020


@pytest.mark.django_db
def test_the_2022_nominees_are_exactly_the_five_named_municipalities(history):
    assert nominee_names(2022) == NOMINEES_2022


@pytest.mark.django_db
def test_every_edition_passes_full_clean(history):
    for edition in Edition.objects.all():
        edition.full_clean()


@pytest.mark.django_db
def test_every_edition_has_its_winner_announced_in_november_2026(history):
    phases = {edition.year: edition.phase(LONG_AFTER) for edition in Edition.objects.all()}
    assert phases == dict.fromkeys(WINNERS, Phase.WINNER_ANNOUNCED)


@pytest.mark.django_db
def test_the_prize_is_called_bosettingsprisen_before_2017_and_gets_its_new_name_from_2017(
    history,
):
    names = dict(Edition.objects.values_list("year", "prize_name"))
    assert names == {
        year: PrizeName.SETTLEMENT if year < 2017 else PrizeName.SETTLEMENT_AND_INTEGRATION
        for year in WINNERS
    }
