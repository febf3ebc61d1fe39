"""Text -> frames: the embedded Chinese understanding engine (pure, offline, fast). Nothing runs at import."""
