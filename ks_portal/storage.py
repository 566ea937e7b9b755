"""Uploaded photos in a private bucket of an S3-compatible object store (django-storages).

With ``MEDIA_BUCKET`` set, every app server reads and writes the same bucket instead of
MEDIA_ROOT on its own disk. The bucket stays private: objects are written without an ACL
(so only the portal's credentials read them) and nothing the pages show points into it.

django-storages' ``url()`` answers a signed URL of the bucket. Templates, feeds, the API
and sharing metadata all take a photo's address from ``url()``, so with the plain backend a
page would hand every reader, for every photo it shows (staff pages' drafts included), a
URL that skips the publication and scope check of ``ks_portal/media.py``, and cached public
pages would carry signed URLs that expire before the page does. Here ``url()`` gives the
portal's own ``/media/<name>``, as FileSystemStorage does; the only signed URL is the one
the media view asks ``signed_url()`` for, after its check, for a public file.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateBucketStorage(S3Storage):
    """S3Storage whose ``url()`` is the portal's media address, never the bucket's."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))

    def signed_url(self, name):
        """A GET URL of the object, signed for ``querystring_expire`` seconds
        (MEDIA_SIGNED_URL_SECONDS)."""
        return super().url(name)
