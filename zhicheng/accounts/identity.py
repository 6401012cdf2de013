"""Identity numbers, credit codes and mobile numbers: the checks a registry must make.

Each check returns the normalised value or raises ``ValidationError`` with a Chinese
message that names the rule broken.  The field name is added by the form that uses it.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from stdnum import numdb
from stdnum.cn import ric, uscc

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def validate_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """居民身份证号码 (GB 11643-1999): 18 characters, a real birth date, a region code that
    has existed, and the check character.

    The region code is not checked against the holder's birth year: 东川区 (530113) has
    existed only since 1998, yet people born there earlier hold 530113 numbers, and a
    registration system must not lock a real person out.
    """
    number = ric.compact(value or "")
    if len(number) != 18 or not number[:17].isdigit() or not re.fullmatch(r"[0-9X]", number[17]):
        raise ValidationError("应为18位：前17位为数字，末位为数字或X（GB 11643-1999）", code="id_format")
    try:
        birth = ric.get_birth_date(number)
    except Exception:
        raise ValidationError(
            f"出生日期{number[6:10]}-{number[10:12]}-{number[12:14]}不是真实的日期（GB 11643-1999 第7至14位）",
            code="id_birth_date",
        ) from None
    today = today or datetime.date.today()
    if birth > today or birth.year < 1900:
        raise ValidationError(
            f"出生日期{birth.isoformat()}不可能（GB 11643-1999 第7至14位）", code="id_birth_date"
        )
    if not _region_code_has_existed(number[:6]):
        raise ValidationError(
            f"地址码{number[:6]}不是曾经使用过的行政区划代码（GB 11643-1999 第1至6位）", code="id_region"
        )
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(
            f"校验码错误：按前17位计算末位应为{expected}（GB 11643-1999 校验码）", code="id_checksum"
        )
    return number


def _region_code_has_existed(code: str) -> bool:
    info = {key: val for _part, props in numdb.get("cn/loc").info(code) for key, val in props.items()}
    return "county" in info


def birth_date_from_id(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def gender_from_id(number: str) -> str:
    """Odd order code: male; even: female (GB 11643-1999 第17位)."""
    return "male" if int(number[16]) % 2 else "female"


def mask_id_number(number: str) -> str:
    """Shown wherever the full number is not needed: 530113********123X."""
    return f"{number[:6]}{'*' * 8}{number[14:]}" if number else ""


def mask_mobile(number: str) -> str:
    """Shown to anyone but the owner until revealed: 139****0001."""
    return f"{number[:3]}****{number[7:]}" if number else ""


def validate_credit_code(value: str) -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters and the check character."""
    code = uscc.compact(value or "")
    if len(code) != 18 or not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", code):
        raise ValidationError(
            "应为18位，由数字和除I、O、Z、S、V以外的大写字母组成（GB 32100-2015）", code="uscc_format"
        )
    expected = uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise ValidationError(
            f"校验码错误：按前17位计算第18位应为{expected}（GB 32100-2015 校验码）", code="uscc_checksum"
        )
    return code


def validate_mobile(value: str) -> str:
    number = re.sub(r"[\s-]", "", value or "")
    if not MOBILE_PATTERN.fullmatch(number):
        raise ValidationError("应为11位中国大陆手机号码，以1开头、第二位为3至9", code="mobile_format")
    return number
