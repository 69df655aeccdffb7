"""Random damage to valid files always ends in located problems, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.reading.loader import load_handbook
from generator.reading.problems import HandbookInvalid
from tests.conftest import REPO

SAMPLE = (REPO / "clients" / "dingsheng-beverage.yaml").read_text("utf-8")
SAMPLE_DATA = yaml.safe_load(SAMPLE)


def load_one(root: Path, content: bytes) -> None:
    """Load a handbook whose only client file is ``content``; problems must be located."""
    (root / "clients" / "dingsheng-beverage.yaml").write_bytes(content)
    try:
        load_handbook(root)
    except HandbookInvalid as exc:
        for problem in exc.problems:
            assert problem.path == "clients/dingsheng-beverage.yaml"
            for language in ("en", "zh"):
                message = problem.message.text(language)
                assert message and "Traceback" not in message
            text = str(problem)
            assert text.startswith("clients/dingsheng-beverage.yaml"), text


def scratch_handbook(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("prop")
    shutil.copytree(REPO / "industries", root / "industries")
    (root / "clients").mkdir()
    return root


def paths(data: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += paths(value, (*prefix, i))
    return found


ALL_PATHS = paths(SAMPLE_DATA)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.dates().map(str),
)


def replace(data: object, path: tuple, value: object, delete: bool) -> object:
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)  # type: ignore[arg-type]
    if rest:
        copy[head] = replace(copy[head], tuple(rest), value, delete)
    elif delete:
        del copy[head]
    else:
        copy[head] = value
    return copy


FAST = settings(
    max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(path=st.sampled_from(ALL_PATHS), value=ODD_VALUES, delete=st.booleans())
def test_changed_or_deleted_values(tmp_path_factory, path, value, delete) -> None:
    data = replace(SAMPLE_DATA, path, value, delete)
    load_one(
        scratch_handbook(tmp_path_factory), yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    )


@FAST
@given(cut=st.integers(min_value=0, max_value=len(SAMPLE.encode("utf-8"))))
def test_truncated_files(tmp_path_factory, cut) -> None:
    load_one(scratch_handbook(tmp_path_factory), SAMPLE.encode("utf-8")[:cut])


@FAST
@given(
    position=st.integers(min_value=0, max_value=len(SAMPLE.encode("utf-8")) - 1),
    noise=st.binary(min_size=1, max_size=8),
)
def test_random_bytes(tmp_path_factory, position, noise) -> None:
    raw = SAMPLE.encode("utf-8")
    load_one(scratch_handbook(tmp_path_factory), raw[:position] + noise + raw[position:])
