"""The zh and en catalogs say the same things, and feature files join the main catalog."""

from importlib import resources

from sellerdesk.core.i18n import catalog, t


def test_chinese_and_english_catalogs_have_the_same_keys() -> None:
    zh, en = set(catalog("zh")), set(catalog("en"))
    assert sorted(en - zh) == [], "keys with no Chinese text"
    assert sorted(zh - en) == [], "keys with no English text"


def test_every_catalog_file_has_a_partner_in_the_other_language() -> None:
    folder = resources.files("sellerdesk") / "data" / "messages"
    names = {ref.name for ref in folder.iterdir() if ref.name.endswith(".toml")}
    for name in names:
        lang, rest = name.split(".", 1)
        other = "zh" if lang == "en" else "en"
        assert f"{other}.{rest}" in names, f"{name} has no {other} partner"


def test_a_missing_key_shows_itself_rather_than_failing() -> None:
    assert t("no.such.key", "zh") == "no.such.key"
