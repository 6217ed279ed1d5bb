"""The Qt-free core: documents, markdown rendering, statistics and HTML export.

Nothing under this package imports Qt; the GUI and the command line both build on it.
"""
