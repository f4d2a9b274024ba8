import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from award.models import Edition, Phase

OSLO = ZoneInfo("Europe/Oslo")
SECOND = datetime.timedelta(seconds=1)

# Validation checks the year is unique, which asks the database.
pytestmark = pytest.mark.django_db


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


def normal_edition():
    """A full cycle laid out like 2022's, with a public vote added."""
    return Edition(
        year=2022,
        nominations_open_at=oslo(2022, 6, 1, 9, 0),
        nominations_deadline_at=oslo(2022, 9, 9, 23, 59, 59),
        nominees_published_at=oslo(2022, 10, 3, 10, 0),
        voting_opens_at=oslo(2022, 10, 10, 8, 0),
        voting_closes_at=oslo(2022, 10, 31, 23, 59, 59),
        finalists_revealed_at=oslo(2022, 11, 14, 10, 0),
        winner_revealed_at=oslo(2022, 11, 17, 10, 0),
        ceremony_at=oslo(2022, 11, 17, 10, 0),
    )


def combined_edition():
    """The 2019/2020 cycle: called in 2019, vote in March 2020, finalists in week 46."""
    return Edition(
        year=2020,
        period_label="2019/2020",
        nominations_open_at=oslo(2019, 9, 2, 9, 0),
        nominations_deadline_at=oslo(2019, 11, 15, 23, 59, 59),
        nominees_published_at=oslo(2020, 2, 25, 10, 0),
        voting_opens_at=oslo(2020, 3, 2, 0, 0),
        voting_closes_at=oslo(2020, 3, 23, 23, 59, 59),
        finalists_revealed_at=oslo(2020, 11, 9, 10, 0),
        winner_revealed_at=oslo(2020, 11, 13, 12, 0),
    )


BOUNDARIES = [
    ("nominations_open_at", Phase.UPCOMING, Phase.NOMINATIONS_OPEN),
    ("nominations_deadline_at", Phase.NOMINATIONS_OPEN, Phase.UNDER_REVIEW),
    ("nominees_published_at", Phase.UNDER_REVIEW, Phase.NOMINEES_PUBLISHED),
    ("voting_opens_at", Phase.NOMINEES_PUBLISHED, Phase.VOTING_OPEN),
    ("voting_closes_at", Phase.VOTING_OPEN, Phase.VOTING_CLOSED),
    ("finalists_revealed_at", Phase.VOTING_CLOSED, Phase.FINALISTS_ANNOUNCED),
    ("winner_revealed_at", Phase.FINALISTS_ANNOUNCED, Phase.WINNER_ANNOUNCED),
]


@pytest.mark.parametrize("build", [normal_edition, combined_edition], ids=["2022", "2019/2020"])
@pytest.mark.parametrize("field, before, after", BOUNDARIES, ids=[b[0] for b in BOUNDARIES])
def test_each_date_starts_its_phase_to_the_second(build, field, before, after):
    edition = build()
    moment = getattr(edition, field)

    assert edition.phase(moment - SECOND) == before
    assert edition.phase(moment) == after
    assert edition.phase(moment + SECOND) == after


def test_the_combined_cycle_is_still_reviewing_at_new_year():
    assert combined_edition().phase(oslo(2020, 1, 1, 0, 0)) == Phase.UNDER_REVIEW


def test_an_edition_without_dates_is_upcoming():
    assert Edition(year=2031).phase(oslo(2031, 6, 1)) == Phase.UPCOMING


def test_an_old_edition_with_only_a_winner_date_skips_the_steps_it_never_had():
    edition = Edition(year=2010, winner_revealed_at=oslo(2010, 12, 1, 12, 0))

    assert edition.phase(oslo(2010, 11, 30)) == Phase.UPCOMING
    assert edition.phase(oslo(2010, 12, 1, 12, 0)) == Phase.WINNER_ANNOUNCED


def test_phase_uses_the_clock_when_no_moment_is_given():
    edition = normal_edition()

    assert edition.phase() == Phase.WINNER_ANNOUNCED


def test_a_valid_timeline_passes_validation():
    normal_edition().full_clean()
    combined_edition().full_clean()


def test_a_deadline_before_the_opening_is_refused_with_a_message():
    edition = normal_edition()
    edition.nominations_deadline_at = edition.nominations_open_at - SECOND

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert refused.value.message_dict["nominations_deadline_at"] == [
        "«frist for forslag» må være etter «forslag åpner»."
    ]


def test_voting_before_the_nominees_are_out_is_refused():
    edition = normal_edition()
    edition.voting_opens_at = edition.nominees_published_at - SECOND

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert refused.value.message_dict["voting_opens_at"] == [
        "«avstemningen åpner» må være etter «nominerte kunngjøres»."
    ]


def test_voting_without_published_nominees_is_refused():
    edition = normal_edition()
    edition.nominees_published_at = None

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert refused.value.message_dict["voting_opens_at"] == [
        "Avstemningen kan ikke åpne før de nominerte er kunngjort."
    ]


def test_voting_may_open_the_moment_the_nominees_are_published():
    edition = normal_edition()
    edition.voting_opens_at = edition.nominees_published_at

    edition.full_clean()
    assert edition.phase(edition.voting_opens_at) == Phase.VOTING_OPEN


def test_a_vote_that_closes_when_it_opens_is_refused():
    edition = normal_edition()
    edition.voting_closes_at = edition.voting_opens_at

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert "voting_closes_at" in refused.value.message_dict


def test_a_vote_without_a_closing_time_is_refused():
    edition = normal_edition()
    edition.voting_closes_at = None
    edition.finalists_revealed_at = None

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert refused.value.message_dict["voting_closes_at"] == [
        "En avstemning trenger både et tidspunkt for åpning og for stenging."
    ]


@pytest.mark.parametrize("phase", list(Phase))
def test_an_edition_can_be_placed_in_every_phase(phase):
    at = oslo(2030, 5, 1, 12, 0)
    edition = Edition(year=2030)

    edition.place_in_phase(phase, at, datetime.timedelta(days=7))

    edition.full_clean(validate_unique=False)
    assert edition.phase(at) == phase


def test_an_edition_is_out_of_date_a_year_after_its_winner_was_revealed():
    edition = normal_edition()
    revealed = edition.winner_revealed_at

    assert not edition.is_out_of_date(revealed + datetime.timedelta(days=365))
    assert edition.is_out_of_date(revealed + datetime.timedelta(days=365, seconds=1))
