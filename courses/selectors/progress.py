"""Derived progress: course outlines, completion, certificate rules, dashboards.

Nothing here writes. Every function issues a fixed number of queries whatever
the number of learners, courses or lessons (bench/progress.py measures it):
outlines are read from the lessons' raw StreamField data in one query, and
progress records are aggregated per learner in one query per kind.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import EnrolmentStatus, EvidenceStatus
from courses.models import (
    Attendance,
    CohortSession,
    Competency,
    CompetencyDomain,
    CoursePage,
    Enrolment,
    EvidenceSubmission,
    LessonCompletion,
    LessonPage,
    ModulePage,
    QuizAttempt,
    children_of_any,
    parent_path,
)

RULE_MODULES = _("Complete every required module")
RULE_QUIZZES = _("Pass every quiz in the required modules")
RULE_EVIDENCE = _("Have your practical work approved by a trainer")
RULE_ATTENDANCE = _("Attend enough in-person sessions")


# -- outline ------------
@dataclass(frozen=True)
class QuizOutline:
    block_id: str
    title: str
    pass_mark: int
    competency_ids: tuple[int, ...]


@dataclass(frozen=True)
class ActivityOutline:
    block_id: str
    title: str
    evidence_kinds: tuple[str, ...]
    competency_ids: tuple[int, ...]


@dataclass
class LessonOutline:
    id: int
    title: str
    path: str
    url: str
    quizzes: list[QuizOutline] = field(default_factory=list)
    activities: list[ActivityOutline] = field(default_factory=list)


@dataclass
class ModuleOutline:
    id: int
    title: str
    path: str
    required: bool
    lessons: list[LessonOutline] = field(default_factory=list)


@dataclass
class CourseOutline:
    course: CoursePage
    modules: list[ModuleOutline]

    @property
    def lessons(self) -> list[LessonOutline]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def required_lessons(self) -> list[LessonOutline]:
        return [ls for m in self.modules if m.required for ls in m.lessons]

    @property
    def required_quizzes(self) -> list[QuizOutline]:
        return [q for lesson in self.required_lessons for q in lesson.quizzes]

    @property
    def required_activities(self) -> list[ActivityOutline]:
        return [a for lesson in self.required_lessons for a in lesson.activities]

    def quiz(self, block_id: str) -> QuizOutline | None:
        return next(
            (
                q
                for lesson in self.lessons
                for q in lesson.quizzes
                if q.block_id == block_id
            ),
            None,
        )

    def activity(self, block_id: str) -> ActivityOutline | None:
        return next(
            (a for ls in self.lessons for a in ls.activities if a.block_id == block_id),
            None,
        )


def _ids(items) -> tuple[int, ...]:
    """Snippet ids from a raw ListBlock value (new or old list format)."""
    ids = []
    for item in items or []:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, int):
            ids.append(value)
    return tuple(ids)


def _lesson_outline(lesson_id, title, path, url, body, default_pass_mark):
    outline = LessonOutline(id=lesson_id, title=title, path=path, url=url)
    for block in body.raw_data if body is not None else []:
        value = block.get("value") or {}
        if block.get("type") == "quiz":
            mark = value.get("pass_mark")
            outline.quizzes.append(
                QuizOutline(
                    block_id=block.get("id"),
                    title=value.get("title") or "",
                    pass_mark=default_pass_mark if mark is None else int(mark),
                    competency_ids=_ids(value.get("competencies")),
                )
            )
        elif block.get("type") == "activity":
            outline.activities.append(
                ActivityOutline(
                    block_id=block.get("id"),
                    title=value.get("title") or "",
                    evidence_kinds=tuple(value.get("evidence_kinds") or ()),
                    competency_ids=_ids(value.get("competencies")),
                )
            )
    return outline


def _under(paths) -> Q:
    return reduce(or_, (Q(path__startswith=p) for p in paths), Q(pk__in=[]))


def course_outlines(courses) -> dict[int, CourseOutline]:
    """Outlines of several courses in two queries (modules, then lessons)."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {c.path: c for c in courses}
    modules = (
        ModulePage.objects.filter(children_of_any(courses), live=True)
        .order_by("path")
        .values_list("id", "title", "path", "is_required")
    )
    outlines = {c.id: CourseOutline(course=c, modules=[]) for c in courses}
    module_by_path = {}
    for module_id, title, path, required in modules:
        course = by_path.get(parent_path(path))
        if course is None:
            continue
        module = ModuleOutline(id=module_id, title=title, path=path, required=required)
        outlines[course.id].modules.append(module)
        module_by_path[path] = (module, course)
    lessons = (
        LessonPage.objects.filter(_under(module_by_path), live=True)
        .order_by("path")
        .values_list("id", "title", "path", "url_path", "body")
    )
    for lesson_id, title, path, url_path, body in lessons:
        module, course = module_by_path.get(parent_path(path), (None, None))
        if module is None:
            continue
        # The lesson's URL is its path below the course, appended to the course's.
        url = (course.url or "") + url_path[len(course.url_path) :]
        module.lessons.append(
            _lesson_outline(
                lesson_id, title, path, url, body, course.certificate_pass_mark
            )
        )
    return outlines


