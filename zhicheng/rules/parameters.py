"""Dated parameters in jurisdiction layers (分层参数：国家 → 云南省 → 昆明市 → 东川区).

The data lives in ``params/``, one folder per layer, listed in order in
``params/layers.yaml``. Each YAML file maps parameter names to a description
and values keyed by the date they take effect, each with its legal reference
(the OpenFisca way)::

    publicity.min_working_days:
      description: 公示期最少工作日数
      values:
        2019-09-01:
          value: 5
          reference: 人社部令第40号《职称评审管理暂行规定》 评审结果公示

A value is in force from its date until the next date of the same parameter in
the same layer. A lower layer adds a parameter or overrides (tightens) one of a
higher layer: the most specific layer with a value in force on the date asked
wins, and the answer names that layer and its reference, so every decision can
cite where it came from. Another city is a new folder, not new code.
"""

from __future__ import annotations

import bisect
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ParameterFileError, ParameterNotInForce

PARAMS_DIR = Path(__file__).with_name("params")


@dataclass(frozen=True)
class Layer:
    """A jurisdiction layer (法规层级), e.g. ``kunming`` / 昆明市."""

    code: str
    name: str


@dataclass(frozen=True, eq=False)
class ParameterValue:
    """One value of a parameter, with where and since when it applies.

    Compared and hashed by identity: each value is loaded once, so derived
    objects can be cached per value.
    """

    name: str
    value: Any
    reference: str
    effective_from: datetime.date
    layer: Layer

    @property
    def source(self) -> str:
        """Layer and document, e.g. ``东川区 2022年6月6日通知 一(八)``."""
        return f"{self.layer.name} {self.reference}"


class ParameterSet:
    """All parameters of a chain of layers, answering "which value is in force"."""

    def __init__(self, layers: list[Layer], history: dict[str, list[tuple[list[datetime.date], list[ParameterValue]]]]):
        self.layers = tuple(layers)
        # name → per layer, most specific first: (sorted dates, values in the same order)
        self._history = history

    @classmethod
    def load(cls, root: Path = PARAMS_DIR) -> ParameterSet:
        """Read ``root/layers.yaml`` and every ``*.yaml`` file of each layer folder."""
        layers = [Layer(entry["code"], entry["name"]) for entry in _read_yaml(root / "layers.yaml")]
        history: dict[str, list[tuple[list[datetime.date], list[ParameterValue]]]] = {}
        for layer in reversed(layers):
            for path in sorted((root / layer.code).glob("*.yaml")):
                for name, spec in (_read_yaml(path) or {}).items():
                    values = _parse_values(name, spec, layer, path)
                    entries = history.setdefault(name, [])
                    if any(existing[1][0].layer == layer for existing in entries):
                        raise ParameterFileError(f"{path}: 参数“{name}”在{layer.name}层重复定义")
                    entries.append(([v.effective_from for v in values], values))
        return cls(layers, history)

    def find(self, name: str, on_date: datetime.date) -> ParameterValue | None:
        """The value of ``name`` in force on ``on_date``, or None if none is."""
        for dates, values in self._history.get(name, ()):
            index = bisect.bisect_right(dates, on_date) - 1
            if index >= 0:
                return values[index]
        return None

    def get(self, name: str, on_date: datetime.date) -> ParameterValue:
        """The value of ``name`` in force on ``on_date``; raises :class:`ParameterNotInForce`."""
        found = self.find(name, on_date)
        if found is None:
            raise ParameterNotInForce(name, on_date)
        return found

    def names(self, prefix: str = "") -> list[str]:
        """Sorted names of all parameters starting with ``prefix``."""
        return sorted(name for name in self._history if name.startswith(prefix))

    def all_values(self, name: str) -> list[ParameterValue]:
        """Every value of ``name`` in every layer (for validating the shipped data)."""
        return [value for _dates, values in self._history.get(name, ()) for value in values]


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except (OSError, yaml.YAMLError) as error:
        raise ParameterFileError(f"{path}: 无法读取参数文件（{error}）") from error


def _parse_values(name: str, spec: Any, layer: Layer, path: Path) -> list[ParameterValue]:
    if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict) or not spec["values"]:
        raise ParameterFileError(f"{path}: 参数“{name}”须有 values（按生效日期列出取值）")
    values = []
    for effective_from, entry in sorted(spec["values"].items()):
        if type(effective_from) is not datetime.date:
            raise ParameterFileError(f"{path}: 参数“{name}”的生效日期“{effective_from}”应为YYYY-MM-DD")
        if not isinstance(entry, dict) or "value" not in entry or not entry.get("reference"):
            raise ParameterFileError(f"{path}: 参数“{name}”{effective_from}的取值须有 value 和 reference")
        values.append(ParameterValue(name, entry["value"], entry["reference"], effective_from, layer))
    return values


@functools.cache
def default_parameters() -> ParameterSet:
    """The shipped parameters (国家, 云南省, 昆明市, 东川区), loaded once."""
    return ParameterSet.load()


def parameter(name: str, on_date: datetime.date) -> ParameterValue:
    """The shipped value of ``name`` in force on ``on_date`` (raises :class:`ParameterNotInForce`)."""
    return default_parameters().get(name, on_date)
