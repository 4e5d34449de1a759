"""The `confide` command: parse, call one service, render."""
