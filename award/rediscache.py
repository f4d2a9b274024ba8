"""The shared cache in Redis: django-redis, and what django-axes needs of it while Redis is down.

django-redis keeps one Redis client per connection pool (Django's own
backend built a new client for every operation, which cost more than the
round trip to Redis and was paid by every page from the page cache). With
IGNORE_EXCEPTIONS (award.settings), a Redis that does not answer makes get()
return its default, get_many() an empty dict, and add(), set(), incr() and
delete() return None, so that callers can tell "not answered" from an answer.
"""

from django_redis.cache import RedisCache


class LockoutCache(RedisCache):
    """django-axes' counts of failed sign-ins.

    axes adds a count of 1 and increments it when the add was refused; with
    Redis down both give None, and axes' comparison of None with the limit
    would turn a wrong password into a 500. An add that Redis did not answer
    counts as the first failure: no lockout while Redis is down, and staff
    still need their one-time code.
    """

    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        return True if added is None else added
