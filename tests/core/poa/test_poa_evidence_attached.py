"""Evidence a Plan of Action claims is attached must be attached (third new-user trial of
issue 16): the writer lists only the case's real attachments as evidence, a file the
case's draft only names is a placeholder saying it is not attached yet, and the linter
warns, when it knows the case's files, of evidence that is not among them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.core.poa.lint import finding_words, lint_poa
from sellerdesk.core.poa.model import Poa, has_placeholder
from sellerdesk.core.poa.writer import CaseFacts, draft_poa
from tests.core.poa.test_poa_lint import GOOD_EN, GOOD_ZH, RULES


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "案例中提到，但尚未附上"), ("en", "mentioned in the case, not attached yet")],
)
def test_a_file_the_draft_only_names_is_not_listed_as_attached(lang: str, words: str) -> None:
    facts = CaseFacts(case_id=7, attachments=("notice.png",), mentioned=("发票.pdf",))
    poa = draft_poa(facts, kind="account-deactivation", lang=lang, rules=RULES)
    assert poa.evidence[0] == "notice.png"
    [named] = [e for e in poa.evidence if "发票.pdf" in e]
    assert has_placeholder(named) and words in named
    assert not any(has_placeholder(e) and "notice.png" in e for e in poa.evidence)


def test_a_case_with_only_named_files_gets_no_made_up_attachment() -> None:
    poa = draft_poa(CaseFacts(mentioned=("发票.pdf",)), kind="ip-complaint", lang="zh", rules=RULES)
    assert all(has_placeholder(e) for e in poa.evidence) and len(poa.evidence) == 1


@pytest.mark.parametrize("good", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_evidence_not_among_the_cases_attachments_is_a_warning(good: Poa) -> None:
    claimed = replace(good, evidence=(*good.evidence, "发票.pdf", "The notice from Amazon"))
    found = lint_poa(claimed, RULES, attachments=good.evidence).findings
    [missing] = [f for f in found if f.code == "poa-evidence-not-attached"]
    assert missing.severity == "warning" and missing.params["value"] == "发票.pdf"
    assert missing.field == f"evidence[{len(good.evidence) + 1}]"
    assert (
        "发票.pdf is not among the case's attachments"
        in finding_words(missing, RULES, "en").message
    )
    assert "不在案例的附件中" in finding_words(missing, RULES, "zh").message


def test_attached_files_and_an_unknown_case_raise_nothing() -> None:
    described = replace(GOOD_EN, evidence=("supplier invoice INV-11.pdf",))
    assert "poa-evidence-not-attached" not in {
        f.code for f in lint_poa(described, RULES, attachments=("inv-11.pdf",)).findings
    }
    assert "poa-evidence-not-attached" not in {f.code for f in lint_poa(described, RULES).findings}
