"""Cache backends that fail, for the tests of what the site does while the shared cache is down."""

from django.core.cache.backends.locmem import LocMemCache


class RaisingCache(LocMemCache):
    """Every operation fails, as a Redis client does when Redis is unreachable."""

    def _fail(self, *args, **kwargs):
        raise ConnectionError("the cache is unreachable")

    add = get = set = touch = delete = incr = get_many = set_many = delete_many = _fail
    has_key = clear = _fail


class IgnoringCache(LocMemCache):
    """Every operation quietly does nothing, as a cache that ignores its errors does.

    Reads answer the default, writes keep nothing and say None (django-redis
    with IGNORE_EXCEPTIONS behaves so while Redis is down).
    """

    def get(self, key, default=None, version=None):
        return default

    def get_many(self, keys, version=None):
        return {}

    def _nothing(self, *args, **kwargs):
        return None

    add = set = touch = delete = incr = set_many = delete_many = clear = _nothing

    def has_key(self, key, version=None):
        return False
