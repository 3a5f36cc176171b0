"""Starts the admin panel and the partner portal for the support team."""

from admin.app import app
from portal import create_app


def serve_admin():
    app.run(port=8080, debug=True)  # expect: SW113


def serve_portal():
    portal = create_app()
    portal.run(port=8081, debug=True)  # expect: SW113
