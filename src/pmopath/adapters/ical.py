"""Calendar files (RFC 5545) through the icalendar library: one all-day event per reminder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from pmopath.domain.reminders import Reminder

PRODUCT_ID = "-//PMO Pathways//Reminders//EN"


class IcalWriter:
    """Writes reminders as a VCALENDAR a calendar client can subscribe to."""

    def calendar(self, name: str, reminders: Sequence[Reminder], stamp: datetime) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        for reminder in reminders:
            calendar.add_component(_event(reminder, stamp))
        return bytes(calendar.to_ical())


def _event(reminder: Reminder, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", reminder.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", reminder.day)  # a date, not a datetime: an all-day event
    event.add("dtend", reminder.day + timedelta(days=1))
    event.add("summary", reminder.summary)
    event.add("description", reminder.description)
    event.add("categories", [reminder.kind.value])
    event.add("transp", "TRANSPARENT")
    return event
