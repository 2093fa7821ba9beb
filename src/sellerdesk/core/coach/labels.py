"""The labels a seller writes before a draft's fields, in English and Chinese, and the labels
the coach's own paste text uses (read from the ``coach.render`` catalog, so a pasted case
reads back into the same fields).

A label is compared case-folded with its spaces collapsed; a bracketed gloss is allowed
("订单号（Order ID）", "ASIN (child)"). ``identifiers`` is a container heading (its lines are
labels themselves); ``request`` is the paste text's closing request (its canned sentence is
dropped when read back, anything else the seller wrote there is description).
"""

from __future__ import annotations

import re
from functools import cache

from sellerdesk.core.i18n import t

# label (case-folded) -> draft field
LABELS: dict[str, tuple[str, ...]] = {
    "subject": ("subject", "title", "case subject", "主题", "标题", "案例主题", "邮件主题"),
    "marketplace": (
        "marketplace",
        "site",
        "marketplace id",
        "站点",
        "市场",
        "国家站点",
        "站点/市场",
    ),
    "store": ("store", "shop", "store name", "seller", "店铺", "店铺名", "店铺名称", "卖家"),
    "category": ("category", "case category", "类目", "分类", "问题类型", "问题类别", "案例类目"),
    "description": (
        "description",
        "what happened",
        "details",
        "issue",
        "problem",
        "summary",
        "background",
        "issue description",
        "request",
        "our request",
        "问题描述",
        "描述",
        "详情",
        "情况说明",
        "问题",
        "发生了什么",
        "背景",
        "问题详情",
        "诉求",
        "我们的请求",
        "请求",
    ),
    "timeline": (
        "timeline",
        "history",
        "time line",
        "时间线",
        "时间经过",
        "经过",
        "时间轴",
        "时间记录",
    ),
    "steps": (
        "steps",
        "steps to reproduce",
        "reproduction steps",
        "how to reproduce",
        "步骤",
        "复现步骤",
        "操作步骤",
        "重现步骤",
        "问题复现步骤",
    ),
    "expected": (
        "expected",
        "expected result",
        "expected behaviour",
        "expected behavior",
        "expectation",
        "预期",
        "预期结果",
        "期望",
        "期望结果",
    ),
    "actual": (
        "actual",
        "actual result",
        "actual behaviour",
        "actual behavior",
        "实际",
        "实际结果",
        "实际情况",
    ),
    "error_codes": (
        "error code",
        "error codes",
        "error",
        "错误代码",
        "错误码",
        "报错代码",
        "报错信息",
    ),
    "order_ids": (
        "order id",
        "order ids",
        "order number",
        "order numbers",
        "orders",
        "order",
        "订单号",
        "订单",
        "订单编号",
    ),
    "asins": ("asin", "asins"),
    "skus": ("sku", "skus", "seller sku", "msku"),
    "shipment_ids": (
        "shipment id",
        "shipment ids",
        "shipment",
        "fba shipment id",
        "货件编号",
        "货件号",
        "货件id",
    ),
    "attachments": (
        "attachments",
        "attachment",
        "files",
        "screenshots",
        "evidence",
        "附件",
        "截图",
        "证据",
        "附件列表",
    ),
    "case_ids": ("case id", "case ids", "case number", "案例编号", "案例id", "案例号"),
}
# more ways sellers write the same labels
LABELS["shipment_ids"] += ("fba shipment ids", "fba shipment", "shipment ids / fba", "入库货件")
LABELS["order_ids"] += ("related orders", "affected orders", "相关订单", "受影响的订单", "涉及订单")
LABELS["case_ids"] += ("earlier case ids", "previous case", "previous cases", "此前的案例编号")
LABELS["description"] += ("概述", "situation", "情况", "问题概述")
LABELS["error_codes"] += ("error message", "error messages", "错误信息", "报错")
LABELS["expected"] += ("预期结果",)
LABELS["actual"] += ("实际结果",)
# Japanese-marketplace drafts (日本語 labels) and German, Spanish, French and Italian ones
_MORE_LABELS = {
    "subject": ("件名", "タイトル", "betreff", "asunto", "objet", "sujet", "oggetto"),
    "marketplace": (
        "マーケットプレイス",
        "出品先",
        "marktplatz",
        "mercado",
        "marketplace/站点",
        "place de marché",
        "marché",
    ),
    "store": (
        "ストア",
        "ストア名",
        "ショップ名",
        "店舗",
        "店舗名",
        "shop-name",
        "tienda",
        "boutique",
        "negozio",
        "verkäufer",
    ),
    "description": (
        "詳細",
        "問題の詳細",
        "説明",
        "状況",
        "beschreibung",
        "descripción",
        "descrizione",
    ),
    "timeline": (
        "経緯",
        "タイムライン",
        "zeitablauf",
        "cronología",
        "chronologie",
        "cronologia",
        "处理经过",
        "事情经过",
    ),
    "steps": ("手順", "再現手順", "操作手順", "schritte", "pasos", "étapes", "passaggi"),
    "expected": ("期待される結果", "期待結果", "erwartet", "resultado esperado"),
    "actual": ("実際の結果", "tatsächlich", "resultado real"),
    "error_codes": (
        "エラーコード",
        "エラーメッセージ",
        "エラー",
        "fehlercode",
        "fehlermeldung",
        "código de error",
        "mensaje de error",
        "message d'erreur",
        "messaggio di errore",
    ),
    "order_ids": ("注文番号", "bestellnummer", "número de pedido", "numéro de commande"),
    "skus": ("出品者sku",),
    "shipment_ids": ("納品番号", "納品プランid", "sendungsnummer"),
    "attachments": (
        "添付ファイル",
        "添付",
        "anhänge",
        "anhang",
        "adjuntos",
        "pièces jointes",
        "pièce jointe",
        "allegati",
    ),
    "case_ids": ("ケースid", "ケース番号", "fall-id"),
}
for _name, _more in _MORE_LABELS.items():
    LABELS[_name] += _more
