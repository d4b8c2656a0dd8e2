from bcd138.core.checks import check_production_settings


def ids(settings) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.id for m in check_production_settings()}


def test_demo_settings_raise_nothing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = False
    settings.SECRET_KEY_FROM_FILE = True
    assert ids(settings) == set()


def test_production_requires_secret_key_from_environment(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    settings.SECRET_KEY_FROM_FILE = True
    settings.DEBUG = False
    assert "bcd138.E001" in ids(settings)


def test_production_refuses_short_key_and_debug(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    settings.SECRET_KEY_FROM_FILE = False
    settings.SECRET_KEY = "short"
    settings.DEBUG = True
    assert {"bcd138.E002", "bcd138.E003"} <= ids(settings)


def test_production_with_good_settings_passes_errors(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    settings.SECRET_KEY_FROM_FILE = False
    settings.SECRET_KEY = "x" * 50
    settings.DEBUG = False
    assert not {i for i in ids(settings) if i.startswith("bcd138.E")}
