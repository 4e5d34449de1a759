"""FastAPI JSON API under /api/: parse, call one service, render."""
