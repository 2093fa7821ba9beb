"""The pure core: time and hours engine, rules, case quality.

Nothing here imports a database, web or CLI library (an import-linter contract checks it).
"""
