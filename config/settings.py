"""Settings for zhicheng: one module, everything from the environment.

The defaults run the embedded demo (SQLite under var/, mail to the console, files under
var/media).  Production sets DATABASE_URL (PostgreSQL), SECRET_KEY, ALLOWED_HOSTS and the
object-storage variables; `zhicheng check --deploy` then reports what is still unsafe.
"""

from datetime import timedelta
from pathlib import Path
import os

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHICHENG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The demo (`make demo`) sets ZHICHENG_DEMO=1: it may run on the published demo key.
# Anywhere else `zhicheng serve` refuses to start without a SECRET_KEY of its own.
DEMO = env_bool("ZHICHENG_DEMO", False)
DEMO_SECRET_KEY = "django-insecure-demo-only-secret-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules",
    "axes",
    "csp",
    "zhicheng.accounts",
    "zhicheng.catalog",
    "zhicheng.profiles",
    "zhicheng.review",
    "zhicheng.applications",
    "zhicheng.meetings",
    "zhicheng.certificates",
    "zhicheng.audit",
    "zhicheng.documents",
    # after zhicheng.documents, whose `db_worker` (the same worker, with the renderers loaded
    # before its first task) is the one the command runs
    "django_tasks",
    "django_tasks_db",
    "zhicheng.web",
    "zhicheng.demo",
    "django.forms",  # last: the pages' own widget templates (zhicheng/web) come first
]
# Form widgets render through the template engine, so that the pages can word them (a
# select's empty choice reads 「请选择」, not 「---------」); the plainest widgets are written
# by the renderer itself, as their templates write them, while those templates are unchanged.
FORM_RENDERER = "zhicheng.web.renderers.FormRenderer"

MIDDLEWARE = [
    "zhicheng.accounts.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhicheng.accounts.middleware.NoStoreMiddleware",
    "zhicheng.accounts.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhicheng.accounts.middleware.SessionLifetimeMiddleware",
    "zhicheng.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhicheng.audit.security.RequestContextMiddleware",
    "zhicheng.transactions.BusyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhicheng.web.context.unread_notifications",
                "zhicheng.web.context.region_bureau",
                "zhicheng.demo.context.demo_date",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "zhicheng.web.rows.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhicheng.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The server binds the parameters, and a statement a connection sends a second time is
    # prepared there: the reads every page repeats (the session, the person, a list's keys
    # and rows) are parsed and planned once a connection, not once a request.  A pooler in
    # transaction mode between the app and the database must keep prepared statements
    # (PgBouncer 1.21+ with max_prepared_statements); otherwise DATABASE_PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=2 if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0" else None,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "zhicheng.accounts.backends.IdentityOrMobileBackend",
]
# Password policy (等保三级): length, character classes, no common password; the rules are
# shown beside every password field.
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
PASSWORD_MIN_CLASSES = int(os.environ.get("PASSWORD_MIN_CLASSES", "3"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zhicheng.accounts.passwords.LengthValidator", "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "zhicheng.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES}},
    {"NAME": "zhicheng.accounts.passwords.CommonWordsValidator"},
    {"NAME": "zhicheng.accounts.passwords.NotOnlyDigitsValidator"},
    {"NAME": "zhicheng.accounts.passwords.NotLikePersonValidator"},
]
# Staff (every role but applicants) must change their password this often; 0: never.
STAFF_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("STAFF_PASSWORD_MAX_AGE_DAYS", "0"))

# Login failures (django-axes): an account, or an address, is locked after
# LOGIN_FAILURE_LIMIT failures, for LOGIN_LOCKOUT_MINUTES (0: until an administrator
# unlocks it).  The login page, the administration login and the SMS reset code count.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES) if LOGIN_LOCKOUT_MINUTES else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "zhicheng.accounts.lockout.login_key"
AXES_CLIENT_IP_CALLABLE = "zhicheng.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "zhicheng.accounts.lockout.locked_response"
# A successful login clears that account's failures only (zhicheng.accounts.lockout), not
# those of its address: axes' own reset would also wipe other accounts' failures from it.
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # logins are events in the audit trail
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_COOLOFF_MESSAGE = "登录失败次数过多，账号或网络地址已被暂时锁定，请稍后再试或联系系统管理员解锁"
AXES_PERMALOCK_MESSAGE = "登录失败次数过多，账号或网络地址已被锁定，请联系系统管理员解锁"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # the accounts admin shows the locks in Chinese, with the unlock actions
AXES_SENSITIVE_PARAMETERS = ["code", "csrfmiddlewaretoken"]

