"""Desk files as users write them (docs/desks.md): loading, merging, refusing, shipped data.

Every test writes its own TOML into ``tmp_path`` and loads it on top of the shipped desks,
with ``user_files=False`` so the developer's own data folder and ``SELLERDESK_DESKS`` never
leak in (except in the test of the file order, which builds its own settings).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import use_cache_folder
from sellerdesk.core.hours.loader import DeskFile, build_desks, read_desk_file
from sellerdesk.core.hours.model import CHANNELS, CONFIDENCES, Desk
from sellerdesk.hours import desk_files, desk_for_marketplace, load_desks
from sellerdesk.settings import load_settings

BERLIN = ZoneInfo("Europe/Berlin")
DOCS = Path(__file__).resolve().parents[3] / "docs" / "desks.md"

EXAMPLE = """\
[desk.night]
name = "Overnight desk"
timezone = "Europe/Berlin"
language = "en"
marketplaces = ["DE"]
holidays = ["DE"]
closed = ["2026-12-24"]
open = ["2026-12-27"]
source = "our own agreement"
as_of = "2026-11-28"
confidence = "user"
[desk.night.channels.case]
mon = ["20:00-04:00"]
tue = ["20:00-04:00"]
sat = []
sun = ["08:00-12:00", "13:00-17:00"]
"""


def berlin(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def write(folder: Path, text: str, name: str = "desks.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> dict[str, Desk]:
    return load_desks(extra=path, user_files=False)


def shipped_file() -> DeskFile:
    ref = resources.files("sellerdesk") / "data" / "desks.toml"
    with resources.as_file(ref) as path:
        return read_desk_file(Path(path), builtin=True)


@pytest.fixture
def night(tmp_path: Path) -> Desk:
    return load(write(tmp_path, EXAMPLE))["night"]


# -- the documented example ----------------------------------------------------------------


def test_the_example_of_the_docs_is_the_one_of_the_issue_and_loads() -> None:
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    assert EXAMPLE in blocks


def test_every_toml_block_in_the_docs_loads(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    for i, block in enumerate(blocks):
        if "[desk." not in block or "[desk.example.channels.chat]" in block:
            continue  # the weekday fragment is not a whole desk
        load(write(tmp_path, block, f"block{i}.toml"))


def test_the_example_desk_keeps_what_its_file_says(night: Desk) -> None:
    assert night.name == "Overnight desk"
    assert night.timezone.key == "Europe/Berlin"
    assert night.language == "en"
    assert night.marketplaces == ("DE",)
    assert list(night.channels) == ["case"]
    assert night.fact.source == "our own agreement"
    assert night.fact.as_of == date(2026, 11, 28)
    assert night.fact.confidence == "user"
    days = night.channel("case").days
    assert days.holidays == ("DE",)
    assert days.closed == {date(2026, 12, 24)}
    assert days.open == {date(2026, 12, 27)}


def test_a_monday_night_shift_runs_until_four_on_tuesday(night: Desk) -> None:
    sched = night.schedule("case")
    assert not sched.is_open(berlin(2026, 11, 30, 19, 59))
    assert sched.is_open(berlin(2026, 11, 30, 20))
    assert sched.next_close(berlin(2026, 11, 30, 20)) == utc(2026, 12, 1, 3)  # Tue 04:00 CET
    assert sched.is_open(berlin(2026, 12, 1, 3, 59))
    assert not sched.is_open(berlin(2026, 12, 1, 4))
    assert sched.next_open(berlin(2026, 12, 1, 4)) == utc(2026, 12, 1, 19)  # Tue 20:00 CET


def test_the_tuesday_night_shift_ends_on_wednesday_and_wednesday_night_is_closed(
    night: Desk,
) -> None:
    sched = night.schedule("case")
    assert sched.is_open(berlin(2026, 12, 2, 3))
    assert not sched.is_open(berlin(2026, 12, 2, 20))
    # next shift: Sunday 08:00 CET
    assert sched.next_open(berlin(2026, 12, 2, 4)) == utc(2026, 12, 6, 7)


def test_sunday_has_two_ranges_with_a_lunch_break(night: Desk) -> None:
    sched = night.schedule("case")
    windows = sched.windows(berlin(2026, 12, 6), berlin(2026, 12, 7))
    assert windows == [
        (utc(2026, 12, 6, 7), utc(2026, 12, 6, 11)),
        (utc(2026, 12, 6, 12), utc(2026, 12, 6, 16)),
    ]


def test_christmas_eve_is_closed(night: Desk) -> None:
    sched = night.schedule("case")
    assert sched.windows(berlin(2026, 12, 24), berlin(2026, 12, 25)) == []
    assert not sched.is_open(berlin(2026, 12, 24, 20))


def test_german_holidays_close_the_desk(night: Desk) -> None:
    sched = night.schedule("case")
    assert sched.windows(berlin(2026, 12, 25), berlin(2026, 12, 27)) == []
    # Easter Monday 2026-04-06: no Monday night shift; Tuesday's runs (20:00 CEST = 18:00 UTC)
    assert not sched.is_open(berlin(2026, 4, 6, 20))
    assert sched.next_open(berlin(2026, 4, 6, 20)) == utc(2026, 4, 7, 18)
    # Easter Sunday is not a national holiday in Germany
    assert sched.is_open(berlin(2026, 4, 5, 10))


def test_an_extra_open_sunday_gets_mondays_hours_instead_of_sundays(night: Desk) -> None:
    sched = night.schedule("case")
    assert not sched.is_open(berlin(2026, 12, 27, 10))
    assert sched.windows(berlin(2026, 12, 27), berlin(2026, 12, 28)) == [
        (utc(2026, 12, 27, 19), utc(2026, 12, 28, 3))  # Sun 20:00 -> Mon 04:00 CET
    ]


def test_open_hours_chooses_the_weekday_an_extra_open_date_borrows(tmp_path: Path) -> None:
    text = EXAMPLE.replace('open = ["2026-12-27"]', 'open = ["2026-12-27"]\nopen_hours = "Sun"')
    sched = load(write(tmp_path, text))["night"].schedule("case")
    assert sched.windows(berlin(2026, 12, 27), berlin(2026, 12, 28)) == [
        (utc(2026, 12, 27, 7), utc(2026, 12, 27, 11)),
        (utc(2026, 12, 27, 12), utc(2026, 12, 27, 16)),
    ]


def test_a_closed_date_closes_the_overnight_range_that_starts_on_it(tmp_path: Path) -> None:
    text = EXAMPLE.replace('closed = ["2026-12-24"]', 'closed = ["2026-12-22"]')  # a Tuesday
    sched = load(write(tmp_path, text))["night"].schedule("case")
    assert sched.is_open(berlin(2026, 12, 22, 2))  # Monday's range still runs into Tuesday
    assert not sched.is_open(berlin(2026, 12, 22, 20))
    assert not sched.is_open(berlin(2026, 12, 23, 2))


def test_a_channel_without_provenance_shares_its_desks_from_the_same_file(tmp_path: Path) -> None:
    fact = load(write(tmp_path, EXAMPLE))["night"].channel("case").fact
    assert (fact.source, fact.confidence, fact.as_of) == (
        "our own agreement",
        "user",
        date(2026, 11, 28),
    )


def test_a_user_channel_over_a_shipped_desk_is_the_users_dated_by_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[desk.na.channels.case]\nweekdays = ["07:00-17:00"]\n')
    stamp = datetime(2026, 5, 17, 12, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    fact = load(path)["na"].channel("case").fact
    assert fact.confidence == "user"
    assert fact.as_of == date(2026, 5, 17)
    assert str(path) in fact.source


def test_a_user_source_without_date_or_confidence_never_borrows_the_shipped_ones(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, '[desk.cn.channels.case]\nweekdays = ["09:00-18:00"]\nsource = "ours"\n')
    fact = load(path)["cn"].channel("case").fact
    assert (fact.source, fact.confidence, fact.note) == ("ours", "user", "")


def test_a_new_desk_without_any_provenance_is_the_users(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[desk.mine]\ntimezone = "Asia/Shanghai"\n'
        '[desk.mine.channels.chat]\nweekdays = ["10:00-17:00"]\n',
    )
    desk = load(path)["mine"]
    assert desk.fact.confidence == "user"
    assert str(path) in desk.fact.source
    assert desk.name == "mine"
    assert desk.language == "en"


def test_read_desk_file_and_build_desks_load_the_example_too(tmp_path: Path) -> None:
    desks = build_desks([shipped_file(), read_desk_file(write(tmp_path, EXAMPLE))])
    assert {"cn", "na", "eu", "uk", "jp", "night"} <= set(desks)
    assert desks["night"].origin == str(tmp_path / "desks.toml")


# -- merging -------------------------------------------------------------------------------


def test_a_desk_table_changes_only_the_keys_it_names(tmp_path: Path) -> None:
    shipped = load_desks(user_files=False)["na"]
    na = load(write(tmp_path, '[desk.na]\nname = "NA, as we call it"\nclosed = ["2026-11-27"]\n'))[
        "na"
    ]
    assert na.name == "NA, as we call it"
    assert na.name_zh == shipped.name_zh
    assert na.timezone.key == "America/Los_Angeles"
    assert na.marketplaces == ("US", "CA", "MX")
    assert set(na.channels) == set(CHANNELS)
    assert na.channel("phone").week == shipped.channel("phone").week
    assert na.channel("phone").days.closed_yearly == {(1, 1), (12, 25)}
    assert na.channel("phone").days.closed == {date(2026, 11, 27)}
    assert na.fact == shipped.fact  # provenance of the shipped desk is kept
    la_noon = datetime(2026, 11, 27, 12, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert not na.schedule("case").is_open(la_noon)


def test_a_channel_table_replaces_the_shipped_channel_whole(tmp_path: Path) -> None:
    shipped = load_desks(user_files=False)["na"]
    na = load(write(tmp_path, '[desk.na.channels.phone]\nmon = ["08:00-12:00"]\n'))["na"]
    phone = na.channel("phone")
    assert phone.week[0] == ((480, 720),)
    assert phone.week[1:] == ((),) * 6  # Tuesday-Friday were not repeated, so they are closed
    assert phone.fact.confidence == "user"
    assert phone.fact.note == ""  # the shipped note went with the shipped table
    # the desk's own day rules still apply to the new table
    assert phone.days.closed_yearly == {(1, 1), (12, 25)}
    # the other channels are untouched
    assert na.channel("chat") == shipped.channel("chat")
    assert na.channel("emergency").requires_plan == "premium-support"


def test_a_channel_can_replace_the_desks_holidays_for_itself(tmp_path: Path) -> None:
    text = EXAMPLE + "holidays = []\nclosed = []\nopen = []\n"
    case = load(write(tmp_path, text))["night"].channel("case")
    assert case.days.holidays == ()
    assert case.days.closed == frozenset()
    assert case.days.open == frozenset()


def test_a_named_day_overrides_its_group_and_groups_override_daily(tmp_path: Path) -> None:
    text = (
        '[desk.g]\ntimezone = "UTC"\n[desk.g.channels.chat]\n'
        'daily = ["10:00-11:00"]\nweekdays = ["09:00-18:00"]\nfri = ["09:00-15:00"]\n'
        "sun = []\n"
    )
    week = load(write(tmp_path, text))["g"].channel("chat").week
    assert week == (((540, 1080),),) * 4 + (((540, 900),), ((600, 660),), ())


def test_an_overnight_range_may_run_into_the_next_days_range(tmp_path: Path) -> None:
    text = (
        '[desk.g]\ntimezone = "UTC"\n[desk.g.channels.chat]\n'
        'mon = ["20:00-04:00"]\ntue = ["02:00-05:00"]\n'
    )
    sched = load(write(tmp_path, text))["g"].schedule("chat")
    assert sched.windows(utc(2026, 11, 30), utc(2026, 12, 2)) == [
        (utc(2026, 11, 30, 20), utc(2026, 12, 1, 5))
    ]


def test_enabled_false_hides_a_desk(tmp_path: Path) -> None:
    desks = load(write(tmp_path, "[desk.uk]\nenabled = false\n"))
    assert "uk" not in desks
    assert {"cn", "na", "eu", "jp"} <= set(desks)


def test_enabled_false_hides_even_a_desk_that_would_not_validate(tmp_path: Path) -> None:
    desks = load(write(tmp_path, "[desk.draft]\nenabled = false\n"))
    assert "draft" not in desks


def test_a_later_file_overrides_an_earlier_one(tmp_path: Path) -> None:
    first = write(tmp_path, '[desk.eu]\nname = "first"\nlanguage = "de"\n', "first.toml")
    second = write(tmp_path, '[desk.eu]\nname = "second"\n', "second.toml")
    desks = build_desks([shipped_file(), read_desk_file(first), read_desk_file(second)])
    assert desks["eu"].name == "second"
    assert desks["eu"].language == "de"
    assert desks["eu"].origin == str(second)


def test_data_folder_then_sellerdesk_desks_then_the_extra_file_apply_in_that_order(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    in_home = write(home, '[desk.eu]\nname = "home"\nlanguage = "de"\nnote = "from home"\n')
    from_env = write(tmp_path, '[desk.eu]\nname = "env"\nlanguage = "fr"\n', "env.toml")
    extra = write(tmp_path, '[desk.eu]\nname = "extra"\n', "extra.toml")
    settings = load_settings({"SELLERDESK_HOME": str(home), "SELLERDESK_DESKS": str(from_env)})
    try:
        assert desk_files(extra, settings=settings) == [in_home, from_env, extra]
        eu = load_desks(extra, settings=settings)["eu"]
        assert (eu.name, eu.language, eu.fact.note) == ("extra", "fr", "from home")
        assert load_desks(settings=settings)["eu"].name == "env"
        assert load_desks(settings=settings, user_files=False)["eu"].name != "env"
    finally:
        use_cache_folder(None)  # load_desks pointed the calendar cache into tmp_path


def test_a_missing_data_folder_file_is_skipped_but_a_missing_sellerdesk_desks_is_refused(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nowhere.toml"
    settings = load_settings({"SELLERDESK_HOME": str(tmp_path / "empty")})
    try:
        assert desk_files(settings=settings) == []
        assert "na" in load_desks(settings=settings)
        env = {"SELLERDESK_HOME": str(tmp_path), "SELLERDESK_DESKS": str(missing)}
        settings = load_settings(env)
        with pytest.raises(InvalidInput) as info:
            load_desks(settings=settings)
        assert info.value.field == str(missing)
        assert info.value.fix
    finally:
        use_cache_folder(None)


def test_a_user_desk_serving_a_marketplace_wins_over_the_shipped_one(night: Desk) -> None:
    desks = load_desks(user_files=False)
    desks["night"] = night
    assert desk_for_marketplace(desks, "de").key == "night"
    assert desk_for_marketplace(desks, "FR").key == "eu"


# -- malformed input -----------------------------------------------------------------------


def new_desk(
    desk: str = "", chan: str = 'mon = ["09:00-18:00"]', zone: str = 'timezone = "Europe/Berlin"'
) -> str:
    return f"[desk.night]\n{zone}\n{desk}\n[desk.night.channels.case]\n{chan}\n"


MALFORMED = [
    # (name, file content, the dotted key the message must name)
    ("a misspelt desk key", new_desk(zone='timezon = "Europe/Berlin"'), "desk.night.timezon"),
    (
        "a misspelt channel key",
        new_desk(chan='weekday = ["09:00-18:00"]'),
        "desk.night.channels.case.weekday",
    ),
    (
        "an unknown channel",
        new_desk() + '[desk.night.channels.fax]\nmon = ["09:00-10:00"]\n',
        "desk.night.channels.fax",
    ),
    ("an unknown top-level table", '[desks.night]\ntimezone = "UTC"\n', "desks"),
    ("a desk key in capitals", '[desk.Night]\ntimezone = "UTC"\n', "desk.Night"),
    ("a zone that is not IANA", new_desk(zone='timezone = "Europe/Berln"'), "desk.night.timezone"),
    ("a fixed-offset zone name", new_desk(zone='timezone = "UTC+8"'), "desk.night.timezone"),
    ("a missing timezone on a new desk", new_desk(zone=""), "desk.night.timezone"),
    ("hours past 23", new_desk(chan='mon = ["25:00-26:00"]'), "desk.night.channels.case.mon[0]"),
    ("hours without minutes", new_desk(chan='mon = ["9-18"]'), "desk.night.channels.case.mon[0]"),
    ("an empty range", new_desk(chan='mon = ["09:00-09:00"]'), "desk.night.channels.case.mon[0]"),
    ("minute 60", new_desk(chan='tue = ["09:00-09:60"]'), "desk.night.channels.case.tue[0]"),
    (
        "a second bad range",
        new_desk(chan='weekdays = ["09:00-12:00", "13:00"]'),
        "desk.night.channels.case.weekdays[1]",
    ),
    ("hours not in a list", new_desk(chan='mon = "09:00-18:00"'), "desk.night.channels.case.mon"),
    (
        "overlapping ranges",
        new_desk(chan='mon = ["09:00-12:00", "11:00-18:00"]'),
        "desk.night.channels.case",
    ),
    ("an unknown calendar", new_desk('holidays = ["XX"]'), "desk.night.holidays[0]"),
    (
        "the UK marketplace code as a calendar",
        new_desk('holidays = ["DE", "UK"]'),
        "desk.night.holidays[1]",
    ),
    ("calendars not in a list", new_desk('holidays = "DE"'), "desk.night.holidays"),
    ("an impossible date", new_desk('closed = ["2026-02-30"]'), "desk.night.closed[0]"),
    ("a date in another format", new_desk('open = ["27.12.2026"]'), "desk.night.open[0]"),
    ("dates not in a list", new_desk('closed = "2026-12-24"'), "desk.night.closed"),
    (
        "a date both closed and open",
        new_desk('closed = ["2026-12-24"]\nopen = ["2026-12-24"]'),
        "desk.night.open",
    ),
    (
        "a channel opening a date its desk closes",
        new_desk('closed = ["2026-12-24"]', chan='mon = ["09:00-18:00"]\nopen = [2026-12-24]'),
        "desk.night.channels.case.open",
    ),
    (
        "a yearly date that is not MM-DD",
        new_desk('closed_yearly = ["12/25"]'),
        "desk.night.closed_yearly[0]",
    ),
    (
        "a yearly date that never happens",
        new_desk('closed_yearly = ["02-30"]'),
        "desk.night.closed_yearly[0]",
    ),
    (
        "an unknown weekday for open_hours",
        new_desk('open_hours = "Funday"'),
        "desk.night.open_hours",
    ),
    (
        "an unknown confidence",
        new_desk('source = "x"\nas_of = "2026-11-28"\nconfidence = "sure"'),
        "desk.night.confidence",
    ),
    ("an empty source", new_desk('source = " "\nas_of = "2026-11-28"'), "desk.night.source"),
    ("a bad as_of", new_desk('source = "x"\nas_of = "yesterday"'), "desk.night.as_of"),
    (
        "a channel with a bad confidence",
        new_desk(
            chan='mon = ["09:00-18:00"]\nsource = "x"\nas_of = 2026-11-28\nconfidence = "high"'
        ),
        "desk.night.channels.case.confidence",
    ),
    ("a three-letter marketplace", new_desk('marketplaces = ["USA"]'), "desk.night.marketplaces"),
    ("a lower-case marketplace", new_desk('marketplaces = ["de"]'), "desk.night.marketplaces"),
    ("a language that is not a code", new_desk('language = "English"'), "desk.night.language"),
    ("enabled as a string", new_desk('enabled = "no"'), "desk.night.enabled"),
    (
        "a plan that is not a name",
        new_desk(chan='mon = ["09:00-18:00"]\nrequires_plan = true'),
        "desk.night.channels.case.requires_plan",
    ),
    ("a desk without channels", '[desk.night]\ntimezone = "UTC"\n', "desk.night.channels"),
    ("a desk that is not a table", "desk = { night = 1 }\n", "desk.night"),
    (
        "an unknown key in an override of a shipped desk",
        "[desk.cn]\nhoursx = 1\n",
        "desk.cn.hoursx",
    ),
    (
        "a bad zone in an override of a shipped desk",
        '[desk.na]\ntimezone = "PST"\n',
        "desk.na.timezone",
    ),
    (
        "an unknown calendar in an override of a shipped desk",
        '[desk.eu]\nholidays = ["EU"]\n',
        "desk.eu.holidays[0]",
    ),
    (
        "a bad range in a shipped channel",
        '[desk.jp.channels.chat]\nweekdays = ["9:00-18"]\n',
        "desk.jp.channels.chat.weekdays[0]",
    ),
]


@pytest.mark.parametrize(
    ("content", "key"), [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_every_malformed_input_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, content: str, key: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InvalidInput) as info:
        load(path)
    error = info.value
    assert error.field == f"{path}: {key}"
    assert error.fix
    assert error.message
    message, fix = error.words("zh")  # an admin editing desks.toml reads it in Chinese
    assert fix and re.search(r"[\u4e00-\u9fff]", message + fix), (message, fix)


MISATTRIBUTED = [
    ("a bad closed date on cn", '[desk.cn]\nclosed = ["2026-13-01"]\n', "desk.cn.closed[0]"),
    (
        "a bad yearly date on jp",
        '[desk.jp]\nclosed_yearly = ["12/31"]\n',
        "desk.jp.closed_yearly[0]",
    ),
    ("a bad confidence on na", '[desk.na]\nconfidence = "bogus"\n', "desk.na.confidence"),
]


@pytest.mark.parametrize(
    ("content", "key"), [c[1:] for c in MISATTRIBUTED], ids=[c[0] for c in MISATTRIBUTED]
)
def test_a_bad_value_in_an_override_of_a_shipped_desk_names_the_users_file(
    tmp_path: Path, content: str, key: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InvalidInput) as info:
        load(path)
    assert info.value.field == f"{path}: {key}"


def test_content_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "desk.night: {timezone: Europe/Berlin}\n", "desks.yaml")
    with pytest.raises(InvalidInput) as info:
        load(path)
    assert info.value.field == str(path)
    assert "TOML" in info.value.message
    assert info.value.fix


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "desks.toml"
    path.write_bytes('[desk.cn]\nname = "客服"\n'.encode("gb18030"))
    with pytest.raises(InvalidInput) as info:
        load(path)
    assert info.value.field == str(path)
    assert info.value.fix


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(InvalidInput) as info:
        load(path)
    assert info.value.field == str(path)
    assert info.value.fix


def test_a_refused_file_names_itself_even_after_a_good_file(tmp_path: Path) -> None:
    good = write(tmp_path, EXAMPLE, "good.toml")
    bad = write(tmp_path, '[desk.night.channels.case]\nmon = ["20:00-20:00"]\n', "bad.toml")
    with pytest.raises(InvalidInput) as info:
        build_desks([shipped_file(), read_desk_file(good), read_desk_file(bad)])
    assert info.value.field == f"{bad}: desk.night.channels.case.mon[0]"


# -- the shipped data ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> dict[str, Desk]:
    return load_desks(user_files=False)


def test_the_shipped_desks_are_cn_na_eu_uk_and_jp(shipped: dict[str, Desk]) -> None:
    assert list(shipped) == ["cn", "na", "eu", "uk", "jp"]


def test_every_shipped_fact_has_a_source_a_date_and_a_confidence(
    shipped: dict[str, Desk],
) -> None:
    for desk in shipped.values():
        facts = [("desk", desk.fact)] + [(name, r.fact) for name, r in desk.channels.items()]
        for where, fact in facts:
            assert fact.source.strip(), (desk.key, where)
            assert isinstance(fact.as_of, date), (desk.key, where)
            assert fact.as_of <= date(2026, 11, 28), (desk.key, where)
            assert fact.confidence in CONFIDENCES, (desk.key, where)
            assert fact.confidence != "user", (desk.key, where)


def test_every_shipped_desk_has_the_five_channels(shipped: dict[str, Desk]) -> None:
    for desk in shipped.values():
        assert set(desk.channels) == set(CHANNELS), desk.key


@pytest.mark.parametrize(
    "instant",
    [
        utc(2026, 12, 25, 3, 17),  # Christmas, a closed day of every desk with 12-25
        utc(2026, 2, 17, 4, 0),  # Chinese New Year holiday, Beijing noon
        utc(2026, 3, 8, 10, 30),  # inside Los Angeles' skipped hour
        utc(2026, 11, 1, 9, 30),  # inside Los Angeles' repeated hour
        utc(2027, 1, 1, 0, 0),  # New Year, a year of estimated CN holidays
    ],
)
def test_self_service_is_open_at_an_arbitrary_instant(
    shipped: dict[str, Desk], instant: datetime
) -> None:
    for desk in shipped.values():
        sched = desk.schedule("self-service")
        assert sched.is_open(instant), desk.key
        assert sched.next_close(instant) is None, desk.key
        assert sched.next_open(instant) == instant
        assert sched.elapsed(instant, instant + timedelta(days=3)) == timedelta(days=3)


def test_only_the_emergency_channel_requires_a_plan(shipped: dict[str, Desk]) -> None:
    for desk in shipped.values():
        assert desk.channel("emergency").requires_plan == "premium-support", desk.key
        for name in ("phone", "chat", "case", "self-service"):
            assert desk.channel(name).requires_plan is None, (desk.key, name)


def test_shipped_human_channels_are_weekdays_only_in_the_desks_own_zone(
    shipped: dict[str, Desk],
) -> None:
    expected = {
        "cn": ("Asia/Shanghai", (540, 1080)),
        "na": ("America/Los_Angeles", (360, 1080)),
        "eu": ("Europe/Berlin", (540, 1080)),
        "uk": ("Europe/London", (540, 1080)),
        "jp": ("Asia/Tokyo", (540, 1080)),
    }
    for key, (zone, hours) in expected.items():
        desk = shipped[key]
        assert desk.timezone.key == zone
        for name in ("phone", "chat", "case"):
            assert desk.channel(name).week == ((hours,),) * 5 + ((), ()), (key, name)
