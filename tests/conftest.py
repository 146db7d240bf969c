"""Shared helpers for the `vanban check` tests: small registries written to tmp_path."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from vanban.registry import Registry, parse_registry

# Property tests check behaviour, not speed: no per-example deadline, which a loaded shared CI
# machine would turn into random failures. (Speed is measured in benchmarks/.)
settings.register_profile("vanban", deadline=None)
settings.load_profile("vanban")

ROOT = Path(__file__).resolve().parent.parent
REAL_REGISTRY = ROOT / "data" / "registry.yaml"

#: A district UBND with drafting units, its province, two communes and a Party committee.
BASE_ISSUERS: dict[str, dict[str, Any]] = {
    "ubnd-tinh": {
        "name": "Ủy ban nhân dân tỉnh Quảng Ngãi", "short": "UBND tỉnh Quảng Ngãi", "abbr": "UBND", "level": "tỉnh",
    },
    "ubnd-huyen": {
        "name": "Ủy ban nhân dân huyện Bình Sơn", "short": "UBND huyện Bình Sơn", "abbr": "UBND", "level": "huyện",
        "parent": "ubnd-tinh", "units": ["VX", "TC"],
    },
    "ubnd-xa-an": {
        "name": "Ủy ban nhân dân xã Bình An", "short": "UBND xã Bình An", "abbr": "UBND", "level": "xã",
        "parent": "ubnd-huyen",
    },
    "ubnd-xa-chau": {
        "name": "Ủy ban nhân dân xã Bình Châu", "short": "UBND xã Bình Châu", "abbr": "UBND", "level": "xã",
        "parent": "ubnd-huyen",
    },
    "huyen-uy": {
        "name": "Huyện ủy Bình Sơn", "abbr": "HU", "level": "huyện", "branch": "đảng",
    },
}

PROGRAM = "giam-ngheo-2021-2025"


def _scalar(value: Any) -> str:
    # JSON scalars, lists and objects are valid YAML flow nodes; strings come out double-quoted.
    return json.dumps(value, ensure_ascii=False)


class RegistryBuilder:
    """Writes a registry YAML from a base of issuers plus the test's documents, and loads it."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.count = 0

    @staticmethod
    def doc(code: str, kind: str | None, date: str, issuer: str = "ubnd-huyen", **fields: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"code": code}
        if kind is not None:
            out["kind"] = kind
        out.update({"date": date, "issuer": issuer})
        out.update(fields)
        return out

    def text(
        self,
        documents: list[dict[str, Any]],
        *,
        issuers: dict[str, dict[str, Any] | None] | None = None,
        locality: dict[str, Any] | None = None,
    ) -> str:
        all_issuers = copy.deepcopy(BASE_ISSUERS)
        for key, fields in (issuers or {}).items():
            if fields is None:
                all_issuers.pop(key, None)
                continue
            merged = all_issuers.setdefault(key, {})
            for name, value in fields.items():
                if value is None:
                    merged.pop(name, None)
                else:
                    merged[name] = value
        loc: dict[str, Any] = {"name": "huyện Bình Sơn", "issuer": "ubnd-huyen", "programs": [PROGRAM]}
        loc.update(locality or {})
        lines = ["vanban: 1", "locality:"]
        lines += [f"  {k}: {_scalar(v)}" for k, v in loc.items()]
        lines.append("issuers:")
        for key, fields in all_issuers.items():
            lines.append(f"  {key}:")
            lines += [f"    {k}: {_scalar(v)}" for k, v in fields.items()]
        if not documents:
            lines.append("documents: []")
        else:
            lines.append("documents:")
            for document in documents:
                first = True
                for k, v in document.items():
                    lines.append(f"  {'- ' if first else '  '}{k}: {_scalar(v)}")
                    first = False
        return "\n".join(lines) + "\n"

    def write(self, documents: list[dict[str, Any]], **kwargs: Any) -> Path:
        self.count += 1
        path = self.tmp_path / f"registry-{self.count}.yaml"
        path.write_text(self.text(documents, **kwargs), encoding="utf-8")
        return path

    def load(self, documents: list[dict[str, Any]], **kwargs: Any) -> Registry:
        path = self.write(documents, **kwargs)
        return parse_registry(path.read_text(encoding="utf-8"), filename=str(path), path=path,
                              lenient_references=True)


@pytest.fixture(autouse=True, scope="session")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The cache of parsed registry files lives in the test session's folder, not the user's."""
    before = os.environ.get("VANBAN_CACHE_DIR")
    os.environ["VANBAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("vanban-cache"))
    yield
    if before is None:
        os.environ.pop("VANBAN_CACHE_DIR", None)
    else:
        os.environ["VANBAN_CACHE_DIR"] = before


@pytest.fixture
def build(tmp_path: Path) -> RegistryBuilder:
    return RegistryBuilder(tmp_path)


@pytest.fixture
def reg_copy(tmp_path: Path) -> Path:
    """A copy of the real data/registry.yaml to write to."""
    path = tmp_path / "registry.yaml"
    shutil.copyfile(REAL_REGISTRY, path)
    return path
