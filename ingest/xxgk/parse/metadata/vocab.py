"""Chinese vocabulary the metadata, legacy and narrative parsers use, in one place (data, not logic).

Everything is in normalised form (Simplified, half-width), since the parsers read ``normalize()`` output.
"""

from __future__ import annotations

from xxgk.parse.model import Kind

# --- reporting bodies ---------------------------------------------------------------------------

# A body's name ends with one of these (longest first when used in a regex).
ORG_SUFFIXES: tuple[str, ...] = (
    "人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "人民政府", "街道办事处", "办事处",
    "管理委员会", "管委会", "委员会", "办公室", "办公厅", "总署", "海关", "分行", "公署", "分局", "局", "厅", "署", "中心",
    "委", "院", "所", "站", "队", "部", "政府", "街道", "镇", "乡", "苏木", "园区", "区", "市", "县", "州", "盟", "旗",
)
# Sub-units of a body, cut from a contact line ("请与X局办公室联系" -> X局).
SUB_UNITS: tuple[str, ...] = (
    "政务公开领导小组办公室", "政务公开办公室", "信息公开办公室", "党政综合办公室", "党政办公室", "综合办公室", "办公室",
    "办公厅", "党政办", "党政综合部",
    "政府信息公开处", "政务公开处", "政务公开科", "综合科", "办公科",
)
# Body suffixes that make it a department; the rest of ORG_SUFFIXES make it a government.
DEPARTMENT_SUFFIXES: tuple[str, ...] = (
    "办公室", "办公厅", "总署", "海关", "分行", "公署", "分局", "局", "厅", "署", "中心", "委员会", "委", "院", "所", "站",
    "队", "部", "管委会", "管理委员会",
)
# (the longest suffix decides: a 地区/盟's 行政公署 is its government, a 公署 alone a department)
GOVERNMENT_SUFFIXES: tuple[str, ...] = ("人民政府", "政府", "行政公署", "街道办事处", "办事处", "街道", "镇", "乡", "苏木")
# The township-level units (苏木: a township of Inner Mongolia's pastoral areas), and the endings of their bodies.
TOWNSHIP_UNITS: tuple[str, ...] = ("镇", "乡", "街道", "苏木")
TOWNSHIP_MARKS: tuple[str, ...] = ("街道办事处", "街道", "镇人民政府", "乡人民政府", "苏木人民政府", "镇政府", "乡政府",
                                   "镇", "乡", "苏木")
# A name with one of these and no place before it is a national body.
NATIONAL_MARKS: tuple[str, ...] = ("国务院", "国家", "中华人民共和国", "总署", "海关总署", "中国")
# Zones named after their city ("渭南经开区", "西安高新技术产业开发区"): the words after the city's short name.
ZONE_WORDS: tuple[str, ...] = (
    "经济技术开发区", "经济开发区", "高新技术产业开发区", "高新技术开发区", "高新区", "经开区", "开发区", "综合保税区",
    "保税区", "保税港区", "工业园区", "产业园区", "示范区", "新区", "自贸区", "自由贸易试验区", "试验区", "实验区",
    "合作区", "园区",
)
# Vertically managed bodies whose local units carry a short place name after the national body's
# ("国家统计局南京调查队", "中国人民银行西安分行", "国家金融监督管理总局江苏监管局").
VERTICAL_PREFIXES: tuple[str, ...] = (
    "国家税务总局", "国家统计局", "中国人民银行", "国家金融监督管理总局", "中国银行保险监督管理委员会", "中国银保监会",
    "中国证券监督管理委员会", "中国证监会", "国家外汇管理局", "国家烟草专卖局", "中国气象局", "国家邮政局", "交通运输部",
    "国家矿山安全监察局", "国家粮食和物资储备局", "国家能源局", "国家药品监督管理局", "国家知识产权局",
)
# A name ending so, with no place in it and not relative ("水利部", "审计署"), is a national body (a
# ministry or administration): local bodies carry their place ("区委宣传部" opens with 区).
NATIONAL_SUFFIXES: tuple[str, ...] = ("部", "署")
# "我局" / "我镇": how a body refers to itself -> what kind of body it is.
SELF_REFERENCE: dict[str, Kind] = {
    "局": "department", "办": "department", "委": "department", "厅": "department", "署": "department",
    "中心": "department", "处": "department", "院": "department", "关": "department", "队": "department",
    "支队": "department", "总队": "department", "部": "department",
    "镇": "government", "乡": "government", "街道": "government", "苏木": "government", "区": "government",
    "县": "government", "市": "government", "旗": "government", "州": "government", "盟": "government",
    "省": "government",
}
# How the name of a body that calls itself so ends ("我委" -> X委员会, "我关" -> X海关): a name of the page header
# or of a sentence that ends otherwise is another body's (the parent that posts the page).
SELF_REFERENCE_ENDINGS: dict[str, tuple[str, ...]] = {
    "局": ("局",), "委": ("委", "委员会", "管委会"), "厅": ("厅",), "署": ("署",), "中心": ("中心",), "院": ("院",),
    "关": ("海关",), "队": ("队",), "支队": ("支队",), "总队": ("总队",), "办": ("办", "办公室", "办公厅", "办事处"),
    "处": ("处",), "部": ("部",),
}
# The minority peoples named in autonomous divisions' names ("大理白族自治州", "伊犁哈萨克自治州"): the place's own
# name is what comes before the first of them, and bodies write it short ("大理州", "长阳县", "石柱县"). A one-
# character name counts only with 族 after it (白族, 水族); the others with or without it (蒙古, 哈萨克).
ETHNIC_GROUPS: tuple[str, ...] = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣",
    "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌",
    "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
    "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
)
# Self-references only a department uses of itself ("我局", "我委"): a report that mostly says so is no
# government's (a 我办 may be a government's office writing its report, so it is not among them).
DEPARTMENT_SELF_REFERENCES: tuple[str, ...] = ("局", "委", "厅", "署", "中心")
# Verbs that follow the subject in "2017年,X局认真贯彻…".
SUBJECT_VERBS: tuple[str, ...] = (
    "认真", "坚持", "严格", "继续", "以", "在", "按照", "深入", "积极", "全面", "紧紧", "围绕", "进一步",
    "高度", "扎实", "切实", "始终", "着力", "持续", "不断", "聚焦", "根据", "结合", "把", "将", "全力",
    "主动", "深化", "大力", "加强", "贯彻", "共", "通过", "政府信息公开", "信息公开", "政务公开",
)
# --- what a body's name can not be (body.valid) ----------------------------------------------------

