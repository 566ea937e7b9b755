"""The Desa Berketahanan Sosial rules on made-up villages (``reports.eligibility.judge``):
each rule passes and fails for the reasons the page states, and a village is eligible only
when all three pass."""

from decimal import Decimal

import pytest
from django.utils import translation

from reports.eligibility import ACCOUNTED, FOLLOWED_UP, RESILIENCE, VillageFacts, judge

GOOD = {
    "completed": 2,
    "physical": 1,
    "checks_due": 2,
    "baseline": Decimal("2.40"),
    "latest": Decimal("3.10"),
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def verdict_of(**changes):
    return judge(VillageFacts(**{**GOOD, **changes}))


def reason(verdict, rule):
    return next(reason for reason in verdict.reasons if reason.rule == rule)


def test_a_village_passing_every_rule_is_eligible():
    verdict = verdict_of()
    assert verdict.eligible
    assert [r.rule for r in verdict.reasons] == [ACCOUNTED, FOLLOWED_UP, RESILIENCE]
    assert verdict.failed == []


@pytest.mark.parametrize(
    ("changes", "rule", "words"),
    [
        ({"completed": 0}, ACCOUNTED, "No completed activity"),
        ({"unreported": 1}, ACCOUNTED, "1 funding line with no spending reported"),
        ({"overspent": 2}, ACCOUNTED, "2 funding lines spending more than their budget"),
        ({"checks_missing": 1}, FOLLOWED_UP, "1 due check not recorded"),
        ({"checks_negative": 1}, FOLLOWED_UP, "unused or badly damaged"),
        ({"baseline": None}, RESILIENCE, "No baseline"),
        ({"latest": None}, RESILIENCE, "No follow-up resilience profile"),
        ({"latest": Decimal("2.40")}, RESILIENCE, "did not rise"),
        ({"latest": Decimal("2.00")}, RESILIENCE, "did not rise"),
    ],
)
def test_one_failing_rule_makes_the_village_ineligible_and_says_why(changes, rule, words):
    verdict = verdict_of(**changes)
    assert not verdict.eligible
    assert [r.rule for r in verdict.failed] == [rule]
    assert words in reason(verdict, rule).text


def test_works_not_due_for_a_check_and_villages_without_works_pass_the_follow_up_rule():
    assert reason(verdict_of(checks_due=0), FOLLOWED_UP).passed
    assert reason(verdict_of(physical=0, checks_due=0), FOLLOWED_UP).passed
    assert verdict_of(physical=0, checks_due=0).eligible


def test_the_reasons_name_the_figures():
    verdict = verdict_of()
    assert "2 completed activities" in reason(verdict, ACCOUNTED).text
    assert "2 due checks recorded" in reason(verdict, FOLLOWED_UP).text
    assert "2.40" in reason(verdict, RESILIENCE).text
    assert "3.10" in reason(verdict, RESILIENCE).text


def test_facts_survive_their_json_form():
    facts = VillageFacts(**GOOD, unreported=1)
    assert VillageFacts.from_json(facts.as_json()) == facts
    assert VillageFacts.from_json({"completed": 1, "unknown": 3}) == VillageFacts(completed=1)
