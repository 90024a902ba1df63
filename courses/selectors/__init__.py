"""Reads that span relations. ``catalogue`` serves public pages; ``progress``
derives completion, rules and dashboards from the progress records."""

from .catalogue import (
    CATALOGUE_PAGE_SIZE,
    UNKNOWN_FILTER,
    DomainGroup,
    catalogue_context,
    course_detail,
    domain_detail_context,
    domain_list_context,
    group_by_domain,
    home_page_highlights,
    lesson_detail,
    module_detail,
)
from .progress import (
    CourseOutline,
    CourseProgress,
    active_enrolment,
    cohort_progress,
    competency_profile,
    course_outline,
    courses_progress,
    learner_course_progress,
    learner_dashboard,
    lesson_state,
    review_queue,
)

__all__ = [
    "CATALOGUE_PAGE_SIZE",
    "UNKNOWN_FILTER",
    "CourseOutline",
    "CourseProgress",
    "DomainGroup",
    "active_enrolment",
    "catalogue_context",
    "cohort_progress",
    "competency_profile",
    "course_detail",
    "course_outline",
    "courses_progress",
    "domain_detail_context",
    "domain_list_context",
    "group_by_domain",
    "home_page_highlights",
    "learner_course_progress",
    "learner_dashboard",
    "lesson_state",
    "lesson_detail",
    "module_detail",
    "review_queue",
]
