"""The arrows between the parts point one way (docs/architecture.md).

Every module of every app is parsed (imports inside functions count too) and
each import of another part of the project must be one its part may use.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# part -> the parts it may import. Everything else (Django, Wagtail, DRF, the
# standard library) is free to use.
ALLOWED = {
    "common": set(),
    "accounts": {"common"},
    "cms": {"common", "accounts"},
    "courses": {"common", "accounts", "cms"},
    "certificates": {"common", "accounts", "cms", "courses"},
    "demo": {"common", "accounts", "cms", "courses", "certificates"},
    "academy": {"common", "accounts", "cms", "courses", "certificates"},
}


def imported_parts(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their own package
        found.update((name.split(".")[0], node.lineno) for name in names)
    return {(part, line) for part, line in found if part in ALLOWED}


def modules():
    for part in ALLOWED:
        yield from sorted((ROOT / part).rglob("*.py"))


def test_imports_follow_the_arrows():
    checked, wrong = 0, []
    for part in ALLOWED:
        assert (ROOT / part / "__init__.py").exists(), part
        for path in sorted((ROOT / part).rglob("*.py")):
            checked += 1
            wrong += [
                f"{path.relative_to(ROOT)}:{line}: {part} imports {other}"
                for other, line in sorted(imported_parts(path))
                if other != part and other not in ALLOWED[part]
            ]
    assert checked > 100
    assert not wrong, "Against docs/architecture.md:\n" + "\n".join(wrong)


def test_the_check_catches_a_wrong_arrow(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "from courses.models import CoursePage\n"
        "def f():\n    import academy.settings\n    from . import x\n"
    )
    assert imported_parts(module) == {("courses", 1), ("academy", 3)}
