"""The numbers of the case rules: crime categories, spans and ``CaseRules``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TypeVar

from bcd138.law.penal_code import Category

__all__ = ["CaseCategory", "CaseRules", "Span"]


# BLHS Điều 9: one enum for the catalogue and the clock.
CaseCategory = Category


_LS = CaseCategory.LESS_SERIOUS
_S = CaseCategory.SERIOUS
_VS = CaseCategory.VERY_SERIOUS
_PS = CaseCategory.PARTICULARLY_SERIOUS


_V = TypeVar("_V")


@dataclass(frozen=True)
class Span:
    """A limit in months or in days (one of the two)."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0 or (self.months and self.days):
            raise ValueError("A span is a non-negative number of months or of days")


def _frozen(mapping: Mapping[CaseCategory, _V]) -> Mapping[CaseCategory, _V]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class CaseRules:
    """The numbers of the rules, with the defaults in force; all configurable."""

    # BLTTHS Điều 172.1: from the institution of the case.
    investigation_base_months: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 2, _S: 3, _VS: 4, _PS: 4})
    )
    # Điều 172.2: the maximum months of each successive extension.
    investigation_extension_months: Mapping[CaseCategory, tuple[int, ...]] = field(
        default_factory=lambda: _frozen(
            {_LS: (2,), _S: (3, 2), _VS: (4, 4), _PS: (4, 4, 4)}
        )
    )
    # Điều 172.3: VKSNDTC, particularly serious and very complex cases, once.
    supreme_procuracy_extra_months: int = 4
    # Điều 172.2: a request reaches the procuracy ≥ 10 days before expiry.
    extension_request_lead_days: int = 10
    # Điều 174: UNCONFIRMED (not in law-vn.md); not extensible here.
    supplementary_investigation_months: int = 2
    # Điều 230: UNCONFIRMED (not in law-vn.md); not extensible here.
    resumed_investigation_months: int = 2
    # BLTTHS Điều 240: from the procuracy's receipt of the file.
    prosecution_days: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 20, _S: 20, _VS: 30, _PS: 30})
    )
    prosecution_extension_days: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 10, _S: 10, _VS: 15, _PS: 30})
    )
    # BLTTHS Điều 277.1: from the court's acceptance (thụ lý).
    trial_preparation: Mapping[CaseCategory, Span] = field(
        default_factory=lambda: _frozen(
            {
                _LS: Span(days=30),
                _S: Span(days=45),
                _VS: Span(months=2),
                _PS: Span(months=3),
            }
        )
    )
    trial_preparation_extension_days: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 15, _S: 15, _VS: 30, _PS: 30})
    )
    # Điều 277.2: after the file comes back from supplementary investigation.
    after_return_to_trial_days: int = 15
    roll_over_days: bool = True  # BLTTHS Điều 134.1, literal reading

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if type(value) is int and value < 0:
                raise ValueError(f"{item.name} must not be negative")
            if isinstance(value, Mapping):
                if set(value) != set(CaseCategory):
                    raise ValueError(f"{item.name} must cover every category")
                for entry in value.values():
                    numbers = entry if isinstance(entry, tuple) else (entry,)
                    if any(type(n) is int and n < 0 for n in numbers):
                        raise ValueError(f"{item.name} must not be negative")

    def investigation_max_months(
        self, category: CaseCategory, *, supreme: bool = False
    ) -> int:
        """Base plus every extension (Điều 172): 4 / 8 / 12 / 16, or 20."""
        total = self.investigation_base_months[category] + sum(
            self.investigation_extension_months[category]
        )
        if supreme and category is CaseCategory.PARTICULARLY_SERIOUS:
            total += self.supreme_procuracy_extra_months
        return total
