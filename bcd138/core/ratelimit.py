"""Fixed-window rate limits kept in the database, so every app server shares them.

`hit(scope, client, limit=, window=)` counts one request and says whether it is
within the limit. The client (an address) is stored only as an HMAC under the
secret key and the scope, so the table cannot be read back into addresses.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bcd138.core.models import RateCounter


def client_key(scope: str, client: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{scope}\0{client}".encode(), hashlib.sha256).hexdigest()


def hit(scope: str, client: str, *, limit: int, window: int) -> bool:
    """Count a request; True while at most `limit` in the current `window` seconds."""
    now = timezone.now()
    start = datetime.datetime.fromtimestamp(
        int(now.timestamp()) // window * window, tz=datetime.UTC
    )
    key = client_key(scope, client)
    updated = RateCounter.objects.filter(key=key, window_start=start).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                RateCounter.objects.create(
                    key=key, window=window, window_start=start, count=1
                )
        except IntegrityError:  # another server created it first
            RateCounter.objects.filter(key=key, window_start=start).update(
                count=F("count") + 1
            )
        # A new window began: forget the windows that can no longer matter.
        RateCounter.objects.filter(
            window=window, window_start__lt=start - datetime.timedelta(seconds=window)
        ).delete()
    count = RateCounter.objects.filter(key=key, window_start=start).values_list(
        "count", flat=True
    )
    return (count.first() or 0) <= limit
