"""Who is asking: the address of the client behind our own reverse proxies.

Throttles, django-axes and the view counter all key on this one function, so they agree
on who a client is. X-Forwarded-For is only believed as far as our own proxies wrote it:
each proxy appends the address it received the request from, so with N trusted proxies
the client is the Nth address from the right. Anything further left was sent by the
client and may be invented; with no trusted proxy (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the TRUSTED_PROXIES-th X-Forwarded-For entry
    from the right when the portal runs behind that many proxies of its own.

    Falls back to REMOTE_ADDR when the header is missing, is shorter than the number of
    trusted proxies (a request that did not come through all of them), or the entry is not
    an IP address.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote_addr
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return remote_addr
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return remote_addr
