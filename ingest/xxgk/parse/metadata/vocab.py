"""Chinese vocabulary the metadata, legacy and narrative parsers use, in one place (data, not logic).

Everything is in normalised form (Simplified, half-width), since the parsers read ``normalize()`` output.
"""

from __future__ import annotations

# --- reporting bodies ---------------------------------------------------------------------------

# A body's name ends with one of these (longest first when used in a regex).
ORG_SUFFIXES: tuple[str, ...] = (
    "人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "人民政府", "街道办事处", "办事处",
    "管理委员会", "管委会", "委员会", "办公室", "办公厅", "总署", "分局", "局", "厅", "署", "中心",
    "委", "院", "所", "站", "队", "部", "政府", "街道", "镇", "乡", "园区", "区", "市", "县", "州", "盟", "旗",
)
# Sub-units of a body, cut from a contact line ("请与X局办公室联系" -> X局).
SUB_UNITS: tuple[str, ...] = (
    "政务公开领导小组办公室", "政务公开办公室", "信息公开办公室", "办公室", "办公厅", "党政办", "党政综合部",
    "政府信息公开处", "政务公开处", "政务公开科", "综合科", "办公科",
)
# Body suffixes that make it a department; the rest of ORG_SUFFIXES make it a government.
DEPARTMENT_SUFFIXES: tuple[str, ...] = (
    "办公室", "办公厅", "总署", "分局", "局", "厅", "署", "中心", "委员会", "委", "院", "所", "站", "队", "部",
    "管委会", "管理委员会",
)
GOVERNMENT_SUFFIXES: tuple[str, ...] = ("人民政府", "政府", "街道办事处", "办事处", "街道", "镇", "乡")
TOWNSHIP_MARKS: tuple[str, ...] = ("街道办事处", "街道", "镇人民政府", "乡人民政府", "镇政府", "乡政府", "镇", "乡")
# A name with one of these and no place before it is a national body.
NATIONAL_MARKS: tuple[str, ...] = ("国务院", "国家", "中华人民共和国", "总署", "海关", "中国")
# A name ending so, with no place in it and not relative ("水利部", "审计署"), is a national body (a
# ministry or administration): local bodies carry their place ("区委宣传部" opens with 区).
NATIONAL_SUFFIXES: tuple[str, ...] = ("部", "署")
# "我局" / "我镇": how a body refers to itself -> what kind of body it is.
SELF_REFERENCE: dict[str, str] = {
    "局": "department", "办": "department", "委": "department", "厅": "department", "署": "department",
    "中心": "department", "处": "department", "院": "department",
    "镇": "government", "乡": "government", "街道": "government", "区": "government",
    "县": "government", "市": "government",
}
# Verbs that follow the subject in "2017年,X局认真贯彻…".
SUBJECT_VERBS: tuple[str, ...] = (
    "认真", "坚持", "严格", "继续", "以", "在", "按照", "深入", "积极", "全面", "紧紧", "围绕", "进一步",
    "高度", "扎实", "切实", "始终", "着力", "持续", "不断", "聚焦", "根据", "结合", "把", "将", "全力",
    "主动", "深化", "大力", "加强", "贯彻", "共", "通过", "政府信息公开", "信息公开", "政务公开",
)
# Page chrome: lines with these are not titles.
CHROME_MARKS: tuple[str, ...] = (
    "当前位置", "首页", "字号", "字体", "打印", "分享", "来源:", "阅读次数", "浏览次数", "关闭窗口", "【",
    "索引号", "索 引 号", "发布机构", "发文日期", "发布日期", "报告发布", "报告内容",
)
# Page chrome below the report's last line (a signature may stand just above it).
FOOTER_MARKS: tuple[str, ...] = ("扫一扫", "主办单位", "网站标识码", "归档", "关闭", "打印", "ICP备", "版权所有")

# --- damage -------------------------------------------------------------------------------------

# Spam injected by mirror sites (gambling, lottery, sports betting).
SPAM_TERMS: tuple[str, ...] = (
    "赌场", "澳门金沙", "金沙游戏", "澳门特区赌", "体育官网", "365体育", "博彩", "彩票", "娱乐城", "百家乐",
    "真人娱乐", "棋牌", "老虎机", "葡京", "威尼斯人", "太阳城", "皇冠体育", "开户送", "投注", "下注",
    "bet365", "亚博", "必威", "开元棋牌", "九游",
    # lottery-racing, casino and invoice-fraud spam as mirror sites inject it
    "北京赛车", "pk10", "PK10", "时时彩", "六合彩", "开奖直播", "娱乐场", "娱乐官网", "彩金", "注册送",
    "代开发票", "代开各类发票", "发票代开",
)
# The state lotteries and what they fund are a 民政/体育 body's own business, not spam: "福利彩票发行中心"
# publishes its own report, and 民政 reports account for "彩票公益金". A spam term inside one of these is
# not spam (spam glued to them, "福利彩票注册送彩金", still is).
NOT_SPAM: tuple[str, ...] = (
    "福利彩票", "体育彩票", "中国福利彩票", "中国体育彩票", "彩票公益金", "彩票发行", "彩票销售", "彩票管理",
    "彩票市场", "彩票资金", "彩票机构", "彩票中心", "彩票站", "即开型彩票", "彩票投注站", "福利彩票投注站",
    "体育彩票投注站", "棋牌室",
)
# Template text never filled in.
PLACEHOLDERS: tuple[str, ...] = ("(具体网址)", "(网址)", "(具体地址)", "(填写", "(请填写", "××", "XXX", "xxx")

# --- dates --------------------------------------------------------------------------------------

PUBLISHED_LABELS: tuple[str, ...] = (
    "发布日期", "发文日期", "发布时间", "成文日期", "公文生成日期", "生成日期", "日期", "时间",
)
NOT_PUBLISHED_LABELS: tuple[str, ...] = ("归档时间", "打印", "更新时间", "访问", "截止")
