"""Proofreading in the core: spelling, the rules beyond it and the checker that runs them."""
