"""Package discovery: every package under ``editor/``, and ``resources/`` as ``editor.data``.

The rest of the build's configuration is in pyproject.toml, which cannot express both: automatic
discovery, and one tree of data that lives outside ``editor/`` (``package-dir`` maps it).
"""

from setuptools import find_namespace_packages, find_packages, setup

# Each folder of resources/ is a data package of its own, so setuptools ships every file in it
# and finds nothing "importable but absent from the packages".
DATA = ["editor.data", *(f"editor.data.{name}" for name in find_namespace_packages("resources"))]

setup(
    packages=[*find_packages(include=["editor", "editor.*"]), *DATA],
    package_data={package: ["*"] for package in DATA},
)