def course_outline(*, course: CoursePage) -> CourseOutline:
    return course_outlines([course])[course.id]


# -- learner progress ------------
@dataclass
class ModuleProgress:
    module: ModuleOutline
    completed: int
    total: int

    @property
    def complete(self) -> bool:
        return self.completed >= self.total

    @property
    def percent(self) -> int:
        return self.completed * 100 // self.total if self.total else 100


@dataclass
class RuleStatus:
    modules: bool
    quizzes: bool
    evidence: bool
    attendance: bool

    @property
    def met(self) -> bool:
        return self.modules and self.quizzes and self.evidence and self.attendance

    @property
    def missing(self) -> list:
        checks = [
            (self.modules, RULE_MODULES),
            (self.quizzes, RULE_QUIZZES),
            (self.evidence, RULE_EVIDENCE),
            (self.attendance, RULE_ATTENDANCE),
        ]
        return [message for ok, message in checks if not ok]


@dataclass
class LearnerRecords:
    """Raw facts about one learner in one course, gathered in bulk."""

    completed_lessons: set[int] = field(default_factory=set)
    quiz_best: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)  # activity -> latest status
    sessions_attended: int = 0


@dataclass
class CourseProgress:
    outline: CourseOutline
    enrolment: Enrolment | None
    records: LearnerRecords
    sessions_held: int
    modules: list[ModuleProgress]
    rule: RuleStatus
    percent: int
    next_lesson: LessonOutline | None
    competency_ids: set[int]

    @property
    def course(self) -> CoursePage:
        return self.outline.course

    @property
    def complete(self) -> bool:
        return self.rule.met

    @property
    def quiz_grade(self) -> int | None:
        """The mean of the learner's best scores (percent) in the course's
        required quizzes, rounded half up; None without required quizzes."""
        quizzes = self.outline.required_quizzes
        if not quizzes:
            return None
        total = sum(max(self.records.quiz_best.get(q.block_id, 0), 0) for q in quizzes)
        return (2 * total + len(quizzes)) // (2 * len(quizzes))


def evaluate(
    outline: CourseOutline,
    records: LearnerRecords,
    *,
    sessions_held: int,
    enrolment=None,
) -> CourseProgress:
    """Apply the course's certificate rule to a learner's records (pure)."""
    course = outline.course
    modules = [
        ModuleProgress(
            module=m,
            completed=sum(1 for ls in m.lessons if ls.id in records.completed_lessons),
            total=len(m.lessons),
        )
        for m in outline.modules
    ]
    quizzes_ok = all(
        records.quiz_best.get(q.block_id, -1) >= q.pass_mark
        for q in outline.required_quizzes
    )
    evidence_ok = not course.certificate_requires_evidence or all(
        records.evidence.get(a.block_id) == EvidenceStatus.APPROVED
        for a in outline.required_activities
    )
    attendance_ok = True
    if course.certificate_requires_attendance:
        attendance_ok = bool(sessions_held) and (
            records.sessions_attended * 100
            >= course.certificate_min_attendance * sessions_held
        )
    rule = RuleStatus(
        modules=all(mp.complete for mp in modules if mp.module.required),
        quizzes=quizzes_ok,
        evidence=evidence_ok,
        attendance=attendance_ok,
    )
    lessons = outline.lessons
    done = sum(1 for ls in lessons if ls.id in records.completed_lessons)
    competency_ids = set()
    for lesson in lessons:
        for quiz in lesson.quizzes:
            if records.quiz_best.get(quiz.block_id, -1) >= quiz.pass_mark:
                competency_ids.update(quiz.competency_ids)
        for activity in lesson.activities:
            if records.evidence.get(activity.block_id) == EvidenceStatus.APPROVED:
                competency_ids.update(activity.competency_ids)
    return CourseProgress(
        outline=outline,
        enrolment=enrolment,
        records=records,
        sessions_held=sessions_held,
        modules=modules,
        rule=rule,
        percent=done * 100 // len(lessons) if lessons else 0,
        next_lesson=next(
            (ls for ls in lessons if ls.id not in records.completed_lessons), None
        ),
        competency_ids=competency_ids,
    )


