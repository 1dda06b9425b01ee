"""What the demo county's applicants write when they rate a case (好差评), and what the staff
write when they put a bad rating right: verification, contact, answer, appeal and decision.

Made up, in the words such records use. One comment carries a mobile number, as real ones
sometimes do, so the demo shows it masked on the public page.
"""

from __future__ import annotations

from gongkai.services.rules import RatingReason as R

# Praise, by the indicator ticked.
GOOD = {
    R.OVERALL: ["整体很满意，办事很顺利。", "一次就办好了，点赞！", "比想象中快多了，谢谢。"],
    R.EFFICIENCY: ["网上申请后没几天就办好了，不用来回跑。", "比承诺时间还提前办结。"],
    R.SERVICE_EFFICIENCY: ["窗口办理很快，十几分钟就受理了。", "当场受理，效率很高。"],
    R.ATTITUDE: ["窗口工作人员很耐心，指导填表很细致。", "服务热情周到，解释得很清楚。"],
    R.SERVICE_LEVEL: ["工作人员业务熟练，问什么都能答上来。"],
    R.CONVENIENCE: ["在家就能申请，结果还能邮寄，很方便。"],
    R.PLATFORM: ["网上办事系统操作简单，上传材料很顺畅。"],
}
BASIC = [
    "整体还行，就是排队时间有点长。",
    "办好了，但材料要求可以在指南里写得更清楚一些。",
    "还可以，希望以后能全程网办。",
]
# 差评, by the indicator named (the worse department's slowness has words of its own).
BAD = {
    R.EFFICIENCY: [
        "办理时间太长，多次打电话询问都说还在审核。",
        "承诺的时间早过了还没有结果，也没人告知原因。",
        "办了半个月还没消息，请尽快联系我 13907731234。",
    ],
    R.SERVICE_EFFICIENCY: [
        "窗口只开了一个，等了一个多小时才轮到。",
        "受理很慢，同一份材料看了好几遍。",
    ],
    R.ATTITUDE: ["窗口人员态度生硬，问两句就不耐烦。", "工作人员一直在看手机，叫了几次才理人。"],
    R.SERVICE_LEVEL: ["工作人员对政策不熟悉，说法前后不一致。"],
    R.GUIDE_ACCURACY: ["网上办事指南写的材料和窗口要求的不一致。"],
    R.PLATFORM: ["网上申请系统上传材料老是失败，只好跑到窗口。"],
    R.ONE_TIME_NOTICE: [
        "材料没有一次说清楚，前后跑了三趟。",
        "第一次没说要补证明，第二次来又说缺。",
    ],
    R.MATERIALS: [
        "要的证明太多，有些明明可以部门之间共享。",
        "要求提供的材料和办事指南上写的不一样。",
    ],
    R.OVERALL: ["很不满意。"],
}
WORSE_SLOW = [
    "不动产登记等了快一个月，比承诺的时间晚了一个多星期。",
    "过户手续一拖再拖，说是等权籍调查，也没人主动告知进度。",
    "规划许可办了很久，每次问都说在走流程。",
]
MALICIOUS = "什么破地方，全是混日子的，都该开除！！！"

VERIFICATIONS = {
    "slow": [
        "经调阅办件记录核实，该件在审查环节停留时间过长，超出承诺时限，情况属实。",
        "经核实，该件因权籍调查补测衔接不畅，办结时间超出承诺时限。",
    ],
    "manner": ["经调阅窗口录音录像并询问当班人员，工作人员解释不够耐心，情况基本属实。"],
    "materials": ["经核实，办事指南所列材料与窗口受理标准表述不一致，导致申请人补交材料。"],
    "malicious": ["经调阅窗口录音录像，当班人员依法依规受理、态度规范，办件按时办结。"],
}
CONTACT_METHODS = ["电话", "电话", "短信", "当面", "上门"]
CONTACT_NOTES = [
    "电话联系申请人，了解不满意的具体原因，并致歉。",
    "与申请人当面沟通，听取意见，告知整改措施和答复期限。",
    "联系申请人说明核实情况，申请人表示理解，希望尽快改进。",
]
ANSWERS = {
    "rectified": [
        "已对相关工作人员进行批评教育，并对超期件实行专人跟踪督办，今后办理进度将主动告知。感谢您的监督。",
        "已调整内部流转环节，压缩审查时间；已同步更新办事指南中的材料说明。给您带来不便，深表歉意。",
        "已增开高峰时段窗口并加强窗口人员服务规范培训。感谢您提出的意见。",
    ],
    "explained": [
        "经核实，该事项依法须经公示，公示期不计入办理时限，已向您解释说明。给您带来不便，敬请谅解。",
        "经核实，补正要求系依据法定受理标准提出，已向您当面解释，并将在办事指南中写得更清楚。",
    ],
}
APPEALS = {
    "malicious": (
        "申请人因要求违规加急未获同意而给出差评，评价内容与办理服务无关且含侮辱性言语，"
        "属恶意差评，请予复核。"
    ),
    "mistaken": "回访时申请人表示评价时误点了“不满意”，对办理服务本身没有意见，请予复核。",
}
DECISIONS = {
    True: (
        "经调取窗口录音录像并回访核实，窗口人员依法依规办理、态度规范，该评价与办理服务无关，"
        "属恶意差评。申诉成立，该评价不计入统计。"
    ),
    False: "经复核回访，申请人确对办理服务有意见，不属于误评。申诉不成立，请按期整改答复。",
}
