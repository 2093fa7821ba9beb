"""The worker's real sender signs each request with the clock as it leaves, not the round's
``now``: a round run with a pretended clock (``worker --once --at``) or a long round still
reaches a signed DingTalk or Feishu robot, which checks the timestamp against its own clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sellerdesk.core.alerts.delivery import ChannelKind, Outcome
from sellerdesk.services.alerts import outbox_wiring
from sellerdesk.services.alerts.outbox import ChannelTarget
from tests.receivers.support import EN, channel

PRETENDED = datetime(2026, 4, 20, 2, 30, tzinfo=UTC)  # months from the robots' own clock


@pytest.mark.parametrize("kind", [ChannelKind.DINGTALK, ChannelKind.FEISHU])
def test_a_round_with_a_pretended_clock_still_reaches_a_signed_robot(kind, dingtalk, feishu):
    robot = dingtalk if kind is ChannelKind.DINGTALK else feishu
    settings = channel(kind, robot.url, signing_secret=robot.secret)
    target = ChannelTarget(id=1, kind=kind.value, settings=settings)
    result = outbox_wiring.send(target, EN, PRETENDED)
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert len(robot.accepted()) == 1


def test_the_signing_clock_is_the_one_given_and_an_hour_old_one_is_refused(dingtalk):
    settings = channel(ChannelKind.DINGTALK, dingtalk.url, signing_secret=dingtalk.secret)
    target = ChannelTarget(id=1, kind="dingtalk", settings=settings)
    result = outbox_wiring.send(target, EN, outbox_wiring.wall_clock(), clock=lambda: PRETENDED)
    assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "310000")
