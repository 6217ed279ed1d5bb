"""Citations and bibliographies, Qt-free: pandoc's citation syntax (``syntax``), its marks in
rendered blocks (``marks``), the formatter over citeproc-py (``formatter``), the service that
ties them to a document for the renderer (``service``), bibliography loading (``bibliography``),
the searchable reference index (``reference_index``), and the reference form's draft, saving and
front-matter editing (``entry_draft``, ``entry_store``, ``frontmatter_edit``), and the CSL style
repository with what a ``csl:`` value names (``styles``).

Private to this package, imported by nothing outside it: ``csl_layer``, ``csl_case``,
``csl_numbers`` and ``csl_text`` (our layer over citeproc-py) and ``bibformats`` (one reader,
and where we write, one writer, per file format).
"""

PUBLIC_MODULES = (
    "bibliography",
    "entry_draft",
    "entry_store",
    "formatter",
    "frontmatter_edit",
    "marks",
    "reference_index",
    "service",
    "styles",
    "syntax",
)
