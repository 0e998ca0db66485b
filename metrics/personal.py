"""The personal-details check a story passes before it is saved: pure (text in, findings out).

Each rule finds one kind of detail that could identify a person. A story with any finding is refused, naming
each finding and where it is, until the text is rewritten. The rules lean towards refusing: a false alarm
costs a rewording, a missed name costs a person's privacy. RULES below is the list the README and the Stories
page print, each with an example that is found and one that is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    label: str  # what was found, in words ("a name with a title")
    explain: str
    found: str  # an example the rule finds
    passes: str  # a near-miss it lets through


@dataclass(frozen=True)
class Finding:
    rule: str
    label: str
    text: str  # the matched characters
    start: int  # 0-based offset in the checked text
    end: int
    field: str = "text"

    def where(self) -> str:
        return f"{self.field}, characters {self.start + 1}-{self.end}"

    def describe(self) -> str:
        return f"{self.label} '{self.text}' ({self.where()})"


TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Rev", "Revd", "Reverend", "Sir", "Dame",
          "Lady", "Lord", "Cllr", "Councillor")
STREETS = ("Road", "Rd", "Street", "St", "Lane", "Ln", "Avenue", "Ave", "Close", "Drive", "Dr", "Way", "Crescent",
           "Cres", "Grove", "Court", "Ct", "Place", "Pl", "Terrace", "Gardens", "Gdns", "Walk", "Row", "Square",
           "Mews", "Brow", "Fold", "Green", "Hill", "View", "Rise", "Meadow", "Meadows", "Park", "Parade", "Croft",
           "Bank", "Wynd", "Boulevard")
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

RULES: tuple[Rule, ...] = (
    Rule("title_name", "a name with a title",
         f"A title ({', '.join(TITLES)}; with or without a full stop) followed by a capitalised word. A title "
         "names a person even when it is a company's name too, so 'Dr Foster's report' is refused as well: "
         "write 'the doctor', 'a volunteer' or 'the Foster report' instead.",
         "Mrs Patel came to the hub", "the doctor referred her"),
    Rule("phone", "a phone number",
         "A UK landline or mobile number: 11 digits starting 01, 02 or 07 (10 for a few 01 areas), or the "
         "same after +44 / 0044 (with or without '(0)'); spaces, dots, hyphens and brackets allowed. Organisations' 03, 08 and 09 numbers (helplines "
         "such as 0800 144 8848) are not personal and pass.",
         "ring her on 07700 900123", "the Adviceline, 0800 144 8848"),
    Rule("email", "an e-mail address",
         "Anything shaped like name@domain.tld, including a team's address (the check cannot tell a team from "
         "a person): name the service instead.",
         "wrote to jo.bloggs@example.org", "wrote to the hub by e-mail"),
    Rule("postcode", "a full postcode",
         "A full UK postcode, outward and inward code (PR7 1DP, pr71dp). A postcode district alone (PR7) or a "
         "sector (PR7 1) is an area, not an address, and passes.",
         "lives at PR7 1DP", "families across PR7 and PR6"),
    Rule("birth_date", "a date of birth",
         "'born', 'DOB', 'D.O.B.' or 'date of birth' followed within a few words by a date or a year "
         "(03/04/1950, 3 April 1950, April 1950, 1950).",
         "born 3 April 1950", "born and raised in Chorley"),
    Rule("nhs_number", "an NHS number",
         "Ten digits (as 3-3-4 with spaces or hyphens, or run together) whose last digit is the NHS modulus-11 "
         "check digit of the first nine. Ten digits that fail the check (a reference number) pass.",
         "NHS number 943 476 5919", "reference 943 476 5910"),
    Rule("ni_number", "a National Insurance number",
         "Two letters of HMRC's allowed prefixes, six digits and a suffix A-D, spaces allowed (AB 12 34 56 C).",
         "NI number AB 12 34 56 C", "form AB12 from the council"),
    Rule("address", "a street address",
         "A house or flat number followed by up to three capitalised words ending in a street word ("
         + ", ".join(STREETS[:12]) + " …), or 'Flat'/'Apartment' and a number. A street named without a "
         "number is a place and passes.",
         "she lives at 14 Market Street", "the stall on Market Street"),
)
BY_NAME = {r.name: r for r in RULES}

_TITLE = re.compile(r"(?<![\w'])(?:" + "|".join(TITLES) + r")\.?\s+(?:[A-Z][a-z]*\.?\s+)?[A-Z][A-Za-z'\-]+")
_PHONE = re.compile(r"(?<![\w+])((?:\+|00)44[ .\-]*(?:\(0\)[ .\-]*)?|\(?0)(\d(?:[ .\-()]{0,2}\d){8,9})(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})"
                       r"(?![A-Za-z0-9])", re.IGNORECASE)
_DATE = (r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + MONTHS + r")\.?"
         r"(?:\s+\d{2,4})?|(?:" + MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|(?:" + MONTHS
         + r")\.?\s+\d{4}|(?:19|20)\d{2})")
_BIRTH = re.compile(r"(?<![\w])(?:born\b|d\.?o\.?b\b\.?|date\s+of\s+birth\b)[\s:,\-]*(?:\w+\s+){0,3}?" + _DATE
                    + r"(?![\w])", re.IGNORECASE)
_TEN = re.compile(r"(?<![\d])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?![\d])")
_NI = re.compile(r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                 r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])", re.IGNORECASE)
_ADDRESS = re.compile(r"(?<![\w])(?:(?:Flat|Apartment|Apt)\.?\s+\d{1,4}[A-Za-z]?\b|\d{1,4}[A-Za-z]?,?\s+"
                      r"(?:[A-Z][A-Za-z'\-]+\s+){1,3}?(?:" + "|".join(STREETS) + r")\b\.?)")


def nhs_check_digit(nine: str) -> int | None:
    """The NHS number's check digit for its first nine digits (weights 10..2, 11 - sum mod 11; 11 -> 0;
    10 means no valid number has those nine digits: None)."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return 0 if check == 11 else None if check == 10 else check


