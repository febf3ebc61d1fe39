"""Pure business rules: standard library only, nothing runs at import time."""
