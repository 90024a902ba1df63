"""Small pieces every app may use: Django and DRF only, no app imports.

Not ``academy/`` (the project wiring, which no app imports) and not an app.
"""