def _records(*, learner_ids, course_ids) -> dict[tuple[int, int], LearnerRecords]:
    """Learners' progress records per (learner, course), in three queries."""
    records: dict[tuple[int, int], LearnerRecords] = defaultdict(LearnerRecords)
    completions = LessonCompletion.objects.filter(
        learner_id__in=learner_ids, course_id__in=course_ids
    ).values_list("learner_id", "course_id", "lesson_id")
    for learner_id, course_id, lesson_id in completions:
        records[learner_id, course_id].completed_lessons.add(lesson_id)
    best = (
        QuizAttempt.objects.filter(learner_id__in=learner_ids, course_id__in=course_ids)
        .values_list("learner_id", "course_id", "block_id")
        .annotate(best=Max("score"))
    )
    for learner_id, course_id, block_id, score in best:
        records[learner_id, course_id].quiz_best[block_id] = score
    evidence = (
        EvidenceSubmission.objects.filter(
            learner_id__in=learner_ids, course_id__in=course_ids
        )
        .order_by("submitted_at", "pk")
        .values_list("learner_id", "course_id", "activity_block_id", "status")
    )
    for learner_id, course_id, block_id, status in evidence:
        records[learner_id, course_id].evidence[block_id] = status  # latest wins
    return records


def _attendance(*, cohort_ids, learner_ids):
    """Sessions held per cohort and attended per (learner, cohort): 2 queries.
    A cancelled session was not held, whatever its register says."""
    now = timezone.now()
    held = dict(
        CohortSession.objects.filter(
            cohort_id__in=cohort_ids, starts_at__lte=now, cancelled=False
        )
        .values_list("cohort_id")
        .annotate(n=Count("id"))
    )
    attended = {
        (learner_id, cohort_id): n
        for learner_id, cohort_id, n in Attendance.objects.filter(
            session__cohort_id__in=cohort_ids,
            session__starts_at__lte=now,
            session__cancelled=False,
            learner_id__in=learner_ids,
            present=True,
        )
        .values_list("learner_id", "session__cohort_id")
        .annotate(n=Count("id"))
    }
    return held, attended


def active_enrolment(*, learner, course) -> Enrolment | None:
    """The learner's active enrolment in any language version of ``course``."""
    if not learner.is_authenticated:
        return None
    return (
        Enrolment.objects.active_for(course)
        .filter(learner=learner)
        .select_related("cohort__course")
        .first()
    )


def courses_progress(*, learner, enrolments) -> list[CourseProgress]:
    """Progress in each enrolment's course, in a fixed number of queries."""
    enrolments = list(enrolments)
    courses = [e.cohort.course for e in enrolments]
    outlines = course_outlines(courses)
    records = _records(learner_ids=[learner.id], course_ids=[c.id for c in courses])
    held, attended = _attendance(
        cohort_ids=[e.cohort_id for e in enrolments], learner_ids=[learner.id]
    )
    result = []
    for enrolment in enrolments:
        course = enrolment.cohort.course
        learner_records = records[learner.id, course.id]
        learner_records.sessions_attended = attended.get(
            (learner.id, enrolment.cohort_id), 0
        )
        result.append(
            evaluate(
                outlines[course.id],
                learner_records,
                sessions_held=held.get(enrolment.cohort_id, 0),
                enrolment=enrolment,
            )
        )
    return result


def learner_course_progress(
    *, learner, course, enrolment=None
) -> CourseProgress | None:
    enrolment = enrolment or active_enrolment(learner=learner, course=course)
    if enrolment is None:
        return None
    return courses_progress(learner=learner, enrolments=[enrolment])[0]


# -- competency profile ------------
@dataclass
class DomainProfile:
    domain: CompetencyDomain
    demonstrated: list[Competency]
    total: int

    @property
    def percent(self) -> int:
        return len(self.demonstrated) * 100 // self.total if self.total else 0


