"""Courrier's settings, read from the environment in one place.

The embedded default (`make run`) needs no variable at all: SQLite under
`var/`, local-memory cache, mail written to a local outbox. Production sets
`COURRIER_ENV=production` and must then provide its secrets and its https
address (`SITE_URL`), or start fails.
"""

import os
import secrets
import time
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from environs import Env

from courrier.core.site_url import is_public_https_address
from courrier.mailing import webhook_providers

env = Env()

SOURCE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SOURCE_DIR.parent.parent
VAR_DIR = env.path("COURRIER_VAR_DIR", default=PROJECT_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env.str("COURRIER_ENV", default="embedded") == "production"


def _embedded_secret_key() -> str:
    """A key generated once per installation and kept under var/."""
    path = VAR_DIR / "secret_key"
    try:
        # Exclusive creation: processes starting together (web workers, task worker) all read the first key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
    for _attempt in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.01)  # another process created the file and is still writing it
    raise ImproperlyConfigured(f"{path} is empty: delete it to generate a new secret key.")


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when COURRIER_ENV=production.")
    return value


def _required_https(name: str) -> str:
    """Every email link and the one-click unsubscribe URL are built from it: https, with a host."""
    value = _required(name)
    if not is_public_https_address(value):
        raise ImproperlyConfigured(
            f"{name} must be an https:// address when COURRIER_ENV=production "
            f"(the site's public address, e.g. https://courrierparlementaire.com), not {value!r}."
        )
    return value


if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or _required("ALLOWED_HOSTS").split(",")
    DATABASE_URL = _required("DATABASE_URL")
    SITE_URL = _required_https("SITE_URL").rstrip("/")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _embedded_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
    DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'courrier.sqlite3'}")
    SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")

DEBUG = env.bool("DEBUG", default=False)
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "Courrier parlementaire"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "courrier.core",
    "courrier.accounts",
    "courrier.licensing",
    "courrier.newsroom",
    "courrier.parliament",
    "courrier.editions",
    "courrier.mailing",
    "courrier.alerts",
    "courrier.operations",
    "anymail",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page caches, so a shared copy of a page gets the headers of the response that serves it.
    "courrier.core.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "courrier.core.page_cache.SharedPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "courrier.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "courrier.core.page_cache.SubscriberPageCacheMiddleware",
    # After the page caches, so their copies need neither.
    "courrier.core.routing.KnownSiteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "courrier.urls"
WSGI_APPLICATION = "courrier.wsgi.application"

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
                "django.template.context_processors.i18n",
                "courrier.core.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env.int("DB_CONN_MAX_AGE", default=60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the task worker and the scheduler share one file;
    # IMMEDIATE transactions take the write lock up front instead of failing late.
    # Connections persist (DB_CONN_MAX_AGE) as on PostgreSQL: opening one and running the
    # pragmas on every request halved a subscriber's article throughput (make bench).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
SHARED_CACHE_TABLE = "courrier_cache"
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
else:
    # What security depends on (rate limits and lockouts, which IP ranges read) is kept in the
    # database, the one store every process shares: a web worker must count the attempts the
    # other one saw. Created by `migrate` (operations' migration), which `courrier serve` runs.
    # Shared copies of public pages stay in each process's memory: they carry nothing
    # personal and their content generation is read from the shared cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": SHARED_CACHE_TABLE,
            # Past this many live entries a third are dropped, lockout counters with them: far
            # beyond what the per-address limits let an attacker fill (expired ones go first).
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# With a cache every process shares, sessions are read from it (and written through to the
# database); with local memory they are not, or a logout would linger in the other processes.
SESSION_ENGINE = "courrier.accounts.cached_sessions" if REDIS_URL else "courrier.accounts.sessions"
# How long a shared copy of a public page is kept (a publication makes every process drop
# its copies within a second: the content generation is read from the shared cache).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "courrier.accounts.backends.ModelBackend",
    "courrier.accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Staff log in through the same page as readers (with their second factor, if any).
WAGTAILADMIN_LOGIN_URL = "account_login"

# Accounts (django-allauth): the email is the login; signup rules live in courrier.accounts.forms.
ACCOUNT_ADAPTER = "courrier.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "courrier.accounts.forms.SignupForm",
    "add_email": "courrier.accounts.forms.ChangeEmailForm",
    "login": "courrier.accounts.forms.ReaderLoginForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
