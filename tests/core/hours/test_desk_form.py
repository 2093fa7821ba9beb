"""The desk form's cells and fields (core/hours/desk_form.py) and the splice of one desk into
a desks file (core/hours/override_text.py)."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.desk_form import (
    DeskForm,
    channel_table,
    format_cell,
    parse_cell,
    parse_form,
)
from sellerdesk.core.hours.override_text import replace_desk


@pytest.mark.parametrize(
    ("typed", "ranges"),
    [
        ("", ()),
        ("09:00-18:00", ((540, 1080),)),
        ("13:00-18:00, 09:00-12:00", ((540, 720), (780, 1080))),
        ("09:00–12:00，13:00 至 18:00", ((540, 720), (780, 1080))),
        ("9:00 to 18:00", ((540, 1080),)),
        ("20:00-04:00 +1", ((1200, 1680),)),
        ("20:00-04:00(+1)", ((1200, 1680),)),
        ("20:00-次日04:00", ((1200, 1680),)),
        ("18:00-24:00", ((1080, 1440),)),
        ("18:00-00:00", ((1080, 1440),)),
        ("00:00-24:00", ((0, 1440),)),
        ("09：00-18：00", ((540, 1080),)),
    ],
)
def test_a_cell_reads_as_a_person_writes_it(typed: str, ranges: tuple[tuple[int, int], ...]):
    assert parse_cell(typed, field="week.case.mon") == ranges


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("18:00-09:00", "desk_admin.end_before_start"),
        ("09:00-18:00 +1", "desk_admin.not_overnight"),
        ("25:00-26:00", "hours.impossible_time"),
        ("09:60-10:00", "hours.impossible_time"),
        ("09:00-09:00", "hours.empty_range"),
        ("09:00-12:00, 11:00-13:00", "hours.overlap"),
        ("9-18", "hours.bad_range"),
        ("09:00-18:00 lunch", "hours.bad_range"),
    ],
)
def test_a_bad_cell_is_refused_naming_its_field(typed: str, key: str):
    with pytest.raises(InvalidInput) as caught:
        parse_cell(typed, field="week.case.tue")
    assert caught.value.key == key and caught.value.field == "week.case.tue"


def test_cells_written_back_read_the_same():
    for ranges in (((540, 720), (780, 1080)), ((1200, 1680),), ((0, 1440),), ((1080, 1440),)):
        assert parse_cell(format_cell(ranges), field="x") == ranges
    assert format_cell(((1200, 1680),)) == "20:00-04:00 +1"


def test_a_week_is_written_compactly_as_the_desks_file_does():
    nine = ((540, 1080),)
    assert channel_table((nine,) * 5 + ((), ())) == {"weekdays": ["09:00-18:00"]}
    assert channel_table((((0, 1440),),) * 7) == {"daily": ["00:00-24:00"]}
    night = (((1200, 1680),), (), (), (), (), (), ((480, 720),))
    assert channel_table(night) == {"mon": ["20:00-04:00"], "sun": ["08:00-12:00"]}


def test_the_form_fields_are_checked_and_named():
    base = {"zone": "北京", "open_hours": "sat", "closed": "2026-12-24\n2026/12/31"}
    edit = parse_form(DeskForm(base, ("CN",)), ())
    assert edit.timezone == "Asia/Shanghai" and edit.days.open_hours_from == 5
    assert edit.days.closed == {date(2026, 12, 24), date(2026, 12, 31)}
    for extra, field in (
        ({"open": "2026-12-24"}, "open"),
        ({"closed": "24.12.2026"}, "closed"),
        ({"closed_yearly": "02-30"}, "closed_yearly"),
        ({"cal_other": "UK"}, "holidays"),
        ({"zone": "Mars/Base"}, "timezone"),
        ({"open_hours": "someday"}, "open_hours"),
    ):
        with pytest.raises(InvalidInput) as caught:
            parse_form(DeskForm({**base, **extra}), ())
        assert caught.value.field == field, extra


FILE = """# our desks
schema = 1

[desk.na]  # Thanksgiving
closed = ["2026-11-27"]

[desk.eu]
closed = ["2026-12-24"]

[desk.eu.channels.phone]
weekdays = ["10:00-16:00"]

# the UK is not ours
[desk.uk]
enabled = false
"""


def test_one_desk_is_replaced_and_the_rest_of_the_file_kept_as_written():
    text = replace_desk(FILE, "eu", {"holidays": ["DE"]})
    assert "# our desks" in text and "[desk.na]  # Thanksgiving" in text and "# the UK" in text
    data = tomllib.loads(text)
    assert data["desk"]["eu"] == {"holidays": ["DE"]}
    assert data["desk"]["na"] == {"closed": ["2026-11-27"]} and data["schema"] == 1
    gone = tomllib.loads(replace_desk(FILE, "eu", None))
    assert "eu" not in gone["desk"] and gone["desk"]["uk"] == {"enabled": False}
    assert replace_desk("", "eu", None) == ""


def test_a_layout_the_cut_cannot_follow_is_written_whole():
    dotted = '[desk]\neu.closed = ["2026-12-24"]\nna.closed = ["2026-11-27"]\n'
    data = tomllib.loads(replace_desk(dotted, "eu", {"holidays": ["DE"]}))
    assert data == {"desk": {"eu": {"holidays": ["DE"]}, "na": {"closed": ["2026-11-27"]}}}
