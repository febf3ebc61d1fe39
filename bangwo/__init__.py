"""bangwo (帮我): one sentence in, a real errand done."""

__version__ = "0.1.0"