_IDENTIFIER_FIELDS = ("order_ids", "asins", "skus", "shipment_ids", "case_ids")
CONTAINERS = ("identifiers", "ids", "相关编号", "编号", "identifiers / ids")
REQUEST = "request"
# the paste text's section keys (coach.render.KEY) and the field each reads back into
_RENDER_KEYS = {
    "subject": "subject",
    "summary": "description",
    "timeline": "timeline",
    "error_codes": "error_codes",
    "steps": "steps",
    "expected": "expected",
    "actual": "actual",
    "attachments": "attachments",
    "marketplace": "marketplace",
    "store": "store",
    "order_ids": "order_ids",
    "asins": "asins",
    "skus": "skus",
    "shipment_ids": "shipment_ids",
    "case_ids": "case_ids",
    "identifiers": "identifiers",
    "request": REQUEST,
}
PASTE_LANGS = ("en", "zh")
_GLOSS = re.compile(r"\s*[(（][^()（）]{1,30}[)）]\s*")


def _key(text: str) -> str:
    return " ".join(text.strip().rstrip(":：").split()).casefold()


@cache
def field_of_label() -> dict[str, str]:
    """Every known label (case-folded) -> the field it fills (or ``identifiers``/``request``)."""
    out = {label: name for name, labels in LABELS.items() for label in labels}
    out.update({label: "identifiers" for label in CONTAINERS})
    for lang in PASTE_LANGS:
        for key, name in _RENDER_KEYS.items():
            label = _key(t(f"coach.render.{key}", lang))
            if key in ("request", "identifiers") or label not in out:
                out[label] = name
    return out


def label_field(text: str) -> str | None:
    """The field ``text`` labels, or None: ``**Order ID（订单号）:**`` -> ``order_ids``."""
    known = field_of_label()
    key = _key(text.replace("**", "").replace("__", ""))
    if key in known:
        return known[key]
    bare = _key(_GLOSS.sub(" ", key))
    if bare in known:
        return known[bare]
    inner = [_key(m) for m in re.findall(r"[(（]([^()（）]{1,30})[)）]", key)]
    found = {known[m] for m in inner if m in known}
    return found.pop() if len(found) == 1 else _qualified(key)


def _qualified(key: str) -> str | None:
    """A label with a word before or after it: "Affected ASINs", "Steps we took", "处理步骤"."""
    known = field_of_label()
    words = key.split()
    if not re.fullmatch(r"[a-z /-]+|[\u4e00-\u9fff]+", key):  # "（2）勾选 SKU" is a step
        return None
    if 1 < len(words) <= 3 and words[0] == "steps":
        return "steps"
    for size in (2, 1):
        tail = " ".join(words[-size:])
        if 1 < len(words) <= 3 and len(words) > size and known.get(tail) in _IDENTIFIER_FIELDS:
            return known[tail]
    if len(words) == 1 and 2 < len(key) <= 8 and key.endswith("步骤"):
        return "steps"
    return None


@cache
def canned_lines() -> frozenset[str]:
    """Lines the paste text adds itself (the request sentences, "(none)", the note on
    untranslated fields): dropped when a paste text is read back."""
    from sellerdesk.core.i18n import catalog

    out: set[str] = set()
    for lang in PASTE_LANGS:
        words = catalog(lang)
        out.update(v.strip() for k, v in words.items() if k.startswith("coach.request."))
        out.add(t("coach.render.none", lang).strip())
    return frozenset(out)


@cache
def untranslated_markers() -> tuple[str, ...]:
    return tuple(t("coach.render.untranslated", lang) for lang in PASTE_LANGS)


@cache
def untranslated_note_starts() -> tuple[str, ...]:
    return tuple(
        t("coach.render.untranslated_note", lang).split("{")[0].strip() for lang in PASTE_LANGS
    )
