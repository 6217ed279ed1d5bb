"""Finds the files under ``resources/`` whether running from a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# In a wheel the folder is installed as the package ``editor.data`` (see pyproject.toml);
# in a source checkout it is the top-level ``resources/`` beside the package.
_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "data",
    Path(__file__).resolve().parent.parent.parent / "resources",
)


@cache
def resources_dir() -> Path:
    """The folder holding the shipped resources."""
    for candidate in _CANDIDATES:
        if (candidate / "css" / "article.css").is_file():
            return candidate
    raise FileNotFoundError("Article Editor's resources folder is missing from the installation")


def resource_path(*parts: str) -> Path:
    """Path of one shipped resource, e.g. ``resource_path("css", "article.css")``."""
    return resources_dir().joinpath(*parts)


def read_resource(*parts: str) -> str:
    """Text of one shipped resource."""
    return resource_path(*parts).read_text(encoding="utf-8")
