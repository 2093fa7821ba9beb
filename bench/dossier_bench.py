"""Benchmark: the evidence dossier of a 500-event case as HTML, Markdown and PDF (issue 16).

The case is made in memory as the dossier service collects it (``DossierFacts``): a draft
with every field, 500 events alternating our messages, Amazon's replies, internal notes and
status changes, half in Chinese and half in English, 40 attachments listed with their
sha256. Each format is rendered ``--repeat`` times through ``services.dossier.render`` (the
function every adapter's path ends in); the median and the slowest are printed, in wall
clock time and in this process's CPU time (other work on the machine slows the first, not
the second), with the load average. The first PDF is reported apart: it imports fpdf2 and
reads the fonts, once a process (services/dossier_fonts.embed_font).

Target: each format <= 2 s (the median). ``--check`` exits 1 when one is missed.
``--out DIR`` keeps the three files; ``--screenshots DIR`` renders the first page of the
zh and en PDFs to PNG with pypdfium2 (docs/screenshots/dossier-pdf-{zh,en}.png).

    python bench/dossier_bench.py [--events 500] [--repeat 3] [--check] [--out DIR]
                                  [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter, process_time

from sellerdesk.services.dossier import render
from sellerdesk.services.dossier_model import (
    AmazonCaseId,
    AttachedFile,
    DossierCase,
    DossierClock,
    DossierEvent,
    DossierFacts,
    Identifier,
    StatusChange,
)

T0 = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
TEXTS = (
    "您好，我们的商品 B0CXYZ1234 在 11 月 2 日被下架，错误 5665：需要品牌授权。我们已上传品牌授权书和发票，请帮助恢复。",
    "Hello, our listing for ASIN B0CXYZ1234 was removed on Nov 2 with error 5665. We attached the brand authorization and invoices; please reinstate it.",
    "Thank you for contacting Amazon Selling Partner Support. We have forwarded your request to the concerned team > Listing Quality.",
    "内部备注：供应商发票已重新开具，金额与订单 114-1234567-1234567 一致。下周一再跟进。",
)
DIRECTIONS = ("out", "in", "note", "status")
STATUSES = ("submitted", "waiting-amazon", "needs-action", "waiting-amazon")


def facts(events: int) -> DossierFacts:
    timeline = []
    history = []
    for n in range(events):
        direction = DIRECTIONS[n % 4]
        at = T0 + timedelta(hours=3 * n)
        files: tuple[AttachedFile, ...] = ()
        if n % 12 == 1:
            content = f"evidence {n}".encode()
            files = (
                AttachedFile(
                    f"发票-invoice-{n}.pdf",
                    hashlib.sha256(content).hexdigest(),
                    48_213 + n,
                    "application/pdf",
                ),
            )
        data: dict[str, object] = {}
        body = TEXTS[n % 4]
        if direction == "status":
            data = {"from": STATUSES[(n // 4) % 4], "to": STATUSES[(n // 4 + 1) % 4]}
            body = ""
            history.append(StatusChange(at, data["from"], data["to"]))
        timeline.append(
            DossierEvent(
                id=n + 1,
                occurred_at=at,
                recorded_at=at,
                direction=direction,
                channel=None if direction == "status" else "case",
                author={"in": "Seller Support", "out": "李娜", "note": "王伟"}.get(direction),
                body=body,
                data=data,
                attachments=files,
            )
        )
    case = DossierCase(
        id=4217,
        marketplace="US",
        desk="na",
        category="listing",
        subject="Listing removed: error 5665 (brand approval) 商品被下架",
        status="waiting-amazon",
        amazon_label="Work in progress",
        priority="high",
        language="zh",
        channel="case",
        assignee="李娜",
        tags=("appeal", "q4"),
        merged_into_id=None,
        created_at=T0,
        submitted_at=T0 + timedelta(hours=1),
        resolved_at=None,
        updated_at=T0 + timedelta(hours=3 * events),
        store="深圳优品 Shenzhen Goods",
    )
    body = {
        "description": "商品 B0CXYZ1234 被下架（错误 5665）。Listing removed > brand approval needed.",
        "timeline": [
            {"at": "2026-11-02", "what": "Listing removed, error 5665"},
            {"at": "2026-11-03", "what": "上传品牌授权书"},
        ],
        "error_codes": ["5665"],
        "steps": ["Inventory > Add a product", "输入 ASIN B0CXYZ1234", "See error 5665"],
        "expected": "The listing is live again.",
        "actual": "商品仍被下架。",
        "order_ids": ["114-1234567-1234567"],
        "asins": ["B0CXYZ1234"],
        "shipment_ids": ["FBA15ABCD123"],
    }
    clock = DossierClock(True, T0, T0 + timedelta(days=2), 86400, 7200, 12, False, None)
    return DossierFacts(
        case=case,
        body=body,
        amazon_case_ids=(AmazonCaseId("12345678901", T0 + timedelta(hours=1)),),
        identifiers=(Identifier("asin", "B0CXYZ1234"), Identifier("order", "114-1234567-1234567")),
        events=tuple(timeline),
        status_history=tuple(history),
        clocks={"amazon": clock},
        generated_at=T0 + timedelta(hours=3 * events + 1),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    case = facts(args.events)
    zone = "Asia/Shanghai"
    start = perf_counter()
    render(case, fmt="pdf", lang="zh", zone=zone, internal=True)
    print(f"first PDF (imports the PDF libraries): {perf_counter() - start:.2f} s")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.events}-event case, {args.repeat} runs each, median / slowest (target <= 2 s)")
    print(f"wall clock, then CPU time of this process; load average {load}:")
    missed = False
    for fmt in ("html", "md", "pdf"):
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = perf_counter(), process_time()
            content = render(case, fmt=fmt, lang="en", zone=zone, internal=True)
            times.append(perf_counter() - start)
            cpu.append(process_time() - start_cpu)
        size = len(content.encode() if isinstance(content, str) else content)
        median = statistics.median(times)
        missed |= median > 2.0
        verdict = "PASS" if median <= 2.0 else "MISS"
        print(
            f"  {fmt:<4} {median:6.3f} s / {max(times):6.3f} s"
            f"   CPU {statistics.median(cpu):6.3f} s / {max(cpu):6.3f} s"
            f"  {size / 1024:6.0f} KiB  {verdict}"
        )
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            data = content.encode() if isinstance(content, str) else content
            (args.out / f"dossier-{args.events}.{fmt}").write_bytes(data)
    if args.screenshots:
        shoot(case, zone, args.screenshots)
    return 1 if (missed and args.check) else 0


def shoot(case: DossierFacts, zone: str, folder: Path) -> None:
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        pdf = pdfium.PdfDocument(render(case, fmt="pdf", lang=lang, zone=zone, internal=True))
        image = pdf[1].render(scale=1.4).to_pil()
        image.save(folder / f"dossier-pdf-{lang}.png", optimize=True)
        print(f"  {folder / f'dossier-pdf-{lang}.png'}: page 2 of {len(pdf)}")


if __name__ == "__main__":
    sys.exit(main())
