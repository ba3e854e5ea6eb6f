"""Settings for NPO-planner, read from the environment.

NPO_ENV=development (default) runs with DEBUG and a local SQLite database under var/.
NPO_ENV=production demands SECRET_KEY, ALLOWED_HOSTS and HTTPS, and passes `check --deploy`.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from npo_planner.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NPO_VAR_DIR", str(BASE_DIR / "var")))

NPO_ENV = env_choice("NPO_ENV", ["development", "production"], "development")
PRODUCTION = NPO_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when NPO_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "development-only-key-never-use-in-production-" + "x" * 20)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when NPO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # Order matters: each app may only depend on the ones above it (see DESIGN.md).
    "npo_planner.scholen",
    "npo_planner.jobs",
    "menukaart",
    "schoolscan",
    "kanvas",
    "ouderbetrokkenheid",
    "npo_planner.programma",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "npo_planner.request_log.RequestLogMiddleware",
    "npo_planner.scholen.middleware.RejectNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "npo_planner.scholen.middleware.IdleTimeoutMiddleware",
    "npo_planner.scholen.middleware.NoStoreMiddleware",
    "npo_planner.scholen.middleware.DutchNotFoundMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if not DEBUG:
    # Without DEBUG the app serves the files collectstatic made itself (WhiteNoise: hashed names, long cache
    # headers), so production needs no separate web server for them; with DEBUG runserver serves static/.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "npo_planner.urls"
WSGI_APPLICATION = "npo_planner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "npo_planner.scholen.context_processors.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the zero-setup SQLite file lives here
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'npo-planner.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
# SQLite (the zero-setup database): readers do not block the writer (WAL), every transaction takes the write lock
# when it starts (IMMEDIATE) so two saves queue instead of one failing with "database is locked", and a waiting
# save gives up only after 20 seconds.
SQLITE_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str(
        "TEST_DATABASE_NAME", "test_" + DATABASES["default"]["NAME"]
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every worker and app server (rate limits, login locks, charts): a table in the database by
# default, Redis when REDIS_URL is set (e.g. redis://127.0.0.1:6379/0).
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "npo_cache"}
}
# Drawn charts (npo_planner.lib.charts.cached_chart), keyed by their data and drawing version: a table of their own
# (so charts never push rate limits out of the default cache), or Redis under their own prefix. Kept 90 days since
# last drawn; at most CHART_CACHE_ENTRIES charts (an SVG is 20–100 kB), the oldest third removed beyond that.
CHART_CACHE_SECONDS = 90 * 24 * 3600
CACHES["charts"] = (
    {**CACHES["default"], "KEY_PREFIX": "charts", "TIMEOUT": CHART_CACHE_SECONDS}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "npo_chart_cache",
        "TIMEOUT": CHART_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": env_int("CHART_CACHE_ENTRIES", 5000), "CULL_FREQUENCY": 3},
    }
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "npo_planner.scholen.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Roles that must log in with a second factor (TOTP); other roles may switch it on.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", ["directeur", "ib", "bestuur"])

# Failed logins (password or code) slow down and then lock the username (a whole school shares one IP address).
# After LOGIN_DELAY_AFTER failures the next attempt must wait LOGIN_DELAY_SECONDS, doubling with every further
# failure; LOGIN_LOCK_FAILURES failures within LOGIN_LOCK_MINUTES lock the username until the window has passed, a
# password reset through the e-mailed link, or an unlock by the directeur (school users page) or an administrator.
LOGIN_DELAY_AFTER = env_int("LOGIN_DELAY_AFTER", 3)
LOGIN_DELAY_SECONDS = env_int("LOGIN_DELAY_SECONDS", 2)
LOGIN_LOCK_FAILURES = env_int("LOGIN_LOCK_FAILURES", 10)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
# Login records (with network addresses) are deleted after this many days by `manage.py purge_login_records`.
LOGIN_RECORD_RETENTION_DAYS = env_int("LOGIN_RECORD_RETENTION_DAYS", 180)
if LOGIN_RECORD_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("LOGIN_RECORD_RETENTION_DAYS must be at least 1.")
# Finished background jobs (and their result files) are removed by `manage.py cleanup` after this many days.
JOB_RESULT_DAYS = env_int("JOB_RESULT_DAYS", 14)
if JOB_RESULT_DAYS < 1:
    raise ImproperlyConfigured("JOB_RESULT_DAYS must be at least 1.")
# Password-reset mails per account per hour (counted in the database, AuthEvent "reset_mail").
PASSWORD_RESET_MAILS_PER_HOUR = env_int("PASSWORD_RESET_MAILS_PER_HOUR", 3)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Where stored files (pending uploads, the results of background jobs) live: the local disk under MEDIA_ROOT, or
# S3-compatible object storage, which several app servers share.
FILE_STORAGE = env_choice("FILE_STORAGE", ["local", "s3"], "local")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if FILE_STORAGE == "local"
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY"),
            "secret_key": env_str("S3_SECRET_KEY"),
            "location": env_str("S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    },
    # Production serves hashed, compressed copies made by collectstatic; development reads static/ directly.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# Background work (a board's batch of PDFs, large imports, rescoring) runs on a queue in the database, worked off
# by `manage.py worker` (started by scripts/serve and scripts/run).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# PDFs a background job renders side by side (the board's batch): one per core the worker may use.
PDF_PROCESSES = env_int("NPO_PDF_PROCESSES", 2)
# The worker's CPU niceness (0 = as the web workers, 19 = lowest): the PDF processes it forks inherit it, so on a
# busy machine the pages get the CPU first and the background work takes what is left.
WORKER_NICE = env_int("NPO_WORKER_NICE", 10)
if not 0 <= WORKER_NICE <= 19:
    raise ImproperlyConfigured("NPO_WORKER_NICE must be between 0 and 19.")
# An import file of at least this many bytes is written by a background job with a progress page (about 25,000
# KanVAS rows, a second of work); a smaller one is written inside the request.
IMPORT_BACKGROUND_BYTES = env_int("NPO_IMPORT_BACKGROUND_BYTES", 1_000_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: printed on the console in development, sent through SMTP in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "npo-planner@localhost")
# The address of the site as users reach it: the links in mails sent outside a request (decision mails).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security: everything from our own origin, no inline script (pages use static JS files only).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
# Sessions end after SESSION_IDLE_MINUTES without a request (IdleTimeoutMiddleware), and after 12 hours at most.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

HTTPS = env_bool("HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Online parent survey: at most this many answers per survey from one network address per hour, counted in the
# cache "online_limit" only (ouderbetrokkenheid.online_limit: keyed hashes, never the address), kept in memory:
# Redis when REDIS_URL is set (all app servers), else files under NPO_VAR_DIR in production (the workers of one
# machine), else the process's memory. Never the database, so no trace of it lands in a backup.
OUDERPEILING_ONLINE_LIMIT = (env_int("OUDERPEILING_ONLINE_LIMIT", 30), 3600)
if REDIS_URL:
    CACHES["online_limit"] = {**CACHES["default"], "KEY_PREFIX": "online_limit"}
elif PRODUCTION:
    CACHES["online_limit"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "online_limit"),
    }
else:
    CACHES["online_limit"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "online_limit",
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "npo_planner": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        # One line per request (npo_planner.request_log); REQUEST_LOG=0 silences it.
        "npo_planner.request": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("REQUEST_LOG", PRODUCTION) else "WARNING",
            "propagate": False,
        },
        "django.security": {"handlers": ["console"], "level": "WARNING"},
    },
}