# A name never opens with a preposition, a conjunction or a pronoun ("向市政府", "对区政府", "及县财政局"),
# unless that character opens a place's name (于洪区, 向阳区, 和平区, 同江市: checked against the gazetteer).
NAME_BAD_OPENINGS: tuple[str, ...] = (
    "向", "对", "在", "于", "由", "据", "经", "从", "为", "把", "将", "被", "给", "与", "和", "及", "同", "按", "以",
    "至", "到", "当", "就", "凡", "因", "使", "让", "请", "是", "有", "等", "各", "该", "其", "此", "即", "原", "的",
    "了", "并", "或", "而", "且", "又", "也", "都", "还", "要", "会同", "联合", "配合", "通过", "经过", "关于", "根据",
    "按照", "依据", "围绕", "结合", "督促", "指导", "要求", "协调", "认真", "全体", "上级", "下级", "共", "全", "已",
    "均", "仅", "另", "再", "曾", "未", "不", "无", "没有", "建立", "突出", "强化", "加强", "完善", "健全", "推动", "深化",
    "坚持", "做到", "实现", "确保", "进一步", "不断", "积极", "切实", "扎实", "全面", "持续", "充分", "加大", "开展",
    "组织开展", "明确", "成立", "召开", "制定", "印发", "落实", "贯彻", "严格", "及时", "主动", "依法", "规范", "提升",
    "提高", "优化", "做好", "抓好", "推进", "围绕", "聚焦", "重点", "一是", "二是", "三是", "四是", "五是",
)
# The tail of a compound institution word: a name opening so was cut out of a longer one ("…街道办事处",
# "…县人民政府" read from the wrong character on), never a body's own name.
NAME_CUT_OPENINGS: tuple[str, ...] = ("道办事处", "办事处", "事处", "民政府", "人民政府", "员会", "委员会", "管委会")
# Of those single characters, the ones no town's name opens with (和平镇, 向阳街道, 同心乡 do open so).
TOWN_BAD_OPENINGS: tuple[str, ...] = ("的", "了", "各", "该", "其", "此", "及", "并", "或", "而", "且", "是", "请", "使",
                                      "让", "被", "把", "给", "就", "凡", "即", "也", "都", "还", "要", "共", "均",
                                      "仅", "另", "再", "未", "不", "无")
# Words of a clause, never of a body's name: a name holding one is a sentence fragment ("收到市政府",
# "市政府及市政府办公室", "申请人向区政府", "通过市政府门户网站"). Checked outside the place names in it.
NAME_CLAUSE_WORDS: tuple[str, ...] = (
    "申请", "提出", "收到", "受理", "答复", "印发", "报告", "根据", "按照", "做好", "开展", "落实", "贯彻", "要求", "通知",
    "联系", "负责", "通过", "门户", "网站", "网页", "栏目", "专栏", "平台", "公众号", "微信", "微博", "及", "等", "或",
    "以及", "并", "向", "的", "了", "在", "将", "把", "被", "由", "从", "与其", "所属", "各级", "所有", "本级", "上述",
    "部署", "转发", "发布", "公布", "公告",
)
# Endings that belong to the next phrase, not to a body ("县人民政府网站", "全市辖区", "金井湾片区").
NAME_BAD_ENDINGS: tuple[str, ...] = ("网站", "辖区", "片区", "小区", "景区", "市区", "社区", "政府网", "工作站点")
# Words that end like a body but name a kind of place, not one body ("乡镇政务公开工作"): never a name alone
# (a town may end so: 西城镇, 新城镇).
NAME_NOT_ALONE: tuple[str, ...] = ("乡镇", "城镇", "村镇", "镇街", "街镇", "县区", "区县", "市县", "县市", "省市")
# Body names that end in a place word yet name an administration ("园区", "物流区": golden 053/035 keep them)
# are rare; a bare "区"/"市"/"县" alone is never a name.
NAME_MIN_LEN = 2

