"""English as European academies write it: British dates ("4 Dec 2026",
04/12/2026, weeks from Monday), not American ones ("Dec. 4, 2026")."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
