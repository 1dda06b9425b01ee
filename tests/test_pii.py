"""The personal-information scanner and masking helpers (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core import pii
from gongkai.core.pii import (
    Finding,
    is_valid_bank_card,
    is_valid_resident_id,
    mask,
    mask_bank_card,
    mask_finding,
    mask_id_number,
    mask_landline,
    mask_mobile,
    mask_name,
    scan,
)

# ---------------------------------------------------------------- independent helpers


def with_check_char(first17: str) -> str:
    """Append the GB 11643 check character, computed from weights 2^(17-i) mod 11."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def wrong_check_char(id18: str) -> str:
    """The same ID with a different (so wrong) check character."""
    return id18[:17] + ("0" if id18[17] != "0" else "1")


def with_luhn_digit(partial: str) -> str:
    """Append the Luhn check digit, found by trying all ten."""
    for digit in "0123456789":
        candidate = partial + digit
        doubled = [int(c) * (2 if i % 2 else 1) for i, c in enumerate(reversed(candidate))]
        if sum(n // 10 + n % 10 for n in doubled) % 10 == 0:
            return candidate
    raise AssertionError("some digit always works")


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan(text)]


SAMPLE_ID = with_check_char("11010519491231002")  # the sample in GB 11643-1999
ID_ENDING_IN_DIGIT = with_check_char("35010219900307123")
CARD_16 = with_luhn_digit("622202123456789")
CARD_19 = with_luhn_digit("621700123456789012")


def test_the_independent_helper_reproduces_the_standards_sample_id():
    assert SAMPLE_ID == "11010519491231002X"


# ---------------------------------------------------------------- resident IDs


def test_a_valid_eighteen_digit_id_is_found_and_masked_keeping_first_two_and_last_three():
    text = f"申请人身份证号码：{SAMPLE_ID}，现住址略。"
    [finding] = scan(text)
    assert finding.kind == "id_number"
    assert finding.text == SAMPLE_ID
    assert text[finding.start : finding.end] == SAMPLE_ID
    assert finding.masked == "11*************02X"
    assert mask_id_number(ID_ENDING_IN_DIGIT) == "35*************" + ID_ENDING_IN_DIGIT[-3:]


def test_a_valid_id_passes_validation():
    assert is_valid_resident_id(SAMPLE_ID)
    assert is_valid_resident_id(ID_ENDING_IN_DIGIT)


def test_an_id_with_a_wrong_check_digit_is_not_valid_and_not_found():
    bad = wrong_check_char(ID_ENDING_IN_DIGIT)
    assert not is_valid_resident_id(bad)
    assert all(f.kind != "id_number" for f in scan(f"身份证：{bad}"))


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900000", "18991231"])
def test_an_id_with_an_impossible_birth_date_is_not_valid_and_not_found(birth):
    bad = with_check_char("350102" + birth + "123")
    assert not is_valid_resident_id(bad)
    assert all(f.kind != "id_number" for f in scan(f"身份证：{bad}"))


def test_an_id_with_a_leap_day_birth_date_is_valid_only_in_a_leap_year():
    assert is_valid_resident_id(with_check_char("35010220000229123"))
    assert not is_valid_resident_id(with_check_char("35010219000229123"))


def test_an_id_born_in_the_future_is_refused():
    future = date.today().year + 1
    bad = with_check_char(f"350102{future}0101123")
    assert not is_valid_resident_id(bad)
    assert all(f.kind != "id_number" for f in scan(f"身份证：{bad}"))


def test_the_birth_date_is_compared_with_the_day_given():
    born_2001 = with_check_char("35010220010101123")
    assert is_valid_resident_id(born_2001, today=date(2001, 1, 1))
    assert not is_valid_resident_id(born_2001, today=date(2000, 12, 31))


def test_a_lower_case_x_check_character_is_accepted():
    lower = SAMPLE_ID.lower()
    assert is_valid_resident_id(lower)
    [finding] = scan(f"证件号{lower}。")
    assert finding.kind == "id_number"
    assert finding.masked == "11*************02x"


def test_an_id_with_an_area_code_starting_with_zero_or_nine_is_not_valid():
    assert not is_valid_resident_id(with_check_char("01010519491231002"))
    assert not is_valid_resident_id(with_check_char("91010519491231002"))


