"""The certificate PDF holds its layout at the limits, in every interface language,
and sealing keeps it PDF/UA.

The limits: the longest printed name a profile allows (150 characters), eight
competency domains of six competencies each, three signatories, long course,
partner and issuer names. The renderer may continue on a second page, but no
two words may be printed over each other and nothing may leave the page.
"""

import html
import io
import re
import subprocess
from itertools import combinations

import pytest
from pdfua import Severity, validate
from pypdf import PdfReader

from certificates.rendering import CertificateDocument, render_pdf
from certificates.sealing import seal_pdf

pytestmark = pytest.mark.pdf

LANGUAGES = ["en", "fr", "lt", "el"]
NAME = (
    "Maximiliana-Wilhelmina Žemaitytė-Παπαδοπούλου de la Fontaine-Østergård "
    "Konstantinopoulou Ąžuolaitė-Brzęczyszczykiewicz van der Westhuizen-Łukasiewiczz"
)
assert len(NAME) == 150


def _snapshot(language: str) -> dict:
    return {
        "name": NAME,
        "course": {
            "title": "Community monitoring of urban air quality, river water and "
            "biodiversity: methods, ethics and communication for volunteers",
            "url": "https://academy.example.org/courses/air/",
        },
        "competencies": [
            {
                "domain": f"Domain {d}: coding, analysing and visualising data",
                "items": [
                    {
                        "code": f"D{d}-C{c}",
                        "name": "Plan and document a reproducible fieldwork "
                        f"protocol with informed consent, item {c}",
                    }
                    for c in range(1, 7)
                ],
            }
            for d in range(1, 9)
        ],
        "hours": "120",
        "cohort": "Autumn 2026 evening cohort at the municipal library",
        "partner": "Association of Friends of the Urban Rivers and Green Spaces",
        "issued_on": "2026-10-01",
        "issued_on_display": "1 October 2026",
        "expires_on": "2029-10-01",
        "expires_on_display": "1 October 2029",
        "issuer": {
            "name": "Citizen Science Academy of the University of Examples",
            "url": "https://academy.example.org/about/",
        },
        "academy": {
            "name": "Citizen Science Academy of the University of Examples",
            "primary_colour": "#1d4e89",
            "accent_colour": "#2e7d4f",
        },
        "signatories": [
            {
                "name": f"Signatory {n} Alexandrina Kazlauskienė-Georgiou",
                "role": "Director of Studies and Chair of the Certification Board",
            }
            for n in range(1, 4)
        ],
        "language": language,
    }


def _document(language: str) -> CertificateDocument:
    return CertificateDocument(
        snapshot=_snapshot(language),
        code_display="ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23",
        verify_url="https://academy.example.org/verify/ABCDEFGHJKMNPQRSTVWXYZ0123/",
        language=language,
    )


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
    r"(.*?)</word>"
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def _pages(pdf: bytes, tmp_path) -> list[tuple[float, float, list]]:
    path = tmp_path / "layout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for width, height, body in PAGE.findall(out):
        words = [
            (float(x0), float(y0), float(x1), float(y1), html.unescape(text))
            for x0, y0, x1, y1, text in WORD.findall(body)
        ]
        pages.append((float(width), float(height), words))
    return pages


def _overlaps(words, tolerance=0.75):
    """Pairs of words whose glyphs share more than a sliver.

    A word's box runs from the font's ascent to its descent, which can be
    taller than the line height (pdftotext reports the font's metrics, and
    they differ with the font subsetter); so only the middle 60 % of each box
    height, where the letters are, must not meet another word's.
    """

    def core(word):
        x0, y0, x1, y1, _text = word
        pad = (y1 - y0) * 0.2
        return x0, y0 + pad, x1, y1 - pad

    found = []
    for a, b in combinations(words, 2):
        ax0, ay0, ax1, ay1 = core(a)
        bx0, by0, bx1, by1 = core(b)
        dx = min(ax1, bx1) - max(ax0, bx0)
        dy = min(ay1, by1) - max(ay0, by0)
        if dx > tolerance and dy > tolerance:
            found.append((a[4], b[4]))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_longest_certificate_does_not_overprint(language, tmp_path):
    pages = _pages(render_pdf(_document(language)), tmp_path)
    assert 1 <= len(pages) <= 2
    text = " ".join(word[4] for _w, _h, words in pages for word in words)
    for width, height, words in pages:
        assert _overlaps(words) == []
        for x0, y0, x1, y1, word in words:
            assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, word
    # Everything is printed: the whole name, 48 competencies, three signatories.
    assert "".join(NAME.split()) in "".join(text.split())  # lines break anywhere
    codes = {w[4] for _w, _h, words in pages for w in words if w[4].startswith("D")}
    assert {f"D{d}-C{c}" for d in range(1, 9) for c in range(1, 7)} <= codes
    assert all(f"Signatory {n}" in text for n in (1, 2, 3))
    assert "Kazlauskienė-Georgiou" in text
    assert "https://academy.example.org/about/" in text


def _pdfua_essentials(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title
    xmp = reader.xmp_metadata.stream.get_data()
    assert b"pdfuaid:part" in xmp
    header = re.match(rb"%PDF-(\d\.\d)", data).group(1).decode()
    if "/Version" in root:  # a catalog version overrides the header's
        assert str(root["/Version"]).lstrip("/") == header
    else:
        assert header == reader.pdf_header.removeprefix("%PDF-")


def test_sealing_keeps_the_pdf_version_and_pdf_ua(tmp_path):
    rendered = render_pdf(_document("el"))
    sealed = seal_pdf(rendered)
    assert sealed.startswith(rendered[:8])  # same header: the same PDF version
    for data, name in ((rendered, "rendered"), (sealed, "sealed")):
        _pdfua_essentials(data)
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        report = validate(str(path))
        problems = [
            (f.rule_id, f.message)
            for f in report.findings
            if f.severity >= Severity.WARNING
        ]
        assert problems == [], name
        assert report.exit_code == 0, name
