"""The REST API (``/api/v1``) and the app factory :func:`sellerdesk.api.app.create_app`."""
