"""The 政府信息公开 catalogue (条例 Art. 20 and 21; 《政府网站发展指引》, 国办发〔2017〕47号) and the subject classification."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Where a column sits in the disclosure catalogue: 条例 Art. 20 items, Art. 21 township extras."""

    GUIDE = "guide", _("政府信息公开指南")
    RULES = "rules", _("政府信息公开制度")
    ANNUAL_REPORT = "annual_report", _("政府信息公开年报")
    ART20_1 = "art20_1", _("行政法规、规章和规范性文件")
    ART20_2 = "art20_2", _("机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")
    ART20_3 = "art20_3", _("规划及相关政策")
    ART20_4 = "art20_4", _("统计信息")
    ART20_5 = "art20_5", _("行政许可等的依据、条件、程序及办理结果")
    ART20_6 = "art20_6", _("行政处罚、行政强制")
    ART20_7 = "art20_7", _("财政预算、决算")
    ART20_8 = "art20_8", _("行政事业性收费")
    ART20_9 = "art20_9", _("政府集中采购")
    ART20_10 = "art20_10", _("重大建设项目")
    ART20_11 = "art20_11", _("扶贫、教育、医疗、社会保障、促进就业")
    ART20_12 = "art20_12", _("突发公共事件")
    ART20_13 = "art20_13", _("环境保护、公共卫生、安全生产、食品药品、产品质量监督检查")
    ART20_14 = "art20_14", _("公务员招考")
    ART20_15 = "art20_15", _("其他")
    ART21_1 = "art21_1", _("农业农村政策")
    ART21_2 = "art21_2", _("农田水利")
    ART21_3 = "art21_3", _("土地承包经营权流转")
    ART21_4 = "art21_4", _("宅基地审核")
    ART21_5 = "art21_5", _("土地征收")
    ART21_6 = "art21_6", _("房屋征收")
    ART21_7 = "art21_7", _("筹资筹劳")
    ART21_8 = "art21_8", _("社会救助")


ART20 = [c for c in Category if c.value.startswith("art20_")]
ART21 = [c for c in Category if c.value.startswith("art21_")]
# 突发事件 columns are sensitive by their category (领导讲话, 人事任免, 重大决策, 突发事件: the office reviewer's extra step).
SENSITIVE_CATEGORIES = {Category.ART20_12}


class Topic(models.TextChoices):
    """主题分类: the State Council's subject classification of government documents."""

    GENERAL = "general", _("综合政务")
    ECONOMY = "economy", _("国民经济管理、国有资产监管")
    FINANCE = "finance", _("财政、金融、审计")
    LAND = "land", _("国土资源、能源")
    AGRICULTURE = "agriculture", _("农业、林业、水利")
    INDUSTRY = "industry", _("工业、交通")
    COMMERCE = "commerce", _("商贸、海关、旅游")
    MARKET = "market", _("市场监管、安全生产监管")
    CONSTRUCTION = "construction", _("城乡建设、环境保护")
    EDUCATION = "education", _("科技、教育")
    CULTURE = "culture", _("文化、广电、新闻出版")
    HEALTH = "health", _("卫生、体育")
    POPULATION = "population", _("人口与计划生育、妇女儿童工作")
    LABOUR = "labour", _("劳动、人事、监察")
    JUSTICE = "justice", _("公安、安全、司法")
    CIVIL = "civil", _("民政、扶贫、救灾")
    ETHNIC = "ethnic", _("民族、宗教")
    FOREIGN = "foreign", _("对外事务")
    HKMT = "hkmt", _("港澳台侨工作")
    DEFENCE = "defence", _("国防")
    OTHER = "other", _("其他")


class ContentKind(models.TextChoices):
    """Kinds of content that are sensitive wherever they are published (an extra review step)."""

    ORDINARY = "ordinary", _("一般信息")
    LEADER_SPEECH = "leader_speech", _("领导讲话")
    APPOINTMENT = "appointment", _("人事任免")
    MAJOR_DECISION = "major_decision", _("重大决策")
    EMERGENCY = "emergency", _("突发事件")
