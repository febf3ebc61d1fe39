"""Outside suppliers: the HTTP adapter of the Supplier port and Standard Webhooks verification."""
