"""Fixtures: each vendor's receiver running on loopback for one test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.receivers.smtp_receiver import SmtpReceiver, smtp_receiver
from tests.receivers.vendors import DingTalkReceiver, FeishuReceiver, SlackReceiver, WeComReceiver


@pytest.fixture
def wecom() -> Iterator[WeComReceiver]:
    with WeComReceiver().running() as receiver:
        yield receiver


@pytest.fixture
def dingtalk() -> Iterator[DingTalkReceiver]:
    with DingTalkReceiver().running() as receiver:
        yield receiver


@pytest.fixture
def feishu() -> Iterator[FeishuReceiver]:
    with FeishuReceiver().running() as receiver:
        yield receiver


@pytest.fixture
def slack() -> Iterator[SlackReceiver]:
    with SlackReceiver().running() as receiver:
        yield receiver


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    with smtp_receiver() as receiver:
        yield receiver
