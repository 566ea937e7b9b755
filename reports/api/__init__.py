"""The open-data API: read-only JSON of published programme data (Django REST framework)."""
