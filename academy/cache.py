"""Django's Redis cache backend, with fewer round trips per cache call.

- Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object
  around the (shared) connection pool for every cache call. On this machine that
  costs about 75 µs, more than the round trip to Redis itself (about 65 µs). A
  ``redis.Redis`` object is safe to share between threads, and its pool
  reconnects after a fork, so one per pool is kept.
- Django's ``incr`` asks whether the key exists, then increments: two round
  trips, on every rate-limited request (django-ratelimit counts with ``add``
  then ``incr``). Here one atomic script does both, so a counter that expires
  between the two steps is never recreated without its expiry.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        value = client.eval(_INCR_IF_EXISTS, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


_INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return nil
"""


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
