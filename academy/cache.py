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
- ``count_and_get_many`` (``common.cache``) counts a request and reads the
  answer to it in one atomic round trip: a verification costs one trip to
  Redis, not three (decision 0028), sent straight on a pooled connection.
"""

from django.core.cache.backends import redis
from redis.exceptions import RedisError


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

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

    def count_and_get_many(self, counter, timeout, keys):
        client = self.get_client(counter, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(
                _COUNT_AND_GET_MANY
            )
        names = [counter, *keys]
        # The command on a pooled connection, without redis-py's per-command
        # machinery (half the CPU of a cached verification's trip to Redis);
        # anything unusual (the script not loaded yet, a lost connection) goes
        # the ordinary way, which loads the script and reconnects.
        pool = client.connection_pool
        connection = pool.get_connection()
        try:
            connection.send_command("EVALSHA", script.sha, len(names), *names, timeout)
            count, values = connection.read_response()
        except RedisError:
            connection.disconnect()
            count, values = script(keys=names, args=[timeout])
        finally:
            pool.release(connection)
        found = {
            key: self._serializer.loads(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }
        return count, found


# One command and one reply (a MULTI/EXEC pipeline costs five replies).
_COUNT_AND_GET_MANY = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
local values = {}
if #KEYS > 1 then
  values = redis.call('MGET', unpack(KEYS, 2))
end
return {count, values}
"""

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

    def count_and_get_many(self, counter, timeout, keys):
        """See ``common.cache.count_and_get_many``."""
        # The keys are the academy's own, made to suit Redis: not checked
        # for memcached's rules.
        made = {self.make_key(key): key for key in keys}
        count, found = self._cache.count_and_get_many(
            self.make_key(counter), timeout, list(made)
        )
        return count, {made[key]: value for key, value in found.items()}
