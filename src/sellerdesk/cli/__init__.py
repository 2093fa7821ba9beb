"""The command-line adapter: parse, call one service, render (zh-CN and English)."""
