"""Usernames: the safe character set and the UTS #39 skeleton that finds look-alikes."""

from __future__ import annotations

import pytest

from ablacem.edc.usernames import RULE, look_alike, skeleton, username_problem


@pytest.mark.parametrize(
    "name", ["<script>alert(1)</script>", "ann smith", "a/b", "=cmd", "-ann", "_ann", ".ann", "a@b"]
)
def test_unsafe_usernames_are_refused_with_the_rule(name):
    assert username_problem(name) == RULE


@pytest.mark.parametrize("name", ["ann", "ann.smith", "ann_smith-2", "müller", "José", "2nd.coordinator"])
def test_letters_digits_and_inner_symbols_are_allowed(name):
    assert username_problem(name) is None


def test_an_empty_username_is_required():
    assert username_problem("  ") == "a value is required"


def test_the_cyrillic_look_alike_of_coordinator_has_its_skeleton():
    cyrillic = "\u0441\u043e\u043erdinator"  # с, о, о are Cyrillic
    assert cyrillic != "coordinator"
    assert skeleton(cyrillic) == skeleton("coordinator") == skeleton("COORDINATOR")
    assert look_alike(cyrillic, ["ann", "coordinator"]) == "coordinator"


def test_latin_look_alikes_collide_too():
    assert look_alike("rnark", ["mark"]) == "mark"  # r n looks like m
    assert look_alike("bi11", ["bill"]) == "bill"  # 1 looks like l
    assert look_alike("b0b", ["bob"]) == "bob"  # 0 looks like o


def test_different_names_do_not_collide():
    assert look_alike("anna", ["ann", "anne", "hanna"]) is None
