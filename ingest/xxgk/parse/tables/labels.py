"""The official templates of 表二/表三/表四 as data: row labels, column sets, header markers.

All readable Chinese template wording used by the table parser lives here (the other modules hold
logic only). Labels are matched against the *normalised* text (half-width punctuation, Simplified),
with whitespace removed.

Template (国办公开办函〔2019〕60号 and 〔2021〕30号 formats):
- 表二 rows are named by their first cell ("规章", "行政许可", ...); the column set depends on the era.
- 表三 has 7 numeric columns in a fixed order and 23 (v2019) / 25 (v2021) data rows; group rows
  ("三、本年度办理结果", "(三)不予公开" …) carry no data of their own.
- 表四 is one row of 15 numbers under a two-level header.
"""

from __future__ import annotations

from dataclasses import dataclass

# ----------------------------------------------------------------------------------------------
# Era markers (header wording). Counted on the text with whitespace and "|" removed, so split
# header cells ("本年新\n制作数量") still count.
ERA_MARKERS: dict[str, tuple[str, ...]] = {
    "v2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正"),
    "v2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "第二十条第(九)项", "采购总金额",
              "上一年项目数量", "其他对外管理服务事项"),
}

# ----------------------------------------------------------------------------------------------
# 表二
T2_ANCHOR_PREFIX = "第二十条"           # "第二十条第(一)项" block headers open 表二
T2_HEADER_WORDS = ("信息内容", "本年新制作数量", "本年制发件数", "上一年项目数量", "本年处理决定数量",
                   "处理决定数量", "本年收费金额", "采购项目数量")

# row prefix -> label prefixes (a row label *starts with* one of these, after numbering is removed)
T2_ROW_LABELS: dict[str, tuple[str, ...]] = {
    "regulations": ("规章",),
    "normative_docs": ("行政规范性文件", "规范性文件"),
    "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项",),
    "penalty": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("行政事业性收费",),
    "procurement": ("政府集中采购",),
}

# era -> ordered rows (template order) with their column suffixes
T2_ROWS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "v2019": (
        ("regulations", ("new_made", "new_published", "total_published")),
        ("normative_docs", ("new_made", "new_published", "total_published")),
        ("licensing", ("prev_items", "change", "decisions")),
        ("other_services", ("prev_items", "change", "decisions")),
        ("penalty", ("prev_items", "change", "decisions")),
        ("coercion", ("prev_items", "change", "decisions")),
        ("fees", ("prev_items", "change")),
        ("procurement", ("items", "amount_yuan")),
    ),
    "v2021": (
        ("regulations", ("issued", "repealed", "in_force")),
        ("normative_docs", ("issued", "repealed", "in_force")),
        ("licensing", ("decisions",)),
        ("penalty", ("decisions",)),
        ("coercion", ("decisions",)),
        ("fees", ("amount_10k_yuan",)),
    ),
}

# Keys whose cells are money, and the unit the key is expressed in.
MONEY_UNITS: dict[str, str] = {
    "t2.fees.amount_10k_yuan": "万元",
    "t2.procurement.amount_yuan": "元",
}
# Keys that may be negative (v2019 本年增/减).
SIGNED_SUFFIX = ".change"

# ----------------------------------------------------------------------------------------------
# 表三
T3_COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org",
              "total")

T3_ANCHOR_WORDS = ("申请人情况", "勾稽关系", "本年新收")
T3_HEADER_WORDS = ("自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构")


@dataclass(frozen=True)
class T3Row:
    key: str                     # row prefix under "t3."
    keywords: tuple[str, ...]    # any of these inside the label identifies the row
    ordinal: int | None = None   # the "N." of a sub-row, for recognising truncated labels ("2")
    era: str | None = None       # None = both eras


T3_ROWS: tuple[T3Row, ...] = (
    T3Row("new", ("本年新收",)),
    T3Row("carried_in", ("上年结转",)),
    T3Row("granted", ("予以公开",)),
    T3Row("partial", ("部分公开",)),
    T3Row("denied.state_secret", ("国家秘密",), 1),
    T3Row("denied.law_prohibited", ("法律行政法规禁止", "行政法规禁止公开"), 2),
    T3Row("denied.security_stability", ("三安全一稳定", "三安全"), 3),
    T3Row("denied.third_party", ("第三方合法权益", "保护第三方"), 4),
    T3Row("denied.internal_affairs", ("内部事务", "三类内"), 5),
    T3Row("denied.process_info", ("过程性信息", "四类过程"), 6),
    T3Row("denied.enforcement_file", ("执法案卷",), 7),
    T3Row("denied.query_matter", ("查询事项",), 8),
    T3Row("unable.not_held", ("不掌握",), 1),
    T3Row("unable.needs_creation", ("另行制作", "没有现成"), 2),
    T3Row("unable.unclear", ("仍不明确", "补正后申请"), 3),
    T3Row("rejected.petition", ("信访举报投诉", "信访"), 1),
    T3Row("rejected.duplicate", ("重复申请",), 2),
    T3Row("rejected.publication", ("公开出版物", "出版物"), 3),
    T3Row("rejected.mass_repeat", ("大量反复",), 4),
    T3Row("rejected.confirm_reissue", ("重新出具", "确认或重新"), 5),
    T3Row("other_handling", ("其他处理",), None, "v2019"),
    T3Row("other_handling.no_correction", ("逾期不补正",), 1, "v2021"),
    T3Row("other_handling.no_fee", ("收费通知", "缴纳费用"), 2, "v2021"),
    T3Row("other_handling.misc", (), 3, "v2021"),          # "3.其他": matched by context
    T3Row("total", (), None),                               # "(七)总计": matched by context
    T3Row("carried_forward", ("结转下年度",)),
)

# Group rows: label keyword -> the first sub-row it introduces (a group label followed directly by
# numbers shares its line with that sub-row, whose own label was lost).
T3_GROUPS: dict[str, str] = {
    "不予公开": "denied.state_secret",
    "无法提供": "unable.not_held",
    "不予处理": "rejected.petition",
    "其他处理": "other_handling.no_correction",   # v2021 only; in v2019 it is a data row
    "本年度办理结果": "granted",
}
T3_MISC_LABEL = "其他"          # v2021 (六)3.其他, after numbering is removed
T3_TOTAL_LABEL = "总计"         # (七)总计

# ----------------------------------------------------------------------------------------------
# 表四
T4_MARKERS = ("未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结")
T4_BLOCKS = ("review", "suit_direct", "suit_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# ----------------------------------------------------------------------------------------------
# Text that ends any table context: the header of a pre-2019 统计表 (legacy parser's job).
LEGACY_HEADER_WORDS = ("统计指标", "统计数")

# Cell contents meaning "blank" (present but no figure).
NULL_TOKENS = frozenset({"", "/", "-", "—", "–", "--", "——", "—-", "无", "\\", "空", "/ /", "－", "/"})

# Units a number may carry inside its cell.
CELL_UNITS = ("万元", "元", "件", "项", "条", "个", "次")
