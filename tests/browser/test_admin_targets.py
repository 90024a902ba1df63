"""WCAG 2.2 SC 2.5.8 (target size, minimum) in the admin on a phone: the
breadcrumb links on snippet listings are at least 24 px tall, or 24 px apart."""

import pytest

from tests.browser.conftest import sign_in

LISTINGS = [
    "/admin/snippets/courses/competencydomain/",
    "/admin/snippets/courses/competency/",
    "/admin/snippets/courses/partnerorganisation/",
]


@pytest.mark.browser
def test_admin_breadcrumb_links_are_big_enough_on_a_phone(academy, browser):
    base = academy["url"]
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(page, base, "trainer@academy.example")
    small = []
    for path in LISTINGS:
        page.goto(base + path)
        assert page.locator("main").count() == 1, path
        toggle = page.locator("[data-w-breadcrumbs-target='toggle']")
        if toggle.count() and toggle.first.is_visible():
            toggle.first.click()  # collapsed on a phone: open them
            page.wait_for_timeout(400)
        boxes = [
            box
            for link in page.locator(".w-breadcrumbs nav a").all()
            if link.is_visible() and (box := link.bounding_box())
        ]
        assert boxes, path
        for box in boxes:
            if box["height"] < 24:
                small.append((path, box))
    assert small == []
