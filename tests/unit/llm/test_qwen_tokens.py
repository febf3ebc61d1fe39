"""Qwen token counts come from the vocabulary shipped in the dashscope wheel, offline."""

from __future__ import annotations

from bangwo.adapters.llm import qwen_tokens
from bangwo.domain.completions import Completion, ToolCall


def test_counts_match_dashscopes_own_qwen_tokenizer() -> None:
    from dashscope.tokenizers.qwen_tokenizer import QwenTokenizer

    reference = QwenTokenizer(str(qwen_tokens.vocabulary_file()))
    for text in ("帮我点一杯少糖少冰的珍珠奶茶", "订明天去上海的高铁，再订一晚外滩附近的酒店", '{"a": [1, 2]} hello'):
        assert qwen_tokens.encoding().encode(text) == reference.encode(text)
    assert qwen_tokens.encoding().encode("帮我点一杯少糖少冰的珍珠奶茶") == [
        108965, 27442, 107165, 82647, 100443, 82647, 100038, 9370, 109986, 112094]


def test_prompt_is_counted_as_chatml_with_the_tool_block() -> None:
    counter = qwen_tokens.QwenTokenCounter()
    messages = [{"role": "system", "content": "你是帮我"}, {"role": "user", "content": "你好"}]
    assert qwen_tokens.render_chatml(messages, []) == (
        "<|im_start|>system\n你是帮我<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n")
    assert counter.count_prompt(messages, []) == 16
    tool = {"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}
    assert counter.count_prompt(messages, [tool]) > counter.count_prompt(messages, []) + 50


def test_reply_counts_the_tool_call_as_qwen_writes_it() -> None:
    counter = qwen_tokens.QwenTokenCounter()
    reply = Completion(None, (ToolCall("c1", "ask_user", '{"question": "送到哪里？"}'),))
    assert counter.count_reply(reply) == counter.count_text(
        '<tool_call>\n{"name": "ask_user", "arguments": {"question": "送到哪里？"}}\n</tool_call><|im_end|>')
