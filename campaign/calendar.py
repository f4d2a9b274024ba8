"""The cycle of an edition as an iCalendar feed (RFC 5545), for people's calendars.

An event per public date of the timeline, as the edition page shows it. The
moment the winner is revealed is not one of them: until it happens it is
kept from the public, who get the ceremony instead. Each event's UID is
the same for as long as the edition exists, and its SEQUENCE counts how
often staff have moved it, read from the edition's history, so that a
calendar that subscribed to the feed moves the event rather than adding a
second one.
"""

from datetime import timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODUCT_ID = "-//IMDi//Bosettings- og integreringsprisen//NO"
# How often a subscribed calendar should fetch the feed again.
REFRESH_INTERVAL = timedelta(hours=12)


def _events():
    """(key, the fields that make the event, its title) for each date of the public timeline."""
    return [
        ("nominations-open", ("nominations_open_at",), _("Forslag åpner")),
        ("nominations-deadline", ("nominations_deadline_at",), _("Frist for forslag")),
        ("nominees-published", ("nominees_published_at",), _("Nominerte kunngjøres")),
        ("voting-opens", ("voting_opens_at",), _("Avstemningen åpner")),
        ("voting-closes", ("voting_closes_at",), _("Avstemningen stenger")),
        ("finalists-revealed", ("finalists_revealed_at",), _("Finalister kunngjøres")),
        ("ceremony", ("ceremony_at", "venue"), _("Prisutdeling")),
    ]


def revisions(records, fields):
    """How often the event made of `fields` has changed since it was first set, and when last.

    `records` are the edition's history records, oldest first: (0, None) when
    there are none (an edition loaded from a fixture, never changed by staff).
    """
    sequence, changed_at, previous = 0, None, None
    for record in records:
        values = tuple(record[field] for field in fields)
        if previous is None:
            if values[0] is not None:
                previous, changed_at = values, record["history_date"]
            continue
        if values != previous:
            sequence, previous, changed_at = sequence + 1, values, record["history_date"]
    return sequence, changed_at


def edition_calendar(edition, *, host, edition_url):
    """The iCalendar text of `edition`'s public dates; an empty calendar for None."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if edition is None:
        name = _("Bosettings- og integreringsprisen")
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        return calendar.to_ical()
    calendar.add("name", edition.title)
    calendar.add("x-wr-calname", edition.title)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    events = _events()
    # One query for the whole history, however many events and changes.
    records = list(
        edition.history.order_by("history_date", "history_id").values(
            "history_date", *{field for _key, fields, _title in events for field in fields}
        )
    )
    for key, fields, title in events:
        moment = getattr(edition, fields[0])
        if moment is None:
            continue
        sequence, changed_at = revisions(records, fields)
        event = Event()
        event.add("uid", f"{edition.year}-{key}@{host}")
        event.add("dtstamp", changed_at or edition.updated_at)
        event.add("last-modified", changed_at or edition.updated_at)
        event.add("sequence", sequence)
        event.add("dtstart", moment)
        event.add("summary", f"{title} – {edition.title}")
        event.add("url", edition_url)
        event.add(
            "description",
            _("Alt om %(prize)s: %(url)s") % {"prize": edition.title, "url": edition_url},
        )
        if key == "ceremony" and edition.venue:
            event.add("location", edition.venue)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
