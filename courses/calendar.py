"""Calendar files (RFC 5545) of cohort sessions, written with icalendar.

Each session is one event for ever: its UID is the session's ``uid`` and its
SEQUENCE the session's ``sequence``, which the cohort form raises whenever the
time or place changes, so a calendar app that subscribed to a feed (or imports
a file again) moves the event instead of adding a second one. A cancelled
session stays in the file with ``STATUS:CANCELLED``. Times carry the academy's
time zone (``TIME_ZONE``) with its definition (VTIMEZONE), so an event shows at
the right hour wherever the learner's phone is.

This module only writes calendars; which sessions go in one is for the
selectors (``courses.selectors.schedule``).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from courses.notifications import absolute_url

PRODUCT_ID = "-//Citizen Science Academy//Sessions//EN"
# How often subscribed calendar apps should fetch the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def session_event(session) -> Event:
    """The event of one session (its cohort and course selected with it)."""
    course = session.cohort.course
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"{session.uid}@sessions.academy")
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", timezone.localtime(session.starts_at, zone))
    event.add("dtend", timezone.localtime(session.finishes_at, zone))
    title = f"{course.title}: {session.title}"
    if session.cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    event.add("summary", title)
    place = ", ".join(part for part in (session.location, session.address) if part)
    if place:
        event.add("location", place)
    link = absolute_url(course.url or "/")
    lines = [session.cohort.name]
    if session.what_to_bring:
        lines.append(_("What to bring: %(items)s") % {"items": session.what_to_bring})
    if session.counts_toward_certificate:
        lines.append(_("Attendance counts toward the certificate."))
    if session.map_url:
        lines.append(_("Map: %(url)s") % {"url": session.map_url})
    lines.append(link)
    event.add("description", "\n".join(lines))
    event.add("url", link)
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    return event


def sessions_calendar(sessions, *, name: str, language: str) -> bytes:
    """An iCalendar file with an event per session (each with its cohort and
    course selected), its texts in ``language``."""
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add(
            "refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"}
        )
        calendar.add("x-published-ttl", "PT6H")  # the same, for Outlook
        for session in sessions:
            calendar.add_component(session_event(session))
        # The zone's rules for the years a feed can span, not 1970-2038.
        today = timezone.localdate()
        calendar.add_missing_timezones(
            first_date=today.replace(year=today.year - 2, day=1),
            last_date=today.replace(year=today.year + 10, day=1),
        )
        return calendar.to_ical()
