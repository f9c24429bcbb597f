"""Response models of exports built from results (see ``schemas``)."""

from __future__ import annotations

from pmopath.services.exports.cv import CvPage
from pmopath.services.exports.schemas import CvChoicesPublic, QuotePublic


def cv_choices_view(page: CvPage) -> CvChoicesPublic:
    choices = page.choices
    return CvChoicesPublic(
        person_id=choices.person_id,
        summary=choices.summary,
        competencies=list(choices.competencies),
        evidence_ids=list(choices.evidence_ids),
        quote_keys=list(choices.quote_keys),
        show_levels=choices.show_levels,
        saved=choices.saved,
        quotes=[
            QuotePublic(key=q.key, text=q.text, competency=q.competency)
            for q in page.records.quotes
        ],
    )
