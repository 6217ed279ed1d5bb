"""The Qt desktop interface: windows, widgets and dialogs built on the Qt-free core."""
