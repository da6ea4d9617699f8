"""The only place mapping the model to tables (SQLAlchemy 2 Core; schema by Alembic migrations).

Modules: engine (open_engine), migrate (upgrade), tables, serial (model <-> JSON),
repo (documents, texts, search), analysis (mentions, incidents, reviews), custody (chain),
accounts (users, tokens, sessions).
"""
