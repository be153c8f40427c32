"""The named list of a decision recorded from paper, imported after its counts, and the
reconciliation of the two.

A decision taken on paper is often entered with its counts only ("26 collectives and 28
individuals"); the list of names follows later as a spreadsheet. The import reads the sheet
`Danh sách khen thưởng` with the columns of the decision's own list export, so an export is
a template that imports back:

    Tập thể, cá nhân | Loại | Mã đơn vị / Đơn vị | Đơn vị đề nghị | Hình thức khen thưởng
    | Năm sinh

(`TT`, `Số quyết định` and `Ngày quyết định` are ignored.) A collective is a unit of the
issuer's subtree, found by its code (current or former), abbreviation or name; an individual
a person of that subtree found by full name, narrowed by the unit (where the person is kept
or holds a position) and the year of birth when the name alone is not enough.

All or nothing: every row is checked first and any problem refuses the whole file with the
list of problems by sheet, row and column. A good file names the awardees as approved
nominations of the decision (an approved nomination of the same nominee waiting for a
decision of this authority is linked instead of repeated). A count includes the named
awardees, so a list naming more than the decision counts is refused; summaries take the
larger of the two, never their sum.

Data errors refuse the file (as the nomination path refuses them); the body's quota and the
form's repeat rule do not: a decision taken on paper is a fact, so its breaches are warnings
shown row by row on the preview (`decision_list_preview`) and recorded with the import.

The package: `sheet` reads the rows, `checks` refuses data errors, `warnings` finds the
breaches, `importing` previews and writes, `staging` holds a previewed file on the server
until the officer confirms it, `reconciliation` sets counts beside names.

Callers: commendation officers and approvers of the deciding body (`Action.DECIDE_AWARDS`).
"""

from tongket.awards.lists.importing import ListPreview, decision_list_import, decision_list_preview
from tongket.awards.lists.reconciliation import (
    Line,
    decision_reconciliation,
    reconciliation_not_shown,
)
from tongket.awards.lists.sheet import (
    C_BIRTH,
    C_FORM,
    C_KIND,
    C_NAME,
    C_PROPOSER,
    C_UNIT,
    COLUMNS,
    KINDS,
    MAX_NAMES,
    OPTIONAL,
    SHEET,
)
from tongket.awards.lists.staging import STAGED_FOR, decision_list_stage
from tongket.awards.lists.warnings import ListWarning

__all__ = [
    "COLUMNS",
    "C_BIRTH",
    "C_FORM",
    "C_KIND",
    "C_NAME",
    "C_PROPOSER",
    "C_UNIT",
    "KINDS",
    "MAX_NAMES",
    "OPTIONAL",
    "SHEET",
    "STAGED_FOR",
    "Line",
    "ListPreview",
    "ListWarning",
    "decision_list_import",
    "decision_list_preview",
    "decision_list_stage",
    "decision_reconciliation",
    "reconciliation_not_shown",
]
