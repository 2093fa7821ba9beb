"""A backup carries the alert channels, secrets included, and a restore brings them back."""

from __future__ import annotations

from datetime import UTC, datetime

from sellerdesk.services import backup as backup_service
from sellerdesk.services.alerts import channels
from sellerdesk.services.alerts.channel_input import ChannelInput
from sellerdesk.storage.engine import make_engine, make_session_factory

NOW = datetime(2026, 12, 5, tzinfo=UTC)
FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/2b9d5a3c-41f0-4a7e-9e62-0d6f1c3b8a2f"


def test_a_restored_store_has_its_alert_channels_and_their_secrets(engine, sessions, ctx, tmp_path):
    data = ChannelInput(name="飞书群", kind="feishu", webhook=FEISHU, signing_secret="s3cret")
    added = channels.add(sessions=sessions, now=NOW, ctx=ctx, data=data)
    archive = tmp_path / "b.tar.gz"
    backup_service.backup(engine, archive, attachments_dir=tmp_path / "files", now=NOW)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh' / 'sellerdesk.db'}")
    backup_service.restore(fresh, archive, attachments_dir=tmp_path / "att")
    restored = make_session_factory(fresh)
    assert channels.list_channels(sessions=restored) == [added]
    with restored() as session:
        settings = channels.sender_settings(session, added.id)
    assert settings is not None and (settings.webhook, settings.signing_secret) == (
        FEISHU,
        "s3cret",
    )
    fresh.dispose()
