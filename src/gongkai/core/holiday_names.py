"""Chinese names of the holidays named in the chinesecalendar package."""

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def chinese_name(holiday) -> str:
    english = getattr(holiday, "value", holiday)
    if isinstance(english, tuple):
        english = english[0]
    return NAMES.get(str(english), str(english))
