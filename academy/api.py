"""The versioned REST API, mounted at /api/v1/: routes, errors, pagination, schema.

Views live in each app's ``api.py`` and stay thin: services write, selectors read.
Pagination, the error body and schema hooks are in ``common/rest.py``.
"""

from django.urls import path, re_path, register_converter

from academy.converters import IdConverter
from accounts.api import DataExportView, MeView
from certificates.api import (
    BulkVerifyView,
    CertificateIssueView,
    CertificateRevokeView,
    MyCertificatesView,
    VerifyView,
)
from common.rest import api_not_found
from courses.api import (
    AttendanceView,
    CohortDetailView,
    CohortEnrolmentsView,
    CohortListView,
    CohortProgressView,
    CompetencyListView,
    CourseDetailView,
    CourseListView,
    DomainListView,
    EvidenceSubmitView,
    LessonCompleteView,
    LessonListView,
    ModuleListView,
    MyEnrolmentDetailView,
    MyEnrolmentsView,
    MyProgressView,
    QuizAttemptView,
    ReviewDetailView,
    ReviewQueueView,
)

app_name = "api"
register_converter(IdConverter, "id")


urlpatterns = [
    # Catalogue (public)
    path("courses", CourseListView.as_view(), name="course-list"),
    path("courses/<id:pk>", CourseDetailView.as_view(), name="course-detail"),
    path("modules", ModuleListView.as_view(), name="module-list"),
    path("lessons", LessonListView.as_view(), name="lesson-list"),
    path("domains", DomainListView.as_view(), name="domain-list"),
    path("competencies", CompetencyListView.as_view(), name="competency-list"),
    # The signed-in learner
    path("me", MeView.as_view(), name="me"),
    path("me/data", DataExportView.as_view(), name="me-data"),
    path("me/enrolments", MyEnrolmentsView.as_view(), name="me-enrolments"),
    path(
        "me/enrolments/<str:code>", MyEnrolmentDetailView.as_view(), name="me-enrolment"
    ),
    path("me/progress/<id:course_id>", MyProgressView.as_view(), name="me-progress"),
    path(
        "me/lessons/<id:lesson_id>/complete",
        LessonCompleteView.as_view(),
        name="me-lesson-complete",
    ),
    path(
        "me/lessons/<id:lesson_id>/quizzes/<str:block_id>/attempts",
        QuizAttemptView.as_view(),
        name="me-quiz-attempts",
    ),
    path(
        "me/lessons/<id:lesson_id>/activities/<str:block_id>/evidence",
        EvidenceSubmitView.as_view(),
        name="me-evidence",
    ),
    path("me/certificates", MyCertificatesView.as_view(), name="me-certificates"),
    # Trainers
    path("cohorts", CohortListView.as_view(), name="cohort-list"),
    path("cohorts/<str:code>", CohortDetailView.as_view(), name="cohort-detail"),
    path(
        "cohorts/<str:code>/enrolments",
        CohortEnrolmentsView.as_view(),
        name="cohort-enrolments",
    ),
    path(
        "cohorts/<str:code>/progress",
        CohortProgressView.as_view(),
        name="cohort-progress",
    ),
    path(
        "cohorts/<str:code>/sessions/<id:session_id>/attendance",
        AttendanceView.as_view(),
        name="cohort-attendance",
    ),
    path("reviews", ReviewQueueView.as_view(), name="review-list"),
    path("reviews/<uuid:public_id>", ReviewDetailView.as_view(), name="review-detail"),
    path("certificates", CertificateIssueView.as_view(), name="certificate-issue"),
    path(
        "certificates/<str:code>/revoke",
        CertificateRevokeView.as_view(),
        name="certificate-revoke",
    ),
    # Public verification
    path("verify", BulkVerifyView.as_view(), name="verify-bulk"),
    path("verify/<str:code>", VerifyView.as_view(), name="verify"),
    # Anything else under /api/v1/ (an unknown path, an id above the maximum, a
    # malformed uuid) is a JSON 404, not the site's HTML page.
    re_path(r"^[\s\S]*$", api_not_found, name="not-found"),
]
