"""The Qt desktop interface, built on the Qt-free core.

- The window and its wiring: ``app``, ``main_window``, ``actions`` (the menus),
  ``document_session`` (the open file), ``dialogs``, ``status``, ``window_placement``.
- Editing: ``editor_widget``, ``highlighter``, ``edit_menu``, ``find_bar``,
  ``format_actions`` and ``format_dialogs`` over ``text_regions``, ``paste``.
- The preview: ``preview_controller``, ``render_worker`` (the worker process), ``preview``
  (the web view), ``live_document`` (the rendering as the window knows it), ``edit_feed``,
  ``link_opener``, ``outline_panel``.
- Citations: the ``citations`` package (panel, completer, insertion, reference form).
- Spelling: ``spelling`` (the background pass) and ``proofreading_panel``.
- Export: ``export_actions``, ``pdf_export``, ``export_dialog``.
- Settings and views: ``settings`` (the typed preferences), ``preferences_dialog``,
  ``themes``, ``view_actions``, ``focus_mode``, ``word_goal``.
- Safety: ``recovery`` (autosave), ``file_watch``; help: ``shortcuts_dialog``,
  ``log_folder_action``.
- Measuring: ``trace`` (the opt-in trace benchmarks watch the window through).
"""