def test_a_legacy_fifteen_digit_id_with_a_real_date_is_valid_and_masked():
    legacy = "110105491231002"  # born 1949-12-31
    assert is_valid_resident_id(legacy)
    [finding] = scan(f"旧身份证号{legacy}。")
    assert finding.kind == "id_number"
    assert finding.masked == "11**********002"


def test_a_legacy_fifteen_digit_id_with_an_impossible_date_is_not_valid():
    assert not is_valid_resident_id("110105490230002")
    assert not is_valid_resident_id("110105491301002")
    assert all(f.kind != "id_number" for f in scan("旧身份证号110105490230002。"))


@pytest.mark.parametrize("value", ["", "1101051949123100", "11010519491231002Y", None, 123])
def test_other_shapes_are_not_resident_ids(value):
    assert not is_valid_resident_id(value)


def test_an_id_inside_a_longer_digit_run_is_not_found():
    assert all(f.kind != "id_number" for f in scan(f"9{ID_ENDING_IN_DIGIT}"))
    assert all(f.kind != "id_number" for f in scan(f"{ID_ENDING_IN_DIGIT}7"))


# ---------------------------------------------------------------- mobiles


def test_it_masks_mobile_keeping_first_three_and_last_four():
    assert mask_mobile("13812341234") == "138****1234"


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("8613812345678", "86138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 138-1234-5678", "+86 138-****-5678"),
    ],
)
def test_a_mobile_is_found_in_each_written_form_and_masked_keeping_its_separators(written, masked):
    text = f"联系人手机{written}，工作日可拨打。"
    [finding] = scan(text)
    assert finding.kind == "mobile"
    assert finding.text == written
    assert finding.masked == masked
    assert mask(text) == f"联系人手机{masked}，工作日可拨打。"


def test_a_mobile_inside_a_longer_digit_string_is_not_found():
    assert scan("流水号913812345678号") == []
    assert scan("流水号138123456789号") == []


def test_a_number_with_an_unused_second_digit_is_not_a_mobile():
    assert scan("编号12812345678") == []


# ---------------------------------------------------------------- landlines


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("0816-2345678", "0816-*****78"),
        ("0816-1234567", "0816-*****67"),
        ("(0816)2345678", "(0816)*****78"),
        ("（0816）2345678", "（0816）*****78"),
        ("010-12345678", "010-******78"),
        ("028-87654321", "028-******21"),
        ("08162345678", "0816*****78"),
        ("0816-2345678-123", "0816-*****78-123"),
        ("0816-2345678转123", "0816-*****78转123"),
    ],
)
def test_a_landline_is_found_in_each_written_form_and_masked_keeping_the_area_code(written, masked):
    text = f"咨询电话：{written}。"
    [finding] = scan(text)
    assert finding.kind == "landline"
    assert finding.text == written
    assert finding.masked == masked
    assert mask_landline(written) == masked


def test_a_short_run_of_digits_after_zero_is_not_a_landline():
    assert scan("编号0816-12345。") == []


# ---------------------------------------------------------------- bank cards


def test_a_bank_card_passing_luhn_is_found_and_masked_keeping_the_last_four():
    [finding] = scan(f"开户行账号{CARD_16}。")
    assert finding.kind == "bank_card"
    assert finding.masked == "************" + CARD_16[-4:]
    assert is_valid_bank_card(CARD_16)
    assert is_valid_bank_card(CARD_19)


def test_a_bank_card_grouped_in_fours_is_found_and_keeps_its_grouping():
    grouped = " ".join(CARD_16[i : i + 4] for i in range(0, 16, 4))
    [finding] = scan(f"卡号：{grouped}。")
    assert finding.kind == "bank_card"
    assert finding.text == grouped
    assert finding.masked == "**** **** **** " + CARD_16[-4:]


def test_a_nineteen_digit_card_grouped_in_fours_is_found():
    grouped = " ".join(CARD_19[i : i + 4] for i in range(0, 19, 4))
    [finding] = scan(f"卡号：{grouped}。")
    assert finding.kind == "bank_card"
    assert mask_bank_card(CARD_19) == "*" * 15 + CARD_19[-4:]


