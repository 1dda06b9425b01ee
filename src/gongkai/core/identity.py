"""Identity documents: their kinds, and checking a number with the reason when it is refused.

Every module that takes an application from the public (a person or an organisation) checks
the applicant's document here, so the rules and their messages are written once.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import pii
from gongkai.core.errors import InvalidInput


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", gettext_lazy("居民身份证")
    PASSPORT = "passport", gettext_lazy("护照")
    HK_MACAO = "hk_macao", gettext_lazy("港澳居民来往内地通行证")
    TAIWAN = "taiwan", gettext_lazy("台湾居民来往大陆通行证")
    CREDIT_CODE = "credit_code", gettext_lazy("统一社会信用代码")
    OTHER = "other", gettext_lazy("其他证件")


# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, Z, S, V), the last
# a check character: weights 3^i mod 31, check = 31 - (sum mod 31), 31 -> 0.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,17}$")
HK_MACAO_RE = re.compile(r"^[HM][0-9]{8,10}$")
TAIWAN_RE = re.compile(r"^[0-9]{8}$|^[0-9]{10}$")
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
LANDLINE_RE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?$")
POSTCODE_RE = re.compile(r"^[0-9]{6}$")
FIELD = "id_number"


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    if len(value) != 18 or any(c not in CREDIT_CODE_CHARS for c in value):
        return False
    return credit_code_check_char(value[:17]) == value[17]


def normalise(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def check_id_number(id_type: str, value: str, *, organisation: bool) -> str:
    """The normalised number, or InvalidInput naming what is wrong with it; `organisation`:
    the applicant is a 法人 or other organisation (identified by its credit code)."""
    value = normalise(value)
    if not value:
        raise InvalidInput(_("请填写证件号码。"), FIELD)
    if organisation and id_type != IdType.CREDIT_CODE and id_type != IdType.OTHER:
        raise InvalidInput(_("法人或其他组织请填写统一社会信用代码。"), "id_type")
    if not organisation and id_type == IdType.CREDIT_CODE:
        raise InvalidInput(_("自然人请填写本人身份证件，而不是统一社会信用代码。"), "id_type")
    if id_type == IdType.RESIDENT_ID:
        _check_resident_id(value)
    elif id_type == IdType.CREDIT_CODE:
        if len(value) != 18:
            raise InvalidInput(
                _("统一社会信用代码应为 18 位，您填写了 %(n)d 位。") % {"n": len(value)}, FIELD
            )
        if not is_valid_credit_code(value):
            raise InvalidInput(_("统一社会信用代码校验位不正确，请核对。"), FIELD)
    elif id_type == IdType.PASSPORT and not PASSPORT_RE.match(value):
        raise InvalidInput(_("护照号码应为 5 至 17 位字母或数字。"), FIELD)
    elif id_type == IdType.HK_MACAO and not HK_MACAO_RE.match(value):
        raise InvalidInput(
            _("港澳居民来往内地通行证号码应为 H 或 M 开头加 8 至 10 位数字。"), FIELD
        )
    elif id_type == IdType.TAIWAN and not TAIWAN_RE.match(value):
        raise InvalidInput(_("台湾居民来往大陆通行证号码应为 8 位或 10 位数字。"), FIELD)
    elif len(value) > 40:
        raise InvalidInput(_("证件号码过长。"), FIELD)
    return value


def _check_resident_id(value: str) -> None:
    if len(value) not in (15, 18):
        raise InvalidInput(
            _("居民身份证号码应为 18 位（旧证 15 位），您填写了 %(n)d 位。") % {"n": len(value)},
            FIELD,
        )
    if len(value) == 18 and not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        raise InvalidInput(_("居民身份证号码前 17 位应为数字，最后一位为数字或 X。"), FIELD)
    if len(value) == 15 and not value.isdigit():
        raise InvalidInput(_("15 位居民身份证号码应全部为数字。"), FIELD)
    if pii.is_valid_resident_id(value):
        return
    birth = value[6:14] if len(value) == 18 else "19" + value[6:12]
    if _birth_date(birth) is None:
        raise InvalidInput(_("居民身份证号码中的出生日期无效。"), FIELD)
    raise InvalidInput(_("居民身份证号码校验位不正确，请核对最后一位。"), FIELD)


def _birth_date(digits: str):
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def check_phone(value: str) -> str:
    value = re.sub(r"[\s（）()]", "", value or "")
    if not value:
        raise InvalidInput(_("请填写联系电话。"), "phone")
    if MOBILE_RE.match(value) or LANDLINE_RE.match(value):
        return value
    raise InvalidInput(
        _("联系电话格式不正确：手机号为 11 位数字，固定电话如 0851-12345678。"), "phone"
    )


def mask_phone(value: str) -> str:
    """A contact number as pages show it before an audited reveal: a mobile or a landline
    masked by its own rule (pii), whatever spaces it was typed with."""
    value = "".join((value or "").split())
    if not value:
        return ""
    if MOBILE_RE.match(value):
        return pii.mask_mobile(value)
    return pii.mask_landline(value)


def check_postcode(value: str) -> str:
    value = (value or "").strip()
    if value and not POSTCODE_RE.match(value):
        raise InvalidInput(_("邮政编码应为 6 位数字。"), "postcode")
    return value
