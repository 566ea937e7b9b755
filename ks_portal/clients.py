"""Who sent a request, for the limits counted per client (download throttling).

A placeholder: the address the connection came from. The version that reads the
real client behind a set number of trusted proxies replaces this body; its callers
need not change.
"""


def client_ip(request):
    """The address of the client that sent ``request``."""
    return request.META.get("REMOTE_ADDR", "")
