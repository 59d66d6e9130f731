"""Safe JSON encoding of the Agents SDK's state objects (dialog stacks, prompt options).

The SDK keeps dialog state as Python objects (``DialogState``, ``DialogInstance``,
``PromptOptions``, ``Activity`` …). Pickle would let anyone who can write the table run
code, so objects are encoded as tagged JSON and decoded only into classes from an
allow-list of module prefixes, without calling their constructors' side effects.
"""

from __future__ import annotations

import dataclasses
import importlib
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

TAG = "__type__"
ALLOWED_MODULE_PREFIXES = ("microsoft_agents.", "dialogs.")


class StateCodecError(ValueError):
    """State data that cannot be encoded or refers to a class outside the allow-list."""


def _qualname(obj: type) -> str:
    return f"{obj.__module__}:{obj.__qualname__}"


def encode(value: Any) -> Any:
    """Turn ``value`` into JSON-compatible data, tagging known object types."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise StateCodecError(f"state keys must be strings, got {type(key).__name__}")
            out[key] = encode(item)
        if TAG in out:
            return {TAG: "dict", "items": out}
        return out
    if isinstance(value, datetime):
        return {TAG: "datetime", "value": value.isoformat()}
    if isinstance(value, date):
        return {TAG: "date", "value": value.isoformat()}
    cls = type(value)
    if not cls.__module__.startswith(ALLOWED_MODULE_PREFIXES):
        raise StateCodecError(f"cannot store {cls.__module__}.{cls.__qualname__} in state")
    if isinstance(value, Enum):
        return {TAG: _qualname(cls), "enum": encode(value.value)}
    if isinstance(value, BaseModel):
        return {
            TAG: _qualname(cls),
            "model": value.model_dump(mode="json", by_alias=True, exclude_none=True),
        }
    if dataclasses.is_dataclass(value):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {TAG: _qualname(cls), "fields": fields}
    if hasattr(value, "__dict__"):
        return {TAG: _qualname(cls), "attrs": encode(dict(vars(value)))}
    raise StateCodecError(f"cannot encode {cls.__qualname__}")


def _resolve(name: str) -> type:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith(ALLOWED_MODULE_PREFIXES) or not qualname:
        raise StateCodecError(f"class not allowed in state: {name!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise StateCodecError(f"unknown module in state: {name!r}") from exc
    obj: Any = module
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            raise StateCodecError(f"unknown class in state: {name!r}")
    # Only the class's own, canonical name (what encode() writes) is accepted: no class
    # imported into an allowed module from elsewhere, nothing reached through attributes.
    if not isinstance(obj, type) or _qualname(obj) != name:
        raise StateCodecError(f"class not allowed in state: {name!r}")
    return obj


def decode(data: Any) -> Any:
    """Inverse of :func:`encode`."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    tag = data.get(TAG)
    if tag is None:
        return {k: decode(v) for k, v in data.items()}
    if tag == "dict":
        return {k: decode(v) for k, v in data["items"].items()}
    if tag == "datetime":
        return datetime.fromisoformat(data["value"])
    if tag == "date":
        return date.fromisoformat(data["value"])
    cls = _resolve(str(tag))
    if "enum" in data and issubclass(cls, Enum):
        return cls(decode(data["enum"]))
    if "model" in data and issubclass(cls, BaseModel):
        return cls.model_validate(data["model"])
    if "fields" in data and dataclasses.is_dataclass(cls):
        return cls(**{k: decode(v) for k, v in data["fields"].items()})
    if "attrs" in data:
        obj: Any = object.__new__(cls)
        obj.__dict__.update({k: decode(v) for k, v in data["attrs"].items()})
        return obj
    raise StateCodecError(f"malformed state entry for {tag!r}")
