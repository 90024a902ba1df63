"""The learner journey with the keyboard only: Tab, Shift+Tab, arrows, Space and
Enter. Every element that takes focus must show it."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, screenshot

FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  return {
    tag: e.tagName,
    text: (e.innerText || e.value || e.getAttribute("aria-label") || "").trim(),
    label: label.trim(),
    visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
    described: e.tagName + " " + (e.id || "") + " " + (e.innerText || "").slice(0, 40),
  };
}"""


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.unseen_focus = []

    def tab_to(self, name, *, backwards=False, limit=120):
        """Press Tab until the focused element's text or label starts with name."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            focused = self.page.evaluate(FOCUSED)
            if focused["tag"] != "BODY" and not focused["visible"]:
                self.unseen_focus.append(focused["described"])
            if focused["text"].startswith(name) or focused["label"].startswith(name):
                return focused
        raise AssertionError(f"{name!r} cannot be reached with the Tab key")

    def activate(self, name):
        """Tab to a link or button and press Enter; it opens a new page."""
        self.tab_to(name)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def type_into(self, label, text):
        self.tab_to(label)
        self.page.keyboard.type(text)


@pytest.mark.browser
def test_learner_journey_with_the_keyboard_only(academy, browser, tmp_path):
    base = academy["url"]
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    keys = Keyboard(page)

    # The first Tab reaches the skip link, which moves focus to the content.
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Skip to main content"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    # Sign in.
    keys.activate("Sign in")
    keys.type_into("Email", "eleni@example.org")
    keys.type_into("Password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("My learning")

    # Catalogue, course, enrol.
    keys.activate("Courses")
    keys.activate("Urban Biodiversity Survey")
    expect(page.locator("h1")).to_have_text("Urban Biodiversity Survey")
    keys.activate("Enrol in Museum cohort")
    expect(page.locator("#cohorts")).to_contain_text(
        "You are enrolled in Museum cohort."
    )

    # Read the first lesson and mark it complete; that opens the next one.
    keys.activate("Introduction to urban ecology")
    keys.activate("Why cities matter for wildlife")
    keys.activate("Mark as complete")
    expect(page.locator("h1")).to_have_text("Meet the pollinators")

    # The quiz: a wrong answer first, then the right ones, with arrows and Space.
    keys.tab_to("A hoverfly")
    page.keyboard.press("ArrowDown")  # a radio group: arrows move the choice
    assert page.evaluate(FOCUSED)["label"] == "A solitary bee"
    keys.tab_to("Bumblebees")
    page.keyboard.press("Space")
    keys.activate("Check my answers")
    expect(page.locator("section.quiz [role=status]")).to_contain_text("Not yet passed")
    keys.tab_to("A solitary bee")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED)["label"] == "A hoverfly"
    for option in ("Hoverflies", "Butterflies and moths"):
        keys.tab_to(option)
        page.keyboard.press("Space")
    keys.activate("Check my answers")
    expect(page.locator("section.quiz [role=status]")).to_contain_text("Well done")

    # Hand in evidence with a photo, choosing the file from the keyboard.
    photo = tmp_path / "flowers.png"

    Image.new("RGB", (320, 240), (200, 180, 40)).save(photo)
    keys.activate("Urban Biodiversity Survey")  # the breadcrumb back to the course
    keys.activate("Survey methods")
    keys.activate("Ten-minute flower counts")
    expect(page.locator("h1")).to_have_text("Ten-minute flower counts")
    keys.type_into("Your answer", "Three counts on the verge by the museum.")
    keys.tab_to("File")
    # The file input is reached and named from the keyboard; the file dialog
    # it opens belongs to the operating system, so the test fills it directly.
    page.locator(":focus").set_input_files(str(photo))
    keys.activate("Submit evidence")
    expect(page.locator("section.activity .status")).to_have_text("Waiting for review")
    screenshot(page, "keyboard-evidence")

    # Back to the dashboard: the course is there, with the work waiting.
    keys.activate("My learning")
    expect(page.locator("main")).to_contain_text("Urban Biodiversity Survey")
    expect(page.locator("main")).to_contain_text("Ten-minute flower counts")
    assert keys.unseen_focus == []
