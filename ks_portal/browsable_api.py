"""DRF's browsable API (the HTML view of /api/…) within the portal's Content-Security-Policy."""

from csp.constants import UNSAFE_INLINE
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's template puts the Pygments colours of code blocks in an inline <style>, which
    the policy refuses: they are left out (code blocks stay plain). It also sets style
    attributes on its Filters and Extra Actions buttons: these pages alone allow style
    attributes (`style-src-attr 'unsafe-inline'`), which cannot run script; inline
    <style> and <script> stay refused."""

    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        context["code_style"] = None
        # The attribute django-csp's @csp_update sets; its middleware reads it.
        renderer_context["response"]._csp_update = {"style-src-attr": [UNSAFE_INLINE]}
        return context
