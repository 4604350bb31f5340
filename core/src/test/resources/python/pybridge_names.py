"""Python side of the name-mapping tests: snake_case names, and camelCase ones spelled as Java does."""
from dataclasses import dataclass
from typing import TypedDict


@dataclass
class Conversion:
    amount: float
    from_unit: str
    to_unit: str


class ConversionDict(TypedDict):
    amount: float
    from_unit: str
    to_unit: str


class Plain:
    def __init__(self, amount, from_unit, to_unit):
        self.amount = amount
        self.from_unit = from_unit
        self.to_unit = to_unit


def dataclass_of(amount, from_unit, to_unit):
    return Conversion(amount, from_unit, to_unit)


def typed_dict_of(amount, from_unit, to_unit):
    return ConversionDict(amount=amount, from_unit=from_unit, to_unit=to_unit)


def plain_of(amount, from_unit, to_unit):
    return Plain(amount, from_unit, to_unit)


def keys(value):
    return sorted(value)


def echo(value):
    return value


def convert(amount, *, from_unit, to_unit):
    return f'{amount} {from_unit}->{to_unit}'


def legacy(amount, *, fromUnit, toUnit):
    return f'{amount} {fromUnit}->{toUnit} (legacy)'


def anything(**kwargs):
    return sorted(kwargs)
