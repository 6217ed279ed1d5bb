"""Open review marks as proofing findings: each unresolved change and comment, and review markup
that is not a mark, so an article never goes out with them by accident (``editor.core.review``
finds them; these rules put them in the one list)."""

from __future__ import annotations

from editor.core.proofing.findings import Finding, ProofDocument
from editor.core.review.findings import ReviewFinding, review_findings


class ReviewRule:
    """The findings of one review kind: ``change``, ``comment`` or ``review-syntax``."""

    default_on = True

    def __init__(self, kind: str, title: str) -> None:
        self.id = kind
        self.title = title

    def check(self, document: ProofDocument) -> list[Finding]:
        # One parse of the document for the three rules.
        found = document.shared("review", lambda: review_findings(document.text))
        assert isinstance(found, list)
        return [_finding(item) for item in found if item.kind == self.id]


def _finding(item: ReviewFinding) -> Finding:
    return Finding(
        line=item.line,
        column=item.column,
        end=item.end,
        kind=item.kind,
        message=item.message,
        text=item.text,
        end_line=item.end_line if item.end_line != item.line else 0,
    )


def review_rules() -> list[ReviewRule]:
    """The review rules, in the order the lists show them."""
    return [
        ReviewRule("change", "Open tracked changes"),
        ReviewRule("comment", "Open comments"),
        ReviewRule("review-syntax", "Broken review markup"),
    ]
