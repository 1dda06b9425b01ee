"""The demo county's 政务服务 data: its 实施清单 (items by field of work) and its 职权目录."""

from gongkai.demo.service_data import business, farming, people
from gongkai.demo.service_data.powers import DEFAULTS, POWERS, PowerSpec
from gongkai.demo.service_data.types import ItemSpec

ITEMS: list[ItemSpec] = farming.ITEMS + people.ITEMS + business.ITEMS

__all__ = ["DEFAULTS", "ITEMS", "POWERS", "ItemSpec", "PowerSpec"]
