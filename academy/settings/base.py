"""Settings shared by every environment.

The environment is read here and only here (django-environ). Every optional
integration has an embedded default; setting one variable switches it to its
production engine:

- database: SQLite file (WAL) -> ``DATABASE_URL``
- cache, throttles: local memory -> ``REDIS_URL``
- background tasks: in-process -> ``ACADEMY_TASKS_BACKEND=rq`` (RQ on ``REDIS_URL``)
- files (PDFs, uploads): ``media/`` folder -> ``ACADEMY_S3_BUCKET``
- e-mail: console -> ``EMAIL_URL``
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    """Templates, static files, translations: in an installed wheel the copies
    inside the ``academy`` package (see pyproject.toml), else the source tree's."""
    packaged = _PACKAGE_DIR / name
    return packaged if packaged.is_dir() else BASE_DIR / name


env = environ.Env()
# A local .env file is convenient in development; it is optional.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("ACADEMY_DEBUG", default=False)
SECRET_KEY = env("ACADEMY_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ACADEMY_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("ACADEMY_CSRF_TRUSTED_ORIGINS", default=[])

# Public base URL of the academy, used for absolute links (QR codes, e-mails).
ACADEMY_PUBLIC_BASE_URL = env(
    "ACADEMY_PUBLIC_BASE_URL", default="http://127.0.0.1:8000"
)
# Host names the academy was served on before a move: they answer with a
# permanent redirect to the same path on ACADEMY_PUBLIC_BASE_URL, so printed QR
# codes and signed credential ids keep resolving (keep the old DNS name).
ACADEMY_FORMER_HOSTS = env.list("ACADEMY_FORMER_HOSTS", default=[])

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "modelcluster",
    "taggit",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_rq",
    "django_filters",
    "axes",
    "csp",
]
LOCAL_APPS = [
    "accounts",
    "cms",
    "courses",
    "certificates",
    "demo",
]
INSTALLED_APPS = DJANGO_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS + LOCAL_APPS
# wagtail.locales and wagtail_localize.locales both provide the locales admin;
# keep only wagtail-localize's, which adds synchronisation.
INSTALLED_APPS.remove("wagtail.locales")

MIDDLEWARE = [
    # A host the academy moved away from: to the same path on the new one.
    "academy.middleware.FormerAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag on every response, 304 to a matching If-None-Match (verification,
    # badges, public pages: a revalidation costs no body).
    "django.middleware.http.ConditionalGetMiddleware",
    # Public pages for anonymous visitors from the shared cache (decision 0027).
    "cms.middleware.PublicPageCacheMiddleware",
    "academy.middleware.ContentSecurityPolicyMiddleware",
    "academy.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Pages a signed-in person saw before, until what they see changes.
    "cms.middleware.PersonalPageCacheMiddleware",
    # Default-locale pages link under the address's language prefix (0033).
    "cms.middleware.InterfaceLanguageMiddleware",
    # The page an address leads to, from the shared cache (decision 0027).
    "cms.middleware.PageRouteCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

# Addresses (after any language prefix) that never serve a page marked public:
# the page cache does not look them up (cms/middleware.py).
ACADEMY_PAGE_CACHE_SKIP_PREFIXES = (
    "/admin/",
    "/api/",
    "/static/",
    "/media/",
    "/documents/",
    "/healthz/",
    "/i18n/",
    "/openbadges/",
    "/verify/",
    "/certificates/",
    "/account/",
    "/learn/",
    "/calendar/",
    "/trainer/",
)

# Query parameters a cached public page may carry (the catalogue's filters and
# pages); any other query string is served but never stored.
ACADEMY_PAGE_CACHE_QUERY_PARAMS = frozenset({"domain", "mode", "language", "page"})
# A PDF check takes at most 20 files; Django refuses more before reading them.
DATA_UPLOAD_MAX_NUMBER_FILES = 25

ROOT_URLCONF = "academy.urls"
# Form widgets render with the project's templates, so the Wagtail admin widgets
# overridden in templates/ (their inline scripts carry the CSP nonce) are used.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "academy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [_shipped("templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite by default (WAL, immediate transactions), DATABASE_URL to switch.
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int(
        "ACADEMY_DB_CONN_MAX_AGE", default=60
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Cache: local memory by default, Redis with REDIS_URL.
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "academy.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "academy",
        }
    }