def is_nhs_number(digits: str) -> bool:
    digits = re.sub(r"[ \-]", "", digits)
    return len(digits) == 10 and digits.isdigit() and nhs_check_digit(digits[:9]) == int(digits[9])


def _phones(text: str):
    for m in _PHONE.finditer(text):
        rest = re.sub(r"\D", "", m.group(2))
        national = "0" + rest
        if national[1] in "127" and (len(national) == 11 or (national[1] == "1" and len(national) == 10)):
            yield m.start(), m.end()


def _nhs(text: str):
    for m in _TEN.finditer(text):
        if is_nhs_number("".join(m.groups())):
            yield m.start(), m.end()


def _matches(pattern: re.Pattern):
    def find(text: str):
        for m in pattern.finditer(text):
            yield m.start(), m.end()
    return find


FINDERS = {"title_name": _matches(_TITLE), "phone": _phones, "email": _matches(_EMAIL),
           "postcode": _matches(_POSTCODE), "birth_date": _matches(_BIRTH), "nhs_number": _nhs,
           "ni_number": _matches(_NI), "address": _matches(_ADDRESS)}


def check(text: str, *, field: str = "text") -> list[Finding]:
    """Every personal detail the rules find in `text`, in order of where it starts (one finding per span:
    where two rules match overlapping characters, the first rule of RULES names it)."""
    text = str(text or "")
    found: list[Finding] = []
    for rule in RULES:
        for start, end in FINDERS[rule.name](text):
            if any(start < f.end and f.start < end for f in found):
                continue
            found.append(Finding(rule.name, rule.label, text[start:end].strip(), start, end, field))
    return sorted(found, key=lambda f: f.start)


def refusal(findings: list[Finding]) -> str:
    """The message a refused story gets: each finding and where it is, and what to do."""
    listed = "; ".join(f.describe() for f in findings)
    return f"This story has personal details. Remove {listed}, then save."
