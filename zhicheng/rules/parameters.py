"""Dated parameters in jurisdiction layers (分层参数：国家 → 云南省 → 昆明市 → 东川区).

The data lives in ``params/``, one folder per layer; ``params/layers.yaml``
lists the layers as a tree (each names its parent). A decision is resolved in
one chain, from a layer up to 国家 (:meth:`ParameterSet.chain`). Each YAML file maps parameter names to a description
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
cite where it came from. A layer outside a chain (another city) never changes
that chain's answers. Another city is a new folder, not new code.
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
    parent: str | None = None
    region_code: str | None = None
    level: str | None = None  # the level of a committee seated there: province / city / district


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
    # False where the figure could not be checked against the document's text; then
    # ``unverified_reason`` says why, and administrators see it on one page before use.
    verified: bool = True
    unverified_reason: str = ""
    description: str = ""

    @functools.cached_property  # every check names its sources
    def source(self) -> str:
        """Layer and document, e.g. ``东川区 2022年6月6日通知 一(八)``."""
        return f"{self.layer.name} {self.reference}"


_DATES_LIMIT = 10_000  # dates whose values in force one chain remembers

# name → per layer, most specific first: (layer code, sorted dates, values in the same order)
_History = dict[str, list[tuple[str, list[datetime.date], list[ParameterValue]]]]


class InForce(dict):
    """The values of one chain in force on one date (and on every date up to the next change),
    by name (None where none is), each looked up the first time it is asked: a precheck asks
    some twenty names on one date.

    ``derived`` keeps what the rules work out from these values alone (e.g. a level's
    standard and conditions), for every date of the period: made once, as the values are."""

    __slots__ = ("_history", "_on_date", "derived")

    def __init__(self, history: _History, on_date: datetime.date):
        super().__init__()
        self._history, self._on_date = history, on_date
        self.derived: dict[Any, Any] = {}

    def __missing__(self, name: str) -> ParameterValue | None:
        found = None
        for _layer, dates, values in self._history.get(name, ()):
            index = bisect.bisect_right(dates, self._on_date) - 1
            if index >= 0:
                found = values[index]
                break
        self[name] = found
        return found


class ParameterSet:
    """The parameters of one chain of layers (e.g. 东川区 → 昆明市 → 云南省 → 国家),
    answering "which value is in force"; :meth:`chain` gives any other layer's chain
    of the same tree."""

    def __init__(self, tree: _Tree, chain: tuple[Layer, ...]):
        self._tree = tree
        self.layers = chain  # most general first, as listed
        codes = {layer.code for layer in chain}
        self._history: _History = {
            name: found
            for name, entries in tree.history.items()
            if (found := [entry for entry in entries if entry[0] in codes])
        }
        # every date on which a value of the chain takes effect: between two of them, the values
        # in force are the same, so the dates of one period share one table
        self._changes = sorted({day for entries in self._history.values() for _code, dates, _values in entries
                                for day in dates})
        self._periods: dict[int, InForce] = {}
        # date → the values in force on it, filled as they are asked: a precheck asks some
        # twenty, mostly for dates asked before; bounded, as the dates asked are not
        self._in_force: dict[datetime.date, InForce] = {}

    @classmethod
    def load(cls, root: Path = PARAMS_DIR) -> ParameterSet:
        """Read ``root/layers.yaml`` and every ``*.yaml`` file of each layer folder;
        the answer is the chain of the home layer (the last listed, unless one says ``home``)."""
        tree = _Tree.load(root)
        return tree.chain(tree.home)

    @property
    def jurisdiction(self) -> Layer:
        """The most specific layer of this chain."""
        return self.layers[-1]

    def chain(self, code: str) -> ParameterSet:
        """The chain of layer ``code`` (raises ``KeyError`` for an unknown code)."""
        return self._tree.chain(code)

    def all_layers(self) -> tuple[Layer, ...]:
        """Every layer of the tree, as listed."""
        return self._tree.layers

    @property
    def jurisdictions(self) -> dict[str, Layer]:
        """The layers a request may name as a committee's region or a workplace (those with a
        level), by code, as listed."""
        return self._tree.jurisdictions

    def layer_for_region(self, region_code: str) -> Layer | None:
        """The most specific layer whose division contains the region ``region_code``
        (行政区划代码 are hierarchical: 530113101 汤丹镇 lies in 530113 东川区, in
        530100 昆明市, in 530000 云南省), or None."""
        found = [
            (len(prefix), layer)
            for layer in self._tree.layers
            if layer.region_code and region_code.startswith(prefix := _division_prefix(layer.region_code))
        ]
        return max(found, key=lambda item: item[0])[1] if found else None

    def layer_of_level(self, level: str) -> Layer | None:
        """The layer of this chain seating committees of ``level`` (province / city / district)."""
        return next((layer for layer in self.layers if layer.level == level), None)

    def find(self, name: str, on_date: datetime.date) -> ParameterValue | None:
        """The value of ``name`` in force on ``on_date``, or None if none is."""
        return self.in_force(on_date)[name]

    def in_force(self, on_date: datetime.date) -> InForce:
        """The values in force on ``on_date``: ``in_force(day)[name]`` is ``find(name, day)``."""
        try:
            return self._in_force[on_date]
        except KeyError:
            if len(self._in_force) >= _DATES_LIMIT:
                self._in_force.clear()
            period = bisect.bisect_right(self._changes, on_date)
            found = self._periods.get(period)
            if found is None:
                found = self._periods[period] = InForce(self._history, self._changes[period - 1] if period else on_date)
            self._in_force[on_date] = found
            return found

    def get(self, name: str, on_date: datetime.date) -> ParameterValue:
        """The value of ``name`` in force on ``on_date``; raises :class:`ParameterNotInForce`."""
        found = self.find(name, on_date)
        if found is None:
            raise self.not_in_force(name, on_date)
        return found

    def not_in_force(self, name: str, on_date: datetime.date) -> ParameterNotInForce:
        """The error for ``name`` having no value in force on ``on_date`` in this chain, naming
        it as its file describes it in any layer of the tree (this chain has no value of it)."""
        description = next((values[0].description for _layer, _dates, values in self._tree.history.get(name, ())
                            if values[0].description), "")
        return ParameterNotInForce(name, on_date, description)

    def names(self, prefix: str = "") -> list[str]:
        """Sorted names of all parameters of this chain starting with ``prefix``."""
        return sorted(name for name in self._history if name.startswith(prefix))

    def unverified(self, on_date: datetime.date) -> list[ParameterValue]:
        """Every value in force on ``on_date`` in any layer of the tree that is marked unverified."""
        found = []
        for name, entries in sorted(self._tree.history.items()):
            for _layer, dates, values in entries:
                index = bisect.bisect_right(dates, on_date) - 1
                if index >= 0 and not values[index].verified:
                    found.append(values[index])
        return found

    def all_values(self, name: str) -> list[ParameterValue]:
        """Every value of ``name`` in every layer of this chain (for validating the shipped data)."""
        return [value for _layer, _dates, values in self._history.get(name, ()) for value in values]


class _Tree:
    """Every layer and every value read from the parameter folder."""

    def __init__(self, layers: list[Layer], home: str, history: _History):
        self.layers = tuple(layers)
        self.home = home
        self.history = history
        self.jurisdictions = {layer.code: layer for layer in self.layers if layer.level}
        self._chains: dict[str, ParameterSet] = {}

    @classmethod
    def load(cls, root: Path) -> _Tree:
        entries = _read_yaml(root / "layers.yaml")
        if not isinstance(entries, list) or not entries:
            raise ParameterFileError(f"{root / 'layers.yaml'}: 须按由总到分列出各层")
        layers: list[Layer] = []
        home = None
        for entry in entries:
            parent = entry.get("parent", layers[-1].code if layers else None)
            if parent is not None and parent not in {layer.code for layer in layers}:
                raise ParameterFileError(f"{root / 'layers.yaml'}: {entry.get('code')}的上级“{parent}”须先列出")
            region_code = entry.get("region_code")
            layers.append(
                Layer(entry["code"], entry["name"], parent, str(region_code) if region_code else None, entry.get("level"))
            )
            if entry.get("home"):
                home = entry["code"]
        history: _History = {}
        for layer in sorted(layers, key=lambda layer: -_depth(layer, layers)):  # most specific first
            for path in sorted((root / layer.code).glob("*.yaml")):
                for name, spec in (_read_yaml(path) or {}).items():
                    values = _parse_values(name, spec, layer, path)
                    found = history.setdefault(name, [])
                    if any(code == layer.code for code, _dates, _values in found):
                        raise ParameterFileError(f"{path}: 参数“{name}”在{layer.name}层重复定义")
                    found.append((layer.code, [v.effective_from for v in values], values))
        return cls(layers, home or layers[-1].code, history)

    def chain(self, code: str) -> ParameterSet:
        if code not in self._chains:
            by_code = {layer.code: layer for layer in self.layers}
            chain: list[Layer] = []
            layer: Layer | None = by_code[code]
            while layer is not None:
                chain.append(layer)
                layer = by_code.get(layer.parent) if layer.parent else None
            self._chains[code] = ParameterSet(self, tuple(reversed(chain)))
        return self._chains[code]


def _division_prefix(code: str) -> str:
    """530100 → 5301: a division code without the zero pairs of the levels below it."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def _depth(layer: Layer, layers: list[Layer]) -> int:
    by_code = {item.code: item for item in layers}
    depth = 0
    while layer.parent:
        layer, depth = by_code[layer.parent], depth + 1
    return depth


# libyaml's safe loader where PyYAML is built with it: the same values as yaml.safe_load, read
# several times faster (the parameters are read at the first decision of a process)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_SAFE_LOADER)
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
        verified = entry.get("verified", True)
        if verified is not True and (verified is not False or not entry.get("unverified_reason")):
            raise ParameterFileError(f"{path}: 参数“{name}”{effective_from}：verified: false 须有 unverified_reason")
        values.append(
            ParameterValue(
                name,
                entry["value"],
                entry["reference"],
                effective_from,
                layer,
                verified,
                entry.get("unverified_reason", ""),
                str(spec.get("description", "")),
            )
        )
    return values


@functools.cache
def default_parameters() -> ParameterSet:
    """The shipped parameters, loaded once: the home chain (国家 → 云南省 → 昆明市 → 东川区)."""
    return ParameterSet.load()


def parameter(name: str, on_date: datetime.date, jurisdiction: str | None = None) -> ParameterValue:
    """The shipped value of ``name`` in force on ``on_date`` in the chain of layer
    ``jurisdiction`` (default: the home layer); raises :class:`ParameterNotInForce`."""
    parameters = default_parameters()
    return (parameters.chain(jurisdiction) if jurisdiction else parameters).get(name, on_date)
