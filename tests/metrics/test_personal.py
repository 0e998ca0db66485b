"""The personal-details check (metrics.personal) on a table of examples: what each rule finds (and exactly which
characters), and the near-misses it must let through; the NHS check digit against hand calculations."""

from __future__ import annotations

import pytest

from metrics.personal import RULES, check, is_nhs_number, nhs_check_digit, refusal

# (text, rule that must find it, the characters found)
FOUND = [
    ("Mrs Patel came to the hub", "title_name", "Mrs Patel"),
    ("we spoke to Mr J. Smith on Tuesday", "title_name", "Mr J. Smith"),
    ("Dr. Jones referred him", "title_name", "Dr. Jones"),
    ("Rev Ann Hughes opened the pantry", "title_name", "Rev Ann Hughes"),
    ("Dr Foster's report", "title_name", "Dr Foster's"),  # decided: a title and a name, refused (README)
    ("Cllr Wilson visited", "title_name", "Cllr Wilson"),
    ("ring her on 07700 900123", "phone", "07700 900123"),
    ("mobile 07700900123.", "phone", "07700900123"),
    ("call +44 7700 900123", "phone", "+44 7700 900123"),
    ("call +44 (0)1257 515151 today", "phone", "+44 (0)1257 515151"),
    ("(01257) 515151", "phone", "(01257) 515151"),
    ("0044 20 7946 0958", "phone", "0044 20 7946 0958"),
    ("landline 01772-123456", "phone", "01772-123456"),
    ("wrote to jo.bloggs@example.org", "email", "jo.bloggs@example.org"),
    ("contact hub@chorley.gov.uk today", "email", "hub@chorley.gov.uk"),
    ("lives at PR7 1DP", "postcode", "PR7 1DP"),
    ("lives at pr71dp", "postcode", "pr71dp"),
    ("M1 1AE", "postcode", "M1 1AE"),
    ("EC1A 1BB", "postcode", "EC1A 1BB"),
    ("born 3 April 1950", "birth_date", "born 3 April 1950"),
    ("born on the 3rd of May", "birth_date", "born on the 3rd of May"),
    ("born in 1950", "birth_date", "born in 1950"),
    ("DOB: 03/04/1950", "birth_date", "DOB: 03/04/1950"),
    ("d.o.b. 3.4.50", "birth_date", "d.o.b. 3.4.50"),
    ("date of birth 3rd of April 1950", "birth_date", "date of birth 3rd of April 1950"),
    ("NHS number 943 476 5919", "nhs_number", "943 476 5919"),
    ("nhs no 9434765919", "nhs_number", "9434765919"),
    ("NHS 943-476-5919", "nhs_number", "943-476-5919"),
    ("NI number AB 12 34 56 C", "ni_number", "AB 12 34 56 C"),
    ("ni ab123456c", "ni_number", "ab123456c"),
    ("she lives at 14 Market Street", "address", "14 Market Street"),
    ("at 12a Chapel St.", "address", "12a Chapel St."),
    ("moved to 3 Bolton Road West", "address", "3 Bolton Road"),
    ("in Flat 3b above the shop", "address", "Flat 3b"),
]

# near-misses that must pass (the rule they are closest to, for the reader)
PASSES = [
    ("the doctor referred her", "title_name"),
    ("I miss Betty's visits", "title_name"),  # 'miss' as a verb: titles are capitalised
    ("Mr and Mrs came up in the survey", "title_name"),  # a title with no name after it
    ("the Adviceline, 0800 144 8848", "phone"),  # organisations' 08 numbers
    ("call 0300 123 4567 for the council", "phone"),
    ("on 01.02.2020 the hub opened", "phone"),
    ("between 2019 and 2021 demand doubled", "phone"),
    ("wrote to the hub by e-mail", "email"),
    ("families across PR7 and PR6", "postcode"),  # postcode districts are areas
    ("the PR7 1 sector", "postcode"),
    ("ward E05013066", "postcode"),
    ("open at 10am to 2pm", "postcode"),
    ("born and raised in Chorley", "birth_date"),
    ("newborn in 2021", "birth_date"),
    ("on 3 March 2021 she came to the hub", "birth_date"),  # a date that is not a birth date
    ("reference 943 476 5910", "nhs_number"),  # fails the modulus-11 check
    ("form AB12 from the council", "ni_number"),
    ("QQ 12 34 56 C", "ni_number"),  # Q is never a first letter (HMRC's specimen prefix)
    ("the stall on Market Street", "address"),
    ("3 families in Coppull", "address"),
    ("St Ambrose and Seven Stars wards", "address"),
    ("She is 83 and lives alone", "address"),
]


@pytest.mark.parametrize("text, rule, matched", FOUND, ids=[f"{r}:{t}" for t, r, _ in FOUND])
def test_each_personal_detail_is_found_with_the_characters_it_spans(text, rule, matched):
    findings = check(text)
    assert [(f.rule, f.text) for f in findings] == [(rule, matched)]
    f = findings[0]
    assert text[f.start:f.end].strip() == matched


@pytest.mark.parametrize("text, near", PASSES, ids=[f"{r}:{t}" for t, r in PASSES])
def test_near_misses_pass(text, near):
    assert check(text) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_finds_its_printed_example_and_passes_its_near_miss(rule):
    """The examples the README and the Stories page print are true of the code."""
    assert [f.rule for f in check(rule.found)] == [rule.name]
    assert check(rule.passes) == []


def test_nhs_check_digit_by_hand():
    # 943 476 591: 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    assert nhs_check_digit("943476591") == 9 and is_nhs_number("943 476 5919")
    # 401 023 213: 4x10 + 0 + 1x8 + 0 + 2x6 + 3x5 + 2x4 + 1x3 + 3x2 = 92; 92 mod 11 = 4; 11 - 4 = 7
    assert nhs_check_digit("401023213") == 7 and is_nhs_number("4010232137")
    # remainder 0: 11 - 0 = 11, written as 0 (000 000 000 sums to 0)
    assert nhs_check_digit("000000000") == 0
    # 10 is never a check digit: 000 000 006 -> 6x2 = 12, 12 mod 11 = 1, 11 - 1 = 10 -> no valid number
    assert nhs_check_digit("000000006") is None and not is_nhs_number("0000000060")


def test_a_story_with_several_details_names_each_and_where_it_is():
    text = "Mrs Patel (DOB 1/1/60) of PR7 1DP rang 07700 900123."
    findings = check(text)
    assert [f.rule for f in findings] == ["title_name", "birth_date", "postcode", "phone"]
    message = refusal(findings)
    assert message.startswith("This story has personal details. Remove a name with a title 'Mrs Patel' "
                              "(text, characters 1-9)")
    assert "a full postcode 'PR7 1DP' (text, characters 27-33)" in message and message.endswith(", then save.")
    assert check("Ask Mrs Patel", field="partner")[0].where() == "partner, characters 5-13"
