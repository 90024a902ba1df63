"""Learner actions on a lesson page: complete, quiz, evidence (services do the work)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from courses.forms import EvidenceForm
from courses.grading import QuizResult, grade_quiz
from courses.selectors import lesson_detail
from courses.services import evidence_submit, lesson_complete, quiz_attempt_submit

# A quiz attempt refused before grading (``quiz_attempt_submit``).
ATTEMPT_REFUSED = ("no_attempts_left", "wait")


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _render(request, lesson, status=200, **extra):
    context = lesson.get_context(request)
    context.update(extra)
    response = lesson.render(request, context_overrides=context)
    response.status_code = status
    return response


def lesson_complete_view(request, lesson):
    if denied := _post_only(request):
        return denied
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    try:
        lesson_complete(learner=request.user, lesson=lesson)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(lesson.url)
    messages.success(request, _("Lesson marked as complete."))
    place = lesson_detail(lesson=lesson)
    following = place["next_lesson"]
    return redirect(following.url if following else place["module"].url)


def quiz_check_view(request, lesson, block_id):
    """POST: grade, and record the attempt of an enrolled learner. GET: grade
    only, with nothing written; anonymous visitors' quiz forms use it, so their
    lesson pages carry no CSRF token and come from the page cache."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    block = lesson.block("quiz", block_id)
    if block is None:
        raise Http404(_("This quiz is not part of this lesson."))
    if request.method != "POST" and not any(k.startswith("q-") for k in request.GET):
        # Nothing answered (e.g. the language switcher on a result): the quiz.
        return redirect(f"{lesson.url}#quiz-{block_id}")
    result = None
    recorded = []
    if request.method == "POST" and request.user.is_authenticated:
        try:
            _attempt, result = quiz_attempt_submit(
                learner=request.user,
                lesson=lesson,
                block_id=block_id,
                data=request.POST,
            )
            recorded.append(block_id)
        except ValidationError as error:
            if getattr(error, "code", None) in ATTEMPT_REFUSED:
                # No grading at all: feedback would answer the attempt refused.
                result = QuizResult(errors=error.messages)
                return _render(
                    request, lesson, status=409, quiz_results={block_id: result}
                )
            result = None
    if result is None:
        # Anonymous or not enrolled (a self-check), or invalid answers: grade
        # without recording so the learner sees feedback or what to fix.
        context = lesson.get_context(request)
        result = grade_quiz(
            block.value,
            request.POST if request.method == "POST" else request.GET,
            default_pass_mark=context["course"].certificate_pass_mark,
        )
    status = 400 if result.errors else 200
    return _render(
        request,
        lesson,
        status=status,
        quiz_results={block_id: result},
        quiz_recorded=recorded,
    )


def evidence_submit_view(request, lesson, block_id):
    if denied := _post_only(request):
        return denied
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_submit(
                learner=request.user,
                lesson=lesson,
                block_id=block_id,
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["file"],
            )
        except ValidationError as error:
            if error.code == "unknown_activity":
                raise Http404(error.messages[0]) from error
            form.add_error(None, error)
        else:
            messages.success(request, _("Your evidence has been sent to your trainer."))
            return redirect(lesson.url + f"#activity-{block_id}")
    return _render(request, lesson, status=400, evidence_forms={block_id: form})
