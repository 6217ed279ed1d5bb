"""The Qt-free core, used by the window and the command line alike.

- Documents: front matter (``frontmatter``), block splitting (``blocks``), file reading and
  safe writing (``fileio``, ``source_text``, ``surrogates``), recovery files (``recovery``,
  ``processes``).
- Rendering: markdown to HTML block by block (``render``), in the preview's worker process
  (``render_process``); the highlighter's tokens (``md_syntax``), positions in UTF-16
  (``textpos``), word counts (``textstats``).
- Citations and bibliographies: the ``citations`` package.
- Spelling: which words to check (``spell_tokens``) and the checker over enchant
  (``spelling``).
- Writing tools: find and replace (``find``), the Format commands as text transformations
  (``formatting``), pasted HTML to markdown (``paste``), what a clicked link leads to
  (``links``).
- Output: HTML export (``export_html``), page setup for PDF (``page_setup``).
- The program around them: the log (``logs``), resources (``resources``), the desktop menu
  entry (``desktop_install``).

Nothing under this package imports Qt or shows anything: it returns results and raises errors
whose messages name the file and line; the GUI decides how to show them.
"""
