"""Badge images: one per course, the credential's ``image``, and baked badges
(PNG and SVG carrying the signed credential) that a verifier reads back."""

import io
import json
from xml.etree import ElementTree

import pytest
from cryptography.hazmat.primitives import serialization
from openbadgeslib import baking
from openbadgeslib.ob3.ldp import verify_data_integrity_proof
from PIL import Image

from certificates import openbadges
from certificates.badges import BadgeDesign, badge_png, badge_svg
from certificates.services import certificate_withdraw_for_erasure

pytestmark = pytest.mark.django_db


def _public_pem() -> bytes:
    return (
        openbadges.issuer_key()
        .public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
    )


def _verified(document: dict) -> None:
    verify_data_integrity_proof(  # raises if invalid
        document, _public_pem(), extra_contexts=openbadges.published_contexts()
    )
    assert openbadges.verify_with_issuer_keys(document)


def test_every_credential_has_a_badge_image_that_resolves(complete_course, client):
    certificate = complete_course()
    certificate.refresh_from_db()
    credential = certificate.open_badge
    image = credential["image"]
    assert image["type"] == "Image" and image["caption"] == "River watch"
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["image"] == image
    _verified(credential)  # the image is part of what is signed
    path = image["id"].split("://", 1)[1].split("/", 1)[1]
    response = client.get(f"/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    png = Image.open(io.BytesIO(response.content))
    assert png.format == "PNG" and png.size == (512, 512)
    svg = client.get(f"/{path[: -len('png')]}svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in svg["Content-Security-Policy"]
    root = ElementTree.fromstring(svg.content)  # noqa: S314 - our own SVG
    title = root.find("{http://www.w3.org/2000/svg}title").text
    assert title.startswith("River watch")


def test_unknown_achievements_and_formats_answer_404(client, course_tree):
    key = course_tree["course"].translation_key
    assert client.get(f"/openbadges/achievements/{key}/image.gif").status_code == 404
    unknown = "/openbadges/achievements/00000000-0000-4000-8000-000000000000/image.png"
    assert client.get(unknown).status_code == 404


def test_the_baked_png_carries_the_signed_credential(complete_course, client):
    certificate = complete_course()
    certificate.refresh_from_db()
    response = client.get(f"/openbadges/credentials/{certificate.code}/badge.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    Image.open(io.BytesIO(response.content)).verify()  # still a valid PNG
    text = baking.extract_png(response.content, keyword=baking.ITXT_KEYWORD_OB3)
    document = json.loads(text)
    assert document == certificate.open_badge
    _verified(document)


def test_the_baked_svg_carries_the_signed_credential(complete_course, client):
    certificate = complete_course()
    certificate.refresh_from_db()
    response = client.get(f"/openbadges/credentials/{certificate.code}/badge.svg")
    assert response.status_code == 200
    text = baking.extract_svg(
        response.content, element=baking.SVG_ELEMENT_OB3, text_fallback=True
    )
    document = json.loads(text)
    assert document == certificate.open_badge
    _verified(document)


def test_no_badge_for_an_unknown_or_withdrawn_credential(
    complete_course, client, learner
):
    assert client.get("/openbadges/credentials/NOPE/badge.png").status_code == 404
    certificate = complete_course()
    certificate_withdraw_for_erasure(learner=learner)
    response = client.get(f"/openbadges/credentials/{certificate.code}/badge.png")
    assert response.status_code == 404


def test_the_holder_finds_the_badges_on_their_dashboard(
    complete_course, client, learner
):
    certificate = complete_course()
    client.force_login(learner)
    page = client.get("/learn/").content.decode()
    assert f"/openbadges/credentials/{certificate.code}/badge.png" in page
    assert f"/openbadges/credentials/{certificate.code}/badge.svg" in page


@pytest.mark.parametrize(
    "title",
    [
        "Παρακολούθηση ποιότητας αέρα στη γειτονιά",
        "Oro kokybės stebėjimas kaimynystėje",
        "Наблюдение за качеством воздуха",
    ],
)
def test_badges_are_drawn_in_every_script(title):
    design = BadgeDesign(
        title=title,
        academy="Citizen Science Academy",
        primary="#1d4e89",
        accent="#2e7d4f",
        domains=("Research methods", "Fieldwork", "Data"),
    )
    png = Image.open(io.BytesIO(badge_png(design)))
    assert png.size == (512, 512)
    assert png.getpixel((256, 20))[:3] != (255, 255, 255)  # the coloured ring
    assert title.split()[0] in badge_svg(design).decode()
