"""Settings shared by every environment. Values that vary come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first so that their templates override the libraries'.
    "home",
    "newsletter",
    "magazine",
    "search",
    "emploi",
    "agenda",
    "conseil",
    "association",
    "annuaire",
    "accounts",
    "reference",
    "core",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersAdminConfig",  # wagtail.users with the project's user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailseo",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "anymail",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SiteCSPMiddleware",
    "core.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.frame.SiteFrameMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Audience without trackers (issue 24): pages served counted per day, buffered (core.audience).
    "core.audience.AudienceMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://...) in CI and production; an embedded SQLite otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -------------------------------------------------------
# With REDIS_URL: Redis serves the cache and is Celery's broker. Without it: local-memory cache and
# Celery runs tasks eagerly in the web process (development, `make run`).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="solidaires"),
            # A Redis outage must not take pages down: cache calls give up after a quarter of a second
            # and count as misses (pages are built from the database, more slowly; see « Caches » in
            # docs/architecture.md for what rate limits do then).
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.25),
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # logged by the "django_redis" logger
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work (Celery beat). Each feature adds its own entries.
CELERY_BEAT_SCHEDULE = {
    "requeue-pending-emails": {
        "task": "core.tasks.requeue_pending_emails",
        "schedule": 300.0,
    },
    "purge-old-emails": {
        "task": "core.tasks.purge_old_emails",
        "schedule": 86400.0,
    },
    # Go-live and expiry dates of pages (Wagtail's publish_scheduled).
    "publish-scheduled-pages": {
        "task": "magazine.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    "purge-unconfirmed-press-releases": {
        "task": "magazine.tasks.purge_unconfirmed_press_releases",
        "schedule": 86400.0,
    },
    "purge-unconfirmed-event-submissions": {
        "task": "agenda.tasks.purge_unconfirmed_event_submissions",
        "schedule": crontab(hour=4, minute=40),
    },
    "close-expired-job-offers": {
        "task": "emploi.tasks.close_expired_offers",
        "schedule": crontab(hour=0, minute=15),
    },
    "purge-job-runs": {
        "task": "core.tasks.purge_job_runs",
        "schedule": crontab(hour=3, minute=30),
    },
    # Newsletter: scheduled letters started (and letters still sending resumed), drafts composed on Monday.
    "send-scheduled-letters": {
        "task": "newsletter.tasks.send_scheduled_letters",
        "schedule": 120.0,
    },
    "compose-weekly-letters": {
        "task": "newsletter.tasks.compose_weekly_letters",
        "schedule": crontab(day_of_week="mon", hour=6, minute=0),
    },
    # The association (issue 24): membership reminders and lapse notices, audience counts flushed.
    "association-membership-reminders": {
        "task": "association.tasks.send_membership_reminders",
        "schedule": crontab(hour=9, minute=10),
    },
    "association-lapse-notices": {
        "task": "association.tasks.send_lapse_notices",
        "schedule": crontab(hour=9, minute=20),
    },
    "core-audience-flush": {
        "task": "core.tasks.flush_audience",
        "schedule": 300.0,
    },
    "association-audience-summary": {
        "task": "association.tasks.send_audience_summary",
        "schedule": crontab(day_of_month=1, hour=8, minute=0),
    },
    # Counted search queries older than WAGTAILSEARCH_HITS_MAX_AGE days (search.services.purge_counts).
    "purge-search-counts": {
        "task": "search.tasks.purge_search_counts",
        "schedule": crontab(hour=3, minute=50),
    },
}
# Every entry above is watched (core.jobs): each run is recorded, and a job that has not succeeded for its
# period plus a margin is reported on /sante/, in the admin and by email to ADMINS. The margin is a share
# of the period, at least a minimum (5 minutes → 20; daily → 30 hours); a failed run that the next ones do
# not put right within the margin is reported too. Here, by task name: the label staff see and, if need
# be, a "margin" of its own (or the "period" of a schedule that is neither seconds nor a crontab).
SCHEDULED_JOBS_MARGIN = {"share": 0.25, "minimum": timedelta(minutes=15)}
SCHEDULED_JOBS = {
    "core.tasks.requeue_pending_emails": {"label": _("Relance des courriels en attente")},
    "core.tasks.purge_old_emails": {"label": _("Effacement des anciens courriels envoyés")},
    "magazine.tasks.publish_scheduled_pages": {"label": _("Publication programmée des pages")},
    "magazine.tasks.purge_unconfirmed_press_releases": {"label": _("Effacement des communiqués non confirmés")},
    "agenda.tasks.purge_unconfirmed_event_submissions": {
        "label": _("Effacement des propositions d’événements non confirmées")
    },
    "emploi.tasks.close_expired_offers": {"label": _("Clôture des offres d’emploi échues")},
    "core.tasks.purge_job_runs": {"label": _("Effacement de l’historique des tâches planifiées")},
    "association.tasks.send_membership_reminders": {"label": _("Rappels avant la fin des adhésions")},
    "association.tasks.send_lapse_notices": {"label": _("Avis de fin d’adhésion")},
    "core.tasks.flush_audience": {"label": _("Enregistrement des chiffres d’audience")},
    "association.tasks.send_audience_summary": {"label": _("Bilan mensuel d’audience à l’équipe")},
    "search.tasks.purge_search_counts": {"label": _("Effacement des anciennes recherches comptées")},
    "newsletter.tasks.send_scheduled_letters": {"label": _("Envoi des lettres programmées")},
    "newsletter.tasks.compose_weekly_letters": {"label": _("Préparation des lettres de la semaine")},
}
# How often, at most, the web processes check the jobs after answering a request (and send the alert
# email): the alarm goes out even if nobody opens the admin or calls /sante/. None: never.
SCHEDULED_JOBS_CHECK_INTERVAL = timedelta(minutes=5)

# --- Authentication (django-allauth, account part only) ---------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "espace"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Solidaires] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# accounts' sign-up form plus the candidate's first wishes (emploi builds the profile and private bio from them).
ACCOUNT_FORMS = {"signup": "emploi.forms_candidates.CandidateSignupForm"}
# Throttling: allauth's rate limits, stored in the cache. Failed sign-ins are limited per address here,
# and per account in RATE_LIMITS ("accounts.login_failed") by accounts.adapter, which never lets that
# account limit block an address the owner signed in from; the owner can also always sign in with a
# one-time code sent by email.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins on one account from addresses its owner has not signed in from (accounts.adapter).
    "accounts.login_failed": "10/15m",
    "login": "30/m/ip",
    "login_failed": "5/5m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Solidaires"
# Editors sign in through the site's login (allauth): throttled, and only with a verified address. The
# admin sends people to /admin/login/ (`home.views.admin_login_redirect`), which passes anonymous visitors
# on to allauth and shows « accès refusé » to someone signed in without admin access (no redirect loop).
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# One search index for the whole site (pages, offers, organisations…: the `search` app and the offers'
# `?q=`). On PostgreSQL the database backend uses full-text search with `french_unaccent` (created by
# migration search/0001: French stemming, accents ignored); elsewhere Wagtail's database fallback. To move
# to OpenSearch/Elasticsearch, set SEARCH_BACKEND_URL (see docs/deployment.md) and run `update_index`.
SEARCH_BACKEND_URL = env("SEARCH_BACKEND_URL", default="")
if SEARCH_BACKEND_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env("SEARCH_BACKEND", default="wagtail.search.backends.elasticsearch8"),
            "URLS": [SEARCH_BACKEND_URL],
            "INDEX": env("SEARCH_INDEX", default="solidaires"),
            "OPTIONS": {},
            "INDEX_SETTINGS": {"settings": {"analysis": {"analyzer": {"default": {"type": "french"}}}}},
        }
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french_unaccent"}
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Search queries counted per day (search_promotions' QueryDailyHits): kept this many days.
WAGTAILSEARCH_HITS_MAX_AGE = 90
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Editors' uploads: the same pixel limit as the public forms' (core.images), checked before decoding.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 30_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.admin_forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "ods", "csv", "txt"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatar from a third-party host in the admin (privacy: the brief allows no third-party request).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Development and tests serve uploaded media themselves; production leaves it to the web server or S3.
SERVE_MEDIA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise's hashed and compressed files, the site's stylesheets minified first (core/staticfiles.py).
    "staticfiles": {"BACKEND": "core.staticfiles.MinifiedCompressedManifestStaticFilesStorage"},
}
# Optional S3-compatible media storage (django-storages). Public media (images of published content) are
# served from AWS_S3_CUSTOM_DOMAIN, which the Content-Security-Policy below then allows for images.
# Private files (CVs) will need a storage of their own with signed URLs.
MEDIA_HOST = ""
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    MEDIA_HOST = f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else (AWS_S3_ENDPOINT_URL or "")

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Solidaires <ne-pas-repondre@solidaires.example>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = 20

# --- Security headers (production tightens the rest) -------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp 4, `config.middleware.SiteCSPMiddleware`): public pages load only
# the site's own scripts, styles, fonts and images (no inline script or style at all, so no nonce is
# needed; a template that must inline a script uses `{{ request.csp_nonce }}`, which adds the nonce).
IMAGE_SOURCES = ["'self'", "data:", *([MEDIA_HOST] if MEDIA_HOST else [])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": IMAGE_SOURCES,
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The Wagtail admin (under ADMIN_PATH_PREFIX) gets this one instead: Wagtail 7's own templates still
# inline scripts (inline panels, date widgets) and style attributes that cannot carry a nonce.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "img-src": ["'self'", "data:", "blob:", *([MEDIA_HOST] if MEDIA_HOST else [])],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "frame-ancestors": ["'self'"],
    },
}
ADMIN_PATH_PREFIX = "/admin/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail's background tasks log every run at INFO; only problems matter.
        "django_tasks": {"level": "WARNING"},
    },
}

# The Wagtail groups that moderate what people submit (created by accounts' migrations): they alone may
# open the files of content still in moderation (core.submissions.private_collection).
MODERATION_GROUPS = ["Rédacteurs", "Modérateurs"]

# --- Rate limits (core.throttling) -------------------------------------------
# Every public form and endpoint reads its limits here: "count/period" (s, m, h, d; "30/10m").
# Sign-in, sign-up and password reset are allauth's (ACCOUNT_RATE_LIMITS above).
RATE_LIMITS = {
    # Messages sent through the site's messaging (accounts.messaging), per account.
    "accounts.message": "30/h",
    # Failed sign-ins on one account from addresses its owner has not signed in from (accounts.adapter).
    "accounts.login_failed": "10/15m",
    # Organisations created, and requests to join one, per person (account or address).
    "annuaire.organisation": "10/h",
    "annuaire.membership_request": "10/h",
    # Messages sent to an organisation through its page of the directory, per person.
    "annuaire.contact": "5/h",
    # Offers created or edited through the recruiter's form, per person.
    "emploi.offer_form": "60/h",
    # Consultant profiles saved through /espace/consultant/, per person.
    "conseil.profile_form": "60/h",
    # Candidates' profile, CV entries and bio settings saved in /espace/candidat/, per person.
    "emploi.candidate_form": "120/h",
    # Applications sent through the quick form, per IP address.
    "emploi.application": "5/h",
    # Press releases, per email address and per IP address.
    "magazine.press_release.email": "3/h",
    "magazine.press_release.ip": "3/h",
    # Any POST of the agenda's forms (valid or not), per address: slows down a robot.
    "agenda.attempt.ip": "30/h",
    # Event proposals, per address and per email; photo sets, per account.
    "agenda.proposal.ip": "5/h",
    "agenda.proposal.email": "5/d",
    "agenda.photos.user": "5/h",
    # Suggestions of the search box (one request per pause in typing), per address.
    "search.suggestions": "120/m",
    # Newsletter sign-ups, per address and per email.
    "newsletter.signup.ip": "10/h",
    "newsletter.signup.email": "3/d",
    # The association (issue 24): memberships saved and « Parler à quelqu’un » requests, per person.
    "association.join": "20/h",
    "association.contact": "5/h",
}

# --- Shared limits of what people upload (core.images, core.files) --------------
IMAGE_UPLOAD_LIMITS = {
    "MAX_BYTES": 5 * 1024 * 1024,
    "MAX_SIDE": 6000,
    "MAX_PIXELS": 30_000_000,
    "STORED_MAX_SIDE": 2400,
}

# --- Job offers (emploi) ----------------------------------------------------
# New offers one account may create in 24 hours; days a closed offer stays visible, marked « clôturée ».
EMPLOI_MAX_NEW_OFFERS_PER_DAY = env.int("EMPLOI_MAX_NEW_OFFERS_PER_DAY", default=10)
EMPLOI_CLOSED_OFFER_GRACE_DAYS = env.int("EMPLOI_CLOSED_OFFER_GRACE_DAYS", default=30)

# --- Demo content (python manage.py seed_demo) ------------------------------
# Demo accounts have published passwords: only development, tests and the bench may create them.
SEED_DEMO_ALLOWED = False
# Each app adds its seeder; they run in this order.
DEMO_SEEDERS = [
    "reference.demo.seed",
    "accounts.demo.seed",
    "annuaire.demo.seed",
    "home.demo.seed",
    "annuaire.demo.seed_directory_page",  # under the home page, once it exists
    "magazine.demo.seed",
    "emploi.demo.seed",
    "emploi.demo_candidates.seed",  # ~100 candidates with CVs and bios (issue 23)
    "agenda.demo.seed",
    "conseil.demo.seed",
    "association.demo.seed",
    "home.demo.seed_sections",  # the features' sections on the home page, once their pages exist
    "search.demo.seed",  # editors' promoted results, once the pages they point to exist
    "newsletter.demo.seed",  # the lists, subscribers and a sent letter, once articles and offers exist
]

# --- Press releases (magazine.press) ---
# The rubrique (slug, under the magazine index) that receives confirmed press releases as drafts;
# the index's first rubrique when none has this slug.
PRESS_RELEASE_RUBRIQUE_SLUG = "ess"
PRESS_RELEASE_MAX_ATTACHMENTS = 3
PRESS_RELEASE_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# The same release (same address, same title and text) is refused again within this many days.
PRESS_RELEASE_DUPLICATE_DAYS = 7

# --- Newsletter (newsletter) ----------------------------------------------------
# Letters leave from this address; one-click unsubscription by mail goes to the mailbox below (anymail's
# inbound webhook reads it). Chunks of NEWSLETTER_CHUNK_SIZE recipients, each one call to the provider;
# NEWSLETTER_BATCH_SEND: one anymail message per chunk with merge data (the provider's merge-field syntax
# in NEWSLETTER_MERGE_FIELD_FORMAT), else one message per recipient in one send_messages call.
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default="Solidaires <lettre@solidaires.example>")
NEWSLETTER_UNSUBSCRIBE_MAILBOX = env("NEWSLETTER_UNSUBSCRIBE_MAILBOX", default="desinscription@solidaires.example")
NEWSLETTER_LIST_ID_DOMAIN = env("NEWSLETTER_LIST_ID_DOMAIN", default="solidaires.example")
NEWSLETTER_CHUNK_SIZE = env.int("NEWSLETTER_CHUNK_SIZE", default=500)
NEWSLETTER_CHUNK_RATE_LIMIT = env("NEWSLETTER_CHUNK_RATE_LIMIT", default="60/m")
NEWSLETTER_BATCH_SEND = env.bool("NEWSLETTER_BATCH_SEND", default=False)
NEWSLETTER_MERGE_FIELD_FORMAT = env("NEWSLETTER_MERGE_FIELD_FORMAT", default="{{%s}}")
NEWSLETTER_CONFIRMATION_MAX_AGE = 7 * 86400
NEWSLETTER_RESUME_AFTER = timedelta(minutes=30)
# --- Conseil: missions and proposals (conseil.missions) ---
# Private files (proposals' PDFs, core.private_files): outside MEDIA_ROOT, never served by a URL; with S3,
# a private prefix of the bucket with signed URLs.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default="")  # "": private-media/ beside MEDIA_ROOT
STORAGES["private"] = {"BACKEND": "core.private_files.PrivateFileSystemStorage"}
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True, "custom_domain": None},
    }
CONSEIL_PROPOSAL_MAX_BYTES = 5 * 1024 * 1024
RATE_LIMITS["conseil.mission_form"] = "20/h"
RATE_LIMITS["conseil.proposal"] = "20/h"
# Matching consultants get one email per batch listing every new mission that fits them.
CELERY_BEAT_SCHEDULE["notify-new-missions"] = {"task": "conseil.tasks.notify_new_missions", "schedule": 900.0}
SCHEDULED_JOBS["conseil.tasks.notify_new_missions"] = {"label": _("Envoi des nouvelles missions aux consultant·es")}
# --- The association (issue 24) ---
# HelloAsso: the secret its webhook signs bodies with (HMAC-SHA256, header X-Ha-Signature) and the
# checkout page members are sent to (with ?reference=<membership reference>). Empty: the webhook refuses
# every call and the space shows no HelloAsso button.
HELLOASSO_WEBHOOK_SECRET = env("HELLOASSO_WEBHOOK_SECRET", default="")
HELLOASSO_CHECKOUT_URL = env("HELLOASSO_CHECKOUT_URL", default="")
# Where « Parler à quelqu’un » requests are announced (DEFAULT_FROM_EMAIL when empty).
ASSOCIATION_CONTACT_EMAIL = env("ASSOCIATION_CONTACT_EMAIL", default="")
# Audience without trackers (core.audience): off turns the counting middleware into a no-op.
AUDIENCE_COUNTING = env.bool("AUDIENCE_COUNTING", default=True)
AUDIENCE_EXCLUDED_PREFIXES = ["/association/mon-adhesion/", "/association/assemblee-generale/"]
# Who receives the monthly audience summary (ADMINS when empty).
AUDIENCE_SUMMARY_EMAILS = env.list("AUDIENCE_SUMMARY_EMAILS", default=[])
