"""Learning blocks for lessons: self-check quizzes, practical activities, reflection.

Generic content blocks (text, image, video, download, callout) are in
``cms/blocks.py``; ``LessonBodyBlock`` combines both.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import BaseContentBlock
from courses.choices import ActivityKind, EvidenceKind, QuestionKind, QuizFeedback
from courses.uploads import FILES_CAP, FILES_DEFAULT

NO_CORRECT_OPTION = _("Mark at least one option as correct.")
SINGLE_CHOICE_MANY_CORRECT = _(
    "A single-choice question must have exactly one correct option; make it "
    "multiple choice or untick the extra options."
)
TOO_FEW_OPTIONS = _("Give at least two options to choose from.")
PASS_MARK_RANGE = _("The pass mark is a percentage: enter a number from 0 to 100.")
ACTIVITY_NEEDS_COMPETENCY = _(
    "Choose at least one competency that this activity lets learners demonstrate."
)
ACTIVITY_NEEDS_EVIDENCE_KIND = _("Choose at least one kind of evidence.")


class QuizOptionBlock(blocks.StructBlock):
    """An answer option, whether it is correct, and feedback shown after checking."""

    text = blocks.CharBlock(label=_("Option"), max_length=300)
    is_correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("Feedback"),
        max_length=500,
        required=False,
        help_text=_("Shown to a learner who chose this option, after checking."),
        # Not searchable: it says which answer is right (decision 0040).
        search_index=False,
    )

    class Meta:
        icon = "radio-full"
        label = _("Option")


class QuizQuestionBlock(blocks.StructBlock):
    """A question with two or more options, single or multiple choice."""

    question = blocks.CharBlock(label=_("Question"), max_length=500)
    kind = blocks.ChoiceBlock(
        label=_("Kind"), choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    options = blocks.ListBlock(QuizOptionBlock(), label=_("Options"), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        options = list(value.get("options") or [])
        correct = sum(1 for option in options if option.get("is_correct"))
        message = None
        if len(options) < 2:
            message = TOO_FEW_OPTIONS
        elif correct == 0:
            message = NO_CORRECT_OPTION
        elif value.get("kind") == QuestionKind.SINGLE and correct > 1:
            message = SINGLE_CHOICE_MANY_CORRECT
        if message:
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(message)}
            )
        return value

    class Meta:
        icon = "help"
        label = _("Question")


class QuizBlock(blocks.StructBlock):
    """A self-check quiz, graded on the server; passing completes the lesson."""

    title = blocks.CharBlock(
        label=_("Title"), max_length=200, default=_("Check yourself")
    )
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    questions = blocks.ListBlock(QuizQuestionBlock(), label=_("Questions"), min_num=1)
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"),
        required=False,
        help_text=_("Leave empty to use the course's quiz pass mark."),
    )
    max_attempts = blocks.IntegerBlock(
        label=_("Attempts allowed"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Leave empty to allow as many attempts as a learner needs."),
    )
    wait_minutes = blocks.IntegerBlock(
        label=_("Wait between attempts (minutes)"),
        required=False,
        min_value=0,
        max_value=10080,
        help_text=_(
            "Optional: how long a learner waits after an attempt before the next "
            "(at most a week)."
        ),
    )
    feedback = blocks.ChoiceBlock(
        label=_("Feedback"),
        choices=QuizFeedback.choices,
        default=QuizFeedback.ALWAYS,
        help_text=_(
            "Showing which questions were right gives the answers away: to keep "
            "them for a real check, show only the score until a pass."
        ),
    )
    shuffle = blocks.BooleanBlock(
        label=_("Randomise the order of questions and options"),
        required=False,
        help_text=_("Each learner gets a new order for each attempt."),
    )
    competencies = blocks.ListBlock(
        SnippetChooserBlock("courses.Competency"),
        label=_("Competencies checked"),
        required=False,
        default=[],
        help_text=_("Optional: competencies a learner shows by passing this quiz."),
    )

    def clean(self, value):
        value = super().clean(value)
        pass_mark = value.get("pass_mark")
        if pass_mark is not None and not 0 <= pass_mark <= 100:
            raise StructBlockValidationError(
                block_errors={"pass_mark": ValidationError(PASS_MARK_RANGE)}
            )
        return value

    class Meta:
        icon = "list-ul"
        template = "blocks/quiz_block.html"
        label = _("Self-check quiz")
        description = _(
            "Questions with feedback per option; passing completes the lesson."
        )
        preview_value = {
            "title": "Check yourself",
            "questions": [
                {
                    "question": "Where should a diffusion tube be placed?",
                    "kind": "single",
                    "options": [
                        {"text": "At head height, away from walls", "is_correct": True},
                        {"text": "Inside a window", "is_correct": False},
                    ],
                }
            ],
            "pass_mark": 70,
        }


class PracticalActivityBlock(blocks.StructBlock):
    """Practical work (fieldwork, data collection, reflection) that needs evidence."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    kind = blocks.ChoiceBlock(
        label=_("Kind of activity"),
        choices=ActivityKind.choices,
        default=ActivityKind.FIELDWORK,
    )
    instructions = blocks.RichTextBlock(
        label=_("Instructions"), features=["bold", "italic", "ol", "ul", "link"]
    )
    evidence_kinds = blocks.MultipleChoiceBlock(
        label=_("Evidence expected"),
        choices=EvidenceKind.choices,
        default=[EvidenceKind.TEXT],
        help_text=_("What learners hand in for a trainer to review."),
        # Tick boxes, not a multi-select that needs Ctrl-click. The widget is
        # not part of the block's deconstruction: no migration, same values.
        widget=forms.CheckboxSelectMultiple,
    )
    competencies = blocks.ListBlock(
        SnippetChooserBlock("courses.Competency"),
        label=_("Competencies evidenced"),
        default=[],
    )
    max_files = blocks.IntegerBlock(
        label=_("Maximum number of files"),
        required=False,
        default=FILES_DEFAULT,
        min_value=1,
        max_value=FILES_CAP,
        help_text=_(
            "How many files a learner can hand in at once (photos, PDFs, data "
            "files), from 1 to 10: e.g. 6 for three count sheets and their photos. "
            "Learners are told the limit, the file types and sizes accepted."
        ),
    )
    keep_location = blocks.BooleanBlock(
        label=_("Keep where photos were taken"),
        required=False,
        help_text=_(
            "Photos are stored without their metadata (location, camera, time), "
            "which is personal data. Tick this only if the activity collects "
            "georeferenced observations: the location is then kept (the camera "
            "and the rest are still removed), and learners are told before they "
            "upload."
        ),
    )
    estimated_minutes = blocks.IntegerBlock(
        label=_("Estimated time (minutes)"), required=False, min_value=1
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not [c for c in value.get("competencies") or [] if c]:
            errors["competencies"] = ValidationError(ACTIVITY_NEEDS_COMPETENCY)
        if not value.get("evidence_kinds"):
            errors["evidence_kinds"] = ValidationError(ACTIVITY_NEEDS_EVIDENCE_KIND)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "clipboard-list"
        template = "blocks/activity_block.html"
        label = _("Practical activity")
        description = _("Fieldwork, data collection or reflection that needs evidence.")
        preview_value = {
            "title": "Place your first tube",
            "kind": "fieldwork",
            "instructions": "<p>Fix a diffusion tube at a site near your home.</p>",
            "evidence_kinds": ["photo", "text"],
        }


class ReflectionPromptBlock(blocks.StructBlock):
    """A question for learners to think about; not graded."""

    prompt = blocks.CharBlock(label=_("Prompt"), max_length=500)
    guidance = blocks.TextBlock(label=_("Guidance"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/reflection_block.html"
        label = _("Reflection prompt")
        description = _("A question for learners to think about.")
        preview_value = {
            "prompt": "Who benefits from the data you collect?",
            "guidance": "Think about residents, researchers and the council.",
        }


class LessonBodyBlock(BaseContentBlock):
    """Everything a lesson can contain."""

    quiz = QuizBlock()
    activity = PracticalActivityBlock()
    reflection = ReflectionPromptBlock()


class LearningOutcomeBlock(blocks.CharBlock):
    """One learning outcome: what a learner knows, understands or can do at the
    end of the course, as one statement printed on the certificate."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("label", _("Learning outcome"))
        kwargs.setdefault(
            "help_text",
            _(
                'One statement that starts with a verb, e.g. "Place and retrieve '
                'diffusion tubes following the study protocol".'
            ),
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "tick"
        template = "blocks/learning_outcome_block.html"
        description = _("A statement of what a learner can do after the course.")
        preview_value = "Record a site's position and conditions for a data set."


class LearningOutcomesBlock(blocks.StreamBlock):
    """The course's learning outcomes, in the order they are printed."""

    outcome = LearningOutcomeBlock()

    class Meta:
        max_num = 12
