"""Running the WSGI application under gunicorn, for `serve` and `demo`."""

from typing import Any

from gunicorn.app.base import BaseApplication


class GunicornServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from bcd138.wsgi import application

        return application


def run(*, host: str, port: int, workers: int, threads: int = 4) -> None:
    GunicornServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            # No client addresses and no query strings: a citizen's anonymous
            # report must not be linkable to where it came from, and the log
            # would otherwise keep that link. No request bodies either.
            "access_log_format": '"%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        }
    ).run()
