from django.urls import path

from courses.views import calendar, learner, trainer

urlpatterns = [
    path("learn/", learner.dashboard, name="learner_dashboard"),
    path("learn/start/", learner.signed_in, name="signed_in"),
    path("learn/cohorts/<str:code>/enrol/", learner.cohort_enrol, name="cohort_enrol"),
    path(
        "learn/cohorts/<str:code>/waitlist/",
        learner.cohort_waitlist,
        name="cohort_waitlist",
    ),
    path(
        "learn/cohorts/<str:code>/request/",
        learner.cohort_request,
        name="cohort_request",
    ),
    path("learn/cohorts/<str:code>/leave/", learner.cohort_leave, name="cohort_leave"),
    path(
        "learn/cohorts/<str:code>/withdraw/",
        learner.cohort_withdraw,
        name="cohort_withdraw",
    ),
    path(
        "learn/evidence/<uuid:public_id>/", learner.evidence_file, name="evidence_file"
    ),
    path(
        "learn/evidence/<uuid:public_id>/preview.jpg",
        learner.evidence_preview,
        name="evidence_preview",
    ),
    path(
        "learn/announcements/<uuid:public_id>/attachment/",
        learner.announcement_attachment,
        name="announcement_attachment",
    ),
    path(
        "learn/calendar/reset/",
        calendar.learner_feed_reset,
        name="learner_calendar_reset",
    ),
    path("calendar/<str:token>.ics", calendar.learner_feed, name="learner_calendar"),
    path(
        "calendar/sessions/<uuid:uid>.ics",
        calendar.session_file,
        name="session_calendar",
    ),
    path("trainer/", trainer.cohorts, name="trainer_cohorts"),
    path("trainer/cohorts/<str:code>/", trainer.cohort_detail, name="trainer_cohort"),
    path(
        "trainer/cohorts/<str:code>/export.csv",
        trainer.cohort_export,
        name="trainer_cohort_export",
    ),
    path(
        "trainer/cohorts/<str:code>/gradebook/",
        trainer.cohort_gradebook,
        name="trainer_cohort_gradebook",
    ),
    path(
        "trainer/cohorts/<str:code>/gradebook.csv",
        trainer.cohort_gradebook_export,
        name="trainer_cohort_gradebook_export",
    ),
    path(
        "trainer/cohorts/<str:code>/calendar.ics",
        trainer.cohort_calendar,
        name="trainer_cohort_calendar",
    ),
    path(
        "trainer/cohorts/<str:code>/announce/",
        trainer.cohort_announce,
        name="trainer_cohort_announce",
    ),
    path(
        "trainer/cohorts/<str:code>/enrol/",
        trainer.cohort_enrol,
        name="trainer_cohort_enrol",
    ),
    path(
        "trainer/cohorts/<str:code>/import/",
        trainer.cohort_import,
        name="trainer_cohort_import",
    ),
    path(
        "trainer/cohorts/<str:code>/sessions/<int:session_id>/",
        trainer.attendance,
        name="trainer_attendance",
    ),
    path(
        "trainer/cohorts/<str:code>/requests/",
        trainer.cohort_requests,
        name="trainer_cohort_requests",
    ),
    path("trainer/reviews/", trainer.reviews, name="trainer_reviews"),
    path(
        "trainer/reviews/<uuid:public_id>/",
        trainer.review_detail,
        name="trainer_review",
    ),
]
