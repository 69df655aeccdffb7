"""Ids from names: Chinese as pinyin, people as surname-given name, collisions numbered."""

from __future__ import annotations

import pytest

from generator.format.ids import id_from_name, id_from_person, id_rules, unique
from generator.format.model import SLUG_RE


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("港湾咖啡", "gangwan-kafei"),
        ("重庆银行", "chongqing-yinhang"),  # polyphonic characters read by the phrase
        ("绿野乳业", "lvye-ruye"),  # ü is written v
        ("Harbour Coffee 港湾", "harbour-coffee-gangwan"),
        ("2026 夏季战役", "2026-xiaji-zhanyi"),
        ("Café Münster", "cafe-munster"),  # accents dropped
        ("!!!", ""),
    ],
)
def test_names_give_pinyin_ids(name: str, expected: str) -> None:
    assert id_from_name(name) == expected
    assert expected == "" or SLUG_RE.match(expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("陈静", "chen-jing"),
        ("欧阳明月", "ouyang-mingyue"),  # a surname of two characters
        ("曾小贤", "zeng-xiaoxian"),  # read as a surname, not as 曾经's ceng
        ("单田芳", "shan-tianfang"),
        ("歐陽明月", "ouyang-mingyue"),  # the same surnames in Traditional Chinese
        ("區志強", "ou-zhiqiang"),
        ("陳靜", "chen-jing"),
        ("Anna Schmidt", "anna-schmidt"),
    ],
)
def test_people_are_surname_then_given_name(name: str, expected: str) -> None:
    assert id_from_person(name) == expected


def test_a_taken_id_gets_the_next_number() -> None:
    assert unique("chen-jing", {"chen-jing", "chen-jing-2"}) == "chen-jing-3"
    assert unique("", set(), "contact") == "contact"
    long = "a" * 64
    assert unique(long, {long}) == "a" * 62 + "-2"


def test_the_browser_gets_the_same_rules() -> None:
    rules = id_rules()
    assert "欧阳" in rules["compoundSurnames"] and rules["surnameReadings"]["曾"] == "zeng"
    assert rules["maxLength"] == 64
