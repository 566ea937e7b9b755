from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import check_for_language


class PortalLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the visitor chose English with the language switch.

    Django's own middleware follows the browser's Accept-Language header; many
    office computers here run English-language browsers, and the portal must
    still open in Indonesian. Only the language cookie set by the switch counts.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request):
    """The language of the switch's cookie when it names one the portal has, else the
    default (the page cache keys its pages by it too)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE


SESSION_STAMP = "_refreshed_at"  # when StaffSessionMiddleware last moved the expiry


def now_stamp():
    return int(timezone.now().timestamp())


def signed_in_user(request):
    """Whether a user is signed in; without a session cookie the session is not even read
    (reading it would add `Vary: Cookie` to public pages)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


class StaffSessionMiddleware:
    """A signed-in session ends after SESSION_COOKIE_AGE (8 hours) without a request.

    Django sets a session's expiry when it saves it, and saves it only when it changed. So
    each request of a signed-in user stamps the session, at most once every
    STAFF_SESSION_REFRESH seconds (every request would mean a database write per click):
    working staff stay signed in, and a session left idle ends 8 hours after its last
    stamp, so between 7 h 55 and 8 h after its last request. Readers without a session
    cookie are not touched: nothing is read, created or saved for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if signed_in_user(request):
            last = request.session.get(SESSION_STAMP, 0)
            if now_stamp() - last >= settings.STAFF_SESSION_REFRESH:
                request.session[SESSION_STAMP] = now_stamp()
        return self.get_response(request)


def stamp_session_at_login(sender, request, user, **kwargs):
    """At login the session is written anyway: stamp it then, so that the first requests
    after it need no write of their own (connected in ks_portal/apps.py)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STAMP] = now_stamp()


class PrivateResponsesMiddleware:
    """Staff and admin pages, and whatever a signed-in user is shown, are `Cache-Control:
    private, no-store`: no shared cache (a proxy, a CDN) keeps them, and no browser keeps
    them on disk for the next person at an office computer."""

    PRIVATE_PREFIXES = ("/staff/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        signed_in = signed_in_user(request)
        if signed_in or request.path_info.startswith(self.PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response
