"""Time zones by the names people type (data/zone_names.toml), for the zone pickers."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.zones import common_zones, zone_from_text


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("北京", "Asia/Shanghai"),
        ("北京时间", "Asia/Shanghai"),
        ("上海", "Asia/Shanghai"),
        ("深圳市", "Asia/Shanghai"),
        (" Beijing Time ", "Asia/Shanghai"),
        ("asia/shanghai", "Asia/Shanghai"),
        ("Asia/Shanghai", "Asia/Shanghai"),
        ("America/New York", "America/New_York"),
        ("纽约", "America/New_York"),
        ("utc", "UTC"),
        ("Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_a_city_or_an_iana_name_gives_the_iana_zone(typed: str, zone: str) -> None:
    assert zone_from_text(typed, field="time_zone") == zone


@pytest.mark.parametrize("typed", ["火星", "", "   ", "America", "x" * 200])
def test_an_unknown_name_is_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        zone_from_text(typed, field="time_zone")
    assert err.value.field == "time_zone" and err.value.key == "people.unknown_zone"
    _, fix = err.value.words("zh")
    assert "北京" in (fix or "")


def test_every_name_and_suggestion_of_the_table_is_a_real_zone() -> None:
    from sellerdesk.core.zones import _table

    common, names = _table()
    assert common == common_zones()
    assert common[0].zone == "Asia/Shanghai" and "北京" in common[0].label("zh")
    for zone in [c.zone for c in common] + list(names.values()):
        assert ZoneInfo(zone).key == zone