# ---------------------------------------------------------------------------
# Background tasks: the Django tasks API (django_tasks backport).
# ---------------------------------------------------------------------------
ACADEMY_TASKS_BACKEND = env("ACADEMY_TASKS_BACKEND", default="immediate")
# Queues in the order workers take them: certificate work never waits behind
# Wagtail's reference-index updates or e-mails.
TASK_QUEUES = ["certificates", "default"]
# Seconds between the retries of a failed or abandoned job (decision 0023).
ACADEMY_TASKS_RETRY_DELAYS = env.list(
    "ACADEMY_TASKS_RETRY_DELAYS", cast=int, default=[5, 30, 120, 600, 1800]
)
# How often a worker looks for jobs abandoned by a killed worker, and how often
# a working worker proves it is alive (RQ: a job is abandoned 60 s after that).
ACADEMY_TASKS_MAINTENANCE_SECONDS = env.int(
    "ACADEMY_TASKS_MAINTENANCE_SECONDS", default=30
)
ACADEMY_TASKS_HEARTBEAT_SECONDS = env.int("ACADEMY_TASKS_HEARTBEAT_SECONDS", default=10)
# Run once in each worker before it forks for jobs, so every job shares the work.
ACADEMY_TASKS_WORKER_WARMUP = [
    "certificates.rendering.warm_up",
    "certificates.services.worker_warm_up",
]
if ACADEMY_TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise environ.ImproperlyConfigured(
            "ACADEMY_TASKS_BACKEND=rq needs REDIS_URL (the queue lives in Redis), "
            "e.g. REDIS_URL=redis://127.0.0.1:6379/0."
        )
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    RQ_QUEUES = {
        name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} for name in TASK_QUEUES
    }
    RQ = {
        "QUEUE_CLASS": "academy.taskqueue.Queue",
        "WORKER_CLASS": "academy.taskqueue.Worker",
        "JOB_CLASS": "django_tasks_rq.Job",
    }
elif ACADEMY_TASKS_BACKEND == "immediate":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": TASK_QUEUES,
        }
    }
    RQ_QUEUES = {}
else:
    raise environ.ImproperlyConfigured(
        "ACADEMY_TASKS_BACKEND must be 'immediate' (in-process) or 'rq' "
        f"(RQ workers on REDIS_URL), not {ACADEMY_TASKS_BACKEND!r}."
    )

