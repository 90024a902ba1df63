"""Path converters: database ids limited to what every database can store."""


class IdConverter:
    """A positive id of at most 18 digits (fits a 64-bit integer column)."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
