"""How values are shown to people: dates as dates (2022年7月1日), choices by their labels,
booleans as 是/否.  One place, used by pages, snapshots and documents alike."""

import datetime
import re


def chinese_date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def chinese_month(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def display_value(record, name: str) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if name == "level" and hasattr(record, "title_name"):
        return record.title_name  # a level of a series under the series' own name (工程师), not the grade
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return chinese_month(value) if getattr(field, "month_only", False) else chinese_date(value)
    if value in (None, ""):
        return "至今" if name == "ended_on" else "—"
    return str(value)


ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def plain_dates(text: str) -> str:
    """Every ISO date inside a sentence as people write it: 「取得于2010-12-30」→「取得于2010年12月30日」."""
    return ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", str(text))


# The rules by what they check, as the pages name them (the codes stay in the API and for
# administrators).
RULE_NAMES = {
    "E1": "任职年限", "E2": "社保参保", "E3": "乡镇（街道）提前申报", "E4": "专业学位提前申报",
    "E5": "职业资格与职称对应", "E6": "职称确认", "E7": "申报限制", "E8": "系列和申报方式的其他条件",
    "T1": "评审通知发布", "T2": "会前备案", "T3": "网上申报时间", "T4": "申报材料报送",
    "T5": "考核定职受理时间", "T6": "职称资格确认", "T7": "公示期",
}


def rule_name(code: str) -> str:
    return RULE_NAMES.get(code, code)


# The documents the rules cite, by the short names the parameter files use, with the title
# people write between 《》.
DOCUMENT_TITLES = {
    "2022年6月6日通知": "关于开展2022年专业技术职称申报评审工作的通知",
    "2022年职称申报评审工作通知": "关于开展2022年专业技术职称申报评审工作的通知",
}
LAYER_NAMES = ("国家", "云南省", "昆明市", "东川区")
NUMERALS = "一二三四五六七八九十"
ITEM = re.compile(rf"^([{NUMERALS}]+)(?:[(（]([{NUMERALS}]+)[)）])?$")
DOCUMENT_NUMBER = re.compile(r"^(人社部令第\d+号|[\u4e00-\u9fff]+〔\d{4}〕\d+号)$")


def _article(item: str) -> str:
    """「二(三)」→「第二条第（三）项」, 「三」→「第三条」; anything else as it is."""
    match = ITEM.match(item)
    if match is None:
        return item
    return f"第{match[1]}条" + (f"第（{match[2]}）项" if match[2] else "")


def citation(source: str) -> str:
    """A rule's source as people cite it: the document's title in 《》, then the article.
    「东川区 2022年6月6日通知 一(八)」→「《关于开展2022年专业技术职称申报评审工作的通知》第一条第（八）项」;
    「国家 人社部令第40号 职称评审管理暂行规定 评审专家每届任期不得超过3年」→
    「《职称评审管理暂行规定》（人社部令第40号）：评审专家每届任期不得超过3年」.  Several sources
    joined with ；are each cited."""
    if "；" in str(source):
        return "；".join(dict.fromkeys(citation(part) for part in str(source).split("；")))
    words = str(source).split()
    if words and words[0] in LAYER_NAMES:
        words = words[1:]
    if not words:
        return ""
    if words[0] in DOCUMENT_TITLES:
        cited = f"《{DOCUMENT_TITLES[words[0]]}》"
        rest = " ".join(words[1:])
        return cited + _article(rest) if rest else cited
    if DOCUMENT_NUMBER.match(words[0]) and len(words) > 1:
        cited = f"《{words[1]}》（{words[0]}）"
        rest = " ".join(words[2:])
        return f"{cited}：{rest}" if rest else cited
    titled = re.match(r"^([^（《]+?)（(.+)）$", words[0])
    if len(words) == 1 and titled:  # 「…对应表（东川区2022年6月6日通知附件7）」
        return f"《{titled[1]}》（{titled[2]}）"
    return " ".join(words)


SECTION_SIGN = re.compile(rf"§([{NUMERALS}]+)(?:[(（]([{NUMERALS}]+)[)）])?")
CODE_IN_ASIDE = re.compile(r"(?<=[（(])[ET]\d{1,2}[，,]\s*")
CODE_ALONE = re.compile(r"[（(]([ET]\d{1,2})[)）]")
BARE_CODE = re.compile(r"(?<![A-Za-z0-9])[ET]\d{1,2}(?![0-9A-Za-z])")
SEED_NOTICE = "2022年6月6日通知"


def plain(text) -> str:
    """A sentence of the system's own as people read it: §一(四) cited by the notice's title
    and article, rule codes dropped or named, ISO dates written out."""
    text = SECTION_SIGN.sub(lambda m: f"《{DOCUMENT_TITLES[SEED_NOTICE]}》" + _article(m[1] + (f"({m[2]})" if m[2] else "")), str(text))
    text = CODE_IN_ASIDE.sub("", text)
    text = CODE_ALONE.sub(lambda m: f"（{rule_name(m[1])}）", text)
    text = BARE_CODE.sub(lambda m: rule_name(m[0]), text)
    return plain_dates(text)
