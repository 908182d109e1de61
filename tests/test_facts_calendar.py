"""Julian/Gregorian conversion, switch dates and date matching."""

from __future__ import annotations

import pytest

from essaylens.facts import calendar as cal


@pytest.mark.parametrize("os_date,ns_date", [
    ((1917, 10, 25), (1917, 11, 7)),
    ((1917, 2, 23), (1917, 3, 8)),
    ((1917, 3, 2), (1917, 3, 15)),
    ((1918, 1, 31), (1918, 2, 13)),
])
def test_facts_calendar_conversion_round_trips(os_date, ns_date):
    assert cal.julian_to_gregorian(*os_date) == ns_date
    assert cal.gregorian_to_julian(*ns_date) == os_date


def test_facts_calendar_offset_and_switch():
    assert cal.offset_days(1917) == 13
    assert cal.offset_days(1800) == 12
    assert cal.switch_date("Russia") == (1918, 2, 14)
    assert cal.uses_julian("russia", 1917, 11, 7)
    assert not cal.uses_julian("russia", 1918, 2, 14)
    assert cal.switch_date("Britain") == (1752, 9, 14)
    assert cal.switch_date("Atlantis") is None


@pytest.mark.parametrize("mention,start,end,ok", [
    ((None, 10, 25), (1917, 10, 25), None, True),
    ((None, 10, 26), (1917, 10, 24), (1917, 10, 25), True),  # one day of slack
    ((1917, 2, None), (1917, 3, 2), None, False),
    ((None, 3, None), (1917, 3, 2), None, True),
    ((1916, None, None), (1917, 3, 2), None, False),
    ((None, 12, None), (1917, 12, None), None, True),
])
def test_facts_calendar_within(mention, start, end, ok):
    assert cal.within(mention, start, end) is ok


@pytest.mark.parametrize("text,aware", [
    ("25 October (OS) was 7 November (NS).", True),
    ("Dates are in the Julian calendar.", True),
    ("The Bolsheviks seized power on 7 November.", False),
    ("", False),
])
def test_facts_calendar_awareness(text, aware):
    assert cal.calendar_aware(text) is aware


def test_facts_calendar_named_revolutions():
    found = cal.named_revolutions("The October Russian Revolution followed the February Revolution.")
    assert [n.name for n in found] == ["october", "february"]
