"""The HTTP service: create_app(settings) builds it; `bangwo serve` runs it with several workers."""
