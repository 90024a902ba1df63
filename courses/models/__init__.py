from .framework import Competency, CompetencyDomain, PartnerOrganisation
from .pages import (
    CourseDomain,
    CourseIndexPage,
    CoursePage,
    CoursePartner,
    LessonPage,
    ModuleCompetency,
    ModulePage,
)
from .progress import (
    Attendance,
    Cohort,
    CohortSession,
    CourseCompletion,
    Enrolment,
    EvidenceReview,
    EvidenceSubmission,
    LessonCompletion,
    QuizAttempt,
)

__all__ = [
    "Attendance",
    "Cohort",
    "CohortSession",
    "CourseCompletion",
    "Enrolment",
    "EvidenceReview",
    "EvidenceSubmission",
    "LessonCompletion",
    "QuizAttempt",
    "Competency",
    "CompetencyDomain",
    "CourseDomain",
    "CourseIndexPage",
    "CoursePage",
    "CoursePartner",
    "LessonPage",
    "ModuleCompetency",
    "ModulePage",
    "PartnerOrganisation",
]