def competency_profile(*, competency_ids) -> list[DomainProfile]:
    """Demonstrated competencies grouped by domain, against each domain's total."""
    if not competency_ids:
        return []
    demonstrated = list(
        Competency.objects.filter(id__in=competency_ids)
        .select_related("domain")
        .order_by("domain__sort_order", "sort_order", "code")
    )
    domain_ids = {c.domain_id for c in demonstrated}
    totals = dict(
        Competency.objects.filter(domain_id__in=domain_ids)
        .values_list("domain_id")
        .annotate(n=Count("id"))
    )
    grouped: dict[int, DomainProfile] = {}
    for competency in demonstrated:
        profile = grouped.setdefault(
            competency.domain_id,
            DomainProfile(competency.domain, [], totals.get(competency.domain_id, 0)),
        )
        profile.demonstrated.append(competency)
    return list(grouped.values())


# -- dashboards ------------
def learner_dashboard(*, learner) -> dict:
    """Courses in progress, evidence waiting, feedback received, competency profile."""
    enrolments = list(
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.ACTIVE)
        .select_related("cohort__course")
        .order_by("-enrolled_at")
    )
    progress = courses_progress(learner=learner, enrolments=enrolments)
    competency_ids = (
        set().union(*(p.competency_ids for p in progress)) if progress else set()
    )
    submissions = list(
        EvidenceSubmission.objects.filter(learner=learner)
        .select_related("lesson")
        .prefetch_related("reviews")
        .order_by("-submitted_at")[:50]
    )
    latest: dict[tuple[int, str], EvidenceSubmission] = {}
    for submission in submissions:
        latest.setdefault(
            (submission.lesson_id, submission.activity_block_id), submission
        )
    return {
        "progress": progress,
        "waiting": [s for s in latest.values() if s.status == EvidenceStatus.SUBMITTED],
        "feedback": [
            (s, review)
            for s in submissions
            for review in s.reviews.all()
            if review.feedback
        ][:10],
        "profile": competency_profile(competency_ids=competency_ids),
    }


@dataclass(frozen=True)
class DomainShare:
    """How many learners of a cohort demonstrated a competency in a domain."""

    domain: CompetencyDomain
    learners: int
    percent: int


@dataclass
class LearnerRow:
    enrolment: Enrolment
    progress: CourseProgress


