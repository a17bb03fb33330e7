"""The app's texts: one module per language, each a TEXTS dict with the same keys."""
