"""The password policy (等保三级: length, character classes, no common password), with
every rule worded in Chinese for the field it sits beside.

Django's own validators are used for the checks; their English messages changed in
Django 5.2 and no longer match the zh-Hans catalogue, so the wording lives here.
"""

import re
from pathlib import Path

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    UserAttributeSimilarityValidator,
)
from django.core.exceptions import ValidationError
from django.utils.functional import lazy

LOCAL_COMMON_WORDS = Path(__file__).resolve().parent / "data" / "common_words.txt"


class LengthValidator(MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要{self.min_length}个字符"

    def get_help_text(self):
        return f"至少{self.min_length}个字符"


class CharacterClassesValidator:
    """At least `min_classes` of: capital letters, small letters, digits, other signs."""

    CLASSES = (
        ("大写字母", re.compile(r"[A-Z]")),
        ("小写字母", re.compile(r"[a-z]")),
        ("数字", re.compile(r"[0-9]")),
        ("符号", re.compile(r"[^A-Za-z0-9]")),
    )

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for _, pattern in self.CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(
                f"密码须包含{self._names()}中的至少{self.min_classes}类，当前只有{present}类",
                code="password_too_simple",
            )

    def _names(self) -> str:
        return "、".join(name for name, _ in self.CLASSES)

    def get_help_text(self):
        return f"包含{self._names()}中的至少{self.min_classes}类"


class CommonWordsValidator(CommonPasswordValidator):
    """Django's list of 20,000 common passwords, plus local words refused when they are
    all the letters of the password ("Qwerty@2022"); those marked with * in the list
    (place names, the system's own name) also with other letters around them
    ("Dongchuan", "MyKunming@2022")."""

    def __init__(self, password_list_path=CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH):
        super().__init__(password_list_path)
        words = [line.strip().lower() for line in LOCAL_COMMON_WORDS.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        self.local_words = {word.rstrip("*") for word in words}
        self.contained_words = {word.rstrip("*") for word in words if word.endswith("*")}

    def validate(self, password, user=None):
        letters = re.sub(r"[^a-z]", "", password.lower())
        local = letters in self.local_words or any(word in letters for word in self.contained_words)
        if password.lower().strip() in self.passwords or local:
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return "这是常见密码或地名、系统名称，容易被猜中，请换一个"

    def get_help_text(self):
        return "不能是常见密码或地名、系统名称"


class NotOnlyDigitsValidator(NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字"

    def get_help_text(self):
        return "不能全是数字"


class NotLikePersonValidator(UserAttributeSimilarityValidator):
    def __init__(self, user_attributes=("mobile", "id_number", "real_name", "email"), max_similarity=0.7):
        super().__init__(user_attributes, max_similarity)

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(self.get_error_message(), code="password_too_similar") from None

    def get_error_message(self):
        return "密码与手机号码、身份证号、姓名或电子邮箱太相似"

    def get_help_text(self):
        return "不能与手机号码、身份证号、姓名或电子邮箱相似"


def password_rules() -> list[str]:
    """The rules in force, one short Chinese line each, for display beside a field."""
    return password_validation.password_validators_help_texts()


def password_rules_text() -> str:
    return "密码要求：" + "；".join(password_rules()) + "。"


password_rules_help = lazy(password_rules_text, str)()
