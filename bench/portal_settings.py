"""bench/portal.py only: the product's settings, plus the two reference views.

`/_bench/bare/` is answered by a middleware placed before all of the product's: Django itself
(the WSGI handler and one function) answering an item page's bytes, the ceiling the pages are
measured against. `/_bench/stack/` is an ordinary view behind the product's whole middleware
stack (bench/portal_urls.py). Everything else (caches, databases, security) is the product's.
"""

from gongkai.settings import *  # noqa: F403
from gongkai.settings import MIDDLEWARE

ROOT_URLCONF = "bench.portal_urls"
MIDDLEWARE = ["bench.portal_urls.bare_middleware", *MIDDLEWARE]
