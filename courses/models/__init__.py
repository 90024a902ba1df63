from .framework import Competency, CompetencyDomain, PartnerOrganisation
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
from .pages import (
    CourseDomain,
    CourseIndexPage,
    CoursePage,
    CoursePartner,
    LessonPage,
    ModuleCompetency,
    ModulePage,
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