def test_a_bank_card_failing_luhn_is_not_found():
    bad = CARD_16[:-1] + str((int(CARD_16[-1]) + 1) % 10)
    assert not is_valid_bank_card(bad)
    assert scan(f"账号{bad}。") == []


def test_a_valid_id_is_reported_as_an_id_even_when_it_also_passes_luhn():
    # Find a valid ID that happens to pass Luhn, so both kinds claim the same span.
    ids = (with_check_char(f"350102199003071{n:02d}") for n in range(100))
    both = next(i for i in ids if i[-1] != "X" and is_valid_bank_card(i))
    assert kinds(f"号码{both}。") == ["id_number"]


# ---------------------------------------------------------------- whole documents


PARAGRAPH = (
    "根据《南充市人民政府办公室关于做好2025年政府信息公开工作的通知》（南府办发〔2025〕12号）要求，"
    "我局已于2025年10月30日在政府信息公开平台发布本年度工作要点，"
    "索引号：11510000MB1234567X/2025-00012，公开时限为2020-2025年。"
    "如有疑问，请与办公室联系，联系电话：0817-2345678。"
)


def test_a_realistic_paragraph_yields_exactly_the_phone_number():
    findings = scan(PARAGRAPH)
    assert [(f.kind, f.text) for f in findings] == [("landline", "0817-2345678")]


def test_masking_a_paragraph_leaves_everything_else_unchanged():
    text = (
        f"经核实，申请人张三（身份证号码{SAMPLE_ID}，手机138 1234 5678）"
        f"于2025年10月30日提交申请，退款账户{CARD_16}，"
        f"依据南府办发〔2025〕12号办理，索引号11510000MB1234567X/2025-00012，"
        "咨询电话(0817)2345678。"
    )
    masked = mask(text)
    assert masked == (
        "经核实，申请人张三（身份证号码11*************02X，手机138 **** 5678）"
        f"于2025年10月30日提交申请，退款账户************{CARD_16[-4:]}，"
        "依据南府办发〔2025〕12号办理，索引号11510000MB1234567X/2025-00012，"
        "咨询电话(0817)*****78。"
    )
    assert mask(PARAGRAPH) == PARAGRAPH.replace("0817-2345678", "0817-*****78")


def test_masking_a_text_without_personal_information_returns_it_unchanged():
    text = (
        "南府办发〔2025〕12号 2025年10月30日 20251030 2019-2025 索引号11510000MB1234567X/2025-00012"
    )
    assert scan(text) == []
    assert mask(text) == text


def test_findings_are_sorted_and_do_not_overlap():
    text = (
        f"{SAMPLE_ID} 13812345678 {CARD_16} 0816-2345678 "
        f"+86 139-1234-5678 {ID_ENDING_IN_DIGIT}，{CARD_19}"
    )
    findings = scan(text)
    assert [f.kind for f in findings] == [
        "id_number",
        "mobile",
        "bank_card",
        "landline",
        "mobile",
        "id_number",
        "bank_card",
    ]
    for earlier, later in zip(findings, findings[1:], strict=False):
        assert earlier.end <= later.start
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_mask_finding_masks_only_the_finding_given():
    text = f"手机13812345678，身份证{SAMPLE_ID}"
    mobile, id_number = scan(text)
    assert mask_finding(text, mobile) == f"手机138****5678，身份证{SAMPLE_ID}"
    assert mask_finding(text, id_number) == "手机13812345678，身份证11*************02X"


def test_a_finding_is_immutable():
    finding = Finding("mobile", 0, 11, "13812345678")
    with pytest.raises(AttributeError):
        finding.start = 1  # type: ignore[misc]


# ---------------------------------------------------------------- names and labels


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("王小明", "王**"), ("欧阳娜娜", "欧***"), ("张", "*"), ("", "")],
)
def test_a_name_keeps_its_first_character_and_stars_the_rest(name, masked):
    assert mask_name(name) == masked


def test_every_kind_has_a_chinese_label():
    from django.conf import settings

    if not settings.configured:
        pytest.skip("rendering a lazy label needs Django settings")
    labels = {kind: str(Finding(kind, 0, 0, "").label) for kind in pii.KIND_PRIORITY}
    assert labels == {
        "id_number": "身份证号码",
        "mobile": "手机号码",
        "landline": "固定电话",
        "bank_card": "银行卡号",
    }
