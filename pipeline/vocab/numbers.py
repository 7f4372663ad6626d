"""Dutch vocabulary for the number extractors: months, quarters, qualifier words, units.

Data only; the matchers in `pipeline.extract` compile it into regular expressions.
Every entry is lower case; the matchers match case-insensitively.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

# Abbreviations count only directly after a day number ("1 apr. 2026"), never alone.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "febr": 2,
    "mrt": 3,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}

WEEKDAYS: tuple[str, ...] = (
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)

QUARTER_ORDINALS: dict[str, int] = {
    "eerste": 1,
    "1e": 1,
    "1ste": 1,
    "tweede": 2,
    "2e": 2,
    "2de": 2,
    "derde": 3,
    "3e": 3,
    "3de": 3,
    "vierde": 4,
    "4e": 4,
    "4de": 4,
    "laatste": 4,
}

# Words that make a month or year vague (ANNOTATION.md: "eind 2023", "medio juli" are no dates).
VAGUE_PERIOD_WORDS: tuple[str, ...] = (
    "medio",
    "eind",
    "einde",
    "begin",
    "begin van",
    "half",
    "halverwege",
    "midden",
    "rond",
    "omstreeks",
)

# Prepositions that let a month name without day or year count as a date ("uiterlijk in oktober").
MONTH_ONLY_GOVERNORS: tuple[str, ...] = (
    "in",
    "vanaf",
    "per",
    "sinds",
    "tot",
    "uiterlijk",
    "vóór",
    "voor",
    "na",
    "van",
    "t/m",
    "tot en met",
)

# Governing words before a date, by qualifier (ANNOTATION.md "qualifier").
# Longer phrases are tried first, so "tot en met" wins over "tot".
DEADLINE_WORDS: tuple[str, ...] = (
    "uiterlijk",
    "uiterlijk op",
    "uiterlijk voor",
    "uiterlijk vóór",
    "tot uiterlijk",
    "vóór",
    "voor",
    "voor of uiterlijk",
    "deadline",
    "deadline van",
    "uiterste datum",
    "uiterste ingangsdatum",
    "uiterste inleverdatum",
    "tot",
    "niet later dan",
    "ten laatste",
    "uiterlijk in",
)
START_WORDS: tuple[str, ...] = (
    "vanaf",
    "per",
    "met ingang van",
    "ingaande",
    "gerekend vanaf",
    "startdatum",
    "ingangsdatum",
    "m.i.v.",
    "ingegaan per",
    "start op",
    "start per",
)
MENTION_WORDS: tuple[str, ...] = ("na", "op", "in", "sinds")
UNTIL_WORDS: tuple[str, ...] = ("t/m", "tot en met")

# Deadline words that follow the date ("1 januari 2027 als uiterste ingangsdatum", "1 november Deadline").
DEADLINE_AFTER_WORDS: tuple[str, ...] = ("als uiterste", "deadline", "als deadline", "uiterste datum")

# `tot`/`t/m` without a range start bounds validity (end) when the clause is about a running period.
VALIDITY_WORDS: tuple[str, ...] = (
    "overeenkomst",
    "contract",
    "looptijd",
    "loopt",
    "geldig",
    "geldt",
    "bijgewerkt",
    "periode",
    "einddatum",
    "duur",
    "verlengd",
    "van kracht",
)

# A policy opens its contracting round when it is published: by 1 April of the year before the
# contract year (the NZa's latest date for health insurers; zorgkantoren publish later). A
# yearless date earlier in the calendar than this month is read in the contract year itself
# ("uiterlijk 1 februari" in a policy for 2024 is 1 February 2024). A policy published early,
# in February, that names a yearless date in March of that same year is read wrongly.
ROUND_OPENS_MONTH = 4

# Recurring yearly dates ("30 oktober van het betreffende jaar").
RECURRING_MARKERS: tuple[str, ...] = (
    "van ieder jaar",
    "van elk jaar",
    "van ieder kalenderjaar",
    "van elk kalenderjaar",
    "van een kalenderjaar",
    "van het betreffende jaar",
    "van het lopende jaar",
    "van het jaar",
    "van enig jaar",
    "ieder jaar",
    "elk jaar",
    "jaarlijks",
)
PREVIOUS_YEAR_MARKERS: tuple[str, ...] = (
    "van het voorgaande jaar",
    "van het vorige jaar",
    "voorafgaand aan het",
)

# Words that mark a yearless date as the old value of a change, last round's date
# (`Oud: uiterlijk 1 juni Nieuw: uiterlijk 15 juni`, `voorheen 1 juli`).
OLD_VALUE_LABELS: tuple[str, ...] = ("oud", "voorheen", "vorig jaar")

# Table column headers that give every date in the column a qualifier (ANNOTATION.md Clarifications).
COLUMN_HEADER_QUALIFIERS: dict[str, str] = {
    "uiterste datum": "deadline",
    "deadline": "deadline",
    "uiterlijk": "deadline",
    "startdatum": "start",
    "vanaf": "start",
    "ingangsdatum": "start",
    "einddatum": "end",
}

# --- money -------------------------------------------------------------------------------
MAGNITUDES: dict[str, float] = {
    "duizend": 1e3,
    "dzd": 1e3,
    "k": 1e3,
    "mln": 1e6,
    "mln.": 1e6,
    "miljoen": 1e6,
    "mio": 1e6,
    "mld": 1e9,
    "mld.": 1e9,
    "miljard": 1e9,
    "mrd": 1e9,
}
# Nouns that make a bare "40 miljoen" a sum of money (ANNOTATION.md: "40 miljoen in a money context").
MONEY_CONTEXT_WORDS: tuple[str, ...] = (
    "bedrag",
    "budget",
    "bedragen",
    "kosten",
    "omzet",
    "tarief",
    "tarieven",
    "investering",
    "vergoeding",
    "plafond",
    "subsidie",
    "begroting",
    "middelen",
    "besparing",
    "uitgaven",
    "euro",
    "geld",
    "financiering",
)
MIN_BOUND_WORDS: tuple[str, ...] = (
    "tenminste",
    "ten minste",
    "minimaal",
    "minstens",
    "vanaf",
    "meer dan",
    "ruim",
    "boven",
    "groter dan",
    ">",
    "≥",
)
MAX_BOUND_WORDS: tuple[str, ...] = (
    "maximaal",
    "ten hoogste",
    "hoogstens",
    "maximum",
    "niet meer dan",
    "minder dan",
    "tot maximaal",
    "onder",
    "kleiner dan",
    "<",
    "≤",
    "max.",
)
PER_UNIT_NOUNS: tuple[str, ...] = (
    "consult",
    "verrichting",
    "patiënt",
    "patient",
    "cliënt",
    "client",
    "verzekerde",
    "inwoner",
    "uur",
    "dag",
    "week",
    "maand",
    "jaar",
    "behandeling",
    "traject",
    "prestatie",
    "declaratie",
    "fte",
    "bed",
    "minuut",
    "kwartaal",
    "zorgdag",
    "etmaal",
    "verblijfsdag",
    "stuk",
    "deelnemer",
    "ingeschrevene",
    "praktijk",
)

# --- percentages -------------------------------------------------------------------------
PERCENT_WORDS: tuple[str, ...] = ("procent", "procentpunt", "procentpunten", "percent", "procentpoint")

# --- relative deadlines ------------------------------------------------------------------
NUMBER_WORDS: dict[str, int] = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "veertien": 14,
    "dertig": 30,
}
TIME_UNITS: dict[str, str] = {
    "dag": "dag",
    "dagen": "dag",
    "kalenderdag": "dag",
    "kalenderdagen": "dag",
    "werkdag": "werkdag",
    "werkdagen": "werkdag",
    "week": "week",
    "weken": "week",
    "maand": "maand",
    "maanden": "maand",
    "jaar": "jaar",
    "jaren": "jaar",
    "uur": "uur",
    "uren": "uur",
    "minuut": "minuut",
    "minuten": "minuut",
}
RELATIVE_AFTER_WORDS: tuple[str, ...] = (
    "na",
    "nadat",
    "volgend op",
    "te rekenen vanaf",
    "gerekend vanaf",
    "vanaf",
)
RELATIVE_BEFORE_WORDS: tuple[str, ...] = ("voor", "vóór", "voordat", "voorafgaand aan", "voorafgaande aan")
RELATIVE_WITHIN_WORDS: tuple[str, ...] = (
    "binnen",
    "uiterlijk",
    "maximaal",
    "ten hoogste",
    "binnen uiterlijk",
)
