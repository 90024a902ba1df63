"""Text for spreadsheets: cells a spreadsheet program would run as a formula.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return, which some programs skip before looking) is read as a formula by Excel,
LibreOffice and Google Sheets: text a learner or trainer typed could run there
(CSV injection). Such text gets a leading apostrophe, which spreadsheets show
as text and do not print.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cells: list) -> list:
    """``cells`` with every text that would start a formula defused; numbers,
    dates and None are left as they are."""
    return [f"'{cell}" if _formula_like(cell) else cell for cell in cells]


def _formula_like(cell) -> bool:
    return isinstance(cell, str) and cell.startswith(FORMULA_STARTS)
