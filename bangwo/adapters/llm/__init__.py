"""Language-model adapters: OpenAI-compatible HTTP, the scripted test server, the Qwen tokenizer."""