def cohort_progress(*, cohort) -> dict:
    """The trainer's table: every active learner × module, with the rule status."""
    course = cohort.course
    outline = course_outline(course=course)
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ACTIVE)
        .select_related("learner__profile")
        .order_by("learner__profile__printed_name", "learner__email")
    )
    learner_ids = [e.learner_id for e in enrolments]
    records = _records(learner_ids=learner_ids, course_ids=[course.id])
    held, attended = _attendance(cohort_ids=[cohort.id], learner_ids=learner_ids)
    rows = []
    for enrolment in enrolments:
        learner_records = records[enrolment.learner_id, course.id]
        learner_records.sessions_attended = attended.get(
            (enrolment.learner_id, cohort.id), 0
        )
        rows.append(
            LearnerRow(
                enrolment=enrolment,
                progress=evaluate(
                    outline,
                    learner_records,
                    sessions_held=held.get(cohort.id, 0),
                    enrolment=enrolment,
                ),
            )
        )
    # Share of learners who demonstrated each domain's competencies (for the chart).
    by_domain: dict[int, int] = defaultdict(int)
    ids = set().union(*(row.progress.competency_ids for row in rows)) if rows else set()
    domain_of = dict(
        Competency.objects.filter(id__in=ids).values_list("id", "domain_id")
    )
    domains = {
        d.id: d for d in CompetencyDomain.objects.filter(id__in=set(domain_of.values()))
    }
    for row in rows:
        for domain_id in {
            domain_of[c] for c in row.progress.competency_ids if c in domain_of
        }:
            by_domain[domain_id] += 1
    domain_chart = [
        DomainShare(domains[d], count, count * 100 // len(rows) if rows else 0)
        for d, count in sorted(
            by_domain.items(), key=lambda kv: domains[kv[0]].sort_order
        )
    ]
    return {
        "outline": outline,
        "rows": rows,
        "sessions_held": held.get(cohort.id, 0),
        "domain_chart": domain_chart,
        "completed_count": sum(1 for row in rows if row.progress.complete),
    }


def review_queue(*, trainer, cohort=None):
    """Evidence waiting for review from active learners in the cohorts the user
    manages (or in ``cohort``)."""
    mine = (
        Enrolment.objects.managed_by(trainer)
        .active()
        .filter(
            learner_id=OuterRef("learner_id"), cohort__course_id=OuterRef("course_id")
        )
    )
    if cohort is not None:
        mine = mine.filter(cohort=cohort)
    return (
        EvidenceSubmission.objects.filter(Exists(mine), status=EvidenceStatus.SUBMITTED)
        .select_related("learner__profile", "lesson", "course")
        .prefetch_related("files")
        .order_by("submitted_at")
    )


def learner_personal_data(*, learner) -> dict:
    """Everything progress holds about a learner, for their data export."""
    return {
        "enrolments": [
            {
                "course": e.cohort.course.title,
                "cohort": e.cohort.name,
                "status": e.status,
                "enrolled_at": e.enrolled_at.isoformat(),
                # Waiting lists and requests to join (decision 0036).
                "requested_at": e.requested_at.isoformat() if e.requested_at else None,
                "message": e.message,
                "response": e.response,
            }
            for e in Enrolment.objects.filter(learner=learner).select_related(
                "cohort__course"
            )
        ],
        "lesson_completions": [
            {"lesson": title, "completed_at": at.isoformat()}
            for title, at in LessonCompletion.objects.filter(
                learner=learner
            ).values_list("lesson__title", "completed_at")
        ],
        "quiz_attempts": [
            {
                "lesson": a.lesson.title,
                "score": a.score,
                "pass_mark": a.pass_mark,
                "passed": a.passed,
                "answers": a.answers,
                "at": a.created_at.isoformat(),
            }
            for a in QuizAttempt.objects.filter(learner=learner).select_related(
                "lesson"
            )
        ],
        "evidence": [
            {
                "lesson": s.lesson.title,
                "text": s.text,
                "files": [
                    {
                        "name": f.original_filename,
                        "content_type": f.content_type,
                        "size": f.size,
                        "sha256": f.sha256,
                    }
                    for f in s.files.all()
                ],
                "status": s.status,
                "submitted_at": s.submitted_at.isoformat(),
                "reviews": [
                    {
                        "decision": r.decision,
                        "feedback": r.feedback,
                        "at": r.created_at.isoformat(),
                    }
                    for r in s.reviews.all()
                ],
            }
            for s in EvidenceSubmission.objects.filter(learner=learner)
            .select_related("lesson")
            .prefetch_related("reviews", "files")
        ],
        "attendance": [
            {"session": title, "starts_at": at.isoformat(), "present": present}
            for title, at, present in Attendance.objects.filter(
                learner=learner
            ).values_list("session__title", "session__starts_at", "present")
        ],
    }


@dataclass
class LessonState:
    """What one learner has done in one lesson, for rendering the lesson page."""

    enrolment: Enrolment | None
    completed: bool = False
    quizzes: dict[str, "QuizRecord"] = field(default_factory=dict)
    evidence: dict[str, list[EvidenceSubmission]] = field(default_factory=dict)

    def latest_evidence(self, block_id: str) -> EvidenceSubmission | None:
        submissions = self.evidence.get(block_id) or []
        return submissions[0] if submissions else None


@dataclass
class QuizRecord:
    """A learner's attempts at one quiz: how many, the best and the last score."""

    attempts: int = 0
    best: int = 0
    last: int = 0
    last_at: datetime.datetime | None = None
    passed: bool = False


def lesson_state(*, learner, lesson, course) -> LessonState:
    """A learner's enrolment, completion, quiz attempts and evidence in a lesson."""
    enrolment = active_enrolment(learner=learner, course=course)
    if enrolment is None:
        return LessonState(enrolment=None)
    lesson_ids = [lesson.id]
    if enrolment.cohort.course.locale_id != lesson.locale_id:
        lesson_ids = list(
            LessonPage.objects.filter(
                translation_key=lesson.translation_key
            ).values_list("id", flat=True)
        )
    state = LessonState(
        enrolment=enrolment,
        completed=LessonCompletion.objects.filter(
            learner=learner, lesson_id__in=lesson_ids
        ).exists(),
    )
    for block_id, score, passed, created_at in (
        QuizAttempt.objects.filter(learner=learner, lesson_id__in=lesson_ids)
        .order_by("created_at", "pk")
        .values_list("block_id", "score", "passed", "created_at")
    ):
        record = state.quizzes.setdefault(block_id, QuizRecord())
        record.attempts += 1
        record.best = max(record.best, score)
        record.last, record.last_at = score, created_at
        record.passed = record.passed or passed
    for submission in (
        EvidenceSubmission.objects.filter(learner=learner, lesson_id__in=lesson_ids)
        .prefetch_related("reviews", "files")
        .order_by("-submitted_at", "-pk")
    ):
        state.evidence.setdefault(submission.activity_block_id, []).append(submission)
    return state
