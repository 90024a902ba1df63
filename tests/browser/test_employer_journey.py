"""An employer checks certificates: by QR code, by typed code and by PDF upload."""

import io
import json
import subprocess

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText

from tests.browser.conftest import sign_in

PHONE = {"width": 360, "height": 740}

REVOKED_SETUP = """
import json
from courses.models import Cohort
from certificates.services import certificate_issue, certificate_revoke
cohort = Cohort.objects.get(name="City libraries cohort")
trainer = cohort.trainers.first()
jonas = cohort.enrolments.get(learner__email="jonas@example.org").learner
certificate = certificate_issue(
    learner=jonas, course=cohort.course, by=trainer,
    reason="Completed the course at a partner library.",
)
certificate_revoke(
    certificate=certificate, by=trainer, reason="Issued to the wrong person."
)
print(json.dumps({"code": certificate.code}))
"""


def qr_url(pdf: bytes, folder) -> str:
    """Render the first page as an employer's scanner would see it; decode the QR."""
    (folder / "certificate.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
         str(folder / "certificate.pdf"), str(folder / "page")],
        check=True,
    )  # fmt: skip
    (result,) = zxingcpp.read_barcodes(Image.open(folder / "page.png"))
    return result.text


def altered(pdf: bytes) -> bytes:
    """The PDF with a line added to the page, as a forger would."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_annotation(
        page_number=0,
        annotation=FreeText(text="Grade: distinction", rect=(50, 50, 250, 80)),
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.browser
def test_employer_checks_certificates(academy, browser, checks, tmp_path):
    base = academy["url"]
    # The learner hands over her certificate PDF.
    learner = browser.new_context(accept_downloads=True).new_page()
    sign_in(learner, base, "eleni@example.org")
    learner.goto(f"{base}/learn/")
    with learner.expect_download() as download:
        learner.get_by_role("link", name="Download PDF").first.click()
    pdf = download.value.path().read_bytes()
    learner.context.close()
    printed = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    employer = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
    # Scan the QR code and open its address: valid, with the printed claims.
    url = qr_url(pdf, tmp_path)
    assert url == f"{base}/verify/{academy['certificate']}/"
    employer.goto(url)
    verdict = employer.locator(".verdict")
    expect(verdict).to_contain_text("Valid")
    claims = employer.locator(".claims").first  # then the micro-credential elements
    for claim in ["Community Health and Inequality Study", "20", "North district"]:
        expect(claims).to_contain_text(claim)
        assert claim in printed.replace("\n", " ")
    expect(employer.locator("main")).to_contain_text("Conduct a respectful")
    elements = employer.get_by_label("European micro-credential")
    for element in ["ΕΠΠ 4", "ECTS"]:  # as printed, in the holder's language
        expect(elements).to_contain_text(element)
        assert element in printed.replace("\n", " ")  # page 2 of the PDF
    checks(employer, "employer-01-valid")

    # Type a code with spaces and in lower case.
    code = academy["certificate"]
    typed = " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()
    employer.goto(f"{base}/verify/")
    checks(employer, "employer-02-verify-form")
    employer.get_by_label("Certificate code").fill(f"  {typed} ")
    employer.get_by_role("button", name="Check", exact=True).click()
    expect(employer.locator(".verdict")).to_contain_text("Valid")
    assert employer.url == url

    # A certificate the academy has revoked says so, with the reason.
    revoked = json.loads(
        academy["manage"]("shell", "--no-imports", "-c", REVOKED_SETUP)
        .strip()
        .splitlines()[-1]
    )["code"]
    employer.goto(f"{base}/verify/")
    employer.get_by_label("Certificate code").fill(revoked.lower())
    employer.get_by_role("button", name="Check", exact=True).click()
    expect(employer.locator(".verdict")).to_contain_text("Revoked")
    expect(employer.locator(".verdict")).to_contain_text("Issued to the wrong person.")
    checks(employer, "employer-03-revoked")

    # The genuine PDF passes the upload check; an altered one is rejected.
    (tmp_path / "genuine.pdf").write_bytes(pdf)
    (tmp_path / "altered.pdf").write_bytes(altered(pdf))
    for name, verdict_text in [
        ("genuine.pdf", "This is the file the academy issued"),
        ("altered.pdf", "Altered"),
    ]:
        employer.goto(f"{base}/verify/")
        employer.get_by_label("Certificate PDF").set_input_files(str(tmp_path / name))
        employer.get_by_role("button", name="Check the PDF").click()
        expect(employer.locator(".verdict")).to_contain_text(verdict_text)
        checks(employer, f"employer-04-{name.removesuffix('.pdf')}-pdf")
    expect(employer.locator(".verdict")).to_contain_text("changed since it was sealed")

    # A group of applicants at once: the valid and the revoked one, an unknown
    # code and a typing mistake, on a phone; then the same as CSV.
    employer.goto(f"{base}/verify/")
    employer.get_by_role("link", name="Check many codes at once").click()
    employer.get_by_label("Certificate codes").fill(
        f"{typed}\n{revoked}\n{'0' * 26}\nnot a code"
    )
    employer.get_by_role("button", name="Check the codes").click()
    rows = employer.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Valid")
    expect(rows.nth(1)).to_contain_text("Revoked")
    expect(rows.nth(2)).to_contain_text("No certificate has this code")
    expect(rows.nth(3)).to_contain_text("Not a certificate code")
    checks(employer, "employer-05-many")
    with employer.expect_download() as download:
        employer.get_by_role("button", name="Download the results (CSV)").click()
    table = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[2] for line in table[1:]] == [
        "valid",
        "revoked",
        "unknown",
        "malformed",
    ]
    employer.context.close()
    assert checks.problems == []
