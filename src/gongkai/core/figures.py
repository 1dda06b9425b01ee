"""Figures that other modules report: the annual report asks core, each module answers.

Table 二 of the 政府信息公开工作年度报告 (条例 Art. 50; the 2021 template of 国办公开办函
〔2021〕30号) counts figures kept by several modules: 规章 and 规范性文件 by 政务公开,
行政许可 by 政务服务, and so on. A module registers a provider for the keys it keeps;
a key no module provides is entered by hand on the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# provider(year, scope) -> {key: {field: number}}; `scope` is the path of the department the
# report covers (that department and every one under it: Department.path), or None for all.
Provider = Callable[[int, str | None], dict[str, dict[str, int]]]


@dataclass(frozen=True)
class _Registered:
    keys: frozenset[str]
    provider: Provider


_providers: list[_Registered] = []


def register_provider(keys: Iterable[str], provider: Provider) -> None:
    """Register `provider` as the source of the figures under `keys` (e.g. "normative_documents")."""
    keys = frozenset(keys)
    for known in _providers:
        if known.provider is provider:
            return
        if known.keys & keys:
            raise ValueError(f"figures {sorted(known.keys & keys)} already have a provider")
    _providers.append(_Registered(keys, provider))


def figures(year: int, scope: str | None = None) -> dict[str, dict[str, int]]:
    """Every registered figure for `year` in `scope` (a department path), keyed as provided."""
    result: dict[str, dict[str, int]] = {}
    for registered in _providers:
        answer = registered.provider(year, scope)
        result.update({key: value for key, value in answer.items() if key in registered.keys})
    return result
