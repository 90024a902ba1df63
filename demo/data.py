"""The demo academy's content: YAML files in ``demo/content/``, read once."""

from functools import cache
from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parent / "content"


@cache
def read(name: str):
    """One content file of ``demo/content/``, parsed."""
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


def academy() -> dict:
    """Settings, framework additions, partners, people and cohorts."""
    return read("academy.yaml")


def courses() -> list[dict]:
    """The demo courses, in catalogue order."""
    return [read(f"courses/{slug}.yaml") for slug in academy()["courses"]]


def french() -> dict:
    """French text: ``domains``, ``competencies``, ``text`` and ``html`` pairs."""
    return read("french.yaml")


def file_bytes(name: str) -> bytes:
    """A downloadable resource from ``demo/content/files/``."""
    return (CONTENT / "files" / name).read_bytes()