# Nobody logs in before verifying their address (the login sends the link again). Mandatory
# verification is also what lets allauth's enumeration prevention answer an existing address
# at sign-up exactly as a new one, emailing its owner instead of saying it is taken.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Courrier parlementaire] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
    # Ours, counted by allauth's limiter: the public trial form, invitations, unsubscribe requests, links that
    # lift the block on one's own address.
    "trial_request": "5/h/ip",
    "unsubscribe_request": "5/h/ip,3/h/key",
    "suppression_lift": "3/h/user",
    "invite": "30/h/user",
    # /recherche/, per account or, anonymously, per address (newsroom.views.may_search_now).
    "search": "30/m/key,300/h/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Courrier parlementaire"
# The client address, for rate limits and IP ranges, is read by licensing.entitlements.client_ip.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", "Français"), ("en", "English")]
LOCALE_PATHS = [SOURCE_DIR / "locale"]
TIME_ZONE = "America/Montreal"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("fr-ca", "Français")]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "courrier.core.search_backend",
        # A French configuration that also strips accents (created by a newsroom
        # migration on PostgreSQL); SQLite's FTS5 tokenizer strips them itself.
        "SEARCH_CONFIG": "courrier_fr",
        # Relevance, counts and facets cover this many of the newest matches (courrier.core.search_backend.ranked).
        "WINDOW": 2_000,
    }
}
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "ol", "ul"]},
    }
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Nothing may be fetched from outside at run time: no avatars, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Embedded default: every message is written to var/outbox/ and listed for staff in the admin.
# Production: EMAIL_URL=smtp://user:password@relay:587/?tls=True (or EMAIL_BACKEND for a provider).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="courrier.operations.outbox.OutboxEmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "outbox"
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"], _email["EMAIL_PORT"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_USER"], _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email["EMAIL_USE_TLS"], _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
# Provider webhooks (bounces, complaints): only the providers listed in ANYMAIL_WEBHOOK_PROVIDERS are answered,
# at /anymail/<provider>/tracking/ (the others are 404), each only with its secret: the basic-auth
# ANYMAIL_WEBHOOK_SECRET ("user:password") or the provider's signing key, ANYMAIL_<KEY>
# (mailing/webhook_providers.py, docs/operations.md). Production refuses to start without it.
_WEBHOOK_PROVIDERS = [
    name.strip().lower() for name in env.list("ANYMAIL_WEBHOOK_PROVIDERS", default=[]) if name.strip()
]
ANYMAIL_WEBHOOK_SECRET = env.str("ANYMAIL_WEBHOOK_SECRET", default="")
ANYMAIL = {key: value for key in webhook_providers.SECRET_SETTINGS if (value := env.str(f"ANYMAIL_{key}", default=""))}
if PRODUCTION and (_webhook_problems := webhook_providers.problems(_WEBHOOK_PROVIDERS, ANYMAIL.get)):
    raise ImproperlyConfigured(" ".join(_webhook_problems))
# When set (a backend path), the outbox also hands every message to it.
OUTBOX_RELAY_BACKEND = env.str("OUTBOX_RELAY_BACKEND", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Courrier parlementaire <editeur@courrierparlementaire.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A Maildir that bounces are delivered to (docs/bounces.md): when set, the scheduler reads it every 5 minutes.
COURRIER_MAILING = {
    "BOUNCE_MAILDIR": env.str("COURRIER_BOUNCE_MAILDIR", default=""),
    "WEBHOOK_PROVIDERS": _WEBHOOK_PROVIDERS,
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp), in the embedded default as in production: scripts and
# styles only from our own static files (Wagtail's included), nothing inline, no plugin, no
# framing by other sites, forms posted only to us. A template that cannot avoid an inline
# <script> or <style> gives it nonce="{{ request.csp_nonce }}" (never on a page the shared
# cache keeps: the nonce is per response). The Wagtail admin, whose editor and email previews
# need inline styles, relaxes style-src (core.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, "'report-sample'"],
        "style-src": [SELF, NONCE, "'report-sample'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no page of ours uses a device, a sensor or payment.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
} | {"fullscreen": ["self"]}

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"per_task_lines_at_debug": {"()": "courrier.operations.logs.PerTaskLinesAtDebug"}},
    # The handler has the level too: the task worker sets its loggers' own levels (INFO) when it starts.
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "level": LOG_LEVEL}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"filters": ["per_task_lines_at_debug"]},
    },
}

PUBLISHER = {
    "name": "Courrier parlementaire",
    "phone": "418 640-4211",
    "email": "editeur@courrierparlementaire.com",
    "since_years": 32,
    "web_years": 25,
}
SITE_DESCRIPTION = _("Nouvelles parlementaires du Québec, sur abonnement.")
