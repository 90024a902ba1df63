"""Calendar files of sessions: a learner's private feed (subscribed to by a
calendar app, which cannot sign in: the address carries a secret the learner
can replace), one session's file, and, in trainer.py, a cohort's file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.selectors import profile_for, user_for_calendar_token
from accounts.services import calendar_token_reset
from courses.calendar import sessions_calendar
from courses.selectors.schedule import learner_feed_sessions, session_by_uid


def calendar_response(content: bytes, *, filename: str, attachment: bool):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def learner_feed(request, token):
    """The learner's sessions, for a calendar app to subscribe to."""
    learner = user_for_calendar_token(token)
    if learner is None:
        raise Http404(_("This calendar address was replaced or never existed."))
    content = sessions_calendar(
        learner_feed_sessions(learner=learner),
        name=_("My academy sessions"),
        language=profile_for(user=learner).preferred_language,
    )
    return calendar_response(content, filename="sessions.ics", attachment=False)


@login_required
@require_POST
def learner_feed_reset(request):
    calendar_token_reset(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar address was replaced. Calendar apps subscribed to the "
            "old one stop receiving your sessions: subscribe again with the new one."
        ),
    )
    return redirect("learner_dashboard")


@require_safe
def session_file(request, uid):
    """One session, to add to any calendar ("Add to calendar")."""
    session = session_by_uid(uid=uid)
    if session is None:
        raise Http404(_("No session has this address."))
    content = sessions_calendar(
        [session], name=session.cohort.course.title, language=get_language()
    )
    day = timezone.localtime(session.starts_at).strftime("%Y-%m-%d")
    return calendar_response(content, filename=f"session-{day}.ics", attachment=True)
