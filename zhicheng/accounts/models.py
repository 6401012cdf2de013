"""People, units and regions (人员、单位、行政区划)."""

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .identity import birth_date_from_id, gender_from_id, mask_id_number, mask_mobile


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    DISTRICT = "district", "区县"
    SUBDISTRICT = "subdistrict", "街道"
    TOWNSHIP = "township", "乡镇"


class Region(models.Model):
    """行政区划: 云南省 → 昆明市 → 东川区 → 乡镇/街道."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        names, region = [], self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))

    @property
    def is_township(self) -> bool:
        """乡镇或街道 (rule E3 looks at this)."""
        return self.level in (RegionLevel.TOWNSHIP, RegionLevel.SUBDISTRICT)

    def _subtree_sql(self) -> str:
        table = connection.ops.quote_name(Region._meta.db_table)
        return (f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id = %s "
                f"UNION SELECT r.id FROM {table} r INNER JOIN tree ON r.parent_id = tree.id) SELECT id FROM tree")

    def subtree(self) -> RawSQL:
        """This region and every region below it (a bureau's jurisdiction) as a subquery, for
        ``region_id__in=region.subtree()``: walked by the database inside the list's own
        query, however deep the tree, with no list of keys built and sent."""
        return RawSQL(self._subtree_sql(), [self.pk])

    def subtree_ids(self) -> set[int]:
        """This region and every region below it, as keys: one recursive query, read once for
        this instance."""
        if getattr(self, "_subtree_ids", None) is None:
            with connection.cursor() as cursor:
                cursor.execute(self._subtree_sql(), [self.pk])
                self._subtree_ids = frozenset(row[0] for row in cursor.fetchall())
        return set(self._subtree_ids)


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "机关"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    STATE_ENTERPRISE = "state_enterprise", "国有企业"
    PRIVATE_ENTERPRISE = "private_enterprise", "非公有制企业"
    SOCIAL_ORGANIZATION = "social_organization", "社会组织"
    OTHER = "other", "其他"


class Unit(models.Model):
    """用人单位, and also the HR bureaus and committee organisers, which are units too."""

    name = models.CharField("单位全称", max_length=100, help_text="与公章一致的全称")
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="units")
    kind = models.CharField("单位性质", max_length=24, choices=UnitKind.choices)
    is_hr_bureau = models.BooleanField("人力资源社会保障部门", default=False)
    # For an HR bureau: whom the people of its region call (shown at the foot of every page).
    contact_department = models.CharField("联系科室", max_length=50, blank=True, help_text="人社部门受理职称工作的科室")
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def in_township(self) -> bool:
        """Sits in a township or sub-district (乡镇/街道), for rule E3."""
        return self.region.is_township


class Role(models.TextChoices):
    APPLICANT = "applicant", "申报人"
    EMPLOYER = "employer", "用人单位经办人"
    COMMITTEE = "committee", "评委会组建单位经办人"
    EXPERT = "expert", "评审专家"
    BUREAU = "bureau", "人社部门经办人"
    ADMIN = "admin", "系统管理员"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, mobile, password=None, **fields):
        user = self.model(mobile=mobile, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, mobile, password=None, **fields):
        fields.setdefault("role", Role.ADMIN)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(mobile, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One account per person, kept year after year (L1).

    Applicants register themselves; everyone else gets an account from an administrator
    or their bureau and is tied to a unit (employer officers, experts, bureau staff) or
    to the committees they run (committee-office staff, see catalog.Committee).
    """

    real_name = models.CharField("姓名", max_length=30)
    id_number = models.CharField("身份证号", max_length=18, unique=True, null=True, blank=True)
    mobile = models.CharField("手机号码", max_length=11, unique=True)
    email = models.EmailField("电子邮箱", blank=True)
    role = models.CharField("角色", max_length=12, choices=Role.choices, default=Role.APPLICANT)
    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="staff_accounts"
    )
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField("可进入管理后台", default=False)
    is_demo = models.BooleanField("演示数据", default=False)
    date_joined = models.DateTimeField("注册时间", default=timezone.now)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="初始密码和重置的密码在第一次登录后必须修改"
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "mobile"
    REQUIRED_FIELDS = ["real_name"]

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        ordering = ["real_name"]
        # lists sort by name (the first: a long list walks it, with each person's key, to find the
        # people of its page) and match a name from its start (the second, LIKE '王%' on
        # PostgreSQL, whose collation-aware index cannot serve a prefix match; with the keys of
        # the people matched, which a queue filtered by name joins with its applicants)
        indexes = [
            models.Index(fields=["real_name"], include=["id"], name="user_real_name"),
            models.Index(fields=["real_name"], name="user_real_name_prefix", opclasses=["varchar_pattern_ops"], include=["id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="applicant") | Q(id_number__isnull=False),
                name="applicant_has_id_number",
                violation_error_message="申报人必须登记身份证号",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["employer", "bureau", "expert"]) | Q(unit__isnull=False),
                name="unit_staff_have_unit",
                violation_error_message="用人单位经办人、人社部门经办人和评审专家必须指定所属单位",
            ),
        ]

    def __str__(self):
        return f"{self.real_name}（{self.get_role_display()}）"

    def get_full_name(self):
        return self.real_name

    def get_short_name(self):
        return self.real_name

    def password_chosen(self) -> None:
        """The person set this password themselves: no change is due any more."""
        self.must_change_password = False
        self.password_changed_at = timezone.now()

    def password_handed_over(self) -> None:
        """Someone else set this password (an initial or reset one): it must be changed."""
        self.must_change_password = True

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def birth_date(self):
        return birth_date_from_id(self.id_number) if self.id_number else None

    @property
    def gender_display(self) -> str:
        if not self.id_number:
            return ""
        return "男" if gender_from_id(self.id_number) == "male" else "女"


class ThrottleHit(models.Model):
    """One request that counts against a rate limit (registration, password reset)."""

    action = models.CharField("操作", max_length=20)
    key = models.CharField("计数对象", max_length=80, help_text="IP地址或账号")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "频率限制记录"
        indexes = [models.Index(fields=["action", "key", "at"], name="throttle_action_key_at")]

    def __str__(self):
        return f"{self.action} {self.key}"


class ResetCode(models.Model):
    """A password-reset code sent by text message: kept as a hash, valid for minutes,
    good for one use."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField("验证码哈希", max_length=128)
    created_at = models.DateTimeField("发送时间", default=timezone.now)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "短信验证码"


class LoginFailures(AccessAttempt):
    """django-axes' record of failed logins, as the administrator sees and unlocks it."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败与锁定"