# Registration and password-reset messages: at most so many per address and per account
# (for registration: per 身份证号 typed) within the window.
REQUEST_LIMITS = {
    "register": {"per_address": int(os.environ.get("REGISTER_LIMIT_PER_ADDRESS", "10")),
                 "per_account": int(os.environ.get("REGISTER_LIMIT_PER_ID_NUMBER", "5")), "window_minutes": 60},
    "reset": {"per_address": int(os.environ.get("RESET_LIMIT_PER_ADDRESS", "20")),
              "per_account": int(os.environ.get("RESET_LIMIT_PER_ACCOUNT", "5")), "window_minutes": 60},
}
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

# Attachments live in the "default" storage: local files for the demo, an S3-compatible
# object store in production (every app process sees the same files).
if os.environ.get("STORAGE_BUCKET"):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["STORAGE_BUCKET"],
            "endpoint_url": os.environ.get("STORAGE_ENDPOINT_URL") or None,
            "access_key": os.environ.get("STORAGE_ACCESS_KEY") or None,
            "secret_key": os.environ.get("STORAGE_SECRET_KEY") or None,
            "region_name": os.environ.get("STORAGE_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("ZHICHENG_PLAIN_STATIC", False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "职称申报评审系统 <noreply@zhicheng.local>")

# Text messages (password-reset codes): a class with send(mobile, text).  The console
# sender prints them (the demo); a real gateway is zhicheng.accounts.sms.HttpGatewaySender
# with SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN, or a class of your own.
SMS_SENDER = os.environ.get("SMS_SENDER", "zhicheng.accounts.sms.ConsoleSender")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
PASSWORD_RESET_CODE_MINUTES = int(os.environ.get("PASSWORD_RESET_CODE_MINUTES", "10"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_LINK_MINUTES", "60")) * 60

SESSION_ENGINE = "zhicheng.accounts.sessions"
# Idle timeout: the session expires SESSION_IDLE_MINUTES after the last request; and
# SESSION_ABSOLUTE_HOURS after signing in, however active.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# A signed-in session is renewed (written again) when its expiry has fallen more than this
# many seconds behind the idle timeout, not on every request: the timeout is never longer,
# at most this much shorter, and a burst of requests writes the session once.
SESSION_RENEW_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# The demo runs on its own date (演示日期), which the browser does not share: its cookies carry
# no expiry date the browser could think past.
if DEMO:
    CSRF_COOKIE_AGE = None
# HTTPS_ONLY: the site is served over HTTPS by a reverse proxy that sets X-Forwarded-Proto.
HTTPS_ONLY = env_bool("HTTPS_ONLY", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS_ONLY else None
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000" if HTTPS_ONLY else "0"))
# How many reverse proxies stand in front of the app, each appending to X-Forwarded-For.
# The client address (for the trail and the login lockout) is taken that many hops from
# the right; 0: the direct peer.  A wrong number lets a client forge its address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if HTTPS_ONLY else "0"))

# Content-Security-Policy: scripts and styles only from this site, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "10")) * 1024 * 1024

# The audit trail (P3).  AUDIT_ANCHOR_KEY signs the checkpoints of the hash chain; it lives
# in the environment (or a secret store), never in the database or in a backup of it.
# Checkpoints go to the object store under audit/checkpoints/, or to AUDIT_CHECKPOINT_DIR.
AUDIT_ANCHOR_KEY = os.environ.get("AUDIT_ANCHOR_KEY", "")
AUDIT_CHECKPOINT_DIR = os.environ.get("AUDIT_CHECKPOINT_DIR", "")
AUDIT_RETENTION_MONTHS = int(os.environ.get("AUDIT_RETENTION_MONTHS", "6"))  # at least 6 (checked)

# Long documents (the 综合情况（公示）表 and the lists): one with at least
# DOCUMENT_BACKGROUND_FROM applicants or rows is rendered by a background worker
# (`zhicheng db_worker`) and kept in the "default" storage, with its progress shown;
# smaller ones are rendered in the request.  A PDF is laid out DOCUMENT_PIECE_FORMS forms
# (or DOCUMENT_PIECE_ROWS list rows) at a time and joined, which bounds the memory.  Each
# piece subsets and embeds its font once (about as much work as three forms): 30 forms a
# piece keep that under a tenth of the work, for some 12 MB more a worker than 15.
DOCUMENT_BACKGROUND_FROM = int(os.environ.get("DOCUMENT_BACKGROUND_FROM", "30"))
DOCUMENT_PIECE_FORMS = int(os.environ.get("DOCUMENT_PIECE_FORMS", "30"))
DOCUMENT_PIECE_ROWS = int(os.environ.get("DOCUMENT_PIECE_ROWS", "400"))
# A job being rendered that shows no progress for DOCUMENT_STALL_MINUTES (its worker was
# stopped or died) is told as interrupted, so that it can be asked for again.
DOCUMENT_STALL_MINUTES = int(os.environ.get("DOCUMENT_STALL_MINUTES", "10"))
# Background work (django-tasks): jobs are rows of the database, run by `zhicheng db_worker`
# processes on any host.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
