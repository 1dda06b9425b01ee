"""Fake but plausible applicants for the demo: names, resident ID numbers whose check digit is
right (GB 11643-1999), organisations with valid 统一社会信用代码 (GB 32100-2015), phones and
addresses in the demo county. Drawn from a seeded `random.Random`, so a build is repeatable."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gongkai.core.identity import CREDIT_CODE_CHARS, IdType, credit_code_check_char
from gongkai.core.pii import id_check_char
from gongkai.demo.service_data import ItemSpec
from gongkai.services.actions import ApplicantData
from gongkai.services.rules import Audience, Delivery

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
)
GIVEN = [
    "建国", "秀英", "桂兰", "志强", "海燕", "德明", "春梅", "国华", "玉兰", "永红", "小军", "丽娟",
    "文斌", "晓燕", "明辉", "淑珍", "俊杰", "金凤", "红霞", "家富", "光荣", "秀珍", "建华", "玉梅",
    "兴旺", "德胜", "素芬", "晓东", "雪梅", "子豪", "欣怡", "浩然", "思雨", "宇航", "梓涵", "国强",
]  # fmt: skip
PLACES = [
    "青山",
    "和平",
    "新桥",
    "高山",
    "龙溪",
    "白马",
    "石门",
    "桃源",
    "清河",
    "金沙",
    "双河",
    "凤鸣",
]
STREETS = ["迎宾大道", "人民路", "建设路", "滨河路", "新华街", "文昌路"]
# What kind of organisation applies for an item, and its credit code's first two characters
# (9: registered by 市场监管; 1 company, 2 个体工商户, 3 农民专业合作社).
ORGANISATIONS = {
    "milk": [("奶业专业合作社", "93"), ("牧业有限公司", "91")],
    "epidemic": [("生猪养殖场", "91"), ("畜牧有限公司", "91"), ("养殖专业合作社", "93")],
    "seed": [("种业有限公司", "91")],
    "pesticide": [("农资经营部", "92"), ("农资有限公司", "91")],
    "vet": [("兽药店", "92"), ("动物保健品有限公司", "91")],
    "fry": [("水产养殖专业合作社", "93")],
    "water": [("酒业有限公司", "91"), ("食品有限公司", "91")],
    "coop": [("种植专业合作社", "93"), ("茶叶专业合作社", "93")],
    "dereg": [("商贸有限公司", "91"), ("建材有限公司", "91")],
    "food": [("餐馆", "92"), ("超市", "92"), ("食品商行", "92"), ("餐饮管理有限公司", "91")],
    "planning": [("置业有限公司", "91"), ("实业有限公司", "91")],
    "freight": [("物流有限公司", "91"), ("运输有限公司", "91")],
    "hygiene": [("宾馆", "92"), ("理发店", "92"), ("酒店管理有限公司", "91")],
}
REGION = "510122"  # the demo county's administrative division code


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def resident_id(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 52))
    first17 = f"{REGION}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_check_char(first17)


def credit_code(rng: random.Random, kind: str) -> str:
    body = "".join(rng.choice(CREDIT_CODE_CHARS) for _i in range(7))
    first17 = f"{kind}{REGION}MA{body}"
    return first17 + credit_code_check_char(first17)


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"


def address(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"示范县{rng.choice(PLACES)}乡{rng.choice(PLACES)}村{rng.randint(1, 9)}组"
    return f"示范县{rng.choice(STREETS)}{rng.randint(1, 300)}号"


def applicant(rng: random.Random, spec: ItemSpec) -> ApplicantData:
    """Someone who would apply for `spec`: a person, or the kind of organisation that does."""
    delivery = rng.choice([Delivery.IN_PERSON] * 6 + [Delivery.POST] * 2 + [Delivery.ELECTRONIC])
    if spec.audience == Audience.PERSON:
        return ApplicantData(
            applicant_type=Audience.PERSON,
            applicant_name=person_name(rng),
            id_type=IdType.RESIDENT_ID,
            id_number=resident_id(rng),
            phone=phone(rng),
            address=address(rng),
            delivery=delivery,
        )
    suffix, kind = rng.choice(ORGANISATIONS.get(spec.key, [("有限公司", "91")]))
    return ApplicantData(
        applicant_type=Audience.ORGANISATION,
        applicant_name=f"示范县{rng.choice(PLACES)}{suffix}",
        id_type=IdType.CREDIT_CODE,
        id_number=credit_code(rng, kind),
        legal_representative=person_name(rng),
        phone=phone(rng),
        address=address(rng),
        delivery=delivery,
    )
