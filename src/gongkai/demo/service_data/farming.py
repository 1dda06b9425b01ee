"""The demo catalogue: agriculture, water, forests and the township's homesteads."""

from __future__ import annotations

from gongkai.demo.service_data.types import (
    AGENT,
    BENEFIT_STEPS,
    GOVERNMENT,
    ID_CARD,
    INSPECTED_STEPS,
    INTERMEDIARY,
    LICENCE,
    TOWNSHIP_CENTRE,
    ItemSpec,
    M,
)
from gongkai.services.rules import (
    Audience,
    ItemType,
    LifeEvent,
    MaterialForm,
    MaterialSource,
    SpecialProcedureKind,
)

ITEMS = [
    ItemSpec(
        "milk",
        "NYJ",
        "0001",
        "生鲜乳收购许可证核发",
        ItemType.LICENSING,
        "《乳品质量安全监督管理条例》第二十条、第二十一条；《生鲜乳生产收购管理办法》第十五条",
        "1. 取得工商登记的乳制品生产企业、奶畜养殖场、奶农专业生产合作社；\n"
        "2. 符合生鲜乳收购站建设规划布局；\n"
        "3. 有符合要求的场所、挤奶设施、冷却设施和化验、检测设备；\n"
        "4. 有与收购规模相适应的卫生管理和质量安全保障制度。",
        INSPECTED_STEPS,
        20,
        10,
        Audience.ORGANISATION,
        (LifeEvent.OPERATION, LifeEvent.AGRICULTURE),
        (
            M("生鲜乳收购许可证申请表", notes="法定代表人签字并加盖单位公章。"),
            LICENCE,
            M("生鲜乳收购站平面图和周围环境示意图", copies=1),
            M("化验、检测、冷藏设备清单", notes="列明设备名称、型号、数量。"),
            M("质量安全管理制度及从业人员健康证明", GOVERNMENT),
            AGENT,
        ),
        result_name="生鲜乳收购许可证",
        prefix="示生乳收",
        special=SpecialProcedureKind.TESTING,
    ),
    ItemSpec(
        "epidemic",
        "NYJ",
        "0002",
        "动物防疫条件合格证核发",
        ItemType.LICENSING,
        "《中华人民共和国动物防疫法》第二十四条、第二十五条；《动物防疫条件审查办法》第二十五条",
        "1. 场所的位置与居民生活区、生活饮用水水源地、学校、医院等公共场所的距离符合规定；\n"
        "2. 生产经营区域封闭隔离，工程设计和有关流程符合动物防疫要求；\n"
        "3. 有与其规模相适应的污水、污物处理设施，病死动物和病害动物产品无害化处理设施；\n"
        "4. 有与其规模相适应的执业兽医或者动物防疫技术人员；\n"
        "5. 有完善的隔离消毒、购销台账、日常巡查等动物防疫制度。",
        INSPECTED_STEPS,
        15,
        10,
        Audience.ORGANISATION,
        (LifeEvent.OPERATION, LifeEvent.AGRICULTURE),
        (
            M("动物防疫条件审查申请表", notes="可在本页下载空白表格。"),
            M("场所地理位置图、各功能区布局平面图", notes="标明与周边公共场所的距离。"),
            M("设施设备清单"),
            M("管理制度文本", notes="含隔离消毒、购销台账、日常巡查、无害化处理等制度。"),
            M("人员信息", notes="执业兽医或者动物防疫技术人员的资格证明。"),
        ),
        result_name="动物防疫条件合格证",
        prefix="示动防合字",
        special=SpecialProcedureKind.EXPERT_REVIEW,
    ),
    ItemSpec(
        "homestead",
        "GSX",
        "0003",
        "农村村民宅基地审批",
        ItemType.LICENSING,
        "《中华人民共和国土地管理法》第六十二条；《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）",
        "1. 本集体经济组织成员，以户为单位申请；\n"
        "2. 一户只能拥有一处宅基地，面积不超过省规定的标准；\n"
        "3. 符合乡（镇）土地利用总体规划、村庄规划，尽量使用原有宅基地和村内空闲地；\n"
        "4. 出卖、出租、赠与住宅后再申请宅基地的，不予批准。",
        (
            "申请：农户向村民小组提出书面申请",
            "村级审查：村民小组会议讨论通过并公示，村集体经济组织或者村民委员会审查",
            "受理：乡（镇）便民服务窗口受理",
            "审查：乡（镇）农业农村、自然资源等机构联审，实地审查",
            "决定：乡（镇）人民政府审批，核发农村宅基地批准书",
            "验收：农户建房完工后申请竣工验收",
        ),
        20,
        15,
        Audience.PERSON,
        (LifeEvent.HOUSING, LifeEvent.AGRICULTURE),
        (
            M("农村宅基地和建房（规划许可）申请表"),
            M("农村宅基地使用承诺书"),
            M("申请人户口簿", GOVERNMENT, notes="核验原件。", form=MaterialForm.PAPER),
            M("村民小组会议记录及公示材料", MaterialSource.OTHER),
            M("房屋设计图或者通用设计图", condition="建房面积超过通用图集的"),
        ),
        result_name="农村宅基地批准书",
        online=False,
        visits=2,
        place=TOWNSHIP_CENTRE,
        prefix="高宅批",
        special=SpecialProcedureKind.PUBLIC_NOTICE,
    ),
    ItemSpec(
        "seed",
        "NYJ",
        "0004",
        "农作物种子生产经营许可证核发",
        ItemType.LICENSING,
        "《中华人民共和国种子法》第三十一条、第三十二条；《农作物种子生产经营许可管理办法》第十四条",
        "1. 具有与种子生产经营相适应的生产经营设施、设备及专业技术人员；\n"
        "2. 有检验种子质量的仪器设备和检验人员；\n"
        "3. 生产经营的品种已通过审定或者登记；\n"
        "4. 法律、法规规定的其他条件。",
        INSPECTED_STEPS,
        20,
        10,
        Audience.ORGANISATION,
        (LifeEvent.OPERATION, LifeEvent.AGRICULTURE),
        (
            M("农作物种子生产经营许可证申请表"),
            LICENCE,
            M("种子加工、包装、检验设备清单及产权证明"),
            M("种子检验人员资格证明"),
            M("品种审定证书或者登记证书复印件", GOVERNMENT),
        ),
        result_name="农作物种子生产经营许可证",
        prefix="示种许",
    ),
    ItemSpec(
        "pesticide",
        "NYJ",
        "0005",
        "农药经营许可证核发",
        ItemType.LICENSING,
        "《农药管理条例》第二十四条、第二十五条；《农药经营许可管理办法》第五条",
        "1. 有具备农药和病虫害防治专业知识，熟悉农药管理规定，能够指导安全合理使用农药的经营人员；\n"
        "2. 有与其他商品以及饮用水水源、生活区域等有效隔离的营业场所和仓储场所；\n"
        "3. 有与所经营农药相适应的防护设施；\n"
        "4. 有农药采购、销售台账等管理制度和岗位操作规程。",
        INSPECTED_STEPS,
        20,
        12,
        Audience.ORGANISATION,
        (LifeEvent.OPERATION,),
        (
            M("农药经营许可证申请表"),
            LICENCE,
            M("经营人员的学历或者培训证明"),
            M("营业场所和仓储场所地址、面积、平面图等说明材料及照片"),
            M("计算机管理系统、可追溯电子信息码扫描设备等说明"),
        ),
        result_name="农药经营许可证",
        prefix="农药经许",
    ),
    ItemSpec(
        "vet",
        "NYJ",
        "0006",
        "兽药经营许可证核发",
        ItemType.LICENSING,
        "《兽药管理条例》第二十二条、第二十三条；《兽药经营质量管理规范》",
        "1. 与所经营的兽药相适应的兽药技术人员；\n"
        "2. 与所经营的兽药相适应的营业场所、设备、仓库设施；\n"
        "3. 与所经营的兽药相适应的质量管理机构或者人员；\n"
        "4. 兽药经营质量管理规范规定的其他经营条件。",
        INSPECTED_STEPS,
        30,
        15,
        Audience.ORGANISATION,
        (LifeEvent.OPERATION,),
        (
            M("兽药经营许可证申请表"),
            M("兽药技术人员的学历证明或者职称证明"),
            M("营业场所、仓库平面图及产权或者租赁证明"),
            M("质量管理文件目录"),
        ),
        result_name="兽药经营许可证",
        prefix="示兽药经",
    ),
    ItemSpec(
        "fry",
        "NYJ",
        "0007",
        "水产苗种生产许可证核发",
        ItemType.LICENSING,
        "《中华人民共和国渔业法》第十六条；《水产苗种管理办法》第十一条",
        "1. 有固定的生产场地，水源充足，水质符合渔业用水标准；\n"
        "2. 用于繁殖的亲本来源于原、良种场，质量符合种质标准；\n"
        "3. 生产条件和设施符合水产苗种生产技术操作规程的要求；\n"
        "4. 有与水产苗种生产和质量检验相适应的专业技术人员。",
        INSPECTED_STEPS,
        20,
        10,
        Audience.ORGANISATION,
        (LifeEvent.AGRICULTURE, LifeEvent.OPERATION),
        (
            M("水产苗种生产申请表"),
            M("生产场地水质检测报告", INTERMEDIARY),
            M("亲本来源证明"),
            M("技术人员资质证明"),
        ),
        result_name="水产苗种生产许可证",
        prefix="示水苗",
        special=SpecialProcedureKind.TESTING,
    ),
    ItemSpec(
        "resettlement",
        "SWJ",
        "0008",
        "大中型水库移民后期扶持人口核定",
        ItemType.BENEFIT,
        "《国务院关于完善大中型水库移民后期扶持政策的意见》（国发〔2006〕17号）第三条；《大中型水利水电工程建设征地补偿和移民安置条例》第四十九条",
        "1. 纳入扶持范围的大中型水库农村移民；\n"
        "2. 2006年6月30日前搬迁的，按原核定人口扶持；之后搬迁的，从完成搬迁之日起扶持20年；\n"
        "3. 移民人口发生出生、死亡、迁移等变化的，按规定核减或者核增。",
        BENEFIT_STEPS,
        20,
        10,
        Audience.PERSON,
        (LifeEvent.SOCIAL_SECURITY,),
        (
            ID_CARD,
            M("户口簿", GOVERNMENT, form=MaterialForm.PAPER),
            M("移民搬迁安置证明", GOVERNMENT, notes="由原安置地乡（镇）人民政府出具。"),
            M("本人社会保障卡或者银行账户信息"),
        ),
        result_name="后期扶持人口核定结果",
        result_type="审批结果",
        special=SpecialProcedureKind.PUBLIC_NOTICE,
    ),
    ItemSpec(
        "water",
        "SWJ",
        "0009",
        "取水许可",
        ItemType.LICENSING,
        "《中华人民共和国水法》第七条、第四十八条；《取水许可和水资源费征收管理条例》第二条、第二十一条",
        "1. 直接从江河、湖泊或者地下取用水资源的单位和个人；\n"
        "2. 取水符合流域或者区域的水资源规划和用水总量控制指标；\n"
        "3. 已编制建设项目水资源论证报告或者论证表，并经审查通过。",
        INSPECTED_STEPS,
        45,
        20,
        Audience.ORGANISATION,
        (LifeEvent.OPERATION,),
        (
            M("取水许可申请书"),
            M("建设项目水资源论证报告书（表）", INTERMEDIARY),
            M("与第三者利害关系的相关说明", condition="取水涉及第三者利害关系的"),
            LICENCE,
        ),
        result_name="取水许可证",
        online=False,
        prefix="取水(示)字",
        special=SpecialProcedureKind.EXPERT_REVIEW,
    ),
    ItemSpec(
        "logging",
        "LYJ",
        "0019",
        "林木采伐许可证核发",
        ItemType.LICENSING,
        "《中华人民共和国森林法》第五十六条、第五十七条；《中华人民共和国森林法实施条例》第三十二条",
        "1. 采伐林地上的林木应当申请采伐许可证，并按照采伐许可证的规定进行采伐；\n"
        "2. 采伐限额内，符合林木采伐技术规程；\n"
        "3. 商品林采伐应当提交伐区调查设计材料。",
        INSPECTED_STEPS,
        20,
        7,
        Audience.PERSON,
        (LifeEvent.AGRICULTURE,),
        (
            M("林木采伐申请表"),
            M("林木所有权或者林地使用权证明", GOVERNMENT),
            M("伐区调查设计材料", INTERMEDIARY, condition="采伐商品林面积超过五公顷的"),
            M("上年度采伐后的更新造林验收证明", condition="上年度进行过采伐的"),
            ID_CARD,
        ),
        result_name="林木采伐许可证",
        prefix="示林采",
    ),
]