# --- what kind of document (doctype.py) ----------------------------------------------------------

# A heading of the report's own outline, after "一、"/"(一)" (DOMAIN.md: 总体情况 … 其他需要报告的事项).
REPORT_HEADINGS: tuple[str, ...] = (
    "总体情况", "概述", "基本情况", "主动公开政府信息", "主动公开情况", "收到和处理政府信息公开申请", "依申请公开",
    "政府信息公开行政复议", "因政府信息公开", "政府信息公开的收费", "存在的主要问题", "主要问题及改进", "其他需要报告",
    "政府信息公开工作", "政务公开工作",
)
# Words only a report (or its tables) uses about itself.
REPORT_MARKS: tuple[str, ...] = (
    "本报告", "本年度报告", "本年报", "报告如下", "统计期限", "统计时限", "第二十条第", "本年新收", "统计指标", "申请人情况",
    "工作总结如下", "情况汇报如下", "情况总结如下",
)
# How the title of a notice, a policy or a news item ends or what it holds.
NOT_REPORT_TITLE_ENDINGS: tuple[str, ...] = (
    "通知", "意见", "办法", "方案", "规定", "细则", "通告", "公告", "决定", "批复", "函", "纪要", "要点", "指南", "目录",
    "简报", "讲话",
)
NOT_REPORT_TITLE_WORDS: tuple[str, ...] = ("召开", "会议", "推进会", "培训", "印发", "调研", "检查组", "座谈会", "部署会")

# Labels of the body that issued the page's document, in a page's metadata header (a gov.cn table's 发文机关).
# (来源/信息来源 are not among them: they often name the site's owner, the body's parent.)
PUBLISHER_LABELS: tuple[str, ...] = ("发布机构", "发文机关", "发文单位")
# Page chrome: lines with these are not titles.
CHROME_MARKS: tuple[str, ...] = (
    "当前位置", "首页", "字号", "字体", "打印", "分享", "来源:", "阅读次数", "浏览次数", "关闭窗口", "【",
    "索引号", "索 引 号", "发布机构", "发文机关", "发文日期", "发布日期", "成文日期", "报告发布", "报告内容",
)
# Links to other pages of the site, below the report ("上一篇:X财政局2023年度…报告"): a line opening so names
# another body (chrome.py blanks it). 相关连结: a Traditional copy's 相關連結.
PAGE_LINK_MARKS: tuple[str, ...] = (
    "上一篇", "下一篇", "上一条", "下一条", "上一页", "下一页", "相关链接", "相关连结", "相关文章", "相关阅读", "相关新闻",
    "相关信息", "相关稿件", "推荐阅读", "热点推荐", "热门文章",
)
# The site's footer: a short line holding one of these names the site's owner, not the reporting body.
SITE_FOOTER_MARKS: tuple[str, ...] = (
    "主办:", "主办单位", "承办:", "承办单位", "协办单位", "版权所有", "网站标识码", "ICP备", "公网安备", "技术支持",
    "网站地图", "Copyright", "copyright", "©",
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

# The day the document was written (a gov.cn metadata table's 成文日期): the signature's date, so it wins over
# the day the page was posted (发布日期) when the text has no dated signature.
WRITTEN_LABELS: tuple[str, ...] = ("成文日期", "成文时间")
PUBLISHED_LABELS: tuple[str, ...] = (
    "发布日期", "发文日期", "发布时间", "成文日期", "公文生成日期", "生成日期", "日期", "时间",
)
NOT_PUBLISHED_LABELS: tuple[str, ...] = ("归档时间", "打印", "更新时间", "访问", "截止", "抓取", "采集", "爬取", "下载")
# Words of a plan ("2024年,我局将继续…"): a sentence opening with a year and holding one speaks of the year ahead.
PLAN_WORDS: tuple[str, ...] = ("将", "计划", "拟", "力争", "预计", "要继续", "下一步")
# Words after a signature's date ("2024年1月18日印发": the day it was issued), and January's other name (元月).
DATE_ISSUED_WORDS: tuple[str, ...] = ("印发", "发布", "公布", "签发")
FIRST_MONTH_WORD = "元月"
# Digits of a date written in Chinese numerals under a signature ("二〇二四年一月十八日"): the year digit by
# digit (〇, ○, 零, a Latin O and 0 are all zero), month and day as numbers (十一, 二十八).
CHINESE_DIGITS: dict[str, int] = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9,
}
