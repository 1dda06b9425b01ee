"""The shapes of the demo county's 实施清单 and what its items share.

Data only; `demo/services.py` puts it in through the catalogue actions. The bases cite the law
or regulation in force and its article as the provincial catalogues do; the place, hours and
telephone numbers are the demo county's 政务服务中心 (fictional).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.services.rules import (
    MaterialForm,
    MaterialSource,
)

CENTRE = "示范县政务服务中心（示范县迎宾大道88号）一楼综合受理窗口"
TOWNSHIP_CENTRE = "高山乡便民服务中心（高山乡人民政府一楼）"
HOURS = "周一至周五 上午9:00—12:00，下午13:30—17:30（法定节假日除外）"
CONSULT = "窗口咨询；电话咨询 0851-8800 1234；示范县人民政府门户网站“政务服务”栏目在线咨询"
COMPLAINT = "12345政务服务便民热线；县行政审批局监督电话 0851-8800 1200"

APPLICANT = MaterialSource.APPLICANT
GOVERNMENT = MaterialSource.GOVERNMENT
INTERMEDIARY = MaterialSource.INTERMEDIARY

LICENCE_STEPS = (
    "申请：申请人通过窗口或网上提交申请材料",
    "受理：窗口当场核对材料，材料齐全的予以受理，不齐全的一次性告知需补正的全部内容",
    "审查：承办人员审查材料（一审）",
    "决定：审批负责人作出准予或者不予许可的决定（一核）",
    "送达：窗口领取、邮寄或者电子送达",
)
INSPECTED_STEPS = (
    "申请：申请人通过窗口或网上提交申请材料",
    "受理：窗口核对材料，不齐全的一次性告知需补正的全部内容",
    "审查：承办人员审查材料并组织现场核查（一审）",
    "决定：审批负责人作出准予或者不予许可的决定（一核）",
    "送达：窗口领取、邮寄或者电子送达",
)
BENEFIT_STEPS = (
    "申请：申请人向户籍所在地乡（镇）人民政府或者县级窗口提出申请",
    "受理：窗口核对材料，不齐全的一次性告知需补正的全部内容",
    "调查核实：入户调查、信息核对，在村（居）民委员会公示",
    "审核确认：县级主管部门审核确认（一核）",
    "发放：按月通过社会保障卡发放，结果告知申请人",
)
REGISTRATION_STEPS = (
    "申请：申请人到窗口或者网上提交登记材料",
    "受理：窗口当场核对材料",
    "审查：登记人员审查材料",
    "登记：材料齐全、符合法定形式的当场登记并发证",
)


@dataclass(frozen=True)
class M:
    """A material: `condition` non-empty makes it conditional (情形必要)."""

    name: str
    source: str = APPLICANT
    copies: int = 1
    condition: str = ""
    notes: str = ""
    form: str = MaterialForm.BOTH


@dataclass(frozen=True)
class Fee:
    name: str
    standard: str
    basis: str
    waivable: bool = False


@dataclass(frozen=True)
class ItemSpec:
    key: str  # what the cases and the powers call it here
    dept: str  # short code of the 实施主体
    serial: str  # the last digits of the 基本编码
    name: str
    item_type: str
    basis: str
    conditions: str
    steps: tuple[str, ...]
    legal_days: int
    promised_days: int
    audience: str
    events: tuple[str, ...]
    materials: tuple[M, ...]
    result_name: str = ""
    result_type: str = "证照"
    online: bool = True
    visits: int = 1
    fees: tuple[Fee, ...] = ()
    place: str = CENTRE
    # The special procedure the law provides for this item (行政许可法 Art. 45), if any.
    special: str = ""
    # The result template's certificate number prefix; an item with one gets a template.
    prefix: str = ""
    template: str = ""


ID_CARD = M("申请人居民身份证", notes="核验原件，留存复印件一份。", form=MaterialForm.PAPER)
LICENCE = M(
    "营业执照",
    GOVERNMENT,
    notes="已实现电子证照共享的，无需提交。",
    form=MaterialForm.ELECTRONIC,
)
AGENT = M(
    "委托书及受托人身份证明",
    condition="委托他人代为办理的",
    notes="委托书须载明委托事项和权限，由委托人签字或者盖章。",
)

DEFAULT_TEMPLATE = (
    "{applicant}：\n"
    "你（单位）于申请的{item}事项，经审查，符合法定条件、标准，"
    "根据有关法律法规的规定，决定准予许可，证书编号为{certificate}。\n"
    "请按证书载明的范围和期限从事相关活动。"
)
