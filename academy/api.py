"""The versioned REST API, mounted at /api/v1/: a router over each app's viewsets.

Views live in each app's ``api.py`` and stay thin: services write, selectors read.
Pagination, the error body, filters and schema hooks are in ``common/rest.py``.
"""

from django.urls import path, re_path, register_converter
from rest_framework.routers import SimpleRouter

from academy.converters import IdConverter
from accounts.api import DataExportView, MeView, MyNotificationViewSet
from certificates.api import (
    CertificateViewSet,
    MyCertificateViewSet,
    MyRecordLinkViewSet,
    MyRecordView,
    SharedRecordViewSet,
    VerificationViewSet,
)
from common.rest import api_not_found
from courses.api import (
    CohortViewSet,
    CompetencyViewSet,
    CourseViewSet,
    DomainViewSet,
    LessonViewSet,
    ModuleViewSet,
    MyEnrolmentViewSet,
    MyLessonViewSet,
    MyProgressViewSet,
    MySessionViewSet,
    ReviewViewSet,
)

app_name = "api"
register_converter(IdConverter, "id")

# No trailing slashes; ids in paths use the ``id`` converter (at most 18 digits).
router = SimpleRouter(trailing_slash=False, use_regex_path=False)
# Catalogue (public)
router.register("courses", CourseViewSet, basename="course")
router.register("modules", ModuleViewSet, basename="module")
router.register("lessons", LessonViewSet, basename="lesson")
router.register("domains", DomainViewSet, basename="domain")
router.register("competencies", CompetencyViewSet, basename="competency")
# The signed-in learner
router.register("me/enrolments", MyEnrolmentViewSet, basename="me-enrolment")
router.register("me/progress", MyProgressViewSet, basename="me-progress")
router.register("me/lessons", MyLessonViewSet, basename="me-lesson")
router.register("me/sessions", MySessionViewSet, basename="me-session")
router.register("me/notifications", MyNotificationViewSet, basename="me-notification")
router.register("me/certificates", MyCertificateViewSet, basename="me-certificate")
router.register("me/record/links", MyRecordLinkViewSet, basename="me-record-link")
# Trainers
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("certificates", CertificateViewSet, basename="certificate")
# Public verification
router.register("verify", VerificationViewSet, basename="verify")
router.register("records", SharedRecordViewSet, basename="record")

urlpatterns = [
    # Singletons: the signed-in user.
    path("me", MeView.as_view(), name="me"),
    path("me/data", DataExportView.as_view(), name="me-data"),
    path("me/record", MyRecordView.as_view(), name="me-record"),
    # Reviews answer POST on the item itself, which a router does not route.
    path("reviews", ReviewViewSet.as_view({"get": "list"}), name="review-list"),
    path(
        "reviews/<uuid:public_id>",
        ReviewViewSet.as_view({"get": "retrieve", "post": "review"}),
        name="review-detail",
    ),
    *router.urls,
    # Anything else under /api/v1/ (an unknown path, an id above the maximum, a
    # malformed uuid) is a JSON 404, not the site's HTML page.
    re_path(r"^[\s\S]*$", api_not_found, name="not-found"),
]
