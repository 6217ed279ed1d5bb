"""The citation panel and its companions: the panel itself, the ``@`` completer and key
tooltips, citation insertion, the reference form, the library service that loads a document's
bibliographies in a thread, and the bibliography file actions."""