# ---------------------------------------------------------------------------
# Files: local media folder by default, S3-compatible storage with ACADEMY_S3_BUCKET.
# ---------------------------------------------------------------------------
MEDIA_ROOT = env.path("ACADEMY_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [_shipped("static")]

ACADEMY_S3_BUCKET = env("ACADEMY_S3_BUCKET", default="")
if ACADEMY_S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ACADEMY_S3_BUCKET,
            "endpoint_url": env("ACADEMY_S3_ENDPOINT_URL", default=None),
            "region_name": env("ACADEMY_S3_REGION", default=None),
            "access_key": env("ACADEMY_S3_ACCESS_KEY", default=None),
            "secret_key": env("ACADEMY_S3_SECRET_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Private files (learners' evidence) are never under MEDIA_URL; a view that
# checks permissions serves them.
ACADEMY_PRIVATE_MEDIA_ROOT = env.path(
    "ACADEMY_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media"
)
# The font badge images are drawn in (Debian package fonts-noto-core): it covers
# Latin with every diacritic, Greek and Cyrillic.
ACADEMY_BADGE_FONT = env(
    "ACADEMY_BADGE_FONT", default="/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
)
ACADEMY_EVIDENCE_MAX_BYTES = (
    env.int("ACADEMY_EVIDENCE_MAX_MB", default=10) * 1024 * 1024
)
# All the files of one evidence submission together (an activity accepts up to
# 10 files), and how long drawing a PDF's first page as its preview may take.
ACADEMY_EVIDENCE_MAX_TOTAL_BYTES = (
    env.int("ACADEMY_EVIDENCE_MAX_TOTAL_MB", default=40) * 1024 * 1024
)
ACADEMY_EVIDENCE_PREVIEW_SECONDS = env.int(
    "ACADEMY_EVIDENCE_PREVIEW_SECONDS", default=20
)
# The academy's keys, the same files on every node (`manage.py create_academy_keys
# DIR` makes a set; decision 0021). Production refuses to start without them; in
# development `migrate` makes a set in ACADEMY_SEAL_DIR.
# Certificate seal (PAdES): PEM key and certificate.
ACADEMY_SEAL_KEY_FILE = env("ACADEMY_SEAL_KEY_FILE", default="")
ACADEMY_SEAL_CERT_FILE = env("ACADEMY_SEAL_CERT_FILE", default="")
# Certificates of earlier seal keys: PDFs they sealed still check as sealed.
ACADEMY_SEAL_RETIRED_CERT_FILES = env.list(
    "ACADEMY_SEAL_RETIRED_CERT_FILES", default=[]
)
ACADEMY_SEAL_DIR = env.path("ACADEMY_SEAL_DIR", default=BASE_DIR / "var" / "seal")
# Open Badges 3.0 signing key (Ed25519, PEM), and earlier keys, oldest first:
# they stay in the issuer profile so the credentials they signed still verify.
ACADEMY_OB_KEY_FILE = env("ACADEMY_OB_KEY_FILE", default="")
ACADEMY_OB_RETIRED_KEY_FILES = env.list("ACADEMY_OB_RETIRED_KEY_FILES", default=[])
if ACADEMY_S3_BUCKET:
    _private_storage = {
        **_default_storage,
        "OPTIONS": {**_default_storage["OPTIONS"], "location": "private"},
    }
else:
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(ACADEMY_PRIVATE_MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# ---------------------------------------------------------------------------
# E-mail: console by default, EMAIL_URL (e.g. smtp+tls://user:pw@host:587) to send.
# ---------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
DEFAULT_FROM_EMAIL = env("ACADEMY_FROM_EMAIL", default="academy@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# Internationalisation
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# English dates in the British style (academy/formats/en/formats.py).
FORMAT_MODULE_PATH = ["academy.formats"]
TIME_ZONE = env("ACADEMY_TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True
# Languages the interface and content are offered in. Add a language here and
# in Settings > Locales in the admin to author content in it.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("lt", _("Lithuanian")),
    ("el", _("Greek")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [_shipped("locale")]

# ---------------------------------------------------------------------------
# Auth
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses sign-ins while an address and account are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# Trainers to their cohorts, learners to their dashboard (courses/views/learner.py).
LOGIN_REDIRECT_URL = "signed_in"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"

# Accounts (django-allauth): sign in with e-mail, which must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Links in allauth's e-mails use the academy's public address and its scheme.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = ACADEMY_PUBLIC_BASE_URL.split("://", 1)[0]
ACCOUNT_ADAPTER = "cms.account_adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.selectors.user_display_name"
# allauth's own "login_failed" limit counts per e-mail address, so anyone who
# knows a learner's address could lock them out; django-axes does it instead.
ACCOUNT_RATE_LIMITS = {"login_failed": False}

# Sign-in lockouts (django-axes, decision 0019), for the site and the Wagtail
# admin alike: after ACADEMY_LOGIN_FAILURE_LIMIT wrong passwords for one account
# from one address, that address cannot sign in to that account for
# ACADEMY_LOGIN_LOCKOUT_MINUTES (others, and the owner elsewhere, still can).
# Staff unlock in the admin (Settings > Sign-in lockouts) or with
# ``manage.py axes_reset_username``.
AXES_FAILURE_LIMIT = env.int("ACADEMY_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("ACADEMY_LOGIN_LOCKOUT_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_address"
AXES_USERNAME_CALLABLE = "accounts.security.login_account"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # no Django admin; the Wagtail admin has a view
AXES_SENSITIVE_PARAMETERS = [
    "password",
    "password1",
    "password2",
    "csrfmiddlewaretoken",
]

# ---------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("ACADEMY_SITE_NAME", default="Citizen Science Academy")
WAGTAILADMIN_BASE_URL = ACADEMY_PUBLIC_BASE_URL
# No Gravatar: it would send a hash of every admin user's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No upgrade check either: it calls releases.wagtail.org from every admin's
# browser (and the Content-Security-Policy allows no such connection).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's database backend (SQLite FTS5; PostgreSQL full-text search), with
# each page indexed and searched in its own language's PostgreSQL text search
# configuration (decision 0040); a language not listed gets "simple".
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "cms.search",
        "SEARCH_CONFIGS": {
            "en": "english",
            "fr": "french",
            "el": "greek",
            "lt": "lithuanian",
        },
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
# No autosave (decision 0037): with it, a page a trainer starts and leaves
# becomes a hidden draft that takes its address, and opening a page to review
# it saves a revision. Leaving with unsaved changes asks first.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# "Translate this page" makes a draft, whatever the original's state: a
# translation is reviewed like any page before it goes live (decision 0038).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_WORKFLOW_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Video embeds: oEmbed providers are fetched when a trainer adds a video; pages
# only render the stored HTML.
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# ---------------------------------------------------------------------------
# REST framework (the API itself lives in academy/api.py)
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.rest.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.rest.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "600/minute"},
}

# Public verification (pages, JSON, bulk, Open Badges): requests per client and
# minute, one counter for all of them, kept in the default cache (Redis with
# REDIS_URL; certificates/throttling.py, decisions 0018 and 0028). None switches
# the limit off.
# ACADEMY_TRUSTED_PROXY_HOPS is how many proxies in front of the app append to
# X-Forwarded-For; 0 (the default) uses the connection's address and ignores the
# header, which a client can write anything into.
ACADEMY_VERIFY_RATE_PER_MINUTE = env.int("ACADEMY_VERIFY_RATE_PER_MINUTE", default=60)
ACADEMY_TRUSTED_PROXY_HOPS = env.int("ACADEMY_TRUSTED_PROXY_HOPS", default=0)
# DRF reads X-Forwarded-For whole when NUM_PROXIES is None: never leave it None.
REST_FRAMEWORK["NUM_PROXIES"] = ACADEMY_TRUSTED_PROXY_HOPS

SPECTACULAR_SETTINGS = {
    "TITLE": "Citizen Science Academy API",
    "DESCRIPTION": (
        "Catalogue, learner progress, trainers' cohorts and certificate verification. "
        "Authenticate with a personal token: `Authorization: Bearer <token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["common.rest.only_our_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.rest.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999},
    },
}

# ---------------------------------------------------------------------------
# Security defaults that hold in every environment
# ---------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp, decision 0022): scripts and styles only
# from our own origin or carrying the request's nonce; no inline script or style
# otherwise, no plug-ins, no framing by other sites. The Wagtail admin gets the
# same policy, except that styles may be inline (its editors write them from
# JavaScript). Video embeds may come from ACADEMY_CSP_FRAME_SOURCES; media
# from S3 (ACADEMY_S3_ENDPOINT_URL) or ACADEMY_CSP_MEDIA_SOURCES.
_csp_media = env.list("ACADEMY_CSP_MEDIA_SOURCES", default=[])
if ACADEMY_S3_BUCKET and env("ACADEMY_S3_ENDPOINT_URL", default=""):
    _csp_media.append(env("ACADEMY_S3_ENDPOINT_URL"))
elif ACADEMY_S3_BUCKET:
    _csp_media.append("https://*.amazonaws.com")
_csp_frames = env.list(
    "ACADEMY_CSP_FRAME_SOURCES",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
)
_CSP_DIRECTIVES = {
    "default-src": [CSP_SELF],
    "script-src": [CSP_SELF, CSP_NONCE],
    "style-src": [CSP_SELF, CSP_NONCE],
    "img-src": [CSP_SELF, "data:", "blob:", *_csp_media],
    "media-src": [CSP_SELF, *_csp_media],
    "font-src": [CSP_SELF, "data:"],
    "connect-src": [CSP_SELF],
    "frame-src": [CSP_SELF, *_csp_frames],
    "frame-ancestors": [CSP_SELF],
    "form-action": [CSP_SELF],
    "base-uri": [CSP_SELF],
    "object-src": [CSP_NONE],
    "worker-src": [CSP_SELF, "blob:"],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
ACADEMY_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_DIRECTIVES,
        # Wagtail's editor (Draftail) and wagtail-localize's write <style>
        # elements and style attributes from their JavaScript; styles cannot
        # run code. Scripts keep the nonce.
        "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
    }
}
# Browser features no page of the academy uses.
ACADEMY_PERMISSIONS_POLICY = env(
    "ACADEMY_PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    ),
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# With a shared cache (Redis), sessions are read from it and written through to
# the database, which keeps them if the cache is lost: one round trip instead
# of a query on every signed-in request. A per-process cache would let another
# process keep a signed-out session, so without Redis they stay in the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env("ACADEMY_LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        # Routine task and page-action chatter stays out of the console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
