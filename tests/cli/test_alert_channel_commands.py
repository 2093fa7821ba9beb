"""``sellerdesk alerts channel …``: secrets from a prompt, a variable or a file, never argv."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sellerdesk.cli.main import build_app
from tests.receivers.vendors import DingTalkReceiver, WeComReceiver

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa1a2b"


def test_a_channel_added_from_an_env_var_is_listed_masked(cli, monkeypatch):
    monkeypatch.setenv("WECOM_HOOK", WECOM)
    added = cli(
        "alerts",
        "channel",
        "add",
        "美国站",
        "--kind",
        "wecom",
        "--webhook-env",
        "WECOM_HOOK",
        "--lang",
        "zh",
    )
    assert added.exit_code == 0, added.stderr
    assert "已添加提醒渠道 美国站" in added.stdout and "693a91f6" not in added.stdout
    listed = cli("alerts", "channel", "list", "--json")
    [row] = listed.json()
    assert row["target"] == "https://qyapi.weixin.qq.com/…key=••••1a2b"
    assert "693a91f6" not in listed.stdout
    plain = cli("alerts", "channel", "list", "--lang", "en")
    assert "美国站" in plain.stdout and "WeCom group robot" in plain.stdout


def test_the_webhook_and_signing_secret_can_be_typed_at_a_hidden_prompt(home):
    runner = CliRunner()
    app = build_app()
    url = "https://oapi.dingtalk.com/robot/send?access_token=abc123def456"
    out = runner.invoke(
        app,
        ["alerts", "channel", "add", "ding", "--kind", "dingtalk", "--signed", "--lang", "en"],
        input=f"{url}\nSECsecret99\n",
    )
    assert out.exit_code == 0, out.output
    assert "SECsecret99" not in out.output and "abc123def456" not in out.output
    shown = runner.invoke(app, ["alerts", "channel", "list", "--json"])
    assert '"signed": true' in shown.stdout


def test_a_secret_file_and_an_unset_variable(cli, tmp_path: Path):
    secret = tmp_path / "hook.txt"
    secret.write_text(WECOM + "\n", encoding="utf-8")
    assert (
        cli(
            "alerts", "channel", "add", "w", "--kind", "wecom", "--webhook-file", str(secret)
        ).exit_code
        == 0
    )
    unset = cli(
        "alerts", "channel", "add", "x", "--kind", "wecom", "--webhook-env", "NOT_SET_ANYWHERE"
    )
    assert (
        unset.exit_code == 2
        and "--webhook-env" in unset.stderr
        and "NOT_SET_ANYWHERE" in unset.stderr
    )
    missing = cli(
        "alerts", "channel", "add", "y", "--kind", "wecom", "--webhook-file", str(tmp_path / "no")
    )
    assert missing.exit_code == 2 and "--webhook-file" in missing.stderr


def test_bad_input_and_a_taken_name_exit_2_and_3(cli, monkeypatch):
    monkeypatch.setenv("HOOK", WECOM)
    bad = cli("alerts", "channel", "add", "z", "--kind", "teams", "--webhook-env", "HOOK")
    assert bad.exit_code == 2 and "kind" in bad.stderr
    assert (
        cli("alerts", "channel", "add", "z", "--kind", "wecom", "--webhook-env", "HOOK").exit_code
        == 0
    )
    taken = cli("alerts", "channel", "add", "z", "--kind", "wecom", "--webhook-env", "HOOK")
    assert taken.exit_code == 3


def test_send_test_says_the_answer_and_exits_1_when_refused(cli, monkeypatch):
    with WeComReceiver().running() as robot:
        monkeypatch.setenv("HOOK", robot.url)
        cli("alerts", "channel", "add", "loop", "--kind", "wecom", "--webhook-env", "HOOK")
        ok = cli("alerts", "channel", "test", "loop", "--lang", "zh")
        robot.mode = "bad_key"
        refused = cli("alerts", "channel", "test", "loop", "--lang", "en")
    assert ok.exit_code == 0 and "企业微信群机器人已收下消息" in ok.stdout
    assert refused.exit_code == 1 and "key in the webhook address is not valid" in refused.stdout


def test_edit_changes_keyword_and_secret_without_asking_for_the_webhook(cli, monkeypatch):
    with DingTalkReceiver(keyword="提醒").running() as robot:
        monkeypatch.setenv("HOOK", robot.url)
        monkeypatch.setenv("SEC", robot.secret or "")
        cli("alerts", "channel", "add", "d", "--kind", "dingtalk", "--webhook-env", "HOOK")
        before = cli("alerts", "channel", "test", "d")
        edited = cli("alerts", "channel", "edit", "d", "--keyword", "提醒", "--secret-env", "SEC")
        after = cli("alerts", "channel", "test", "d", "--json")
    assert before.exit_code == 1
    assert edited.exit_code == 0, edited.stderr
    assert after.exit_code == 0 and after.json()["result"]["outcome"] == "delivered"
    removed = cli("alerts", "channel", "remove", "d")
    assert removed.exit_code == 0 and cli("alerts", "channel", "test", "d").exit_code == 2


def test_the_hint_after_adding_a_channel_names_that_channel_ready_to_paste(cli, monkeypatch):
    monkeypatch.setenv("WECOM_HOOK", WECOM)

    spaced = cli(
        "alerts", "channel", "add", "US team", "--kind", "wecom", "--webhook-env", "WECOM_HOOK",
        "--lang", "en",
    )  # fmt: skip
    chinese = cli(
        "alerts", "channel", "add", "美国站", "--kind", "wecom", "--webhook-env", "WECOM_HOOK",
        "--lang", "zh",
    )  # fmt: skip

    assert "Try it: sellerdesk alerts channel test 'US team'" in spaced.stdout
    assert "试一下：sellerdesk alerts channel test 美国站" in chinese.stdout
    assert "NAME" not in spaced.stdout and "名称" not in chinese.stdout
