"""Which chain of layers a rule is resolved in (管辖): the committee's region or the
applicant's workplace, each named in a request by its layer code
(``params/layers.yaml``); left out, the home layer (东川区), so requests written
before jurisdictions existed keep their answers."""

from __future__ import annotations

from typing import Any

from ._input import Record
from .errors import RuleInputError
from .parameters import Layer, ParameterSet
from .terms import REGION_LEVELS


def committee_chain(record: Record, region_level: str, parameters: ParameterSet) -> ParameterSet:
    """The chain of the committee's ``region`` (a layer of ``region_level``), by default
    the home chain."""
    code = record.text("region", required=False)
    if code is None:
        return parameters
    layer = jurisdiction_layer(record, "region", code, parameters)
    if layer.level != region_level:
        raise RuleInputError(
            record.field("region"), f"{layer.name}不是{REGION_LEVELS[region_level]}区划，与 region_level 不一致"
        )
    return parameters.chain(layer.code)


def jurisdiction_layer(record: Record, key: str, code: str, parameters: ParameterSet) -> Layer:
    """The layer ``code`` names; an unknown code is refused with the options."""
    layers = parameters.jurisdictions
    if code not in layers:
        options = "、".join(f"{layer.code}（{layer.name}）" for layer in layers.values())
        raise RuleInputError(record.field(key), f"未知的地区“{code}”，可选：{options}")
    return layers[code]


def workplace_chain(person: Record, parameters: ParameterSet) -> ParameterSet:
    """The chain of the layer the person works in (``workplace``, default the home layer)."""
    code = person.text("workplace", required=False)
    return parameters if code is None else parameters.chain(jurisdiction_layer(person, "workplace", code, parameters).code)


def plain_chain(value: Any, parameters: ParameterSet, region_level: str | None = None) -> ParameterSet | None:
    """The chain a ``region`` (of ``region_level``) or a ``workplace`` names, read straight from
    its JSON value as :func:`committee_chain` and :func:`workplace_chain` read it; None where they
    would refuse it."""
    if value is None:
        return parameters
    if type(value) is not str:
        return None
    code = value.strip()
    if not code:
        return parameters
    layer = parameters.jurisdictions.get(code)
    if layer is None or (region_level is not None and layer.level != region_level):
        return None
    return parameters.chain(code)
