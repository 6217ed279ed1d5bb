"""Proofreading in the window: the spelling controller and the Problems panel."""
