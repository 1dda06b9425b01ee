"""Roles are declared by the module that owns them; core keeps only the assignments."""

from __future__ import annotations

import pytest

from gongkai.core import actions, roles
from gongkai.core.errors import InvalidInput
from gongkai.core.models import RoleAssignment


def test_every_assignment_of_the_demo_county_names_a_declared_role(county):
    assigned = set(RoleAssignment.objects.values_list("role", flat=True))
    assert assigned
    assert {name for name in assigned if not roles.is_known(name)} == set()


def test_each_module_declares_its_own_roles():
    owners = {info.name: info.module for info in roles.known()}
    assert owners["editor"] == owners["editor_in_chief"] == "publishing"
    assert owners["disclosure_officer"] == owners["disclosure_head"] == "disclosure"
    assert owners["system_admin"] == owners["auditor"] == "core"


def test_the_assignments_choices_follow_the_declarations():
    field = RoleAssignment._meta.get_field("role")
    assert dict(field.choices)["disclosure_head"] == "政府信息公开工作机构负责人"
    assert set(dict(field.choices)) == {info.name for info in roles.known()}


def test_a_role_no_module_declared_cannot_be_assigned(county):
    with pytest.raises(InvalidInput) as refused:
        actions.assign_role(
            actor=None, user=county.user["editor"], department=county.dept["NYJ"], role="king"
        )
    assert refused.value.field == "role"
    assert not RoleAssignment.objects.filter(role="king").exists()


def test_a_role_cannot_be_declared_twice_with_another_meaning():
    with pytest.raises(ValueError):
        roles.declare("editor", "总编辑")
    assert roles.label("editor") == "栏目编辑"


def test_an_assignment_reads_with_its_declared_label(county):
    assignment = RoleAssignment.objects.filter(user=county.user["disclosure_head"]).get()
    assert str(assignment).endswith("政府信息公开工作机构负责人")
