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

__all__ = [
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
