"""The case coach: read a case draft, lint it (findings, score, category, route, language)
and render it as the text to paste into Seller Central. Pure: no database, no CLI."""
