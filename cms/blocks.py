"""StreamField blocks shared by every page type.

Learning blocks that refer to the competency framework (quizzes, practical
activities, reflection prompts) live in ``courses/blocks.py``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "blockquote",
]

ALT_TEXT_REQUIRED = _(
    "Describe the image for people who cannot see it, or tick “decorative” if it "
    "adds nothing to the text."
)
TRANSCRIPT_REQUIRED = _(
    "Add a transcript so that learners who cannot hear or play the video get the "
    "same content."
)


class TextBlock(blocks.RichTextBlock):
    """Formatted text: paragraphs, sub-headings, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/text_block.html"
        label = _("Text")
        description = _("Paragraphs, sub-headings, lists and links.")
        preview_value = (
            "<h2>Why we measure</h2><p>Citizen scientists collect data that "
            "researchers could never gather alone.</p>"
        )


class ImageBlock(blocks.StructBlock):
    """An image with required alternative text and an optional caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for screen reader users."),
    )
    decorative = blocks.BooleanBlock(
        label=_("Decorative only"),
        required=False,
        help_text=_("Tick only if the image adds no information to the text."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError(ALT_TEXT_REQUIRED)}
            )
        return value

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("A photo, diagram or map, with alternative text.")
        preview_value = {"alt_text": "", "caption": "A diffusion tube on a lamp post"}


class VideoBlock(blocks.StructBlock):
    """A video from an oEmbed provider, always with a transcript."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video = EmbedBlock(
        label=_("Video URL"),
        help_text=_("A YouTube, Vimeo or PeerTube address."),
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=["bold", "italic", "ol", "ul"],
        required=False,
    )

    def clean(self, value):
        value = super().clean(value)
        transcript = value.get("transcript")
        if not transcript or not transcript.source.strip():
            raise StructBlockValidationError(
                block_errors={"transcript": ValidationError(TRANSCRIPT_REQUIRED)}
            )
        return value

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")
        description = _("An embedded video with its transcript.")
        preview_value = {
            "title": "How to place a diffusion tube",
            "transcript": "<p>In this video we show where to fix the tube.</p>",
        }


class DocumentBlock(blocks.StructBlock):
    """A downloadable resource such as a field sheet or a data template."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Download")
        description = _("A file learners can download, e.g. a field recording sheet.")
        preview_value = {
            "title": "Field recording sheet",
            "description": "Print this and take it with you.",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, important information or a safety warning."""

    KIND_CHOICES = [
        ("info", _("Information")),
        ("tip", _("Tip")),
        ("warning", _("Warning")),
        ("safety", _("Safety")),
    ]
    kind = blocks.ChoiceBlock(choices=KIND_CHOICES, default="info", label=_("Kind"))
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    body = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "ol", "ul", "link"]
    )

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Callout")
        description = _("A highlighted tip, note or safety warning.")
        preview_value = {
            "kind": "safety",
            "title": "Stay safe near traffic",
            "body": "<p>Never stand in the road to reach a lamp post.</p>",
        }


class BaseContentBlock(blocks.StreamBlock):
    """Blocks available on every content page."""

    text = TextBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
