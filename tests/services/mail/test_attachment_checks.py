"""A mail's attachments get the uploads' byte check (core/file_kinds.py): a mail is never
refused for one file, so a doubtful one is kept, its verdict recorded on the mail and on
the case's event, worded on both pages, counted in the import, and left out of the PDF
dossier's appendix; on SQLite and PostgreSQL."""

from __future__ import annotations

import email
import email.policy
import io
import re

from pypdf import PdfReader

from sellerdesk.core.i18n import t
from sellerdesk.services import cases
from sellerdesk.services.attachments import blob_path
from sellerdesk.services.dossier import collect
from sellerdesk.services.dossier_appendix import judge
from sellerdesk.services.mail import unfiled
from sellerdesk.services.mail.importing import ImportedMail, ImportSummary, ingest_one
from sellerdesk.services.mail.models import MailSource
from tests.file_samples import tiny_pdf
from tests.services.case_fixtures import later
from tests.services.mail.corpus_cases import CORPUS, corpus_rules, make_corpus_cases

FIXTURES = {
    "36_attachment_real_pdf.eml": ("invoice.pdf", None),
    "37_attachment_pdf_is_exe.eml": ("invoice-2026.pdf", "program"),
    "38_attachment_image_named_pdf.eml": ("label-scan.pdf", "image"),
}


def _read(sessions, ctx, names=tuple(FIXTURES)):  # type: ignore[no-untyped-def]
    made = make_corpus_cases(sessions, ctx)
    outcomes = {
        name: ingest_one(
            sessions,
            raw=(CORPUS / name).read_bytes(),
            source=MailSource("file", store_id=1),
            now=later(200),
            ctx=ctx,
            rules=corpus_rules(),
        )
        for name in names
    }
    return made, outcomes


def test_every_mailed_attachment_is_kept_and_only_the_doubtful_ones_are_marked(sessions, ctx):
    made, outcomes = _read(sessions, ctx)
    for name, (file_name, check) in FIXTURES.items():
        got = outcomes[name]
        assert (got.state, got.case_id) == ("filed", made["B"]), name
        page = unfiled.mail_page(sessions, mail_id=got.mail_id, ctx=ctx)
        assert [(a.name, a.check) for a in page.mail.attachments] == [(file_name, check)]
        doubted = [n for n in got.notes if n.startswith("attachment-check:")]
        assert doubted == ([f"attachment-check:{check}:{file_name}"] if check else [])


def test_the_case_page_marks_the_program_and_the_picture_named_as_pdfs(sessions, ctx):
    made, _ = _read(sessions, ctx)
    shown = cases.show(sessions=sessions, now=later(201), ctx=ctx, case_id=made["B"])
    files = {a.name: a for e in shown.events for a in e.attachments}
    assert {n: files[n].check for n, _ in FIXTURES.values()} == {
        "invoice.pdf": None,
        "invoice-2026.pdf": "program",
        "label-scan.pdf": "image",
    }
    for name in ("invoice-2026.pdf", "label-scan.pdf"):  # the file is there to look at
        assert blob_path(ctx, files[name].sha256).is_file()


def test_the_verdicts_read_in_chinese_and_english():
    assert t("mail.check.program", "zh", name="invoice-2026.pdf") == (
        "invoice-2026.pdf 实际是程序（.exe 之类），不是文档或图片：请勿打开，也绝不要发给亚马逊。"
    )
    assert t("mail.check.image", "en", name="label-scan.pdf") == (
        "label-scan.pdf is a picture, not what its name says."
    )
    assert "dossier" in t("mail.check.kept", "en") and "附录" in t("mail.check.kept", "zh")


def test_the_dossier_appendix_takes_the_real_pdf_and_leaves_out_the_doubtful_ones(sessions, ctx):
    made, _ = _read(sessions, ctx)
    with sessions() as session:
        facts = collect(session, made["B"], now=later(201), ctx=ctx)
    files = [a for e in facts.events for a in e.attachments]
    verdicts = {a.file_name: judge(a, "A1", blob_path(ctx, a.sha256)) for a in files}
    assert verdicts["invoice.pdf"].appended is not None
    assert verdicts["invoice-2026.pdf"].appended is None
    assert verdicts["invoice-2026.pdf"].reason == "not_a_pdf"
    assert verdicts["label-scan.pdf"].appended is None


def test_a_pdf_with_a_broken_end_is_marked_and_left_out_of_the_appendix_though_readable(
    sessions, ctx
):
    # its end points nowhere (as a broken download or a bad writer leaves it): the check
    # calls it cut, while a lenient reader rebuilds the pages
    cut = re.sub(rb"startxref\n\d+", b"startxref\n3", tiny_pdf("REAL INVOICE PDF"))
    assert len(PdfReader(io.BytesIO(cut), strict=False).pages) == 1
    message = email.message_from_bytes(
        (CORPUS / "36_attachment_real_pdf.eml").read_bytes(), policy=email.policy.default
    )
    for part in message.iter_attachments():
        part.set_content(cut, maintype="application", subtype="pdf", filename="invoice.pdf")
    message.replace_header("Message-ID", "<attach-cut-pdf-1@sellercentral.amazon.com>")
    made, _ = _read(sessions, ctx, names=())
    got = ingest_one(
        sessions, raw=message.as_bytes(), source=MailSource("file", store_id=1),
        now=later(200), ctx=ctx, rules=corpus_rules(),
    )  # fmt: skip
    assert got.case_id == made["B"]
    assert "attachment-check:pdf_cut:invoice.pdf" in got.notes
    with sessions() as session:
        facts = collect(session, made["B"], now=later(201), ctx=ctx)
    [file] = [a for e in facts.events for a in e.attachments]
    assert judge(file, "A1", blob_path(ctx, file.sha256)).reason == "not_a_pdf"


def test_a_mail_filed_by_hand_later_keeps_its_files_verdict_on_the_case(sessions, ctx, new_case):
    raw = (CORPUS / "37_attachment_pdf_is_exe.eml").read_bytes()
    raw = raw.replace(b"case 19999999999", b"our case")  # names no case: Unfiled
    got = ingest_one(
        sessions, raw=raw, source=MailSource("upload", store_id=1), now=later(2), ctx=ctx
    )
    assert got.state == "unfiled"
    case_id = new_case()
    unfiled.file_mail(sessions, mail_id=got.mail_id, case=case_id, now=later(3), ctx=ctx)
    shown = cases.show(sessions=sessions, now=later(4), ctx=ctx, case_id=case_id)
    assert [a.check for e in shown.events for a in e.attachments] == ["program"]


def test_the_import_summary_counts_the_doubted_and_the_too_big_files(sessions, ctx):
    _, outcomes = _read(sessions, ctx)
    summary = ImportSummary([ImportedMail(n, o) for n, o in outcomes.items()])
    assert (summary.files("doubted"), summary.files("too_big")) == (2, 0)
    assert t("mail.check.summary", "en", doubted=2, too_big=0) == (
        "attachments: 2 not what their names say (kept, marked), 0 too big to keep"
    )
