"""Officers' pages for criminal cases: the list, opening, the case and its steps,
its victims and seized property, timeliness and the Penal Code search."""

from bcd138.cases.views.listing import case_list, case_timeliness, law_search
from bcd138.cases.views.opening import case_new, charge_row, law_clause, place_options
from bcd138.cases.views.page import case_act, case_detail, case_identities, case_record

__all__ = [
    "case_act",
    "case_detail",
    "case_identities",
    "case_list",
    "case_new",
    "case_record",
    "case_timeliness",
    "charge_row",
    "law_clause",
    "law_search",
    "place_options",
]
