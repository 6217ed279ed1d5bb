"""Review marks (CriticMarkup): parsing them and resolving them (accept, reject, show)."""
