"""Plan of Action (POA): model, rules, writer, linter and paste text (pure)."""
