"""The two notices of 条例 Art. 35 (requests clearly beyond a reasonable number or frequency):
asking the applicant to state reasons, and telling the later reply date set when the reasons
were found reasonable. Made like every notice (notices.py): A4 PDF, the agency, the title,
the document number, the body, signature and date."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gongkai.disclosure import notices
from gongkai.disclosure.models import DisclosureRequest

REASONS_TITLE = "政府信息公开申请说明理由告知书"
DELAY_TITLE = "政府信息公开申请延迟答复告知书"


def _opening(request: DisclosureRequest) -> str:
    return _(
        "本机关于%(received)s收到您（单位）提出的政府信息公开申请（申请编号：%(number)s），"
        "申请获取“%(title)s”。"
    ) % {
        "received": notices.format_day(request.received_on),
        "number": request.number,
        "title": request.info_title,
    }


def reasons_notice(request: DisclosureRequest, *, grounds: str, on: date) -> tuple[str, bytes]:
    """Art. 35: the applicant is asked to state the reasons for the requests."""
    text = "\n".join(
        [
            f"{request.applicant_name}：",
            _opening(request)
            + _(
                "经审查，%(grounds)s，您申请公开政府信息的数量、频次明显超过合理范围。"
                "根据%(regulation)s第三十五条之规定，请您向本机关说明申请理由。"
            )
            % {"grounds": grounds.strip().rstrip("。"), "regulation": notices.REGULATION},
            _(
                "本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理、但无法在规定期限内"
                "答复的，将确定延迟答复的合理期限并告知您。"
            ),
            _("特此告知。"),
        ]
    )
    pdf = notices._pdf(request, title=REASONS_TITLE, text=text, on=on)
    return notices._file_name("说明理由告知书", request), pdf


def delay_notice(
    request: DisclosureRequest, *, reasons: str, due: date, on: date
) -> tuple[str, bytes]:
    """Art. 35: the reasons are reasonable, but the reply cannot be made within the Art. 33
    period: the later reply date set."""
    text = "\n".join(
        [
            f"{request.applicant_name}：",
            _opening(request)
            + _(
                "您说明的申请理由为：%(reasons)s。本机关认为申请理由合理，但无法在%(regulation)s"
                "第三十三条规定的期限内答复。根据%(regulation)s第三十五条之规定，本机关确定延迟"
                "答复的期限，将于%(due)s之前（含当日）作出答复。"
            )
            % {
                "reasons": reasons.strip().rstrip("。"),
                "regulation": notices.REGULATION,
                "due": notices.format_day(due),
            },
            _("特此告知。"),
        ]
    )
    pdf = notices._pdf(request, title=DELAY_TITLE, text=text, on=on)
    return notices._file_name("延迟答复告知书", request), pdf
