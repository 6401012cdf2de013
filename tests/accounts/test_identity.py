import datetime

import pytest
from django.core.exceptions import ValidationError

from zhicheng.accounts.identity import (
    gender_from_id,
    mask_id_number,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the GB 11643-1999 sample, check character X
        "360426199101010071",
        "530113200106150128",  # 东川区 after 1998
        "530113198503120125",  # 东川区 code, born before the district had it: must not be refused
        "530102197711230341",  # 五华区
    ],
)
def test_id_number_valid_samples_accepted(number):
    assert validate_id_number(number) == number


def test_id_number_lowercase_x_normalised():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    "number, code, fragment",
    [
        ("530113198503120126", "id_checksum", "末位应为5"),
        ("11010519491231002Y", "id_format", "18位"),
        ("5301131985031201", "id_format", "18位"),
        ("530113198502300129", "id_birth_date", "1985-02-30"),
        ("530113203001010126", "id_birth_date", "2030-01-01"),
        ("999999198503120125", "id_region", "999999"),
    ],
)
def test_id_number_invalid_samples_refused_with_rule(number, code, fragment):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(number, today=datetime.date(2022, 7, 15))
    assert caught.value.code == code
    assert fragment in caught.value.messages[0]


def test_id_number_impossible_birth_date_reported_before_checksum():
    # a real-looking number whose check digit is right for its digits but whose date is 2 月 30 日
    body = "53011319850230012"
    from stdnum.cn.ric import calc_check_digit

    with pytest.raises(ValidationError) as caught:
        validate_id_number(body + calc_check_digit(body + "0"))
    assert caught.value.code == "id_birth_date"


def test_gender_and_mask_from_id_number():
    assert gender_from_id("530113198503120125") == "female"
    assert gender_from_id("530113198503120344") == "female"
    assert gender_from_id("11010519491231002X") == "female"
    assert gender_from_id("360426199101010071") == "male"
    assert mask_id_number("530113198503120125") == "530113********0125"


@pytest.mark.parametrize("code", ["91530113MA6K5Q2R8W", "125301134312345672"])
def test_credit_code_valid_samples_accepted(code):
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    "code, rule",
    [
        ("91530113MA6K5Q2R8X", "uscc_checksum"),
        ("91530113MA6K5Q2R8", "uscc_format"),
        ("91530113MA6K5Q2RIW", "uscc_format"),  # I is not in the GB 32100 alphabet
    ],
)
def test_credit_code_invalid_samples_refused(code, rule):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == rule


def test_credit_code_checksum_message_names_expected_character():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91530113MA6K5Q2R8X")
    assert "应为W" in caught.value.messages[0]
    assert "GB 32100-2015" in caught.value.messages[0]


@pytest.mark.parametrize("mobile", ["13887100000", "199 8712 3456", "177-8712-3456"])
def test_mobile_valid(mobile):
    assert validate_mobile(mobile) == mobile.replace(" ", "").replace("-", "")


@pytest.mark.parametrize("mobile", ["12887100000", "1388710000", "138871000001", "0871-62138554", ""])
def test_mobile_invalid(mobile):
    with pytest.raises(ValidationError) as caught:
        validate_mobile(mobile)
    assert caught.value.code == "mobile_format"
